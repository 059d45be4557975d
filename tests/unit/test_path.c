/* Host tests for fs/path.c: Linux's path rules (".", "..", slashes, symlinks, ELOOP, name
 * lengths), path_lookup_parent for calls that create, and path_of for getcwd. */
/* UNIT-SOURCES: fs/path.c fs/ramfs.c fs/ramfs_data.c */
#include <string.h>
#include "tap.h"
#include "fs.h"
#include "uapi/errno.h"

#define NAME(s) s, strlen(s)
/* tap.h's CHECK_EQ evaluates its arguments twice, so calls with side effects go through this. */
#define EXPECT(call, want, what) do { long got_ = (long)(call); CHECK_EQ(got_, (want), what); } while (0)

/* The tree, built once:
 *   /f                 file
 *   /a/b/file          file
 *   /a/lfile -> b/file     /a/ldir -> b       /a/labs -> /a/b     /a/lup -> ../a
 *   /a/lslash -> b/file/   /a/b/lsib -> ../lfile                  /dang -> nowhere
 *   /loop1 -> loop2 -> loop1      /self -> self
 *   /L1 -> L2 -> ... -> L41 -> f          (a chain of 41 links)
 *   /M1 -> M2 -> ... -> M41 -> a
 *   /N1 -> N2/. , N2 -> N3/. , ..., N41 -> a   (each link in the middle of the previous one) */
static struct inode *root, *a, *b, *file, *f;

static void link_at(struct inode *dir, const char *name, const char *target)
{
    if (ramfs_symlink(dir, NAME(name), target, NULL))
        printf("# symlink %s failed\n", name);
}

static void make_chain(char prefix, const char *suffix, const char *end)
{
    char name[16], target[32];
    for (int i = 1; i <= 41; i++) {
        snprintf(name, sizeof(name), "%c%d", prefix, i);
        if (i < 41)
            snprintf(target, sizeof(target), "%c%d%s", prefix, i + 1, suffix);
        else
            snprintf(target, sizeof(target), "%s", end);
        link_at(root, name, target);
    }
}

static void build_tree(void)
{
    root = ramfs_new_root();
    ramfs_create(root, NAME("f"), S_IFREG | 0644, 0, &f);
    ramfs_create(root, NAME("a"), S_IFDIR | 0755, 0, &a);
    ramfs_create(a, NAME("b"), S_IFDIR | 0755, 0, &b);
    ramfs_create(b, NAME("file"), S_IFREG | 0644, 0, &file);
    link_at(a, "lfile", "b/file");
    link_at(a, "ldir", "b");
    link_at(a, "labs", "/a/b");
    link_at(a, "lup", "../a");
    link_at(a, "lslash", "b/file/");
    link_at(b, "lsib", "../lfile");
    link_at(root, "dang", "nowhere");
    link_at(root, "loop1", "loop2");
    link_at(root, "loop2", "loop1");
    link_at(root, "self", "self");
    make_chain('L', "", "f");
    make_chain('M', "", "a");
    make_chain('N', "/.", "a");
}

/* Looks path up from start (root when NULL) and returns the result or an error as a long. */
static long look(struct inode *start, const char *path, unsigned flags)
{
    struct inode *out = NULL;
    int err = path_lookup(root, start ? start : root, path, flags, &out);
    return err ? err : (long)(uintptr_t)out;
}

static long look_in(struct inode *chroot, struct inode *start, const char *path, unsigned flags)
{
    struct inode *out = NULL;
    int err = path_lookup(chroot, start, path, flags, &out);
    return err ? err : (long)(uintptr_t)out;
}

#define IS(ino) ((long)(uintptr_t)(ino))
#define LINK(dir, name) IS(ramfs_lookup(dir, NAME(name)))

static void test_components(void)
{
    EXPECT(look(NULL, "/", 0), IS(root), "\"/\" is the root");
    EXPECT(look(a, "/", 0), IS(root), "\"/\" from elsewhere is the root");
    EXPECT(look(NULL, "", 0), -ENOENT, "empty path: ENOENT");
    EXPECT(look(a, ".", 0), IS(a), "\".\" is the start");
    EXPECT(look(a, "..", 0), IS(root), "\"..\" is the parent");
    EXPECT(look(NULL, "..", 0), IS(root), "\"..\" at the root stays there");
    EXPECT(look(NULL, "/../../a", 0), IS(a), "\"..\" above the root stays there");
    EXPECT(look(NULL, "a/./b/../b", 0), IS(b), "\".\" and \"..\" inside a path");
    EXPECT(look(NULL, "a//b", 0), IS(b), "repeated slashes");
    EXPECT(look(NULL, "///a///b///", 0), IS(b), "slashes everywhere");
    EXPECT(look(NULL, "a/b/", 0), IS(b), "trailing slash on a directory");
    EXPECT(look(NULL, "a/b/.", 0), IS(b), "trailing \".\"");
    EXPECT(look(a, "b/file", 0), IS(file), "relative path from the start");
    EXPECT(look(b, "../../f", 0), IS(f), "relative path climbing up");
    EXPECT(look(b, "/f", 0), IS(f), "absolute path ignores the start");
    EXPECT(look(NULL, "a/b/file", LOOKUP_DIRECTORY), -ENOTDIR, "LOOKUP_DIRECTORY on a file: ENOTDIR");
    EXPECT(look(NULL, "a/b", LOOKUP_DIRECTORY), IS(b), "LOOKUP_DIRECTORY on a directory");
}

static void test_errors(void)
{
    EXPECT(look(NULL, "f/", 0), -ENOTDIR, "trailing slash on a file: ENOTDIR");
    EXPECT(look(NULL, "f//", LOOKUP_FOLLOW), -ENOTDIR, "trailing slashes on a file: ENOTDIR");
    EXPECT(look(NULL, "f/.", 0), -ENOTDIR, "\"file/.\": ENOTDIR");
    EXPECT(look(NULL, "f/..", 0), -ENOTDIR, "\"file/..\": ENOTDIR");
    EXPECT(look(NULL, "f/x", 0), -ENOTDIR, "a file used as a directory: ENOTDIR");
    EXPECT(look(f, "x", 0), -ENOTDIR, "a relative path from a file: ENOTDIR");
    EXPECT(look(f, ".", 0), -ENOTDIR, "\".\" from a file: ENOTDIR");
    EXPECT(look(NULL, "a/missing", 0), -ENOENT, "missing name: ENOENT");
    EXPECT(look(NULL, "a/missing/x", 0), -ENOENT, "missing directory: ENOENT");
    EXPECT(look(NULL, "a/missing/", 0), -ENOENT, "missing name with a slash: ENOENT");

    char path[300] = "a/";
    memset(path + 2, 'n', 256);
    EXPECT(look(NULL, path, 0), -ENAMETOOLONG, "256-byte component: ENAMETOOLONG");
    path[2 + 255] = '\0';
    EXPECT(look(NULL, path, 0), -ENOENT, "255-byte component is looked up (ENOENT)");
    ramfs_create(a, path + 2, 255, S_IFREG, 0, NULL);
    EXPECT(look(NULL, path, 0), LINK(a, path + 2), "and found once it exists");
    memcpy(path, "f/", 2);
    memset(path + 2, 'n', 256);
    EXPECT(look(NULL, path, 0), -ENOTDIR, "a long name after a file: ENOTDIR first");
    char path2[300] = "nope/";
    memset(path2 + 5, 'n', 256);
    EXPECT(look(NULL, path2, 0), -ENOENT, "a long name after a missing directory: ENOENT first");
}

static void test_symlinks(void)
{
    EXPECT(look(NULL, "a/lfile", LOOKUP_FOLLOW), IS(file), "final symlink to a file, followed");
    EXPECT(look(NULL, "a/lfile", 0), LINK(a, "lfile"), "final symlink, not followed");
    EXPECT(look(NULL, "a/lfile/", 0), -ENOTDIR, "symlink to a file with a trailing slash: ENOTDIR");
    EXPECT(look(NULL, "a/ldir", 0), LINK(a, "ldir"), "final symlink to a directory, not followed");
    EXPECT(look(NULL, "a/ldir/", 0), IS(b), "a trailing slash follows a symlink to a directory");
    EXPECT(look(NULL, "a/ldir//", 0), IS(b), "so do several");
    EXPECT(look(NULL, "a/ldir", LOOKUP_DIRECTORY), -ENOTDIR, "LOOKUP_DIRECTORY without FOLLOW on a symlink: ENOTDIR");
    EXPECT(look(NULL, "a/ldir/file", 0), IS(file), "symlinks in the middle are always followed");
    EXPECT(look(NULL, "a/labs/file", 0), IS(file), "absolute target resolves from the root");
    EXPECT(look(NULL, "a/lup/b", 0), IS(b), "relative target with \"..\" resolves from the link's directory");
    EXPECT(look(NULL, "a/b/lsib", LOOKUP_FOLLOW), IS(file), "a link to a link, each relative to its own directory");
    EXPECT(look(NULL, "a/lslash", LOOKUP_FOLLOW), -ENOTDIR, "target with a trailing slash naming a file: ENOTDIR");
    EXPECT(look(NULL, "a/lslash", 0), LINK(a, "lslash"), "which does not matter unfollowed");
    EXPECT(look(NULL, "dang", LOOKUP_FOLLOW), -ENOENT, "dangling symlink followed: ENOENT");
    EXPECT(look(NULL, "dang", 0), LINK(root, "dang"), "dangling symlink itself");
    EXPECT(look(NULL, "dang/", 0), -ENOENT, "dangling symlink with a slash: ENOENT");

    EXPECT(look(NULL, "loop1", LOOKUP_FOLLOW), -ELOOP, "symlink loop: ELOOP");
    EXPECT(look(NULL, "loop1", 0), LINK(root, "loop1"), "a loop is fine unfollowed");
    EXPECT(look(NULL, "loop1/x", 0), -ELOOP, "loop in the middle: ELOOP");
    EXPECT(look(NULL, "self/", 0), -ELOOP, "self-link with a slash: ELOOP");
    EXPECT(look(NULL, "L2", LOOKUP_FOLLOW), IS(f), "a chain of 40 links resolves");
    EXPECT(look(NULL, "L1", LOOKUP_FOLLOW), -ELOOP, "a chain of 41 links: ELOOP");
    EXPECT(look(NULL, "M2/b", 0), IS(b), "40 links in the middle resolve");
    EXPECT(look(NULL, "M1/b", 0), -ELOOP, "41 links in the middle: ELOOP");
    EXPECT(look(NULL, "N2", LOOKUP_FOLLOW), IS(a), "40 links nested inside each other resolve");
    EXPECT(look(NULL, "N1", LOOKUP_FOLLOW), -ELOOP, "41 nested links: ELOOP");
    EXPECT(look(NULL, "M28/../M28/../M28/b", 0), -ELOOP, "the count is per lookup: 14+14+14 links: ELOOP");
    EXPECT(look(NULL, "M29/../M29/../M29/b", 0), IS(b), "13+13+13 links are fine");
}

static void test_chroot(void)
{
    EXPECT(look_in(a, a, "/", 0), IS(a), "inside a chroot, \"/\" is its root");
    EXPECT(look_in(a, a, "..", 0), IS(a), "\"..\" cannot leave the chroot");
    EXPECT(look_in(a, b, "../../..", 0), IS(a), "nor by climbing from below");
    EXPECT(look_in(a, a, "/../b", 0), IS(b), "absolute paths start at the chroot");
    EXPECT(look_in(a, a, "labs", LOOKUP_FOLLOW), -ENOENT, "absolute symlink targets start at the chroot too");
    EXPECT(look_in(b, a, "..", 0), IS(root), "a start outside the chroot can climb (as on Linux)");
}

static long parent_of(struct inode *start, const char *path, const char **last, size_t *lastlen)
{
    struct inode *parent = NULL;
    int err = path_lookup_parent(root, start ? start : root, path, &parent, last, lastlen);
    return err ? err : (long)(uintptr_t)parent;
}

static void test_lookup_parent(void)
{
    const char *last = NULL;
    size_t len = 0;
    EXPECT(parent_of(NULL, "a/b/file", &last, &len), IS(b), "parent of a/b/file");
    CHECK(len == 4 && !memcmp(last, "file", 4), "last component \"file\"");
    const char *p = "a/b/new//";
    EXPECT(parent_of(NULL, p, &last, &len), IS(b), "parent of a/b/new//");
    CHECK(len == 3 && last == p + 4 && last[len] == '/', "last \"new\", trailing slash visible");
    EXPECT(parent_of(NULL, "/", &last, &len), IS(root), "parent of \"/\" is the root");
    EXPECT(len, 0, "with an empty last component");
    EXPECT(parent_of(a, "///", &last, &len), IS(root), "so is that of \"///\"");
    EXPECT(parent_of(a, "new", &last, &len), IS(a), "single name: the start");
    EXPECT(parent_of(a, "/new", &last, &len), IS(root), "absolute single name: the root");
    EXPECT(parent_of(NULL, "a/ldir/x", &last, &len), IS(b), "symlinks before the last are followed");
    EXPECT(parent_of(NULL, "a/ldir", &last, &len), IS(a), "the last is never followed");
    CHECK(len == 4 && !memcmp(last, "ldir", 4), "last \"ldir\"");
    EXPECT(parent_of(NULL, "a/..", &last, &len), IS(a), "\"a/..\": parent a");
    CHECK(len == 2 && !memcmp(last, "..", 2), "last \"..\" for the caller to handle");
    EXPECT(parent_of(b, ".", &last, &len), IS(b), "\".\": the start, last \".\"");
    EXPECT(parent_of(NULL, "", &last, &len), -ENOENT, "empty path: ENOENT");
    EXPECT(parent_of(NULL, "f/x", &last, &len), -ENOTDIR, "a file as the parent: ENOTDIR");
    EXPECT(parent_of(f, "x", &last, &len), -ENOTDIR, "a file as the start: ENOTDIR");
    EXPECT(parent_of(NULL, "a/lfile/x", &last, &len), -ENOTDIR, "a symlink to a file as the parent: ENOTDIR");
    EXPECT(parent_of(NULL, "missing/x", &last, &len), -ENOENT, "missing parent: ENOENT");
    EXPECT(parent_of(NULL, "loop1/x", &last, &len), -ELOOP, "looping parent: ELOOP");
    char path[300] = "a/";
    memset(path + 2, 'n', 256);
    EXPECT(parent_of(NULL, path, &last, &len), IS(a), "a 256-byte last component is the caller's to check");
    CHECK(len == 256, "and comes back whole");
    path[2 + 255] = '\0';
    EXPECT(parent_of(NULL, path, &last, &len), IS(a), "255 bytes are fine");
}

static void test_path_of(void)
{
    char buf[64];
    EXPECT(path_of(root, root, buf, sizeof(buf)), 2, "the root is \"/\" (length with NUL)");
    CHECK(!strcmp(buf, "/"), "\"/\"");
    EXPECT(path_of(root, b, buf, sizeof(buf)), 5, "a/b");
    CHECK(!strcmp(buf, "/a/b"), "\"/a/b\"");
    EXPECT(path_of(root, b, buf, 5), 5, "an exact fit");
    EXPECT(path_of(root, b, buf, 4), -ERANGE, "one byte short: ERANGE");
    EXPECT(path_of(root, root, buf, 1), -ERANGE, "no room for \"/\": ERANGE");
    EXPECT(path_of(root, root, buf, 0), -ERANGE, "no room at all: ERANGE");
    EXPECT(path_of(root, f, buf, sizeof(buf)), -ENOTDIR, "a file: ENOTDIR");
    EXPECT(path_of(a, b, buf, sizeof(buf)), 3, "inside a chroot");
    CHECK(!strcmp(buf, "/b"), "\"/b\"");
    EXPECT(path_of(b, a, buf, sizeof(buf)), 16, "outside the chroot");
    CHECK(!strcmp(buf, "(unreachable)/a"), "gets Linux's \"(unreachable)\" prefix");
    EXPECT(path_of(b, root, buf, sizeof(buf)), 15, "the real root, outside the chroot");
    CHECK(!strcmp(buf, "(unreachable)/"), "\"(unreachable)/\"");

    struct inode *gone;
    ramfs_create(b, NAME("gone"), S_IFDIR | 0755, 0, &gone);
    inode_get(gone);
    ramfs_rmdir(b, NAME("gone"));
    EXPECT(path_of(root, gone, buf, sizeof(buf)), -ENOENT, "a removed directory: ENOENT");
    struct inode *up = NULL;
    EXPECT(path_lookup(root, gone, "..", 0, &up), 0, "\"..\" from a removed directory");
    CHECK(up == b, "still leads to its old parent");
    inode_put(gone);
}

/* A second tree mounted on a/b by hand, as fs/mount.c links them. */
static void test_mounts(void)
{
    struct inode *other = ramfs_new_root();
    struct inode *inner = NULL, *top = ramfs_new_root();
    ramfs_create(other, NAME("inner"), S_IFDIR | 0755, 0, &inner);
    b->mounted = other->sb;
    other->sb->covered = b;
    EXPECT(look(NULL, "a/b", 0), IS(other), "a lookup of the mount point lands on the mounted root");
    EXPECT(look(NULL, "a/b/inner", 0), IS(inner), "and continues inside it");
    EXPECT(look(NULL, "a/b/inner/../..", 0), IS(a), "\"..\" from the mounted root is the mount point's parent");
    EXPECT(look(inner, "../../b/inner", 0), IS(inner), "a relative walk crosses out and back in");
    char buf[64];
    EXPECT(path_of(root, inner, buf, sizeof(buf)), 11, "getcwd names the mounted tree by the mount point");
    CHECK(strcmp(buf, "/a/b/inner") == 0, "as /a/b/inner (got %s)", buf);
    other->mounted = top->sb;       /* a mount stacked on the first */
    top->sb->covered = other;
    EXPECT(look(NULL, "a/b", 0), IS(top), "stacked mounts: the topmost root is found");
    EXPECT(look(top, "..", 0), IS(a), "and its \"..\" climbs through both");
    EXPECT(path_of(root, top, buf, sizeof(buf)), 5, "the stacked root is named /a/b");
    EXPECT(path_of(root, other, buf, sizeof(buf)), 5, "so is the covered root");
    b->mounted = NULL;
    ramfs_destroy(top);
    ramfs_destroy(other);
}

int main(void)
{
    build_tree();
    test_components();
    test_errors();
    test_symlinks();
    test_chroot();
    test_lookup_parent();
    test_path_of();
    test_mounts();
    ramfs_destroy(root);
    return tap_end();
}
