/* The initramfs: a parser for "newc" cpio archives and an unpacker that recreates their
 * contents in the RAM filesystem, with Linux's rules (see docs/filesystem.md).
 *
 * A newc member is a 110-byte ASCII header (the magic and thirteen 8-digit hex fields), the
 * NUL-terminated name, padding to a 4-byte boundary, the data, and padding again. The archive
 * ends with a member called "TRAILER!!!"; several archives may follow one another. The parser
 * trusts nothing in the header: every size is checked against the buffer before use. */
#include "fs.h"
#include "kmalloc.h"
#include "kstring.h"
#include "printk.h"
#include "uapi/errno.h"
#include "uapi/limits.h"

#define NEWC_HEADER_LEN 110
#define NEWC_MAGIC_LEN 6
#define NEWC_FIELD_LEN 8

/* The header fields in their order after the magic. */
enum newc_field {
    F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR, F_DEVMINOR,
    F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, NEWC_FIELDS
};

static bool parse_hex8(const u8 *p, u32 *out)
{
    u32 v = 0;
    for (int i = 0; i < NEWC_FIELD_LEN; i++) {
        u8 c = p[i];
        u32 digit;
        if (c >= '0' && c <= '9')
            digit = c - '0';
        else if (c >= 'a' && c <= 'f')
            digit = c - 'a' + 10;
        else if (c >= 'A' && c <= 'F')
            digit = c - 'A' + 10;
        else
            return false;
        v = v << 4 | digit;
    }
    *out = v;
    return true;
}

/* Checks the magic and decodes the fields of the header at h, which has NEWC_HEADER_LEN bytes.
 * 070702 differs from 070701 only by a data checksum, which Linux does not verify either. */
static bool parse_header(const u8 *h, u32 f[NEWC_FIELDS])
{
    if (memcmp(h, "07070", 5) != 0 || (h[5] != '1' && h[5] != '2'))
        return false;
    for (int i = 0; i < NEWC_FIELDS; i++)
        if (!parse_hex8(h + NEWC_MAGIC_LEN + i * NEWC_FIELD_LEN, &f[i]))
            return false;
    return true;
}

static void fill_entry(struct cpio_entry *e, const u32 f[NEWC_FIELDS])
{
    e->ino = f[F_INO];
    e->mode = f[F_MODE];
    e->uid = f[F_UID];
    e->gid = f[F_GID];
    e->nlink = f[F_NLINK];
    e->mtime = f[F_MTIME];
    e->devmajor = f[F_DEVMAJOR];
    e->devminor = f[F_DEVMINOR];
    e->rdevmajor = f[F_RDEVMAJOR];
    e->rdevminor = f[F_RDEVMINOR];
}

/* Offsets are aligned from the start of buf, which is where the archive starts. All the sizes
 * below are at most len plus a 32-bit field, so no sum can wrap a 64-bit size_t. */
int cpio_next(const u8 *buf, size_t len, size_t *off, struct cpio_entry *e)
{
    size_t at = *off;
    u32 f[NEWC_FIELDS];
    if (at > len || len - at < NEWC_HEADER_LEN || !parse_header(buf + at, f))
        return -EINVAL;
    size_t name_at = at + NEWC_HEADER_LEN, namesize = f[F_NAMESIZE];
    if (namesize == 0 || namesize > len - name_at)
        return -EINVAL;
    const char *name = (const char *)buf + name_at;
    if (strnlen(name, namesize) != namesize - 1)    /* one NUL, and only at the end */
        return -EINVAL;
    size_t data_at = ALIGN_UP(name_at + namesize, (size_t)4), size = f[F_FILESIZE];
    if (size && (data_at > len || size > len - data_at))
        return -EINVAL;
    fill_entry(e, f);
    e->name = name;
    e->namelen = namesize - 1;
    e->data = size ? buf + data_at : NULL;
    e->size = size;
    *off = MIN(ALIGN_UP(data_at + size, (size_t)4), len);
    return strcmp(name, "TRAILER!!!") == 0 ? 0 : 1;
}

/* ---- unpacking ---- */

/* An inode the unpacker keeps a reference to: the first of a set of hard links (matched, as
 * Linux matches them, by source inode and device numbers and file type), or a directory whose
 * mtime is set at the very end, after its entries stopped changing it. */
struct held {
    u32 ino, devmajor, devminor;
    struct inode *inode;
    u32 mtime;
};

struct held_list {
    struct held *items;
    size_t count, cap;
};

struct unpack {
    struct inode *root;
    struct held_list links;     /* reset at each trailer: inode numbers are per archive */
    struct held_list dirs;
};

static int hold(struct held_list *l, struct held item)
{
    if (l->count == l->cap) {
        size_t cap = l->cap ? l->cap * 2 : 16;
        struct held *grown = krealloc(l->items, cap * sizeof(*grown));
        if (!grown)
            return -ENOMEM;
        l->items = grown;
        l->cap = cap;
    }
    inode_get(item.inode);
    l->items[l->count++] = item;
    return 0;
}

static void release_all(struct held_list *l)
{
    for (size_t i = 0; i < l->count; i++)
        inode_put(l->items[i].inode);
    kfree(l->items);
    *l = (struct held_list){ 0 };
}

static void apply_dir_mtimes(struct held_list *dirs)
{
    for (size_t i = 0; i < dirs->count; i++) {
        struct inode *d = dirs->items[i].inode;
        d->mtime = d->atime = (struct timespec){ .tv_sec = dirs->items[i].mtime };
    }
    release_all(dirs);
}

static struct inode *find_link(struct unpack *u, const struct cpio_entry *e)
{
    for (size_t i = 0; i < u->links.count; i++) {
        struct held *h = &u->links.items[i];
        if (h->ino == e->ino && h->devmajor == e->devmajor && h->devminor == e->devminor &&
            (h->inode->mode & S_IFMT) == (e->mode & S_IFMT))
            return h->inode;
    }
    return NULL;
}

/* Where an entry goes: the parent directory and the last component of its name. */
struct place {
    struct inode *parent;
    const char *last;
    size_t lastlen;
    struct inode *existing;     /* what the name already refers to, if anything */
};

/* "." or ".." or "" (the root): names that always exist and are directories. */
static bool names_a_dir_itself(const struct place *pl)
{
    return pl->lastlen == 0 || (pl->lastlen == 1 && pl->last[0] == '.') ||
           (pl->lastlen == 2 && pl->last[0] == '.' && pl->last[1] == '.');
}

static int locate(struct unpack *u, const struct cpio_entry *e, struct place *pl)
{
    int err = path_lookup_parent(u->root, u->root, e->name, &pl->parent, &pl->last,
                                 &pl->lastlen);
    if (err)
        return err;
    if (names_a_dir_itself(pl))
        return path_lookup(u->root, u->root, e->name, 0, &pl->existing);
    pl->existing = ramfs_lookup(pl->parent, pl->last, pl->lastlen);
    return 0;
}

/* Removes whatever the name holds, so a later entry replaces an earlier one. */
static int clear_place(struct place *pl)
{
    if (!pl->existing)
        return 0;
    int err = S_ISDIR(pl->existing->mode) ? ramfs_rmdir(pl->parent, pl->last, pl->lastlen)
                                          : ramfs_unlink(pl->parent, pl->last, pl->lastlen);
    pl->existing = NULL;
    return err;
}

static void set_attributes(struct inode *ino, const struct cpio_entry *e)
{
    ino->mode = (ino->mode & S_IFMT) | (e->mode & S_IALLUGO);
    ino->uid = e->uid;
    ino->gid = e->gid;
    ino->mtime = ino->atime = (struct timespec){ .tv_sec = e->mtime };
}

static int unpack_dir(struct unpack *u, const struct cpio_entry *e, struct place *pl)
{
    struct inode *dir = pl->existing;
    if (!dir || !S_ISDIR(dir->mode)) {
        int err = clear_place(pl);
        if (!err)
            err = ramfs_create(pl->parent, pl->last, pl->lastlen, S_IFDIR, 0, &dir);
        if (err)
            return err;
    }
    set_attributes(dir, e);
    return hold(&u->dirs, (struct held){ .inode = dir, .mtime = e->mtime });
}

/* Writes a regular file's contents, replacing what it held. */
static int fill_file(struct inode *f, const struct cpio_entry *e)
{
    int err = ramfs_truncate(f, 0);
    if (!err && e->size) {
        long n = ramfs_write(f, e->data, e->size, 0);
        err = n < 0 ? (int)n : 0;
    }
    return err;
}

/* Adds this entry's name to an inode an earlier entry of the same hard-link set created. The
 * data usually comes with the last name only (GNU cpio does that), so data replaces the
 * contents and an empty entry leaves them alone. */
static int unpack_link(struct inode *first, const struct cpio_entry *e, struct place *pl)
{
    if (pl->existing != first) {
        int err = clear_place(pl);
        if (!err)
            err = ramfs_link(pl->parent, pl->last, pl->lastlen, first);
        if (err)
            return err;
    }
    int err = S_ISREG(first->mode) && e->size ? fill_file(first, e) : 0;
    if (!err)
        set_attributes(first, e);
    return err;
}

/* Regular files, device nodes, FIFOs and sockets. An existing regular file is rewritten in
 * place, like Linux's open(O_TRUNC); anything else in the way is removed first. */
static int unpack_node(struct unpack *u, const struct cpio_entry *e, struct place *pl)
{
    struct inode *first = e->nlink >= 2 ? find_link(u, e) : NULL;
    if (first)
        return unpack_link(first, e, pl);
    struct inode *ino = pl->existing;
    if (!ino || !S_ISREG(ino->mode) || !S_ISREG(e->mode)) {
        int err = clear_place(pl);
        if (!err)
            err = ramfs_create(pl->parent, pl->last, pl->lastlen, e->mode & S_IFMT,
                               dev_make(e->rdevmajor, e->rdevminor), &ino);
        if (err)
            return err;
    }
    int err = S_ISREG(e->mode) ? fill_file(ino, e) : 0;
    if (err)
        return err;
    set_attributes(ino, e);     /* after writing, which would set the mtime */
    if (e->nlink >= 2)
        err = hold(&u->links, (struct held){ e->ino, e->devmajor, e->devminor, ino, 0 });
    return err;
}

/* A symlink's data is its target, without a NUL. */
static int unpack_symlink(const struct cpio_entry *e, struct place *pl)
{
    if (e->size >= PATH_MAX)
        return -ENAMETOOLONG;
    char *target = kmalloc(e->size + 1);
    if (!target)
        return -ENOMEM;
    memcpy(target, e->data, e->size);
    target[e->size] = '\0';
    struct inode *link;
    int err = clear_place(pl);
    if (!err)
        err = ramfs_symlink(pl->parent, pl->last, pl->lastlen, target, &link);
    kfree(target);
    if (!err)
        set_attributes(link, e);
    return err;
}

/* Creates one entry. Only running out of memory stops the unpacking; anything else is
 * reported and the entry skipped, as Linux does. */
static int unpack_entry(struct unpack *u, const struct cpio_entry *e)
{
    struct place pl;
    int err = e->namelen >= PATH_MAX ? -ENAMETOOLONG : locate(u, e, &pl);
    if (!err && names_a_dir_itself(&pl) && !S_ISDIR(e->mode))
        err = -EISDIR;
    if (!err) {
        switch (e->mode & S_IFMT) {
        case S_IFDIR: err = unpack_dir(u, e, &pl); break;
        case S_IFLNK: err = unpack_symlink(e, &pl); break;
        case S_IFREG: case S_IFCHR: case S_IFBLK: case S_IFIFO: case S_IFSOCK:
            err = unpack_node(u, e, &pl);
            break;
        default: err = -EINVAL; break;
        }
    }
    if (err == -ENOMEM)
        return err;
    if (err)
        printk("initramfs: skipping \"%s\" (error %d)\n", e->name, -err);
    return 0;
}

/* Skips the zero padding allowed between archives; what follows must be 4-byte aligned. */
static int next_archive_member(const u8 *buf, size_t len, size_t *off)
{
    while (*off < len && buf[*off] == 0)
        (*off)++;
    if (*off < len && *off % 4) {
        printk("initramfs: broken padding at offset %lu\n", (unsigned long)*off);
        return -EINVAL;
    }
    return 0;
}

int cpio_unpack(const u8 *buf, size_t len, struct inode *root)
{
    struct unpack u = { .root = root };
    size_t off = 0;
    int err = 0;
    while (!err && !(err = next_archive_member(buf, len, &off)) && off < len) {
        struct cpio_entry e;
        int r = cpio_next(buf, len, &off, &e);
        if (r < 0) {
            printk("initramfs: not a valid newc cpio archive at offset %lu\n", (unsigned long)off);
            err = r;
        } else if (r == 0) {
            release_all(&u.links);
        } else {
            err = unpack_entry(&u, &e);
        }
    }
    release_all(&u.links);
    apply_dir_mtimes(&u.dirs);
    return err;
}
