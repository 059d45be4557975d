/* In-VM tests of file metadata: fstat, stat, lstat, newfstatat, access and faccessat, on the
 * initramfs data tree (whose modes and sizes user/tests/initramfs.list fixes), device nodes,
 * symlinks and a file created in /tmp; and the open flag rules whose effects stat shows. */
#include "tap.h"
#include <fcntl.h>
#include <limits.h>
#include <sys/stat.h>

#define HELLO_LEN 14

static long do_stat(const char *path, struct stat *st)
{
    memset(st, 0xee, sizeof(*st));
    return sc2(SYS_stat, path, st);
}

static long do_lstat(const char *path, struct stat *st)
{
    memset(st, 0xee, sizeof(*st));
    return sc2(SYS_lstat, path, st);
}

static void test_fstat_file(void)
{
    struct stat st;
    long fd = open_or_note("/data/hello.txt", O_RDONLY, 0);
    memset(&st, 0xee, sizeof(st));
    CHECK_RET(sc2(SYS_fstat, fd, &st), 0, "fstat a regular file");
    CHECK(S_ISREG(st.st_mode), "it is a regular file (mode %o)", st.st_mode);
    CHECK((st.st_mode & 07777) == 0644, "its permissions are 0644 as archived (got %o)", st.st_mode & 07777);
    CHECK(st.st_size == HELLO_LEN, "its size is %d (got %ld)", HELLO_LEN, (long)st.st_size);
    CHECK(st.st_nlink == 1, "it has one link (got %lu)", (unsigned long)st.st_nlink);
    CHECK(st.st_uid == 0 && st.st_gid == 0, "owned by root (got %u:%u)", st.st_uid, st.st_gid);
    CHECK(st.st_ino != 0, "it has an inode number");
    CHECK(st.st_blksize > 0, "st_blksize is positive (got %ld)", (long)st.st_blksize);
    CHECK(st.st_mtime == 0, "it keeps the archive's mtime, 0 (got %ld)", (long)st.st_mtime);
    CHECK(st.st_rdev == 0, "a regular file has no rdev");
    CHECK_RET(sc2(SYS_fstat, 99, &st), -EBADF, "fstat a closed fd");
    CHECK_RET(sc2(SYS_fstat, -1, &st), -EBADF, "fstat fd -1");
    EFAULT_EACH(BP_WRITES, sizeof(struct stat), sc2(SYS_fstat, fd, bp), "fstat into a bad buffer");
    sc1(SYS_close, fd);

    fd = open_or_note("/data/lines.txt", O_RDONLY, 0);
    sc2(SYS_fstat, fd, &st);
    CHECK(st.st_size == 10240, "a three-page file has size 10240 (got %ld)", (long)st.st_size);
    CHECK(st.st_blocks * 512 >= st.st_size, "st_blocks covers the size (got %ld)", (long)st.st_blocks);
    sc1(SYS_close, fd);
}

static void test_fstat_others(void)
{
    struct stat st, st2;
    long fd = open_or_note("/data/dir", O_RDONLY, 0);
    CHECK_RET(sc2(SYS_fstat, fd, &st), 0, "fstat a directory");
    CHECK(S_ISDIR(st.st_mode) && (st.st_mode & 07777) == 0755, "a directory with mode 0755 (got %o)",
          st.st_mode);
    CHECK(st.st_nlink >= 2, "a directory has at least 2 links (got %lu)", (unsigned long)st.st_nlink);
    sc1(SYS_close, fd);
    fd = open_or_note("/dev/null", O_RDONLY, 0);
    CHECK_RET(sc2(SYS_fstat, fd, &st), 0, "fstat /dev/null");
    CHECK(S_ISCHR(st.st_mode), "/dev/null is a character device (mode %o)", st.st_mode);
    CHECK(st.st_rdev == 0x103, "/dev/null is device 1:3 (got %#lx)", (unsigned long)st.st_rdev);
    sc1(SYS_close, fd);
    CHECK_RET(sc2(SYS_fstat, 1, &st), 0, "fstat the console (fd 1)");
    CHECK(S_ISCHR(st.st_mode) && st.st_rdev == 0x501, "fd 1 is /dev/console, 5:1 (got %#lx)",
          (unsigned long)st.st_rdev);
    CHECK_RET(do_stat("/", &st), 0, "stat /");
    CHECK_RET(do_stat("/..", &st2), 0, "stat /..");
    CHECK(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev, "/.. is / itself");
    do_stat("/data", &st);
    do_stat("/data/dir/..", &st2);
    CHECK(st.st_ino == st2.st_ino, "/data/dir/.. is /data");
}

static void test_created_file(void)
{
    struct stat st;
    long old = sc1(SYS_umask, 027);
    long fd = sc3(SYS_open, "/tmp/stat.tmp", O_RDWR | O_CREAT | O_TRUNC, 0666);
    sc1(SYS_umask, old);
    long now = sc1(SYS_time, 0);
    sc3(SYS_write, fd, "12345", 5);
    CHECK_RET(sc2(SYS_fstat, fd, &st), 0, "fstat a file created in /tmp");
    CHECK((st.st_mode & 07777) == 0640, "O_CREAT mode 0666 under umask 027 gives 0640 (got %o)",
          st.st_mode & 07777);
    CHECK(st.st_size == 5, "its size follows the write (got %ld)", (long)st.st_size);
    CHECK(st.st_mtime >= now - 5 && st.st_mtime <= now + 5, "its mtime is now (got %ld, now %ld)",
          (long)st.st_mtime, now);
    sc1(SYS_close, fd);
}

static void test_stat_lstat(void)
{
    struct stat st;
    CHECK_RET(do_stat("/data/link", &st), 0, "stat a symlink");
    CHECK(S_ISREG(st.st_mode) && st.st_size == HELLO_LEN, "stat follows it to the file");
    CHECK_RET(do_lstat("/data/link", &st), 0, "lstat a symlink");
    CHECK(S_ISLNK(st.st_mode), "lstat reports the link itself (mode %o)", st.st_mode);
    CHECK(st.st_size == 9, "a symlink's size is its target's length, 9 (got %ld)", (long)st.st_size);
    CHECK((st.st_mode & 0777) == 0777, "a symlink's permissions are 0777 (got %o)", st.st_mode & 0777);
    CHECK_RET(do_stat("/data/dangling", &st), -ENOENT, "stat a dangling symlink");
    CHECK_RET(do_lstat("/data/dangling", &st), 0, "lstat a dangling symlink");
    CHECK_RET(do_stat("/data/loop1", &st), -ELOOP, "stat a symlink loop");
    CHECK_RET(do_lstat("/data/loop1", &st), 0, "lstat a symlink loop");
    CHECK_RET(do_lstat("/data/dirlink/", &st), 0, "lstat a directory symlink with a trailing slash");
    CHECK(S_ISDIR(st.st_mode), "the trailing slash makes lstat follow it (mode %o)", st.st_mode);
    CHECK_RET(do_stat("/data/dirlink/sub/c.txt", &st), 0, "stat through a directory symlink");
    CHECK((st.st_mode & 07777) == 0444, "c.txt has mode 0444 (got %o)", st.st_mode & 07777);
    CHECK_RET(do_stat("/data/hello.txt/", &st), -ENOTDIR, "stat a file with a trailing slash");
    CHECK_RET(do_stat("/data/hello.txt/x", &st), -ENOTDIR, "stat through a file");
    CHECK_RET(do_stat("/data/missing", &st), -ENOENT, "stat a missing file");
    CHECK_RET(do_stat("", &st), -ENOENT, "stat an empty path");
    CHECK_RET(do_lstat("", &st), -ENOENT, "lstat an empty path");
    static char long_path[PATH_MAX + 1];
    memset(long_path, '/', PATH_MAX);
    CHECK_RET(do_stat(long_path, &st), -ENAMETOOLONG, "stat a path of PATH_MAX bytes");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_stat, bp, &st), "stat a bad path");
    EFAULT_EACH(BP_WRITES, sizeof(struct stat), sc2(SYS_stat, "/data/hello.txt", bp),
                "stat into a bad buffer");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_lstat, bp, &st), "lstat a bad path");
    EFAULT_EACH(BP_WRITES, sizeof(struct stat), sc2(SYS_lstat, "/data/link", bp),
                "lstat into a bad buffer");
}

static void test_newfstatat(void)
{
    struct stat st;
    long dir = open_or_note("/data", O_RDONLY | O_DIRECTORY, 0);
    long file = open_or_note("/data/hello.txt", O_RDONLY, 0);
    CHECK_RET(sc4(SYS_newfstatat, AT_FDCWD, "data/hello.txt", &st, 0), 0, "newfstatat AT_FDCWD");
    CHECK_RET(sc4(SYS_newfstatat, dir, "link", &st, 0), 0, "newfstatat relative to a dir fd");
    CHECK(S_ISREG(st.st_mode), "without flags it follows the symlink");
    CHECK_RET(sc4(SYS_newfstatat, dir, "link", &st, AT_SYMLINK_NOFOLLOW), 0,
              "newfstatat AT_SYMLINK_NOFOLLOW");
    CHECK(S_ISLNK(st.st_mode), "with AT_SYMLINK_NOFOLLOW it reports the link");
    memset(&st, 0, sizeof(st));
    CHECK_RET(sc4(SYS_newfstatat, file, "", &st, AT_EMPTY_PATH), 0, "newfstatat AT_EMPTY_PATH");
    CHECK(S_ISREG(st.st_mode) && st.st_size == HELLO_LEN, "AT_EMPTY_PATH describes the fd itself");
    CHECK_RET(sc4(SYS_newfstatat, file, "", &st, 0), -ENOENT, "newfstatat an empty path without the flag");
    CHECK_RET(sc4(SYS_newfstatat, 99, "", &st, AT_EMPTY_PATH), -EBADF, "AT_EMPTY_PATH on a closed fd");
    CHECK_RET(sc4(SYS_newfstatat, dir, "hello.txt", &st, 0x1), -EINVAL, "newfstatat with unknown flag 0x1");
    CHECK_RET(sc4(SYS_newfstatat, dir, "hello.txt", &st, 0x2000), 0,
              "newfstatat accepts AT_STATX_FORCE_SYNC (0x2000)");
    CHECK_RET(sc4(SYS_newfstatat, dir, "hello.txt", &st, 0x4000), 0,
              "newfstatat accepts AT_STATX_DONT_SYNC (0x4000)");
    CHECK_RET(sc4(SYS_newfstatat, 99, "hello.txt", &st, 0), -EBADF, "newfstatat relative to a closed fd");
    CHECK_RET(sc4(SYS_newfstatat, file, "x", &st, 0), -ENOTDIR, "newfstatat relative to a file fd");
    CHECK_RET(sc4(SYS_newfstatat, 99, "/data/hello.txt", &st, 0), 0,
              "newfstatat ignores dirfd for an absolute path");
    CHECK_RET(sc4(SYS_newfstatat, dir, "missing", &st, 0), -ENOENT, "newfstatat a missing name");
    EFAULT_EACH(BP_READS, 0, sc4(SYS_newfstatat, dir, bp, &st, 0), "newfstatat a bad path");
    EFAULT_EACH(BP_WRITES, sizeof(struct stat), sc4(SYS_newfstatat, dir, "hello.txt", bp, 0),
                "newfstatat into a bad buffer");
    EFAULT_EACH(BP_WRITES, sizeof(struct stat), sc4(SYS_newfstatat, file, "", bp, AT_EMPTY_PATH),
                "newfstatat AT_EMPTY_PATH into a bad buffer");
    sc1(SYS_close, dir);
    sc1(SYS_close, file);
}

/* How open's flags combine: O_PATH drops O_CREAT and O_TRUNC, O_TRUNC applies even to an
 * O_RDONLY open, O_CREAT through a dangling symlink creates the link's target, and O_CREAT with
 * O_DIRECTORY is refused. Results are checked with stat. */
static void test_open_flags(void)
{
    struct stat st;
    CHECK_RET(sc3(SYS_open, "/tmp/stat.path", O_PATH | O_CREAT, 0644), -ENOENT,
              "open O_PATH|O_CREAT of a missing file");
    CHECK_RET(sc3(SYS_open, "/tmp/stat.path", O_PATH | O_CREAT | O_EXCL, 0644), -ENOENT,
              "open O_PATH|O_CREAT|O_EXCL of a missing file");
    CHECK_RET(do_stat("/tmp/stat.path", &st), -ENOENT, "they created nothing");
    long fd = sc3(SYS_open, "/tmp/stat.trunc", O_RDWR | O_CREAT | O_TRUNC, 0644);
    sc3(SYS_write, fd, "12345", 5);
    long path = sc3(SYS_open, "/tmp/stat.trunc", O_PATH | O_RDWR | O_TRUNC, 0);
    CHECK(path >= 0, "open O_PATH|O_RDWR|O_TRUNC of a file (got %ld)", path);
    sc1(SYS_close, path);
    CHECK(do_stat("/tmp/stat.trunc", &st) == 0 && st.st_size == 5, "the file is intact (size %ld)",
          (long)st.st_size);
    long rdonly = sc3(SYS_open, "/tmp/stat.trunc", O_RDONLY | O_TRUNC, 0);
    CHECK(rdonly >= 0, "open O_RDONLY|O_TRUNC (got %ld)", rdonly);
    sc1(SYS_close, rdonly);
    CHECK(do_stat("/tmp/stat.trunc", &st) == 0 && st.st_size == 0, "it truncated the file (size %ld)",
          (long)st.st_size);
    sc1(SYS_close, fd);
    CHECK_RET(sc3(SYS_open, "/data/tolink", O_WRONLY | O_CREAT | O_NOFOLLOW, 0600), -ELOOP,
              "open O_CREAT|O_NOFOLLOW of a dangling symlink");
    long created = sc3(SYS_open, "/data/tolink", O_WRONLY | O_CREAT, 0600);
    CHECK(created >= 0, "open O_CREAT through a dangling symlink (got %ld)", created);
    sc1(SYS_close, created);
    CHECK(do_stat("/tmp/created-through-link", &st) == 0 && S_ISREG(st.st_mode),
          "it created the link's target, /tmp/created-through-link");
    CHECK(do_lstat("/data/tolink", &st) == 0 && S_ISLNK(st.st_mode), "the symlink itself is unchanged");
    CHECK_RET(sc3(SYS_open, "/tmp/stat.dir", O_RDWR | O_CREAT | O_DIRECTORY, 0644), -EINVAL,
              "open O_CREAT|O_DIRECTORY");
    CHECK_RET(do_stat("/tmp/stat.dir", &st), -ENOENT, "it created nothing");
    CHECK_RET(sc3(SYS_open, "/data/dir", O_RDONLY | O_CREAT | O_DIRECTORY, 0644), -EINVAL,
              "open O_CREAT|O_DIRECTORY of an existing directory");
}

static void test_access(void)
{
    CHECK_RET(sc2(SYS_access, "/data/hello.txt", F_OK), 0, "access F_OK");
    CHECK_RET(sc2(SYS_access, "/data/hello.txt", R_OK | W_OK), 0, "access R_OK|W_OK as root");
    CHECK_RET(sc2(SYS_access, "/data/dir/sub/c.txt", W_OK), 0, "root may write a 0444 file");
    CHECK_RET(sc2(SYS_access, "/data/hello.txt", X_OK), -EACCES, "X_OK on a file with no x bit, even for root");
    CHECK_RET(sc2(SYS_access, "/tests/stat", X_OK), 0, "X_OK on an executable");
    CHECK_RET(sc2(SYS_access, "/data/dir/sub", X_OK), 0, "X_OK on a directory");
    CHECK_RET(sc2(SYS_access, "/data/hello.txt", 8), -EINVAL, "access with mode 8");
    CHECK_RET(sc2(SYS_access, "/data/hello.txt", -1), -EINVAL, "access with mode -1");
    CHECK_RET(sc2(SYS_access, "/data/missing", F_OK), -ENOENT, "access a missing file");
    CHECK_RET(sc2(SYS_access, "/data/dangling", F_OK), -ENOENT, "access follows a dangling symlink");
    CHECK_RET(sc2(SYS_access, "/data/loop1", F_OK), -ELOOP, "access a symlink loop");
    CHECK_RET(sc2(SYS_access, "/data/hello.txt/x", F_OK), -ENOTDIR, "access through a file");
    CHECK_RET(sc2(SYS_access, "", F_OK), -ENOENT, "access an empty path");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_access, bp, F_OK), "access a bad path");
    CHECK_RET(sc2(SYS_access, (char *)bad_ptr(BP_READONLY, 0), F_OK), -ENOENT,
              "a path on a read-only page is fine (here an empty one)");
}

static void test_faccessat(void)
{
    long dir = open_or_note("/data/dir", O_RDONLY | O_DIRECTORY, 0);
    long file = open_or_note("/data/hello.txt", O_RDONLY, 0);
    CHECK_RET(sc3(SYS_faccessat, dir, "a.txt", R_OK), 0, "faccessat relative to a dir fd");
    CHECK_RET(sc3(SYS_faccessat, AT_FDCWD, "data/dir/b.txt", F_OK), 0, "faccessat AT_FDCWD");
    CHECK_RET(sc3(SYS_faccessat, dir, "missing", F_OK), -ENOENT, "faccessat a missing name");
    CHECK_RET(sc3(SYS_faccessat, dir, "a.txt", X_OK), -EACCES, "faccessat X_OK on a 0644 file");
    CHECK_RET(sc3(SYS_faccessat, dir, "a.txt", 8), -EINVAL, "faccessat with mode 8");
    CHECK_RET(sc3(SYS_faccessat, 99, "a.txt", F_OK), -EBADF, "faccessat relative to a closed fd");
    CHECK_RET(sc3(SYS_faccessat, file, "a.txt", F_OK), -ENOTDIR, "faccessat relative to a file fd");
    CHECK_RET(sc3(SYS_faccessat, 99, "/data/hello.txt", F_OK), 0, "faccessat ignores dirfd for an absolute path");
    CHECK_RET(sc4(SYS_faccessat, dir, "a.txt", F_OK, 0xffff), 0,
              "faccessat has no flags argument (a 4th argument is ignored)");
    EFAULT_EACH(BP_READS, 0, sc3(SYS_faccessat, dir, bp, F_OK), "faccessat a bad path");
    sc1(SYS_close, dir);
    sc1(SYS_close, file);
}

/* O_TRUNC asks to write, so a directory refuses it; nothing here does direct I/O. */
static void test_open_dir_trunc_and_direct(void)
{
    CHECK_RET(sc3(SYS_open, "/data", O_RDONLY | O_TRUNC, 0), -EISDIR, "open a directory O_RDONLY|O_TRUNC");
    CHECK_RET(sc3(SYS_open, "/data/hello.txt", O_RDONLY | O_DIRECT, 0), -EINVAL,
              "open a RAM file O_DIRECT");
}

int main(void)
{
    test_fstat_file();
    test_fstat_others();
    test_created_file();
    test_stat_lstat();
    test_newfstatat();
    test_open_flags();
    test_open_dir_trunc_and_direct();
    test_access();
    test_faccessat();
    return tap_done();
}
