/* In-VM tests of descriptor control: ioctl (terminal requests on the console, ENOTTY
 * elsewhere, the generic FIONREAD/FIGETBSZ/FIOQSIZE on files), fcntl (F_GETFD/F_SETFD/F_GETFL/
 * F_SETFL/F_DUPFD/F_DUPFD_CLOEXEC, F_GETOWN, F_GETPIPE_SZ, O_PATH descriptors), dup, dup2, dup3,
 * and how RLIMIT_NOFILE bounds descriptor numbers. */
#include "tap.h"
#include <fcntl.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/stat.h>

/* 64-bit Linux forces O_LARGEFILE on every open file, and F_GETFL shows it. */
#define LINUX_O_LARGEFILE 0100000
/* The kernel's struct termios (TCGETS) is 36 bytes; libc's is larger. */
#define KERNEL_TERMIOS_SIZE 36
#define FIGETBSZ 2       /* block size of the file's filesystem; not in musl's headers */

static long open_hello(void)
{
    return open_or_note("/data/hello.txt", O_RDONLY, 0);
}

static long inode_of(long fd)
{
    struct stat st;
    return sc2(SYS_fstat, fd, &st) == 0 ? (long)st.st_ino : -1;
}

static void test_ioctl(void)
{
    unsigned char termios[64];
    struct winsize ws;
    memset(termios, 0xee, sizeof(termios));
    CHECK_RET(sc3(SYS_ioctl, 0, TCGETS, termios), 0, "ioctl TCGETS on the console");
    CHECK(termios[KERNEL_TERMIOS_SIZE] == 0xee, "TCGETS writes only the kernel's 36-byte termios");
    CHECK_RET(sc3(SYS_ioctl, 1, TIOCGWINSZ, &ws), 0, "ioctl TIOCGWINSZ on the console");
    CHECK_RET(sc3(SYS_ioctl, 0, 0x12345678, termios), -ENOTTY, "an unknown ioctl on the console");
    long fd = open_hello();
    CHECK_RET(sc3(SYS_ioctl, fd, TCGETS, termios), -ENOTTY, "TCGETS on a regular file");
    CHECK_RET(sc3(SYS_ioctl, fd, TIOCGWINSZ, &ws), -ENOTTY, "TIOCGWINSZ on a regular file");
    long null = open_or_note("/dev/null", O_RDWR, 0);
    CHECK_RET(sc3(SYS_ioctl, null, TCGETS, termios), -ENOTTY, "TCGETS on /dev/null");
    sc1(SYS_close, null);
    CHECK_RET(sc3(SYS_ioctl, 99, TCGETS, termios), -EBADF, "ioctl on a closed fd");
    CHECK_RET(sc2(SYS_ioctl, fd, FIOCLEX), 0, "FIOCLEX works on any fd");
    CHECK_RET(sc2(SYS_fcntl, fd, F_GETFD), FD_CLOEXEC, "FIOCLEX set close-on-exec");
    CHECK_RET(sc2(SYS_ioctl, fd, FIONCLEX), 0, "FIONCLEX");
    CHECK_RET(sc2(SYS_fcntl, fd, F_GETFD), 0, "FIONCLEX cleared close-on-exec");
    sc1(SYS_close, fd);
    EFAULT_EACH(BP_WRITES, KERNEL_TERMIOS_SIZE, sc3(SYS_ioctl, 0, TCGETS, bp), "TCGETS into a bad buffer");
    EFAULT_EACH(BP_WRITES, sizeof(ws), sc3(SYS_ioctl, 0, TIOCGWINSZ, bp), "TIOCGWINSZ into a bad buffer");
}

/* Terminal settings change only when the whole new structure could be read: a bad pointer
 * (including one whose first half holds different settings) leaves them as they were. */
static void test_ioctl_set_bad_pointer(void)
{
    unsigned char before[KERNEL_TERMIOS_SIZE], after[KERNEL_TERMIOS_SIZE];
    struct winsize ws_before, ws_after;
    sc3(SYS_ioctl, 0, TCGETS, before);
    sc3(SYS_ioctl, 1, TIOCGWINSZ, &ws_before);
    EFAULT_EACH(BP_READS, KERNEL_TERMIOS_SIZE, sc3(SYS_ioctl, 0, TCSETS, bp), "TCSETS from a bad buffer");
    EFAULT_EACH(BP_READS, KERNEL_TERMIOS_SIZE, sc3(SYS_ioctl, 0, TCSETSW, bp), "TCSETSW from a bad buffer");
    EFAULT_EACH(BP_READS, KERNEL_TERMIOS_SIZE, sc3(SYS_ioctl, 0, TCSETSF, bp), "TCSETSF from a bad buffer");
    EFAULT_EACH(BP_READS, sizeof(struct winsize), sc3(SYS_ioctl, 1, TIOCSWINSZ, bp),
                "TIOCSWINSZ from a bad buffer");
    CHECK_RET(sc3(SYS_ioctl, 0, TCGETS, after), 0, "TCGETS after the failed sets");
    CHECK(memcmp(before, after, sizeof(before)) == 0, "the terminal settings are unchanged");
    CHECK_RET(sc3(SYS_ioctl, 1, TIOCGWINSZ, &ws_after), 0, "TIOCGWINSZ after the failed sets");
    CHECK(memcmp(&ws_before, &ws_after, sizeof(ws_before)) == 0, "the window size is unchanged");
}

/* The generic file ioctls work on a regular file. FIOQSIZE gives the bytes the file occupies
 * (st_blocks * 512), not its size; the file here is two whole pages long. */
static void test_ioctl_regular_file(void)
{
    static char two_pages[2 * 4096];
    int avail = -1, block = -1;
    long long bytes = -1;
    struct stat st;
    long fd = sc3(SYS_open, "/tmp/fdctl.pages", O_RDWR | O_CREAT | O_TRUNC, 0644);
    sc3(SYS_write, fd, two_pages, sizeof(two_pages));
    sc3(SYS_lseek, fd, 100, SEEK_SET);
    CHECK_RET(sc3(SYS_ioctl, fd, FIONREAD, &avail), 0, "FIONREAD on a regular file");
    CHECK(avail == 8192 - 100, "it gives the bytes left after the offset, 8092 (got %d)", avail);
    CHECK_RET(sc3(SYS_ioctl, fd, FIGETBSZ, &block), 0, "FIGETBSZ on a regular file");
    CHECK(block == 4096, "the block size is 4096 (got %d)", block);
    CHECK_RET(sc3(SYS_ioctl, fd, FIOQSIZE, &bytes), 0, "FIOQSIZE on a regular file");
    sc2(SYS_fstat, fd, &st);
    CHECK(bytes == (long long)st.st_blocks * 512 && bytes == 8192,
          "it gives the bytes occupied, st_blocks * 512, as a 64-bit value (got %lld)", bytes);
    sc3(SYS_lseek, fd, 10000, SEEK_SET);
    sc3(SYS_ioctl, fd, FIONREAD, &avail);
    CHECK(avail == 8192 - 10000, "past end of file FIONREAD goes negative, -1808 (got %d)", avail);
    EFAULT_EACH(BP_WRITES, sizeof(int), sc3(SYS_ioctl, fd, FIONREAD, bp), "FIONREAD into a bad pointer");
    EFAULT_EACH(BP_WRITES, sizeof(int), sc3(SYS_ioctl, fd, FIGETBSZ, bp), "FIGETBSZ into a bad pointer");
    EFAULT_EACH(BP_WRITES, sizeof(long long), sc3(SYS_ioctl, fd, FIOQSIZE, bp), "FIOQSIZE into a bad pointer");
    sc1(SYS_close, fd);

    long null = open_or_note("/dev/null", O_RDWR, 0);
    CHECK_RET(sc3(SYS_ioctl, null, FIONREAD, &avail), -ENOTTY, "FIONREAD on /dev/null");
    CHECK_RET(sc3(SYS_ioctl, null, FIOQSIZE, &bytes), -ENOTTY, "FIOQSIZE on /dev/null");
    block = -1;
    CHECK_RET(sc3(SYS_ioctl, null, FIGETBSZ, &block), 0, "FIGETBSZ on /dev/null");
    CHECK(block == 4096, "it gives the block size of the filesystem holding the node (got %d)", block);
    sc1(SYS_close, null);

    long lines = open_or_note("/data/lines.txt", O_RDONLY, 0);
    CHECK_RET(sc3(SYS_ioctl, lines, FIOQSIZE, &bytes), 0, "FIOQSIZE on a 10240-byte file");
    CHECK(bytes == 12288, "it counts whole pages held, 12288 (got %lld)", bytes);
    sc1(SYS_close, lines);
    long dir = open_or_note("/data", O_RDONLY, 0);
    CHECK_RET(sc3(SYS_ioctl, dir, FIOQSIZE, &bytes), 0, "FIOQSIZE on a directory");
    CHECK(bytes == 0, "a RAM directory occupies no blocks (got %lld)", bytes);
    sc1(SYS_close, dir);
}

/* A serial line has no window size until one is set: Linux reports 0 x 0. */
static void test_console_window(void)
{
    struct winsize ws = { 1, 1, 1, 1 };
    CHECK_RET(sc3(SYS_ioctl, 1, TIOCGWINSZ, &ws), 0, "TIOCGWINSZ on the serial console");
    CHECK(ws.ws_row == 0 && ws.ws_col == 0, "a serial console reports 0 x 0 (got %u x %u)",
          ws.ws_row, ws.ws_col);
}

static void test_fcntl_fd_flags(void)
{
    long fd = open_hello();
    CHECK_RET(sc2(SYS_fcntl, fd, F_GETFD), 0, "F_GETFD of a new fd is 0");
    CHECK_RET(sc3(SYS_fcntl, fd, F_SETFD, FD_CLOEXEC), 0, "F_SETFD FD_CLOEXEC");
    CHECK_RET(sc2(SYS_fcntl, fd, F_GETFD), FD_CLOEXEC, "F_GETFD shows FD_CLOEXEC");
    CHECK_RET(sc3(SYS_fcntl, fd, F_SETFD, 0xfe), 0, "F_SETFD with other bits only");
    CHECK_RET(sc2(SYS_fcntl, fd, F_GETFD), 0, "bits other than FD_CLOEXEC are ignored");
    long cloexec = sc3(SYS_open, "/data/hello.txt", O_RDONLY | O_CLOEXEC, 0);
    CHECK_RET(sc2(SYS_fcntl, cloexec, F_GETFD), FD_CLOEXEC, "open O_CLOEXEC sets FD_CLOEXEC");
    long dupped = sc1(SYS_dup, cloexec);
    CHECK_RET(sc2(SYS_fcntl, dupped, F_GETFD), 0, "dup does not copy FD_CLOEXEC");
    sc1(SYS_close, dupped);
    sc1(SYS_close, cloexec);
    CHECK_RET(sc2(SYS_fcntl, 99, F_GETFD), -EBADF, "F_GETFD on a closed fd");
    CHECK_RET(sc3(SYS_fcntl, 99, F_SETFD, 1), -EBADF, "F_SETFD on a closed fd");
    CHECK_RET(sc2(SYS_fcntl, fd, 9999), -EINVAL, "fcntl with unknown command 9999");
    sc1(SYS_close, fd);
}

static void test_fcntl_status_flags(void)
{
    long fd = open_hello();
    long fl = sc2(SYS_fcntl, fd, F_GETFL);
    CHECK((fl & O_ACCMODE) == O_RDONLY, "F_GETFL of an O_RDONLY fd has access mode O_RDONLY (got %#lo)", fl);
    CHECK(fl == (O_RDONLY | LINUX_O_LARGEFILE), "F_GETFL is O_RDONLY|O_LARGEFILE on 64-bit Linux (got %#lo)", fl);
    sc1(SYS_close, fd);
    fd = sc3(SYS_open, "/tmp/fdctl.tmp", O_RDWR | O_CREAT | O_APPEND, 0644);
    fl = sc2(SYS_fcntl, fd, F_GETFL);
    CHECK((fl & O_ACCMODE) == O_RDWR && (fl & O_APPEND), "F_GETFL shows O_RDWR|O_APPEND (got %#lo)", fl);
    CHECK(!(fl & (O_CREAT | O_TRUNC | O_EXCL)), "F_GETFL does not report creation flags (got %#lo)", fl);
    CHECK_RET(sc3(SYS_fcntl, fd, F_SETFL, O_NONBLOCK), 0, "F_SETFL O_NONBLOCK");
    fl = sc2(SYS_fcntl, fd, F_GETFL);
    CHECK((fl & O_NONBLOCK) && !(fl & O_APPEND), "F_SETFL replaced O_APPEND with O_NONBLOCK (got %#lo)", fl);
    CHECK_RET(sc3(SYS_fcntl, fd, F_SETFL, O_WRONLY | O_APPEND), 0, "F_SETFL with an access mode");
    fl = sc2(SYS_fcntl, fd, F_GETFL);
    CHECK((fl & O_ACCMODE) == O_RDWR && (fl & O_APPEND), "the access mode cannot change (got %#lo)", fl);
    long dupped = sc1(SYS_dup, fd);
    sc3(SYS_fcntl, dupped, F_SETFL, 0);
    CHECK(!(sc2(SYS_fcntl, fd, F_GETFL) & O_APPEND), "status flags are shared with a dup");
    sc1(SYS_close, dupped);
    sc1(SYS_close, fd);
    CHECK_RET(sc2(SYS_fcntl, 99, F_GETFL), -EBADF, "F_GETFL on a closed fd");
}

/* An O_PATH descriptor only names a file: its status flags cannot be set, and F_GETFL shows
 * O_PATH without the O_LARGEFILE other opens get. */
static void test_fcntl_o_path(void)
{
    long fd = sc3(SYS_open, "/data/hello.txt", O_PATH, 0);
    CHECK_RET(sc3(SYS_fcntl, fd, F_SETFL, O_APPEND), -EBADF, "F_SETFL on an O_PATH fd");
    CHECK_RET(sc2(SYS_fcntl, fd, F_GETFL), O_PATH, "F_GETFL of an O_PATH fd is O_PATH alone");
    sc1(SYS_close, fd);
}

/* Commands whose answer depends on the kind of file. */
static void test_fcntl_misc(void)
{
    long fd = sc3(SYS_open, "/tmp/fdctl.tmp", O_RDWR | O_CREAT, 0644);
    CHECK_RET(sc3(SYS_fcntl, fd, F_SETFL, O_DIRECT | O_APPEND), -EINVAL, "F_SETFL O_DIRECT|O_APPEND on a RAM file");
    CHECK(!(sc2(SYS_fcntl, fd, F_GETFL) & (O_DIRECT | O_APPEND)), "neither flag was set");
    CHECK_RET(sc2(SYS_fcntl, fd, F_GETOWN), 0, "F_GETOWN of a file nobody owns");
    CHECK_RET(sc2(SYS_fcntl, fd, F_GETPIPE_SZ), -EBADF, "F_GETPIPE_SZ on a regular file");
    sc1(SYS_close, fd);
}

static void test_fcntl_dupfd(void)
{
    long fd = open_hello();
    CHECK_RET(sc3(SYS_fcntl, fd, F_DUPFD, 10), 10, "F_DUPFD 10 gives 10");
    CHECK_RET(sc3(SYS_fcntl, fd, F_DUPFD, 10), 11, "F_DUPFD 10 again gives 11");
    CHECK_RET(sc2(SYS_fcntl, 10, F_GETFD), 0, "F_DUPFD clears FD_CLOEXEC");
    CHECK_RET(sc3(SYS_fcntl, fd, F_DUPFD_CLOEXEC, 20), 20, "F_DUPFD_CLOEXEC 20");
    CHECK_RET(sc2(SYS_fcntl, 20, F_GETFD), FD_CLOEXEC, "F_DUPFD_CLOEXEC sets FD_CLOEXEC");
    CHECK(inode_of(20) == inode_of(fd), "the duplicate refers to the same file");
    CHECK_RET(sc3(SYS_fcntl, fd, F_DUPFD, 0), fd + 1, "F_DUPFD 0 gives the lowest free fd");
    sc1(SYS_close, fd + 1);
    CHECK_RET(sc3(SYS_fcntl, fd, F_DUPFD, -1), -EINVAL, "F_DUPFD with a negative minimum");
    CHECK_RET(sc3(SYS_fcntl, fd, F_DUPFD, 1 << 20), -EINVAL, "F_DUPFD at or above RLIMIT_NOFILE");
    CHECK_RET(sc3(SYS_fcntl, 99, F_DUPFD, 0), -EBADF, "F_DUPFD of a closed fd");
    sc1(SYS_close, 10);
    sc1(SYS_close, 11);
    sc1(SYS_close, 20);
    sc1(SYS_close, fd);
}

static void test_dup(void)
{
    char c;
    long fd = open_hello();
    long copy = sc1(SYS_dup, fd);
    CHECK_RET(copy, fd + 1, "dup returns the lowest free fd");
    sc3(SYS_lseek, fd, 7, SEEK_SET);
    CHECK_RET(sc3(SYS_lseek, copy, 0, SEEK_CUR), 7, "a dup shares the file offset");
    sc3(SYS_read, copy, &c, 1);
    CHECK_RET(sc3(SYS_lseek, fd, 0, SEEK_CUR), 8, "reading one moves the other's offset");
    CHECK_RET(sc1(SYS_close, fd), 0, "close the original");
    CHECK_RET(sc3(SYS_read, copy, &c, 1), 1, "the dup still reads");
    CHECK_RET(sc1(SYS_dup, 99), -EBADF, "dup a closed fd");
    CHECK_RET(sc1(SYS_dup, -1), -EBADF, "dup fd -1");
    sc1(SYS_close, copy);
}

static void test_dup2_dup3(void)
{
    long fd = open_hello();
    long other = open_or_note("/data/lines.txt", O_RDONLY, 0);
    CHECK_RET(sc2(SYS_dup2, fd, 50), 50, "dup2 onto a free fd");
    CHECK(inode_of(50) == inode_of(fd), "fd 50 refers to the file");
    CHECK_RET(sc2(SYS_dup2, fd, other), other, "dup2 onto an open fd");
    CHECK(inode_of(other) == inode_of(fd), "the old file behind it was replaced");
    CHECK_RET(sc2(SYS_dup2, fd, fd), fd, "dup2 of an fd onto itself returns it");
    CHECK_RET(sc2(SYS_dup2, 99, 99), -EBADF, "dup2 of a closed fd onto itself");
    CHECK_RET(sc2(SYS_dup2, 99, 51), -EBADF, "dup2 of a closed fd");
    CHECK_RET(sc2(SYS_dup2, fd, -1), -EBADF, "dup2 onto fd -1");
    CHECK_RET(sc2(SYS_dup2, fd, 1 << 20), -EBADF, "dup2 onto an fd above RLIMIT_NOFILE");
    sc3(SYS_fcntl, 50, F_SETFD, FD_CLOEXEC);
    CHECK_RET(sc2(SYS_dup2, fd, 50), 50, "dup2 onto a close-on-exec fd");
    CHECK_RET(sc2(SYS_fcntl, 50, F_GETFD), 0, "dup2 leaves the new fd without FD_CLOEXEC");
    CHECK_RET(sc3(SYS_dup3, fd, 60, O_CLOEXEC), 60, "dup3 with O_CLOEXEC");
    CHECK_RET(sc2(SYS_fcntl, 60, F_GETFD), FD_CLOEXEC, "dup3 O_CLOEXEC sets FD_CLOEXEC");
    CHECK_RET(sc3(SYS_dup3, fd, 60, 0), 60, "dup3 onto the same target without flags");
    CHECK_RET(sc2(SYS_fcntl, 60, F_GETFD), 0, "FD_CLOEXEC is cleared");
    CHECK_RET(sc3(SYS_dup3, fd, fd, 0), -EINVAL, "dup3 of an fd onto itself");
    CHECK_RET(sc3(SYS_dup3, fd, 61, O_NONBLOCK), -EINVAL, "dup3 with a flag other than O_CLOEXEC");
    CHECK_RET(sc3(SYS_dup3, 99, 61, 0), -EBADF, "dup3 of a closed fd");
    CHECK_RET(sc3(SYS_dup3, fd, -1, 0), -EBADF, "dup3 onto fd -1");
    sc1(SYS_close, 50);
    sc1(SYS_close, 60);
    sc1(SYS_close, other);
    sc1(SYS_close, fd);
}

/* Lowering RLIMIT_NOFILE to 16 caps descriptor numbers at 15. */
static void test_nofile_limit(void)
{
    struct rlimit old, low;
    sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old);
    low = (struct rlimit){16, old.rlim_max};
    CHECK_RET(sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, &low, NULL), 0, "lower RLIMIT_NOFILE to 16");
    long fd = open_hello(), last = fd, n;
    while ((n = sc1(SYS_dup, fd)) >= 0)
        last = n;
    CHECK_RET(n, -EMFILE, "dup fails once every fd below the limit is used");
    CHECK_RET(last, 15, "the highest fd handed out is 15");
    CHECK_RET(sc3(SYS_open, "/data/hello.txt", O_RDONLY, 0), -EMFILE, "open fails with EMFILE too");
    CHECK_RET(sc3(SYS_fcntl, fd, F_DUPFD, 0), -EMFILE, "F_DUPFD fails with EMFILE");
    CHECK_RET(sc3(SYS_fcntl, fd, F_DUPFD, 16), -EINVAL, "F_DUPFD at the limit is EINVAL");
    CHECK_RET(sc2(SYS_dup2, fd, 16), -EBADF, "dup2 onto the limit is EBADF");
    for (long i = fd; i <= last; i++)
        sc1(SYS_close, i);
    CHECK_RET(sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, &old, NULL), 0, "restore RLIMIT_NOFILE");
}

int main(void)
{
    test_ioctl();
    test_ioctl_set_bad_pointer();
    test_ioctl_regular_file();
    test_console_window();
    test_fcntl_fd_flags();
    test_fcntl_status_flags();
    test_fcntl_o_path();
    test_fcntl_misc();
    test_fcntl_dupfd();
    test_dup();
    test_dup2_dup3();
    test_nofile_limit();
    return tap_done();
}
