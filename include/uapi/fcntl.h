/* open flags, *at() flags, fcntl commands, access() modes and lseek whences, as on x86_64. */
#ifndef WICKET_UAPI_FCNTL_H
#define WICKET_UAPI_FCNTL_H
#include "../types.h"

/* open/openat flags, octal as Linux writes them. O_LARGEFILE is a real bit in the kernel even
 * though 64-bit C libraries define it as 0. */
#define O_ACCMODE   00000003
#define O_RDONLY    00000000
#define O_WRONLY    00000001
#define O_RDWR      00000002
#define O_CREAT     00000100
#define O_EXCL      00000200
#define O_NOCTTY    00000400
#define O_TRUNC     00001000
#define O_APPEND    00002000
#define O_NONBLOCK  00004000
#define O_NDELAY    O_NONBLOCK
#define O_DSYNC     00010000
#define O_ASYNC     00020000
#define O_DIRECT    00040000
#define O_LARGEFILE 00100000
#define O_DIRECTORY 00200000
#define O_NOFOLLOW  00400000
#define O_NOATIME   01000000
#define O_CLOEXEC   02000000
#define O_SYNC      04010000    /* includes O_DSYNC */
#define O_PATH      010000000
#define O_TMPFILE   020200000   /* includes O_DIRECTORY */

/* The dirfd meaning "relative to the current directory". */
#define AT_FDCWD            (-100)
#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR        0x200   /* unlinkat */
#define AT_EACCESS          0x200   /* faccessat: the same bit, another call */
#define AT_SYMLINK_FOLLOW   0x400
#define AT_NO_AUTOMOUNT     0x800
#define AT_EMPTY_PATH       0x1000

/* renameat2 flags. */
#define RENAME_NOREPLACE (1 << 0)   /* fail with EEXIST rather than replace the target */
#define RENAME_EXCHANGE  (1 << 1)   /* swap the two names */
#define RENAME_WHITEOUT  (1 << 2)   /* leave a whiteout (character device 0:0) at the old name */

/* fcntl commands. */
#define F_DUPFD         0
#define F_GETFD         1
#define F_SETFD         2
#define F_GETFL         3
#define F_SETFL         4
#define F_GETLK         5
#define F_SETLK         6
#define F_SETLKW        7
#define F_SETOWN        8
#define F_GETOWN        9
#define F_DUPFD_CLOEXEC 1030
#define F_SETPIPE_SZ    1031
#define F_GETPIPE_SZ    1032

/* The only file-descriptor flag. */
#define FD_CLOEXEC 1

/* struct flock l_type values. */
#define F_RDLCK 0
#define F_WRLCK 1
#define F_UNLCK 2

struct flock {
    s16 l_type;
    s16 l_whence;
    s64 l_start;
    s64 l_len;
    s32 l_pid;
};

/* access/faccessat modes. */
#define F_OK 0
#define X_OK 1
#define W_OK 2
#define R_OK 4

/* lseek whence. */
#define SEEK_SET  0
#define SEEK_CUR  1
#define SEEK_END  2
#define SEEK_DATA 3
#define SEEK_HOLE 4

#endif
