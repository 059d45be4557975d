/* Calls that change or report a file's attributes and its filesystem: chmod, chown and the
 * utimes family in all their forms, truncate and ftruncate, statfs and fstatfs, and the sync
 * family.
 *
 * No permission checks are made yet: whatever the caller's ids, nothing is refused for lack of
 * ownership or permission bits, as for root. The rules Linux applies even to root (set-ID bits
 * lost on chown, ftruncate needing a descriptor open for writing, ...) are kept. Only ramfs
 * inodes take attribute changes; procfs's refuse them with EPERM (Linux allows some). Descriptor forms refuse O_PATH descriptors with
 * EBADF, as Linux's fdget does, except fstatfs, which Linux allows on them. */
#include "syscalls.h"
#include "fscalls.h"
#include "fs.h"
#include "mm.h"
#include "kstring.h"
#include "uapi/fcntl.h"
#include "uapi/limits.h"
#include "uapi/mount.h"
#include "uapi/stat.h"
#include "uapi/statfs.h"
#include "uapi/time.h"

/* Any descriptor but an O_PATH one, which names a file without opening it; NULL means EBADF. */
static struct file *fd_get_open(int fd)
{
    struct file *f = fd_get(current_files(), fd, 0);
    return f && !(f->flags & O_PATH) ? f : NULL;
}

/* ---- permissions and owners ---- */

long kern_chmod(struct inode *ino, u32 mode)
{
    if (!inode_is_ramfs(ino))
        return -EPERM;
    ino->mode = (ino->mode & S_IFMT) | (mode & S_IALLUGO);
    fs_now(&ino->ctime);
    return 0;
}

long sys_fchmodat(int dfd, uptr filename, unsigned int mode)
{
    struct inode *ino;
    long err = lookup_user_path(dfd, filename, LOOKUP_FOLLOW, false, &ino);
    return err ? err : kern_chmod(ino, mode);
}

long sys_chmod(uptr filename, unsigned int mode)
{
    return sys_fchmodat(AT_FDCWD, filename, mode);
}

/* Linux lets any open descriptor change the mode, even a read-only one. */
long sys_fchmod(int fd, unsigned int mode)
{
    struct file *f = fd_get_open(fd);
    return f ? kern_chmod(f->inode, mode) : -EBADF;
}

long kern_chown(struct inode *ino, u32 uid, u32 gid)
{
    if (!inode_is_ramfs(ino))
        return -EPERM;
    if (uid != (u32)-1)
        ino->uid = uid;
    if (gid != (u32)-1)
        ino->gid = gid;
    /* Any chown of a non-directory, even by root to the same ids, drops set-user-ID, and
     * set-group-ID where it comes with group execute (without it, it marks mandatory locking). */
    if (!S_ISDIR(ino->mode)) {
        ino->mode &= ~S_ISUID;
        if ((ino->mode & (S_ISGID | S_IXGRP)) == (S_ISGID | S_IXGRP))
            ino->mode &= ~S_ISGID;
    }
    fs_now(&ino->ctime);
    return 0;
}

long sys_fchownat(int dfd, uptr filename, unsigned int user, unsigned int group, int flag)
{
    if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct inode *ino;
    long err = lookup_user_path(dfd, filename, (flag & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
                                flag & AT_EMPTY_PATH, &ino);
    return err ? err : kern_chown(ino, user, group);
}

long sys_chown(uptr filename, unsigned int user, unsigned int group)
{
    return sys_fchownat(AT_FDCWD, filename, user, group, 0);
}

long sys_lchown(uptr filename, unsigned int user, unsigned int group)
{
    return sys_fchownat(AT_FDCWD, filename, user, group, AT_SYMLINK_NOFOLLOW);
}

long sys_fchown(int fd, unsigned int user, unsigned int group)
{
    struct file *f = fd_get_open(fd);
    return f ? kern_chown(f->inode, user, group) : -EBADF;
}

/* ---- times ---- */

static bool nsec_valid(s64 nsec)
{
    return nsec == UTIME_NOW || nsec == UTIME_OMIT || (nsec >= 0 && nsec <= 999999999);
}

static void set_time(struct timespec *field, const struct timespec *want, struct timespec now)
{
    if (!want || want->tv_nsec == UTIME_NOW)
        *field = now;
    else if (want->tv_nsec != UTIME_OMIT)
        *field = *want;
}

long kern_utimens(struct inode *ino, const struct timespec *times)
{
    if (times && (!nsec_valid(times[0].tv_nsec) || !nsec_valid(times[1].tv_nsec)))
        return -EINVAL;
    if (!inode_is_ramfs(ino))
        return -EPERM;
    struct timespec now;
    fs_now(&now);
    set_time(&ino->atime, times ? &times[0] : NULL, now);
    set_time(&ino->mtime, times ? &times[1] : NULL, now);
    ino->ctime = now;
    return 0;
}

/* What utimensat, futimesat, utimes and utime share. A NULL path with a descriptor other than
 * AT_FDCWD sets that open file's times (futimens), and then takes no flags; with AT_FDCWD it
 * is an ordinary bad path (EFAULT). The times are checked after the lookup, as on Linux. */
static long utimes_at(int dfd, uptr filename, const struct timespec *times, int flags)
{
    if (uptr_is_null(filename) && dfd != AT_FDCWD) {
        if (flags)
            return -EINVAL;
        struct file *f = fd_get_open(dfd);
        return f ? kern_utimens(f->inode, times) : -EBADF;
    }
    if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct inode *ino;
    long err = lookup_user_path(dfd, filename, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
                                flags & AT_EMPTY_PATH, &ino);
    return err ? err : kern_utimens(ino, times);
}

long sys_utimensat(int dfd, uptr filename, uptr utimes, int flags)
{
    struct timespec times[2];
    if (uptr_is_null(utimes))
        return utimes_at(dfd, filename, NULL, flags);
    if (copy_from_user(times, utimes, sizeof(times)))
        return -EFAULT;
    /* Nothing to change: Linux returns before looking at the path or the flags. */
    if (times[0].tv_nsec == UTIME_OMIT && times[1].tv_nsec == UTIME_OMIT)
        return 0;
    return utimes_at(dfd, filename, times, flags);
}

/* Microsecond times; UTIME_NOW and UTIME_OMIT have no meaning here and fail the range check. */
long sys_futimesat(int dfd, uptr filename, uptr utimes)
{
    struct timeval tv[2];
    struct timespec times[2];
    if (uptr_is_null(utimes))
        return utimes_at(dfd, filename, NULL, 0);
    if (copy_from_user(tv, utimes, sizeof(tv)))
        return -EFAULT;
    for (int i = 0; i < 2; i++) {
        if (tv[i].tv_usec < 0 || tv[i].tv_usec >= 1000000)
            return -EINVAL;
        times[i] = (struct timespec){ tv[i].tv_sec, tv[i].tv_usec * 1000 };
    }
    return utimes_at(dfd, filename, times, 0);
}

long sys_utimes(uptr filename, uptr utimes)
{
    return sys_futimesat(AT_FDCWD, filename, utimes);
}

long sys_utime(uptr filename, uptr times)
{
    struct utimbuf buf;
    if (uptr_is_null(times))
        return utimes_at(AT_FDCWD, filename, NULL, 0);
    if (copy_from_user(&buf, times, sizeof(buf)))
        return -EFAULT;
    struct timespec ts[2] = { { buf.actime, 0 }, { buf.modtime, 0 } };
    return utimes_at(AT_FDCWD, filename, ts, 0);
}

/* ---- size ---- */

long sys_truncate(uptr path, long length)
{
    if (length < 0)
        return -EINVAL;
    struct inode *ino;
    long err = lookup_user_path(AT_FDCWD, path, LOOKUP_FOLLOW, false, &ino);
    if (err)
        return err;
    if (S_ISDIR(ino->mode))
        return -EISDIR;
    if (!S_ISREG(ino->mode))
        return -EINVAL;
    /* Unlike ftruncate, truncate to the same size leaves the times alone, but only for a file
     * holding no pages: otherwise tmpfs trims the pages past the end anyway, which stamps them. */
    if ((u64)length == ino->size && ramfs_blocks(ino) == 0)
        return 0;
    return kern_truncate(ino, (u64)length);
}

/* A descriptor not open for writing is EINVAL here, not EBADF, as on Linux. */
long sys_ftruncate(int fd, long length)
{
    if (length < 0)
        return -EINVAL;
    struct fd_slot *s = fd_slot(current_files(), fd);
    if (!s || (s->file->flags & O_PATH))
        return -EBADF;
    if (!S_ISREG(s->file->inode->mode) || !(s->rights & RIGHT_WRITE))
        return -EINVAL;
    return kern_truncate(s->file->inode, (u64)length);
}

/* ---- the filesystem ---- */

/* Linux sets ST_VALID in every statfs answer (f_flags is meaningful; kernels before 2.6.36 left
 * it zero). It and ST_NOSYMFOLLOW are kernel-internal in Linux's headers, hence here. */
#define ST_VALID       0x0020
#define ST_NOSYMFOLLOW 0x2000

/* The mount's flags as f_flags: the ones /proc/mounts lists, relatime included. */
static s64 statfs_flags(const struct superblock *sb)
{
    static const struct { unsigned long ms; s64 st; } map[] = {
        { MS_NOSUID, ST_NOSUID }, { MS_NODEV, ST_NODEV }, { MS_NOEXEC, ST_NOEXEC },
        { MS_SYNCHRONOUS, ST_SYNCHRONOUS }, { MS_MANDLOCK, ST_MANDLOCK },
        { MS_NOATIME, ST_NOATIME }, { MS_NODIRATIME, ST_NODIRATIME },
        { MS_NOSYMFOLLOW, ST_NOSYMFOLLOW },
    };
    s64 flags = ST_VALID;
    for (size_t i = 0; i < ARRAY_SIZE(map); i++)
        if (sb->flags & map[i].ms)
            flags |= map[i].st;
    if (!(sb->flags & (MS_NOATIME | MS_STRICTATIME)))
        flags |= ST_RELATIME;
    return flags;
}

/* Every filesystem gives its type's magic, page-sized blocks and NAME_MAX. A tmpfs mounted with
 * size= counts its limit as its blocks and the pages its files hold as used; one without a
 * limit (devtmpfs, the root) counts the machine's pages, since it may fill all of memory. None
 * has an inode limit (f_files 0, as tmpfs with nr_inodes=0); procfs stores nothing and counts
 * nothing, as Linux's. No filesystem id. */
void kern_statfs(struct inode *ino, struct statfs *out)
{
    memset(out, 0, sizeof(*out));
    out->f_type = (s64)ino->sb->type->magic;
    out->f_bsize = PAGE_SIZE;
    out->f_frsize = PAGE_SIZE;
    out->f_namelen = NAME_MAX;
    out->f_flags = statfs_flags(ino->sb);
    const struct superblock *sb = ino->sb;
    if (inode_is_ramfs(ino) && sb->max_pages) {
        out->f_blocks = sb->max_pages;
        out->f_bfree = sb->max_pages - MIN(sb->data_pages, sb->max_pages);
        out->f_bavail = out->f_bfree;
    } else if (inode_is_ramfs(ino)) {
        out->f_blocks = pmm_total_pages();
        out->f_bfree = pmm_free_count();
        out->f_bavail = out->f_bfree;
    }
}

long sys_statfs(uptr pathname, uptr buf)
{
    struct inode *ino;
    long err = lookup_user_path(AT_FDCWD, pathname, LOOKUP_FOLLOW, false, &ino);
    if (err)
        return err;
    struct statfs sf;
    kern_statfs(ino, &sf);
    return copy_to_user(buf, &sf, sizeof(sf));
}

long sys_fstatfs(int fd, uptr buf)
{
    struct file *f = fd_get(current_files(), fd, RIGHT_STAT);
    if (!f)
        return -EBADF;
    struct statfs sf;
    kern_statfs(f->inode, &sf);
    return copy_to_user(buf, &sf, sizeof(sf));
}

/* ---- sync ---- */

long kern_fsync(struct file *f)
{
    return f->ops->fsync ? f->ops->fsync(f) : -EINVAL;
}

/* fsync and fdatasync work on any open descriptor, read-only ones included. */
long sys_fsync(int fd)
{
    struct file *f = fd_get_open(fd);
    return f ? kern_fsync(f) : -EBADF;
}

long sys_fdatasync(int fd)
{
    struct file *f = fd_get_open(fd);
    return f ? kern_fsync(f) : -EBADF;
}

/* Nothing is ever waiting to be written: the RAM filesystem is the only copy of its files. */
long sys_sync(void)
{
    return 0;
}

/* syncfs syncs the filesystem behind any open descriptor, devices included (unlike fsync). */
long sys_syncfs(int fd)
{
    return fd_get_open(fd) ? 0 : -EBADF;
}
