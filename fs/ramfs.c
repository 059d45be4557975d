/* The RAM filesystem: a tree of inodes kept wholly in kernel memory, which is where the
 * initramfs is unpacked and what the VFS serves to user space. Regular files keep their bytes
 * in pages found through a radix tree; directories keep an array of names in creation order. Behaviour
 * (errors, link counts, sizes) follows Linux's tmpfs. See include/fs.h for the interface and
 * docs/filesystem.md for the rules. */
#include "fs.h"
#include "page.h"
#include "kmalloc.h"
#include "kstring.h"
#include "printk.h"
#include "uapi/dirent.h"
#include "uapi/errno.h"
#include "uapi/limits.h"

/* tmpfs reports a directory's size as 20 bytes per entry, "." and ".." included. */
#define DIR_ENTRY_BYTES 20
/* The largest file offset, as for any 64-bit Linux filesystem. */
#define RAMFS_MAX_OFFSET ((u64)INT64_MAX)

static u64 next_ino = 1;

/* ---- inodes ---- */

static void release_pages_from(struct inode *f, u64 size);

static struct inode *inode_alloc(u32 mode, u32 rdev)
{
    struct inode *ino = kzalloc(sizeof(*ino));
    if (!ino)
        return NULL;
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

static void touch_mtime(struct inode *ino)
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
            release_pages_from(ino, 0);
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

struct inode *ramfs_new_root(void)
{
    struct inode *root = inode_alloc(S_IFDIR | 0755, 0);
    if (!root)
        return NULL;
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
    if (!S_ISDIR(dir->mode))
        return NULL;
    long i = find_entry(dir, name, len);
    return i < 0 ? NULL : dir->dir.children[i].inode;
}

/* 0 when dir can take new names; a removed directory cannot. */
static int dir_usable(struct inode *dir)
{
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
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
    touch_mtime(dir);
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
    touch_mtime(dir);
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
    struct inode *ino = inode_alloc(mode, S_ISCHR(mode) || S_ISBLK(mode) ? rdev : 0);
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
    struct inode *ino = inode_alloc(S_IFLNK | 0777, 0);
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
    if (victim->dir.count > 0)
        return -ENOTEMPTY;
    dir_remove_at(dir, (size_t)i);
    drop_name(dir, victim);
    return 0;
}

/* ---- rename ---- */

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

/* The checks rename makes once both names are looked up, in Linux's order. */
static int rename_check(struct inode *olddir, struct inode *src, struct inode *newdir,
                        struct inode *dst)
{
    if (S_ISDIR(src->mode) && is_under(newdir, src))
        return -EINVAL;
    if (dst && S_ISDIR(dst->mode) && olddir != newdir && is_under(olddir, dst))
        return -ENOTEMPTY;
    if (!dst || dst == src)
        return 0;
    if (S_ISDIR(src->mode) && !S_ISDIR(dst->mode))
        return -ENOTDIR;
    if (!S_ISDIR(src->mode) && S_ISDIR(dst->mode))
        return -EISDIR;
    if (S_ISDIR(dst->mode) && dst->dir.count > 0)
        return -ENOTEMPTY;
    return 0;
}

/* Looks up both names and runs every check; on success *oldi is the source's index and *dst the
 * inode the new name holds now, if any. */
static int rename_prepare(struct inode *olddir, const char *oldname, size_t oldlen,
                          struct inode *newdir, const char *newname, size_t newlen,
                          long *oldi, struct inode **dst)
{
    if (is_dot_or_dotdot(oldname, oldlen) || is_dot_or_dotdot(newname, newlen))
        return -EBUSY;
    int err = dir_usable(olddir);
    if (!err)
        err = dir_usable(newdir);
    if (err)
        return err;
    if (oldlen > NAME_MAX)
        return -ENAMETOOLONG;
    *oldi = find_entry(olddir, oldname, oldlen);
    if (*oldi < 0)
        return -ENOENT;
    if (newlen > NAME_MAX)
        return -ENAMETOOLONG;
    if (malformed_name(newname, newlen))
        return -EINVAL;
    long newi = find_entry(newdir, newname, newlen);
    *dst = newi < 0 ? NULL : newdir->dir.children[newi].inode;
    return rename_check(olddir, olddir->dir.children[*oldi].inode, newdir, *dst);
}

int ramfs_rename(struct inode *olddir, const char *oldname, size_t oldlen,
                 struct inode *newdir, const char *newname, size_t newlen)
{
    long oldi;
    struct inode *dst;
    int err = rename_prepare(olddir, oldname, oldlen, newdir, newname, newlen, &oldi, &dst);
    if (err)
        return err;
    struct inode *src = olddir->dir.children[oldi].inode;
    if (dst == src)
        return 0;
    if (dst) {
        /* Reuse the target's entry, so nothing can fail from here on. */
        newdir->dir.children[find_entry(newdir, newname, newlen)].inode = src;
        touch_mtime(newdir);
    } else if ((err = dir_add(newdir, newname, newlen, src)) != 0) {
        return err;
    }
    dir_remove_at(olddir, (size_t)find_entry(olddir, oldname, oldlen));
    if (S_ISDIR(src->mode) && olddir != newdir) {
        adopt_dir(newdir, src);
        olddir->nlink--;
        inode_put(olddir);
    }
    touch_ctime(src);
    if (dst)
        drop_name(newdir, dst);
    return 0;
}

/* ---- file contents: the page index ----
 *
 * A regular file's bytes live in reference-counted 4 KiB pages (include/page.h), found through
 * a radix tree indexed by page number: each node is itself one page of 512 pointers, so every
 * level resolves 9 bits of the index. A tree of height h covers page numbers below 512^h; at
 * height 0 the root is the page of index 0 itself (or NULL), so a small file needs no node. The
 * tree grows a level at a time by putting the old root in slot 0 of a new one, and truncation
 * folds it back, so memory follows the pages written and not the offsets: a 1-byte write at
 * 2^40 costs one data page and four nodes. An absent pointer is a hole that reads as zeros.
 * Pages never move, so a shared mapping can map them directly.
 *
 * Invariant: between calls no node is empty, the root is NULL only at height 0, the height
 * is at most INDEX_MAX_HEIGHT, and reg.npages counts the data pages in the tree (asserted where
 * pages are released). */

#define INDEX_BITS 9
#define INDEX_SLOTS (1u << INDEX_BITS)
/* Page numbers reach (2^63 - 1) / 4096 < 2^51, which six levels of 9 bits cover. */
#define INDEX_MAX_HEIGHT 6

struct index_node { void *slot[INDEX_SLOTS]; };
_Static_assert(sizeof(struct index_node) == RAMFS_PAGE_SIZE, "an index node fills one page");

static int check_regular(struct inode *f)
{
    if (S_ISDIR(f->mode))
        return -EISDIR;
    return S_ISREG(f->mode) ? 0 : -EINVAL;
}

/* How many page numbers a (sub)tree of this height covers. */
static u64 index_span(u32 height)
{
    return (u64)1 << (INDEX_BITS * height);
}

/* Which slot of a node at this height (>= 1) leads towards page number idx. */
static size_t slot_of(u64 idx, u32 height)
{
    return (size_t)(idx >> (INDEX_BITS * (height - 1))) & (INDEX_SLOTS - 1);
}

static bool node_empty(const struct index_node *node)
{
    for (size_t i = 0; i < INDEX_SLOTS; i++)
        if (node->slot[i])
            return false;
    return true;
}

/* The page holding byte off, or NULL for a hole. */
static u8 *page_at(const struct inode *f, u64 off)
{
    u64 idx = off / RAMFS_PAGE_SIZE;
    if (idx >= index_span(f->reg.height))
        return NULL;
    void *p = f->reg.root;
    for (u32 h = f->reg.height; h > 0 && p; h--)
        p = ((struct index_node *)p)->slot[slot_of(idx, h)];
    return p;
}

/* Folds away root nodes that only lead through slot 0, so truncation gives back the levels a
 * far write added; an empty tree returns to height 0. */
static void index_shrink(struct inode *f)
{
    while (f->reg.height > 0 && f->reg.root) {
        struct index_node *root = f->reg.root;
        bool only_first = true;
        for (size_t i = 1; i < INDEX_SLOTS && only_first; i++)
            only_first = root->slot[i] == NULL;
        if (!only_first)
            break;
        f->reg.root = root->slot[0];
        f->reg.height--;
        page_put(root);
    }
    if (!f->reg.root)
        f->reg.height = 0;
}

/* Raises the tree until it covers page number idx. An empty tree just takes the height; a
 * full one gains levels above its root. */
static int index_grow(struct inode *f, u64 idx)
{
    while (idx >= index_span(f->reg.height)) {
        if (!f->reg.root) {
            f->reg.height++;
            continue;
        }
        struct index_node *top = page_alloc();
        if (!top)
            return -ENOMEM;
        top->slot[0] = f->reg.root;
        f->reg.root = top;
        f->reg.height++;
    }
    assert(f->reg.height <= INDEX_MAX_HEIGHT);
    return 0;
}

/* Frees the nodes on idx's path that hold nothing, bottom up, after a failed allocation. */
static void prune_path(struct inode *f, u64 idx)
{
    void **path[INDEX_MAX_HEIGHT];
    u32 depth = 0;
    void **slot = &f->reg.root;
    for (u32 h = f->reg.height; h > 0 && *slot && idx < index_span(f->reg.height); h--) {
        path[depth++] = slot;
        slot = &((struct index_node *)*slot)->slot[slot_of(idx, h)];
    }
    while (depth > 0 && node_empty(*path[depth - 1])) {
        depth--;
        page_put(*path[depth]);
        *path[depth] = NULL;
    }
    index_shrink(f);
}

/* The page holding byte off, allocated (zeroed) with any missing nodes when it was a hole.
 * On -ENOMEM (NULL) the tree is as it was. */
static u8 *page_for_write(struct inode *f, u64 off)
{
    u64 idx = off / RAMFS_PAGE_SIZE;
    void **slot = &f->reg.root;
    if (index_grow(f, idx) == 0) {
        for (u32 h = f->reg.height; h > 0 && slot; h--) {
            if (!*slot && !(*slot = page_alloc()))
                slot = NULL;
            else
                slot = &((struct index_node *)*slot)->slot[slot_of(idx, h)];
        }
        if (slot && !*slot && (*slot = page_alloc()))
            f->reg.npages++;
        if (slot && *slot)
            return *slot;
    }
    prune_path(f, idx);
    return NULL;
}

/* Drops every page numbered first or later in the subtree at *slot (of the given height,
 * numbered from 0) and frees the nodes this empties. Recurses once per level, so at most
 * INDEX_MAX_HEIGHT deep. */
static void drop_pages_from(struct inode *f, void **slot, u32 height, u64 first)
{
    if (!*slot || first >= index_span(height))
        return;
    if (height == 0) {
        page_put(*slot);
        f->reg.npages--;
        *slot = NULL;
        return;
    }
    struct index_node *node = *slot;
    u64 child_span = index_span(height - 1);
    for (size_t i = first / child_span; i < INDEX_SLOTS; i++) {
        u64 base = i * child_span;
        drop_pages_from(f, &node->slot[i], height - 1, first > base ? first - base : 0);
    }
    if (node_empty(node)) {
        page_put(node);
        *slot = NULL;
    }
}

/* Drops the pages wholly past size and zeroes the tail of the last one, so that growing the file
 * again reads zeros there. A page still mapped somewhere lives on until its mapping goes. */
static void release_pages_from(struct inode *f, u64 size)
{
    drop_pages_from(f, &f->reg.root, f->reg.height, ALIGN_UP(size, (u64)RAMFS_PAGE_SIZE) / RAMFS_PAGE_SIZE);
    index_shrink(f);
    u8 *last = size % RAMFS_PAGE_SIZE ? page_at(f, size) : NULL;
    if (last)
        memset(last + size % RAMFS_PAGE_SIZE, 0, RAMFS_PAGE_SIZE - size % RAMFS_PAGE_SIZE);
    assert(f->reg.root || (f->reg.height == 0 && f->reg.npages == 0));
}

/* The first page number at or after from, within the subtree node of the given height, whose
 * slot holds a page (want_page) or is a hole (!want_page); index_span(height) when there is
 * none. Empty subtrees are skipped whole, and recursion goes one level per call. */
static u64 index_find(void *node, u32 height, u64 from, bool want_page)
{
    if (from >= index_span(height))
        return index_span(height);
    if (!node || height == 0)
        return (node != NULL) == want_page ? from : index_span(height);
    u64 child_span = index_span(height - 1);
    for (size_t i = from / child_span; i < INDEX_SLOTS; i++) {
        u64 base = i * child_span;
        u64 found = index_find(((struct index_node *)node)->slot[i], height - 1,
                               from > base ? from - base : 0, want_page);
        if (found < child_span)
            return base + found;
    }
    return index_span(height);
}

u64 ramfs_blocks(const struct inode *f)
{
    return S_ISREG(f->mode) ? f->reg.npages * (RAMFS_PAGE_SIZE / 512) : 0;
}

/* SEEK_DATA and SEEK_HOLE as tmpfs answers them: a page that exists is data throughout, a
 * missing one is a hole, and the end of the file counts as a hole. */
static s64 seek_data_or_hole(struct inode *f, u64 off, bool data)
{
    if (!S_ISREG(f->mode))
        return -EINVAL;
    if (off >= f->size)
        return -ENXIO;
    u64 idx = off / RAMFS_PAGE_SIZE, last = (f->size - 1) / RAMFS_PAGE_SIZE;
    u64 span = index_span(f->reg.height);
    u64 found = index_find(f->reg.root, f->reg.height, idx, data);
    if (found == span)      /* none in the tree, past which all is hole */
        found = data ? UINT64_MAX : MAX(idx, span);
    if (found > last)
        return data ? -ENXIO : (s64)f->size;
    return found == idx ? (s64)off : (s64)(found * RAMFS_PAGE_SIZE);
}

s64 ramfs_seek_data(struct inode *f, u64 off)
{
    return seek_data_or_hole(f, off, true);
}

s64 ramfs_seek_hole(struct inode *f, u64 off)
{
    return seek_data_or_hole(f, off, false);
}

/* ---- file contents: reading and writing ---- */

/* How many bytes a read of len at off returns. */
static size_t readable(struct inode *f, size_t len, u64 off)
{
    return off >= f->size ? 0 : (size_t)MIN((u64)len, f->size - off);
}

/* Copies out len readable bytes at off, page by page, to a kernel or a user buffer. */
static long copy_out(struct inode *f, void *kbuf, uptr ubuf, size_t len, u64 off)
{
    for (size_t done = 0; done < len; ) {
        size_t in_page = (off + done) % RAMFS_PAGE_SIZE;
        size_t n = MIN(len - done, RAMFS_PAGE_SIZE - in_page);
        const u8 *page = page_at(f, off + done);
        long err = 0;
        if (kbuf && page)
            memcpy((u8 *)kbuf + done, page + in_page, n);
        else if (kbuf)
            memset((u8 *)kbuf + done, 0, n);
        else
            err = page ? copy_to_user(uptr_add(ubuf, done), page + in_page, n)
                       : clear_user(uptr_add(ubuf, done), n);
        if (err)
            return -EFAULT;
        done += n;
    }
    return (long)len;
}

long ramfs_read(struct inode *f, void *kbuf, size_t len, u64 off)
{
    int err = check_regular(f);
    if (err)
        return err;
    return copy_out(f, kbuf, uptr_of(0), readable(f, len, off), off);
}

long ramfs_read_user(struct inode *f, uptr buf, size_t len, u64 off)
{
    int err = check_regular(f);
    if (err)
        return err;
    return copy_out(f, NULL, buf, readable(f, len, off), off);
}

/* Checks a write of *len bytes at off, shortening *len when it would run past the largest
 * offset (as Linux does), and makes sure every page it touches exists. Without memory, the
 * pages this added past the end of the file go again; those it put in holes inside the file
 * stay, as zeros. */
static long prepare_write(struct inode *f, size_t *len, u64 off)
{
    long err = check_regular(f);
    if (err)
        return err;
    if (off >= RAMFS_MAX_OFFSET)
        return -EFBIG;
    *len = (size_t)MIN((u64)*len, RAMFS_MAX_OFFSET - off);
    for (u64 p = ALIGN_DOWN(off, RAMFS_PAGE_SIZE); p < off + *len; p += RAMFS_PAGE_SIZE) {
        if (!page_for_write(f, p)) {
            release_pages_from(f, f->size);
            return -ENOMEM;
        }
    }
    return 0;
}

static void finish_write(struct inode *f, size_t len, u64 off)
{
    f->size = MAX(f->size, off + len);
    touch_mtime(f);
}

static long copy_in(struct inode *f, const void *kbuf, uptr ubuf, size_t len, u64 off)
{
    for (size_t done = 0; done < len; ) {
        size_t in_page = (off + done) % RAMFS_PAGE_SIZE;
        size_t n = MIN(len - done, RAMFS_PAGE_SIZE - in_page);
        u8 *page = page_at(f, off + done);
        if (kbuf)
            memcpy(page + in_page, (const u8 *)kbuf + done, n);
        else if (copy_from_user(page + in_page, uptr_add(ubuf, done), n))
            return -EFAULT;
        done += n;
    }
    return (long)len;
}

long ramfs_write(struct inode *f, const void *kbuf, size_t len, u64 off)
{
    if (len == 0)
        return check_regular(f);
    long err = prepare_write(f, &len, off);
    if (err)
        return err;
    copy_in(f, kbuf, uptr_of(0), len, off);
    finish_write(f, len, off);
    return (long)len;
}

long ramfs_write_user(struct inode *f, uptr buf, size_t len, u64 off)
{
    if (len == 0)
        return check_regular(f);
    long err = prepare_write(f, &len, off);
    if (err)
        return err;
    if (copy_in(f, NULL, buf, len, off) < 0) {
        release_pages_from(f, f->size);
        return -EFAULT;
    }
    finish_write(f, len, off);
    return (long)len;
}

void *ramfs_map_page(struct inode *f, u64 off)
{
    if (check_regular(f) || off >= ALIGN_UP(f->size, (u64)RAMFS_PAGE_SIZE))
        return NULL;
    u8 *page = page_for_write(f, off);
    if (page)
        page_get(page);
    return page;
}

/* Growing costs nothing until bytes are written: the new range is a hole. */
int ramfs_truncate(struct inode *f, u64 size)
{
    int err = check_regular(f);
    if (err)
        return err;
    if (size > RAMFS_MAX_OFFSET)
        return -EFBIG;
    if (size < f->size)
        release_pages_from(f, size);
    f->size = size;
    touch_mtime(f);
    return 0;
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
