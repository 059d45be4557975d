/* Open files and descriptor tables. */
#include "file.h"
#include "fs.h"
#include "lock.h"
#include "proc.h"
#include "kmalloc.h"
#include "kstring.h"
#include "pipe.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"

/* Page-sized chunks so that a fault in the user buffer ends the transfer with the bytes done
 * (Linux's short count) rather than -EFAULT for all of it. */
static long regular_transfer(struct file *f, uptr buf, size_t len, u64 *pos, bool write)
{
    size_t done = 0;
    while (done < len) {
        uptr at = uptr_add(buf, done);
        size_t chunk = user_chunk(at, len - done);
        long n = write ? ramfs_write_user(f->inode, at, chunk, *pos)
                       : ramfs_read_user(f->inode, at, chunk, *pos);
        if (n < 0)
            return done ? (long)done : n;
        done += n;
        *pos += n;
        if ((size_t)n < chunk)
            break;
    }
    return (long)done;
}

static long regular_read(struct file *f, uptr buf, size_t len, u64 *pos)
{
    return regular_transfer(f, buf, len, pos, false);
}

static long regular_write(struct file *f, uptr buf, size_t len, u64 *pos)
{
    if (f->flags & O_APPEND)
        *pos = f->inode->size;
    return regular_transfer(f, buf, len, pos, true);
}

static long dir_read(struct file *f, uptr buf, size_t len, u64 *pos) { return -EISDIR; }

/* RAM files and directories are the only copy there is: nothing waits to be written back. */
static int ram_fsync(struct file *f) { return 0; }

static const struct file_ops regular_ops = {
    .read = regular_read, .write = regular_write, .fsync = ram_fsync, .seekable = true,
};
static const struct file_ops dir_ops = { .read = dir_read, .fsync = ram_fsync, .seekable = true };
/* O_PATH descriptors name a file without opening it for I/O: the rights mask allows only stat,
 * fcntl and lookups, so no operation is ever called through these ops. */
static const struct file_ops path_ops = { .seekable = false };

static int fdtable_grow(struct fdtable *t, int need);

struct fdtable *fdtable_create(void)
{
    struct fdtable *t = kzalloc(sizeof(struct fdtable));
    if (t)
        t->refs = 1;
    return t;
}

struct fdtable *fdtable_clone(struct fdtable *t)
{
    struct fdtable *c = fdtable_create();
    if (!c)
        return NULL;
    if (t->size && fdtable_grow(c, t->size - 1)) {
        kfree(c);
        return NULL;
    }
    for (int fd = 0; fd < t->size; fd++) {
        c->slots[fd] = t->slots[fd];
        if (c->slots[fd].file)
            c->slots[fd].file->refs++;
    }
    return c;
}

void fdtable_put(struct fdtable *t)
{
    if (--t->refs)
        return;
    fdtable_close_all(t);
    kfree(t->slots);
    kfree(t);
}

void fdtable_close_on_exec(struct fdtable *t)
{
    for (int fd = 0; fd < t->size; fd++)
        if (t->slots[fd].file && t->slots[fd].cloexec)
            fd_close(t, fd);
}

void file_put(struct file *f)
{
    if (--f->refs)
        return;
    if (f->ops->release)
        f->ops->release(f);
    locks_release_flock(f);
    inode_put(f->inode);
    kfree(f->path);
    kfree(f);
}

static const struct file_ops *ops_for(struct inode *ino)
{
    switch (ino->mode & S_IFMT) {
    case S_IFREG: return &regular_ops;
    case S_IFDIR: return &dir_ops;
    case S_IFCHR: return chrdev_ops(ino->rdev);
    default: return NULL;
    }
}

/* A file of a filesystem with its own open (procfs), which chooses the operations. */
static int open_by_fs(struct inode *ino, u32 flags, struct file **out)
{
    struct file *f = kzalloc(sizeof(*f));
    if (!f)
        return -ENOMEM;
    *f = (struct file){ .ops = S_ISDIR(ino->mode) ? &dir_ops : NULL, .inode = ino,
                        .flags = flags & ~O_NOCTTY, .refs = 1 };
    int err = ino->sb->type->open(f);
    if (err) {
        kfree(f);
        return err;
    }
    inode_get(ino);
    *out = f;
    return 0;
}

int file_open_inode(struct inode *ino, u32 flags, struct file **out)
{
    if (ino->sb->type->open)
        return open_by_fs(ino, flags, out);
    if (S_ISFIFO(ino->mode))
        return fifo_open(ino, flags, out);
    const struct file_ops *ops = ops_for(ino);
    if (!ops)
        return -ENXIO;      /* no driver for the device, or a socket (not yet supported) */
    struct file *f = kzalloc(sizeof(*f));
    if (!f)
        return -ENOMEM;
    *f = (struct file){ .ops = ops, .inode = ino, .flags = flags & ~O_NOCTTY, .refs = 1 };
    inode_get(ino);
    int err = ops->open ? ops->open(f, flags) : 0;
    if (err) {
        file_put(f);
        return err;
    }
    *out = f;
    return 0;
}

int file_open_path(struct inode *ino, u32 flags, struct file **out)
{
    struct file *f = kzalloc(sizeof(*f));
    if (!f)
        return -ENOMEM;
    /* What F_GETFL reports for O_PATH: no access mode, no O_LARGEFILE, as on Linux. */
    *f = (struct file){ .ops = &path_ops, .inode = ino, .flags = flags & (O_PATH | O_DIRECTORY | O_NOFOLLOW), .refs = 1 };
    inode_get(ino);
    *out = f;
    return 0;
}

u32 file_rights_for(const struct file *f)
{
    u32 r = RIGHT_STAT | RIGHT_FCNTL | RIGHT_IOCTL | RIGHT_SEEK;
    u32 acc = f->flags & O_ACCMODE;
    if (f->flags & O_PATH)
        return RIGHT_STAT | RIGHT_FCNTL | RIGHT_LOOKUP;
    if (acc == O_RDONLY || acc == O_RDWR)
        r |= RIGHT_READ | RIGHT_MMAP;
    if (acc == O_WRONLY || acc == O_RDWR)
        r |= RIGHT_WRITE;
    if (S_ISDIR(f->inode->mode))
        r |= RIGHT_LOOKUP;
    return r;
}

static int fdtable_grow(struct fdtable *t, int need)
{
    int size = t->size ? t->size : 16;
    while (size <= need)
        size *= 2;
    struct fd_slot *slots = kzalloc(size * sizeof(*slots));
    if (!slots)
        return -ENOMEM;
    if (t->slots)
        memcpy(slots, t->slots, t->size * sizeof(*slots));
    kfree(t->slots);
    t->slots = slots;
    t->size = size;
    return 0;
}

struct fd_slot *fd_slot(struct fdtable *t, int fd)
{
    if (fd < 0 || fd >= t->size || !t->slots[fd].file)
        return NULL;
    return &t->slots[fd];
}

struct file *fd_get(struct fdtable *t, int fd, u32 rights)
{
    struct fd_slot *s = fd_slot(t, fd);
    if (unlikely(!s || (s->rights & rights) != rights))
        return NULL;
    return s->file;
}

int fd_install_at(struct fdtable *t, int fd, struct file *f, u32 rights, bool cloexec, int limit)
{
    if (fd < 0 || fd >= limit)
        return -EBADF;
    if (fd >= t->size && fdtable_grow(t, fd))
        return -ENOMEM;
    struct file *old = t->slots[fd].file;
    f->refs++;
    t->slots[fd] = (struct fd_slot){ f, rights, cloexec };
    if (old)
        file_put(old);
    return fd;
}

int fd_install(struct fdtable *t, struct file *f, u32 rights, bool cloexec, int min_fd, int limit)
{
    if (min_fd < 0 || min_fd >= limit)
        return -EINVAL;
    for (int fd = min_fd; fd < limit; fd++)
        if (fd >= t->size || !t->slots[fd].file)
            return fd_install_at(t, fd, f, rights, cloexec, limit);
    return -EMFILE;
}

int fd_close(struct fdtable *t, int fd)
{
    struct fd_slot *s = fd_slot(t, fd);
    if (!s)
        return -EBADF;
    struct file *f = s->file;
    *s = (struct fd_slot){ 0 };
    /* POSIX: closing any descriptor of a file drops the process's record locks on it. */
    if (f->inode && f->inode->locks)
        locks_release_posix(f->inode, current_proc()->pid);
    file_put(f);
    return 0;
}

void fdtable_close_all(struct fdtable *t)
{
    for (int fd = 0; fd < t->size; fd++)
        if (t->slots[fd].file)
            fd_close(t, fd);
}

void inode_fill_stat(const struct inode *ino, struct stat *st)
{
    memset(st, 0, sizeof(*st));
    st->st_dev = ino->sb->dev;
    st->st_ino = ino->ino;
    st->st_nlink = ino->nlink;
    st->st_mode = ino->mode;
    st->st_uid = ino->uid;
    st->st_gid = ino->gid;
    st->st_rdev = ino->rdev;
    st->st_size = (s64)ino->size;
    st->st_blksize = 4096;
    st->st_blocks = (s64)ramfs_blocks(ino);     /* pages really held, so holes cost nothing */
    st->st_atim = ino->atime;
    st->st_mtim = ino->mtime;
    st->st_ctim = ino->ctime;
}
