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

/* f_flags: access times are not updated. */
#define ST_NOATIME 1024

#endif
