/* The RAM filesystem: a tree of inodes kept wholly in kernel memory, which is where the
 * initramfs is unpacked and what the VFS serves to user space. Regular files keep their bytes
 * in pages found through a radix tree (fs/ramfs_data.c); directories keep an array of names in
 * creation order (here). Behaviour
 * (errors, link counts, sizes) follows Linux's tmpfs. See include/fs.h for the interface and
 * docs/filesystem.md for the rules. */
#include "fs.h"
#include "page.h"
#include "kmalloc.h"
#include "kstring.h"
#include "printk.h"
#include "uapi/dirent.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/limits.h"
#include "uapi/statfs.h"
#include "ramfs_internal.h"

/* tmpfs reports a directory's size as 20 bytes per entry, "." and ".." included. */
#define DIR_ENTRY_BYTES 20

/* devtmpfs is a tmpfs too: statfs gives both TMPFS_MAGIC (uapi/statfs.h). */
const struct fs_type tmpfs_type = { .name = "tmpfs", .magic = TMPFS_MAGIC, .nodev = true };
const struct fs_type devtmpfs_type = { .name = "devtmpfs", .magic = TMPFS_MAGIC, .nodev = true };

static u64 next_ino = 1;
static u32 next_anon_minor = 1;

u32 fs_anon_dev(void)
{
    return dev_make(0, next_anon_minor++);
}

/* ---- inodes ---- */

static struct inode *inode_alloc(struct superblock *sb, u32 mode, u32 rdev)
{
    struct inode *ino = kzalloc(sizeof(*ino));
    if (!ino)
        return NULL;
    ino->sb = sb;
    ino->ino = next_ino++;
    ino->mode = mode & (S_IFMT | S_IALLUGO);
    ino->nlink = 1;
    ino->rdev = rdev;
    fs_now(&ino->mtime);
    ino->atime = ino->ctime = ino->mtime;
    return ino;
}

static void touch_ctime(struct inode *ino)
{
    fs_now(&ino->ctime);
}

void ramfs_touch_mtime(struct inode *ino)
{
    fs_now(&ino->mtime);
    ino->ctime = ino->mtime;
}

/* Frees ino if nothing names or holds it. A freed directory drops its hold on its parent, which
 * may free that one in turn, so this walks upwards in a loop rather than recursing. */
static void inode_free_unused(struct inode *ino)
{
    while (ino && ino->nlink == 0 && ino->refs == 0) {
        struct inode *next = NULL;
        if (S_ISDIR(ino->mode)) {
            assert(ino->dir.count == 0);
            kfree(ino->dir.children);
            if (ino->parent && ino->parent != ino) {
                next = ino->parent;
                assert(next->refs > 0);
                next->refs--;
            }
        } else if (S_ISREG(ino->mode)) {
            ramfs_release_data(ino);
        } else if (S_ISLNK(ino->mode)) {
            kfree(ino->lnk.target);
        }
        kfree(ino);
        ino = next;
    }
}

void inode_get(struct inode *ino)
{
    ino->refs++;
}

void inode_put(struct inode *ino)
{
    assert(ino->refs > 0);
    ino->refs--;
    inode_free_unused(ino);
}

/* The superblock of the nameless inodes: a tmpfs instance mounted nowhere. */
static struct superblock unnamed_sb = { .type = &tmpfs_type };

struct inode *ramfs_new_unnamed(u32 mode)
{
    if (!unnamed_sb.dev)
        unnamed_sb.dev = fs_anon_dev();
    struct inode *ino = inode_alloc(&unnamed_sb, mode, 0);
    if (!ino)
        return NULL;
    ino->nlink = 0;
    ino->refs = 1;
    return ino;
}

struct inode *ramfs_new_root(void)
{
    struct superblock *sb = kzalloc(sizeof(*sb));
    struct inode *root = sb ? inode_alloc(sb, S_IFDIR | 0755, 0) : NULL;
    if (!root) {
        kfree(sb);
        return NULL;
    }
    *sb = (struct superblock){ .type = &tmpfs_type, .dev = fs_anon_dev(), .root = root };
    root->nlink = 2;
    root->size = 2 * DIR_ENTRY_BYTES;
    root->parent = root;
    return root;
}

/* Frees every inode under root, depth first without recursion: take a directory's last entry;
 * descend into it if it is a directory, otherwise drop that name; an emptied directory is freed
 * and the walk climbs back to its parent. */
void ramfs_destroy(struct inode *root)
{
    struct superblock *sb = root->sb;
    struct inode *node = root;
    while (node) {
        if (node->dir.count > 0) {
            struct dentry *d = &node->dir.children[--node->dir.count];
            struct inode *child = d->inode;
            kfree(d->name);
            if (S_ISDIR(child->mode)) {
                node = child;
            } else if (--child->nlink == 0) {
                child->refs = 0;
                inode_free_unused(child);
            }
            continue;
        }
        struct inode *up = node == root ? NULL : node->parent;
        kfree(node->dir.children);
        kfree(node);
        node = up;
    }
    kfree(sb);      /* last: freeing the files' data counts their pages out of it */
}

/* ---- directory entries ---- */

static bool name_is(const char *name, size_t len, const char *what)
{
    return len == strlen(what) && memcmp(name, what, len) == 0;
}

static bool is_dot_or_dotdot(const char *name, size_t len)
{
    return name_is(name, len, ".") || name_is(name, len, "..");
}

/* Index of name in dir, or -1. */
static long find_entry(struct inode *dir, const char *name, size_t len)
{
    for (size_t i = 0; i < dir->dir.count; i++) {
        struct dentry *d = &dir->dir.children[i];
        if (d->namelen == len && memcmp(d->name, name, len) == 0)
            return (long)i;
    }
    return -1;
}

struct inode *ramfs_lookup(struct inode *dir, const char *name, size_t len)
{
    if (!S_ISDIR(dir->mode) || !inode_is_ramfs(dir))
        return NULL;
    long i = find_entry(dir, name, len);
    return i < 0 ? NULL : dir->dir.children[i].inode;
}

/* 0 when dir can take new names; a removed directory cannot. */
static int dir_usable(struct inode *dir)
{
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    if (!inode_is_ramfs(dir))
        return -EPERM;
    return dir->nlink == 0 ? -ENOENT : 0;
}

/* A name the path layer could never have produced: empty, or holding a '/' or a NUL. */
static bool malformed_name(const char *name, size_t len)
{
    if (len == 0)
        return true;
    for (size_t i = 0; i < len; i++)
        if (name[i] == '/' || name[i] == '\0')
            return true;
    return false;
}

/* Checks a name for a new entry: a single component that does not exist yet. */
static int check_new_name(struct inode *dir, const char *name, size_t len)
{
    if (malformed_name(name, len))
        return -EINVAL;
    if (len > NAME_MAX)
        return -ENAMETOOLONG;
    if (is_dot_or_dotdot(name, len) || find_entry(dir, name, len) >= 0)
        return -EEXIST;
    return 0;
}

/* Appends a name for ino; the caller has checked it. Nothing changes on -ENOMEM. */
static int dir_add(struct inode *dir, const char *name, size_t len, struct inode *ino)
{
    if (dir->dir.count == dir->dir.cap) {
        size_t cap = dir->dir.cap ? dir->dir.cap * 2 : 8;
        struct dentry *grown = krealloc(dir->dir.children, cap * sizeof(*grown));
        if (!grown)
            return -ENOMEM;
        dir->dir.children = grown;
        dir->dir.cap = cap;
    }
    char *copy = kmalloc(len + 1);
    if (!copy)
        return -ENOMEM;
    memcpy(copy, name, len);
    copy[len] = '\0';
    dir->dir.children[dir->dir.count++] = (struct dentry){
        .name = copy, .namelen = len, .cookie = dir->dir.next_cookie++, .inode = ino,
    };
    dir->size += DIR_ENTRY_BYTES;
    ramfs_touch_mtime(dir);
    return 0;
}

/* Removes entry i, keeping the others in cookie order. The inode is the caller's to drop. */
static void dir_remove_at(struct inode *dir, size_t i)
{
    kfree(dir->dir.children[i].name);
    memmove(&dir->dir.children[i], &dir->dir.children[i + 1],
            (dir->dir.count - i - 1) * sizeof(struct dentry));
    dir->dir.count--;
    dir->size -= DIR_ENTRY_BYTES;
    ramfs_touch_mtime(dir);
}

/* Makes a directory inode dir's child: ".." points at dir, which gains a link and a hold. */
static void adopt_dir(struct inode *dir, struct inode *child)
{
    child->parent = dir;
    dir->nlink++;
    inode_get(dir);
}

/* Drops one name of ino, which was just removed from a directory. A directory has only one
 * name, so it is dead afterwards and its parent loses the link its ".." gave. */
static void drop_name(struct inode *dir, struct inode *ino)
{
    if (S_ISDIR(ino->mode)) {
        ino->nlink = 0;
        dir->nlink--;
    } else {
        ino->nlink--;
    }
    touch_ctime(ino);
    inode_free_unused(ino);
}

/* ---- creating and removing names ---- */

static bool creatable_type(u32 mode)
{
    switch (mode & S_IFMT) {
    case S_IFREG: case S_IFDIR: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
        return true;
    default:
        return false;
    }
}

/* Links a freshly allocated inode into dir, or frees it on failure. */
static int add_new_inode(struct inode *dir, const char *name, size_t len, struct inode *ino,
                         struct inode **out)
{
    int err = dir_add(dir, name, len, ino);
    if (err) {
        ino->nlink = 0;
        inode_free_unused(ino);
        return err;
    }
    if (S_ISDIR(ino->mode))
        adopt_dir(dir, ino);
    if (out)
        *out = ino;
    return 0;
}

int ramfs_create(struct inode *dir, const char *name, size_t len, u32 mode, u32 rdev,
                 struct inode **out)
{
    int err = dir_usable(dir);
    if (!err)
        err = check_new_name(dir, name, len);
    if (err)
        return err;
    if (!creatable_type(mode))
        return -EINVAL;
    struct inode *ino = inode_alloc(dir->sb, mode, S_ISCHR(mode) || S_ISBLK(mode) ? rdev : 0);
    if (!ino)
        return -ENOMEM;
    if (S_ISDIR(mode)) {
        ino->nlink = 2;
        ino->size = 2 * DIR_ENTRY_BYTES;
    }
    return add_new_inode(dir, name, len, ino, out);
}

int ramfs_symlink(struct inode *dir, const char *name, size_t len, const char *target,
                  struct inode **out)
{
    size_t tlen = strnlen(target, PATH_MAX);
    if (tlen == 0)
        return -ENOENT;
    if (tlen == PATH_MAX)
        return -ENAMETOOLONG;
    int err = dir_usable(dir);
    if (!err)
        err = check_new_name(dir, name, len);
    if (err)
        return err;
    struct inode *ino = inode_alloc(dir->sb, S_IFLNK | 0777, 0);
    char *copy = kmalloc(tlen + 1);
    if (!ino || !copy) {
        kfree(ino);
        kfree(copy);
        return -ENOMEM;
    }
    memcpy(copy, target, tlen + 1);
    ino->lnk.target = copy;
    ino->size = tlen;
    return add_new_inode(dir, name, len, ino, out);
}

int ramfs_link(struct inode *dir, const char *name, size_t len, struct inode *target)
{
    if (dir->sb != target->sb)
        return -EXDEV;
    int err = dir_usable(dir);
    if (!err)
        err = check_new_name(dir, name, len);
    if (err)
        return err;
    if (S_ISDIR(target->mode))
        return -EPERM;
    if (target->nlink == 0)
        return -ENOENT;
    err = dir_add(dir, name, len, target);
    if (err)
        return err;
    target->nlink++;
    touch_ctime(target);
    return 0;
}

/* Finds the entry an unlink or rmdir removes. */
static long find_victim(struct inode *dir, const char *name, size_t len)
{
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    if (!inode_is_ramfs(dir))
        return -EPERM;
    if (len > NAME_MAX)
        return -ENAMETOOLONG;
    long i = find_entry(dir, name, len);
    return i < 0 ? -ENOENT : i;
}

int ramfs_unlink(struct inode *dir, const char *name, size_t len)
{
    if (is_dot_or_dotdot(name, len))
        return -EISDIR;
    long i = find_victim(dir, name, len);
    if (i < 0)
        return (int)i;
    struct inode *victim = dir->dir.children[i].inode;
    if (S_ISDIR(victim->mode))
        return -EISDIR;
    dir_remove_at(dir, (size_t)i);
    drop_name(dir, victim);
    return 0;
}

int ramfs_rmdir(struct inode *dir, const char *name, size_t len)
{
    if (name_is(name, len, "."))
        return -EINVAL;
    if (name_is(name, len, ".."))
        return -ENOTEMPTY;
    long i = find_victim(dir, name, len);
    if (i < 0)
        return (int)i;
    struct inode *victim = dir->dir.children[i].inode;
    if (!S_ISDIR(victim->mode))
        return -ENOTDIR;
    if (victim->mounted)
        return -EBUSY;      /* a mount point stays while something is mounted on it */
    if (victim->dir.count > 0)
        return -ENOTEMPTY;
    dir_remove_at(dir, (size_t)i);
    drop_name(dir, victim);
    return 0;
}

/* ---- rename ---- */

#define RENAME_FLAGS (RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT)

/* True when dir is ancestor itself or lies somewhere below it. */
static bool is_under(struct inode *dir, struct inode *ancestor)
{
    for (;;) {
        if (dir == ancestor)
            return true;
        if (dir->parent == dir)
            return false;
        dir = dir->parent;
    }
}

/* A directory changing parents takes its ".." (a link and a hold) from one to the other. The old
 * parent still has its own name, so dropping the hold never frees it. */
static void move_dir(struct inode *child, struct inode *from, struct inode *to)
{
    adopt_dir(to, child);
    from->nlink--;
    inode_put(from);
}

/* The checks rename makes once both names are looked up, in Linux's order. */
static int rename_check(struct inode *olddir, struct inode *src, struct inode *newdir,
                        struct inode *dst, unsigned flags)
{
    bool exchange = flags & RENAME_EXCHANGE;
    if (S_ISDIR(src->mode) && is_under(newdir, src))
        return -EINVAL;
    if (dst && S_ISDIR(dst->mode) && olddir != newdir && is_under(olddir, dst))
        return exchange ? -EINVAL : -ENOTEMPTY;
    if (!dst || dst == src || exchange)
        return 0;
    if (S_ISDIR(src->mode) && !S_ISDIR(dst->mode))
        return -ENOTDIR;
    if (!S_ISDIR(src->mode) && S_ISDIR(dst->mode))
        return -EISDIR;
    if (S_ISDIR(dst->mode) && dst->dir.count > 0)
        return -ENOTEMPTY;
    return 0;
}

/* Looks one of rename's names up as Linux does, directory state first: *index is the entry's,
 * or -1 when there is none. */
static int rename_find(struct inode *dir, const char *name, size_t len, long *index)
{
    int err = dir_usable(dir);
    if (err)
        return err;
    if (len > NAME_MAX)
        return -ENAMETOOLONG;
    *index = find_entry(dir, name, len);
    return 0;
}

/* Looks both names up and runs every check; on success *oldi is the source's index and *newi
 * the target's, or -1 when the new name is free. */
static int rename_prepare(struct inode *olddir, const char *oldname, size_t oldlen,
                          struct inode *newdir, const char *newname, size_t newlen,
                          unsigned flags, long *oldi, long *newi)
{
    if (olddir->sb != newdir->sb)
        return -EXDEV;
    if (is_dot_or_dotdot(oldname, oldlen))
        return -EBUSY;
    if (is_dot_or_dotdot(newname, newlen))
        return (flags & RENAME_NOREPLACE) ? -EEXIST : -EBUSY;
    int err = rename_find(olddir, oldname, oldlen, oldi);
    if (err)
        return err;
    if (*oldi < 0)
        return -ENOENT;
    if ((err = rename_find(newdir, newname, newlen, newi)) != 0)
        return err;
    if (malformed_name(newname, newlen))
        return -EINVAL;
    struct inode *dst = *newi < 0 ? NULL : newdir->dir.children[*newi].inode;
    if (dst && (flags & RENAME_NOREPLACE))
        return -EEXIST;
    if (!dst && (flags & RENAME_EXCHANGE))
        return -ENOENT;
    if (olddir->dir.children[*oldi].inode->mounted || (dst && dst->mounted))
        return -EBUSY;      /* mount points cannot move or be replaced */
    return rename_check(olddir, olddir->dir.children[*oldi].inode, newdir, dst, flags);
}

/* Moves entry oldi of olddir to newname in newdir, over entry newi if that is >= 0. A whiteout
 * inode, when given, takes the old entry's place; otherwise the old entry goes. Nothing has
 * changed when this fails (-ENOMEM). */
static int rename_move(struct inode *olddir, long oldi, struct inode *newdir, long newi,
                       const char *newname, size_t newlen, struct inode *whiteout)
{
    struct inode *src = olddir->dir.children[oldi].inode;
    struct inode *dst = newi < 0 ? NULL : newdir->dir.children[newi].inode;
    if (dst) {
        /* Reuse the target's entry, so nothing can fail from here on. */
        newdir->dir.children[newi].inode = src;
        ramfs_touch_mtime(newdir);
    } else {
        int err = dir_add(newdir, newname, newlen, src);    /* appends: oldi stays valid */
        if (err)
            return err;
    }
    if (whiteout) {
        olddir->dir.children[oldi].inode = whiteout;
        ramfs_touch_mtime(olddir);
    } else {
        dir_remove_at(olddir, (size_t)oldi);
    }
    if (S_ISDIR(src->mode) && olddir != newdir)
        move_dir(src, olddir, newdir);
    touch_ctime(src);
    if (dst)
        drop_name(newdir, dst);
    return 0;
}

/* RENAME_EXCHANGE: the two entries swap inodes; directories that change parent take their ".."
 * along. Both entries keep their names and getdents positions. */
static void rename_exchange(struct inode *olddir, long oldi, struct inode *newdir, long newi)
{
    struct inode *src = olddir->dir.children[oldi].inode;
    struct inode *dst = newdir->dir.children[newi].inode;
    olddir->dir.children[oldi].inode = dst;
    newdir->dir.children[newi].inode = src;
    if (olddir != newdir && S_ISDIR(src->mode))
        move_dir(src, olddir, newdir);
    if (olddir != newdir && S_ISDIR(dst->mode))
        move_dir(dst, newdir, olddir);
    ramfs_touch_mtime(olddir);
    ramfs_touch_mtime(newdir);
    touch_ctime(src);
    touch_ctime(dst);
}

int ramfs_rename(struct inode *olddir, const char *oldname, size_t oldlen,
                 struct inode *newdir, const char *newname, size_t newlen, unsigned flags)
{
    if ((flags & ~RENAME_FLAGS) || ((flags & RENAME_EXCHANGE) && (flags & ~RENAME_EXCHANGE)))
        return -EINVAL;
    long oldi, newi;
    int err = rename_prepare(olddir, oldname, oldlen, newdir, newname, newlen, flags, &oldi, &newi);
    if (err)
        return err;
    if (newi >= 0 && newdir->dir.children[newi].inode == olddir->dir.children[oldi].inode)
        return 0;       /* two names of one inode: Linux does nothing */
    if (flags & RENAME_EXCHANGE) {
        rename_exchange(olddir, oldi, newdir, newi);
        return 0;
    }
    /* A whiteout is a character device 0:0 without permissions, as on Linux. */
    struct inode *whiteout = NULL;
    if ((flags & RENAME_WHITEOUT) && !(whiteout = inode_alloc(olddir->sb, S_IFCHR, 0)))
        return -ENOMEM;
    err = rename_move(olddir, oldi, newdir, newi, newname, newlen, whiteout);
    if (err && whiteout) {
        whiteout->nlink = 0;
        inode_free_unused(whiteout);
    }
    return err;
}

/* ---- listing ---- */

/* Index of the first child whose position (cookie + 2) is at least pos; cookies increase
 * along the array, so a binary search finds it. */
static size_t first_child_from(struct inode *dir, u64 pos)
{
    size_t lo = 0, hi = dir->dir.count;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (dir->dir.children[mid].cookie + 2 < pos)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

int fs_iterate(struct inode *dir, u64 *pos, ramfs_emit_fn emit, void *ctx)
{
    if (dir->sb->type->iterate)
        return dir->sb->type->iterate(dir, pos, emit, ctx);
    return ramfs_iterate(dir, pos, emit, ctx);
}

int ramfs_iterate(struct inode *dir, u64 *pos, ramfs_emit_fn emit, void *ctx)
{
    int err = dir_usable(dir);
    if (err)
        return err;
    for (; *pos < 2; (*pos)++) {
        bool dot = *pos == 0;
        int r = emit(ctx, dot ? "." : "..", dot ? 1 : 2, (dot ? dir : dir->parent)->ino, DT_DIR);
        if (r)
            return r < 0 ? r : 0;
    }
    for (size_t i = first_child_from(dir, *pos); i < dir->dir.count; i++) {
        struct dentry *d = &dir->dir.children[i];
        int r = emit(ctx, d->name, d->namelen, d->inode->ino, IFTODT(d->inode->mode));
        if (r)
            return r < 0 ? r : 0;
        *pos = d->cookie + 3;
    }
    return 0;
}
