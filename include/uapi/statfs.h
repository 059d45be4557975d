/* struct statfs as statfs(2) and fstatfs(2) fill it on x86_64, and the values Wicket puts in it. */
#ifndef WICKET_UAPI_STATFS_H
#define WICKET_UAPI_STATFS_H
#include "../types.h"

struct statfs {
    s64 f_type;             /* the file system's magic number */
    s64 f_bsize;            /* its preferred block size for I/O */
    u64 f_blocks;           /* size, free blocks and blocks free to the unprivileged, */
    u64 f_bfree;            /* all in f_frsize units */
    u64 f_bavail;
    u64 f_files;            /* inodes in all and free; 0 when there is no limit */
    u64 f_ffree;
    struct { s32 val[2]; } f_fsid;
    s64 f_namelen;          /* the longest name */
    s64 f_frsize;           /* the unit of the block counts */
    s64 f_flags;            /* ST_* mount flags */
    s64 f_spare[4];
};

/* f_type of tmpfs, which Wicket's RAM filesystem behaves as. */
#define TMPFS_MAGIC 0x01021994

/* f_flags: the mount's flags, as statvfs reports them too. */
#define ST_RDONLY       1
#define ST_NOSUID       2
#define ST_NODEV        4
#define ST_NOEXEC       8
#define ST_SYNCHRONOUS  16
#define ST_MANDLOCK     64
#define ST_NOATIME      1024
#define ST_NODIRATIME   2048
#define ST_RELATIME     4096

#endif
