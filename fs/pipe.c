/* Pipes and named FIFOs. A pipe is a ring of buffers, each one page holding the bytes of one or
 * more writes; both ends are open files whose inode points at the pipe (an anonymous inode for
 * pipe(2), the FIFO's own inode for a named one). Writers wait on wr_wait for a free buffer,
 * readers on rd_wait for data; each side wakes the other after it changes the ring, and a
 * closing end wakes both so that readers see end of file and writers see EPIPE.
 *
 * The layout follows Linux's, because programs can observe it: the capacity is counted in
 * buffers (F_GETPIPE_SZ reports buffers times the page size), a write of at most PIPE_BUF
 * bytes goes into one buffer (which makes it atomic), and a short write may top up the newest
 * buffer when it fits there. In packet mode (O_DIRECT) every buffer is one message: a read
 * returns at most one, and what it does not take of it is dropped. */
#include "pipe.h"
#include "file.h"
#include "fs.h"
#include "kwait.h"
#include "kmalloc.h"
#include "kstring.h"
#include "page.h"
#include "poll.h"
#include "proc.h"
#include "ksignal.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"
#include "uapi/termios.h"

#define PIPE_PAGE       4096u
#define PIPE_DEF_SLOTS  16u             /* 64 KiB, Linux's default */
#define PIPE_MAX_SIZE   (1u << 20)      /* what an unprivileged F_SETPIPE_SZ may ask (pipe-max-size) */

struct pipe_buf {
    void *page;
    u32 offset, len;        /* the unread bytes: page[offset .. offset + len) */
    bool packet;            /* written in packet mode: read as one message, never topped up */
};

struct pipe {
    struct pipe_buf *bufs;
    u32 slots;              /* ring size, a power of two */
    u32 head, tail;         /* free-running indices: buffers tail .. head - 1 hold data */
    u32 readers, writers;   /* open files that read / write (an O_RDWR FIFO file counts twice) */
    u32 files;              /* open files attached; the last one to go frees the pipe */
    u32 r_counter, w_counter;   /* opens for reading / writing so far: FIFO opens wait for a change */
    struct waitq rd_wait, wr_wait;
    bool anonymous;         /* pipe(2): the inode goes away with the pipe */
};

static const struct file_ops pipe_ops;

static struct pipe *pipe_of(struct file *f) { return f->inode->fifo.pipe; }
static bool file_reads(const struct file *f) { return (f->flags & O_ACCMODE) != O_WRONLY; }
static bool file_writes(const struct file *f) { return (f->flags & O_ACCMODE) != O_RDONLY; }
static bool pipe_empty(const struct pipe *p) { return p->head == p->tail; }
static bool pipe_full(const struct pipe *p) { return p->head - p->tail >= p->slots; }
static struct pipe_buf *ring_at(struct pipe *p, u32 index) { return &p->bufs[index & (p->slots - 1)]; }

static struct pipe *pipe_alloc(void)
{
    struct pipe *p = kzalloc(sizeof(*p));
    if (!p)
        return NULL;
    p->bufs = kzalloc(PIPE_DEF_SLOTS * sizeof(*p->bufs));
    if (!p->bufs) {
        kfree(p);
        return NULL;
    }
    p->slots = PIPE_DEF_SLOTS;
    p->r_counter = p->w_counter = 1;
    waitq_init(&p->rd_wait);
    waitq_init(&p->wr_wait);
    return p;
}

static void pipe_free(struct pipe *p)
{
    for (u32 i = p->tail; i != p->head; i++)
        page_put(ring_at(p, i)->page);
    kfree(p->bufs);
    kfree(p);
}

static u32 pipe_bytes(struct pipe *p)
{
    u32 n = 0;
    for (u32 i = p->tail; i != p->head; i++)
        n += ring_at(p, i)->len;
    return n;
}

/* ---- reading ---- */

/* Moves up to len bytes of the oldest buffer to the user; frees the buffer once empty (or
 * once read at all, for a packet). Returns the bytes moved or -EFAULT (nothing consumed);
 * *message_end tells the caller a packet ended the read. */
static long take_from_oldest(struct pipe *p, uptr buf, size_t len, bool *message_end)
{
    struct pipe_buf *b = ring_at(p, p->tail);
    u32 n = (u32)MIN((size_t)b->len, len);
    if (copy_to_user(buf, (u8 *)b->page + b->offset, n))
        return -EFAULT;
    b->offset += n;
    b->len = b->packet ? 0 : b->len - n;
    *message_end = b->packet;
    if (b->len == 0) {
        page_put(b->page);
        *b = (struct pipe_buf){ 0 };
        p->tail++;
        wake_up(&p->wr_wait);
    }
    return n;
}

/* Returns what is there (at most len), waiting only while the pipe is empty and has writers.
 * End of file (no writers) comes before O_NONBLOCK's EAGAIN, as on Linux. */
static long pipe_read(struct file *f, uptr buf, size_t len, u64 *pos)
{
    struct pipe *p = pipe_of(f);
    long done = 0;
    if (len == 0)
        return 0;
    for (;;) {
        if (!pipe_empty(p)) {
            bool message_end = false;
            long n = take_from_oldest(p, uptr_add(buf, done), len - done, &message_end);
            if (n < 0)
                return done ? done : n;
            done += n;
            if (message_end || (size_t)done == len)
                return done;
            continue;
        }
        if (!p->writers || done)
            return done;
        if (f->flags & O_NONBLOCK)
            return -EAGAIN;
        int err = wait_event(&p->rd_wait, !pipe_empty(p) || !p->writers, NO_DEADLINE,
                             SLEEP_INTERRUPTIBLE);
        if (err)
            return err;
    }
}

/* ---- writing ---- */

/* A write with no reader left: EPIPE, and SIGPIPE to the writing thread. */
static long broken_pipe(void)
{
    struct process *me = current_proc();
    struct ksiginfo info = { .signo = SIGPIPE, .code = SI_USER, .pid = me->pid, .uid = (int)me->uid };
    signal_send_thread(current_thread(), SIGPIPE, &info);
    return -EPIPE;
}

/* The part of a write beyond whole pages goes into the newest buffer when it fits there, so a
 * stream of small writes fills pages instead of taking one buffer each. Returns the bytes
 * added (0 when it does not fit) or -EFAULT. */
static long top_up_newest(struct pipe *p, uptr buf, size_t len)
{
    size_t chars = len & (PIPE_PAGE - 1);
    if (chars == 0 || pipe_empty(p))
        return 0;
    struct pipe_buf *b = ring_at(p, p->head - 1);
    if (b->packet || b->offset + b->len + chars > PIPE_PAGE)
        return 0;
    if (copy_from_user((u8 *)b->page + b->offset + b->len, buf, chars))
        return -EFAULT;
    b->len += (u32)chars;
    return (long)chars;
}

/* Fills a new buffer with up to a page of the caller's bytes: the count, -ENOMEM or -EFAULT. */
static long fill_new_buffer(struct pipe *p, uptr buf, size_t len, bool packet)
{
    void *page = page_alloc();
    if (!page)
        return -ENOMEM;
    u32 n = (u32)MIN(len, (size_t)PIPE_PAGE);
    if (copy_from_user(page, buf, n)) {
        page_put(page);
        return -EFAULT;
    }
    *ring_at(p, p->head) = (struct pipe_buf){ .page = page, .len = n, .packet = packet };
    p->head++;
    wake_up(&p->rd_wait);
    return n;
}

/* Writes everything, waiting for free buffers as needed; an error or a signal after some
 * bytes returns that count. A write of at most PIPE_BUF bytes lands in one buffer at once. */
static long pipe_write(struct file *f, uptr buf, size_t len, u64 *pos)
{
    struct pipe *p = pipe_of(f);
    if (len == 0)
        return 0;
    if (!p->readers)
        return broken_pipe();
    long done = top_up_newest(p, buf, len);
    if (done > 0)
        wake_up(&p->rd_wait);
    while (done >= 0 && (size_t)done < len) {
        long err;
        if (!p->readers)
            err = broken_pipe();
        else if (!pipe_full(p))
            err = fill_new_buffer(p, uptr_add(buf, done), len - done, f->flags & O_DIRECT);
        else if (f->flags & O_NONBLOCK)
            err = -EAGAIN;
        else
            err = wait_event(&p->wr_wait, !pipe_full(p) || !p->readers, NO_DEADLINE,
                             SLEEP_INTERRUPTIBLE);
        if (err < 0)
            return done ? done : err;
        done += err;
    }
    if (done > 0) {
        fs_now(&f->inode->mtime);
        f->inode->ctime = f->inode->mtime;
    }
    return done;
}

/* ---- poll, ioctl, release ---- */

/* A reader hangs up (POLLHUP) once no writer is left, except that a FIFO reader opened with
 * O_NONBLOCK before any writer waits to see one come and go: f->pos (unused, pipes have no
 * position) keeps the writer count it opened with. A write end without readers reports
 * POLLERR, as Linux does for pipes and FIFOs alike. */
static unsigned pipe_poll(struct file *f, struct poll_table *pt)
{
    struct pipe *p = pipe_of(f);
    unsigned mask = 0;
    if (file_reads(f)) {
        poll_wait(pt, &p->rd_wait);
        if (!pipe_empty(p))
            mask |= POLLIN | POLLRDNORM;
        if (!p->writers && f->pos != p->w_counter)
            mask |= POLLHUP;
    }
    if (file_writes(f)) {
        poll_wait(pt, &p->wr_wait);
        if (!pipe_full(p))
            mask |= POLLOUT | POLLWRNORM;
        if (!p->readers)
            mask |= POLLERR;
    }
    return mask;
}

static long pipe_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
    if (cmd != FIONREAD)
        return -ENOTTY;
    return put_user((int)pipe_bytes(pipe_of(f)), uptr_of(arg));
}

static void pipe_release(struct file *f)
{
    struct pipe *p = pipe_of(f);
    if (file_reads(f))
        p->readers--;
    if (file_writes(f))
        p->writers--;
    wake_up(&p->rd_wait);
    wake_up(&p->wr_wait);
    if (--p->files)
        return;
    f->inode->fifo.pipe = NULL;
    /* An anonymous inode shows nlink 1 while in use, as Linux's pipefs does; with the pipe
     * gone nothing can reach it, and file_put's inode_put after this frees it. */
    if (p->anonymous)
        f->inode->nlink = 0;
    pipe_free(p);
}

static const struct file_ops pipe_ops = {
    .read = pipe_read, .write = pipe_write, .ioctl = pipe_ioctl, .poll = pipe_poll,
    .release = pipe_release, .seekable = false,
};

/* ---- creating and opening ---- */

static struct file *pipe_file(struct inode *ino, u32 flags)
{
    struct file *f = kzalloc(sizeof(*f));
    if (!f)
        return NULL;
    *f = (struct file){ .ops = &pipe_ops, .inode = ino, .flags = flags, .refs = 1 };
    inode_get(ino);
    ino->fifo.pipe->files++;
    return f;
}

/* The anonymous inode shows nlink 1 while the pipe lives, as Linux's pipefs does; the last
 * end's release sets it to 0 so that the inode_put after it frees the inode. */
int pipe_create(u32 flags, struct file **rd, struct file **wr)
{
    struct pipe *p = pipe_alloc();
    struct inode *ino = p ? ramfs_new_unnamed(S_IFIFO | 0600) : NULL;
    if (!ino) {
        if (p)
            pipe_free(p);
        return -ENOMEM;
    }
    ino->nlink = 1;
    ino->uid = current_proc()->euid;
    ino->gid = current_proc()->egid;
    ino->fifo.pipe = p;
    p->anonymous = true;
    p->readers = p->writers = 1;
    flags &= O_NONBLOCK | O_DIRECT;
    *rd = pipe_file(ino, O_RDONLY | flags);
    *wr = *rd ? pipe_file(ino, O_WRONLY | flags) : NULL;
    if (!*wr && *rd) {
        file_put(*rd);          /* as the last end, it frees the pipe */
        *rd = NULL;
    } else if (!*wr) {
        ino->fifo.pipe = NULL;
        pipe_free(p);
        ino->nlink = 0;
    }
    inode_put(ino);             /* the creator's reference: the files hold their own */
    return *wr ? 0 : -ENOMEM;
}

/* Sleeps until *counter moves (the other kind of end was opened): 0 or -ERESTARTSYS. */
static int wait_for_partner(struct pipe *p, u32 *counter)
{
    u32 seen = *counter;
    return wait_event(&p->rd_wait, *counter != seen, NO_DEADLINE, SLEEP_INTERRUPTIBLE);
}

int fifo_open(struct inode *ino, u32 flags, struct file **out)
{
    u32 acc = flags & O_ACCMODE;
    struct pipe *p = ino->fifo.pipe;
    if (acc == O_ACCMODE)
        return -EINVAL;
    if (acc == O_WRONLY && (flags & O_NONBLOCK) && (!p || !p->readers))
        return -ENXIO;
    if (!p && !(p = ino->fifo.pipe = pipe_alloc()))
        return -ENOMEM;
    struct file *f = pipe_file(ino, flags);
    if (!f) {
        if (!p->files) {
            ino->fifo.pipe = NULL;
            pipe_free(p);
        }
        return -ENOMEM;
    }
    if (file_reads(f))
        p->readers++, p->r_counter++;
    if (file_writes(f))
        p->writers++, p->w_counter++;
    wake_up(&p->rd_wait);       /* opens waiting for this partner */
    int err = 0;
    if (acc == O_RDONLY && !p->writers) {
        if (flags & O_NONBLOCK)
            f->pos = p->w_counter;
        else
            err = wait_for_partner(p, &p->w_counter);
    } else if (acc == O_WRONLY && !p->readers) {
        err = wait_for_partner(p, &p->r_counter);
    }
    if (err) {
        file_put(f);
        return err;
    }
    *out = f;
    return 0;
}

/* ---- F_GETPIPE_SZ / F_SETPIPE_SZ ---- */

/* Moves the buffers to a ring of new_slots entries, oldest first at index 0. */
static long pipe_resize(struct pipe *p, u32 new_slots)
{
    u32 used = p->head - p->tail;
    if (new_slots < used)
        return -EBUSY;
    struct pipe_buf *bufs = kzalloc(new_slots * sizeof(*bufs));
    if (!bufs)
        return -ENOMEM;
    for (u32 i = 0; i < used; i++)
        bufs[i] = *ring_at(p, p->tail + i);
    kfree(p->bufs);
    p->bufs = bufs;
    p->slots = new_slots;
    p->tail = 0;
    p->head = used;
    wake_up(&p->wr_wait);
    return (long)new_slots * PIPE_PAGE;
}

/* F_SETPIPE_SZ rounds up to a power-of-two number of pages (at least one); above 2 GiB is
 * EINVAL, and growing past pipe-max-size needs privilege (CAP_SYS_RESOURCE: root here). */
static long pipe_set_size(struct pipe *p, unsigned long arg)
{
    if (arg > (1ul << 31))
        return -EINVAL;
    u64 size = PIPE_PAGE;
    while (size < arg)
        size <<= 1;
    u32 slots = (u32)(size / PIPE_PAGE);
    if (slots > p->slots && size > PIPE_MAX_SIZE && current_proc()->euid != 0)
        return -EPERM;
    return pipe_resize(p, slots);
}

long pipe_fcntl(struct file *f, unsigned cmd, unsigned long arg)
{
    if (f->ops != &pipe_ops)
        return -EBADF;
    if (cmd == F_GETPIPE_SZ)
        return (long)pipe_of(f)->slots * PIPE_PAGE;
    return pipe_set_size(pipe_of(f), arg);
}
