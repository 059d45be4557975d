/* Host tests for fs/ramfs.c fs/ramfs_data.c: creating and looking up names, file contents with holes and
 * truncation, the sparse page index (memory, SEEK_DATA/SEEK_HOLE, shared-mapping pages),
 * directory listing positions, links, removal, rename, and inode lifetimes (ASan's
 * leak checker sees any inode the tree forgets to free). */
/* UNIT-SOURCES: fs/ramfs.c fs/ramfs_data.c */
#include <string.h>
#include "tap.h"
#include "rng.h"
#include "fs.h"
#include "page.h"
#include "uapi/dirent.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"

#define NAME(s) s, strlen(s)
/* tap.h's CHECK_EQ evaluates its arguments twice, so calls with side effects go through this. */
#define EXPECT(call, want, what) do { long got_ = (long)(call); CHECK_EQ(got_, (want), what); } while (0)

static struct inode *mk(struct inode *dir, const char *name, u32 mode)
{
    struct inode *ino = NULL;
    int err = ramfs_create(dir, NAME(name), mode, 0, &ino);
    if (err)
        printf("# creating %s failed: %d\n", name, err);
    return ino;
}

static void test_create_and_lookup(void)
{
    struct inode *root = ramfs_new_root();
    CHECK(root && S_ISDIR(root->mode) && (root->mode & 07777) == 0755, "root is a 0755 directory");
    EXPECT(root->nlink, 2, "root has two links");
    CHECK(root->parent == root, "root is its own parent");

    struct inode *f = mk(root, "file", S_IFREG | 0644);
    struct inode *d = mk(root, "dir", S_IFDIR | 0700);
    CHECK(f && S_ISREG(f->mode) && (f->mode & 07777) == 0644, "regular file created with its mode");
    CHECK(d && d->parent == root && d->nlink == 2, "directory points at its parent");
    EXPECT(root->nlink, 3, "a subdirectory adds a link to its parent");
    EXPECT(root->size, 80, "directory size counts 20 bytes per entry, as tmpfs");
    CHECK(f->ino != d->ino && f->ino != root->ino, "inode numbers are distinct");
    CHECK(f->mtime.tv_sec == 1704067200 && f->ctime.tv_sec == 1704067200, "timestamps from fs_now");
    CHECK(ramfs_lookup(root, NAME("file")) == f, "lookup finds the file");
    CHECK(ramfs_lookup(root, "filex", 4) == f, "lookup uses the length, not a NUL");
    CHECK(ramfs_lookup(root, NAME("nope")) == NULL, "lookup of a missing name");
    CHECK(ramfs_lookup(f, NAME("x")) == NULL, "lookup in a file finds nothing");

    struct inode *c = NULL;
    EXPECT(ramfs_create(d, NAME("tty"), S_IFCHR | 0620, dev_make(4, 64), &c), 0, "mknod char device");
    CHECK(c && S_ISCHR(c->mode) && dev_major(c->rdev) == 4 && dev_minor(c->rdev) == 64,
          "device node keeps its type and device number");
    EXPECT(ramfs_create(d, NAME("fifo"), S_IFIFO | 0600, 77, NULL), 0, "mkfifo, no out pointer");
    EXPECT(ramfs_lookup(d, NAME("fifo"))->rdev, 0, "rdev is only kept for devices");
    EXPECT(dev_make(0x123, 0x45678), 0x45612378, "dev_make spreads major and minor bits");
    CHECK(dev_major(0x45612378) == 0x123 && dev_minor(0x45612378) == 0x45678, "dev_major/minor invert it");

    EXPECT(ramfs_create(root, NAME("file"), S_IFREG, 0, NULL), -EEXIST, "existing name: EEXIST");
    EXPECT(ramfs_create(root, NAME("."), S_IFDIR, 0, NULL), -EEXIST, "\".\": EEXIST");
    EXPECT(ramfs_create(root, NAME(".."), S_IFDIR, 0, NULL), -EEXIST, "\"..\": EEXIST");
    EXPECT(ramfs_create(f, NAME("x"), S_IFREG, 0, NULL), -ENOTDIR, "create inside a file: ENOTDIR");
    EXPECT(ramfs_create(root, "", 0, S_IFREG, 0, NULL), -EINVAL, "empty name: EINVAL");
    EXPECT(ramfs_create(root, NAME("a/b"), S_IFREG, 0, NULL), -EINVAL, "name with a slash: EINVAL");
    EXPECT(ramfs_create(root, "a\0b", 3, S_IFREG, 0, NULL), -EINVAL, "name with a NUL: EINVAL");
    EXPECT(ramfs_create(root, NAME("l"), S_IFLNK | 0777, 0, NULL), -EINVAL, "symlink type: EINVAL");
    EXPECT(ramfs_create(root, NAME("z"), 0644, 0, NULL), -EINVAL, "no type: EINVAL");

    char name[257];
    memset(name, 'n', sizeof(name));
    EXPECT(ramfs_create(root, name, 256, S_IFREG, 0, NULL), -ENAMETOOLONG, "256-byte name: ENAMETOOLONG");
    EXPECT(ramfs_create(root, name, 255, S_IFREG, 0, NULL), 0, "255-byte name is fine");
    CHECK(ramfs_lookup(root, name, 255) != NULL, "and can be looked up");
    ramfs_destroy(root);
}

static void test_symlinks(void)
{
    struct inode *root = ramfs_new_root(), *l = NULL;
    EXPECT(ramfs_symlink(root, NAME("l"), "some/target", &l), 0, "symlink created");
    CHECK(l && S_ISLNK(l->mode) && (l->mode & 07777) == 0777, "symlink mode is 0777");
    CHECK(l->size == 11 && strcmp(l->lnk.target, "some/target") == 0, "symlink keeps its target and length");
    EXPECT(ramfs_symlink(root, NAME("e"), "", NULL), -ENOENT, "empty target: ENOENT");
    static char longtarget[4097];
    memset(longtarget, 'x', 4096);
    EXPECT(ramfs_symlink(root, NAME("t"), longtarget, NULL), -ENAMETOOLONG, "4096-byte target: ENAMETOOLONG");
    longtarget[4095] = '\0';
    EXPECT(ramfs_symlink(root, NAME("t"), longtarget, NULL), 0, "4095-byte target is fine");
    EXPECT(ramfs_symlink(root, NAME("l"), "x", NULL), -EEXIST, "existing name: EEXIST");
    EXPECT(ramfs_read(l, (char[4]){0}, 4, 0), -EINVAL, "read of a symlink: EINVAL");
    ramfs_destroy(root);
}

static void test_contents(void)
{
    struct inode *root = ramfs_new_root();
    struct inode *f = mk(root, "f", S_IFREG | 0644);
    char buf[64];
    EXPECT(ramfs_read(f, buf, sizeof(buf), 0), 0, "empty file reads 0");
    EXPECT(ramfs_write(f, "hello", 5, 0), 5, "write 5 bytes");
    EXPECT(f->size, 5, "size 5");
    EXPECT(ramfs_read(f, buf, sizeof(buf), 0), 5, "read returns what is there");
    CHECK(memcmp(buf, "hello", 5) == 0, "contents match");
    EXPECT(ramfs_read(f, buf, 2, 3), 2, "read in the middle");
    CHECK(memcmp(buf, "lo", 2) == 0, "middle contents");
    EXPECT(ramfs_read(f, buf, 10, 5), 0, "read at EOF returns 0");
    EXPECT(ramfs_read(f, buf, 10, 1000), 0, "read past EOF returns 0");
    EXPECT(ramfs_write(f, "", 0, 100), 0, "empty write past EOF");
    EXPECT(f->size, 5, "does not grow the file");

    EXPECT(ramfs_write(f, "XY", 2, 10), 2, "write past EOF");
    EXPECT(f->size, 12, "grows the file");
    EXPECT(ramfs_read(f, buf, sizeof(buf), 0), 12, "read the whole file");
    CHECK(memcmp(buf, "hello\0\0\0\0\0XY", 12) == 0, "the hole reads as zeros");

    EXPECT(ramfs_truncate(f, 3), 0, "truncate down");
    EXPECT(ramfs_truncate(f, 8), 0, "truncate up");
    EXPECT(ramfs_read(f, buf, sizeof(buf), 0), 8, "size after truncating up");
    CHECK(memcmp(buf, "hel\0\0\0\0\0", 8) == 0, "old bytes past a shrink come back as zeros");
    EXPECT(ramfs_truncate(f, 0), 0, "truncate to 0");
    CHECK(f->size == 0 && f->reg.root == NULL && f->reg.npages == 0, "an empty file holds no pages");
    EXPECT(ramfs_write(f, "abc", 3, 2), 3, "write into an empty file at an offset");
    EXPECT(ramfs_read(f, buf, sizeof(buf), 0), 5, "size after it");
    CHECK(memcmp(buf, "\0\0abc", 5) == 0, "leading hole is zeros");

    static char big[100000];
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)(i * 7);
    for (size_t off = 0; off < sizeof(big); off += 1000)
        ramfs_write(f, big + off, 1000, off);
    static char back[100000];
    EXPECT(ramfs_read(f, back, sizeof(back), 0), sizeof(big), "many appends");
    CHECK(memcmp(big, back, sizeof(big)) == 0, "contents after many appends");
    EXPECT(ramfs_truncate(f, 10), 0, "shrink a large file");
    CHECK(f->reg.npages == 1 && f->reg.height == 0, "shrinking to 10 bytes gives back every page but the first");

    EXPECT(ramfs_write(f, "x", 1, INT64_MAX), -EFBIG, "write at 2^63-1: EFBIG");
    EXPECT(f->size, 10, "size unchanged after a failed write");
    EXPECT(ramfs_truncate(f, (u64)INT64_MAX + 1), -EFBIG, "truncate past 2^63-1: EFBIG");
    EXPECT(f->size, 10, "size unchanged after a failed truncate");

    EXPECT(ramfs_read(root, buf, 1, 0), -EISDIR, "read of a directory: EISDIR");
    EXPECT(ramfs_write(root, "x", 1, 0), -EISDIR, "write to a directory: EISDIR");
    EXPECT(ramfs_write(root, "x", 0, 0), -EISDIR, "empty write to a directory: EISDIR");
    EXPECT(ramfs_truncate(root, 0), -EISDIR, "truncate of a directory: EISDIR");
    struct inode *c = mk(root, "c", S_IFCHR | 0600);
    EXPECT(ramfs_read(c, buf, 1, 0), -EINVAL, "read of a device node here: EINVAL");
    EXPECT(ramfs_truncate(c, 0), -EINVAL, "truncate of a device node: EINVAL");
    ramfs_destroy(root);
}

static void test_user_copies(void)
{
    struct inode *root = ramfs_new_root();
    struct inode *f = mk(root, "f", S_IFREG | 0644);
    char src[] = "user data", dst[16] = { 0 };
    EXPECT(ramfs_write_user(f, uptr_of((uintptr_t)src), 9, 0), 9, "write_user");
    EXPECT(ramfs_read_user(f, uptr_of((uintptr_t)dst), sizeof(dst), 0), 9, "read_user");
    CHECK(memcmp(dst, "user data", 9) == 0, "user copies round-trip");
    EXPECT(ramfs_read_user(f, uptr_of(0), 4, 0), -EFAULT, "read_user to NULL: EFAULT");
    EXPECT(ramfs_read_user(f, uptr_of(0), 4, 100), 0, "read_user at EOF touches nothing");
    EXPECT(ramfs_write_user(f, uptr_of(0), 4, 20), -EFAULT, "write_user from NULL: EFAULT");
    EXPECT(f->size, 9, "a faulting write leaves the size alone");
    ramfs_destroy(root);
}

/* ---- the sparse page index ---- */

/* Data pages live in the shim (tests/unit/shim.c); index nodes are pages too. */
extern long shim_live_pages;

#define TIB ((u64)1 << 40)

/* Reads len bytes at off and checks that they are zero except for one marker byte. */
static bool reads_zeros_but(struct inode *f, u64 off, size_t len, u64 marker_off, char marker)
{
    char buf[64] = { 0 };
    if (ramfs_read(f, buf, len, off) != (long)len)
        return false;
    for (size_t i = 0; i < len; i++)
        if (buf[i] != (off + i == marker_off ? marker : 0))
            return false;
    return true;
}

static void test_sparse_writes(void)
{
    struct inode *root = ramfs_new_root();
    struct inode *f = mk(root, "sparse", S_IFREG | 0644);
    long start = shim_live_pages;
    EXPECT(ramfs_write(f, "f", 1, TIB), 1, "1-byte write at 2^40");
    CHECK(f->size == TIB + 1 && f->reg.npages == 1, "one data page for it");
    EXPECT(shim_live_pages - start, 5, "memory: that page and 4 index nodes (page 2^28 needs 29 bits)");
    EXPECT(ramfs_blocks(f), 8, "st_blocks: 8 blocks of 512 bytes");
    CHECK(reads_zeros_but(f, TIB - 32, 33, TIB, 'f'), "it reads back after 2^40 zeros");
    EXPECT(ramfs_truncate(f, 0), 0, "truncate to 0");
    CHECK(shim_live_pages == start && f->reg.root == NULL && f->reg.height == 0,
          "frees the page and every node");

    static const u64 offs[] = { 0, 4095, 4096, 1 << 20, (u64)1 << 36, TIB, (u64)1 << 62 };
    for (size_t i = 0; i < ARRAY_SIZE(offs); i++)
        EXPECT(ramfs_write(f, (char[]){ (char)('a' + i) }, 1, offs[i]), 1, "sparse 1-byte write");
    EXPECT(f->size, ((u64)1 << 62) + 1, "size follows the last write");
    EXPECT(f->reg.npages, 6, "six pages: 0 and 4095 share one");
    EXPECT(ramfs_blocks(f), 48, "st_blocks counts the pages, not the size");
    /* Page numbers 0, 1, 256, 2^24, 2^28 and 2^50 need six levels: 1 root, then 2, 2, 3, 4
     * and 4 nodes on the levels below (the paths part where the numbers' 9-bit groups do). */
    EXPECT(shim_live_pages - start, 6 + 16, "memory: 6 data pages and 16 index nodes");
    bool ok = true;
    for (size_t i = 3; i < ARRAY_SIZE(offs); i++) {
        size_t after = i + 1 < ARRAY_SIZE(offs) ? 20 : 0;     /* the last byte ends the file */
        ok &= reads_zeros_but(f, offs[i] - 20, 21 + after, offs[i], (char)('a' + i));
    }
    CHECK(ok, "every byte reads back with zeros around it");
    CHECK(reads_zeros_but(f, 0, 1, 0, 'a') && reads_zeros_but(f, 4080, 16, 4095, 'b') &&
          reads_zeros_but(f, 4096, 16, 4096, 'c'), "the bytes either side of 4096 read back");

    EXPECT(ramfs_truncate(f, 5000), 0, "truncate to 5000 bytes");
    CHECK(f->reg.npages == 2 && f->reg.height == 1, "two pages left, the tree folded to one level");
    EXPECT(shim_live_pages - start, 3, "memory: 2 pages and 1 node");
    EXPECT(ramfs_truncate(f, 4096), 0, "truncate to one page");
    CHECK(f->reg.npages == 1 && f->reg.height == 0 && shim_live_pages - start == 1,
          "one page and no node: the root is the page");
    EXPECT(ramfs_truncate(f, 1 << 30), 0, "truncate up to 1 GiB");
    EXPECT(shim_live_pages - start, 1, "allocates nothing");
    CHECK(reads_zeros_but(f, 4090, 10, 4095, 'b'), "old bytes before the cut survive");
    CHECK(reads_zeros_but(f, (1 << 30) - 10, 10, 0, 0), "the new range reads as zeros");
    ramfs_unlink(root, NAME("sparse"));
    EXPECT(shim_live_pages, start, "freeing the inode frees its pages");
    ramfs_destroy(root);
}

static void test_sparse_edges(void)
{
    struct inode *root = ramfs_new_root();
    struct inode *f = mk(root, "f", S_IFREG | 0644);
    long start = shim_live_pages;
    static char big[10000], back[10000];
    for (size_t i = 0; i < sizeof(big); i++)
        big[i] = (char)(i * 13 + 1);
    u64 at = ((u64)1 << 36) - 5000;
    EXPECT(ramfs_write(f, big, sizeof(big), at), sizeof(big), "write across four pages at 2^36");
    EXPECT(ramfs_read(f, back, sizeof(back), at), sizeof(back), "read it back");
    CHECK(memcmp(big, back, sizeof(big)) == 0 && f->reg.npages == 4, "same bytes, four pages");

    u64 top = (u64)INT64_MAX;
    EXPECT(ramfs_write(f, "0123456789", 10, top - 4), 4, "a write crossing 2^63-1 is shortened");
    EXPECT(f->size, top, "to end at 2^63-1");
    char buf[8] = { 0 };
    EXPECT(ramfs_read(f, buf, sizeof(buf), top - 4), 4, "and reads back");
    CHECK(memcmp(buf, "0123", 4) == 0, "the bytes kept");
    EXPECT(ramfs_write(f, "x", 1, top), -EFBIG, "at 2^63-1: EFBIG");

    EXPECT(ramfs_write_user(f, uptr_of(0), 4, 0), -EFAULT, "write_user from NULL into a hole");
    EXPECT(f->reg.npages, 6, "keeps the zero page it put inside the file");
    EXPECT(ramfs_truncate(f, 10), 0, "shrink");
    long before = shim_live_pages;
    EXPECT(ramfs_write_user(f, uptr_of(0), 4, TIB), -EFAULT, "write_user from NULL past the end");
    CHECK(f->size == 10 && shim_live_pages == before, "size unchanged, no page or node left behind");
    EXPECT(ramfs_blocks(root), 0, "a directory has no blocks");
    ramfs_destroy(root);
    EXPECT(shim_live_pages, start, "destroying the tree frees the file's pages");
}

static void test_seek_data_hole(void)
{
    struct inode *root = ramfs_new_root();
    struct inode *f = mk(root, "f", S_IFREG | 0644);
    EXPECT(ramfs_seek_data(f, 0), -ENXIO, "empty file: SEEK_DATA ENXIO");
    EXPECT(ramfs_seek_hole(f, 0), -ENXIO, "empty file: SEEK_HOLE ENXIO");
    /* Data in pages 1, 3 and 5; a hole everywhere else, up to a size ending in page 10. */
    static char page[4096];
    memset(page, 'd', sizeof(page));
    ramfs_write(f, "one", 3, 4096);
    ramfs_write(f, page, 4096, 3 * 4096);
    ramfs_write(f, "five", 4, 5 * 4096 + 100);
    u64 size = 10 * 4096 + 100;
    ramfs_truncate(f, size);
    EXPECT(ramfs_seek_data(f, 0), 4096, "SEEK_DATA from a hole: the next data page");
    EXPECT(ramfs_seek_data(f, 4096), 4096, "SEEK_DATA at a data page's start");
    EXPECT(ramfs_seek_data(f, 5000), 5000, "SEEK_DATA inside a data page, past its bytes: itself");
    EXPECT(ramfs_seek_data(f, 8192), 12288, "SEEK_DATA skips a hole page");
    EXPECT(ramfs_seek_data(f, 5 * 4096 + 4095), 5 * 4096 + 4095, "SEEK_DATA at a data page's last byte");
    EXPECT(ramfs_seek_data(f, 6 * 4096), -ENXIO, "SEEK_DATA with only holes left: ENXIO");
    EXPECT(ramfs_seek_data(f, size - 1), -ENXIO, "SEEK_DATA at the last byte, a hole: ENXIO");
    EXPECT(ramfs_seek_data(f, size), -ENXIO, "SEEK_DATA at the size: ENXIO");
    EXPECT(ramfs_seek_hole(f, 0), 0, "SEEK_HOLE in a hole: itself");
    EXPECT(ramfs_seek_hole(f, 4096), 8192, "SEEK_HOLE in data: the next hole page");
    EXPECT(ramfs_seek_hole(f, 12288 + 7), 16384, "SEEK_HOLE in a full data page");
    EXPECT(ramfs_seek_hole(f, 5 * 4096 + 1), 6 * 4096, "SEEK_HOLE after the last data page");
    EXPECT(ramfs_seek_hole(f, size - 1), size - 1, "SEEK_HOLE at the last byte");
    EXPECT(ramfs_seek_hole(f, size), -ENXIO, "SEEK_HOLE at the size: ENXIO");
    EXPECT(ramfs_seek_hole(f, (u64)-1), -ENXIO, "SEEK_HOLE at a negative offset: ENXIO");
    EXPECT(ramfs_seek_data(f, (u64)-4096), -ENXIO, "SEEK_DATA at a negative offset: ENXIO");

    ramfs_truncate(f, 0);
    ramfs_write(f, "abc", 3, 0);
    EXPECT(ramfs_seek_hole(f, 0), 3, "data up to the end: SEEK_HOLE gives the size");
    EXPECT(ramfs_seek_data(f, 2), 2, "SEEK_DATA on its last byte");
    ramfs_truncate(f, 3 * 4096);
    EXPECT(ramfs_seek_hole(f, 5000), 5000, "past a one-page tree, everything is a hole");
    EXPECT(ramfs_seek_hole(f, 0), 4096, "the hole after page 0");
    ramfs_truncate(f, TIB);
    EXPECT(ramfs_seek_data(f, 4096), -ENXIO, "SEEK_DATA across a 1 TiB hole finds nothing");
    ramfs_write(f, "x", 1, (u64)1 << 62);
    EXPECT(ramfs_seek_data(f, 1), 1, "SEEK_DATA in page 0");
    EXPECT(ramfs_seek_data(f, 4096), (s64)1 << 62, "SEEK_DATA jumps a 2^62 hole");
    EXPECT(ramfs_seek_hole(f, (u64)1 << 62), ((s64)1 << 62) + 1, "SEEK_HOLE at it: the end");
    EXPECT(ramfs_seek_hole(f, 4096), 4096, "SEEK_HOLE inside the big hole: itself");
    EXPECT(ramfs_seek_data(root, 0), -EINVAL, "SEEK_DATA on a directory: EINVAL");
    EXPECT(ramfs_seek_hole(root, 0), -EINVAL, "SEEK_HOLE on a directory: EINVAL");
    ramfs_destroy(root);
}

static void test_map_page(void)
{
    struct inode *root = ramfs_new_root();
    struct inode *f = mk(root, "f", S_IFREG | 0644);
    long start = shim_live_pages;
    ramfs_write(f, "head", 4, 0);
    ramfs_truncate(f, 10000);
    u8 *page = ramfs_map_page(f, 5000);
    CHECK(page != NULL && f->reg.npages == 2, "mapping a hole allocates its page");
    EXPECT(ramfs_blocks(f), 16, "which counts in st_blocks");
    memcpy(page + 5000 - 4096, "mapped", 6);
    char buf[8] = { 0 };
    EXPECT(ramfs_read(f, buf, 6, 5000), 6, "read through the file");
    CHECK(memcmp(buf, "mapped", 6) == 0, "sees the stores made through the mapping");
    CHECK(ramfs_map_page(f, 12288) == NULL, "past the last page: NULL");
    u8 *last = ramfs_map_page(f, 12287);
    CHECK(last != NULL, "the last partial page can be mapped");
    EXPECT(ramfs_seek_data(f, 8192), 8192, "a mapped page is data for SEEK_DATA");
    EXPECT(ramfs_truncate(f, 0), 0, "truncate while mapped");
    EXPECT(shim_live_pages - start, 2, "the mapped pages live on for their mappings");
    CHECK(memcmp(page + 5000 - 4096, "mapped", 6) == 0, "and keep their bytes");
    page_put(page);
    page_put(last);
    EXPECT(shim_live_pages, start, "until the mappings drop them");

    ramfs_truncate(f, TIB + 1);
    page = ramfs_map_page(f, TIB);
    CHECK(page != NULL && f->reg.npages == 1, "mapping a far hole allocates one page");
    page[0] = 'm';
    CHECK(reads_zeros_but(f, TIB - 8, 9, TIB, 'm'), "which the file reads");
    page_put(page);
    ramfs_destroy(root);
    EXPECT(shim_live_pages, start, "no page left");
}

/* A getdents stand-in: records entries until `room` of them have been taken. */
struct listing {
    int room, count;
    char names[16][16];
    u64 inos[16];
    unsigned types[16];
    int fail_with;
};

static int record(void *ctx, const char *name, size_t len, u64 ino, unsigned dtype)
{
    struct listing *l = ctx;
    if (l->fail_with)
        return l->fail_with;
    if (l->count == l->room)
        return 1;
    snprintf(l->names[l->count], sizeof(l->names[0]), "%.*s", (int)len, name);
    l->inos[l->count] = ino;
    l->types[l->count++] = dtype;
    return 0;
}

static void test_iterate(void)
{
    struct inode *root = ramfs_new_root();
    struct inode *d = mk(root, "d", S_IFDIR | 0755);
    mk(d, "b", S_IFREG);
    mk(d, "a", S_IFDIR);
    ramfs_symlink(d, NAME("c"), "x", NULL);
    mk(d, "e", S_IFCHR);

    struct listing l = { .room = 16 };
    u64 pos = 0;
    EXPECT(ramfs_iterate(d, &pos, record, &l), 0, "iterate returns 0 at the end");
    EXPECT(l.count, 6, "six entries");
    CHECK(!strcmp(l.names[0], ".") && !strcmp(l.names[1], "..") && !strcmp(l.names[2], "b") &&
          !strcmp(l.names[3], "a") && !strcmp(l.names[4], "c") && !strcmp(l.names[5], "e"),
          "., .., then children in creation order");
    CHECK(l.inos[0] == d->ino && l.inos[1] == root->ino, ". and .. carry the right inode numbers");
    CHECK(l.types[0] == DT_DIR && l.types[2] == DT_REG && l.types[3] == DT_DIR &&
          l.types[4] == DT_LNK && l.types[5] == DT_CHR, "d_type values");
    EXPECT(pos, 6, "position after the last entry");
    l.count = 0;
    EXPECT(ramfs_iterate(d, &pos, record, &l), 0, "iterating at the end");
    EXPECT(l.count, 0, "gives nothing more");

    /* Two entries at a time, as a small getdents buffer would. */
    struct listing part = { .room = 2 };
    pos = 0;
    EXPECT(ramfs_iterate(d, &pos, record, &part), 0, "a full buffer stops iteration");
    CHECK(part.count == 2 && pos == 2, "two entries, position 2");
    part.room = 4;
    ramfs_iterate(d, &pos, record, &part);
    CHECK(part.count == 4 && !strcmp(part.names[2], "b") && pos == 4, "resumes at the next entry");

    /* Removing an entry already listed must not make the listing skip one. */
    ramfs_unlink(d, NAME("b"));
    part.room = 16;
    ramfs_iterate(d, &pos, record, &part);
    CHECK(part.count == 6 && !strcmp(part.names[4], "c") && !strcmp(part.names[5], "e"),
          "positions survive removals");
    pos = 0;
    l.count = 0;
    ramfs_iterate(d, &pos, record, &l);
    CHECK(l.count == 5 && !strcmp(l.names[2], "a"), "a fresh listing no longer has the name");

    struct listing bad = { .room = 16, .fail_with = -EFAULT };
    pos = 3;
    EXPECT(ramfs_iterate(d, &pos, record, &bad), -EFAULT, "an emit error is returned");
    EXPECT(pos, 3, "and the position stays");
    pos = 0;
    EXPECT(ramfs_iterate(ramfs_lookup(d, NAME("e")), &pos, record, &l), -ENOTDIR, "iterate a non-directory: ENOTDIR");
    ramfs_destroy(root);
}

static void test_links_and_removal(void)
{
    struct inode *root = ramfs_new_root();
    struct inode *d = mk(root, "d", S_IFDIR | 0755);
    struct inode *f = mk(root, "f", S_IFREG | 0644);
    ramfs_write(f, "data", 4, 0);
    EXPECT(ramfs_link(d, NAME("g"), f), 0, "hard link");
    CHECK(f->nlink == 2 && ramfs_lookup(d, NAME("g")) == f, "two names, one inode");
    EXPECT(ramfs_link(root, NAME("d2"), d), -EPERM, "link to a directory: EPERM");
    EXPECT(ramfs_link(root, NAME("f"), f), -EEXIST, "link over an existing name: EEXIST");
    EXPECT(ramfs_unlink(root, NAME("f")), 0, "unlink one name");
    EXPECT(f->nlink, 1, "one link left");
    char buf[8];
    EXPECT(ramfs_read(ramfs_lookup(d, NAME("g")), buf, 8, 0), 4, "the other name still reads");

    inode_get(f);
    EXPECT(ramfs_unlink(d, NAME("g")), 0, "unlink the last name of an open file");
    CHECK(f->nlink == 0 && f->size == 4, "the open inode survives with no names");
    EXPECT(ramfs_link(root, NAME("again"), f), -ENOENT, "linking a nameless inode: ENOENT");
    inode_put(f);   /* freed here; ASan reports a leak otherwise */

    EXPECT(ramfs_unlink(root, NAME("d")), -EISDIR, "unlink a directory: EISDIR");
    EXPECT(ramfs_unlink(root, NAME(".")), -EISDIR, "unlink \".\": EISDIR");
    EXPECT(ramfs_unlink(root, NAME("missing")), -ENOENT, "unlink a missing name: ENOENT");
    struct inode *sub = mk(d, "sub", S_IFDIR | 0755);
    struct inode *x = mk(root, "x", S_IFREG);
    EXPECT(ramfs_unlink(x, NAME("y")), -ENOTDIR, "unlink in a file: ENOTDIR");
    EXPECT(ramfs_rmdir(root, NAME("x")), -ENOTDIR, "rmdir a file: ENOTDIR");
    EXPECT(ramfs_rmdir(root, NAME("d")), -ENOTEMPTY, "rmdir a non-empty directory: ENOTEMPTY");
    EXPECT(ramfs_rmdir(root, NAME(".")), -EINVAL, "rmdir \".\": EINVAL");
    EXPECT(ramfs_rmdir(root, NAME("..")), -ENOTEMPTY, "rmdir \"..\": ENOTEMPTY");
    EXPECT(ramfs_rmdir(root, NAME("nope")), -ENOENT, "rmdir a missing name: ENOENT");

    EXPECT(d->nlink, 3, "d has a subdirectory");
    inode_get(sub);     /* say, a process's cwd */
    EXPECT(ramfs_rmdir(d, NAME("sub")), 0, "rmdir an empty directory");
    EXPECT(d->nlink, 2, "the parent lost the subdirectory's link");
    EXPECT(sub->nlink, 0, "the removed directory has no links");
    u64 pos = 0;
    struct listing l = { .room = 16 };
    EXPECT(ramfs_iterate(sub, &pos, record, &l), -ENOENT, "listing a removed directory: ENOENT");
    EXPECT(ramfs_create(sub, NAME("n"), S_IFREG, 0, NULL), -ENOENT, "creating in it: ENOENT");
    EXPECT(ramfs_rmdir(root, NAME("d")), 0, "the parent can go too");
    CHECK(sub->parent == d && d->nlink == 0, "the removed child still holds its parent for \"..\"");
    inode_put(sub);     /* frees sub, then d */
    ramfs_destroy(root);
}

static void test_rename(void)
{
    struct inode *root = ramfs_new_root();
    struct inode *a = mk(root, "a", S_IFDIR | 0755);
    struct inode *b = mk(root, "b", S_IFDIR | 0755);
    struct inode *ab = mk(a, "ab", S_IFDIR | 0755);
    struct inode *f = mk(root, "f", S_IFREG);
    struct inode *g = mk(root, "g", S_IFREG);

    EXPECT(ramfs_rename(root, NAME("f"), root, NAME("f2"), 0), 0, "rename in place");
    CHECK(ramfs_lookup(root, NAME("f2")) == f && !ramfs_lookup(root, NAME("f")), "the name moved");
    EXPECT(ramfs_rename(root, NAME("f2"), root, NAME("g"), 0), 0, "rename over a file");
    CHECK(ramfs_lookup(root, NAME("g")) == f, "the target name now holds the source");
    (void)g;    /* freed by the rename; ASan would catch a leak or a later use */
    EXPECT(ramfs_link(root, NAME("h"), f), 0, "a second name for f");
    EXPECT(ramfs_rename(root, NAME("g"), root, NAME("h"), 0), 0, "rename between names of one inode");
    CHECK(ramfs_lookup(root, NAME("g")) == f && ramfs_lookup(root, NAME("h")) == f && f->nlink == 2,
          "changes nothing, as Linux");

    EXPECT(ramfs_rename(a, NAME("ab"), b, NAME("moved"), 0), 0, "move a directory");
    CHECK(ab->parent == b && a->nlink == 2 && b->nlink == 3, "parent and link counts follow");
    EXPECT(ramfs_rename(root, NAME("b"), ab, NAME("x"), 0), -EINVAL, "move a directory under itself: EINVAL");
    EXPECT(ramfs_rename(root, NAME("b"), b, NAME("x"), 0), -EINVAL, "move a directory into itself: EINVAL");
    EXPECT(ramfs_rename(ab, NAME("nope"), root, NAME("b"), 0), -ENOENT, "missing source: ENOENT");
    struct inode *deep = mk(ab, "deep", S_IFREG);
    mk(root, "empty", S_IFDIR);
    EXPECT(ramfs_rename(ab, NAME("deep"), root, NAME("empty"), 0), -EISDIR, "file onto a directory: EISDIR");
    EXPECT(ramfs_rename(b, NAME("moved"), root, NAME("h"), 0), -ENOTDIR, "directory onto a file: ENOTDIR");
    EXPECT(ramfs_rename(b, NAME("moved"), root, NAME("a"), 0), 0, "directory onto an empty directory");
    CHECK(ramfs_lookup(root, NAME("a")) == ab && ab->parent == root, "replaced it");
    CHECK(root->nlink == 5 && b->nlink == 2, "link counts after replacing a directory (a, b, empty)");
    EXPECT(ramfs_rename(ab, NAME("deep"), root, NAME("a"), 0), -ENOTEMPTY,
             "file onto its own directory: ENOTEMPTY, as Linux's ancestor check comes first");
    struct inode *c = mk(root, "c", S_IFDIR);
    EXPECT(ramfs_rename(root, NAME("c"), root, NAME("a"), 0), -ENOTEMPTY, "onto a non-empty directory: ENOTEMPTY");
    struct inode *e = mk(ab, "e", S_IFDIR);
    EXPECT(ramfs_rename(e, NAME("."), root, NAME("z"), 0), -EBUSY, "\".\" as the source: EBUSY");
    EXPECT(ramfs_rename(root, NAME("c"), e, NAME(".."), 0), -EBUSY, "\"..\" as the target: EBUSY");
    mk(e, "ee", S_IFREG);
    (void)deep;
    (void)c;
    EXPECT(ramfs_rename(ab, NAME("deep"), e, NAME("ee"), 0), 0, "move a file between directories over a file");
    EXPECT(ramfs_rename(e, NAME("ee"), root, NAME("a"), 0), -ENOTEMPTY, "file onto an ancestor: ENOTEMPTY");
    EXPECT(ramfs_rmdir(e, NAME("..")), -ENOTEMPTY, "rmdir \"..\": ENOTEMPTY");
    struct inode *e2 = mk(e, "e2", S_IFDIR);
    (void)e2;
    EXPECT(ramfs_rename(e, NAME("e2"), root, NAME("a"), 0), -ENOTEMPTY,
             "directory onto an ancestor of its parent: ENOTEMPTY");
    char name[257];
    memset(name, 'n', sizeof(name));
    EXPECT(ramfs_rename(root, NAME("c"), root, name, 256, 0), -ENAMETOOLONG, "256-byte new name: ENAMETOOLONG");
    ramfs_destroy(root);
}

/* renameat2's flags: RENAME_NOREPLACE, RENAME_EXCHANGE (also across directories, swapping ".."
 * and link counts) and RENAME_WHITEOUT. */
static void test_rename_flags(void)
{
    struct inode *root = ramfs_new_root();
    struct inode *a = mk(root, "a", S_IFDIR | 0755);
    struct inode *b = mk(root, "b", S_IFDIR | 0755);
    struct inode *ad = mk(a, "ad", S_IFDIR | 0755);
    struct inode *f = mk(root, "f", S_IFREG);
    struct inode *g = mk(b, "g", S_IFREG);

    EXPECT(ramfs_rename(root, NAME("f"), root, NAME("x"), 8), -EINVAL, "unknown flag: EINVAL");
    EXPECT(ramfs_rename(root, NAME("f"), b, NAME("g"), RENAME_EXCHANGE | RENAME_NOREPLACE), -EINVAL,
           "EXCHANGE with NOREPLACE: EINVAL");
    EXPECT(ramfs_rename(root, NAME("f"), b, NAME("g"), RENAME_NOREPLACE), -EEXIST,
           "NOREPLACE onto an existing name: EEXIST");
    EXPECT(ramfs_rename(root, NAME("f"), root, NAME(".."), RENAME_NOREPLACE), -EEXIST,
           "NOREPLACE onto \"..\": EEXIST rather than EBUSY");
    EXPECT(ramfs_rename(root, NAME("f"), b, NAME("new"), RENAME_EXCHANGE), -ENOENT,
           "EXCHANGE with a missing target: ENOENT");
    EXPECT(ramfs_rename(root, NAME("f"), b, NAME("g"), RENAME_EXCHANGE), 0, "exchange two files");
    CHECK(ramfs_lookup(root, NAME("f")) == g && ramfs_lookup(b, NAME("g")) == f, "they swapped");
    EXPECT(ramfs_rename(a, NAME("ad"), b, NAME("g"), RENAME_EXCHANGE), 0,
           "exchange a directory with a file in another directory");
    CHECK(ramfs_lookup(b, NAME("g")) == ad && ad->parent == b && a->nlink == 2 && b->nlink == 3,
          "the directory's parent and both link counts follow");
    EXPECT(ramfs_rename(root, NAME("b"), b, NAME("g"), RENAME_EXCHANGE), -EINVAL,
           "exchange a directory with something inside it: EINVAL");
    EXPECT(ramfs_rename(b, NAME("g"), root, NAME("b"), RENAME_EXCHANGE), -EINVAL,
           "exchange with an ancestor of the source: EINVAL (ENOTEMPTY without the flag)");
    EXPECT(ramfs_rename(root, NAME("a"), root, NAME("b"), RENAME_EXCHANGE), 0, "exchange two directories");
    CHECK(ramfs_lookup(root, NAME("a")) == b && ramfs_lookup(root, NAME("b")) == a && root->nlink == 4,
          "same directory: link counts unchanged");

    EXPECT(ramfs_rename(root, NAME("f"), root, NAME("moved"), RENAME_WHITEOUT), 0, "rename with a whiteout");
    struct inode *w = ramfs_lookup(root, NAME("f"));
    CHECK(w && w->mode == S_IFCHR && w->rdev == 0 && ramfs_lookup(root, NAME("moved")) == g,
          "a character device 0:0 with mode 0 stands at the old name");
    EXPECT(root->size, 20 * 6, "the directory holds a, b, f and moved (and . ..)");
    ramfs_destroy(root);
}

/* Each root is its own filesystem instance: names never cross between them, and a directory
 * something is mounted on stays put. */
static void test_instances(void)
{
    struct inode *one = ramfs_new_root(), *two = ramfs_new_root();
    CHECK(one->sb != two->sb && one->sb->dev != two->sb->dev, "two roots, two superblocks and st_devs");
    struct inode *f = mk(one, "f", S_IFREG | 0644), *d = mk(one, "d", S_IFDIR | 0755);
    CHECK(f->sb == one->sb && d->sb == one->sb, "new inodes belong to their directory's instance");
    EXPECT(ramfs_link(two, NAME("g"), f), -EXDEV, "link across instances: EXDEV");
    EXPECT(ramfs_rename(one, NAME("f"), two, NAME("f"), 0), -EXDEV, "rename across instances: EXDEV");
    EXPECT(ramfs_rename(one, NAME("."), two, NAME("f"), 0), -EXDEV, "EXDEV comes before the name checks");
    d->mounted = two->sb;
    EXPECT(ramfs_rmdir(one, NAME("d")), -EBUSY, "rmdir of a mount point: EBUSY");
    EXPECT(ramfs_rename(one, NAME("d"), one, NAME("e"), 0), -EBUSY, "rename of a mount point: EBUSY");
    mk(one, "e", S_IFDIR | 0755);
    EXPECT(ramfs_rename(one, NAME("e"), one, NAME("d"), 0), -EBUSY, "replacing a mount point: EBUSY");
    d->mounted = NULL;
    EXPECT(ramfs_rmdir(one, NAME("d")), 0, "once unmounted it can go");
    ramfs_destroy(one);
    ramfs_destroy(two);
}

/* ---- random renames ---- */

#define MAX_DIRS 2048

/* Every directory under root, breadth first. */
static size_t collect_dirs(struct inode *root, struct inode **out)
{
    size_t n = 0;
    out[n++] = root;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < out[i]->dir.count; j++) {
            struct inode *c = out[i]->dir.children[j].inode;
            if (S_ISDIR(c->mode) && n < MAX_DIRS)
                out[n++] = c;
        }
    return n;
}

/* Counts the names of non-directory ino in the whole tree. */
static u32 names_of(struct inode **dirs, size_t ndirs, struct inode *ino)
{
    u32 names = 0;
    for (size_t i = 0; i < ndirs; i++)
        for (size_t j = 0; j < dirs[i]->dir.count; j++)
            names += dirs[i]->dir.children[j].inode == ino;
    return names;
}

/* What must hold after any sequence of calls: a directory has 2 + its subdirectories links, 20
 * bytes per entry, one hold per subdirectory (nothing else holds inodes here), and each
 * subdirectory points back at it; a non-directory has as many links as names. */
static bool tree_consistent(struct inode *root)
{
    static struct inode *dirs[MAX_DIRS];
    size_t ndirs = collect_dirs(root, dirs);
    for (size_t i = 0; i < ndirs; i++) {
        struct inode *d = dirs[i];
        u32 subdirs = 0;
        for (size_t j = 0; j < d->dir.count; j++) {
            struct inode *c = d->dir.children[j].inode;
            if (S_ISDIR(c->mode) && c->parent != d)
                return false;
            if (!S_ISDIR(c->mode) && c->nlink != names_of(dirs, ndirs, c))
                return false;
            subdirs += S_ISDIR(c->mode);
        }
        if (d->nlink != 2 + subdirs || d->refs != subdirs || d->size != 20 * (d->dir.count + 2))
            return false;
    }
    return ndirs < MAX_DIRS;
}

/* One random call among a few names in the existing directories (at most 32 of them). */
static void random_namespace_call(struct inode *root)
{
    static const char *const names[] = { "a", "b", "c", "d" };
    static const unsigned flags[] = { 0, 0, RENAME_NOREPLACE, RENAME_EXCHANGE, RENAME_WHITEOUT };
    static struct inode *dirs[MAX_DIRS];
    size_t ndirs = collect_dirs(root, dirs);
    struct inode *d1 = dirs[rng() % ndirs], *d2 = dirs[rng() % ndirs];
    const char *n1 = names[rng() % 4], *n2 = names[rng() % 4];
    struct inode *f = ramfs_lookup(d1, NAME(n1));
    switch (rng() % 7) {
    case 0: if (ndirs < 32) ramfs_create(d1, NAME(n1), S_IFDIR | 0755, 0, NULL); break;
    case 1: ramfs_create(d1, NAME(n1), S_IFREG | 0644, 0, NULL); break;
    case 2: ramfs_rmdir(d1, NAME(n1)); break;
    case 3: ramfs_unlink(d1, NAME(n1)); break;
    case 4: if (f) ramfs_link(d2, NAME(n2), f); break;
    default: ramfs_rename(d1, NAME(n1), d2, NAME(n2), flags[rng() % 5]); break;
    }
}

/* Ten thousand random creations, removals, links and renames with every flag, checking the
 * tree after each; ASan then sees ramfs_destroy free every inode exactly once. */
static void test_random_renames(void)
{
    rng_state = 0x5eed0f5a11ed;
    struct inode *root = ramfs_new_root();
    int bad = 0;
    for (int i = 0; i < 10000 && !bad; i++) {
        random_namespace_call(root);
        if (!tree_consistent(root)) {
            printf("# inconsistent after call %d\n", i);
            bad = 1;
        }
    }
    CHECK(!bad, "10000 random namespace calls keep link counts, sizes, parents and holds consistent");
    ramfs_destroy(root);
}

int main(void)
{
    test_create_and_lookup();
    test_symlinks();
    test_contents();
    test_user_copies();
    test_sparse_writes();
    test_sparse_edges();
    test_seek_data_hole();
    test_map_page();
    test_iterate();
    test_links_and_removal();
    test_rename();
    test_instances();
    test_rename_flags();
    test_random_renames();
    return tap_end();
}
