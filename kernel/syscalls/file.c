/* Descriptor I/O: read, write and their vector and positional forms, lseek, close, the dup
 * family, fcntl, ioctl, getdents64 and fstat. Each handler looks the descriptor up with the
 * rights it needs (a descriptor lacking them is EBADF, as Linux answers for a file not opened
 * that way) and calls a core function that works on the open file. */
#include "syscalls.h"
#include "lock.h"
#include "fs.h"
#include "kmalloc.h"
#include "kstring.h"
#include "pipe.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"
#include "uapi/uio.h"
#include "uapi/dirent.h"
#include "uapi/termios.h"
#include "uapi/limits.h"

/* Linux's rw_verify_area: the position, and the position plus the count the caller asked for
 * (before any clamping), must stay within the signed file offset range. */
static bool position_ok(u64 pos, size_t count)
{
    return (s64)pos >= 0 && (s64)(pos + count) >= 0;
}

/* One transfer in Linux's order: a file that cannot do it is EINVAL, then the whole buffer must
 * be user memory, then the position is checked and the count clamped. A device may then ignore
 * the buffer entirely (/dev/null). */
static long kern_rw(struct file *f, uptr buf, size_t count, u64 *pos, bool write)
{
    long (*op)(struct file *, uptr, size_t, u64 *) = write ? f->ops->write : f->ops->read;
    if (!op)
        return -EINVAL;
    if (!user_range_ok(buf.addr, count))
        return -EFAULT;
    if (!position_ok(*pos, count))
        return -EINVAL;
    return op(f, buf, MIN(count, MAX_RW_COUNT), pos);
}

long sys_read(int fd, uptr buf, size_t count)
{
    struct file *f = fd_get(current_files(), fd, RIGHT_READ);
    return f ? kern_rw(f, buf, count, &f->pos, false) : -EBADF;
}

long sys_write(int fd, uptr buf, size_t count)
{
    struct file *f = fd_get(current_files(), fd, RIGHT_WRITE);
    return f ? kern_rw(f, buf, count, &f->pos, true) : -EBADF;
}

/* The calls with an explicit position (pread64, pwrite64, preadv, pwritev) check it first, then
 * the descriptor, then that the file can seek, in Linux's order. 0 or -errno. */
static long positional_file(int fd, long pos, bool write, struct file **out)
{
    if (pos < 0)
        return -EINVAL;
    struct file *f = fd_get(current_files(), fd, write ? RIGHT_WRITE : RIGHT_READ);
    if (!f)
        return -EBADF;
    if (!f->ops->seekable)
        return -ESPIPE;
    *out = f;
    return 0;
}

static long kern_positional(int fd, uptr buf, size_t count, long pos, bool write)
{
    struct file *f;
    long err = positional_file(fd, pos, write, &f);
    u64 p = (u64)pos;
    return err ? err : kern_rw(f, buf, count, &p, write);
}

long sys_pread64(int fd, uptr buf, size_t count, long pos)
{
    return kern_positional(fd, buf, count, pos, false);
}

long sys_pwrite64(int fd, uptr buf, size_t count, long pos)
{
    return kern_positional(fd, buf, count, pos, true);
}

/* Copies in and checks an iovec array in Linux's order: at most UIO_MAXIOV entries, then no
 * negative length anywhere (EINVAL), then every buffer inside user space (EFAULT); lengths are
 * clamped so the total stays within MAX_RW_COUNT. Returns the entry count. */
static long import_iovec(uptr vec, unsigned long vlen, struct iovec **out)
{
    if (vlen > UIO_MAXIOV)
        return -EINVAL;
    struct iovec *iov = kmalloc(MAX(vlen, 1) * sizeof(*iov));
    if (!iov)
        return -ENOMEM;
    if (copy_from_user(iov, vec, vlen * sizeof(*iov))) {
        kfree(iov);
        return -EFAULT;
    }
    long err = 0;
    for (unsigned long i = 0; i < vlen && !err; i++)
        if ((s64)iov[i].iov_len < 0)
            err = -EINVAL;
    size_t total = 0;
    for (unsigned long i = 0; i < vlen && !err; i++) {
        if (!user_range_ok(iov[i].iov_base.addr, iov[i].iov_len))
            err = -EFAULT;
        iov[i].iov_len = MIN(iov[i].iov_len, MAX_RW_COUNT - total);
        total += iov[i].iov_len;
    }
    if (err) {
        kfree(iov);
        return err;
    }
    *out = iov;
    return (long)vlen;
}

/* Transfers segment by segment; a short transfer or an error after some bytes ends the call
 * with the bytes done, as Linux reports partial vector I/O. */
static long kern_rw_vector(struct file *f, uptr vec, unsigned long vlen, bool write, u64 *pos)
{
    struct iovec *iov;
    long count = import_iovec(vec, vlen, &iov);
    if (count < 0)
        return count;
    vlen = (unsigned long)count;
    size_t total = 0;
    for (unsigned long i = 0; i < vlen; i++)
        total += iov[i].iov_len;
    if (total == 0) {
        kfree(iov);     /* Linux returns before calling the file when there is nothing to move */
        return 0;
    }
    long done = 0;
    for (unsigned long i = 0; i < vlen; i++) {
        uptr base = iov[i].iov_base;
        size_t len = MIN(iov[i].iov_len, MAX_RW_COUNT - done);
        long n = kern_rw(f, base, len, pos, write);
        if (n < 0) {
            done = done ? done : n;
            break;
        }
        done += n;
        if ((size_t)n < len || done >= (long)MAX_RW_COUNT)
            break;
    }
    kfree(iov);
    return done;
}

long sys_readv(int fd, uptr vec, unsigned long vlen)
{
    struct file *f = fd_get(current_files(), fd, RIGHT_READ);
    return f ? kern_rw_vector(f, vec, vlen, false, &f->pos) : -EBADF;
}

long sys_writev(int fd, uptr vec, unsigned long vlen)
{
    struct file *f = fd_get(current_files(), fd, RIGHT_WRITE);
    return f ? kern_rw_vector(f, vec, vlen, true, &f->pos) : -EBADF;
}

/* On 64-bit Linux the offset is pos_l alone; pos_h exists for 32-bit callers. */
static long kern_prw_vector(int fd, uptr vec, unsigned long vlen, unsigned long pos_l, bool write)
{
    struct file *f;
    long err = positional_file(fd, (long)pos_l, write, &f);
    u64 pos = pos_l;
    return err ? err : kern_rw_vector(f, vec, vlen, write, &pos);
}

long sys_preadv(int fd, uptr vec, unsigned long vlen, unsigned long pos_l, unsigned long pos_h)
{
    return kern_prw_vector(fd, vec, vlen, pos_l, false);
}

long sys_pwritev(int fd, uptr vec, unsigned long vlen, unsigned long pos_l, unsigned long pos_h)
{
    return kern_prw_vector(fd, vec, vlen, pos_l, true);
}

long sys_lseek(int fd, long offset, unsigned int whence)
{
    struct file *f = fd_get(current_files(), fd, RIGHT_SEEK);
    if (!f)
        return -EBADF;
    if (!f->ops->seekable)
        return -ESPIPE;
    if (whence > SEEK_HOLE)
        return -EINVAL;
    if (f->ops->llseek)
        return f->ops->llseek(f, offset, whence);
    if (S_ISDIR(f->inode->mode) && whence != SEEK_SET && whence != SEEK_CUR)
        return -EINVAL;     /* a directory position is a cookie: only SET and CUR mean anything */
    s64 base, target;
    switch (whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = (s64)f->pos; break;
    case SEEK_END: base = S_ISREG(f->inode->mode) ? (s64)f->inode->size : 0; break;
    default:
        /* Holes are the pages never written; the end of the file counts as one. */
        target = whence == SEEK_DATA ? ramfs_seek_data(f->inode, (u64)offset)
                                     : ramfs_seek_hole(f->inode, (u64)offset);
        if (target >= 0)
            f->pos = (u64)target;
        return target;
    }
    if (__builtin_add_overflow(base, offset, &target) || target < 0)
        return -EINVAL;
    f->pos = (u64)target;
    return target;
}

long sys_close(int fd)
{
    return fd_close(current_files(), fd);
}

static long dup_to(int oldfd, int newfd, bool cloexec)
{
    struct fd_slot *s = fd_slot(current_files(), oldfd);
    if (!s)
        return -EBADF;
    if (oldfd == newfd)
        return newfd;
    return fd_install_at(current_files(), newfd, s->file, s->rights, cloexec, current_nofile_limit());
}

long sys_dup(unsigned int fildes)
{
    struct fd_slot *s = fd_slot(current_files(), (int)fildes);
    if (!s || fildes > INT32_MAX)
        return -EBADF;
    return fd_install(current_files(), s->file, s->rights, false, 0, current_nofile_limit());
}

long sys_dup2(unsigned int oldfd, unsigned int newfd)
{
    if (oldfd > INT32_MAX || newfd > INT32_MAX)
        return -EBADF;
    return dup_to((int)oldfd, (int)newfd, false);
}

long sys_dup3(unsigned int oldfd, unsigned int newfd, int flags)
{
    if (flags & ~O_CLOEXEC)
        return -EINVAL;
    if (oldfd == newfd)
        return -EINVAL;
    if (oldfd > INT32_MAX || newfd > INT32_MAX)
        return -EBADF;
    return dup_to((int)oldfd, (int)newfd, flags & O_CLOEXEC);
}

#define SETFL_MASK (O_APPEND | O_NONBLOCK | O_ASYNC | O_DIRECT | O_NOATIME)
#define F_SETOWN 8
#define F_GETOWN 9
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032

/* What an O_PATH descriptor may do with fcntl; anything else is EBADF, as on Linux. */
static bool fcntl_allowed_on_path(unsigned int cmd)
{
    return cmd == F_DUPFD || cmd == F_DUPFD_CLOEXEC || cmd == F_GETFD || cmd == F_SETFD ||
           cmd == F_GETFL;
}

/* F_SETFL: only the status flags change. RAM files and the console have no direct I/O; on a
 * pipe or FIFO, O_DIRECT is packet mode. */
static long fcntl_setfl(struct file *f, unsigned long arg)
{
    if ((arg & O_DIRECT) && !S_ISFIFO(f->inode->mode))
        return -EINVAL;
    f->flags = (f->flags & ~SETFL_MASK) | (arg & SETFL_MASK);
    return 0;
}

/* F_SETOWN names the process (or, negative, the group) to signal for this file; the only one
 * that exists is init. */
static long fcntl_setown(struct file *f, long who)
{
    if (who != 0 && who != current_proc()->pid && -who != current_proc()->pid)
        return -ESRCH;
    f->owner = (int)who;
    return 0;
}

long sys_flock(int fd, unsigned int cmd)
{
    struct file *f = fd_get(current_files(), fd, 0);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    return kern_flock(f, cmd);
}

long sys_fcntl(int fd, unsigned int cmd, unsigned long arg)
{
    struct fd_slot *s = fd_slot(current_files(), fd);
    if (!s || !(s->rights & RIGHT_FCNTL))
        return -EBADF;
    if ((s->file->flags & O_PATH) && !fcntl_allowed_on_path(cmd))
        return -EBADF;
    switch (cmd) {
    case F_DUPFD:
    case F_DUPFD_CLOEXEC:
        if (arg >= (unsigned long)current_nofile_limit())
            return -EINVAL;
        return fd_install(current_files(), s->file, s->rights, cmd == F_DUPFD_CLOEXEC, (int)arg,
                          current_nofile_limit());
    case F_GETFD:
        return s->cloexec ? FD_CLOEXEC : 0;
    case F_SETFD:
        s->cloexec = arg & FD_CLOEXEC;
        return 0;
    case F_GETFL:
        return s->file->flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
    case F_SETFL:
        return fcntl_setfl(s->file, arg);
    case F_GETOWN:
        return s->file->owner;
    case F_SETOWN:
        return fcntl_setown(s->file, (int)arg);
    case F_GETLK: case F_SETLK: case F_SETLKW:
        return kern_fcntl_lock(s->file, cmd, uptr_of(arg));
    case F_GETPIPE_SZ: case F_SETPIPE_SZ:
        return pipe_fcntl(s->file, cmd, arg);   /* -EBADF when not a pipe */
    default:
        return -EINVAL;
    }
}

/* ioctls every descriptor answers, before the file's own (Linux's do_vfs_ioctl). */
#define FIONCLEX 0x5450
#define FIOCLEX  0x5451
#define FIONBIO  0x5421
#define FIOASYNC 0x5452
#define FIOQSIZE 0x5460
#define FIGETBSZ 2

/* Answers the generic requests about a file's size and blocks; -ENOIOCTLCMD for the rest. */
static long ioctl_file_size(struct file *f, unsigned int cmd, uptr arg)
{
    struct inode *ino = f->inode;
    switch (cmd) {
    case FIGETBSZ:
        return put_user((int)4096, arg);
    case FIOQSIZE:      /* the bytes the file occupies, as stat's st_blocks counts them */
        if (!S_ISREG(ino->mode) && !S_ISDIR(ino->mode) && !S_ISLNK(ino->mode))
            return -ENOTTY;
        return put_user((s64)(ramfs_blocks(ino) * 512), arg);
    case FIONREAD:
        if (!S_ISREG(ino->mode))
            return -ENOIOCTLCMD;    /* the file's own answer, e.g. the console's */
        return put_user((int)(ino->size - f->pos), arg);
    default:
        return -ENOIOCTLCMD;
    }
}

/* FIOASYNC turns on signal-driven I/O, which only the console could offer; turning it off is
 * always fine. */
static long ioctl_async(struct file *f, uptr arg)
{
    int on;
    if (get_user(on, arg))
        return -EFAULT;
    if (on && !f->ops->ioctl)
        return -ENOTTY;
    f->flags = on ? f->flags | O_ASYNC : f->flags & ~O_ASYNC;
    return 0;
}

long sys_ioctl(int fd, unsigned int cmd, unsigned long arg)
{
    struct fd_slot *s = fd_slot(current_files(), fd);
    if (!s || !(s->rights & RIGHT_IOCTL))
        return -EBADF;
    switch (cmd) {
    case FIOCLEX: s->cloexec = true; return 0;
    case FIONCLEX: s->cloexec = false; return 0;
    case FIONBIO: {
        int on;
        if (get_user(on, uptr_of(arg)))
            return -EFAULT;
        s->file->flags = on ? s->file->flags | O_NONBLOCK : s->file->flags & ~O_NONBLOCK;
        return 0;
    }
    case FIOASYNC:
        return ioctl_async(s->file, uptr_of(arg));
    }
    long ret = ioctl_file_size(s->file, cmd, uptr_of(arg));
    if (ret != -ENOIOCTLCMD)
        return ret;
    return s->file->ops->ioctl ? s->file->ops->ioctl(s->file, cmd, arg) : -ENOTTY;
}

long sys_fstat(int fd, uptr statbuf)
{
    struct file *f = fd_get(current_files(), fd, RIGHT_STAT);
    if (!f)
        return -EBADF;
    struct stat st;
    inode_fill_stat(f->inode, &st);
    return copy_to_user(statbuf, &st, sizeof(st));
}

/* getdents64 copies each record straight to the caller's buffer, so a buffer that runs into
 * unmapped memory gets the records that fit before it (Linux's behaviour). A record's d_off is
 * the position after it: the iterator stands exactly there when it offers the next entry or
 * stops, and that is when the previous record's d_off is written. */
struct dirent_sink {
    uptr buf;
    size_t size, used;
    const u64 *pos;
    uptr last;              /* the previous record, whose d_off is still to be written */
    bool have_last, too_small, fault;
};

static bool finish_last(struct dirent_sink *sink)
{
    if (!sink->have_last)
        return true;
    s64 off = (s64)*sink->pos;
    return copy_to_user(uptr_add(sink->last, offsetof(struct linux_dirent64, d_off)), &off, sizeof(off)) == 0;
}

static int emit_dirent(void *ctx, const char *name, size_t len, u64 ino, unsigned dtype)
{
    struct dirent_sink *sink = ctx;
    size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
    u8 rec[ALIGN_UP(offsetof(struct linux_dirent64, d_name) + NAME_MAX + 1, 8)];
    if (sink->used + reclen > sink->size) {
        sink->too_small = sink->used == 0;
        return 1;
    }
    struct linux_dirent64 *d = (struct linux_dirent64 *)rec;
    memset(rec, 0, reclen);
    d->d_ino = ino;
    d->d_reclen = (u16)reclen;
    d->d_type = (u8)dtype;
    memcpy(d->d_name, name, len);
    uptr at = uptr_add(sink->buf, sink->used);
    if (!finish_last(sink) || copy_to_user(at, rec, reclen)) {
        sink->fault = true;
        return 1;
    }
    sink->used += reclen;
    sink->last = at;
    sink->have_last = true;
    return 0;
}

static long kern_getdents(struct file *f, uptr dirent, size_t count)
{
    if (!S_ISDIR(f->inode->mode))
        return -ENOTDIR;
    struct dirent_sink sink = { .buf = dirent, .size = count, .pos = &f->pos };
    long err = fs_iterate(f->inode, &f->pos, emit_dirent, &sink);
    if (err)
        return err;
    if (!sink.fault && !finish_last(&sink))
        sink.fault = true;
    if (sink.used)
        return (long)sink.used;
    return sink.fault ? -EFAULT : sink.too_small ? -EINVAL : 0;
}

long sys_getdents64(int fd, uptr dirent, unsigned int count)
{
    /* Any descriptor opened for I/O may ask (an O_PATH one is EBADF); what is not a directory is
     * ENOTDIR, as Linux answers. */
    struct file *f = fd_get(current_files(), fd, 0);
    if (!f || (f->flags & O_PATH))
        return -EBADF;
    if (!S_ISDIR(f->inode->mode))
        return -ENOTDIR;
    if (!user_range_ok(dirent.addr, count))
        return -EFAULT;
    return kern_getdents(f, dirent, count);
}
