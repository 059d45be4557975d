/* Host tests for fs/cpio.c. Archives are built in memory by a small newc writer below, then
 * parsed and unpacked; malformed ones (truncated, bad magic or digits, names without a NUL, huge
 * sizes) must be refused without reading outside the buffer, which ASan checks: every archive is
 * handed over in a heap block of exactly its size. */
/* UNIT-SOURCES: fs/cpio.c fs/path.c fs/ramfs.c fs/ramfs_data.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "fs.h"
#include "kmalloc.h"
#include "uapi/errno.h"

/* tap.h's CHECK_EQ evaluates its arguments twice, so calls with side effects go through this. */
#define EXPECT(call, want, what) do { long got_ = (long)(call); CHECK_EQ(got_, (want), what); } while (0)

/* From tests/unit/shim.c. */
extern long shim_printk_calls;
extern bool shim_printk_quiet;

/* ---- a newc writer ---- */

struct archive {
    char *buf;
    size_t len, cap;
};

struct member {
    const char *name;
    u32 mode;
    const char *data;       /* NUL-terminated for convenience; size says how much is stored */
    u32 size;
    u32 ino, nlink, uid, gid, mtime, rdevmajor, rdevminor;
    const char *magic;      /* "070701" unless set */
};

static void put(struct archive *a, const void *p, size_t n)
{
    if (n == 0)
        return;
    if (a->len + n > a->cap) {
        a->cap = (a->len + n) * 2;
        a->buf = krealloc(a->buf, a->cap);
    }
    memcpy(a->buf + a->len, p, n);
    a->len += n;
}

static void pad(struct archive *a, size_t align)
{
    while (a->len % align)
        put(a, "", 1);
}

static void add(struct archive *a, struct member m)
{
    char header[111];
    u32 size = m.data && !m.size ? (u32)strlen(m.data) : m.size;
    snprintf(header, sizeof(header), "%s%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X%08X",
             m.magic ? m.magic : "070701", m.ino, m.mode, m.uid, m.gid, m.nlink ? m.nlink : 1,
             m.mtime, size, 0u, 0u, m.rdevmajor, m.rdevminor, (u32)strlen(m.name) + 1, 0u);
    put(a, header, 110);
    put(a, m.name, strlen(m.name) + 1);
    pad(a, 4);
    put(a, m.data, size);
    pad(a, 4);
}

static void trailer(struct archive *a)
{
    add(a, (struct member){ .name = "TRAILER!!!" });
    pad(a, 512);
}

/* A heap copy of exactly len bytes, so ASan flags any read past the end. */
static u8 *exact(const void *p, size_t len)
{
    u8 *copy = kmalloc(len);
    memcpy(copy, p, len);
    return copy;
}

static int next_in(const void *p, size_t len, size_t *off, struct cpio_entry *e)
{
    u8 *copy = exact(p, len);
    int r = cpio_next(copy, len, off, e);
    kfree(copy);
    return r;
}

/* ---- cpio_next ---- */

static void test_parse(void)
{
    struct archive a = { 0 };
    add(&a, (struct member){ .name = "dir", .mode = S_IFDIR | 0755, .mtime = 1234 });
    add(&a, (struct member){ .name = "dir/file", .mode = S_IFREG | 0644, .data = "hello",
                             .uid = 5, .gid = 6, .ino = 42 });
    add(&a, (struct member){ .name = "dev", .mode = S_IFCHR | 0600, .rdevmajor = 4, .rdevminor = 64 });
    trailer(&a);

    u8 *buf = exact(a.buf, a.len);
    size_t off = 0;
    struct cpio_entry e;
    EXPECT(cpio_next(buf, a.len, &off, &e), 1, "first entry");
    CHECK(!strcmp(e.name, "dir") && e.namelen == 3 && e.mode == (S_IFDIR | 0755) && e.mtime == 1234,
          "directory entry fields");
    CHECK(e.size == 0 && e.data == NULL, "no data");
    CHECK_EQ(off, 116, "offset past header, name and padding");
    EXPECT(cpio_next(buf, a.len, &off, &e), 1, "second entry");
    CHECK(!strcmp(e.name, "dir/file") && e.size == 5 && !memcmp(e.data, "hello", 5),
          "file entry with its data");
    CHECK(e.uid == 5 && e.gid == 6 && e.ino == 42 && e.nlink == 1, "owner, inode and link count");
    CHECK(off % 4 == 0, "offsets stay 4-byte aligned");
    EXPECT(cpio_next(buf, a.len, &off, &e), 1, "third entry");
    CHECK(e.rdevmajor == 4 && e.rdevminor == 64, "device numbers");
    EXPECT(cpio_next(buf, a.len, &off, &e), 0, "the trailer ends the archive");
    EXPECT(cpio_next(buf, a.len, &off, &e), -EINVAL, "zero padding after it is not an entry");
    size_t past = a.len + 1;
    EXPECT(cpio_next(buf, a.len, &past, &e), -EINVAL, "an offset past the end: EINVAL");
    kfree(buf);
    kfree(a.buf);

    struct archive c = { 0 };
    add(&c, (struct member){ .name = "x", .mode = S_IFREG | 0644, .data = "abc", .magic = "070702" });
    off = 0;
    EXPECT(next_in(c.buf, c.len, &off, &e), 1, "magic 070702 (with checksum) is accepted");
    c.buf[6 + 8 + 7] = 'a';     /* mode's last digit, lowercase */
    c.buf[6 + 8 + 6] = 'A';
    off = 0;
    EXPECT(next_in(c.buf, c.len, &off, &e), 1, "upper and lower case hex digits");
    CHECK_EQ(e.mode & 0xff, 0xAa, "both decode");
    off = 0;
    EXPECT(next_in(c.buf, c.len - 1, &off, &e), 1, "an archive ending right after the data, unpadded");
    CHECK_EQ(off, c.len - 1, "leaves the offset at the end");
    kfree(c.buf);
}

/* One valid member, corrupted by the caller, must be refused. */
static void expect_refused(struct archive *a, size_t len, const char *what)
{
    size_t off = 0;
    struct cpio_entry e;
    EXPECT(next_in(a->buf, len, &off, &e), -EINVAL, what);
    CHECK_EQ(off, 0, "the offset does not move on an error");
}

static void with_field(struct archive *a, int field, const char *digits)
{
    memcpy(a->buf + 6 + field * 8, digits, 8);
}

static void test_refusals(void)
{
    struct archive a = { 0 };
    add(&a, (struct member){ .name = "name", .mode = S_IFREG | 0644, .data = "0123456789" });
    size_t good = a.len;
    struct archive c = { 0 };

    expect_refused(&a, 0, "empty buffer");
    expect_refused(&a, 50, "truncated header");
    expect_refused(&a, 109, "header one byte short");
    expect_refused(&a, 112, "truncated name");
    expect_refused(&a, 114, "name without its NUL");
    expect_refused(&a, 120, "truncated data");
    expect_refused(&a, good - 3, "data one byte short");

    const char *bad_magics[] = { "070707", "070700", "070703", "170701", "07070 ", "\0\0\0\0\0\0" };
    for (size_t i = 0; i < ARRAY_SIZE(bad_magics); i++) {
        c.len = 0;
        put(&c, a.buf, good);
        memcpy(c.buf, bad_magics[i], 6);
        expect_refused(&c, good, "bad magic");
    }
    const char *bad_digits[] = { "0000000g", "-0000001", " 0000001", "0x000001", "0000000\0" };
    for (int field = 0; field < 13; field += 6) {      /* ino, filesize, check */
        for (size_t i = 0; i < ARRAY_SIZE(bad_digits); i++) {
            c.len = 0;
            put(&c, a.buf, good);
            with_field(&c, field, bad_digits[i]);
            expect_refused(&c, good, "non-hex digit");
        }
    }

    c.len = 0;
    put(&c, a.buf, good);
    with_field(&c, 11, "00000004");     /* namesize 4: "name" without its NUL */
    expect_refused(&c, good, "namesize leaving out the NUL");
    with_field(&c, 11, "00000006");     /* "name\0" plus the padding NUL */
    expect_refused(&c, good, "namesize past the first NUL (embedded NUL)");
    with_field(&c, 11, "00000007");     /* "name\0\0" plus the first data byte */
    expect_refused(&c, good, "namesize ending on a data byte");
    with_field(&c, 11, "00000000");
    expect_refused(&c, good, "namesize 0");
    with_field(&c, 11, "FFFFFFFF");
    expect_refused(&c, good, "huge namesize");
    with_field(&c, 11, "00000005");
    with_field(&c, 6, "FFFFFFFF");
    expect_refused(&c, good, "huge filesize");
    with_field(&c, 6, "0000000D");
    expect_refused(&c, good, "filesize one past the end");
    with_field(&c, 6, "0000000A");
    size_t off = 0;
    struct cpio_entry e;
    EXPECT(next_in(c.buf, good, &off, &e), 1, "restored member parses again");
    kfree(c.buf);
    kfree(a.buf);
}

/* ---- cpio_unpack ---- */

static int unpack(struct archive *a, struct inode *root)
{
    u8 *copy = exact(a->buf, a->len);
    int r = cpio_unpack(copy, a->len, root);
    kfree(copy);
    return r;
}

static struct inode *at(struct inode *root, const char *path)
{
    struct inode *ino = NULL;
    return path_lookup(root, root, path, 0, &ino) ? NULL : ino;
}

static bool has_content(struct inode *root, const char *path, const char *want)
{
    struct inode *f = at(root, path);
    char buf[64] = { 0 };
    return f && S_ISREG(f->mode) && f->size == strlen(want) &&
           ramfs_read(f, buf, sizeof(buf), 0) == (long)strlen(want) && !memcmp(buf, want, f->size);
}

static void first_archive(struct archive *a)
{
    add(a, (struct member){ .name = ".", .mode = S_IFDIR | 0700 });
    add(a, (struct member){ .name = "./init", .mode = S_IFREG | 0755, .data = "#!/bin/sh\n", .mtime = 99 });
    add(a, (struct member){ .name = "dev", .mode = S_IFDIR | 0755 });
    add(a, (struct member){ .name = "dev/console", .mode = S_IFCHR | 0600, .rdevmajor = 5, .rdevminor = 1 });
    add(a, (struct member){ .name = "dev/fifo", .mode = S_IFIFO | 0644 });
    add(a, (struct member){ .name = "bin", .mode = S_IFDIR | 0751, .mtime = 777, .uid = 3, .gid = 4 });
    add(a, (struct member){ .name = "bin/busybox", .mode = S_IFREG | 0755, .data = "old" });
    add(a, (struct member){ .name = "bin/sh", .mode = S_IFLNK | 0777, .data = "busybox" });
    add(a, (struct member){ .name = "etc/passwd", .mode = S_IFREG | 0644, .data = "root" });
    add(a, (struct member){ .name = "/abs", .mode = S_IFREG | 0600, .data = "a" });
    add(a, (struct member){ .name = "d2/", .mode = S_IFDIR | 0755 });
    add(a, (struct member){ .name = "h1", .mode = S_IFREG | 0644, .ino = 77, .nlink = 2 });
    add(a, (struct member){ .name = "h2", .mode = S_IFREG | 0644, .ino = 77, .nlink = 2, .data = "shared" });
    add(a, (struct member){ .name = "x", .mode = S_IFREG | 0644, .data = "file" });
    add(a, (struct member){ .name = "x", .mode = S_IFLNK | 0777, .data = "init" });
    add(a, (struct member){ .name = "empty", .mode = S_IFDIR | 0755 });
    add(a, (struct member){ .name = "empty", .mode = S_IFREG | 0644, .data = "now a file" });
    add(a, (struct member){ .name = "bin/busybox", .mode = S_IFREG | 0700, .data = "new" });
    add(a, (struct member){ .name = "weird", .mode = 0644 });
    add(a, (struct member){ .name = ".", .mode = S_IFREG | 0644 });
    trailer(a);
}

static void test_unpack(void)
{
    struct archive a = { 0 };
    first_archive(&a);
    put(&a, "\0\0\0\0\0\0\0\0", 8);       /* more zero padding between archives */
    add(&a, (struct member){ .name = "second", .mode = S_IFREG | 0644, .data = "2" });
    add(&a, (struct member){ .name = "init", .mode = S_IFREG | 0755, .data = "replaced" });
    add(&a, (struct member){ .name = "h3", .mode = S_IFREG | 0644, .ino = 77, .nlink = 2, .data = "other" });
    trailer(&a);

    struct inode *root = ramfs_new_root();
    long reports = shim_printk_calls;
    EXPECT(unpack(&a, root), 0, "unpacking two concatenated archives");
    CHECK_EQ(shim_printk_calls - reports, 3, "three entries reported and skipped (etc/passwd, weird, \".\" as a file)");
    CHECK_EQ(root->mode & 07777, 0700, "\".\" sets the root's mode");
    CHECK(has_content(root, "init", "replaced"), "./init, replaced by the second archive");
    CHECK_EQ(at(root, "init")->mode & 07777, 0755, "its mode");
    struct inode *con = at(root, "dev/console");
    CHECK(con && S_ISCHR(con->mode) && dev_major(con->rdev) == 5 && dev_minor(con->rdev) == 1,
          "dev/console is char device 5:1");
    CHECK(at(root, "dev/fifo") && S_ISFIFO(at(root, "dev/fifo")->mode), "a FIFO");
    struct inode *bin = at(root, "bin");
    CHECK(bin && S_ISDIR(bin->mode) && (bin->mode & 07777) == 0751 && bin->uid == 3 && bin->gid == 4,
          "bin with its mode and owner");
    CHECK_EQ(bin->mtime.tv_sec, 777, "directory mtimes are set after their contents");
    CHECK_EQ(at(root, "init")->mtime.tv_sec, 0, "file mtimes come from the archive");
    struct inode *sh = at(root, "bin/sh");
    CHECK(sh && S_ISLNK(sh->mode) && !strcmp(sh->lnk.target, "busybox"), "bin/sh -> busybox");
    CHECK(has_content(root, "bin/busybox", "new"), "a later file replaces an earlier one");
    CHECK_EQ(at(root, "bin/busybox")->mode & 07777, 0700, "with the later mode");
    CHECK(at(root, "etc") == NULL && at(root, "etc/passwd") == NULL, "a missing parent skips the entry");
    CHECK(has_content(root, "abs", "a"), "an absolute name lands under the root");
    CHECK(at(root, "d2") && S_ISDIR(at(root, "d2")->mode), "a directory name with a trailing slash");
    CHECK(at(root, "h1") == at(root, "h2") && at(root, "h1")->nlink == 2, "hard links share one inode");
    CHECK(has_content(root, "h1", "shared"), "data from the last link reaches all names");
    CHECK(at(root, "h3") != at(root, "h1"), "inode numbers do not match across archives");
    CHECK(has_content(root, "h3", "other"), "so h3 is a file of its own");
    CHECK(at(root, "x") && S_ISLNK(at(root, "x")->mode), "a symlink replaces a file");
    CHECK(has_content(root, "empty", "now a file"), "a file replaces an empty directory");
    CHECK(at(root, "weird") == NULL, "an entry of no known type is skipped");
    CHECK(has_content(root, "second", "2"), "the second archive's entries");
    ramfs_destroy(root);
    kfree(a.buf);
}

static void test_unpack_failures(void)
{
    struct archive a = { 0 };
    add(&a, (struct member){ .name = "kept", .mode = S_IFREG | 0644, .data = "k" });
    trailer(&a);
    put(&a, "\0\0", 2);
    add(&a, (struct member){ .name = "lost", .mode = S_IFREG | 0644, .data = "l" });
    struct inode *root = ramfs_new_root();
    EXPECT(unpack(&a, root), -EINVAL, "an archive starting off a 4-byte boundary: EINVAL");
    CHECK(has_content(root, "kept", "k") && !at(root, "lost"), "what came before stays");
    ramfs_destroy(root);

    a.len = 0;
    add(&a, (struct member){ .name = "kept", .mode = S_IFREG | 0644, .data = "k" });
    add(&a, (struct member){ .name = "cut", .mode = S_IFREG | 0644, .data = "0123456789" });
    root = ramfs_new_root();
    a.len -= 8;
    EXPECT(unpack(&a, root), -EINVAL, "a truncated archive: EINVAL");
    CHECK(has_content(root, "kept", "k") && !at(root, "cut"), "entries before the damage stay");
    ramfs_destroy(root);

    a.len = 0;
    put(&a, "\x1f\x8b\x08\x00", 4);
    root = ramfs_new_root();
    EXPECT(unpack(&a, root), -EINVAL, "compressed data is not a cpio archive: EINVAL");
    ramfs_destroy(root);

    a.len = 0;
    static char longtarget[4200];
    memset(longtarget, 't', sizeof(longtarget) - 1);
    add(&a, (struct member){ .name = "long", .mode = S_IFLNK | 0777, .data = longtarget });
    trailer(&a);
    root = ramfs_new_root();
    EXPECT(unpack(&a, root), 0, "a symlink target over PATH_MAX is skipped, not fatal");
    CHECK(at(root, "long") == NULL, "and not created");
    ramfs_destroy(root);

    a.len = 0;
    root = ramfs_new_root();
    EXPECT(unpack(&a, root), 0, "an empty buffer unpacks to nothing");
    put(&a, "\0\0\0\0\0\0\0\0", 8);
    EXPECT(unpack(&a, root), 0, "and so does padding alone");
    ramfs_destroy(root);
    kfree(a.buf);
}

/* Reads a whole host file into a heap block of exactly its size. */
static u8 *slurp(const char *path, size_t *len)
{
    FILE *fp = fopen(path, "rb");
    if (!fp)
        return NULL;
    fseek(fp, 0, SEEK_END);
    *len = (size_t)ftell(fp);
    rewind(fp);
    u8 *buf = kmalloc(*len);
    if (fread(buf, 1, *len, fp) != *len) {
        kfree(buf);
        buf = NULL;
    }
    fclose(fp);
    return buf;
}

/* An archive from the host's GNU cpio, which stores a hard-linked file's data with its last
 * name only, as the Debian initramfs tools do. */
static void test_gnu_cpio(void)
{
    char dir[] = "/tmp/test_cpio.XXXXXX", cmd[512], path[64];
    if (!mkdtemp(dir) || system("command -v cpio >/dev/null") != 0) {
        printf("# skipping the GNU cpio test: no cpio or no temporary directory\n");
        return;
    }
    snprintf(cmd, sizeof(cmd),
             "cd %s && mkdir -p tree/sub && printf hello > tree/sub/file && ln tree/sub/file tree/hard"
             " && ln -s sub/file tree/link && mkfifo tree/fifo && chmod 0710 tree/sub"
             " && cd tree && find . | LC_ALL=C sort | cpio -o -H newc --quiet > ../a.cpio", dir);
    CHECK(system(cmd) == 0, "GNU cpio made an archive");
    snprintf(path, sizeof(path), "%s/a.cpio", dir);
    size_t len = 0;
    u8 *buf = slurp(path, &len);
    struct inode *root = ramfs_new_root();
    EXPECT(buf ? cpio_unpack(buf, len, root) : -1, 0, "and it unpacks");
    CHECK(has_content(root, "sub/file", "hello") && has_content(root, "hard", "hello"),
          "both names of a hard link have the data");
    CHECK(at(root, "sub/file") == at(root, "hard") && at(root, "hard")->nlink == 2, "as one inode");
    CHECK(at(root, "link") && !strcmp(at(root, "link")->lnk.target, "sub/file"), "the symlink");
    CHECK(at(root, "fifo") && S_ISFIFO(at(root, "fifo")->mode), "the FIFO");
    CHECK(at(root, "sub") && (at(root, "sub")->mode & 07777) == 0710, "the directory's mode");
    ramfs_destroy(root);
    kfree(buf);
    snprintf(cmd, sizeof(cmd), "rm -rf %s", dir);
    if (system(cmd) != 0)
        printf("# could not remove %s\n", dir);
}

/* Every truncation and many random corruptions of a real archive must fail cleanly. */
static void test_robustness(void)
{
    struct archive a = { 0 };
    first_archive(&a);
    u64 seed = 0x2545f4914f6cdd1dull;
    bool ok = true;
    shim_printk_quiet = true;
    for (size_t len = 0; len < a.len; len++) {
        struct archive cut = { .buf = a.buf, .len = len };
        struct inode *root = ramfs_new_root();
        int r = unpack(&cut, root);
        ok &= r == 0 || r == -EINVAL;
        ramfs_destroy(root);
    }
    for (int round = 0; round < 3000; round++) {
        struct archive bent = { 0 };
        put(&bent, a.buf, a.len);
        for (int flips = 0; flips < 3; flips++) {
            seed ^= seed << 13, seed ^= seed >> 7, seed ^= seed << 17;
            bent.buf[seed % a.len] = "0123456789ABCDEFfx\0/."[(seed >> 32) % 21];
        }
        struct inode *root = ramfs_new_root();
        int r = unpack(&bent, root);
        ok &= r == 0 || r == -EINVAL;
        ramfs_destroy(root);
        kfree(bent.buf);
    }
    shim_printk_quiet = false;
    CHECK(ok, "truncated and corrupted archives fail with EINVAL or unpack what they can");
    kfree(a.buf);
}

int main(void)
{
    test_parse();
    test_refusals();
    test_unpack();
    test_unpack_failures();
    test_gnu_cpio();
    test_robustness();
    return tap_end();
}
