/* procfs (fs/procfs*.c): files generated from kernel state when they are opened. */
#ifndef WICKET_PROCFS_H
#define WICKET_PROCFS_H
#include "fs.h"

extern const struct fs_type proc_type;
/* A new procfs instance (its superblock and root directory), or NULL without memory. */
struct superblock *procfs_new(void);
/* Frees an unmounted instance whose inodes nobody holds any more. */
void procfs_destroy(struct superblock *sb);
#endif
