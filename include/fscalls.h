/* The core functions of the file-system calls that create, remove and rename names
 * (kernel/syscalls/namespace.c) and change attributes (kernel/syscalls/attr.c). They take
 * kernel pointers: directories and names already resolved, inodes, kernel buffers. The sys_*
 * handlers are thin adapters that copy arguments in and call them, in Linux's order of checks;
 * other kernel paths (a VFS routing calls to mounted filesystems, IPC, compat) can call them
 * directly. Each returns 0 or -errno, as the call it serves. */
#ifndef WICKET_FSCALLS_H
#define WICKET_FSCALLS_H
#include "types.h"

struct inode;
struct file;
struct statfs;
struct timespec;

/* A name to create, remove or rename, as the path that gave it splits (path_lookup_parent):
 * the directory it is in and its last component, which may be "" (the path was "/"), "." or
 * "..", and may have been written with a trailing slash. */
struct path_last {
    struct inode *dir;
    const char *name;       /* len bytes inside buf; not NUL-terminated where a slash follows */
    size_t len;
    bool slash;
    char *buf;              /* the copied path; kfree'd by the handler */
};

/* ---- names (namespace.c) ---- */

/* mkdir: mode is masked by the umask and to 01777. -EEXIST ("/", ".", "..", or the name
 * exists), -ENOENT (the directory was removed), -ENAMETOOLONG, -ENOMEM. */
long kern_mkdir(const struct path_last *at, u32 mode);
/* mknod: a regular file (type 0 or S_IFREG), device, FIFO or socket; dev matters for devices
 * only. -EPERM for S_IFDIR, -EINVAL for other types, then as kern_mkdir, plus -ENOENT for a
 * missing name written with a trailing slash. */
long kern_mknod(const struct path_last *at, u32 mode, u32 dev);
/* rmdir: -EBUSY ("/"), -EINVAL ("."), -ENOTEMPTY (".." or a non-empty directory), -ENOENT,
 * -ENAMETOOLONG, -ENOTDIR. */
long kern_rmdir(const struct path_last *at);
/* unlink: -EISDIR ("/", ".", "..", a directory), -ENOENT, -ENAMETOOLONG, and for a name written
 * with a trailing slash -ENOTDIR (or -EISDIR for a directory). */
long kern_unlink(const struct path_last *at);
/* renameat2 with flags RENAME_NOREPLACE, RENAME_EXCHANGE or RENAME_WHITEOUT (validated by the
 * caller); -EXDEV between filesystems, then errors as ramfs_rename, after Linux's trailing-slash
 * rule: -ENOTDIR when a name
 * written with a trailing slash is not a directory (for the target, only with EXCHANGE, or
 * when the source is not a directory). */
long kern_rename(const struct path_last *from, const struct path_last *to, unsigned flags);
/* link: gives target (already looked up) the name at. Errors as kern_mknod's name checks, then
 * -EPERM for a directory, -ENOENT for a file with no names left. */
long kern_link(struct inode *target, const struct path_last *at);
/* symlink: target is a NUL-terminated string of 1 to PATH_MAX - 1 bytes. Errors as kern_link's
 * name checks. */
long kern_symlink(const char *target, const struct path_last *at);
/* Makes a newly created inode the caller's: its filesystem uid, and its filesystem gid, unless
 * dir is set-group-ID, which gives its own group (and to a new directory its set-group-ID bit). */
void kern_init_owner(struct inode *dir, struct inode *ino);

/* ---- attributes (attr.c) ---- */

/* chmod, chown and utimensat change ramfs inodes only: -EPERM for others (procfs). */
/* chmod: sets the permission bits (mode & 07777) and the ctime. */
long kern_chmod(struct inode *ino, u32 mode);
/* chown: (u32)-1 leaves that id alone. Clears set-user-ID, and set-group-ID with group
 * execute, on anything but a directory, and sets the ctime. */
long kern_chown(struct inode *ino, u32 uid, u32 gid);
/* utimensat: times[0] is the access time, times[1] the modification time; each tv_nsec may be
 * UTIME_NOW or UTIME_OMIT; NULL sets both to now. -EINVAL for another tv_nsec outside
 * [0, 999999999]. The ctime becomes now. */
long kern_utimens(struct inode *ino, const struct timespec *times);
/* statfs: the answer for the filesystem holding ino: its type's magic, its mount flags, and for
 * a RAM filesystem (tmpfs, devtmpfs) the machine's pages as its blocks. */
void kern_statfs(struct inode *ino, struct statfs *out);
/* fsync and fdatasync: 0 for RAM files and directories, -EINVAL for files that cannot sync. */
long kern_fsync(struct file *f);
#endif
