/* Calls that create, remove and rename names: mkdir, mknod, rmdir, unlink, rename, link and
 * symlink, with their *at forms.
 *
 * A handler checks its flags, then copies each path in and splits it into a directory and a
 * last name (Linux's filename_parentat), one path at a time and in Linux's order, so that the
 * first error is the one Linux reports: rename("missing/a", bad pointer) is ENOENT, not EFAULT.
 * The core kern_* functions (include/fscalls.h) take those directories and names. They apply
 * the rules Linux's VFS applies above the filesystem ("/", "." and "..", trailing slashes,
 * lookups in removed directories) and leave the change itself to ramfs, which checks again. */
#include "syscalls.h"
#include "fscalls.h"
#include "fs.h"
#include "kmalloc.h"
#include "uapi/fcntl.h"
#include "uapi/limits.h"
#include "uapi/stat.h"

/* ---- splitting paths ---- */

/* Copies a path in and resolves all but its last component. An empty path is -ENOENT before
 * dfd is looked at, as Linux refuses it when copying it in. */
static long path_last_get(int dfd, uptr upath, struct path_last *at)
{
    char *path;
    long err = getname(upath, &path);
    if (err)
        return err;
    struct inode *start;
    err = path[0] ? path_start(dfd, path, &start) : -ENOENT;
    if (!err)
        err = path_lookup_parent(current_proc()->root, start, path, &at->dir, &at->name, &at->len);
    if (err) {
        kfree(path);
        return err;
    }
    at->buf = path;
    at->slash = at->name[at->len] == '/';
    return 0;
}

static void path_last_put(struct path_last *at)
{
    kfree(at->buf);
}

static bool is_dot(const struct path_last *at)
{
    return at->len == 1 && at->name[0] == '.';
}

static bool is_dotdot(const struct path_last *at)
{
    return at->len == 2 && at->name[0] == '.' && at->name[1] == '.';
}

/* "/", "." and "..": the path names a directory itself rather than an entry in one. */
static bool names_no_entry(const struct path_last *at)
{
    return at->len == 0 || is_dot(at) || is_dotdot(at);
}

/* Linux's lookup of the last name: a removed directory holds no names (-ENOENT) and a name over
 * NAME_MAX is -ENAMETOOLONG. *out is the inode named (a mount point itself, not what is
 * mounted on it), or NULL when ramfs has no such name; procfs's lookup fails instead (-ENOENT),
 * as Linux's does, so nothing can be created there. */
static long lookup_last(const struct path_last *at, struct inode **out)
{
    if (at->dir->nlink == 0)
        return -ENOENT;
    if (at->len > NAME_MAX)
        return -ENAMETOOLONG;
    *out = fs_lookup(at->dir, at->name, at->len);
    return *out || inode_is_ramfs(at->dir) ? 0 : -ENOENT;
}

/* lookup_last for a name that must exist: a missing one is -ENOENT. */
static long lookup_existing(const struct path_last *at, struct inode **out)
{
    long err = lookup_last(at, out);
    return err ? err : *out ? 0 : -ENOENT;
}

/* The checks before a name is created (Linux's filename_create): "/", "." and ".." exist; a
 * name written with a trailing slash must be a directory being made, so for anything else a
 * missing one is -ENOENT. */
static long create_check(const struct path_last *at, bool making_dir)
{
    if (names_no_entry(at))
        return -EEXIST;
    struct inode *existing;
    long err = lookup_last(at, &existing);
    if (err)
        return err;
    if (existing)
        return -EEXIST;
    return at->slash && !making_dir ? -ENOENT : 0;
}

void kern_init_owner(struct inode *dir, struct inode *ino)
{
    struct process *p = current_proc();
    ino->uid = p->fsuid;
    ino->gid = p->fsgid;
    if (dir->mode & S_ISGID) {
        ino->gid = dir->gid;
        if (S_ISDIR(ino->mode))
            ino->mode |= S_ISGID;
    }
}

/* ---- mkdir and mknod ---- */

long kern_mkdir(const struct path_last *at, u32 mode)
{
    long err = create_check(at, true);
    if (err)
        return err;
    /* Only the permission bits and the sticky bit: set-ID bits come from the parent alone. */
    mode &= ~current_proc()->umask & (S_IRWXU | S_IRWXG | S_IRWXO | S_ISVTX);
    struct inode *ino;
    err = ramfs_create(at->dir, at->name, at->len, S_IFDIR | mode, 0, &ino);
    if (!err)
        kern_init_owner(at->dir, ino);
    return err;
}

long sys_mkdirat(int dfd, uptr pathname, unsigned int mode)
{
    struct path_last at;
    long err = path_last_get(dfd, pathname, &at);
    if (err)
        return err;
    err = kern_mkdir(&at, mode);
    path_last_put(&at);
    return err;
}

long sys_mkdir(uptr pathname, unsigned int mode)
{
    return sys_mkdirat(AT_FDCWD, pathname, mode);
}

/* The types mknod makes (Linux's may_mknod); type 0 means a regular file. */
static long mknod_type_check(u32 mode)
{
    switch (mode & S_IFMT) {
    case 0: case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
        return 0;
    case S_IFDIR:
        return -EPERM;
    default:
        return -EINVAL;
    }
}

long kern_mknod(const struct path_last *at, u32 mode, u32 dev)
{
    long err = mknod_type_check(mode);
    if (!err)
        err = create_check(at, false);
    if (err)
        return err;
    u32 type = (mode & S_IFMT) ? mode & S_IFMT : S_IFREG;
    u32 perm = mode & S_IALLUGO & ~current_proc()->umask;
    struct inode *ino;
    /* Only devices keep dev; every process is root, so making them is allowed (CAP_MKNOD). */
    err = ramfs_create(at->dir, at->name, at->len, type | perm, dev, &ino);
    if (!err)
        kern_init_owner(at->dir, ino);
    return err;
}

long sys_mknodat(int dfd, uptr filename, unsigned int mode, unsigned int dev)
{
    mode &= 0xffff;     /* Linux takes the mode as a 16-bit umode_t */
    long err = mknod_type_check(mode);
    if (err)
        return err;
    struct path_last at;
    if ((err = path_last_get(dfd, filename, &at)) != 0)
        return err;
    err = kern_mknod(&at, mode, dev);
    path_last_put(&at);
    return err;
}

long sys_mknod(uptr filename, unsigned int mode, unsigned int dev)
{
    return sys_mknodat(AT_FDCWD, filename, mode, dev);
}

/* ---- rmdir and unlink ---- */

long kern_rmdir(const struct path_last *at)
{
    if (at->len == 0)
        return -EBUSY;
    if (is_dot(at))
        return -EINVAL;
    if (is_dotdot(at))
        return -ENOTEMPTY;
    struct inode *victim;
    long err = lookup_existing(at, &victim);
    if (err)
        return err;
    /* The victim's type is checked before whether its filesystem removes anything (EPERM). */
    return S_ISDIR(victim->mode) ? ramfs_rmdir(at->dir, at->name, at->len) : -ENOTDIR;
}

long kern_unlink(const struct path_last *at)
{
    if (names_no_entry(at))
        return -EISDIR;
    struct inode *victim;
    long err = lookup_existing(at, &victim);
    if (err)
        return err;
    if (S_ISDIR(victim->mode))
        return -EISDIR;
    return at->slash ? -ENOTDIR : ramfs_unlink(at->dir, at->name, at->len);
}

long sys_unlinkat(int dfd, uptr pathname, int flag)
{
    if (flag & ~AT_REMOVEDIR)
        return -EINVAL;
    struct path_last at;
    long err = path_last_get(dfd, pathname, &at);
    if (err)
        return err;
    err = (flag & AT_REMOVEDIR) ? kern_rmdir(&at) : kern_unlink(&at);
    path_last_put(&at);
    return err;
}

long sys_unlink(uptr pathname)
{
    return sys_unlinkat(AT_FDCWD, pathname, 0);
}

long sys_rmdir(uptr pathname)
{
    return sys_unlinkat(AT_FDCWD, pathname, AT_REMOVEDIR);
}

/* ---- rename ---- */

long kern_rename(const struct path_last *from, const struct path_last *to, unsigned flags)
{
    if (from->dir->sb != to->dir->sb)
        return -EXDEV;      /* Linux compares the mounts before looking at the names */
    if (names_no_entry(from))
        return -EBUSY;
    if (names_no_entry(to))
        return (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
    struct inode *src, *dst;
    long err = lookup_existing(from, &src);
    if (err)
        return err;
    if ((err = lookup_last(to, &dst)) != 0)
        return err;
    if (dst && (flags & RENAME_NOREPLACE))
        return -EEXIST;
    if ((flags & RENAME_EXCHANGE) && !dst)
        return -ENOENT;
    if ((flags & RENAME_EXCHANGE) && to->slash && !S_ISDIR(dst->mode))
        return -ENOTDIR;
    /* A trailing slash is allowed on a directory only; on the target it speaks of the source,
     * except in an exchange, where each name keeps its own inode's type. */
    if (!S_ISDIR(src->mode) && (from->slash || (to->slash && !(flags & RENAME_EXCHANGE))))
        return -ENOTDIR;
    return ramfs_rename(from->dir, from->name, from->len, to->dir, to->name, to->len, flags);
}

long sys_renameat2(int olddfd, uptr oldname, int newdfd, uptr newname, unsigned int flags)
{
    if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
        return -EINVAL;
    if ((flags & RENAME_EXCHANGE) && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
        return -EINVAL;
    struct path_last from, to;
    long err = path_last_get(olddfd, oldname, &from);
    if (err)
        return err;
    if ((err = path_last_get(newdfd, newname, &to)) == 0) {
        err = kern_rename(&from, &to, flags);
        path_last_put(&to);
    }
    path_last_put(&from);
    return err;
}

long sys_renameat(int olddfd, uptr oldname, int newdfd, uptr newname)
{
    return sys_renameat2(olddfd, oldname, newdfd, newname, 0);
}

long sys_rename(uptr oldname, uptr newname)
{
    return sys_renameat2(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

/* ---- link and symlink ---- */

long kern_link(struct inode *target, const struct path_last *at)
{
    long err = create_check(at, false);
    return err ? err : ramfs_link(at->dir, at->name, at->len, target);
}

/* The old name is resolved whole first (following a final symlink only with
 * AT_SYMLINK_FOLLOW; with AT_EMPTY_PATH, "" names olddfd's own file), then the new one. */
long sys_linkat(int olddfd, uptr oldname, int newdfd, uptr newname, int flags)
{
    if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    struct inode *target;
    long err = lookup_user_path(olddfd, oldname, (flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0,
                                flags & AT_EMPTY_PATH, &target);
    if (err)
        return err;
    inode_get(target);      /* held while the new path is copied in and resolved */
    struct path_last at;
    if ((err = path_last_get(newdfd, newname, &at)) == 0) {
        err = kern_link(target, &at);
        path_last_put(&at);
    }
    inode_put(target);
    return err;
}

long sys_link(uptr oldname, uptr newname)
{
    return sys_linkat(AT_FDCWD, oldname, AT_FDCWD, newname, 0);
}

long kern_symlink(const char *target, const struct path_last *at)
{
    long err = create_check(at, false);
    struct inode *ino;
    if (!err)
        err = ramfs_symlink(at->dir, at->name, at->len, target, &ino);
    if (!err)
        kern_init_owner(at->dir, ino);
    return err;
}

/* The target is any text of 1 to PATH_MAX - 1 bytes; it is checked before the new path. */
long sys_symlinkat(uptr oldname, int newdfd, uptr newname)
{
    char *target;
    long err = getname(oldname, &target);
    if (err)
        return err;
    struct path_last at;
    err = target[0] ? path_last_get(newdfd, newname, &at) : -ENOENT;
    if (!err) {
        err = kern_symlink(target, &at);
        path_last_put(&at);
    }
    kfree(target);
    return err;
}

long sys_symlink(uptr oldname, uptr newname)
{
    return sys_symlinkat(oldname, AT_FDCWD, newname);
}
