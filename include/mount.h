/* The mount table (fs/mount.c): which filesystem instance is mounted on which directory.
 * Path resolution crosses mount points through inode->mounted and superblock->covered
 * (fs/path.c); this file creates and removes those links. */
#ifndef WICKET_MOUNT_H
#define WICKET_MOUNT_H
#include "fs.h"

/* Enters the initramfs root's filesystem as the first mount ("rootfs" on "/"). */
void mount_set_root(struct inode *root);
/* The mounted filesystems in mount order, the root first:
 * for (sb = mount_first(); sb; sb = sb->next). */
struct superblock *mount_first(void);
/* The filesystem types mount accepts, for /proc/filesystems; NULL-terminated. */
extern const struct fs_type *const fs_types[];

/* Mounts a new instance of type on directory target (already resolved, mounts crossed).
 * source (may be NULL) is only recorded. data (may be NULL) is the options string, which tmpfs
 * reads (and cuts up in place): size=, nr_blocks=, nr_inodes=, mode=, uid=, gid=. Errors:
 * -ENODEV (unknown type), -EINVAL (a flag asking for what is not done: remount, bind, move,
 * propagation, read-only; or a tmpfs option unknown or badly valued), -ENOTDIR (target is not
 * a directory), -ENOMEM. */
int kern_mount(const char *source, const char *type, unsigned long flags, char *data,
               struct inode *target);
/* Unmounts the filesystem whose root is target: -EINVAL if target is no mount's root (or is the
 * root filesystem), -EBUSY if a process has a file, directory or mapping in it or something is
 * mounted inside it, unless MNT_DETACH. */
int kern_umount(struct inode *target, int flags);
/* The text of /proc/mounts, seen from root: one line per mount, as Linux writes it. Returns
 * the bytes written into buf (at most size, truncated). */
size_t mount_table_text(struct inode *root, char *buf, size_t size);
#endif
