/* Host tests for fs/ramfs.c: creating and looking up names, file contents with holes and
 * truncation, directory listing positions, links, removal, rename, and inode lifetimes (ASan's
 * leak checker sees any inode the tree forgets to free). */
/* UNIT-SOURCES: fs/ramfs.c */
#include <string.h>
#include "tap.h"
#include "fs.h"
#include "uapi/dirent.h"
#include "uapi/errno.h"

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
    CHECK(f->size == 0 && f->reg.pages == NULL, "an empty file holds no pages");
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
    size_t held = 0;
    for (size_t i = 0; i < f->reg.slots; i++)
        held += f->reg.pages[i] != NULL;
    CHECK(held == 1, "shrinking to 10 bytes gives back every page but the first");

    EXPECT(ramfs_write(f, "x", 1, INT64_MAX), -EFBIG, "write at 2^63-1: EFBIG");
    EXPECT(ramfs_write(f, "x", 1, (u64)1 << 40), -ENOMEM, "write at 1 TiB: ENOMEM, file unchanged");
    EXPECT(f->size, 10, "size unchanged after failed writes");
    EXPECT(ramfs_truncate(f, (u64)INT64_MAX + 1), -EFBIG, "truncate past 2^63-1: EFBIG");
    EXPECT(ramfs_truncate(f, (u64)1 << 40), -ENOMEM, "truncate to 1 TiB: ENOMEM");
    EXPECT(f->size, 10, "size unchanged after failed truncates");

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

    EXPECT(ramfs_rename(root, NAME("f"), root, NAME("f2")), 0, "rename in place");
    CHECK(ramfs_lookup(root, NAME("f2")) == f && !ramfs_lookup(root, NAME("f")), "the name moved");
    EXPECT(ramfs_rename(root, NAME("f2"), root, NAME("g")), 0, "rename over a file");
    CHECK(ramfs_lookup(root, NAME("g")) == f, "the target name now holds the source");
    (void)g;    /* freed by the rename; ASan would catch a leak or a later use */
    EXPECT(ramfs_link(root, NAME("h"), f), 0, "a second name for f");
    EXPECT(ramfs_rename(root, NAME("g"), root, NAME("h")), 0, "rename between names of one inode");
    CHECK(ramfs_lookup(root, NAME("g")) == f && ramfs_lookup(root, NAME("h")) == f && f->nlink == 2,
          "changes nothing, as Linux");

    EXPECT(ramfs_rename(a, NAME("ab"), b, NAME("moved")), 0, "move a directory");
    CHECK(ab->parent == b && a->nlink == 2 && b->nlink == 3, "parent and link counts follow");
    EXPECT(ramfs_rename(root, NAME("b"), ab, NAME("x")), -EINVAL, "move a directory under itself: EINVAL");
    EXPECT(ramfs_rename(root, NAME("b"), b, NAME("x")), -EINVAL, "move a directory into itself: EINVAL");
    EXPECT(ramfs_rename(ab, NAME("nope"), root, NAME("b")), -ENOENT, "missing source: ENOENT");
    struct inode *deep = mk(ab, "deep", S_IFREG);
    mk(root, "empty", S_IFDIR);
    EXPECT(ramfs_rename(ab, NAME("deep"), root, NAME("empty")), -EISDIR, "file onto a directory: EISDIR");
    EXPECT(ramfs_rename(b, NAME("moved"), root, NAME("h")), -ENOTDIR, "directory onto a file: ENOTDIR");
    EXPECT(ramfs_rename(b, NAME("moved"), root, NAME("a")), 0, "directory onto an empty directory");
    CHECK(ramfs_lookup(root, NAME("a")) == ab && ab->parent == root, "replaced it");
    CHECK(root->nlink == 5 && b->nlink == 2, "link counts after replacing a directory (a, b, empty)");
    EXPECT(ramfs_rename(ab, NAME("deep"), root, NAME("a")), -ENOTEMPTY,
             "file onto its own directory: ENOTEMPTY, as Linux's ancestor check comes first");
    struct inode *c = mk(root, "c", S_IFDIR);
    EXPECT(ramfs_rename(root, NAME("c"), root, NAME("a")), -ENOTEMPTY, "onto a non-empty directory: ENOTEMPTY");
    struct inode *e = mk(ab, "e", S_IFDIR);
    EXPECT(ramfs_rename(e, NAME("."), root, NAME("z")), -EBUSY, "\".\" as the source: EBUSY");
    EXPECT(ramfs_rename(root, NAME("c"), e, NAME("..")), -EBUSY, "\"..\" as the target: EBUSY");
    mk(e, "ee", S_IFREG);
    (void)deep;
    (void)c;
    EXPECT(ramfs_rename(ab, NAME("deep"), e, NAME("ee")), 0, "move a file between directories over a file");
    EXPECT(ramfs_rename(e, NAME("ee"), root, NAME("a")), -ENOTEMPTY, "file onto an ancestor: ENOTEMPTY");
    EXPECT(ramfs_rmdir(e, NAME("..")), -ENOTEMPTY, "rmdir \"..\": ENOTEMPTY");
    struct inode *e2 = mk(e, "e2", S_IFDIR);
    (void)e2;
    EXPECT(ramfs_rename(e, NAME("e2"), root, NAME("a")), -ENOTEMPTY,
             "directory onto an ancestor of its parent: ENOTEMPTY");
    char name[257];
    memset(name, 'n', sizeof(name));
    EXPECT(ramfs_rename(root, NAME("c"), root, name, 256), -ENAMETOOLONG, "256-byte new name: ENAMETOOLONG");
    ramfs_destroy(root);
}

int main(void)
{
    test_create_and_lookup();
    test_symlinks();
    test_contents();
    test_user_copies();
    test_iterate();
    test_links_and_removal();
    test_rename();
    return tap_end();
}
