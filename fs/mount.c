/* The mount table: filesystem instances (superblocks) and the directories they cover. A mount
 * links the covered directory to the new root (inode->mounted) and back (superblock->covered);
 * fs/path.c follows those links both ways, so this file only makes and breaks them.
 *
 * Each mount is its own instance: mounting devtmpfs twice gives two populated trees, where
 * Linux shares one. Bind mounts, remounts, moves and propagation are not done (-EINVAL). */
#include "mount.h"
#include "tmpfs_options.h"
#include "procfs.h"
#include "proc.h"
#include "file.h"
#include "vm.h"
#include "kmalloc.h"
#include "kstring.h"
#include "printk.h"
#include "uapi/errno.h"
#include "uapi/limits.h"
#include "uapi/mount.h"

static struct superblock *mounts;

/* The flags that only change how a mount is shown or what it permits, which mount records. */
#define MS_RECORDED (MS_NOSUID | MS_NODEV | MS_NOEXEC | MS_NOATIME | MS_NODIRATIME | \
                     MS_RELATIME | MS_STRICTATIME | MS_LAZYTIME | MS_SILENT | MS_SYNCHRONOUS | \
                     MS_DIRSYNC | MS_MANDLOCK | MS_NOSYMFOLLOW)
/* Requests this kernel does not carry out. */
#define MS_UNDONE (MS_RDONLY | MS_REMOUNT | MS_BIND | MS_MOVE | MS_REC | MS_UNBINDABLE | \
                   MS_PRIVATE | MS_SLAVE | MS_SHARED)

/* Linux's "rootfs" type name for the initramfs root, a tmpfs underneath. */
static const struct fs_type rootfs_type = { .name = "rootfs", .magic = 0x01021994, .nodev = true };

const struct fs_type *const fs_types[] = { &tmpfs_type, &devtmpfs_type, &proc_type, NULL };

struct superblock *mount_first(void) { return mounts; }

static char *copy_string(const char *s)
{
    size_t len = strlen(s);
    char *c = kmalloc(len + 1);
    if (c)
        memcpy(c, s, len + 1);
    return c;
}

static void table_append(struct superblock *sb)
{
    struct superblock **pp = &mounts;
    while (*pp)
        pp = &(*pp)->next;
    sb->next = NULL;
    *pp = sb;
}

static void table_remove(struct superblock *sb)
{
    for (struct superblock **pp = &mounts; *pp; pp = &(*pp)->next) {
        if (*pp == sb) {
            *pp = sb->next;
            return;
        }
    }
}

void mount_set_root(struct inode *root)
{
    root->sb->type = &rootfs_type;
    root->sb->source = copy_string("rootfs");
    table_append(root->sb);
}

/* devtmpfs's nodes, with Linux's numbers and modes. */
static const struct { const char *name; u32 major, minor, mode; } dev_nodes[] = {
    { "null", 1, 3, 0666 }, { "zero", 1, 5, 0666 }, { "full", 1, 7, 0666 },
    { "random", 1, 8, 0666 }, { "urandom", 1, 9, 0666 }, { "tty", 5, 0, 0666 },
    { "console", 5, 1, 0600 }, { "ttyS0", 4, 64, 0600 },
};

static struct superblock *devtmpfs_new(void)
{
    struct inode *root = ramfs_new_root();
    if (!root)
        return NULL;
    root->sb->type = &devtmpfs_type;
    for (size_t i = 0; i < ARRAY_SIZE(dev_nodes); i++) {
        u32 rdev = dev_make(dev_nodes[i].major, dev_nodes[i].minor);
        if (ramfs_create(root, dev_nodes[i].name, strlen(dev_nodes[i].name),
                         S_IFCHR | dev_nodes[i].mode, rdev, NULL)) {
            ramfs_destroy(root);
            return NULL;
        }
    }
    return root->sb;
}

/* A tmpfs as its options (data, cut up in place) ask: a size limit, the root's mode and owner.
 * Like Linux, the root belongs to the caller's filesystem ids unless uid= or gid= say else. */
static int tmpfs_new(char *data, struct superblock **out)
{
    struct tmpfs_options opts;
    int err = tmpfs_parse_options(data, &opts);
    if (err)
        return err;
    struct inode *root = ramfs_new_root();
    if (!root)
        return -ENOMEM;
    struct process *p = current_proc();
    root->mode = S_IFDIR | (opts.set_mode ? opts.mode : 01777);
    root->uid = opts.set_uid ? opts.uid : p->fsuid;
    root->gid = opts.set_gid ? opts.gid : p->fsgid;
    root->sb->max_pages = opts.max_pages;
    *out = root->sb;
    return 0;
}

/* A new instance of the named type: -ENODEV for a type not known, -EINVAL for options it
 * refuses, -ENOMEM. Only tmpfs reads options; the other types ignore them. */
static int new_instance(const char *type, char *data, struct superblock **out)
{
    *out = NULL;
    if (strcmp(type, "tmpfs") == 0) {
        return tmpfs_new(data, out);
    } else if (strcmp(type, "devtmpfs") == 0) {
        *out = devtmpfs_new();
    } else if (strcmp(type, "proc") == 0) {
        *out = procfs_new();
    } else {
        return -ENODEV;
    }
    return *out ? 0 : -ENOMEM;
}

static void free_instance(struct superblock *sb)
{
    kfree(sb->source);
    sb->source = NULL;
    if (inode_is_ramfs(sb->root))
        ramfs_destroy(sb->root);
    else
        procfs_destroy(sb);
}

int kern_mount(const char *source, const char *type, unsigned long flags, char *data,
               struct inode *target)
{
    if ((flags & MS_MGC_MSK) == MS_MGC_VAL)
        flags &= ~MS_MGC_MSK;
    if (flags & MS_UNDONE)
        return -EINVAL;
    struct superblock *sb;
    int err = new_instance(type, data, &sb);
    if (err)
        return err;
    if (!S_ISDIR(target->mode)) {
        free_instance(sb);
        return -ENOTDIR;
    }
    sb->source = copy_string(source ? source : "none");
    if (!sb->source) {
        free_instance(sb);
        return -ENOMEM;
    }
    sb->flags = flags & MS_RECORDED;
    sb->covered = target;
    inode_get(target);
    target->mounted = sb;
    table_append(sb);
    return 0;
}

static bool file_in(struct file *f, struct superblock *sb)
{
    return f && f->inode->sb == sb;
}

/* Does a living process hold something inside sb: its root, cwd, an open file or a mapping? */
static bool process_uses(struct process *p, struct superblock *sb)
{
    if (p->state != PROC_ALIVE)
        return false;
    if ((p->cwd && p->cwd->sb == sb) || (p->root && p->root->sb == sb))
        return true;
    for (int fd = 0; p->files && fd < p->files->size; fd++)
        if (file_in(p->files->slots[fd].file, sb))
            return true;
    for (struct vma *v = p->mm ? p->mm->vmas : NULL; v; v = v->next)
        if (v->file && v->file->sb == sb)
            return true;
    return false;
}

static bool instance_busy(struct superblock *sb)
{
    for (struct superblock *m = mounts; m; m = m->next)
        if (m->covered && m->covered->sb == sb)
            return true;
    for (struct process *p = proc_first(); p; p = p->next_proc)
        if (process_uses(p, sb))
            return true;
    return false;
}

int kern_umount(struct inode *target, int flags)
{
    struct superblock *sb = target->sb;
    if (target != sb->root || !sb->covered)
        return -EINVAL;
    bool busy = instance_busy(sb);
    if (busy && !(flags & MNT_DETACH))
        return -EBUSY;
    sb->covered->mounted = NULL;
    inode_put(sb->covered);
    sb->covered = NULL;
    table_remove(sb);
    /* A lazily detached instance still in use stays allocated: nothing tracks its last user. */
    if (!busy)
        free_instance(sb);
    return 0;
}

/* Linux's option words for the recorded flags. */
static size_t options_text(const struct superblock *sb, char *buf, size_t size)
{
    static const struct { unsigned long flag; const char *word; } words[] = {
        { MS_NOSUID, ",nosuid" }, { MS_NODEV, ",nodev" }, { MS_NOEXEC, ",noexec" },
        { MS_SYNCHRONOUS, ",sync" }, { MS_DIRSYNC, ",dirsync" }, { MS_NOATIME, ",noatime" },
        { MS_NODIRATIME, ",nodiratime" },
    };
    size_t n = (size_t)snprintf(buf, size, "rw");
    for (size_t i = 0; i < ARRAY_SIZE(words) && n < size; i++)
        if (sb->flags & words[i].flag)
            n += (size_t)snprintf(buf + n, size - n, "%s", words[i].word);
    if (n < size && !(sb->flags & (MS_NOATIME | MS_STRICTATIME)))
        n += (size_t)snprintf(buf + n, size - n, ",relatime");
    return MIN(n, size);
}

size_t mount_table_text(struct inode *root, char *buf, size_t size)
{
    char *path = kmalloc(PATH_MAX);
    if (!path)
        return 0;
    size_t n = 0;
    for (struct superblock *sb = mounts; sb && n < size; sb = sb->next) {
        if (path_of(root, sb->root, path, PATH_MAX) < 0 || strncmp(path, "(unreachable)", 13) == 0)
            continue;       /* mounted outside the reader's root */
        char opts[96];
        options_text(sb, opts, sizeof(opts));
        n += (size_t)snprintf(buf + n, size - n, "%s %s %s %s 0 0\n", sb->source, path,
                              sb->type->name, opts);
    }
    kfree(path);
    return MIN(n, size);
}
