/* The contents of RAM files: pages found through a radix tree, so memory follows the pages
 * written and not the offsets, and holes cost nothing. Split from fs/ramfs.c, which keeps the
 * tree of names; include/fs.h has the interface. */
#include "fs.h"
#include "page.h"
#include "kmalloc.h"
#include "kstring.h"
#include "printk.h"
#include "uapi/errno.h"
#include "ramfs_internal.h"

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
    if (!inode_is_ramfs(f))
        return -EPERM;      /* a procfs file: its contents are generated, not stored */
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

/* Can the filesystem take one more data page? (tmpfs's size= limit) */
static bool room_for_page(const struct inode *f)
{
    return !f->sb->max_pages || f->sb->data_pages < f->sb->max_pages;
}

/* The page holding byte off, allocated (zeroed) with any missing nodes when it was a hole.
 * On failure (NULL: no memory, or the filesystem is full) the tree is as it was. */
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
        if (slot && !*slot && room_for_page(f) && (*slot = page_alloc())) {
            f->reg.npages++;
            f->sb->data_pages++;
        }
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
        f->sb->data_pages--;
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
 * offset (as Linux does), and makes sure every page it touches exists. When a page cannot be
 * had, the write is cut short before it, as Linux writes what fits; if that leaves nothing, the
 * error is ENOSPC for a full filesystem and ENOMEM otherwise, and the pages this added past the
 * end of the file go again (those it put in holes inside the file stay, as zeros). */
static long prepare_write(struct inode *f, size_t *len, u64 off)
{
    long err = check_regular(f);
    if (err)
        return err;
    if (off >= RAMFS_MAX_OFFSET)
        return -EFBIG;
    *len = (size_t)MIN((u64)*len, RAMFS_MAX_OFFSET - off);
    for (u64 p = ALIGN_DOWN(off, RAMFS_PAGE_SIZE); p < off + *len; p += RAMFS_PAGE_SIZE) {
        if (page_for_write(f, p))
            continue;
        if (p > off) {
            *len = (size_t)(p - off);
            return 0;
        }
        release_pages_from(f, f->size);
        return room_for_page(f) ? -ENOMEM : -ENOSPC;
    }
    return 0;
}

static void finish_write(struct inode *f, size_t len, u64 off)
{
    f->size = MAX(f->size, off + len);
    ramfs_touch_mtime(f);
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
    ramfs_touch_mtime(f);
    return 0;
}

void ramfs_release_data(struct inode *f)
{
    release_pages_from(f, 0);
}
