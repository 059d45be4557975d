/* tmpfs's mount options (fs/tmpfs_options.c): the data string of mount(2) for a tmpfs, read as
 * Linux 6.1 reads it. fs/mount.c applies the result to a new instance. */
#ifndef WICKET_TMPFS_OPTIONS_H
#define WICKET_TMPFS_OPTIONS_H
#include "types.h"

struct tmpfs_options {
    u64 max_pages;          /* size= or nr_blocks=, in pages; 0 for no limit */
    bool set_mode, set_uid, set_gid;
    u32 mode, uid, gid;     /* for the root directory, when set */
};

/* Parses a comma-separated option string (NULL for none), cutting it up in place. 0, or -EINVAL
 * for an unknown option or a bad value. */
int tmpfs_parse_options(char *data, struct tmpfs_options *out);
#endif
