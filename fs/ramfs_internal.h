/* What fs/ramfs.c (names) and fs/ramfs_data.c (contents) share, and nothing else does. */
#ifndef WICKET_FS_RAMFS_INTERNAL_H
#define WICKET_FS_RAMFS_INTERNAL_H
#include "fs.h"

/* The largest file offset, as for any 64-bit Linux filesystem. */
#define RAMFS_MAX_OFFSET ((u64)INT64_MAX)

/* Sets mtime and ctime to now: the file's contents or the directory's names changed. */
void ramfs_touch_mtime(struct inode *ino);
/* Frees every page and index node of a regular file that is going away. */
void ramfs_release_data(struct inode *f);
#endif
