/* In-VM tests of the calls that create, remove and rename names and change attributes: mkdir,
 * mknod, rmdir, unlink, rename/renameat2 (NOREPLACE, EXCHANGE, WHITEOUT), link, symlink and their
 * *at forms; chmod, chown, utimensat/futimesat/utimes/utime, truncate/ftruncate,
 * statfs/fstatfs, fsync/fdatasync/sync/syncfs, fchdir and faccessat2. Each call is checked for
 * its effects (through stat, lstat, readlink and getdents64), its timestamps, every error a
 * caller can cause, and EFAULT for every pointer; then across mount points (a tmpfs, procfs).
 * Everything happens under /tmp/ns. */
#include "tap.h"
#include <fcntl.h>
#include <limits.h>
#include <stdbool.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/time.h>

#define BASE "/tmp/ns"

/* Linux's values, spelled out so no C library feature macro decides whether they exist. */
#define NOREPLACE  1
#define EXCHANGE   2
#define WHITEOUT   4
#define TMPFS_MAGIC_ 0x01021994
#define ST_VALID_  0x0020
#define UTIME_NOW_  ((1l << 30) - 1l)
#define UTIME_OMIT_ ((1l << 30) - 2l)

static struct stat st;
static char name256[257], path_max[PATH_MAX + 1];

/* ---- helpers ---- */

static long lst(const char *path)
{
    memset(&st, 0xee, sizeof(st));
    return sc2(SYS_lstat, path, &st);
}

static bool exists(const char *path)
{
    struct stat s;
    return sc2(SYS_lstat, path, &s) == 0;
}

static void make_file(const char *path, const char *text)
{
    long fd = sc4(SYS_openat, AT_FDCWD, path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) {
        tap_print("# creating %s failed: %ld", path, fd);
        return;
    }
    sc3(SYS_write, fd, text, strlen(text));
    sc1(SYS_close, fd);
}

static void make_dir(const char *path)
{
    long r = sc2(SYS_mkdir, path, 0755);
    if (r < 0)
        tap_print("# mkdir %s failed: %ld", path, r);
}

/* Sets a name's atime and mtime (not following a symlink) to 1000 and 2000 seconds, so that a
 * later change shows as a recent time. */
static void age(const char *path)
{
    struct timespec old[2] = { { 1000, 0 }, { 2000, 0 } };
    sc4(SYS_utimensat, AT_FDCWD, path, old, AT_SYMLINK_NOFOLLOW);
}

static bool recent(struct timespec t) { return t.tv_sec > 1000000000; }

static bool later(struct timespec a, struct timespec b)
{
    return a.tv_sec > b.tv_sec || (a.tv_sec == b.tv_sec && a.tv_nsec > b.tv_nsec);
}

/* Linux's file times move with the timer tick; sleeping past one makes a new time visible. */
static void tick(void)
{
    struct timespec ts = { 0, 20 * 1000 * 1000 };
    sc2(SYS_nanosleep, &ts, 0);
}

static struct timespec ctime_of(const char *path)
{
    lst(path);
    return st.st_ctim;
}

struct dirent64_raw {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

/* The number of entries (. and .. included) a directory lists, and whether `name` is one. */
static int list_dir(const char *dir, const char *name, bool *found)
{
    static char buf[4096];
    long fd = open_or_note(dir, O_RDONLY | O_DIRECTORY, 0);
    long n = sc3(SYS_getdents64, fd, buf, sizeof(buf));
    sc1(SYS_close, fd);
    int count = 0;
    *found = false;
    for (long off = 0; off < n; count++) {
        const struct dirent64_raw *d = (const void *)(buf + off);
        *found |= strcmp(d->d_name, name) == 0;
        off += d->d_reclen ? d->d_reclen : n;
    }
    return count;
}

static bool listed(const char *dir, const char *name)
{
    bool found;
    list_dir(dir, name, &found);
    return found;
}

/* ---- mkdir ---- */

static void test_mkdir(void)
{
    lst(BASE);
    unsigned long parent_links = st.st_nlink;
    age(BASE);
    CHECK_RET(sc2(SYS_mkdir, BASE "/d", 0777), 0, "mkdir");
    CHECK(lst(BASE "/d") == 0 && S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0755,
          "a directory, mode 0777 less the umask 022 (got %o)", st.st_mode);
    CHECK(st.st_nlink == 2 && st.st_size == 40 && st.st_uid == 0 && st.st_gid == 0,
          "two links, size 40 as tmpfs, owned by root");
    CHECK(recent(st.st_atim) && recent(st.st_mtim) && recent(st.st_ctim), "its times are now");
    lst(BASE);
    CHECK(st.st_nlink == parent_links + 1, "the parent gains a link (%lu)", (unsigned long)st.st_nlink);
    CHECK(recent(st.st_mtim) && recent(st.st_ctim), "the parent's mtime and ctime are now");
    CHECK(listed(BASE, "d"), "getdents64 lists it");
    CHECK_RET(sc2(SYS_mkdir, BASE "/m", 07777), 0, "mkdir with mode 07777");
    lst(BASE "/m");
    CHECK((st.st_mode & 07777) == 01755,
          "keeps the sticky bit, not set-ID bits (got %o)", st.st_mode & 07777);
    CHECK_RET(sc2(SYS_mkdir, BASE "/hi", 0x10000 | 0700), 0, "mkdir with a bit above the 16-bit mode");
    CHECK(lst(BASE "/hi") == 0 && (st.st_mode & 07777) == 0700, "the high bit is ignored (got %o)",
          st.st_mode & 07777);
    CHECK_RET(sc2(SYS_mkdir, BASE "/slash/", 0755), 0, "mkdir name/ (trailing slash)");
    CHECK(lst(BASE "/slash") == 0 && S_ISDIR(st.st_mode), "makes the directory");
    CHECK_RET(sc2(SYS_mkdir, BASE "/dlink/sub", 0755), 0, "mkdir through a symlink to a directory");
    CHECK(lst(BASE "/d/sub") == 0 && S_ISDIR(st.st_mode), "it appears in the target");
    name256[255] = '\0';
    CHECK_RET(sc2(SYS_mkdir, name256, 0755), 0, "mkdir a 255-byte name (relative to the cwd)");
    name256[255] = 'n';
}

static void test_mkdir_errors(void)
{
    CHECK_RET(sc2(SYS_mkdir, BASE "/d", 0755), -EEXIST, "mkdir an existing directory");
    CHECK_RET(sc2(SYS_mkdir, BASE "/file", 0755), -EEXIST, "mkdir an existing file");
    CHECK_RET(sc2(SYS_mkdir, BASE "/dangling", 0755), -EEXIST, "mkdir a dangling symlink's name");
    CHECK_RET(sc2(SYS_mkdir, "/", 0755), -EEXIST, "mkdir /");
    CHECK_RET(sc2(SYS_mkdir, BASE "/.", 0755), -EEXIST, "mkdir dir/.");
    CHECK_RET(sc2(SYS_mkdir, BASE "/d/..", 0755), -EEXIST, "mkdir dir/..");
    CHECK_RET(sc2(SYS_mkdir, BASE "/missing/x", 0755), -ENOENT, "mkdir in a missing directory");
    CHECK_RET(sc2(SYS_mkdir, BASE "/file/x", 0755), -ENOTDIR, "mkdir under a file");
    CHECK_RET(sc2(SYS_mkdir, BASE "/loop/x", 0755), -ELOOP, "mkdir under a symlink loop");
    CHECK_RET(sc2(SYS_mkdir, "", 0755), -ENOENT, "mkdir an empty path");
    CHECK_RET(sc2(SYS_mkdir, name256, 0755), -ENAMETOOLONG, "mkdir a 256-byte name");
    CHECK_RET(sc2(SYS_mkdir, path_max, 0755), -ENAMETOOLONG, "mkdir a path of PATH_MAX bytes");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_mkdir, bp, 0755), "mkdir a bad path");

    long dir = open_or_note(BASE, O_RDONLY | O_DIRECTORY, 0);
    long opath = open_or_note(BASE, O_PATH | O_DIRECTORY, 0);
    long file = open_or_note(BASE "/file", O_RDONLY, 0);
    CHECK_RET(sc3(SYS_mkdirat, dir, "at", 0755), 0, "mkdirat relative to a directory fd");
    CHECK(lst(BASE "/at") == 0 && S_ISDIR(st.st_mode), "it is made there");
    CHECK_RET(sc3(SYS_mkdirat, opath, "atpath", 0755), 0, "mkdirat relative to an O_PATH fd");
    CHECK_RET(sc3(SYS_mkdirat, 99, BASE "/atabs", 0755), 0, "mkdirat an absolute path ignores the fd");
    CHECK_RET(sc3(SYS_mkdirat, 99, "x", 0755), -EBADF, "mkdirat relative to a closed fd");
    CHECK_RET(sc3(SYS_mkdirat, file, "x", 0755), -ENOTDIR, "mkdirat relative to a file");
    CHECK_RET(sc3(SYS_mkdirat, 99, "", 0755), -ENOENT, "mkdirat an empty path: ENOENT before EBADF");
    EFAULT_EACH(BP_READS, 0, sc3(SYS_mkdirat, dir, bp, 0755), "mkdirat a bad path");
    sc1(SYS_close, dir);
    sc1(SYS_close, opath);
    sc1(SYS_close, file);
}

/* ---- mknod ---- */

static void test_mknod(void)
{
    CHECK_RET(sc3(SYS_mknod, BASE "/fifo", S_IFIFO | 0666, 0), 0, "mknod a FIFO");
    CHECK(lst(BASE "/fifo") == 0 && S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == 0644,
          "a FIFO, mode 0666 less the umask (got %o)", st.st_mode);
    CHECK_RET(sc3(SYS_mknod, BASE "/reg", 0640, 0x1234), 0, "mknod type 0");
    CHECK(lst(BASE "/reg") == 0 && S_ISREG(st.st_mode) && st.st_rdev == 0 && st.st_size == 0,
          "makes an empty regular file, without the device number (mode %o)", st.st_mode);
    CHECK_RET(sc3(SYS_mknod, BASE "/reg2", S_IFREG | 0600, 0), 0, "mknod S_IFREG");
    CHECK_RET(sc3(SYS_mknod, BASE "/chr", S_IFCHR | 0600, 0xfffffffful), 0, "mknod a character device");
    CHECK(lst(BASE "/chr") == 0 && S_ISCHR(st.st_mode) && st.st_rdev == 0xffffffff,
          "it keeps all 32 bits of its device number (got %#lx)", (unsigned long)st.st_rdev);
    CHECK_RET(sc3(SYS_mknod, BASE "/blk", S_IFBLK | 0600, 0x0801), 0, "mknod a block device");
    CHECK(lst(BASE "/blk") == 0 && S_ISBLK(st.st_mode) && st.st_rdev == 0x801, "block device 8:1");
    CHECK_RET(sc3(SYS_mknod, BASE "/sock", S_IFSOCK | 04755, 0x505), 0, "mknod a socket");
    CHECK(lst(BASE "/sock") == 0 && S_ISSOCK(st.st_mode) && st.st_rdev == 0 &&
          (st.st_mode & 07777) == 04755, "a socket: no device number, set-ID bits kept (mode %o)",
          st.st_mode);
    CHECK_RET(sc3(SYS_mknod, BASE "/hi", 0x10000 | S_IFIFO | 0600, 0), -EEXIST,
              "mknod: bits above the 16-bit mode are ignored (hi exists)");
    CHECK_RET(sc3(SYS_mknod, BASE "/hifo", 0x10000 | S_IFIFO | 0600, 0), 0, "so this makes a FIFO");
    CHECK(lst(BASE "/hifo") == 0 && S_ISFIFO(st.st_mode), "a FIFO (mode %o)", st.st_mode);
    long dir = open_or_note(BASE, O_RDONLY | O_DIRECTORY, 0);
    CHECK_RET(sc4(SYS_mknodat, dir, "atfifo", S_IFIFO | 0600, 0), 0,
              "mknodat relative to a directory fd");
    CHECK(lst(BASE "/atfifo") == 0 && S_ISFIFO(st.st_mode), "it is made there");

    CHECK_RET(sc3(SYS_mknod, 0, S_IFDIR | 0755, 0), -EPERM, "mknod S_IFDIR: EPERM, before the path");
    CHECK_RET(sc3(SYS_mknod, 0, S_IFLNK | 0755, 0), -EINVAL, "mknod S_IFLNK: EINVAL");
    CHECK_RET(sc3(SYS_mknod, 0, 0030000 | 0755, 0), -EINVAL, "mknod an unknown type: EINVAL");
    CHECK_RET(sc3(SYS_mknod, BASE "/fifo", S_IFIFO | 0600, 0), -EEXIST, "mknod an existing name");
    CHECK_RET(sc3(SYS_mknod, BASE "/nod/", S_IFIFO | 0600, 0), -ENOENT, "mknod new/ (trailing slash)");
    CHECK_RET(sc3(SYS_mknod, BASE "/fifo/", S_IFIFO | 0600, 0), -EEXIST, "mknod existing/");
    CHECK_RET(sc3(SYS_mknod, BASE "/.", S_IFIFO | 0600, 0), -EEXIST, "mknod dir/.");
    CHECK_RET(sc3(SYS_mknod, BASE "/missing/x", S_IFIFO | 0600, 0), -ENOENT,
              "mknod in a missing directory");
    CHECK_RET(sc3(SYS_mknod, BASE "/file/x", S_IFIFO | 0600, 0), -ENOTDIR, "mknod under a file");
    CHECK_RET(sc3(SYS_mknod, name256, S_IFIFO | 0600, 0), -ENAMETOOLONG, "mknod a 256-byte name");
    CHECK_RET(sc4(SYS_mknodat, 99, "x", S_IFIFO | 0600, 0), -EBADF, "mknodat relative to a closed fd");
    EFAULT_EACH(BP_READS, 0, sc3(SYS_mknod, bp, S_IFIFO | 0600, 0), "mknod a bad path");
    EFAULT_EACH(BP_READS, 0, sc4(SYS_mknodat, dir, bp, S_IFIFO | 0600, 0), "mknodat a bad path");
    sc1(SYS_close, dir);
}

/* ---- rmdir and unlink ---- */

static void test_rmdir(void)
{
    make_dir(BASE "/r");
    make_dir(BASE "/r/a");
    make_dir(BASE "/r/full");
    make_dir(BASE "/r/s");
    make_dir(BASE "/r/at");
    make_file(BASE "/r/full/f", "x");
    make_file(BASE "/r/f", "x");
    sc2(SYS_symlink, "a", BASE "/r/alink");
    lst(BASE "/r");
    unsigned long links = st.st_nlink;
    age(BASE "/r");
    CHECK_RET(sc1(SYS_rmdir, BASE "/r/a"), 0, "rmdir an empty directory");
    CHECK(!exists(BASE "/r/a") && !listed(BASE "/r", "a"), "it is gone");
    lst(BASE "/r");
    CHECK(st.st_nlink == links - 1, "the parent loses a link (%lu)", (unsigned long)st.st_nlink);
    CHECK(recent(st.st_mtim) && recent(st.st_ctim), "the parent's mtime and ctime are now");
    CHECK_RET(sc1(SYS_rmdir, BASE "/r/s/"), 0, "rmdir dir/ (trailing slash)");
    long dir = open_or_note(BASE "/r", O_RDONLY | O_DIRECTORY, 0);
    CHECK_RET(sc3(SYS_unlinkat, dir, "at", AT_REMOVEDIR), 0, "unlinkat AT_REMOVEDIR");
    CHECK(!exists(BASE "/r/at"), "removes the directory");

    CHECK_RET(sc1(SYS_rmdir, BASE "/r/full"), -ENOTEMPTY, "rmdir a non-empty directory");
    CHECK_RET(sc1(SYS_rmdir, BASE "/r/f"), -ENOTDIR, "rmdir a file");
    CHECK_RET(sc1(SYS_rmdir, BASE "/r/f/"), -ENOTDIR, "rmdir file/");
    CHECK_RET(sc1(SYS_rmdir, BASE "/r/alink"), -ENOTDIR, "rmdir a symlink to a directory");
    CHECK_RET(sc1(SYS_rmdir, BASE "/r/missing"), -ENOENT, "rmdir a missing name");
    CHECK_RET(sc1(SYS_rmdir, BASE "/r/missing/x"), -ENOENT, "rmdir in a missing directory");
    CHECK_RET(sc1(SYS_rmdir, BASE "/r/f/x"), -ENOTDIR, "rmdir under a file");
    CHECK_RET(sc1(SYS_rmdir, BASE "/r/."), -EINVAL, "rmdir dir/.");
    CHECK_RET(sc1(SYS_rmdir, BASE "/r/full/.."), -ENOTEMPTY, "rmdir dir/..");
    CHECK_RET(sc1(SYS_rmdir, "/"), -EBUSY, "rmdir /");
    CHECK_RET(sc1(SYS_rmdir, ""), -ENOENT, "rmdir an empty path");
    CHECK_RET(sc1(SYS_rmdir, name256), -ENAMETOOLONG, "rmdir a 256-byte name");
    CHECK_RET(sc3(SYS_unlinkat, dir, "f", AT_REMOVEDIR), -ENOTDIR, "unlinkat AT_REMOVEDIR on a file");
    CHECK_RET(sc3(SYS_unlinkat, 99, "full", AT_REMOVEDIR), -EBADF, "unlinkat relative to a closed fd");
    EFAULT_EACH(BP_READS, 0, sc1(SYS_rmdir, bp), "rmdir a bad path");
    EFAULT_EACH(BP_READS, 0, sc3(SYS_unlinkat, dir, bp, AT_REMOVEDIR), "unlinkat AT_REMOVEDIR a bad path");
    sc1(SYS_close, dir);
}

/* A removed working directory stays usable as a place, but holds no names. */
static void test_removed_cwd(void)
{
    char buf[64];
    make_dir(BASE "/gone");
    sc1(SYS_chdir, BASE "/gone");
    CHECK_RET(sc1(SYS_rmdir, BASE "/gone"), 0, "rmdir the working directory");
    CHECK_RET(sc2(SYS_getcwd, buf, sizeof(buf)), -ENOENT, "getcwd then fails");
    CHECK(sc2(SYS_lstat, ".", &st) == 0 && st.st_nlink == 0, "\".\" has no links (%lu)",
          (unsigned long)st.st_nlink);
    CHECK_RET(sc2(SYS_mkdir, "x", 0755), -ENOENT, "mkdir in it: ENOENT");
    CHECK_RET(sc3(SYS_mknod, "x", S_IFIFO | 0600, 0), -ENOENT, "mknod in it: ENOENT");
    CHECK_RET(sc2(SYS_symlink, "t", "x"), -ENOENT, "symlink in it: ENOENT");
    CHECK_RET(sc2(SYS_link, BASE "/file", "x"), -ENOENT, "link into it: ENOENT");
    CHECK_RET(sc2(SYS_rename, BASE "/file", "x"), -ENOENT, "rename into it: ENOENT");
    CHECK_RET(sc1(SYS_unlink, name256), -ENOENT, "unlink a 256-byte name in it: ENOENT first");
    CHECK_RET(sc1(SYS_rmdir, "."), -EINVAL, "rmdir . in it: EINVAL");
    CHECK_RET(sc2(SYS_chmod, ".", 0700), 0, "chmod . still works");
    sc1(SYS_chdir, BASE);
}

static void test_unlink(void)
{
    make_dir(BASE "/u");
    make_dir(BASE "/u/sub");
    make_file(BASE "/u/f", "hello");
    sc2(SYS_link, BASE "/u/f", BASE "/u/g");
    sc2(SYS_symlink, "f", BASE "/u/l");
    struct timespec file_ctime = ctime_of(BASE "/u/f");
    age(BASE "/u");
    tick();
    CHECK_RET(sc1(SYS_unlink, BASE "/u/g"), 0, "unlink one of two names");
    CHECK(!exists(BASE "/u/g") && !listed(BASE "/u", "g"), "the name is gone");
    CHECK(lst(BASE "/u/f") == 0 && st.st_nlink == 1, "the other has one link left");
    CHECK(later(st.st_ctim, file_ctime), "the file's ctime moved");
    lst(BASE "/u");
    CHECK(recent(st.st_mtim) && recent(st.st_ctim), "the directory's mtime and ctime are now");
    CHECK_RET(sc1(SYS_unlink, BASE "/u/l"), 0, "unlink a symlink");
    CHECK(!exists(BASE "/u/l") && exists(BASE "/u/f"), "removes the link, not its target");

    long fd = open_or_note(BASE "/u/f", O_RDONLY, 0);
    char buf[8] = { 0 };
    CHECK_RET(sc1(SYS_unlink, BASE "/u/f"), 0, "unlink an open file");
    CHECK(sc2(SYS_fstat, fd, &st) == 0 && st.st_nlink == 0, "the open file has no links");
    CHECK(sc3(SYS_read, fd, buf, 5) == 5 && !memcmp(buf, "hello", 5), "and still reads");
    sc1(SYS_close, fd);

    long dir = open_or_note(BASE "/u", O_RDONLY | O_DIRECTORY, 0);
    make_file(BASE "/u/at", "");
    CHECK_RET(sc3(SYS_unlinkat, dir, "at", 0), 0, "unlinkat relative to a directory fd");
    CHECK(!exists(BASE "/u/at"), "removes the name");
    sc1(SYS_close, dir);
}

static void test_unlink_errors(void)
{
    long dir = open_or_note(BASE "/u", O_RDONLY | O_DIRECTORY, 0);
    make_file(BASE "/u/f", "");
    CHECK_RET(sc1(SYS_unlink, BASE "/u/sub"), -EISDIR, "unlink a directory");
    CHECK_RET(sc1(SYS_unlink, "/"), -EISDIR, "unlink /");
    CHECK_RET(sc1(SYS_unlink, BASE "/u/."), -EISDIR, "unlink dir/.");
    CHECK_RET(sc1(SYS_unlink, BASE "/u/.."), -EISDIR, "unlink dir/..");
    CHECK_RET(sc1(SYS_unlink, BASE "/u/f/"), -ENOTDIR, "unlink file/");
    CHECK_RET(sc1(SYS_unlink, BASE "/u/sub/"), -EISDIR, "unlink dir/");
    CHECK_RET(sc1(SYS_unlink, BASE "/u/nope/"), -ENOENT, "unlink missing/");
    CHECK_RET(sc1(SYS_unlink, BASE "/u/nope"), -ENOENT, "unlink a missing name");
    CHECK_RET(sc1(SYS_unlink, BASE "/u/nope/x"), -ENOENT, "unlink in a missing directory");
    CHECK_RET(sc1(SYS_unlink, BASE "/u/f/x"), -ENOTDIR, "unlink under a file");
    CHECK_RET(sc1(SYS_unlink, BASE "/loop/x"), -ELOOP, "unlink under a symlink loop");
    CHECK_RET(sc1(SYS_unlink, ""), -ENOENT, "unlink an empty path");
    CHECK_RET(sc1(SYS_unlink, name256), -ENAMETOOLONG, "unlink a 256-byte name");
    CHECK_RET(sc1(SYS_unlink, path_max), -ENAMETOOLONG, "unlink a path of PATH_MAX bytes");
    CHECK_RET(sc3(SYS_unlinkat, dir, "sub", 0), -EISDIR, "unlinkat a directory without AT_REMOVEDIR");
    CHECK_RET(sc3(SYS_unlinkat, dir, "f", AT_SYMLINK_NOFOLLOW), -EINVAL, "unlinkat an unknown flag");
    CHECK_RET(sc3(SYS_unlinkat, dir, 0, 0x100), -EINVAL, "the flags are checked before the path");
    CHECK_RET(sc3(SYS_unlinkat, 99, "f", 0), -EBADF, "unlinkat relative to a closed fd");
    CHECK(exists(BASE "/u/f"), "none of these removed anything");
    EFAULT_EACH(BP_READS, 0, sc1(SYS_unlink, bp), "unlink a bad path");
    EFAULT_EACH(BP_READS, 0, sc3(SYS_unlinkat, dir, bp, 0), "unlinkat a bad path");
    sc1(SYS_close, dir);
}

/* ---- rename ---- */

static void test_rename(void)
{
    make_dir(BASE "/n");
    make_dir(BASE "/n/a");
    make_dir(BASE "/n/b");
    make_file(BASE "/n/f", "f");
    make_file(BASE "/n/g", "g");
    lst(BASE "/n/f");
    ino_t f_ino = st.st_ino;
    struct timespec f_ctime = st.st_ctim;
    age(BASE "/n");
    tick();
    CHECK_RET(sc2(SYS_rename, BASE "/n/f", BASE "/n/f2"), 0, "rename a file");
    CHECK(!exists(BASE "/n/f") && lst(BASE "/n/f2") == 0 && st.st_ino == f_ino,
          "the inode has the new name");
    CHECK(later(st.st_ctim, f_ctime), "its ctime moved");
    CHECK(listed(BASE "/n", "f2") && !listed(BASE "/n", "f"), "getdents64 shows the new name only");
    lst(BASE "/n");
    CHECK(recent(st.st_mtim) && recent(st.st_ctim), "the directory's mtime and ctime are now");
    CHECK_RET(sc2(SYS_rename, BASE "/n/f2", BASE "/n/g"), 0, "rename over another file");
    CHECK(lst(BASE "/n/g") == 0 && st.st_ino == f_ino && !exists(BASE "/n/f2"),
          "the target is replaced");
    sc2(SYS_link, BASE "/n/g", BASE "/n/h");
    CHECK_RET(sc2(SYS_rename, BASE "/n/g", BASE "/n/h"), 0, "rename between two names of one file");
    CHECK(exists(BASE "/n/g") && lst(BASE "/n/h") == 0 && st.st_nlink == 2, "changes nothing");
    CHECK_RET(sc2(SYS_rename, BASE "/n/g", BASE "/n/a/g"), 0, "move a file to another directory");
    CHECK(lst(BASE "/n/a/g") == 0 && st.st_ino == f_ino, "it is there");
}

static void test_rename_dirs(void)
{
    lst(BASE "/n");
    unsigned long n_links = st.st_nlink;
    CHECK_RET(sc2(SYS_rename, BASE "/n/a", BASE "/n/b/a"), 0, "move a directory into another");
    CHECK(lst(BASE "/n/b") == 0 && st.st_nlink == 3, "the new parent gains a link (%lu)",
          (unsigned long)st.st_nlink);
    CHECK(lst(BASE "/n") == 0 && st.st_nlink == n_links - 1, "the old one loses one");
    CHECK(lst(BASE "/n/b/a/..") == 0 && lst(BASE "/n/b/a/../a/g") == 0, "its .. is the new parent");
    make_dir(BASE "/n/e");
    CHECK_RET(sc2(SYS_rename, BASE "/n/e", BASE "/n/b/"), -ENOTEMPTY, "directory onto a non-empty one");
    make_dir(BASE "/n/b/empty");
    CHECK_RET(sc2(SYS_rename, BASE "/n/e/", BASE "/n/b/empty/"), 0,
              "directory onto an empty one, with slashes");
    CHECK(!exists(BASE "/n/e") && lst(BASE "/n/b") == 0 && st.st_nlink == 4, "replaced it");

    long dir = open_or_note(BASE "/n", O_RDONLY | O_DIRECTORY, 0);
    long sub = open_or_note(BASE "/n/b", O_RDONLY | O_DIRECTORY, 0);
    make_file(BASE "/n/r", "");
    CHECK_RET(sc4(SYS_renameat, dir, "r", sub, "r2"), 0, "renameat between directory fds");
    CHECK(exists(BASE "/n/b/r2") && !exists(BASE "/n/r"), "it moved");
    CHECK_RET(sc5(SYS_renameat2, sub, "r2", dir, "r", 0), 0, "renameat2 without flags");
    CHECK(exists(BASE "/n/r"), "it moved back");
    sc1(SYS_close, dir);
    sc1(SYS_close, sub);
}

static void test_rename_errors(void)
{
    make_dir(BASE "/q");
    make_dir(BASE "/q/d");
    make_dir(BASE "/q/d/in");
    make_file(BASE "/q/d/in/f", "");
    make_file(BASE "/q/f", "");
    CHECK_RET(sc2(SYS_rename, BASE "/q/f", BASE "/q/d"), -EISDIR, "file onto a directory");
    CHECK_RET(sc2(SYS_rename, BASE "/q/d", BASE "/q/f"), -ENOTDIR, "directory onto a file");
    CHECK_RET(sc2(SYS_rename, BASE "/q/d", BASE "/q/d/in/x"), -EINVAL, "a directory below itself");
    CHECK_RET(sc2(SYS_rename, BASE "/q/d", BASE "/q/d/x"), -EINVAL, "a directory into itself");
    CHECK_RET(sc2(SYS_rename, BASE "/q/d/in/f", BASE "/q/d"), -ENOTEMPTY, "a file onto an ancestor");
    CHECK_RET(sc2(SYS_rename, BASE "/q/.", BASE "/q/x"), -EBUSY, "rename from dir/.");
    CHECK_RET(sc2(SYS_rename, BASE "/q/f", BASE "/q/.."), -EBUSY, "rename onto dir/..");
    CHECK_RET(sc2(SYS_rename, "/", BASE "/q/x"), -EBUSY, "rename /");
    CHECK_RET(sc2(SYS_rename, BASE "/q/missing", BASE "/q/x"), -ENOENT, "rename a missing name");
    CHECK_RET(sc2(SYS_rename, BASE "/q/missing", name256), -ENOENT,
              "a missing source comes before a 256-byte target name");
    CHECK_RET(sc2(SYS_rename, BASE "/q/f", name256), -ENAMETOOLONG, "rename to a 256-byte name");
    CHECK_RET(sc2(SYS_rename, name256, BASE "/q/x"), -ENAMETOOLONG, "rename from a 256-byte name");
    CHECK_RET(sc2(SYS_rename, BASE "/q/f/", BASE "/q/x"), -ENOTDIR, "rename file/");
    CHECK_RET(sc2(SYS_rename, BASE "/q/f", BASE "/q/x/"), -ENOTDIR, "rename a file to new/");
    CHECK_RET(sc2(SYS_rename, BASE "/q/missing/a", 0), -ENOENT,
              "the old path fails before the new is read");
    CHECK_RET(sc2(SYS_rename, BASE "/q/f", BASE "/q/missing/x"), -ENOENT, "into a missing directory");
    CHECK_RET(sc2(SYS_rename, BASE "/q/f", BASE "/q/f/x"), -ENOTDIR, "under a file");
    CHECK_RET(sc2(SYS_rename, "", BASE "/q/x"), -ENOENT, "rename an empty path");
    CHECK_RET(sc4(SYS_renameat, 99, "f", AT_FDCWD, BASE "/q/x"), -EBADF, "renameat from a closed fd");
    CHECK(exists(BASE "/q/f") && exists(BASE "/q/d/in/f"), "none of these moved anything");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_rename, bp, BASE "/q/x"), "rename a bad old path");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_rename, BASE "/q/f", bp), "rename to a bad new path");
    EFAULT_EACH(BP_READS, 0, sc4(SYS_renameat, AT_FDCWD, bp, AT_FDCWD, "x"), "renameat a bad old path");
    EFAULT_EACH(BP_READS, 0, sc4(SYS_renameat, AT_FDCWD, BASE "/q/f", AT_FDCWD, bp),
                "renameat to a bad new path");
}

/* renameat2 on two names under /tmp/ns/x. */
#define R2(a, b, fl) sc5(SYS_renameat2, AT_FDCWD, BASE "/x/" a, AT_FDCWD, BASE "/x/" b, fl)

static void test_renameat2_noreplace(void)
{
    make_dir(BASE "/x");
    make_dir(BASE "/x/d");
    make_dir(BASE "/x/d/in");
    make_file(BASE "/x/f", "f");
    make_file(BASE "/x/g", "g");
    CHECK_RET(R2("f", "y", 8), -EINVAL, "renameat2 with an unknown flag");
    CHECK_RET(R2("f", "g", EXCHANGE | NOREPLACE), -EINVAL, "EXCHANGE with NOREPLACE");
    CHECK_RET(R2("f", "g", EXCHANGE | WHITEOUT), -EINVAL, "EXCHANGE with WHITEOUT");
    CHECK_RET(sc5(SYS_renameat2, AT_FDCWD, 0, AT_FDCWD, 0, 8), -EINVAL,
              "the flags come before the paths");
    CHECK_RET(R2("f", "g", NOREPLACE), -EEXIST, "NOREPLACE onto an existing name");
    CHECK_RET(R2("f", "..", NOREPLACE), -EEXIST, "NOREPLACE onto ..: EEXIST, not EBUSY");
    CHECK_RET(R2(".", "z", NOREPLACE), -EBUSY, "NOREPLACE from .: EBUSY");
    CHECK_RET(R2("f", "f2", NOREPLACE), 0, "NOREPLACE onto a free name");
    CHECK(exists(BASE "/x/f2") && !exists(BASE "/x/f"), "moves it");
}

static void test_renameat2_exchange(void)
{
    lst(BASE "/x/f2");
    ino_t f_ino = st.st_ino;
    lst(BASE "/x/d");
    ino_t d_ino = st.st_ino;
    CHECK_RET(R2("f2", "missing", EXCHANGE), -ENOENT, "EXCHANGE with a missing name");
    CHECK_RET(R2("f2", "g/", EXCHANGE), -ENOTDIR, "EXCHANGE with file/");
    CHECK_RET(R2("f2", "d", EXCHANGE), 0, "EXCHANGE a file and a directory");
    CHECK(lst(BASE "/x/d") == 0 && st.st_ino == f_ino && S_ISREG(st.st_mode), "d is now the file");
    CHECK(lst(BASE "/x/f2") == 0 && st.st_ino == d_ino && S_ISDIR(st.st_mode), "f2 the directory");
    CHECK(lst(BASE "/x/f2/in") == 0, "with its contents");
    CHECK_RET(R2("f2/", "d", EXCHANGE), 0, "EXCHANGE dir/ with a file: the slash is the directory's");
    CHECK_RET(R2("d", "d/in", EXCHANGE), -EINVAL, "EXCHANGE a directory with its child");
    CHECK_RET(R2("d/in", "d", EXCHANGE), -EINVAL, "EXCHANGE with an ancestor of the source");
    make_dir(BASE "/x/d/in2");
    make_dir(BASE "/x/other");
    CHECK_RET(R2("d/in", "other", EXCHANGE), 0, "EXCHANGE two directories in different parents");
    CHECK(lst(BASE "/x/d") == 0 && st.st_nlink == 4, "the parents' link counts stay (%lu)",
          (unsigned long)st.st_nlink);
    CHECK(lst(BASE "/x/d/in/..") == 0 && st.st_ino == d_ino, "the directories' .. follow them");
    CHECK(lst(BASE "/x/other/in2") == -ENOENT && lst(BASE "/x/d/in2") == 0, "each keeps its contents");
}

static void test_renameat2_whiteout(void)
{
    lst(BASE "/x/g");
    ino_t g_ino = st.st_ino;
    CHECK_RET(R2("g", "g2", WHITEOUT), 0, "WHITEOUT");
    CHECK(lst(BASE "/x/g2") == 0 && st.st_ino == g_ino, "the file has its new name");
    CHECK(lst(BASE "/x/g") == 0 && st.st_mode == S_IFCHR && st.st_rdev == 0,
          "a character device 0:0 with mode 0 stands at the old name (mode %o)", st.st_mode);
    CHECK_RET(sc2(SYS_open, BASE "/x/g", O_RDONLY), -ENXIO, "opening a whiteout: ENXIO");
    EFAULT_EACH(BP_READS, 0, sc5(SYS_renameat2, AT_FDCWD, bp, AT_FDCWD, "x", NOREPLACE),
                "renameat2 a bad old path");
    EFAULT_EACH(BP_READS, 0, sc5(SYS_renameat2, AT_FDCWD, BASE "/x/g2", AT_FDCWD, bp, NOREPLACE),
                "renameat2 to a bad new path");
}
#undef R2

/* ---- link and symlink ---- */

static void test_link(void)
{
    make_dir(BASE "/k");
    make_file(BASE "/k/f", "data");
    sc2(SYS_symlink, "f", BASE "/k/sl");
    lst(BASE "/k/f");
    ino_t ino = st.st_ino;
    struct timespec ctime = st.st_ctim;
    age(BASE "/k");
    tick();
    CHECK_RET(sc2(SYS_link, BASE "/k/f", BASE "/k/g"), 0, "link");
    CHECK(lst(BASE "/k/g") == 0 && st.st_ino == ino && st.st_nlink == 2, "both names, two links");
    CHECK(later(st.st_ctim, ctime), "the file's ctime moved");
    lst(BASE "/k");
    CHECK(recent(st.st_mtim) && recent(st.st_ctim), "the directory's mtime and ctime are now");
    CHECK_RET(sc2(SYS_link, BASE "/k/sl", BASE "/k/sl2"), 0, "link a symlink");
    CHECK(lst(BASE "/k/sl2") == 0 && S_ISLNK(st.st_mode), "link does not follow it");
    long dir = open_or_note(BASE "/k", O_RDONLY | O_DIRECTORY, 0);
    CHECK_RET(sc5(SYS_linkat, dir, "sl", dir, "followed", AT_SYMLINK_FOLLOW), 0,
              "linkat AT_SYMLINK_FOLLOW");
    CHECK(lst(BASE "/k/followed") == 0 && st.st_ino == ino, "links the symlink's target");
    long opath = open_or_note(BASE "/k/f", O_PATH, 0);
    CHECK_RET(sc5(SYS_linkat, opath, "", AT_FDCWD, BASE "/k/byfd", AT_EMPTY_PATH), 0,
              "linkat AT_EMPTY_PATH on an O_PATH fd");
    CHECK(lst(BASE "/k/byfd") == 0 && st.st_ino == ino && st.st_nlink == 4, "links its file");
    sc1(SYS_close, opath);
    sc1(SYS_close, dir);
}

static void test_link_errors(void)
{
    long dir = open_or_note(BASE "/k", O_RDONLY | O_DIRECTORY, 0);
    long opath = open_or_note(BASE "/k/f", O_PATH, 0);
    CHECK_RET(sc5(SYS_linkat, opath, "", AT_FDCWD, BASE "/k/x", 0), -ENOENT,
              "an empty path without the flag");
    CHECK_RET(sc5(SYS_linkat, AT_FDCWD, "", AT_FDCWD, BASE "/k/x", AT_EMPTY_PATH), -EPERM,
              "AT_EMPTY_PATH with AT_FDCWD names the cwd, a directory: EPERM");
    CHECK_RET(sc5(SYS_linkat, 99, "", AT_FDCWD, BASE "/k/x", AT_EMPTY_PATH), -EBADF,
              "AT_EMPTY_PATH on a closed fd");
    CHECK_RET(sc5(SYS_linkat, dir, "f", dir, "x", AT_SYMLINK_NOFOLLOW), -EINVAL,
              "linkat an unknown flag");
    CHECK_RET(sc2(SYS_link, BASE "/k", BASE "/k2"), -EPERM, "link a directory");
    CHECK_RET(sc2(SYS_link, BASE "/k/f", BASE "/k/g"), -EEXIST, "link onto an existing name");
    CHECK_RET(sc2(SYS_link, BASE "/k", BASE "/k/g"), -EEXIST, "EEXIST comes before EPERM");
    CHECK_RET(sc2(SYS_link, BASE "/k/f", BASE "/k/new/"), -ENOENT, "link to new/");
    CHECK_RET(sc2(SYS_link, BASE "/k/f", BASE "/k/g/"), -EEXIST, "link to existing/");
    CHECK_RET(sc2(SYS_link, BASE "/k/f", BASE "/k/."), -EEXIST, "link to dir/.");
    CHECK_RET(sc2(SYS_link, BASE "/k/missing", BASE "/k/x"), -ENOENT, "link a missing file");
    CHECK_RET(sc2(SYS_link, BASE "/k/missing", 0), -ENOENT,
              "the old path fails before the new is read");
    CHECK_RET(sc2(SYS_link, BASE "/k/f", BASE "/k/missing/x"), -ENOENT,
              "link into a missing directory");
    CHECK_RET(sc2(SYS_link, BASE "/k/f", name256), -ENAMETOOLONG, "link to a 256-byte name");
    long fd = open_or_note(BASE "/k/tmp", O_RDWR | O_CREAT, 0600);
    sc1(SYS_unlink, BASE "/k/tmp");
    CHECK_RET(sc5(SYS_linkat, fd, "", AT_FDCWD, BASE "/k/back", AT_EMPTY_PATH), -ENOENT,
              "linking a file with no names left: ENOENT");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_link, bp, BASE "/k/x"), "link a bad old path");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_link, BASE "/k/f", bp), "link to a bad new path");
    EFAULT_EACH(BP_READS, 0, sc5(SYS_linkat, dir, bp, dir, "x", 0), "linkat a bad old path");
    EFAULT_EACH(BP_READS, 0, sc5(SYS_linkat, dir, "f", dir, bp, 0), "linkat to a bad new path");
    sc1(SYS_close, fd);
    sc1(SYS_close, opath);
    sc1(SYS_close, dir);
}

static void test_symlink(void)
{
    char buf[64];
    static char target[PATH_MAX + 1];
    make_dir(BASE "/s");
    age(BASE "/s");
    CHECK_RET(sc2(SYS_symlink, "some/where", BASE "/s/l"), 0, "symlink");
    CHECK(lst(BASE "/s/l") == 0 && S_ISLNK(st.st_mode) && (st.st_mode & 07777) == 0777 && st.st_size == 10,
          "a symlink, mode 0777 whatever the umask, size 10 (mode %o)", st.st_mode);
    CHECK(sc3(SYS_readlink, BASE "/s/l", buf, sizeof(buf)) == 10 && !memcmp(buf, "some/where", 10),
          "readlink gives the target back");
    lst(BASE "/s");
    CHECK(recent(st.st_mtim) && recent(st.st_ctim), "the directory's mtime and ctime are now");
    long dir = open_or_note(BASE "/s", O_RDONLY | O_DIRECTORY, 0);
    CHECK_RET(sc3(SYS_symlinkat, "/abs", dir, "at"), 0, "symlinkat relative to a directory fd");
    CHECK(sc3(SYS_readlink, BASE "/s/at", buf, sizeof(buf)) == 4, "it is made there");
    memset(target, 't', PATH_MAX - 1);
    CHECK_RET(sc2(SYS_symlink, target, BASE "/s/long"), 0, "a target of PATH_MAX - 1 bytes");
    CHECK(lst(BASE "/s/long") == 0 && st.st_size == PATH_MAX - 1, "its size is %d", PATH_MAX - 1);
    memset(target, 't', PATH_MAX);
    CHECK_RET(sc2(SYS_symlink, target, BASE "/s/toolong"), -ENAMETOOLONG, "a target of PATH_MAX bytes");
    CHECK_RET(sc2(SYS_symlink, "", BASE "/s/e"), -ENOENT, "an empty target");
    CHECK_RET(sc2(SYS_symlink, "", 0), -ENOENT, "the empty target is refused before the path is read");
    CHECK_RET(sc2(SYS_symlink, "x", BASE "/s/l"), -EEXIST, "symlink onto an existing name");
    CHECK_RET(sc2(SYS_symlink, "x", BASE "/s/new/"), -ENOENT, "symlink to new/");
    CHECK_RET(sc2(SYS_symlink, "x", "/"), -EEXIST, "symlink to /");
    CHECK_RET(sc2(SYS_symlink, "x", BASE "/s/missing/x"), -ENOENT, "symlink in a missing directory");
    CHECK_RET(sc2(SYS_symlink, "x", name256), -ENAMETOOLONG, "symlink to a 256-byte name");
    CHECK_RET(sc2(SYS_symlink, "x", ""), -ENOENT, "symlink to an empty path");
    CHECK_RET(sc3(SYS_symlinkat, "x", 99, "y"), -EBADF, "symlinkat relative to a closed fd");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_symlink, bp, BASE "/s/x"), "symlink a bad target");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_symlink, "x", bp), "symlink to a bad path");
    EFAULT_EACH(BP_READS, 0, sc3(SYS_symlinkat, bp, dir, "x"), "symlinkat a bad target");
    EFAULT_EACH(BP_READS, 0, sc3(SYS_symlinkat, "x", dir, bp), "symlinkat to a bad path");
    sc1(SYS_close, dir);
}

/* ---- chmod and chown ---- */

static void test_chmod(void)
{
    make_file(BASE "/c", "");
    sc2(SYS_symlink, "c", BASE "/cl");
    struct timespec ctime = ctime_of(BASE "/c");
    tick();
    CHECK_RET(sc2(SYS_chmod, BASE "/c", 04751), 0, "chmod");
    CHECK(lst(BASE "/c") == 0 && st.st_mode == (S_IFREG | 04751),
          "sets the bits (mode %o)", st.st_mode);
    CHECK(later(st.st_ctim, ctime), "and the ctime");
    CHECK_RET(sc2(SYS_chmod, BASE "/c", 0170600), 0, "chmod with file-type bits");
    CHECK(lst(BASE "/c") == 0 && st.st_mode == (S_IFREG | 0600),
          "they are ignored (mode %o)", st.st_mode);
    CHECK_RET(sc2(SYS_chmod, BASE "/cl", 0640), 0, "chmod through a symlink");
    CHECK(lst(BASE "/c") == 0 && (st.st_mode & 07777) == 0640, "changes the target");
    CHECK(lst(BASE "/cl") == 0 && (st.st_mode & 07777) == 0777, "not the link");
    long fd = open_or_note(BASE "/c", O_RDONLY, 0);
    CHECK_RET(sc2(SYS_fchmod, fd, 0604), 0, "fchmod on a read-only fd");
    CHECK(lst(BASE "/c") == 0 && (st.st_mode & 07777) == 0604, "changes the file");
    long opath = open_or_note(BASE "/c", O_PATH, 0);
    CHECK_RET(sc2(SYS_fchmod, opath, 0600), -EBADF, "fchmod on an O_PATH fd");
    CHECK_RET(sc2(SYS_fchmod, 99, 0600), -EBADF, "fchmod on a closed fd");
    long dir = open_or_note(BASE, O_RDONLY | O_DIRECTORY, 0);
    CHECK_RET(sc3(SYS_fchmodat, dir, "c", 0644), 0, "fchmodat relative to a directory fd");
    CHECK(lst(BASE "/c") == 0 && (st.st_mode & 07777) == 0644, "changes the file");
    CHECK_RET(sc2(SYS_chmod, BASE "/missing", 0600), -ENOENT, "chmod a missing file");
    CHECK_RET(sc2(SYS_chmod, BASE "/c/", 0600), -ENOTDIR, "chmod file/");
    CHECK_RET(sc2(SYS_chmod, "", 0600), -ENOENT, "chmod an empty path");
    CHECK_RET(sc2(SYS_chmod, BASE "/loop", 0600), -ELOOP, "chmod a symlink loop");
    CHECK_RET(sc3(SYS_fchmodat, opath, "", 0600), -ENOENT, "fchmodat has no AT_EMPTY_PATH");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_chmod, bp, 0600), "chmod a bad path");
    EFAULT_EACH(BP_READS, 0, sc3(SYS_fchmodat, dir, bp, 0600), "fchmodat a bad path");
    sc1(SYS_close, dir);
    sc1(SYS_close, opath);
    sc1(SYS_close, fd);
}

static void test_chown(void)
{
    make_file(BASE "/o", "");
    sc2(SYS_symlink, "o", BASE "/ol");
    CHECK_RET(sc3(SYS_chown, BASE "/o", 5, 6), 0, "chown");
    CHECK(lst(BASE "/o") == 0 && st.st_uid == 5 && st.st_gid == 6,
          "sets both ids (%u:%u)", st.st_uid, st.st_gid);
    CHECK_RET(sc3(SYS_chown, BASE "/o", -1, 7), 0, "chown with uid -1");
    CHECK(lst(BASE "/o") == 0 && st.st_uid == 5 && st.st_gid == 7, "keeps the uid");
    sc2(SYS_chmod, BASE "/o", 06755);
    CHECK_RET(sc3(SYS_chown, BASE "/o", -1, -1), 0, "chown -1 -1 of a set-ID file");
    CHECK(lst(BASE "/o") == 0 && (st.st_mode & 07777) == 0755,
          "drops both set-ID bits (mode %o)", st.st_mode);
    sc2(SYS_chmod, BASE "/o", 02644);
    sc3(SYS_chown, BASE "/o", 0, 0);
    CHECK(lst(BASE "/o") == 0 && (st.st_mode & 07777) == 02644,
          "set-group-ID without group execute stays");
    sc2(SYS_chmod, BASE "/d", 06755);
    sc3(SYS_chown, BASE "/d", 0, 0);
    CHECK(lst(BASE "/d") == 0 && (st.st_mode & 07777) == 06755, "a directory keeps its set-ID bits");
    sc2(SYS_chmod, BASE "/d", 0755);
    CHECK_RET(sc3(SYS_lchown, BASE "/ol", 8, 9), 0, "lchown a symlink");
    CHECK(lst(BASE "/ol") == 0 && st.st_uid == 8 && st.st_gid == 9, "changes the link");
    CHECK(lst(BASE "/o") == 0 && st.st_uid == 0, "not its target");
    CHECK_RET(sc3(SYS_chown, BASE "/ol", 3, 3), 0, "chown a symlink");
    CHECK(lst(BASE "/o") == 0 && st.st_uid == 3, "follows it");
}

static void test_fchownat(void)
{
    long dir = open_or_note(BASE, O_RDONLY | O_DIRECTORY, 0);
    long opath = open_or_note(BASE "/o", O_PATH, 0);
    long fd = open_or_note(BASE "/o", O_RDONLY, 0);
    CHECK_RET(sc5(SYS_fchownat, dir, "ol", 1, 1, AT_SYMLINK_NOFOLLOW), 0,
              "fchownat AT_SYMLINK_NOFOLLOW");
    CHECK(lst(BASE "/ol") == 0 && st.st_uid == 1, "changes the link");
    CHECK_RET(sc5(SYS_fchownat, opath, "", 2, 2, AT_EMPTY_PATH), 0,
              "fchownat AT_EMPTY_PATH on an O_PATH fd");
    CHECK(lst(BASE "/o") == 0 && st.st_uid == 2, "changes its file");
    CHECK_RET(sc3(SYS_fchown, fd, 4, 4), 0, "fchown a read-only fd");
    CHECK(lst(BASE "/o") == 0 && st.st_uid == 4 && st.st_gid == 4, "changes the file");
    CHECK_RET(sc3(SYS_fchown, opath, 0, 0), -EBADF, "fchown an O_PATH fd");
    CHECK_RET(sc3(SYS_fchown, 99, 0, 0), -EBADF, "fchown a closed fd");
    CHECK_RET(sc5(SYS_fchownat, dir, "o", 0, 0, 0x4000), -EINVAL, "fchownat an unknown flag");
    CHECK_RET(sc5(SYS_fchownat, opath, "", 0, 0, 0), -ENOENT, "an empty path without AT_EMPTY_PATH");
    CHECK_RET(sc3(SYS_chown, BASE "/missing", 0, 0), -ENOENT, "chown a missing file");
    CHECK_RET(sc3(SYS_chown, BASE "/dangling", 0, 0), -ENOENT, "chown a dangling symlink");
    CHECK_RET(sc3(SYS_lchown, BASE "/dangling", 0, 0), 0, "lchown a dangling symlink");
    EFAULT_EACH(BP_READS, 0, sc3(SYS_chown, bp, 0, 0), "chown a bad path");
    EFAULT_EACH(BP_READS, 0, sc3(SYS_lchown, bp, 0, 0), "lchown a bad path");
    EFAULT_EACH(BP_READS, 0, sc5(SYS_fchownat, dir, bp, 0, 0, 0), "fchownat a bad path");
    sc3(SYS_chown, BASE "/o", 0, 0);
    sc1(SYS_close, fd);
    sc1(SYS_close, opath);
    sc1(SYS_close, dir);
}

/* A set-group-ID directory gives new names its group, and new directories the bit itself. */
static void test_setgid_directory(void)
{
    make_dir(BASE "/g");
    sc3(SYS_chown, BASE "/g", 7, 1234);
    sc2(SYS_chmod, BASE "/g", 02755);
    CHECK_RET(sc2(SYS_mkdir, BASE "/g/d", 0755), 0, "mkdir in a set-group-ID directory");
    CHECK(lst(BASE "/g/d") == 0 && st.st_gid == 1234 && st.st_uid == 0 && (st.st_mode & 07777) == 02755,
          "the directory's group and the bit (%u, mode %o)", st.st_gid, st.st_mode);
    long fd = sc3(SYS_open, BASE "/g/f", O_CREAT | O_WRONLY, 0644);
    sc1(SYS_close, fd);
    CHECK(lst(BASE "/g/f") == 0 && st.st_gid == 1234 && (st.st_mode & 07777) == 0644,
          "open(O_CREAT) takes the group, not the bit (%u, mode %o)", st.st_gid, st.st_mode);
    sc3(SYS_mknod, BASE "/g/p", S_IFIFO | 0600, 0);
    CHECK(lst(BASE "/g/p") == 0 && st.st_gid == 1234, "so does mknod");
    sc2(SYS_symlink, "x", BASE "/g/l");
    CHECK(lst(BASE "/g/l") == 0 && st.st_gid == 1234, "and symlink");
}

/* ---- sizes ---- */

static void test_truncate(void)
{
    char buf[8];
    make_file(BASE "/t", "abcdef");
    sc2(SYS_symlink, "t", BASE "/tl");
    make_file(BASE "/t0", "");
    age(BASE "/t0");
    age(BASE "/t");
    CHECK_RET(sc2(SYS_truncate, BASE "/t0", 0), 0, "truncate an empty file to its size");
    CHECK(lst(BASE "/t0") == 0 && st.st_mtim.tv_sec == 2000, "leaves its mtime alone");
    CHECK_RET(sc2(SYS_truncate, BASE "/t", 6), 0, "truncate a file with data to its size");
    CHECK(lst(BASE "/t") == 0 && recent(st.st_mtim), "sets its mtime (tmpfs trims its pages)");
    CHECK_RET(sc2(SYS_truncate, BASE "/tl", 3), 0, "truncate shorter, through a symlink");
    CHECK(lst(BASE "/t") == 0 && st.st_size == 3 && recent(st.st_mtim) && recent(st.st_ctim),
          "the size is 3, mtime and ctime are now");
    CHECK_RET(sc2(SYS_truncate, BASE "/t", 5), 0, "truncate longer");
    long fd = open_or_note(BASE "/t", O_RDWR, 0);
    CHECK(sc3(SYS_read, fd, buf, 8) == 5 && !memcmp(buf, "abc\0\0", 5), "the new bytes read as zeros");
    sc1(SYS_close, fd);
    CHECK_RET(sc2(SYS_truncate, BASE "/t", -1), -EINVAL, "truncate to a negative size");
    CHECK_RET(sc2(SYS_truncate, BASE "/missing", -1), -EINVAL, "the length is checked before the path");
    CHECK_RET(sc2(SYS_truncate, BASE "/missing", 0), -ENOENT, "truncate a missing file");
    CHECK_RET(sc2(SYS_truncate, BASE, 0), -EISDIR, "truncate a directory");
    CHECK_RET(sc2(SYS_truncate, "/dev/null", 0), -EINVAL, "truncate a device");
    CHECK_RET(sc2(SYS_truncate, BASE "/fifo", 0), -EINVAL, "truncate a FIFO");
    CHECK_RET(sc2(SYS_truncate, BASE "/t/", 0), -ENOTDIR, "truncate file/");
    CHECK_RET(sc2(SYS_truncate, "", 0), -ENOENT, "truncate an empty path");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_truncate, bp, 0), "truncate a bad path");
}

static void test_ftruncate(void)
{
    long fd = open_or_note(BASE "/t", O_RDWR, 0);
    age(BASE "/t");
    CHECK_RET(sc2(SYS_ftruncate, fd, 5), 0, "ftruncate to the same size");
    CHECK(lst(BASE "/t") == 0 && recent(st.st_mtim), "still sets the mtime");
    CHECK_RET(sc2(SYS_ftruncate, fd, 1), 0, "ftruncate shorter");
    CHECK(lst(BASE "/t") == 0 && st.st_size == 1, "the size is 1");
    CHECK_RET(sc2(SYS_ftruncate, fd, -1), -EINVAL, "ftruncate to a negative size");
    CHECK_RET(sc2(SYS_ftruncate, -1, -1), -EINVAL, "the length is checked before the fd");
    long ro = open_or_note(BASE "/t", O_RDONLY, 0);
    long opath = open_or_note(BASE "/t", O_PATH, 0);
    long dir = open_or_note(BASE, O_RDONLY | O_DIRECTORY, 0);
    long null = open_or_note("/dev/null", O_RDWR, 0);
    CHECK_RET(sc2(SYS_ftruncate, ro, 0), -EINVAL, "ftruncate a read-only fd: EINVAL");
    CHECK_RET(sc2(SYS_ftruncate, opath, 0), -EBADF, "ftruncate an O_PATH fd");
    CHECK_RET(sc2(SYS_ftruncate, dir, 0), -EINVAL, "ftruncate a directory");
    CHECK_RET(sc2(SYS_ftruncate, null, 0), -EINVAL, "ftruncate a device");
    CHECK_RET(sc2(SYS_ftruncate, 99, 0), -EBADF, "ftruncate a closed fd");
    sc1(SYS_close, null);
    sc1(SYS_close, dir);
    sc1(SYS_close, opath);
    sc1(SYS_close, ro);
    sc1(SYS_close, fd);
}

/* ---- times ---- */

static void test_utimensat(void)
{
    make_file(BASE "/ut", "");
    sc2(SYS_symlink, "ut", BASE "/utl");
    struct timespec t[2] = { { 1234, 5678 }, { -5, 999999999 } };
    struct timespec ctime = ctime_of(BASE "/ut");
    tick();
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, BASE "/ut", t, 0), 0, "utimensat");
    CHECK(lst(BASE "/ut") == 0 && st.st_atim.tv_sec == 1234 && st.st_atim.tv_nsec == 5678 &&
          st.st_mtim.tv_sec == -5 && st.st_mtim.tv_nsec == 999999999, "sets both times exactly");
    CHECK(later(st.st_ctim, ctime), "and the ctime to now");
    struct timespec omit[2] = { { 1, UTIME_OMIT_ }, { 7, 0 } };
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, BASE "/ut", omit, 0), 0, "UTIME_OMIT for the atime");
    CHECK(lst(BASE "/ut") == 0 && st.st_atim.tv_sec == 1234 && st.st_mtim.tv_sec == 7, "keeps it");
    struct timespec now[2] = { { 1, UTIME_NOW_ }, { 1, UTIME_OMIT_ } };
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, BASE "/ut", now, 0), 0, "UTIME_NOW for the atime");
    CHECK(lst(BASE "/ut") == 0 && recent(st.st_atim) && st.st_mtim.tv_sec == 7, "sets it to now");
    age(BASE "/ut");
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, BASE "/ut", 0, 0), 0, "utimensat with no times");
    CHECK(lst(BASE "/ut") == 0 && recent(st.st_atim) && recent(st.st_mtim), "sets both to now");
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, BASE "/utl", t, AT_SYMLINK_NOFOLLOW), 0,
              "utimensat AT_SYMLINK_NOFOLLOW");
    CHECK(lst(BASE "/utl") == 0 && st.st_mtim.tv_sec == -5, "sets the link's own times");
    CHECK(lst(BASE "/ut") == 0 && recent(st.st_mtim), "not its target's");
    long fd = open_or_note(BASE "/ut", O_RDONLY, 0);
    long opath = open_or_note(BASE "/ut", O_PATH, 0);
    CHECK_RET(sc4(SYS_utimensat, fd, 0, t, 0), 0,
              "utimensat with a NULL path sets the fd's file (futimens)");
    CHECK(lst(BASE "/ut") == 0 && st.st_mtim.tv_sec == -5, "even through a read-only fd");
    CHECK_RET(sc4(SYS_utimensat, opath, "", 0, AT_EMPTY_PATH), 0,
              "utimensat AT_EMPTY_PATH on an O_PATH fd");
    CHECK(lst(BASE "/ut") == 0 && recent(st.st_mtim), "sets its file");
    CHECK_RET(sc4(SYS_utimensat, opath, 0, t, 0), -EBADF, "futimens on an O_PATH fd");
    CHECK_RET(sc4(SYS_utimensat, fd, 0, t, AT_SYMLINK_NOFOLLOW), -EINVAL, "futimens with a flag");
    CHECK_RET(sc4(SYS_utimensat, 99, 0, t, 0), -EBADF, "futimens on a closed fd");
    sc1(SYS_close, opath);
    sc1(SYS_close, fd);
}

static void test_utimensat_errors(void)
{
    struct timespec t[2] = { { 1, 0 }, { 2, 0 } };
    struct timespec omit[2] = { { 1, UTIME_OMIT_ }, { 2, UTIME_OMIT_ } };
    struct timespec bad[2] = { { 1, 0 }, { 2, 1000000000 } };
    struct timespec neg[2] = { { 1, -1 }, { 2, 0 } };
    CHECK_RET(sc4(SYS_utimensat, 99, (void *)1, omit, 0x4000), 0,
              "both UTIME_OMIT: success before the fd, the path and the flags are looked at");
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, BASE "/ut", bad, 0), -EINVAL, "a nanosecond count of 10^9");
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, BASE "/ut", neg, 0), -EINVAL, "a negative nanosecond count");
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, BASE "/missing", bad, 0), -ENOENT,
              "the path comes before the times");
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, BASE "/ut", t, 0x4000), -EINVAL, "an unknown flag");
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, 0, t, 0), -EFAULT, "a NULL path with AT_FDCWD: EFAULT");
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, 0, t, 0x4000), -EINVAL, "but its flags come first");
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, "", t, 0), -ENOENT, "an empty path without AT_EMPTY_PATH");
    CHECK_RET(sc4(SYS_utimensat, AT_FDCWD, BASE "/dangling", t, 0), -ENOENT, "a dangling symlink");
    CHECK_RET(sc4(SYS_utimensat, 99, "x", t, 0), -EBADF, "relative to a closed fd");
    EFAULT_EACH(BP_READS, 0, sc4(SYS_utimensat, AT_FDCWD, bp, t, 0), "utimensat a bad path");
    /* A NULL times pointer means "now", and a NULL path with a descriptor means that descriptor. */
    EFAULT_EACH(BP_READS & ~BP_MASK(BP_NULL), 2 * sizeof(struct timespec),
                sc4(SYS_utimensat, AT_FDCWD, BASE "/ut", bp, 0), "utimensat bad times");
}

static void test_utimes(void)
{
    struct timeval tv[2] = { { 100, 7 }, { 200, 999999 } };
    CHECK_RET(sc2(SYS_utimes, BASE "/ut", tv), 0, "utimes");
    CHECK(lst(BASE "/ut") == 0 && st.st_atim.tv_sec == 100 && st.st_atim.tv_nsec == 7000 &&
          st.st_mtim.tv_sec == 200 && st.st_mtim.tv_nsec == 999999000, "microseconds become nanoseconds");
    CHECK_RET(sc2(SYS_utimes, BASE "/ut", 0), 0, "utimes with no times");
    CHECK(lst(BASE "/ut") == 0 && recent(st.st_mtim), "sets now");
    struct timeval big[2] = { { 1, 1000000 }, { 2, 0 } }, neg[2] = { { 1, 0 }, { 2, -1 } };
    CHECK_RET(sc2(SYS_utimes, BASE "/ut", big), -EINVAL, "utimes with 10^6 microseconds");
    CHECK_RET(sc2(SYS_utimes, BASE "/ut", neg), -EINVAL, "utimes with negative microseconds");
    CHECK_RET(sc2(SYS_utimes, BASE "/missing", big), -EINVAL, "the times come before the path here");
    CHECK_RET(sc2(SYS_utimes, BASE "/missing", tv), -ENOENT, "utimes a missing file");
    long dir = open_or_note(BASE, O_RDONLY | O_DIRECTORY, 0);
    long fd = open_or_note(BASE "/ut", O_RDONLY, 0);
    CHECK_RET(sc3(SYS_futimesat, dir, "ut", tv), 0, "futimesat relative to a directory fd");
    CHECK(lst(BASE "/ut") == 0 && st.st_mtim.tv_sec == 200, "sets the file");
    CHECK_RET(sc3(SYS_futimesat, fd, 0, 0), 0, "futimesat with a NULL path sets the fd's file");
    CHECK(lst(BASE "/ut") == 0 && recent(st.st_mtim), "to now");
    CHECK_RET(sc3(SYS_futimesat, 99, "ut", tv), -EBADF, "futimesat relative to a closed fd");
    struct { long actime, modtime; } ub = { 300, 400 };
    CHECK_RET(sc2(SYS_utime, BASE "/ut", &ub), 0, "utime");
    CHECK(lst(BASE "/ut") == 0 && st.st_atim.tv_sec == 300 && st.st_mtim.tv_sec == 400 &&
          st.st_mtim.tv_nsec == 0, "sets whole seconds");
    CHECK_RET(sc2(SYS_utime, BASE "/ut", 0), 0, "utime with no times");
    CHECK(lst(BASE "/ut") == 0 && recent(st.st_mtim), "sets now");
    CHECK_RET(sc2(SYS_utime, BASE "/missing", &ub), -ENOENT, "utime a missing file");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_utimes, bp, tv), "utimes a bad path");
    EFAULT_EACH(BP_READS & ~BP_MASK(BP_NULL), sizeof(tv), sc2(SYS_utimes, BASE "/ut", bp),
                "utimes bad times");
    EFAULT_EACH(BP_READS & ~BP_MASK(BP_NULL), 0, sc3(SYS_futimesat, dir, bp, tv), "futimesat a bad path");
    EFAULT_EACH(BP_READS, 0, sc3(SYS_futimesat, AT_FDCWD, bp, tv), "futimesat a bad path from the cwd");
    EFAULT_EACH(BP_READS & ~BP_MASK(BP_NULL), sizeof(tv), sc3(SYS_futimesat, dir, "ut", bp),
                "futimesat bad times");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_utime, bp, &ub), "utime a bad path");
    EFAULT_EACH(BP_READS & ~BP_MASK(BP_NULL), sizeof(ub), sc2(SYS_utime, BASE "/ut", bp),
                "utime bad times");
    sc1(SYS_close, fd);
    sc1(SYS_close, dir);
}

/* ---- the filesystem: statfs and sync ---- */

static void test_statfs(void)
{
    struct statfs sf, sf2;
    memset(&sf, 0xee, sizeof(sf));
    CHECK_RET(sc2(SYS_statfs, BASE, &sf), 0, "statfs");
    CHECK(sf.f_type == TMPFS_MAGIC_, "tmpfs (type %#lx)", (long)sf.f_type);
    CHECK(sf.f_bsize == 4096 && sf.f_frsize == 4096 && sf.f_namelen == 255,
          "4096-byte blocks, 255-byte names");
    CHECK(sf.f_blocks > 0 && sf.f_bfree <= sf.f_blocks && sf.f_bavail == sf.f_bfree,
          "block counts (%lu, %lu free)", (unsigned long)sf.f_blocks, (unsigned long)sf.f_bfree);
    CHECK(sf.f_ffree <= sf.f_files, "free inodes within the total");
    CHECK((sf.f_flags & ST_VALID_) && !(sf.f_flags & 1 /* ST_RDONLY */), "flags valid, writable (%#lx)",
          (long)sf.f_flags);
    CHECK(sf.f_spare[0] == 0 && sf.f_spare[3] == 0, "the spare fields are zero");
    long fd = open_or_note(BASE "/file", O_RDONLY, 0);
    long opath = open_or_note(BASE "/file", O_PATH, 0);
    memset(&sf2, 0xee, sizeof(sf2));
    CHECK_RET(sc2(SYS_fstatfs, fd, &sf2), 0, "fstatfs");
    CHECK(sf2.f_type == sf.f_type && sf2.f_blocks == sf.f_blocks, "the same filesystem");
    CHECK_RET(sc2(SYS_fstatfs, opath, &sf2), 0, "fstatfs an O_PATH fd");
    CHECK_RET(sc2(SYS_statfs, "/dev/null", &sf2), 0, "statfs a device node");
    CHECK_RET(sc2(SYS_fstatfs, 99, &sf2), -EBADF, "fstatfs a closed fd");
    CHECK_RET(sc2(SYS_statfs, BASE "/missing", &sf2), -ENOENT, "statfs a missing path");
    CHECK_RET(sc2(SYS_statfs, BASE "/missing", 0), -ENOENT, "the path comes before the buffer");
    CHECK_RET(sc2(SYS_statfs, "", &sf2), -ENOENT, "statfs an empty path");
    CHECK_RET(sc2(SYS_statfs, BASE "/loop", &sf2), -ELOOP, "statfs a symlink loop");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_statfs, bp, &sf2), "statfs a bad path");
    EFAULT_EACH(BP_WRITES, sizeof(sf2), sc2(SYS_statfs, BASE, bp), "statfs into a bad buffer");
    EFAULT_EACH(BP_WRITES, sizeof(sf2), sc2(SYS_fstatfs, fd, bp), "fstatfs into a bad buffer");
    sc1(SYS_close, opath);
    sc1(SYS_close, fd);
}

static void test_sync(void)
{
    long ro = open_or_note(BASE "/file", O_RDONLY, 0);
    long rw = open_or_note(BASE "/file", O_RDWR, 0);
    long dir = open_or_note(BASE, O_RDONLY | O_DIRECTORY, 0);
    long opath = open_or_note(BASE "/file", O_PATH, 0);
    long null = open_or_note("/dev/null", O_RDWR, 0);
    CHECK_RET(sc1(SYS_fsync, rw), 0, "fsync a file");
    CHECK_RET(sc1(SYS_fsync, ro), 0, "fsync a read-only fd");
    CHECK_RET(sc1(SYS_fsync, dir), 0, "fsync a directory");
    CHECK_RET(sc1(SYS_fdatasync, rw), 0, "fdatasync a file");
    CHECK_RET(sc1(SYS_fdatasync, dir), 0, "fdatasync a directory");
    CHECK_RET(sc1(SYS_fsync, null), -EINVAL, "fsync /dev/null: EINVAL");
    CHECK_RET(sc1(SYS_fsync, 1), -EINVAL, "fsync the console: EINVAL");
    CHECK_RET(sc1(SYS_fdatasync, null), -EINVAL, "fdatasync /dev/null: EINVAL");
    CHECK_RET(sc1(SYS_fsync, opath), -EBADF, "fsync an O_PATH fd");
    CHECK_RET(sc1(SYS_fdatasync, opath), -EBADF, "fdatasync an O_PATH fd");
    CHECK_RET(sc1(SYS_fsync, 99), -EBADF, "fsync a closed fd");
    CHECK_RET(sc1(SYS_fdatasync, -1), -EBADF, "fdatasync fd -1");
    CHECK_RET(sc0(SYS_sync), 0, "sync");
    CHECK_RET(sc1(SYS_syncfs, ro), 0, "syncfs a file's filesystem");
    CHECK_RET(sc1(SYS_syncfs, null), 0, "syncfs through a device fd");
    CHECK_RET(sc1(SYS_syncfs, opath), -EBADF, "syncfs an O_PATH fd");
    CHECK_RET(sc1(SYS_syncfs, 99), -EBADF, "syncfs a closed fd");
    sc1(SYS_close, null);
    sc1(SYS_close, opath);
    sc1(SYS_close, dir);
    sc1(SYS_close, rw);
    sc1(SYS_close, ro);
}

/* ---- fchdir and faccessat2 ---- */

static void test_fchdir(void)
{
    char buf[64];
    long dir = open_or_note(BASE "/d", O_RDONLY | O_DIRECTORY, 0);
    long opath = open_or_note(BASE "/s", O_PATH | O_DIRECTORY, 0);
    long file = open_or_note(BASE "/file", O_RDONLY, 0);
    long file_opath = open_or_note(BASE "/file", O_PATH, 0);
    CHECK_RET(sc1(SYS_fchdir, dir), 0, "fchdir");
    CHECK(sc2(SYS_getcwd, buf, sizeof(buf)) > 0 && !strcmp(buf, BASE "/d"), "getcwd is %s (got %s)",
          BASE "/d", buf);
    CHECK_RET(sc1(SYS_fchdir, opath), 0, "fchdir an O_PATH directory fd");
    CHECK(sc2(SYS_getcwd, buf, sizeof(buf)) > 0 && !strcmp(buf, BASE "/s"),
          "getcwd follows (got %s)", buf);
    CHECK_RET(sc1(SYS_fchdir, file), -ENOTDIR, "fchdir a file");
    CHECK_RET(sc1(SYS_fchdir, file_opath), -ENOTDIR, "fchdir an O_PATH file fd");
    CHECK_RET(sc1(SYS_fchdir, 99), -EBADF, "fchdir a closed fd");
    CHECK_RET(sc1(SYS_fchdir, -1), -EBADF, "fchdir fd -1");
    sc2(SYS_getcwd, buf, sizeof(buf));
    CHECK(!strcmp(buf, BASE "/s"), "failed calls leave the cwd alone");
    sc1(SYS_chdir, BASE);
    sc1(SYS_close, file_opath);
    sc1(SYS_close, file);
    sc1(SYS_close, opath);
    sc1(SYS_close, dir);
}

static void test_faccessat2(void)
{
    make_file(BASE "/a", "");
    sc2(SYS_chmod, BASE "/a", 0600);
    long fd = open_or_note(BASE "/a", O_PATH, 0);
    CHECK_RET(sc4(SYS_faccessat2, AT_FDCWD, BASE "/a", R_OK | W_OK, 0), 0, "faccessat2 R_OK|W_OK");
    CHECK_RET(sc4(SYS_faccessat2, AT_FDCWD, BASE "/a", X_OK, 0), -EACCES, "X_OK without an x bit");
    CHECK_RET(sc4(SYS_faccessat2, AT_FDCWD, BASE "/a", X_OK, AT_EACCESS), -EACCES, "with AT_EACCESS");
    CHECK_RET(sc4(SYS_faccessat2, AT_FDCWD, BASE "/dangling", F_OK, 0), -ENOENT, "a dangling symlink");
    CHECK_RET(sc4(SYS_faccessat2, AT_FDCWD, BASE "/dangling", F_OK, AT_SYMLINK_NOFOLLOW), 0,
              "with AT_SYMLINK_NOFOLLOW it is the link itself");
    CHECK_RET(sc4(SYS_faccessat2, fd, "", R_OK, AT_EMPTY_PATH), 0, "AT_EMPTY_PATH on an O_PATH fd");
    CHECK_RET(sc4(SYS_faccessat2, fd, "", R_OK, 0), -ENOENT, "an empty path without the flag");
    CHECK_RET(sc4(SYS_faccessat2, AT_FDCWD, BASE "/a", 8, 0), -EINVAL, "an unknown mode bit");
    CHECK_RET(sc4(SYS_faccessat2, AT_FDCWD, BASE "/a", F_OK, AT_NO_AUTOMOUNT), -EINVAL,
              "an unknown flag");
    EFAULT_EACH(BP_READS, 0, sc4(SYS_faccessat2, AT_FDCWD, bp, F_OK, 0), "faccessat2 a bad path");
    sc1(SYS_close, fd);
}

/* ---- across mount points ---- */

/* A tmpfs mounted nosuid,nodev: names do not cross into it, its mount point stays put, and
 * statfs reports its flags. */
static void test_tmpfs_mount(void)
{
    struct statfs sf;
    make_dir(BASE "/mnt");
    CHECK_RET(sc5(SYS_mount, "none", BASE "/mnt", "tmpfs", MS_NOSUID | MS_NODEV, 0), 0,
              "mount a tmpfs nosuid,nodev");
    make_file(BASE "/mnt/f", "x");
    CHECK_RET(sc2(SYS_rename, BASE "/file", BASE "/mnt/file"), -EXDEV, "rename into another mount");
    CHECK_RET(sc2(SYS_rename, BASE "/.", BASE "/mnt/x"), -EXDEV, "EXDEV comes before EBUSY");
    CHECK_RET(sc2(SYS_link, BASE "/file", BASE "/mnt/l"), -EXDEV, "link into another mount");
    CHECK_RET(sc2(SYS_link, BASE "/file", BASE "/mnt/f"), -EEXIST, "EEXIST comes before EXDEV");
    CHECK_RET(sc2(SYS_symlink, BASE "/file", BASE "/mnt/s"), 0, "a symlink may point anywhere");
    CHECK_RET(sc2(SYS_rename, BASE "/mnt/f", BASE "/mnt/g"), 0, "rename inside the mount");
    CHECK_RET(sc1(SYS_rmdir, BASE "/mnt"), -EBUSY, "rmdir a mount point");
    CHECK_RET(sc2(SYS_rename, BASE "/mnt", BASE "/mnt2"), -EBUSY, "rename a mount point");
    CHECK_RET(sc2(SYS_rename, BASE "/d", BASE "/mnt"), -EBUSY, "rename onto a mount point");
    CHECK_RET(sc1(SYS_unlink, BASE "/mnt"), -EISDIR, "unlink a mount point");
    CHECK_RET(sc2(SYS_statfs, BASE "/mnt/g", &sf), 0, "statfs in the mount");
    CHECK(sf.f_type == TMPFS_MAGIC_ && (sf.f_flags & (ST_NOSUID | ST_NODEV)) == (ST_NOSUID | ST_NODEV) &&
          !(sf.f_flags & ST_NOEXEC), "tmpfs, nosuid and nodev (%#lx)", (long)sf.f_flags);
    sc2(SYS_statfs, BASE, &sf);
    CHECK(!(sf.f_flags & (ST_NOSUID | ST_NODEV)), "the root's flags differ (%#lx)", (long)sf.f_flags);
    CHECK_RET(sc2(SYS_umount2, BASE "/mnt", 0), 0, "unmount it");
    CHECK_RET(sc1(SYS_rmdir, BASE "/mnt"), 0, "then its directory can go");
}

/* procfs takes no new names (its lookups fail: ENOENT), removes and renames nothing (EPERM),
 * and statfs counts nothing in it. */
static void test_procfs_names(void)
{
    struct statfs sf;
    make_dir(BASE "/proc");
    CHECK_RET(sc5(SYS_mount, "proc", BASE "/proc", "proc", 0, 0), 0, "mount procfs");
    CHECK_RET(sc2(SYS_mkdir, BASE "/proc/x", 0755), -ENOENT, "mkdir in /proc");
    CHECK_RET(sc2(SYS_mkdir, BASE "/proc/self", 0755), -EEXIST, "mkdir /proc/self");
    CHECK_RET(sc3(SYS_mknod, BASE "/proc/x", S_IFIFO | 0600, 0), -ENOENT, "mknod in /proc");
    CHECK_RET(sc2(SYS_symlink, "t", BASE "/proc/x"), -ENOENT, "symlink in /proc");
    CHECK_RET(sc2(SYS_link, BASE "/proc/version", BASE "/proc/v"), -ENOENT, "link in /proc");
    CHECK_RET(sc2(SYS_link, BASE "/proc/version", BASE "/v"), -EXDEV, "link out of /proc");
    CHECK_RET(sc1(SYS_unlink, BASE "/proc/version"), -EPERM, "unlink in /proc");
    CHECK_RET(sc1(SYS_rmdir, BASE "/proc/1"), -EPERM, "rmdir in /proc");
    CHECK_RET(sc1(SYS_rmdir, BASE "/proc/version"), -ENOTDIR, "rmdir a /proc file: ENOTDIR first");
    CHECK_RET(sc2(SYS_rename, BASE "/proc/version", BASE "/proc/v2"), -ENOENT,
              "rename to a new name in /proc");
    CHECK_RET(sc2(SYS_rename, BASE "/proc/version", BASE "/proc/cpuinfo"), -EPERM,
              "rename onto a /proc name");
    memset(&sf, 0xee, sizeof(sf));
    CHECK_RET(sc2(SYS_statfs, BASE "/proc/self", &sf), 0, "statfs in /proc");
    CHECK(sf.f_type == 0x9fa0 && sf.f_bsize == 4096 && sf.f_namelen == 255 && sf.f_blocks == 0 &&
          sf.f_bfree == 0 && sf.f_files == 0 && (sf.f_flags & ST_VALID_),
          "procfs's magic, no blocks or inodes (type %#lx)", (long)sf.f_type);
    CHECK_RET(sc2(SYS_umount2, BASE "/proc", 0), 0, "unmount procfs");
}

/* The fixtures the tests share: /tmp/ns with a file, a directory symlink, a dangling one and a
 * loop; the cwd is /tmp/ns, the umask 022. */
static void setup(void)
{
    memset(name256, 'n', 256);
    memset(path_max, 'p', PATH_MAX);
    sc1(SYS_umask, 022);
    make_dir(BASE);
    sc1(SYS_chdir, BASE);
    make_file(BASE "/file", "file");
    sc2(SYS_symlink, "d", BASE "/dlink");
    sc2(SYS_symlink, "missing", BASE "/dangling");
    sc2(SYS_symlink, "loop", BASE "/loop");
}

int main(void)
{
    setup();
    test_mkdir();
    test_mkdir_errors();
    test_mknod();
    test_rmdir();
    test_removed_cwd();
    test_unlink();
    test_unlink_errors();
    test_rename();
    test_rename_dirs();
    test_rename_errors();
    test_renameat2_noreplace();
    test_renameat2_exchange();
    test_renameat2_whiteout();
    test_link();
    test_link_errors();
    test_symlink();
    test_chmod();
    test_chown();
    test_fchownat();
    test_setgid_directory();
    test_truncate();
    test_ftruncate();
    test_utimensat();
    test_utimensat_errors();
    test_utimes();
    test_statfs();
    test_sync();
    test_fchdir();
    test_faccessat2();
    test_tmpfs_mount();
    test_procfs_names();
    return tap_done();
}
