/* Path-based calls: open/openat, the stat family, the access family, getcwd, chdir and fchdir,
 * readlink and umask. Paths are copied in whole (at most PATH_MAX bytes with the NUL) before any lookup. */
#include "syscalls.h"
#include "fscalls.h"
#include "fs.h"
#include "kmalloc.h"
#include "kstring.h"
#include "vm.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"
#include "uapi/limits.h"

#define AT_STATX_SYNC_TYPE 0x6000   /* statx's sync hints, accepted and meaningless for RAM files */

long getname(uptr upath, char **out)
{
    char *buf = kmalloc(PATH_MAX);
    if (!buf)
        return -ENOMEM;
    long n = strncpy_from_user(buf, upath, PATH_MAX);
    if (n < 0) {
        kfree(buf);
        return n;
    }
    *out = buf;
    return 0;
}

long path_start(int dfd, const char *path, struct inode **start)
{
    struct process *p = current_proc();
    if (path[0] == '/' || dfd == AT_FDCWD) {
        *start = p->cwd;
        return 0;
    }
    struct file *f = fd_get(p->files, dfd, 0);
    if (!f)
        return -EBADF;
    if (!S_ISDIR(f->inode->mode))
        return -ENOTDIR;
    *start = f->inode;
    return 0;
}

long lookup_user_path(int dfd, uptr upath, unsigned lookup_flags, bool empty_ok, struct inode **out)
{
    char *path;
    long err = getname(upath, &path);
    if (err)
        return err;
    if (!path[0] && !empty_ok) {
        kfree(path);
        return -ENOENT;
    }
    if (!path[0]) {
        struct file *f = dfd == AT_FDCWD ? NULL : fd_get(current_files(), dfd, 0);
        kfree(path);
        if (dfd == AT_FDCWD) {
            *out = current_proc()->cwd;
            return 0;
        }
        if (!f)
            return -EBADF;
        *out = f->inode;
        return 0;
    }
    struct inode *start;
    err = path_start(dfd, path, &start);
    if (!err)
        err = path_lookup(current_proc()->root, start, path, lookup_flags, out);
    kfree(path);
    return err;
}

/* ---- open ---- */

#define MAX_SYMLINK_FOLLOWS 40

static bool is_dot_name(const char *name, size_t len)
{
    return (len == 1 && name[0] == '.') || (len == 2 && name[0] == '.' && name[1] == '.');
}

/* O_CREAT for a name that does not resolve. If the last component is a dangling symlink (and
 * following is allowed), the file is created where the link points, as Linux does. */
static long create_file(struct inode *start, const char *path, int flags, u32 mode,
                        int follows_left, struct inode **out)
{
    struct inode *parent;
    const char *last;
    size_t lastlen;
    long err = path_lookup_parent(current_proc()->root, start, path, &parent, &last, &lastlen);
    if (err)
        return err;
    if (last[lastlen] == '/' || lastlen == 0 || is_dot_name(last, lastlen))
        return -EISDIR;
    struct inode *link = fs_lookup(parent, last, lastlen);
    if (link && S_ISLNK(link->mode)) {
        if (flags & O_NOFOLLOW)
            return -ELOOP;
        if (follows_left == 0)
            return -ELOOP;
        return create_file(parent, link->lnk.target, flags, mode, follows_left - 1, out);
    }
    if (!inode_is_ramfs(parent))
        return -ENOENT;     /* procfs: Linux's lookup finds nothing and there is no create */
    u32 perm = mode & 07777 & ~current_proc()->umask;
    err = ramfs_create(parent, last, lastlen, S_IFREG | perm, 0, out);
    if (!err)
        kern_init_owner(parent, *out);
    return err;
}

/* Finds or creates the inode an open names, applying O_CREAT, O_EXCL, O_NOFOLLOW and
 * O_DIRECTORY as Linux orders them. */
static long open_lookup(struct inode *start, const char *path, int flags, u32 mode, struct inode **out)
{
    bool exclusive = (flags & O_CREAT) && (flags & O_EXCL);
    unsigned lf = (flags & O_NOFOLLOW) || exclusive ? 0 : LOOKUP_FOLLOW;
    if (flags & O_DIRECTORY)
        lf |= LOOKUP_DIRECTORY;
    long err = path_lookup(current_proc()->root, start, path, lf, out);
    if (err == -ENOENT && (flags & O_CREAT))
        return create_file(start, path, flags, mode, MAX_SYMLINK_FOLLOWS, out);
    if (err)
        return err;
    if (exclusive)
        return -EEXIST;
    if (S_ISLNK((*out)->mode) && !(flags & O_PATH))
        return -ELOOP;      /* O_NOFOLLOW met a symlink */
    if (S_ISDIR((*out)->mode) && (flags & O_CREAT))
        return -EISDIR;
    return 0;
}

/* Truncation also unmaps the pages of shared mappings past the new end. */
long kern_truncate(struct inode *ino, u64 size)
{
    long err = ramfs_truncate(ino, size);
    if (!err)
        vm_file_truncated(ino, size);
    return err;
}

/* O_PATH keeps only these flags: the rest (O_CREAT, O_TRUNC, the access mode) are ignored. */
#define O_PATH_FLAGS (O_DIRECTORY | O_NOFOLLOW | O_PATH | O_CLOEXEC)

static long kern_openat(int dfd, const char *path, int flags, u32 mode)
{
    if (flags & O_PATH)
        flags &= O_PATH_FLAGS;
    if ((flags & O_TMPFILE) == O_TMPFILE)
        return -EOPNOTSUPP;
    if ((flags & O_CREAT) && (flags & O_DIRECTORY))
        return -EINVAL;
    if (!path[0])
        return -ENOENT;
    struct inode *start, *ino;
    long err = path_start(dfd, path, &start);
    if (!err)
        err = open_lookup(start, path, flags, mode, &ino);
    if (err)
        return err;
    int acc = flags & O_ACCMODE;
    bool writing = acc == O_WRONLY || acc == O_RDWR || (flags & O_TRUNC);
    if (S_ISDIR(ino->mode) && writing && !(flags & O_PATH))
        return -EISDIR;
    if ((flags & O_DIRECT) && !(flags & O_PATH))
        return -EINVAL;     /* nothing here does direct I/O (Linux: no direct_IO operation) */
    /* Linux truncates for O_TRUNC whatever the access mode (root may always write). */
    if ((flags & O_TRUNC) && S_ISREG(ino->mode) && (err = kern_truncate(ino, 0)))
        return err;
    struct file *f;
    if (flags & O_PATH)
        err = file_open_path(ino, flags, &f);
    else
        err = file_open_inode(ino, (flags & ~(O_CREAT | O_EXCL | O_TRUNC)) | O_LARGEFILE, &f);
    if (err)
        return err;
    f->path = path_absolute(current_proc()->root, start, path);   /* NULL only costs the name */
    err = fd_install(current_files(), f, file_rights_for(f), flags & O_CLOEXEC, 0, current_nofile_limit());
    file_put(f);
    return err;
}

long sys_openat(int dfd, uptr filename, int flags, unsigned int mode)
{
    char *path;
    long err = getname(filename, &path);
    if (err)
        return err;
    err = kern_openat(dfd, path, flags, mode);
    kfree(path);
    return err;
}

long sys_open(uptr filename, int flags, unsigned int mode)
{
    return sys_openat(AT_FDCWD, filename, flags, mode);
}

/* ---- stat ---- */

static long stat_to_user(struct inode *ino, uptr statbuf)
{
    struct stat st;
    inode_fill_stat(ino, &st);
    return copy_to_user(statbuf, &st, sizeof(st));
}

long sys_newfstatat(int dfd, uptr filename, uptr statbuf, int flag)
{
    if (flag & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
        return -EINVAL;
    struct inode *ino;
    long err = lookup_user_path(dfd, filename, (flag & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
                                flag & AT_EMPTY_PATH, &ino);
    return err ? err : stat_to_user(ino, statbuf);
}

long sys_stat(uptr filename, uptr statbuf) { return sys_newfstatat(AT_FDCWD, filename, statbuf, 0); }

long sys_lstat(uptr filename, uptr statbuf)
{
    return sys_newfstatat(AT_FDCWD, filename, statbuf, AT_SYMLINK_NOFOLLOW);
}

/* ---- access ---- */

long sys_faccessat2(int dfd, uptr filename, int mode, int flags)
{
    if (mode & ~(R_OK | W_OK | X_OK))
        return -EINVAL;
    if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
        return -EINVAL;
    /* AT_EACCESS (effective rather than real ids) changes nothing while both are root's. */
    struct inode *ino;
    long err = lookup_user_path(dfd, filename, (flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW,
                                flags & AT_EMPTY_PATH, &ino);
    if (err)
        return err;
    /* Every process is root for now: read and write are granted; execute needs an x bit on
     * anything but a directory, as for root on Linux. */
    if ((mode & X_OK) && !S_ISDIR(ino->mode) && !(ino->mode & 0111))
        return -EACCES;
    return 0;
}

long sys_faccessat(int dfd, uptr filename, int mode) { return sys_faccessat2(dfd, filename, mode, 0); }

long sys_access(uptr filename, int mode) { return sys_faccessat2(AT_FDCWD, filename, mode, 0); }

/* ---- working directory ---- */

long sys_getcwd(uptr buf, unsigned long size)
{
    char *path = kmalloc(PATH_MAX);
    if (!path)
        return -ENOMEM;
    struct process *p = current_proc();
    long len = path_of(p->root, p->cwd, path, PATH_MAX);
    if (len > 0 && (unsigned long)len > size)
        len = -ERANGE;
    if (len > 0 && copy_to_user(buf, path, len))
        len = -EFAULT;
    kfree(path);
    return len;
}

static void set_cwd(struct inode *dir)
{
    struct process *p = current_proc();
    inode_get(dir);
    inode_put(p->cwd);
    p->cwd = dir;
}

long sys_chdir(uptr filename)
{
    struct inode *ino;
    long err = lookup_user_path(AT_FDCWD, filename, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, false, &ino);
    if (!err)
        set_cwd(ino);
    return err;
}

/* Any descriptor of a directory will do, O_PATH ones included, as on Linux. */
long sys_fchdir(int fd)
{
    struct file *f = fd_get(current_files(), fd, 0);
    if (!f)
        return -EBADF;
    if (!S_ISDIR(f->inode->mode))
        return -ENOTDIR;
    set_cwd(f->inode);
    return 0;
}

/* ---- symlinks ---- */

long sys_readlinkat(int dfd, uptr path, uptr buf, int bufsiz)
{
    if (bufsiz <= 0)
        return -EINVAL;
    char *name;
    long err = getname(path, &name);
    if (err)
        return err;
    bool empty = !name[0];
    kfree(name);
    struct inode *ino;
    /* An empty path reads the symlink an O_PATH descriptor holds; anything else is ENOENT. */
    err = lookup_user_path(dfd, path, 0, true, &ino);
    if (err)
        return err;
    if (!S_ISLNK(ino->mode))
        return empty ? -ENOENT : -EINVAL;
    size_t n = MIN(ino->size, (size_t)bufsiz);
    return copy_to_user(buf, ino->lnk.target, n) ? -EFAULT : (long)n;
}

long sys_readlink(uptr path, uptr buf, int bufsiz) { return sys_readlinkat(AT_FDCWD, path, buf, bufsiz); }

long sys_umask(int mask)
{
    struct process *p = current_proc();
    u32 old = p->umask;
    p->umask = (u32)mask & 0777;
    return old;
}
