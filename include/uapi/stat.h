/* struct stat as the x86_64 stat/fstat/newfstatat calls return it, and the file mode bits. */
#ifndef WICKET_UAPI_STAT_H
#define WICKET_UAPI_STAT_H
#include "../types.h"
#include "time.h"

/* The field order and the padding are x86_64's; other architectures lay this out differently.
 * The three timestamps use glibc's names (st_atim...), which are Linux's st_atime plus
 * st_atime_nsec pairs at the same offsets. */
struct stat {
    u64 st_dev;
    u64 st_ino;
    u64 st_nlink;           /* 64-bit and before st_mode on x86_64 only */
    u32 st_mode;
    u32 st_uid;
    u32 st_gid;
    u32 st_pad0;
    u64 st_rdev;
    s64 st_size;
    s64 st_blksize;
    s64 st_blocks;          /* in 512-byte units, whatever st_blksize says */
    struct timespec st_atim;
    struct timespec st_mtim;
    struct timespec st_ctim;
    s64 st_reserved[3];
};

/* File types, in the top bits of st_mode. */
#define S_IFMT   0170000
#define S_IFSOCK 0140000
#define S_IFLNK  0120000
#define S_IFREG  0100000
#define S_IFBLK  0060000
#define S_IFDIR  0040000
#define S_IFCHR  0020000
#define S_IFIFO  0010000

#define S_ISSOCK(m) (((m) & S_IFMT) == S_IFSOCK)
#define S_ISLNK(m)  (((m) & S_IFMT) == S_IFLNK)
#define S_ISREG(m)  (((m) & S_IFMT) == S_IFREG)
#define S_ISBLK(m)  (((m) & S_IFMT) == S_IFBLK)
#define S_ISDIR(m)  (((m) & S_IFMT) == S_IFDIR)
#define S_ISCHR(m)  (((m) & S_IFMT) == S_IFCHR)
#define S_ISFIFO(m) (((m) & S_IFMT) == S_IFIFO)

/* Permission bits. */
#define S_ISUID  04000
#define S_ISGID  02000
#define S_ISVTX  01000
#define S_IRWXU  00700
#define S_IRUSR  00400
#define S_IWUSR  00200
#define S_IXUSR  00100
#define S_IRWXG  00070
#define S_IRGRP  00040
#define S_IWGRP  00020
#define S_IXGRP  00010
#define S_IRWXO  00007
#define S_IROTH  00004
#define S_IWOTH  00002
#define S_IXOTH  00001

/* The permission part of a mode: what chmod may change. */
#define S_IALLUGO (S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO)

/* utimensat's special nanosecond values: set that time to now, or leave it alone. */
#define UTIME_NOW  ((1l << 30) - 1l)
#define UTIME_OMIT ((1l << 30) - 2l)

#endif
