/* The serial line as a Unix terminal: the device files (/dev/console, /dev/ttyS0 and /dev/tty,
 * which names the caller's controlling terminal), blocking reads with Linux's canonical and
 * VMIN/VTIME rules, writes, poll, the terminal ioctls, and job control: which session the
 * terminal controls, which of its process groups is in the foreground, and the SIGTTIN/SIGTTOU
 * a background group gets for touching it. The line discipline itself is fs/tty_ldisc.c. */
#include "tty_internal.h"
#include "file.h"
#include "fs.h"
#include "poll.h"
#include "proc.h"
#include "serial.h"
#include "ktime.h"
#include "ksignal.h"
#include "kstring.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/signal.h"

/* The device numbers Linux gives the terminals. */
#define DEV_TTY     dev_make(5, 0)
#define DEV_CONSOLE dev_make(5, 1)

static struct tty serial_tty = {
    .termios = {
        .c_iflag = ICRNL | IXON,
        .c_oflag = OPOST | ONLCR,
        .c_cflag = B38400 | CS8 | CREAD | HUPCL,
        .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
        .c_cc = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, [VEOF] = 4,
                  [VMIN] = 1, [VSTART] = 17, [VSTOP] = 19, [VSUSP] = 26, [VREPRINT] = 18,
                  [VWERASE] = 23, [VLNEXT] = 22, [VDISCARD] = 15 },
    },
    /* A serial line has no size until someone sets one (stty), so Linux reports 0 x 0. */
    .put = serial_putb,
};

void tty_init(void)
{
    serial_enable_rx_interrupt();
    pic_unmask(4);
}

void tty_serial_interrupt(void)
{
    int c;
    while ((c = serial_getc_nonblock()) >= 0)
        ldisc_receive(&serial_tty, (u8)c);
}

/* Every terminal file is the serial line: /dev/tty can only name it, being the only tty. */
struct tty *tty_of_file(struct file *f) { return &serial_tty; }

/* ---- sessions and job control ---- */

void tty_set_ctty(struct process *p, struct tty *t)
{
    t->session = p->sid;
    t->pgrp = p->pgid;
    p->ctty = t;
}

void tty_session_lose(struct tty *t)
{
    for (struct process *p = proc_first(); p; p = p->next_proc)
        if (p->ctty == t)
            p->ctty = NULL;
    t->session = t->pgrp = 0;
}

void tty_session_leader_exit(struct process *p)
{
    struct tty *t = p->ctty;
    if (!t || !tty_session_leader(p) || t->session != p->sid)
        return;
    if (t->pgrp)
        signal_send_group(t->pgrp, SIGHUP, NULL);
    tty_session_lose(t);
}

static bool ignored_or_blocked(struct process *p, int sig)
{
    return (p->main_thread->blocked & sigbit(sig)) ||
           p->sighand->action[sig - 1].handler == SIG_IGN_VALUE;
}

int tty_job_control(struct tty *t, int sig)
{
    struct process *p = current_proc();
    if (p->ctty != t || !t->pgrp || p->pgid == t->pgrp)
        return 0;
    if (ignored_or_blocked(p, sig))
        return sig == SIGTTIN ? -EIO : 0;
    if (pgrp_is_orphaned(p->pgid))
        return -EIO;
    signal_send_group(p->pgid, sig, NULL);
    return -ERESTARTSYS;
}

/* Linux's rule for opening a terminal: a session leader without one gets it as its controlling
 * terminal, unless O_NOCTTY, the terminal already has a session, it is opened for writing only,
 * or it was opened as /dev/console or /dev/tty. */
static int tty_open(struct file *f, u32 flags)
{
    struct tty *t = tty_of_file(f);
    u32 rdev = f->inode->rdev;
    if (rdev == DEV_CONSOLE)
        return 0;
    struct process *p = current_proc();
    if (rdev == DEV_TTY)
        return p->ctty ? 0 : -ENXIO;
    if (!(flags & O_NOCTTY) && tty_session_leader(p) && !p->ctty && !t->session &&
        (flags & O_ACCMODE) != O_WRONLY)
        tty_set_ctty(p, t);
    return 0;
}

/* ---- reading ---- */

/* Copies what the line discipline hands out into the user's buffer at done. */
static long take_input(struct tty *t, uptr buf, size_t done, size_t len, bool *line_done)
{
    char chunk[256];
    u64 flags = irq_save();
    size_t n = ldisc_take(t, chunk, MIN(len - done, sizeof(chunk)), line_done);
    irq_restore(flags);
    if (n && copy_to_user(uptr_add(buf, done), chunk, n))
        return -EFAULT;
    return (long)n;
}

static int wait_input(struct tty *t, struct file *f, u64 deadline)
{
    if (ldisc_readable(t))
        return 0;
    if (f->flags & O_NONBLOCK)
        return -EAGAIN;
    return wait_event(&t->read_wait, ldisc_readable(t) != 0, deadline, SLEEP_INTERRUPTIBLE);
}

/* One line at most, and as much of it as fits; an end of file on an empty line reads 0. */
static long read_canonical(struct tty *t, struct file *f, uptr buf, size_t len)
{
    size_t done = 0;
    bool line_done = false;
    while (done < len && !line_done) {
        if (!done) {
            int err = wait_input(t, f, NO_DEADLINE);
            if (err)
                return err;
        }
        long n = take_input(t, buf, done, len, &line_done);
        if (n < 0)
            return done ? (long)done : n;
        if (!n && !line_done && done)
            break;
        done += (size_t)n;
    }
    return (long)done;
}

/* Raw mode, POSIX's four cases: VMIN bytes with no timer, VMIN bytes with VTIME between them,
 * VTIME for the first byte, or whatever is there now. */
static long read_raw(struct tty *t, struct file *f, uptr buf, size_t len)
{
    size_t vmin = t->termios.c_cc[VMIN];
    u64 vtime = t->termios.c_cc[VTIME] * 100000000ull;
    size_t want = MIN(vmin ? vmin : 1, len);
    u64 deadline = vmin || !vtime ? NO_DEADLINE : ktime_ns() + vtime;
    size_t done = 0;
    bool line_done;
    for (;;) {
        long n = take_input(t, buf, done, len, &line_done);
        if (n < 0)
            return done ? (long)done : n;
        done += (size_t)n;
        if (done >= want || (!vmin && !vtime))
            return (long)done;
        if (vmin && vtime && n)
            deadline = ktime_ns() + vtime;      /* the timer runs between bytes */
        int err = wait_input(t, f, deadline);
        if (err == -ETIMEDOUT)
            return (long)done;
        if (err)
            return done ? (long)done : err;
    }
}

/* Linux exempts /dev/console from the job-control checks of reads and writes (not of the
 * ioctls): whoever holds the console may always use it. */
static bool job_controlled_io(struct file *f) { return f->inode->rdev != DEV_CONSOLE; }

static long tty_read(struct file *f, uptr buf, size_t len, u64 *pos)
{
    struct tty *t = tty_of_file(f);
    int err = job_controlled_io(f) ? tty_job_control(t, SIGTTIN) : 0;
    if (err)
        return err;
    if (!len)
        return 0;
    if (t->termios.c_lflag & ICANON)
        return read_canonical(t, f, buf, len);
    return read_raw(t, f, buf, len);
}

/* ---- writing ---- */

/* Like Linux's tty layer, copies in chunks of up to 2 KiB, each all or nothing: a chunk that
 * faults ends the write with what went before it, or -EFAULT. Output stopped by TCXONC waits. */
static long tty_write(struct file *f, uptr buf, size_t len, u64 *pos)
{
    struct tty *t = tty_of_file(f);
    if ((t->termios.c_lflag & TOSTOP) && job_controlled_io(f)) {
        int err = tty_job_control(t, SIGTTOU);
        if (err)
            return err;
    }
    char chunk[2048];
    for (size_t done = 0; done < len; ) {
        int err = wait_event(&t->write_wait, !t->output_stopped, NO_DEADLINE, SLEEP_INTERRUPTIBLE);
        if (err)
            return done ? (long)done : err;
        size_t n = MIN(len - done, sizeof(chunk));
        if (copy_from_user(chunk, uptr_add(buf, done), n))
            return done ? (long)done : -EFAULT;
        ldisc_output(t, chunk, n);
        done += n;
    }
    return (long)len;
}

/* Readable as a read would see it: a whole line in canonical mode; in raw mode VMIN bytes
 * when there is no timer, else one (Linux's rule for poll). */
static unsigned tty_poll(struct file *f, struct poll_table *pt)
{
    struct tty *t = tty_of_file(f);
    if (pt)
        poll_wait(pt, &t->read_wait);
    u32 need = 1;
    if (!(t->termios.c_lflag & ICANON) && !t->termios.c_cc[VTIME] && t->termios.c_cc[VMIN])
        need = t->termios.c_cc[VMIN];
    unsigned events = POLLOUT | POLLWRNORM;
    if (ldisc_readable(t) >= need)
        events |= POLLIN | POLLRDNORM;
    return events;
}

const struct file_ops tty_ops = {
    .open = tty_open, .read = tty_read, .write = tty_write, .ioctl = tty_ioctl, .poll = tty_poll,
};
