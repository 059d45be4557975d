/* Open files and file-descriptor tables. A descriptor holds an open file and a rights mask: the
 * capability it grants. Every descriptor lookup names the rights it needs, so checking a
 * capability is one mask test; a descriptor without the right behaves as Linux does for a file
 * not opened that way (EBADF). */
#ifndef WICKET_FILE_H
#define WICKET_FILE_H
#include "types.h"
#include "uaccess.h"

struct inode;
struct file;
struct poll_table;

/* Rights (the generated syscall table names them per fd argument). */
#define RIGHT_READ   (1u << 0)
#define RIGHT_WRITE  (1u << 1)
#define RIGHT_SEEK   (1u << 2)
#define RIGHT_STAT   (1u << 3)
#define RIGHT_MMAP   (1u << 4)
#define RIGHT_IOCTL  (1u << 5)
#define RIGHT_FCNTL  (1u << 6)
#define RIGHT_LOOKUP (1u << 7)
#define RIGHTS_ALL   0xffu

struct file_ops {
    /* A device's own rules for opening (flags as open(2) got them, O_NOCTTY included); NULL
     * means nothing to check. 0 or -errno. */
    int (*open)(struct file *f, u32 flags);
    long (*read)(struct file *f, uptr buf, size_t len, u64 *pos);
    long (*write)(struct file *f, uptr buf, size_t len, u64 *pos);
    long (*ioctl)(struct file *f, unsigned cmd, unsigned long arg);
    /* Devices whose seeking differs from a file's; NULL means the generic file rules. */
    long (*llseek)(struct file *f, long offset, unsigned whence);
    /* Readiness (include/poll.h): the POLL* events that hold now; NULL means always ready. */
    unsigned (*poll)(struct file *f, struct poll_table *pt);
    /* The last descriptor of the open file is gone (pipes wake their other end); may be NULL. */
    void (*release)(struct file *f);
    /* fsync and fdatasync; NULL for files that cannot sync (Linux answers EINVAL). */
    int (*fsync)(struct file *f);
    bool seekable;
};

struct file {
    const struct file_ops *ops;
    struct inode *inode;
    u64 pos;
    u32 flags;              /* O_ACCMODE | O_APPEND | O_NONBLOCK ..., as F_GETFL reports */
    u32 refs;               /* descriptors pointing here (dup shares the open file) */
    int owner;              /* F_SETOWN: process (> 0) or group (< 0) to signal; 0 for none */
    void *private;          /* the driver's or filesystem's own state (procfs: the snapshot) */
    char *path;             /* the absolute name it was opened by (/proc/PID/fd), or NULL */
};

struct fd_slot {
    struct file *file;
    u32 rights;
    bool cloexec;
};

struct fdtable {
    struct fd_slot *slots;
    int size;
    u32 refs;               /* processes sharing the table (CLONE_FILES) */
};

struct fdtable *fdtable_create(void);
void fdtable_close_all(struct fdtable *t);
/* fork: a new table with the same open files and rights (each file gains a reference). */
struct fdtable *fdtable_clone(struct fdtable *t);
/* Drops a sharer; the last one closes every descriptor and frees the table. */
void fdtable_put(struct fdtable *t);
/* execve: closes the descriptors marked close-on-exec. */
void fdtable_close_on_exec(struct fdtable *t);

/* Lowest free descriptor >= min_fd below limit, installed with file (taking a reference).
 * Returns it, or -EMFILE / -EINVAL / -ENOMEM. */
int fd_install(struct fdtable *t, struct file *f, u32 rights, bool cloexec, int min_fd, int limit);
/* The open file behind fd if it carries all `rights`, else NULL (the caller returns -EBADF). */
struct file *fd_get(struct fdtable *t, int fd, u32 rights);
struct fd_slot *fd_slot(struct fdtable *t, int fd);
/* Puts f at exactly fd, closing what was there. Returns fd or -errno. */
int fd_install_at(struct fdtable *t, int fd, struct file *f, u32 rights, bool cloexec, int limit);
int fd_close(struct fdtable *t, int fd);

/* Opens an inode as a file (regular, directory, symlink-free, or device). 0 or -errno. */
int file_open_inode(struct inode *ino, u32 flags, struct file **out);
/* An O_PATH descriptor's file: names the inode, allows no I/O. */
int file_open_path(struct inode *ino, u32 flags, struct file **out);
void file_put(struct file *f);
/* The rights an open with these flags grants. */
u32 file_rights_for(const struct file *f);

struct stat;
void inode_fill_stat(const struct inode *ino, struct stat *st);

/* Devices (fs/devices.c): the driver for a character device number, or NULL (-ENXIO). */
const struct file_ops *chrdev_ops(u32 rdev);
extern const struct file_ops tty_ops;
#endif
