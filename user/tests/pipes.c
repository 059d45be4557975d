/* In-VM tests of pipes, named FIFOs and the poll family: pipe/pipe2 and their errors, reads and
 * writes that block and wake between processes, end of file, EPIPE and death by SIGPIPE,
 * PIPE_BUF atomicity with several writers, O_NONBLOCK, packet mode, FIONREAD and the pipe
 * fcntls, 10 MB through a pipeline of processes, FIFO opens that wait for the other end, and
 * poll/ppoll/select/pselect6 with their timeouts and errors. The program runs as init.
 *
 * The FIFOs /fifos/a and /fifos/b come from the initramfs (user/tests/initramfs.list). Signal
 * handlers are not used: a signal's default action (death, or stop and continue) is enough to
 * see interrupted calls end or restart. */
#include "tap.h"
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <sys/resource.h>
#include <sys/select.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>

/* NULL is a valid "none" for timeouts, masks and fd sets, so those skip it. */
#define BP_READS_NOT_NULL  (BP_READS & ~BP_MASK(BP_NULL))
#define BP_WRITES_NOT_NULL (BP_WRITES & ~BP_MASK(BP_NULL))

#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031
#define F_GETPIPE_SZ 1032
#endif

static long now_ns(void)
{
    struct timespec ts;
    sc2(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
    return ts.tv_sec * 1000000000L + ts.tv_nsec;
}

static void sleep_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };
    sc2(SYS_nanosleep, &ts, NULL);
}

/* A child that runs fn and exits with what it returns. */
static int spawn(int (*fn)(void *), void *arg)
{
    long pid = sc0(SYS_fork);
    if (pid == 0)
        syscall(SYS_exit_group, fn(arg));
    return (int)pid;
}

static int wait_for(int pid)
{
    int st = -1;
    if (sc4(SYS_wait4, pid, &st, 0, NULL) != pid)
        return -1;
    return st;
}

static int make_pipe(int fds[2], int flags)
{
    long r = sc2(SYS_pipe2, fds, flags);
    if (r < 0)
        tap_print("# pipe2 failed: %ld", r);
    return (int)r;
}

static void close_pair(int fds[2])
{
    sc1(SYS_close, fds[0]);
    sc1(SYS_close, fds[1]);
}

static long write_all(int fd, const void *buf, long len)
{
    long done = 0;
    while (done < len) {
        long n = sc3(SYS_write, fd, (const char *)buf + done, len - done);
        if (n <= 0)
            return done ? done : n;
        done += n;
    }
    return done;
}

/* ---- creation ---- */

static void test_pipe_create(void)
{
    int fds[2] = { -1, -1 }, again[2];
    CHECK_RET(sc1(SYS_pipe, fds), 0, "pipe");
    CHECK(fds[0] >= 3 && fds[1] == fds[0] + 1, "pipe gives the two lowest free fds (%d, %d)", fds[0], fds[1]);
    CHECK_RET(sc2(SYS_fcntl, fds[0], F_GETFL), O_RDONLY, "the read end is O_RDONLY");
    CHECK_RET(sc2(SYS_fcntl, fds[1], F_GETFL), O_WRONLY, "the write end is O_WRONLY");
    CHECK_RET(sc2(SYS_fcntl, fds[0], F_GETFD), 0, "pipe: not close-on-exec");
    close_pair(fds);
    CHECK_RET(sc2(SYS_pipe2, fds, O_CLOEXEC | O_NONBLOCK), 0, "pipe2(O_CLOEXEC | O_NONBLOCK)");
    CHECK_RET(sc2(SYS_fcntl, fds[1], F_GETFD), FD_CLOEXEC, "pipe2 O_CLOEXEC sets FD_CLOEXEC");
    CHECK_RET(sc2(SYS_fcntl, fds[0], F_GETFL), O_RDONLY | O_NONBLOCK, "pipe2 O_NONBLOCK is a status flag");
    close_pair(fds);
    CHECK_RET(sc2(SYS_pipe2, fds, O_TRUNC), -EINVAL, "pipe2 with O_TRUNC: EINVAL");
    CHECK_RET(sc2(SYS_pipe2, fds, 1), -EINVAL, "pipe2 with an access mode: EINVAL");
    CHECK_RET(sc2(SYS_pipe2, fds, 0x80000000), -EINVAL, "pipe2 with the top bit: EINVAL");
    EFAULT_EACH(BP_WRITES, 8, sc1(SYS_pipe, bp), "pipe into a bad array");
    EFAULT_EACH(BP_WRITES, 8, sc2(SYS_pipe2, bp, 0), "pipe2 into a bad array");
    CHECK_RET(sc2(SYS_pipe2, again, 0), 0, "pipe2 after the faults");
    CHECK(again[0] == fds[0] && again[1] == fds[1], "a failed pipe leaves no descriptor behind (%d, %d)",
          again[0], again[1]);
    close_pair(again);
}

static void test_pipe_emfile(void)
{
    struct rlimit old, low;
    int fds[2];
    sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &old);
    long next = sc1(SYS_dup, 0);
    sc1(SYS_close, next);
    low = (struct rlimit){ (rlim_t)next + 1, old.rlim_max };
    sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, &low, NULL);
    CHECK_RET(sc2(SYS_pipe2, fds, 0), -EMFILE, "pipe2 with room for one fd only: EMFILE");
    CHECK_RET(sc2(SYS_fcntl, next, F_GETFD), -EBADF, "and the one free fd stays free");
    sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, &old, NULL);
}

static void test_pipe_file_ops(void)
{
    int fds[2];
    char buf[16];
    struct stat st, st2;
    if (make_pipe(fds, 0))
        return;
    CHECK_RET(sc3(SYS_write, fds[1], "hello", 5), 5, "write 5 bytes");
    CHECK_RET(sc3(SYS_read, fds[0], buf, sizeof(buf)), 5, "read returns what is there");
    CHECK(memcmp(buf, "hello", 5) == 0, "the same bytes");
    CHECK_RET(sc3(SYS_read, fds[1], buf, 1), -EBADF, "read from the write end: EBADF");
    CHECK_RET(sc3(SYS_write, fds[0], "x", 1), -EBADF, "write to the read end: EBADF");
    CHECK_RET(sc3(SYS_lseek, fds[0], 0, SEEK_CUR), -ESPIPE, "lseek on a pipe: ESPIPE");
    CHECK_RET(sc4(SYS_pread64, fds[0], buf, 1, 0), -ESPIPE, "pread on a pipe: ESPIPE");
    CHECK_RET(sc4(SYS_pwrite64, fds[1], "x", 1, 0), -ESPIPE, "pwrite on a pipe: ESPIPE");
    CHECK_RET(sc3(SYS_read, fds[0], buf, 0), 0, "read of 0 bytes from an empty pipe returns 0");
    CHECK_RET(sc3(SYS_write, fds[1], buf, 0), 0, "write of 0 bytes returns 0");
    CHECK_RET(sc2(SYS_fstat, fds[0], &st), 0, "fstat the read end");
    CHECK(S_ISFIFO(st.st_mode) && (st.st_mode & 07777) == 0600, "a FIFO with mode 0600 (0%o)", st.st_mode);
    CHECK(st.st_nlink == 1 && st.st_size == 0 && st.st_blksize == 4096,
          "nlink 1, size 0, blksize 4096 (%ld, %ld, %ld)", (long)st.st_nlink, (long)st.st_size,
          (long)st.st_blksize);
    sc2(SYS_fstat, fds[1], &st2);
    CHECK(st.st_ino == st2.st_ino && st.st_dev == st2.st_dev, "both ends are one inode");
    EFAULT_EACH(BP_WRITES, sizeof(st), sc2(SYS_fstat, fds[0], bp), "fstat a pipe into a bad buffer");
    int n = -1;
    sc3(SYS_write, fds[1], "abcdefgh", 8);
    CHECK_RET(sc3(SYS_ioctl, fds[0], FIONREAD, &n), 0, "FIONREAD on the read end");
    CHECK(n == 8, "counts the 8 unread bytes (%d)", n);
    CHECK_RET(sc3(SYS_ioctl, fds[1], FIONREAD, &n), 0, "FIONREAD on the write end");
    CHECK(n == 8, "counts them too (%d)", n);
    EFAULT_EACH(BP_WRITES, sizeof(int), sc3(SYS_ioctl, fds[0], FIONREAD, bp), "FIONREAD into a bad int");
    CHECK_RET(sc3(SYS_ioctl, fds[0], TCGETS, buf), -ENOTTY, "TCGETS on a pipe: ENOTTY");
    EFAULT_EACH(BP_WRITES, 8, sc3(SYS_read, fds[0], bp, 8), "read from a pipe into a bad buffer");
    CHECK_RET(sc3(SYS_ioctl, fds[0], FIONREAD, &n), 0, "FIONREAD after the faults");
    CHECK(n == 8, "a faulting read consumes nothing (%d)", n);
    EFAULT_EACH(BP_READS, 8, sc3(SYS_write, fds[1], bp, 8), "write to a pipe from a bad buffer");
    sc3(SYS_ioctl, fds[0], FIONREAD, &n);
    CHECK(n == 8, "a faulting write adds nothing (%d)", n);
    close_pair(fds);
}

static void test_pipe_size(void)
{
    int fds[2];
    static char page[4096];
    if (make_pipe(fds, O_NONBLOCK))
        return;
    CHECK_RET(sc2(SYS_fcntl, fds[0], F_GETPIPE_SZ), 65536, "F_GETPIPE_SZ: 64 KiB by default");
    CHECK_RET(sc3(SYS_fcntl, fds[1], F_SETPIPE_SZ, 0), 4096, "F_SETPIPE_SZ 0: one page");
    CHECK_RET(sc3(SYS_fcntl, fds[1], F_SETPIPE_SZ, 5000), 8192, "F_SETPIPE_SZ 5000: rounded to 8192");
    CHECK_RET(sc2(SYS_fcntl, fds[0], F_GETPIPE_SZ), 8192, "F_GETPIPE_SZ sees it from the other end");
    CHECK_RET(sc3(SYS_write, fds[1], page, 4096), 4096, "write a page");
    CHECK_RET(sc3(SYS_write, fds[1], page, 4096), 4096, "write a second page");
    CHECK_RET(sc3(SYS_write, fds[1], page, 1), -EAGAIN, "an 8 KiB pipe is then full");
    CHECK_RET(sc3(SYS_fcntl, fds[1], F_SETPIPE_SZ, 4096), -EBUSY, "shrinking below the data: EBUSY");
    CHECK_RET(sc3(SYS_fcntl, fds[1], F_SETPIPE_SZ, 1 << 20), 1 << 20, "F_SETPIPE_SZ 1 MiB");
    CHECK_RET(sc3(SYS_write, fds[1], page, 4096), 4096, "there is room again");
    char buf[4096];
    CHECK_RET(sc3(SYS_read, fds[0], buf, 4096), 4096, "the data survived the resize");
    CHECK_RET(sc3(SYS_fcntl, fds[1], F_SETPIPE_SZ, (1UL << 31) + 1), -EINVAL, "F_SETPIPE_SZ above 2 GiB: EINVAL");
    long file = open_or_note("/data/hello.txt", O_RDONLY, 0);
    CHECK_RET(sc2(SYS_fcntl, file, F_GETPIPE_SZ), -EBADF, "F_GETPIPE_SZ on a regular file: EBADF");
    sc1(SYS_close, file);
    close_pair(fds);
}

/* ---- end of file, non-blocking, packets ---- */

static void test_eof_and_nonblock(void)
{
    int fds[2];
    static char big[100000];
    char buf[8];
    if (make_pipe(fds, O_NONBLOCK))
        return;
    CHECK_RET(sc3(SYS_read, fds[0], buf, 1), -EAGAIN, "O_NONBLOCK read of an empty pipe: EAGAIN");
    int pages = 0;
    while (sc3(SYS_write, fds[1], big, 4096) == 4096 && pages < 100)
        pages++;
    CHECK(pages == 16, "16 pages fit (%d)", pages);
    CHECK_RET(sc3(SYS_write, fds[1], big, 1), -EAGAIN, "O_NONBLOCK write to a full pipe: EAGAIN");
    while (sc3(SYS_read, fds[0], big, sizeof(big)) > 0)
        ;
    CHECK_RET(sc3(SYS_write, fds[1], big, sizeof(big)), 65536, "a big O_NONBLOCK write writes what fits");
    while (sc3(SYS_read, fds[0], big, sizeof(big)) > 0)
        ;
    sc3(SYS_write, fds[1], "ab", 2);
    sc1(SYS_close, fds[1]);
    CHECK_RET(sc3(SYS_read, fds[0], buf, 8), 2, "data written before the close is still read");
    CHECK_RET(sc3(SYS_read, fds[0], buf, 8), 0, "then end of file (before EAGAIN)");
    sc1(SYS_close, fds[0]);
    if (make_pipe(fds, 0))
        return;
    int on = 1;
    CHECK_RET(sc3(SYS_ioctl, fds[0], FIONBIO, &on), 0, "FIONBIO on the read end");
    CHECK_RET(sc3(SYS_read, fds[0], buf, 1), -EAGAIN, "then reads do not block");
    close_pair(fds);
}

static void test_packet_mode(void)
{
    int fds[2];
    char buf[16] = { 0 };
    if (make_pipe(fds, O_DIRECT | O_NONBLOCK))
        return;
    CHECK(sc2(SYS_fcntl, fds[1], F_GETFL) & O_DIRECT, "pipe2 O_DIRECT shows in F_GETFL");
    sc3(SYS_write, fds[1], "abc", 3);
    sc3(SYS_write, fds[1], "defg", 4);
    CHECK_RET(sc3(SYS_read, fds[0], buf, sizeof(buf)), 3, "packet mode: a read returns one message");
    CHECK_RET(sc3(SYS_read, fds[0], buf, 2), 2, "a short read takes part of the next");
    CHECK(memcmp(buf, "de", 2) == 0, "its first bytes");
    CHECK_RET(sc3(SYS_read, fds[0], buf, 2), -EAGAIN, "and the rest of that message is gone");
    close_pair(fds);
    if (make_pipe(fds, O_NONBLOCK))
        return;
    CHECK_RET(sc3(SYS_fcntl, fds[1], F_SETFL, O_DIRECT | O_NONBLOCK), 0, "F_SETFL O_DIRECT on a pipe");
    sc3(SYS_write, fds[1], "xy", 2);
    sc3(SYS_write, fds[1], "z", 1);
    CHECK_RET(sc3(SYS_read, fds[0], buf, sizeof(buf)), 2, "turns on packet mode");
    close_pair(fds);
}

/* ---- EPIPE and SIGPIPE ---- */

static int write_to_closed_reader(void *arg)
{
    int *fds = arg;
    if (sc3(SYS_write, fds[1], "", 0) != 0)
        return 3;                   /* a write of nothing: no error, no signal */
    sc3(SYS_write, fds[1], "x", 1);
    return 2;                       /* not reached: SIGPIPE kills */
}

static int write_blocked_then_reader_goes(void *arg)
{
    int *fds = arg;
    static char big[200000];
    sc1(SYS_close, fds[0]);
    return sc3(SYS_write, fds[1], big, sizeof(big)) > 0 ? 4 : 5;
}

static void test_epipe(void)
{
    int fds[2];
    if (make_pipe(fds, 0))
        return;
    sc1(SYS_close, fds[0]);
    int pid = spawn(write_to_closed_reader, fds);
    int st = wait_for(pid);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
          "a write with no reader left is killed by SIGPIPE (status 0x%x)", st);
    sc1(SYS_close, fds[1]);
    if (make_pipe(fds, 0))
        return;
    pid = spawn(write_blocked_then_reader_goes, fds);
    sc1(SYS_close, fds[1]);
    char buf[1000];
    sleep_ms(50);
    CHECK_RET(sc3(SYS_read, fds[0], buf, sizeof(buf)), 1000, "the reader takes some of a big write");
    sc1(SYS_close, fds[0]);
    st = wait_for(pid);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGPIPE,
          "a writer blocked on a full pipe gets SIGPIPE when the reader closes (0x%x)", st);
}

/* ---- blocking between processes ---- */

static int write_after_delay(void *arg)
{
    int fd = (int)(long)arg;
    sleep_ms(50);
    return sc3(SYS_write, fd, "later", 5) == 5 ? 0 : 1;
}

static int read_one_and_report(void *arg)
{
    int fd = (int)(long)arg;
    char c = 0;
    long n = sc3(SYS_read, fd, &c, 1);
    return n == 1 ? c : 100 + (int)-n;
}

static int close_writer_then_read(void *arg)
{
    int *fds = arg;
    sc1(SYS_close, fds[1]);
    return read_one_and_report((void *)(long)fds[0]);
}

static void test_blocking(void)
{
    int fds[2];
    char buf[16];
    if (make_pipe(fds, 0))
        return;
    long t0 = now_ns();
    int pid = spawn(write_after_delay, (void *)(long)fds[1]);
    CHECK_RET(sc3(SYS_read, fds[0], buf, sizeof(buf)), 5, "a read blocks until another process writes");
    CHECK(now_ns() - t0 >= 40000000L, "it waited for the writer");
    CHECK(WIFEXITED(wait_for(pid)), "the writer exits");
    pid = spawn(read_one_and_report, (void *)(long)fds[0]);
    sleep_ms(20);
    sc3(SYS_write, fds[1], "Q", 1);
    int st = wait_for(pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 'Q', "a blocked reader in another process wakes (0x%x)", st);
    /* The last writer closing wakes a blocked reader with end of file. */
    pid = spawn(close_writer_then_read, fds);
    sleep_ms(20);
    sc1(SYS_close, fds[1]);
    st = wait_for(pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 100, "closing the last writer ends a blocked read with 0 (0x%x)", st);
    sc1(SYS_close, fds[0]);
}

static int fill_then_finish(void *arg)
{
    int fd = (int)(long)arg;
    static char big[200000];
    memset(big, 'w', sizeof(big));
    return write_all(fd, big, sizeof(big)) == sizeof(big) ? 0 : 1;
}

static void test_blocked_writer(void)
{
    int fds[2];
    static char buf[65536];
    if (make_pipe(fds, 0))
        return;
    int pid = spawn(fill_then_finish, (void *)(long)fds[1]);
    sleep_ms(50);
    int n = 0;
    sc3(SYS_ioctl, fds[0], FIONREAD, &n);
    CHECK(n == 65536, "a writer of 200000 bytes filled the pipe and waits (%d)", n);
    long total = 0, r;
    while (total < 200000 && (r = sc3(SYS_read, fds[0], buf, sizeof(buf))) > 0)
        total += r;
    CHECK(total == 200000, "reading lets it write the rest (%ld)", total);
    int st = wait_for(pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the writer's write returned the whole count");
    close_pair(fds);
}

/* A reader stopped and continued while blocked restarts its read (no handler ran). */
static void test_stop_continue_restart(void)
{
    int fds[2];
    if (make_pipe(fds, 0))
        return;
    int pid = spawn(read_one_and_report, (void *)(long)fds[0]);
    sleep_ms(20);
    sc2(SYS_kill, pid, SIGSTOP);
    sleep_ms(20);
    sc2(SYS_kill, pid, SIGCONT);
    sleep_ms(20);
    sc3(SYS_write, fds[1], "R", 1);
    int st = wait_for(pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 'R', "a read stopped and continued is restarted (0x%x)", st);
    pid = spawn(read_one_and_report, (void *)(long)fds[0]);
    sleep_ms(20);
    sc2(SYS_kill, pid, SIGTERM);
    st = wait_for(pid);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "SIGTERM ends a blocked read (0x%x)", st);
    close_pair(fds);
}

/* ---- PIPE_BUF atomicity ---- */

#define REC_SIZE 1000
#define RECS_PER_WRITER 300
#define WRITERS 4

static int write_records(void *arg)
{
    int fd = (int)((long)arg >> 8), id = (int)((long)arg & 0xff);
    char rec[REC_SIZE];
    memset(rec, 'A' + id, sizeof(rec));
    for (int i = 0; i < RECS_PER_WRITER; i++)
        if (sc3(SYS_write, fd, rec, REC_SIZE) != REC_SIZE)
            return 1;
    return 0;
}

static void test_atomic_writes(void)
{
    int fds[2];
    static char stream[REC_SIZE * RECS_PER_WRITER * WRITERS];
    if (make_pipe(fds, 0))
        return;
    int pids[WRITERS];
    for (int i = 0; i < WRITERS; i++)
        pids[i] = spawn(write_records, (void *)(((long)fds[1] << 8) | i));
    sc1(SYS_close, fds[1]);
    long total = 0, n;
    while ((n = sc3(SYS_read, fds[0], stream + total, 777 + total % 5000)) > 0)
        total += n;
    CHECK(total == (long)sizeof(stream), "every record arrives (%ld bytes)", total);
    int torn = 0, counts[WRITERS] = { 0 };
    for (long r = 0; r + REC_SIZE <= total; r += REC_SIZE) {
        char c = stream[r];
        for (int i = 1; i < REC_SIZE; i++)
            if (stream[r + i] != c)
                torn++;
        if (c >= 'A' && c < 'A' + WRITERS)
            counts[c - 'A']++;
    }
    CHECK(torn == 0, "writes of %d bytes from %d writers never interleave (%d torn)", REC_SIZE, WRITERS, torn);
    CHECK(counts[0] == RECS_PER_WRITER && counts[3] == RECS_PER_WRITER, "each writer's records are all there");
    int ok = 1;
    for (int i = 0; i < WRITERS; i++) {
        int st = wait_for(pids[i]);
        ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    CHECK(ok, "every writer's write returned its whole count");
    sc1(SYS_close, fds[0]);
}

/* ---- 10 MB through a pipeline ---- */

#define STREAM_BYTES (10L * 1024 * 1024)

static unsigned long long prng_state;
static unsigned char prng_byte(void)
{
    prng_state = prng_state * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned char)(prng_state >> 56);
}

static int copy_stage(void *arg)
{
    long chunk = (long)arg;
    static char buf[70000];
    long n;
    while ((n = sc3(SYS_read, 0, buf, chunk)) > 0)
        if (write_all(1, buf, n) != n)
            return 1;
    return n == 0 ? 0 : 2;
}

static int check_stage(void *arg)
{
    (void)arg;
    static unsigned char buf[65536];
    long total = 0, n;
    prng_state = 12345;
    unsigned long long sum = 0;
    while ((n = sc3(SYS_read, 0, buf, sizeof(buf))) > 0) {
        for (long i = 0; i < n; i++) {
            if (buf[i] != prng_byte())
                return 1;
            sum = sum * 31 + buf[i];
        }
        total += n;
    }
    return n == 0 && total == STREAM_BYTES && sum != 0 ? 0 : 3;
}

/* Starts fn with stdin and stdout replaced by in and out; closes everything else it got. */
static int spawn_stage(int (*fn)(void *), void *arg, int in, int out, int *all, int nall)
{
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        sc2(SYS_dup2, in, 0);
        sc2(SYS_dup2, out, 1);
        for (int i = 0; i < nall; i++)
            sc1(SYS_close, all[i]);
        syscall(SYS_exit_group, fn(arg));
    }
    return (int)pid;
}

static void test_pipeline(void)
{
    int fds[5][2], all[10];
    for (int i = 0; i < 5; i++) {
        if (make_pipe(fds[i], 0))
            return;
        all[2 * i] = fds[i][0];
        all[2 * i + 1] = fds[i][1];
    }
    long chunks[4] = { 4096, 1000, 65536, 777 };
    int pids[5];
    long devnull = open_or_note("/dev/null", O_WRONLY, 0);
    for (int i = 0; i < 4; i++)
        pids[i] = spawn_stage(copy_stage, (void *)chunks[i], fds[i][0], fds[i + 1][1], all, 10);
    pids[4] = spawn_stage(check_stage, NULL, fds[4][0], (int)devnull, all, 10);
    for (int i = 0; i < 5; i++) {
        sc1(SYS_close, fds[i][0]);
        if (i > 0)
            sc1(SYS_close, fds[i][1]);
    }
    sc1(SYS_close, devnull);
    static unsigned char buf[3000];
    prng_state = 12345;
    long sent = 0;
    while (sent < STREAM_BYTES) {
        long n = STREAM_BYTES - sent < (long)sizeof(buf) ? STREAM_BYTES - sent : (long)sizeof(buf);
        for (long i = 0; i < n; i++)
            buf[i] = prng_byte();
        if (write_all(fds[0][1], buf, n) != n)
            break;
        sent += n;
    }
    sc1(SYS_close, fds[0][1]);
    CHECK(sent == STREAM_BYTES, "the parent wrote 10 MB into the pipeline (%ld)", sent);
    int ok = 1;
    for (int i = 0; i < 4; i++) {
        int st = wait_for(pids[i]);
        ok &= WIFEXITED(st) && WEXITSTATUS(st) == 0;
    }
    CHECK(ok, "four copying stages saw end of file and wrote everything");
    int st = wait_for(pids[4]);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the last stage got exactly the 10 MB sent (status 0x%x)", st);
}

/* ---- named FIFOs ---- */

static int open_fifo_writer(void *arg)
{
    long fd = sc3(SYS_open, (const char *)arg, O_WRONLY, 0);
    if (fd < 0)
        return 10;
    return sc3(SYS_write, fd, "F", 1) == 1 ? 0 : 11;
}

static void test_fifo(void)
{
    char buf[8];
    struct stat st;
    CHECK_RET(sc3(SYS_open, "/fifos/a", O_WRONLY | O_NONBLOCK, 0), -ENXIO,
              "open a FIFO O_WRONLY|O_NONBLOCK without a reader: ENXIO");
    long rd = sc3(SYS_open, "/fifos/a", O_RDONLY | O_NONBLOCK, 0);
    CHECK(rd >= 0, "open a FIFO O_RDONLY|O_NONBLOCK without a writer succeeds (%ld)", rd);
    struct pollfd p = { (int)rd, POLLIN, 0 };
    CHECK_RET(sc3(SYS_poll, &p, 1, 0), 0, "no POLLHUP before any writer has come");
    CHECK_RET(sc3(SYS_read, rd, buf, 1), 0, "and a read sees end of file, not EAGAIN");
    long wr = sc3(SYS_open, "/fifos/a", O_WRONLY | O_NONBLOCK, 0);
    CHECK(wr >= 0, "with a reader, O_WRONLY|O_NONBLOCK opens (%ld)", wr);
    CHECK_RET(sc3(SYS_write, wr, "fifo", 4), 4, "write into the FIFO");
    CHECK_RET(sc3(SYS_read, rd, buf, sizeof(buf)), 4, "read it from the other open file");
    CHECK_RET(sc2(SYS_fstat, wr, &st), 0, "fstat a FIFO");
    CHECK(S_ISFIFO(st.st_mode) && (st.st_mode & 0777) == 0644, "S_IFIFO with the node's mode (0%o)", st.st_mode);
    CHECK_RET(sc3(SYS_lseek, rd, 0, SEEK_SET), -ESPIPE, "lseek on a FIFO: ESPIPE");
    CHECK_RET(sc2(SYS_fcntl, rd, F_GETPIPE_SZ), 65536, "F_GETPIPE_SZ on a FIFO");
    sc1(SYS_close, wr);
    p.revents = 0;
    CHECK_RET(sc3(SYS_poll, &p, 1, 0), 1, "after the writer leaves, the reader polls ready");
    CHECK(p.revents == POLLHUP, "with POLLHUP (0x%x)", p.revents);
    sc1(SYS_close, rd);
    long rw = sc3(SYS_open, "/fifos/a", O_RDWR, 0);
    CHECK(rw >= 0, "O_RDWR opens a FIFO without waiting (%ld)", rw);
    CHECK_RET(sc3(SYS_write, rw, "xyz", 3), 3, "write through the O_RDWR file");
    sc1(SYS_close, rw);
    rw = sc3(SYS_open, "/fifos/a", O_RDWR | O_NONBLOCK, 0);
    CHECK_RET(sc3(SYS_read, rw, buf, sizeof(buf)), -EAGAIN, "data is gone once every end has closed");
    sc1(SYS_close, rw);
    CHECK_RET(sc3(SYS_open, "/fifos/a", O_WRONLY | O_RDWR, 0), -EINVAL, "open a FIFO with access mode 3: EINVAL");
    /* A writer waits in open until a reader comes. */
    int pid = spawn(open_fifo_writer, "/fifos/b");
    sleep_ms(50);
    long t0 = now_ns();
    rd = sc3(SYS_open, "/fifos/b", O_RDONLY, 0);
    CHECK(rd >= 0, "a blocking reader's open meets the waiting writer (%ld)", rd);
    CHECK(now_ns() - t0 < 2000000000L, "at once");
    CHECK_RET(sc3(SYS_read, rd, buf, 1), 1, "the writer, released, wrote a byte");
    int st2 = wait_for(pid);
    CHECK(WIFEXITED(st2) && WEXITSTATUS(st2) == 0, "the writer's open and write succeeded (0x%x)", st2);
    sc1(SYS_close, rd);
}

/* ---- poll ---- */

static void test_poll_pipe(void)
{
    int fds[2];
    if (make_pipe(fds, 0))
        return;
    struct pollfd p[2] = { { fds[0], POLLIN | POLLOUT, 0 }, { fds[1], POLLIN | POLLOUT, 0 } };
    CHECK_RET(sc3(SYS_poll, p, 2, 0), 1, "poll an empty pipe's ends: only the write end is ready");
    CHECK(p[0].revents == 0 && p[1].revents == POLLOUT, "POLLOUT on the write end (0x%x, 0x%x)",
          p[0].revents, p[1].revents);
    sc3(SYS_write, fds[1], "z", 1);
    CHECK_RET(sc3(SYS_poll, p, 2, 0), 2, "with data both are ready");
    CHECK(p[0].revents == POLLIN, "POLLIN on the read end (0x%x)", p[0].revents);
    p[0].events = POLLRDNORM;
    sc3(SYS_poll, p, 1, 0);
    CHECK(p[0].revents == POLLRDNORM, "POLLRDNORM when asked for (0x%x)", p[0].revents);
    p[0].events = 0;
    CHECK_RET(sc3(SYS_poll, p, 1, 0), 0, "events 0: nothing reported");
    p[0].events = POLLIN;
    sc1(SYS_close, fds[1]);
    sc3(SYS_poll, p, 1, 0);
    CHECK(p[0].revents == (POLLIN | POLLHUP), "writer gone, data left: POLLIN|POLLHUP (0x%x)", p[0].revents);
    char c;
    sc3(SYS_read, fds[0], &c, 1);
    p[0].events = 0;
    CHECK_RET(sc3(SYS_poll, p, 1, 0), 1, "POLLHUP is reported even when not asked for");
    CHECK(p[0].revents == POLLHUP, "just POLLHUP once empty (0x%x)", p[0].revents);
    sc1(SYS_close, fds[0]);
    if (make_pipe(fds, 0))
        return;
    sc1(SYS_close, fds[0]);
    p[0] = (struct pollfd){ fds[1], POLLOUT, 0 };
    sc3(SYS_poll, p, 1, 0);
    CHECK(p[0].revents == (POLLOUT | POLLERR), "reader gone: the write end has POLLERR (0x%x)", p[0].revents);
    sc1(SYS_close, fds[1]);
}

static void test_poll_others(void)
{
    struct pollfd p[3];
    long file = open_or_note("/data/hello.txt", O_RDONLY, 0);
    long null = open_or_note("/dev/null", O_RDWR, 0);
    long path = sc3(SYS_open, "/data/hello.txt", O_PATH, 0);
    p[0] = (struct pollfd){ (int)file, POLLIN | POLLOUT, 0 };
    p[1] = (struct pollfd){ (int)null, POLLIN | POLLOUT, 0 };
    CHECK_RET(sc3(SYS_poll, p, 2, -1), 2, "regular files and /dev/null are always ready");
    CHECK(p[0].revents == (POLLIN | POLLOUT) && p[1].revents == (POLLIN | POLLOUT),
          "readable and writable (0x%x, 0x%x)", p[0].revents, p[1].revents);
    p[0] = (struct pollfd){ 1000, POLLIN, 0 };
    p[1] = (struct pollfd){ -1, POLLIN, 0x55 };
    p[2] = (struct pollfd){ (int)path, POLLIN, 0 };
    CHECK_RET(sc3(SYS_poll, p, 3, 0), 2, "a closed fd and an O_PATH fd count; a negative one does not");
    CHECK(p[0].revents == POLLNVAL && p[2].revents == POLLNVAL, "POLLNVAL for them (0x%x, 0x%x)",
          p[0].revents, p[2].revents);
    CHECK(p[1].revents == 0, "revents 0 for fd -1");
    struct rlimit rl;
    sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, &rl);
    CHECK_RET(sc3(SYS_poll, p, rl.rlim_cur + 1, 0), -EINVAL, "nfds above RLIMIT_NOFILE: EINVAL");
    CHECK_RET(sc3(SYS_poll, NULL, 0, 0), 0, "poll of nothing with timeout 0");
    EFAULT_EACH(BP_WRITES, sizeof(struct pollfd), sc3(SYS_poll, bp, 1, 0), "poll a bad array");
    sc1(SYS_close, file);
    sc1(SYS_close, null);
    sc1(SYS_close, path);
}

static void test_poll_timeouts(void)
{
    int fds[2];
    if (make_pipe(fds, 0))
        return;
    struct pollfd p = { fds[0], POLLIN, 0 };
    long t0 = now_ns();
    CHECK_RET(sc3(SYS_poll, &p, 1, 50), 0, "poll with a 50 ms timeout times out");
    long dt = now_ns() - t0;
    CHECK(dt >= 50000000L, "after at least 50 ms (%ld us)", dt / 1000);
    CHECK(dt < 2000000000L, "and not much more");
    t0 = now_ns();
    CHECK_RET(sc3(SYS_poll, NULL, 0, 50), 0, "poll of no fds sleeps for the timeout");
    CHECK(now_ns() - t0 >= 50000000L, "50 ms");
    struct timespec ts = { 0, 50000000 };
    t0 = now_ns();
    CHECK_RET(sc5(SYS_ppoll, &p, 1, &ts, NULL, 8), 0, "ppoll with 50 ms times out");
    CHECK(now_ns() - t0 >= 50000000L, "after at least 50 ms");
    CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0, "and writes back no time left (%ld.%09ld)", (long)ts.tv_sec, ts.tv_nsec);
    ts = (struct timespec){ 0, 1000000000 };
    CHECK_RET(sc5(SYS_ppoll, &p, 1, &ts, NULL, 8), -EINVAL, "ppoll with tv_nsec = 1e9: EINVAL");
    ts = (struct timespec){ -1, 0 };
    CHECK_RET(sc5(SYS_ppoll, &p, 1, &ts, NULL, 8), -EINVAL, "ppoll with a negative timeout: EINVAL");
    ts = (struct timespec){ 0, 0 };
    unsigned long mask = 0;
    CHECK_RET(sc5(SYS_ppoll, &p, 1, &ts, &mask, 4), -EINVAL, "ppoll with sigsetsize 4: EINVAL");
    CHECK_RET(sc5(SYS_ppoll, &p, 1, &ts, &mask, 8), 0, "ppoll with a signal mask");
    EFAULT_EACH(BP_READS_NOT_NULL, sizeof(ts), sc5(SYS_ppoll, &p, 1, bp, NULL, 8), "ppoll with a bad timeout");
    EFAULT_EACH(BP_READS_NOT_NULL, 8, sc5(SYS_ppoll, &p, 1, &ts, bp, 8), "ppoll with a bad sigmask");
    sc3(SYS_write, fds[1], "r", 1);
    ts = (struct timespec){ 5, 0 };
    CHECK_RET(sc5(SYS_ppoll, &p, 1, &ts, NULL, 8), 1, "ppoll on a readable pipe returns at once");
    CHECK(ts.tv_sec == 4 || ts.tv_sec == 5, "and writes back the time left (%ld s)", (long)ts.tv_sec);
    close_pair(fds);
}

static int poll_and_report(void *arg)
{
    struct pollfd p = { (int)(long)arg, POLLIN, 0 };
    long n = sc3(SYS_poll, &p, 1, -1);
    return n == 1 ? p.revents : 200;
}

static void test_poll_wakeup(void)
{
    int fds[2];
    if (make_pipe(fds, 0))
        return;
    int pid = spawn(write_after_delay, (void *)(long)fds[1]);
    struct pollfd p[2] = { { fds[0], POLLIN, 0 }, { fds[0], POLLIN, 0 } };
    long t0 = now_ns();
    CHECK_RET(sc3(SYS_poll, p, 2, -1), 2, "poll without a timeout wakes when another process writes");
    CHECK(p[0].revents == POLLIN && now_ns() - t0 >= 40000000L, "POLLIN, after the writer's delay");
    wait_for(pid);
    char buf[8];
    sc3(SYS_read, fds[0], buf, sizeof(buf));
    /* A poller stopped and continued restarts its poll (no handler ran). */
    pid = spawn(poll_and_report, (void *)(long)fds[0]);
    sleep_ms(20);
    sc2(SYS_kill, pid, SIGSTOP);
    sleep_ms(20);
    sc2(SYS_kill, pid, SIGCONT);
    sleep_ms(20);
    sc3(SYS_write, fds[1], "P", 1);
    int st = wait_for(pid);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == POLLIN, "a poll stopped and continued is restarted (0x%x)", st);
    close_pair(fds);
}

/* ---- select ---- */

static void test_select(void)
{
    int fds[2];
    if (make_pipe(fds, 0))
        return;
    fd_set rd, wr;
    FD_ZERO(&rd);
    FD_ZERO(&wr);
    FD_SET(fds[0], &rd);
    FD_SET(fds[1], &wr);
    struct timeval tv = { 0, 0 };
    CHECK_RET(sc5(SYS_select, fds[1] + 1, &rd, &wr, NULL, &tv), 1, "select: the empty pipe's write end only");
    CHECK(!FD_ISSET(fds[0], &rd) && FD_ISSET(fds[1], &wr), "the result sets say so");
    FD_ZERO(&rd);
    FD_SET(fds[0], &rd);
    tv = (struct timeval){ 0, 50000 };
    long t0 = now_ns();
    CHECK_RET(sc5(SYS_select, fds[0] + 1, &rd, NULL, NULL, &tv), 0, "select with 50 ms times out");
    CHECK(now_ns() - t0 >= 50000000L, "after at least 50 ms (%ld us)", (now_ns() - t0) / 1000);
    CHECK(tv.tv_sec == 0 && tv.tv_usec == 0, "the timeval is set to no time left");
    CHECK(!FD_ISSET(fds[0], &rd), "and the set is cleared");
    int pid = spawn(write_after_delay, (void *)(long)fds[1]);
    FD_SET(fds[0], &rd);
    tv = (struct timeval){ 5, 0 };
    CHECK_RET(sc5(SYS_select, fds[0] + 1, &rd, NULL, NULL, &tv), 1, "select wakes when another process writes");
    CHECK(FD_ISSET(fds[0], &rd), "the read end is readable");
    CHECK(tv.tv_sec == 4 && tv.tv_usec > 0, "the time left is written back (%ld.%06ld)", (long)tv.tv_sec,
          (long)tv.tv_usec);
    wait_for(pid);
    tv = (struct timeval){ 0, 1500000 };
    FD_SET(fds[0], &rd);
    CHECK_RET(sc5(SYS_select, fds[0] + 1, &rd, NULL, NULL, &tv), 1, "tv_usec above a second is accepted");
    tv = (struct timeval){ 0, -1 };
    CHECK_RET(sc5(SYS_select, fds[0] + 1, &rd, NULL, NULL, &tv), -EINVAL, "a negative tv_usec: EINVAL");
    tv = (struct timeval){ -1, 0 };
    CHECK_RET(sc5(SYS_select, fds[0] + 1, &rd, NULL, NULL, &tv), -EINVAL, "a negative tv_sec: EINVAL");
    tv = (struct timeval){ 0, 0 };
    CHECK_RET(sc5(SYS_select, -1, &rd, NULL, NULL, &tv), -EINVAL, "n < 0: EINVAL");
    FD_ZERO(&rd);
    FD_SET(40, &rd);
    CHECK_RET(sc5(SYS_select, 41, &rd, NULL, NULL, &tv), -EBADF, "a closed fd in a set: EBADF");
    FD_ZERO(&rd);
    CHECK_RET(sc5(SYS_select, 1000000, &rd, NULL, NULL, &tv), 0, "a huge n is cut to the table's size");
    EFAULT_EACH(BP_WRITES_NOT_NULL, 8, sc5(SYS_select, 1, bp, NULL, NULL, &tv), "select with a bad read set");
    EFAULT_EACH(BP_WRITES_NOT_NULL, 8, sc5(SYS_select, 1, NULL, bp, NULL, &tv), "select with a bad write set");
    EFAULT_EACH(BP_READS_NOT_NULL, sizeof(tv), sc5(SYS_select, 1, NULL, NULL, NULL, bp), "select with a bad timeval");
    sc1(SYS_close, fds[0]);
    FD_ZERO(&wr);
    FD_SET(fds[1], &wr);
    CHECK_RET(sc5(SYS_select, fds[1] + 1, NULL, &wr, NULL, &tv), 1, "a write end without readers selects writable");
    sc1(SYS_close, fds[1]);
}

static void test_pselect(void)
{
    int fds[2];
    if (make_pipe(fds, 0))
        return;
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(fds[0], &rd);
    unsigned long mask = 0;
    struct { void *ss; size_t len; } pack = { &mask, 8 }, badpack = { &mask, 4 };
    struct timespec ts = { 0, 50000000 };
    long t0 = now_ns();
    CHECK_RET(sc6(SYS_pselect6, fds[0] + 1, &rd, NULL, NULL, &ts, &pack), 0, "pselect6 with 50 ms times out");
    CHECK(now_ns() - t0 >= 50000000L, "after at least 50 ms");
    CHECK(ts.tv_sec == 0 && ts.tv_nsec == 0, "the timespec is set to no time left");
    ts = (struct timespec){ 0, 0 };
    CHECK_RET(sc6(SYS_pselect6, fds[0] + 1, &rd, NULL, NULL, &ts, &badpack), -EINVAL, "pselect6 sigset size 4: EINVAL");
    ts = (struct timespec){ 0, -1 };
    CHECK_RET(sc6(SYS_pselect6, fds[0] + 1, &rd, NULL, NULL, &ts, NULL), -EINVAL, "pselect6 negative tv_nsec: EINVAL");
    ts = (struct timespec){ 0, 0 };
    sc3(SYS_write, fds[1], "s", 1);
    FD_SET(fds[0], &rd);
    CHECK_RET(sc6(SYS_pselect6, fds[0] + 1, &rd, NULL, NULL, &ts, NULL), 1, "pselect6 sees a readable pipe");
    EFAULT_EACH(BP_READS_NOT_NULL, 16, sc6(SYS_pselect6, 1, NULL, NULL, NULL, &ts, bp), "pselect6 with a bad sigset pack");
    EFAULT_EACH(BP_READS_NOT_NULL, sizeof(ts), sc6(SYS_pselect6, 1, NULL, NULL, NULL, bp, NULL), "pselect6 with a bad timeout");
    close_pair(fds);
}

/* ---- signals: EINTR, SA_RESTART and ppoll's mask ---- */

static volatile int got_signal;
static void on_signal(int sig) { got_signal = sig; }

static void catch_usr1(int flags)
{
    struct sigaction sa;
    memset(&sa, 0, sizeof(sa));
    sa.sa_handler = on_signal;
    sa.sa_flags = flags;
    sigaction(SIGUSR1, &sa, NULL);
    got_signal = 0;
}

static int signal_parent_after(void *arg)
{
    sleep_ms((long)arg);
    sc2(SYS_kill, sc0(SYS_getppid), SIGUSR1);
    return 0;
}

static int signal_then_write(void *arg)
{
    int fd = (int)(long)arg;
    sleep_ms(30);
    sc2(SYS_kill, sc0(SYS_getppid), SIGUSR1);
    sleep_ms(30);
    return sc3(SYS_write, fd, "S", 1) == 1 ? 0 : 1;
}

static void test_interrupted(void)
{
    int fds[2];
    char c;
    if (make_pipe(fds, 0))
        return;
    catch_usr1(0);
    int pid = spawn(signal_parent_after, (void *)30L);
    CHECK_RET(sc3(SYS_read, fds[0], &c, 1), -EINTR, "a handler without SA_RESTART interrupts a pipe read: EINTR");
    CHECK(got_signal == SIGUSR1, "the handler ran");
    wait_for(pid);
    catch_usr1(SA_RESTART);
    pid = spawn(signal_then_write, (void *)(long)fds[1]);
    CHECK_RET(sc3(SYS_read, fds[0], &c, 1), 1, "with SA_RESTART the read is restarted and gets the byte");
    CHECK(got_signal == SIGUSR1, "after the handler ran");
    wait_for(pid);
    struct pollfd p = { fds[0], POLLIN, 0 };
    got_signal = 0;
    pid = spawn(signal_parent_after, (void *)30L);
    CHECK_RET(sc3(SYS_poll, &p, 1, -1), -EINTR, "poll is not restarted after a handler, even with SA_RESTART");
    wait_for(pid);
    fd_set rd;
    FD_ZERO(&rd);
    FD_SET(fds[0], &rd);
    struct timeval tv = { 5, 0 };
    pid = spawn(signal_parent_after, (void *)30L);
    CHECK_RET(sc5(SYS_select, fds[0] + 1, &rd, NULL, NULL, &tv), -EINTR, "select interrupted by a handler: EINTR");
    CHECK(tv.tv_sec == 4 && tv.tv_usec > 0, "with the time left written back (%ld.%06ld)", (long)tv.tv_sec,
          (long)tv.tv_usec);
    wait_for(pid);
    /* ppoll's mask: SIGUSR1 is blocked and pending; the empty mask lets it in for the wait. */
    sigset_t block, none, after;
    sigemptyset(&block);
    sigaddset(&block, SIGUSR1);
    sigemptyset(&none);
    sigprocmask(SIG_BLOCK, &block, NULL);
    got_signal = 0;
    sc2(SYS_kill, sc0(SYS_getpid), SIGUSR1);
    CHECK(got_signal == 0, "a blocked SIGUSR1 stays pending");
    struct timespec ts = { 5, 0 };
    CHECK_RET(sc5(SYS_ppoll, &p, 1, &ts, &none, 8), -EINTR, "ppoll with a mask that unblocks it: EINTR at once");
    CHECK(got_signal == SIGUSR1, "the handler ran during ppoll");
    sigprocmask(SIG_SETMASK, NULL, &after);
    CHECK(sigismember(&after, SIGUSR1), "and the old mask is back afterwards");
    sigprocmask(SIG_UNBLOCK, &block, NULL);
    signal(SIGUSR1, SIG_DFL);
    close_pair(fds);
}

int main(void)
{
    test_pipe_create();
    test_pipe_emfile();
    test_pipe_file_ops();
    test_pipe_size();
    test_eof_and_nonblock();
    test_packet_mode();
    test_epipe();
    test_blocking();
    test_blocked_writer();
    test_stop_continue_restart();
    test_atomic_writes();
    test_pipeline();
    test_fifo();
    test_poll_pipe();
    test_poll_others();
    test_poll_timeouts();
    test_poll_wakeup();
    test_select();
    test_pselect();
    test_interrupted();
    return tap_done();
}
