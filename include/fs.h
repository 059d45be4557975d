/* The in-memory filesystem (fs/ramfs.c), path resolution (fs/path.c) and the initramfs unpacker
 * (fs/cpio.c). Everything here takes kernel pointers, except the *_user read/write variants.
 *
 * Locking: none inside. The caller serialises all calls on one tree (the VFS holds its fs lock
 * across a lookup and whatever it does with the result). Inodes returned by lookups carry no
 * reference; take one with inode_get() to keep an inode past the lock. */
#ifndef WICKET_FS_H
#define WICKET_FS_H
#include "types.h"
#include "uaccess.h"
#include "uapi/stat.h"
#include "uapi/time.h"

struct inode;
struct vma;
struct file;

/* What getdents64 and the lookups call for each directory entry (see ramfs_iterate). */
typedef int (*ramfs_emit_fn)(void *ctx, const char *name, size_t len, u64 ino, unsigned dtype);

/* A filesystem type: ramfs-backed ones (tmpfs, devtmpfs) leave the operations NULL, and path
 * resolution, getdents and open then use the ramfs_* functions; procfs fills them in. */
struct fs_type {
    const char *name;       /* as /proc/mounts and /proc/filesystems name it */
    u64 magic;              /* statfs's f_type */
    bool nodev;             /* "nodev" in /proc/filesystems: needs no block device */
    struct inode *(*lookup)(struct inode *dir, const char *name, size_t len);
    int (*iterate)(struct inode *dir, u64 *pos, ramfs_emit_fn emit, void *ctx);
    /* Fills f->ops (and f->private) for an inode being opened; 0 or -errno. */
    int (*open)(struct file *f);
    /* The name directory dir has in its parent, into buf (getcwd); its length. */
    size_t (*dir_name)(struct inode *dir, char *buf, size_t size);
};

/* One mounted filesystem instance (fs/mount.c keeps the table of them). */
struct superblock {
    const struct fs_type *type;
    u32 dev;                /* st_dev: an anonymous device number, dev_make(0, n) */
    struct inode *root;
    struct inode *covered;  /* the directory it is mounted on; NULL for the root fs or when
                             * not (or no longer) mounted */
    char *source;           /* mount's first argument, for /proc/mounts */
    unsigned long flags;    /* MS_NOSUID | MS_NODEV | MS_NOEXEC ..., for /proc/mounts */
    /* RAM filesystems: file data pages held (index nodes are not counted, as tmpfs counts only
     * blocks of data) and the most allowed (tmpfs's size=; 0 for no limit). */
    u64 data_pages, max_pages;
    struct superblock *next;    /* the mount table, in mount order */
};

/* A new anonymous device number for a filesystem instance (st_dev), as Linux's 0:N. */
u32 fs_anon_dev(void);

/* ramfs's own types: tmpfs (the initramfs root and mount -t tmpfs) and devtmpfs. */
extern const struct fs_type tmpfs_type, devtmpfs_type;

/* One name in a directory. cookie orders the entries and gives each a getdents position that
 * does not move when other entries are removed. */
struct dentry {
    char *name;             /* NUL-terminated copy, namelen bytes before the NUL */
    size_t namelen;
    u64 cookie;
    struct inode *inode;
};

struct inode {
    u64 ino;
    struct superblock *sb;  /* the filesystem it belongs to */
    struct superblock *mounted; /* directories: the filesystem mounted here (topmost), if any */
    /* procfs: what the inode shows (a PROC_* kind), for which process and descriptor. */
    struct { u32 kind; int pid; int fd; } proc;
    u32 mode;               /* S_IF* type | permission bits */
    u32 nlink;              /* names; 0 once unlinked (and for a removed directory) */
    u32 refs;               /* holders other than names: open files, cwds, child directories */
    u32 uid, gid;
    u32 rdev;               /* device nodes: dev_make(major, minor) */
    u64 size;               /* bytes for files, target length for symlinks */
    struct timespec atime, mtime, ctime;
    struct inode *parent;   /* directories: for ".."; the root is its own parent */
    struct vma *shared_maps;    /* regular files: the MAP_SHARED mappings of it (mm/vm.c keeps
                                 * this list, so truncation can unmap pages past the new end) */
    struct file_lock *locks;    /* advisory locks held on it (fs/lock.c) */
    union {
        struct { struct dentry *children; size_t count, cap; u64 next_cookie; } dir;
        struct { void *root; u32 height; u64 npages; } reg; /* ramfs.c: radix tree of pages */
        struct { char *target; } lnk;   /* NUL-terminated, size bytes */
        struct { struct pipe *pipe; } fifo; /* fs/pipe.c: the pipe while the FIFO is open */
    };
};

/* Linux's user-visible device number encoding (what stat's st_rdev and mknod's dev hold):
 * minor bits 0-7 and 20-31, major bits 8-19. */
static inline u32 dev_make(u32 major, u32 minor)
{
    return (minor & 0xff) | ((major & 0xfff) << 8) | ((minor & ~0xffu) << 12);
}
static inline u32 dev_major(u32 dev) { return (dev >> 8) & 0xfff; }
static inline u32 dev_minor(u32 dev) { return (dev & 0xff) | ((dev >> 12) & 0xfff00); }

/* The current wall-clock time for timestamps; the kernel's time code defines it. */
void fs_now(struct timespec *ts);

/* ---- ramfs: the tree ---- */

/* A new empty root directory (mode 0755, owned by 0:0) of a new tmpfs instance with its own
 * superblock (not mounted anywhere), or NULL without memory. */
struct inode *ramfs_new_root(void);
/* An inode with no name (shared anonymous memory, pipes), holding one reference for the
 * caller; it is freed when the last reference goes. NULL without memory. These belong to one
 * internal tmpfs instance that is mounted nowhere, as Linux's shmem and pipefs inodes do. */
struct inode *ramfs_new_unnamed(u32 mode);
/* True for inodes of a ramfs-backed filesystem. The ramfs_* functions that change a tree refuse
 * other inodes (procfs) with -EPERM, as Linux does for a directory without that operation. */
static inline bool inode_is_ramfs(const struct inode *ino)
{
    return ino->sb->type->lookup == NULL;
}
/* Frees a whole tree and its superblock at once, ignoring references (unit tests, an unmounted
 * tmpfs, or a tree never published). */
void ramfs_destroy(struct inode *root);

void inode_get(struct inode *ino);
/* Drops a reference; frees the inode once it has neither names nor references. */
void inode_put(struct inode *ino);

/* The child called name[0..len) of dir, or NULL. No "." or ".." handling: that is path.c's.
 * NULL too for a directory of another filesystem type: fs_lookup serves any type. */
struct inode *ramfs_lookup(struct inode *dir, const char *name, size_t len);
/* Lookup and listing for a directory of any filesystem type. */
static inline struct inode *fs_lookup(struct inode *dir, const char *name, size_t len)
{
    return dir->sb->type->lookup ? dir->sb->type->lookup(dir, name, len)
                                 : ramfs_lookup(dir, name, len);
}
int fs_iterate(struct inode *dir, u64 *pos, ramfs_emit_fn emit, void *ctx);

/* Creates a directory, regular file, device node, FIFO or socket, as mode's S_IF* type says.
 * Errors: -ENOTDIR (dir is not one), -EPERM (dir is not a ramfs directory: procfs), -ENOENT (dir was removed), -EEXIST (name exists, or is
 * "." or ".."), -ENAMETOOLONG (len > NAME_MAX), -EINVAL (empty name, a '/' or NUL in it, or a
 * type ramfs_create does not make, such as S_IFLNK), -ENOMEM. *out (may be NULL) gets the inode. */
int ramfs_create(struct inode *dir, const char *name, size_t len, u32 mode, u32 rdev,
                 struct inode **out);
/* Creates a symlink (mode 0777) holding target. Errors as ramfs_create, plus -ENOENT for an
 * empty target and -ENAMETOOLONG for a target of PATH_MAX bytes or more. */
int ramfs_symlink(struct inode *dir, const char *name, size_t len, const char *target,
                  struct inode **out);
/* Adds a name for an existing non-directory (link(2)). -EXDEV when dir and target are on
 * different filesystems (checked first, as Linux does), -EPERM for a directory, -ENOENT when
 * target has no names left, otherwise errors as ramfs_create. */
int ramfs_link(struct inode *dir, const char *name, size_t len, struct inode *target);
/* Removes a non-directory's name (unlink(2)): -ENOENT, -ENOTDIR (dir is not a directory),
 * -EPERM (not a ramfs directory), -ENAMETOOLONG, -EISDIR (a directory, or "." or ".."). The inode is freed once it has neither
 * names nor references. */
int ramfs_unlink(struct inode *dir, const char *name, size_t len);
/* Removes an empty directory (rmdir(2)): -ENOENT, -ENOTDIR, -EPERM (not ramfs), -ENAMETOOLONG,
 * -ENOTEMPTY (also for ".."), -EINVAL for ".", -EBUSY for a mount point. The removed directory lives on while referenced (a cwd): it lists
 * as -ENOENT, takes no new names, and its ".." still leads to its old parent. The root ("" from
 * path_lookup_parent) is the caller's to refuse with -EBUSY. */
int ramfs_rmdir(struct inode *dir, const char *name, size_t len);
/* rename(2) and renameat2's flags (RENAME_* in uapi/fcntl.h). Without flags the source
 * replaces an existing target of a compatible type; RENAME_NOREPLACE refuses an existing target
 * (-EEXIST); RENAME_EXCHANGE swaps two existing names of any types; RENAME_WHITEOUT leaves a
 * whiteout (a character device 0:0 with mode 0) at the old name. Errors, in Linux's order:
 * -EINVAL (unknown flags, or EXCHANGE with another), -EXDEV (the directories are on different
 * filesystems), -EBUSY ("." or ".." as the old name, or as the new one without NOREPLACE; with
 * it, -EEXIST), for each name in turn -ENOTDIR / -EPERM (not a ramfs directory) / -ENOENT (its
 * directory was removed), -ENAMETOOLONG and (old name) -ENOENT; then -EEXIST (NOREPLACE) or
 * -ENOENT (EXCHANGE without a target), -EBUSY (either is a mount point), -EINVAL (moving a
 * directory into itself or below, or with EXCHANGE a target that is an ancestor of the
 * source), -ENOTEMPTY (the target is the source's directory or one of its ancestors, or a
 * non-empty directory), -ENOTDIR / -EISDIR (directory onto non-directory, or the reverse),
 * -ENOMEM. Renaming onto another name of the same inode succeeds and changes nothing. A
 * trailing slash on either path is the caller's to check (-ENOTDIR unless that name is a
 * directory). */
int ramfs_rename(struct inode *olddir, const char *oldname, size_t oldlen,
                 struct inode *newdir, const char *newname, size_t newlen, unsigned flags);

/* ---- ramfs: file contents ---- */

/* Reads up to len bytes at off into a kernel buffer: bytes read, 0 at or past the end,
 * -EISDIR for a directory, -EINVAL for anything else that is not a regular file. */
long ramfs_read(struct inode *f, void *kbuf, size_t len, u64 off);
long ramfs_read_user(struct inode *f, uptr buf, size_t len, u64 off);   /* or -EFAULT */
/* Writes len bytes at off, growing the file and zero-filling any hole. Returns the bytes
 * written: len, or fewer when the write would pass the largest file offset (2^63 - 1), as on
 * Linux; 0 for len 0 without touching the file. Errors: -EISDIR, -EINVAL (not a regular file),
 * -EFBIG (off at or past that offset), -ENOMEM, -EFAULT. On -EFAULT the size is unchanged but
 * bytes inside the old size may have been overwritten. Updates mtime and ctime. */
long ramfs_write(struct inode *f, const void *kbuf, size_t len, u64 off);
long ramfs_write_user(struct inode *f, uptr buf, size_t len, u64 off);
/* The page holding byte off of a regular file, allocated if it was a hole, with a reference
 * taken for the caller (a shared mapping); NULL when off is past the last page or memory is out. */
void *ramfs_map_page(struct inode *f, u64 off);
/* Sets the size, zero-filling when it grows (which allocates nothing): 0, -EISDIR, -EINVAL,
 * -EFBIG. Shrinking frees the pages wholly past the new size. */
int ramfs_truncate(struct inode *f, u64 size);
/* The memory a file's contents hold, in 512-byte blocks (stat's st_blocks): 8 per data page,
 * so holes count nothing. 0 for anything but a regular file. */
u64 ramfs_blocks(const struct inode *f);
/* lseek's SEEK_DATA and SEEK_HOLE as on Linux's tmpfs, with page granularity. SEEK_DATA: off
 * itself when its page holds data, else the start of the next page that does; SEEK_HOLE: off
 * itself when its page is a hole, else the start of the next hole, the end of the file counting
 * as one (so at most the size). Errors: -ENXIO when off is at or past the size (or above
 * 2^63 - 1, a negative offset) or, for SEEK_DATA, no data follows; -EINVAL for anything but a
 * regular file. */
s64 ramfs_seek_data(struct inode *f, u64 off);
s64 ramfs_seek_hole(struct inode *f, u64 off);

/* Directory listing for getdents64. Position 0 is ".", 1 is "..", and a child with cookie c is
 * at c + 2, children in creation order; removals do not shift the others. From *pos on, calls
 * emit() for each entry and then moves *pos past it, until the end or until emit returns
 * non-zero: > 0 means "no room, stop here" (*pos stays on that entry), < 0 is an error that
 * ramfs_iterate returns. Returns 0, that error, -ENOTDIR, or -ENOENT for a removed directory. */
int ramfs_iterate(struct inode *dir, u64 *pos, ramfs_emit_fn emit, void *ctx);

/* ---- path resolution (fs/path.c) ---- */

#define LOOKUP_FOLLOW    1  /* follow a symlink in the last component */
#define LOOKUP_DIRECTORY 2  /* the result must be a directory */

/* Resolves path (a kernel string) as Linux does: absolute from root, relative from start;
 * ".." never climbs above root; a trailing slash requires a directory and follows a final
 * symlink. Errors: -ENOENT (missing, or empty path), -ENOTDIR, -ENAMETOOLONG (a component over
 * NAME_MAX), -ELOOP (more than 40 symlinks followed). The caller checks the whole path's
 * length against PATH_MAX when copying it in. */
int path_lookup(struct inode *root, struct inode *start, const char *path, unsigned flags,
                struct inode **out);
/* For calls that create or remove: resolves all but the last component (following every
 * symlink on the way) to *parent and points *last at the last one inside path, lastlen bytes
 * long. The last component may be "." or "..", which callers must treat specially, or empty
 * ("", for "/" itself). It may be followed by slashes: last[lastlen] == '/' tells the caller
 * the name was written with a trailing slash. Its length is not checked: as on Linux, a last
 * name over NAME_MAX is -ENAMETOOLONG only when it is looked up, so rename's errors about its
 * source come first. Errors as path_lookup. */
int path_lookup_parent(struct inode *root, struct inode *start, const char *path,
                       struct inode **parent, const char **last, size_t *lastlen);
/* Writes the absolute path of directory dir, seen from root, into buf (getcwd). Returns the
 * length including the NUL, -ERANGE when size is too small, -ENOENT if dir was removed,
 * -ENOTDIR if it is not a directory. A directory outside root gets Linux's "(unreachable)"
 * prefix. */
long path_of(struct inode *root, struct inode *dir, char *buf, size_t size);

/* The absolute, lexically tidied form of path ("." and ".." applied, slashes collapsed,
 * symlinks left as written) seen from root, relative paths starting at start: a kmalloc'd
 * string, or NULL when it would not fit PATH_MAX, start is outside root, or memory is out.
 * It names open files in /proc/PID/fd. */
char *path_absolute(struct inode *root, struct inode *start, const char *path);

/* ---- initramfs (fs/cpio.c) ---- */

/* One member of a "newc" cpio archive; pointers point into the archive buffer. */
struct cpio_entry {
    const char *name;       /* NUL-terminated, namelen bytes before the NUL */
    size_t namelen;
    u32 ino;
    u32 mode;
    u32 uid, gid;
    u32 nlink;
    u32 mtime;
    u32 devmajor, devminor; /* of the filesystem it came from: identifies hard links */
    u32 rdevmajor, rdevminor;
    const u8 *data;         /* NULL when size is 0 */
    size_t size;
};

/* Parses the entry at *off and moves *off past it and its padding. Returns 1 for an entry, 0
 * for the "TRAILER!!!" entry, -EINVAL for a bad magic (070701 and 070702 are accepted), a
 * non-hex digit, or a header, name or data running past len. Never reads outside buf[0..len). */
int cpio_next(const u8 *buf, size_t len, size_t *off, struct cpio_entry *e);
/* Unpacks one or more concatenated uncompressed archives (zero padding allowed between them)
 * into the tree at root, with Linux's rules; see docs/filesystem.md. Entries that cannot be
 * created are reported with printk and skipped. Returns 0, -EINVAL for a corrupt archive
 * (what was unpacked before stays), or -ENOMEM. */
int cpio_unpack(const u8 *buf, size_t len, struct inode *root);

#endif
