/* What every handler file includes: the generated prototypes (so a handler whose signature
 * drifts from syscalls.master fails to compile), user pointers, errno values, and shortcuts
 * for the calling process. */
#ifndef WICKET_SYSCALLS_H
#define WICKET_SYSCALLS_H
#include "syscall_protos.h"
#include "uaccess.h"
#include "proc.h"
#include "file.h"
#include "uapi/errno.h"

/* Linux caps one read or write at this many bytes (INT_MAX rounded down to a page). */
#define MAX_RW_COUNT 0x7ffff000ul

static inline struct fdtable *current_files(void) { return current_proc()->files; }
static inline int current_nofile_limit(void)
{
    u64 cur = current_proc()->rlim[RLIMIT_NOFILE].rlim_cur;
    return cur > (1u << 20) ? (1 << 20) : (int)cur;
}

/* Path arguments: copied into a PATH_MAX kernel buffer that the caller frees with kfree.
 * Returns 0, -EFAULT, -ENAMETOOLONG or -ENOMEM. An empty string is returned as is: whether it
 * is an error (ENOENT) or means "the fd itself" (AT_EMPTY_PATH) is the caller's decision. */
long getname(uptr upath, char **out);
/* Resolves a user path relative to dfd with LOOKUP_* flags. An empty path is -ENOENT, unless
 * empty_ok (AT_EMPTY_PATH): then it names dfd's own file (any descriptor, O_PATH too). */
long lookup_user_path(int dfd, uptr upath, unsigned lookup_flags, bool empty_ok, struct inode **out);
/* The directory a relative path starts from: the cwd for AT_FDCWD, else the directory open
 * at dfd (-EBADF, -ENOTDIR). Absolute paths ignore dfd, as in Linux. */
long path_start(int dfd, const char *path, struct inode **start);
/* Sets a regular file's size, unmapping shared-mapping pages past the new end. */
long kern_truncate(struct inode *ino, u64 size);
#endif
