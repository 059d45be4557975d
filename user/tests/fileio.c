/* In-VM tests of file I/O: open, openat, close, read, write, readv, writev, pread64, pwrite64
 * and lseek, on initramfs files, a scratch file in /tmp, /dev/null, /dev/zero and the console.
 * Every errno a caller can provoke is checked, and every pointer argument gets the bad-pointer
 * set from tap.h. */
#include "tap.h"
#include <fcntl.h>
#include <limits.h>
#include <sys/mman.h>
#include <sys/uio.h>

#define HELLO      "hello, wicket\n"
#define HELLO_LEN  14L
#define SCRATCH    "/tmp/fileio.tmp"

static long open_path(const char *path, long flags)
{
    return sc4(SYS_open, path, flags, 0644, 0);
}

/* Creates (or truncates) the scratch file and fills it with `text`; returns the fd. */
static long scratch_with(const char *text)
{
    long fd = sc3(SYS_open, SCRATCH, O_RDWR | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0 && sc3(SYS_write, fd, text, strlen(text)) != (long)strlen(text))
        tap_print("# could not fill %s", SCRATCH);
    return fd;
}

/* Reads the whole scratch file from offset 0 into buf (NUL-terminated); returns its length. */
static long scratch_contents(char *buf, size_t size)
{
    long fd = open_path(SCRATCH, O_RDONLY);
    long n = sc4(SYS_pread64, fd, buf, size - 1, 0);
    sc1(SYS_close, fd);
    buf[n > 0 ? n : 0] = '\0';
    return n;
}

static void test_open_success(void)
{
    long fd = open_path("/data/hello.txt", O_RDONLY);
    CHECK(fd >= 3, "open(/data/hello.txt) returns a new descriptor (got %ld)", fd);
    long fd2 = open_path("/data/hello.txt", O_RDONLY);
    CHECK_RET(fd2, fd + 1, "a second open returns the next descriptor");
    CHECK_RET(sc1(SYS_close, fd), 0, "close the first descriptor");
    CHECK_RET(open_path("/data/hello.txt", O_RDONLY), fd, "open reuses the lowest free descriptor");
    sc1(SYS_close, fd);
    sc1(SYS_close, fd2);

    char buf[32] = {0};
    fd = open_path("/data/link", O_RDONLY);
    CHECK_RET(sc3(SYS_read, fd, buf, sizeof(buf)), HELLO_LEN, "open follows a relative symlink");
    CHECK(strcmp(buf, HELLO) == 0, "the symlink's target contents are read");
    sc1(SYS_close, fd);
    fd = open_path("/data/dirlink/sub/c.txt", O_RDONLY);
    CHECK(fd >= 0, "open follows a symlink in the middle of a path (got %ld)", fd);
    sc1(SYS_close, fd);
    fd = open_path("/data/dir/../hello.txt", O_RDONLY);
    CHECK(fd >= 0, "open resolves .. (got %ld)", fd);
    sc1(SYS_close, fd);
    fd = open_path("/data/dir", O_RDONLY | O_DIRECTORY);
    CHECK(fd >= 0, "open a directory with O_DIRECTORY (got %ld)", fd);
    CHECK_RET(sc3(SYS_read, fd, buf, sizeof(buf)), -EISDIR, "read from a directory");
    sc1(SYS_close, fd);
}

static void test_open_errors(void)
{
    static char long_path[PATH_MAX + 2], long_name[NAME_MAX + 3];
    CHECK_RET(open_path("/data/missing", O_RDONLY), -ENOENT, "open a missing file");
    CHECK_RET(open_path("", O_RDONLY), -ENOENT, "open an empty path");
    CHECK_RET(open_path("/data/hello.txt/x", O_RDONLY), -ENOTDIR, "open through a file");
    CHECK_RET(open_path("/missing/x", O_RDWR | O_CREAT), -ENOENT, "O_CREAT in a missing directory");
    CHECK_RET(open_path("/data/dir", O_WRONLY), -EISDIR, "open a directory O_WRONLY");
    CHECK_RET(open_path("/data/dir", O_RDWR), -EISDIR, "open a directory O_RDWR");
    CHECK_RET(open_path("/data/dir", O_RDONLY | O_CREAT), -EISDIR, "O_CREAT on a directory");
    CHECK_RET(open_path("/data/hello.txt", O_RDONLY | O_DIRECTORY), -ENOTDIR, "O_DIRECTORY on a file");
    CHECK_RET(open_path("/data/loop1", O_RDONLY), -ELOOP, "open a symlink loop");
    CHECK_RET(open_path("/data/link", O_RDONLY | O_NOFOLLOW), -ELOOP, "O_NOFOLLOW on a symlink");
    CHECK_RET(open_path("/data/dangling", O_RDONLY), -ENOENT, "open a dangling symlink");
    CHECK_RET(open_path("/data/dangling", O_RDWR | O_CREAT | O_EXCL), -EEXIST,
              "O_CREAT|O_EXCL on a dangling symlink");
    CHECK_RET(open_path("/data/hello.txt", O_RDWR | O_CREAT | O_EXCL), -EEXIST,
              "O_CREAT|O_EXCL on an existing file");
    memset(long_path, 'a', PATH_MAX);
    long_path[0] = '/';
    CHECK_RET(open_path(long_path, O_RDONLY), -ENAMETOOLONG, "open a path of PATH_MAX bytes");
    long_name[0] = '/';
    memset(long_name + 1, 'b', NAME_MAX + 1);
    CHECK_RET(open_path(long_name, O_RDONLY), -ENAMETOOLONG, "open a name of NAME_MAX+1 bytes");
    EFAULT_EACH(BP_READS, 0, open_path(bp, O_RDONLY), "open with a bad path");
}

static void test_openat(void)
{
    long dir = open_path("/data", O_RDONLY | O_DIRECTORY);
    long fd = sc4(SYS_openat, dir, "hello.txt", O_RDONLY, 0);
    CHECK(fd >= 0, "openat relative to a directory fd (got %ld)", fd);
    sc1(SYS_close, fd);
    fd = sc4(SYS_openat, AT_FDCWD, "data/hello.txt", O_RDONLY, 0);
    CHECK(fd >= 0, "openat relative to AT_FDCWD (got %ld)", fd);
    sc1(SYS_close, fd);
    fd = sc4(SYS_openat, 999, "/data/hello.txt", O_RDONLY, 0);
    CHECK(fd >= 0, "openat ignores dirfd for an absolute path, even a bad one (got %ld)", fd);
    long file = open_path("/data/hello.txt", O_RDONLY);
    CHECK_RET(sc4(SYS_openat, file, "x", O_RDONLY, 0), -ENOTDIR, "openat relative to a file fd");
    CHECK_RET(sc4(SYS_openat, 999, "hello.txt", O_RDONLY, 0), -EBADF, "openat relative to a closed fd");
    CHECK_RET(sc4(SYS_openat, -5, "hello.txt", O_RDONLY, 0), -EBADF, "openat relative to fd -5");
    CHECK_RET(sc4(SYS_openat, dir, "missing", O_RDONLY, 0), -ENOENT, "openat a missing file");
    EFAULT_EACH(BP_READS, 0, sc4(SYS_openat, dir, bp, O_RDONLY, 0), "openat with a bad path");
    sc1(SYS_close, fd);
    sc1(SYS_close, file);
    sc1(SYS_close, dir);
}

static void test_close(void)
{
    long fd = open_path("/data/hello.txt", O_RDONLY);
    CHECK_RET(sc1(SYS_close, fd), 0, "close an open fd");
    CHECK_RET(sc1(SYS_close, fd), -EBADF, "close it again");
    CHECK_RET(sc1(SYS_close, -1), -EBADF, "close(-1)");
    CHECK_RET(sc1(SYS_close, 1 << 20), -EBADF, "close(1<<20)");
    CHECK_RET(sc3(SYS_read, fd, &fd, 1), -EBADF, "read from a closed fd");
}

static void test_read(void)
{
    char buf[64] = {0};
    long fd = open_path("/data/hello.txt", O_RDONLY);
    CHECK_RET(sc3(SYS_read, fd, buf, 5), 5, "read 5 bytes");
    CHECK(memcmp(buf, "hello", 5) == 0, "they are the first 5 bytes of the file");
    CHECK_RET(sc3(SYS_read, fd, buf, sizeof(buf)), HELLO_LEN - 5, "read the rest (a short count)");
    CHECK(memcmp(buf, HELLO + 5, HELLO_LEN - 5) == 0, "it continues where the first read ended");
    CHECK_RET(sc3(SYS_read, fd, buf, sizeof(buf)), 0, "read at end of file returns 0");
    CHECK_RET(sc3(SYS_read, fd, buf, 0), 0, "read of 0 bytes");
    CHECK_RET(sc3(SYS_read, -1, buf, 1), -EBADF, "read from fd -1");
    CHECK_RET(sc3(SYS_read, fd, buf, -1L), -EFAULT, "read with count -1 (the range check fails first)");
    long wfd = sc3(SYS_open, SCRATCH, O_WRONLY | O_CREAT | O_TRUNC, 0644);
    CHECK_RET(sc3(SYS_read, wfd, buf, 1), -EBADF, "read from an O_WRONLY fd");
    sc1(SYS_close, wfd);

    long zero = open_path("/dev/zero", O_RDONLY);
    memset(buf, 'x', sizeof(buf));
    CHECK_RET(sc3(SYS_read, zero, buf, sizeof(buf)), (long)sizeof(buf), "read /dev/zero");
    CHECK(buf[0] == 0 && buf[sizeof(buf) - 1] == 0, "/dev/zero gives zero bytes");
    long null = open_path("/dev/null", O_RDONLY);
    CHECK_RET(sc3(SYS_read, null, buf, sizeof(buf)), 0, "read /dev/null returns 0");

    EFAULT_EACH(BP_WRITES & ~BP_MASK(BP_STRADDLE), 8, sc4(SYS_pread64, fd, bp, 8, 0),
                "read from a file into a bad buffer");
    EFAULT_EACH(BP_WRITES & ~BP_MASK(BP_STRADDLE), 8, sc3(SYS_read, zero, bp, 8),
                "read /dev/zero into a bad buffer");
    char *straddle = bad_ptr(BP_STRADDLE, 16);
    sc3(SYS_lseek, fd, 0, SEEK_SET);
    CHECK_RET(sc3(SYS_read, fd, straddle, 16), 8, "read into a straddling buffer fills the mapped part");
    CHECK(memcmp(straddle, "hello, w", 8) == 0, "the mapped part holds the file's first bytes");
    CHECK_RET(sc3(SYS_lseek, fd, 0, SEEK_CUR), 8, "the offset advanced by the short count");
    CHECK_RET(sc3(SYS_read, zero, bad_ptr(BP_STRADDLE, 16), 16), 8,
              "read /dev/zero into a straddling buffer fills the mapped part");
    CHECK_RET(sc3(SYS_read, null, bad_ptr(BP_UNMAPPED, 8), 8), 0,
              "read /dev/null into an unmapped buffer returns 0 (nothing is copied)");
    CHECK_RET(sc3(SYS_read, null, bad_ptr(BP_KERNEL, 8), 8), -EFAULT,
              "read /dev/null into a kernel address is still refused");
    sc1(SYS_close, fd);
    sc1(SYS_close, zero);
    sc1(SYS_close, null);
}

static void test_write(void)
{
    char buf[64];
    long fd = scratch_with("");
    CHECK_RET(sc3(SYS_write, fd, "abc", 3), 3, "write 3 bytes to a new file");
    CHECK_RET(sc3(SYS_write, fd, "defg", 4), 4, "write 4 more");
    CHECK_RET(sc3(SYS_write, fd, "xyz", 0), 0, "write 0 bytes");
    CHECK_RET(scratch_contents(buf, sizeof(buf)), 7, "the file has 7 bytes");
    CHECK(strcmp(buf, "abcdefg") == 0, "the file holds both writes in order (got \"%s\")", buf);
    long rfd = open_path(SCRATCH, O_RDONLY);
    CHECK_RET(sc3(SYS_write, rfd, "x", 1), -EBADF, "write to an O_RDONLY fd");
    CHECK_RET(sc3(SYS_write, -1, "x", 1), -EBADF, "write to fd -1");
    sc1(SYS_close, rfd);

    const char msg[] = "# a write to the console\n";
    CHECK_RET(sc3(SYS_write, 1, msg, sizeof(msg) - 1), (long)sizeof(msg) - 1, "write to the console");
    long null = open_path("/dev/null", O_WRONLY);
    CHECK_RET(sc3(SYS_write, null, msg, sizeof(msg)), (long)sizeof(msg), "write to /dev/null");
    CHECK_RET(sc3(SYS_write, null, NULL, 100), 100, "write NULL to /dev/null (never read)");
    CHECK_RET(sc3(SYS_write, null, "x", 1L << 40), 0x7ffff000L,
              "a 1 TiB write is clamped to MAX_RW_COUNT (0x7ffff000)");
    CHECK_RET(sc3(SYS_write, null, msg, -1L), -EFAULT, "write with count -1 (the range check fails first)");
    CHECK_RET(sc3(SYS_write, null, bad_ptr(BP_UNMAPPED, 8), 8), 8, "write an unmapped buffer to /dev/null");
    CHECK_RET(sc3(SYS_write, null, bad_ptr(BP_KERNEL, 8), 8), -EFAULT,
              "write a kernel address to /dev/null is still refused");
    CHECK_RET(sc3(SYS_write, null, bad_ptr(BP_NONCANON_LOW, 8), 8), -EFAULT,
              "write a non-canonical address to /dev/null is still refused");
    sc1(SYS_close, null);

    EFAULT_EACH(BP_READS & ~BP_MASK(BP_STRADDLE), 8, sc3(SYS_write, fd, bp, 8),
                "write to a file from a bad buffer");
    CHECK_RET(sc3(SYS_write, fd, bad_ptr(BP_STRADDLE, 16), 16), 8,
              "write from a straddling buffer writes the mapped part");
    CHECK_RET(scratch_contents(buf, sizeof(buf)), 15, "the file grew by the short count only");
    char *nl = bad_ptr(BP_STRADDLE, 16);
    memset(nl, '\n', 8);
    CHECK_RET(sc3(SYS_write, 1, nl, 16), -EFAULT, "write to the console from a straddling buffer");
    CHECK_RET(sc3(SYS_write, 1, bad_ptr(BP_UNMAPPED, 8), 8), -EFAULT,
              "write to the console from an unmapped buffer");
    sc1(SYS_close, fd);
}

static void test_readv(void)
{
    char a[3], b[4], c[20];
    struct iovec iov[3] = {{a, sizeof(a)}, {b, sizeof(b)}, {c, sizeof(c)}};
    long fd = open_path("/data/hello.txt", O_RDONLY);
    CHECK_RET(sc3(SYS_readv, fd, iov, 3), HELLO_LEN, "readv into three buffers");
    CHECK(memcmp(a, "hel", 3) == 0 && memcmp(b, "lo, ", 4) == 0 && memcmp(c, "wicket\n", 7) == 0,
          "readv scatters the bytes in order");
    CHECK_RET(sc3(SYS_readv, fd, iov, 3), 0, "readv at end of file returns 0");
    CHECK_RET(sc3(SYS_readv, fd, iov, 0), 0, "readv with no buffers returns 0");
    CHECK_RET(sc3(SYS_readv, fd, iov, -1), -EINVAL, "readv with iovcnt -1");
    CHECK_RET(sc3(SYS_readv, fd, iov, 1025), -EINVAL, "readv with iovcnt 1025 (above IOV_MAX)");
    struct iovec negative[2] = {{a, (size_t)-1}, {b, 2}};
    CHECK_RET(sc3(SYS_readv, fd, negative, 2), -EINVAL, "readv with a negative iov_len");
    struct iovec huge[2] = {{a, (size_t)LONG_MAX}, {b, 2}};
    CHECK_RET(sc3(SYS_readv, fd, huge, 2), -EFAULT, "readv with iov_len LONG_MAX (fails access_ok)");
    CHECK_RET(sc3(SYS_readv, 99, iov, 3), -EBADF, "readv from a closed fd");
    struct iovec empty_null[2] = {{NULL, 0}, {a, 3}};
    CHECK_RET(sc4(SYS_preadv, fd, empty_null, 2, 0), 3, "an empty NULL iovec is skipped");

    EFAULT_EACH(BP_READS, 2 * sizeof(struct iovec), sc3(SYS_readv, fd, bp, 2),
                "readv with a bad iovec array");
    struct iovec bad[2] = {{NULL, 4}, {a, 3}};
    EFAULT_EACH(BP_WRITES & ~BP_MASK(BP_STRADDLE), 4,
                (bad[0].iov_base = bp, sc4(SYS_preadv, fd, bad, 2, 0)), "readv into a bad first buffer");
    struct iovec second_bad[2] = {{a, 3}, {bad_ptr(BP_UNMAPPED, 4), 4}};
    CHECK_RET(sc4(SYS_preadv, fd, second_bad, 2, 0), 3, "readv stops at a bad second buffer");
    sc1(SYS_close, fd);
}

static void test_writev(void)
{
    char buf[64];
    long fd = scratch_with("");
    struct iovec iov[3] = {{"one ", 4}, {"", 0}, {"two", 3}};
    CHECK_RET(sc3(SYS_writev, fd, iov, 3), 7, "writev gathers three buffers");
    scratch_contents(buf, sizeof(buf));
    CHECK(strcmp(buf, "one two") == 0, "the file holds them in order (got \"%s\")", buf);
    CHECK_RET(sc3(SYS_writev, fd, iov, 0), 0, "writev with no buffers returns 0");
    CHECK_RET(sc3(SYS_writev, fd, iov, -1), -EINVAL, "writev with iovcnt -1");
    CHECK_RET(sc3(SYS_writev, fd, iov, 1025), -EINVAL, "writev with iovcnt 1025");
    struct iovec negative[2] = {{"x", (size_t)-1}, {"y", 2}};
    CHECK_RET(sc3(SYS_writev, fd, negative, 2), -EINVAL, "writev with a negative iov_len");
    struct iovec huge[2] = {{"x", (size_t)LONG_MAX}, {"y", 2}};
    CHECK_RET(sc3(SYS_writev, fd, huge, 2), -EFAULT, "writev with iov_len LONG_MAX (fails access_ok)");
    CHECK_RET(sc3(SYS_writev, 99, iov, 3), -EBADF, "writev to a closed fd");
    EFAULT_EACH(BP_READS, 2 * sizeof(struct iovec), sc3(SYS_writev, fd, bp, 2),
                "writev with a bad iovec array");
    struct iovec bad[2] = {{NULL, 4}, {"abc", 3}};
    EFAULT_EACH(BP_READS & ~BP_MASK(BP_STRADDLE), 4,
                (bad[0].iov_base = bp, sc3(SYS_writev, fd, bad, 2)), "writev from a bad first buffer");
    struct iovec second_bad[2] = {{"abc", 3}, {bad_ptr(BP_UNMAPPED, 4), 4}};
    CHECK_RET(sc3(SYS_writev, fd, second_bad, 2), 3, "writev stops at a bad second buffer");
    sc1(SYS_close, fd);
}

static void test_pread_pwrite(void)
{
    char buf[32] = {0};
    long fd = open_path("/data/hello.txt", O_RDONLY);
    CHECK_RET(sc4(SYS_pread64, fd, buf, 7, 7), 7, "pread 7 bytes at offset 7");
    CHECK(memcmp(buf, "wicket\n", 7) == 0, "pread reads from the given offset");
    CHECK_RET(sc3(SYS_lseek, fd, 0, SEEK_CUR), 0, "pread leaves the file offset alone");
    CHECK_RET(sc4(SYS_pread64, fd, buf, 8, 100), 0, "pread past the end returns 0");
    CHECK_RET(sc4(SYS_pread64, fd, buf, 8, -1), -EINVAL, "pread at a negative offset");
    CHECK_RET(sc4(SYS_pread64, 0, buf, 1, 0), -ESPIPE, "pread on the console");
    CHECK_RET(sc4(SYS_pread64, 99, buf, 1, 0), -EBADF, "pread from a closed fd");
    sc1(SYS_close, fd);

    fd = scratch_with("0123456789");
    CHECK_RET(sc4(SYS_pwrite64, fd, "AB", 2, 3), 2, "pwrite 2 bytes at offset 3");
    CHECK_RET(sc3(SYS_lseek, fd, 0, SEEK_CUR), 10, "pwrite leaves the file offset alone");
    CHECK_RET(sc4(SYS_pwrite64, fd, "Z", 1, 12), 1, "pwrite past the end");
    CHECK_RET(sc4(SYS_pread64, fd, buf, sizeof(buf), 0), 13, "the file grew to 13 bytes");
    CHECK(memcmp(buf, "012AB56789\0\0Z", 13) == 0, "pwrite placed the bytes and left a zeroed hole");
    CHECK_RET(sc4(SYS_pwrite64, fd, "x", 1, -1), -EINVAL, "pwrite at a negative offset");
    CHECK_RET(sc4(SYS_pwrite64, 1, "x", 1, 0), -ESPIPE, "pwrite on the console");
    EFAULT_EACH(BP_READS & ~BP_MASK(BP_STRADDLE), 8, sc4(SYS_pwrite64, fd, bp, 8, 0),
                "pwrite from a bad buffer");
    CHECK_RET(sc4(SYS_pwrite64, fd, bad_ptr(BP_STRADDLE, 16), 16, 0), 8,
              "pwrite from a straddling buffer writes the mapped part");
    EFAULT_EACH(BP_WRITES & ~BP_MASK(BP_STRADDLE), 8, sc4(SYS_pread64, fd, bp, 8, 0),
                "pread into a bad buffer");
    CHECK_RET(sc4(SYS_pread64, fd, bad_ptr(BP_STRADDLE, 16), 16, 0), 8,
              "pread into a straddling buffer fills the mapped part");
    sc1(SYS_close, fd);

    fd = sc3(SYS_open, SCRATCH, O_WRONLY | O_APPEND, 0);
    CHECK_RET(sc4(SYS_pwrite64, fd, "E", 1, 0), 1, "pwrite on an O_APPEND fd");
    CHECK_RET(scratch_contents(buf, sizeof(buf)), 14, "on Linux it appends, ignoring the offset");
    sc1(SYS_close, fd);
}

/* A position plus a count beyond the largest file offset is EINVAL. The buffer must pass the
 * range check, which comes first, so it lies low enough that buffer + 1 TiB is still a user
 * address; nothing is ever copied through it. */
static void test_offset_overflow(void)
{
    const long huge = 1L << 40, near_max = 0x7fffffff00000000L;
    long low = sc6(SYS_mmap, 0x10000000L, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (!CHECK(low > 0 && low < 0x7ffffffff000L - huge, "map a buffer low in memory (got %#lx)", low))
        return;
    long fd = scratch_with("hello world");
    CHECK_RET(sc3(SYS_lseek, fd, near_max, SEEK_SET), near_max, "lseek near the largest offset");
    CHECK_RET(sc3(SYS_read, fd, low, huge), -EINVAL, "read 1 TiB there (position + count overflows)");
    CHECK_RET(sc3(SYS_write, fd, low, huge), -EINVAL, "write 1 TiB there");
    CHECK_RET(sc4(SYS_pread64, fd, low, huge, near_max), -EINVAL, "pread64 1 TiB at that position");
    CHECK_RET(sc4(SYS_pwrite64, fd, low, huge, near_max), -EINVAL, "pwrite64 1 TiB at that position");
    CHECK_RET(sc4(SYS_pread64, fd, low, 1, LONG_MAX), -EINVAL, "pread64 1 byte at the largest offset");
    CHECK_RET(sc4(SYS_pread64, fd, low, 0, LONG_MAX), 0, "pread64 0 bytes there");
    CHECK_RET(sc3(SYS_lseek, fd, 0, SEEK_END), 11, "the file is unchanged");
    sc1(SYS_close, fd);
    sc2(SYS_munmap, low, PAGE);
}

/* The positional calls check the position before they look up the descriptor. */
static void test_position_checked_first(void)
{
    char buf[4];
    struct iovec iov = {buf, sizeof(buf)};
    CHECK_RET(sc4(SYS_pread64, -1, buf, 1, -1), -EINVAL, "pread64 with fd -1 and position -1");
    CHECK_RET(sc4(SYS_pwrite64, -1, buf, 1, -1), -EINVAL, "pwrite64 with fd -1 and position -1");
    CHECK_RET(sc5(SYS_preadv, -1, &iov, 1, -1, 0), -EINVAL, "preadv with fd -1 and position -1");
    CHECK_RET(sc5(SYS_pwritev, -1, &iov, 1, -1, 0), -EINVAL, "pwritev with fd -1 and position -1");
    CHECK_RET(sc5(SYS_preadv, -1, &iov, 0, -1, 0), -EINVAL, "preadv with no buffers at position -1");
}

/* Transferring nothing: a read() still reaches the directory and fails, but readv() with only
 * empty buffers returns before it does. The access mode is checked before either. */
static void test_empty_transfers(void)
{
    char buf[4];
    struct iovec empty[2] = {{buf, 0}, {NULL, 0}};
    long dir = open_path("/data", O_RDONLY | O_DIRECTORY);
    CHECK_RET(sc3(SYS_readv, dir, empty, 2), 0, "readv of only empty buffers from a directory");
    CHECK_RET(sc3(SYS_read, dir, buf, 0), -EISDIR, "read of 0 bytes from a directory");
    CHECK_RET(sc3(SYS_writev, dir, empty, 2), -EBADF, "writev of only empty buffers to an O_RDONLY directory");
    sc1(SYS_close, dir);
    long wronly = sc3(SYS_open, SCRATCH, O_WRONLY | O_CREAT, 0644);
    CHECK_RET(sc3(SYS_readv, wronly, empty, 2), -EBADF, "readv of only empty buffers from an O_WRONLY fd");
    sc1(SYS_close, wronly);
}

static void test_flags_trunc_append(void)
{
    char buf[32];
    long fd = scratch_with("some text");
    sc1(SYS_close, fd);
    fd = open_path(SCRATCH, O_RDWR | O_TRUNC);
    CHECK_RET(sc3(SYS_lseek, fd, 0, SEEK_END), 0, "O_TRUNC empties the file");
    sc1(SYS_close, fd);
    fd = scratch_with("start");
    sc1(SYS_close, fd);
    fd = open_path(SCRATCH, O_WRONLY | O_APPEND);
    sc3(SYS_lseek, fd, 0, SEEK_SET);
    CHECK_RET(sc3(SYS_write, fd, "+end", 4), 4, "write on an O_APPEND fd");
    CHECK_RET(sc3(SYS_lseek, fd, 0, SEEK_CUR), 9, "the offset is the new end of file");
    scratch_contents(buf, sizeof(buf));
    CHECK(strcmp(buf, "start+end") == 0, "O_APPEND writes at the end despite lseek (got \"%s\")", buf);
    sc1(SYS_close, fd);
}

static void test_lseek(void)
{
    char c = 0;
    long fd = open_path("/data/hello.txt", O_RDONLY);
    CHECK_RET(sc3(SYS_lseek, fd, 5, SEEK_SET), 5, "lseek SEEK_SET 5");
    CHECK_RET(sc3(SYS_lseek, fd, 2, SEEK_CUR), 7, "lseek SEEK_CUR +2");
    CHECK_RET(sc3(SYS_read, fd, &c, 1), 1, "read after lseek");
    CHECK(c == 'w', "it reads at the new offset (got '%c')", c);
    CHECK_RET(sc3(SYS_lseek, fd, -3, SEEK_CUR), 5, "lseek SEEK_CUR -3");
    CHECK_RET(sc3(SYS_lseek, fd, 0, SEEK_END), HELLO_LEN, "lseek SEEK_END 0 gives the size");
    CHECK_RET(sc3(SYS_lseek, fd, -4, SEEK_END), HELLO_LEN - 4, "lseek SEEK_END -4");
    CHECK_RET(sc3(SYS_lseek, fd, 1000, SEEK_SET), 1000, "lseek beyond the end is allowed");
    CHECK_RET(sc3(SYS_read, fd, &c, 1), 0, "read there returns 0");
    CHECK_RET(sc3(SYS_lseek, fd, -1, SEEK_SET), -EINVAL, "lseek to -1");
    CHECK_RET(sc3(SYS_lseek, fd, -2000, SEEK_CUR), -EINVAL, "lseek SEEK_CUR before the start");
    CHECK_RET(sc3(SYS_lseek, fd, -100, SEEK_END), -EINVAL, "lseek SEEK_END before the start");
    CHECK_RET(sc3(SYS_lseek, fd, 0, 99), -EINVAL, "lseek with whence 99");
    CHECK_RET(sc3(SYS_lseek, fd, 0, SEEK_CUR), 1000, "failed lseeks leave the offset alone");
    CHECK_RET(sc3(SYS_lseek, 0, 0, SEEK_SET), -ESPIPE, "lseek on the console");
    CHECK_RET(sc3(SYS_lseek, 99, 0, SEEK_SET), -EBADF, "lseek on a closed fd");
    long null = open_path("/dev/null", O_RDWR);
    CHECK_RET(sc3(SYS_lseek, null, 123, SEEK_SET), 0, "lseek on /dev/null returns 0");
    sc1(SYS_close, null);
    long dir = open_path("/data", O_RDONLY);
    CHECK_RET(sc3(SYS_lseek, dir, 0, SEEK_SET), 0, "lseek on a directory to 0");
    CHECK_RET(sc3(SYS_lseek, dir, 0, SEEK_END), -EINVAL, "lseek on a directory with SEEK_END");
    sc1(SYS_close, dir);
    sc1(SYS_close, fd);
}

int main(void)
{
    test_open_success();
    test_open_errors();
    test_openat();
    test_close();
    test_read();
    test_write();
    test_readv();
    test_writev();
    test_pread_pwrite();
    test_offset_overflow();
    test_position_checked_first();
    test_empty_transfers();
    test_flags_trunc_append();
    test_lseek();
    return tap_done();
}
