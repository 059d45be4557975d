/* In-VM tests of advisory locks: fcntl record locks (F_GETLK, F_SETLK, F_SETLKW) between
 * processes, with ranges, waiting, deadlock detection and release on close; flock(2) locks on
 * open file descriptions; and the errors of both. */
#include "tap.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <time.h>

static struct flock range(short type, long start, long len)
{
    return (struct flock){ .l_type = type, .l_whence = SEEK_SET, .l_start = start, .l_len = len };
}

static void sleep_ms(long ms)
{
    struct timespec ts = { 0, ms * 1000000L };
    sc2(SYS_nanosleep, &ts, NULL);
}

/* A child that takes a lock on the file and holds it until killed. */
static long holder(const char *path, struct flock fl)
{
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        int fd = (int)sc3(SYS_open, path, O_RDWR, 0);
        if (sc3(SYS_fcntl, fd, F_SETLK, &fl))
            syscall(SYS_exit_group, 1);
        for (;;)
            sc0(SYS_pause);
    }
    sleep_ms(30);
    return pid;
}

static void stop(long pid)
{
    sc2(SYS_kill, pid, SIGKILL);
    sc4(SYS_wait4, pid, NULL, 0, NULL);
}

static void test_record_locks(void)
{
    const char *path = "/tmp/lockfile";
    int fd = (int)sc3(SYS_open, path, O_RDWR | O_CREAT | O_TRUNC, 0644);
    sc3(SYS_write, fd, "0123456789", 10);
    long pid = holder(path, range(F_WRLCK, 0, 5));
    struct flock fl = range(F_WRLCK, 0, 10);
    CHECK_RET(sc3(SYS_fcntl, fd, F_GETLK, &fl), 0, "F_GETLK over a range another process locked");
    CHECK(fl.l_type == F_WRLCK && fl.l_pid == pid && fl.l_start == 0 && fl.l_len == 5,
          "reports its write lock, owner and range");
    fl = range(F_WRLCK, 2, 1);
    CHECK_RET(sc3(SYS_fcntl, fd, F_SETLK, &fl), -EAGAIN, "F_SETLK on a locked byte: EAGAIN");
    fl = range(F_RDLCK, 5, 5);
    CHECK_RET(sc3(SYS_fcntl, fd, F_SETLK, &fl), 0, "F_SETLK on bytes outside it succeeds");
    fl = range(F_WRLCK, 6, 0);
    CHECK_RET(sc3(SYS_fcntl, fd, F_GETLK, &fl), 0, "F_GETLK over our own lock");
    CHECK(fl.l_type == F_UNLCK, "finds no conflict with ourselves");
    stop(pid);
    fl = range(F_WRLCK, 0, 0);
    CHECK_RET(sc3(SYS_fcntl, fd, F_SETLK, &fl), 0, "once the holder dies its lock is gone");
    fl = range(F_UNLCK, 0, 0);
    CHECK_RET(sc3(SYS_fcntl, fd, F_SETLK, &fl), 0, "F_UNLCK the whole file");
    sc1(SYS_close, fd);
}

static void test_waiting(void)
{
    const char *path = "/tmp/lockfile";
    int fd = (int)sc3(SYS_open, path, O_RDWR, 0);
    struct flock fl = range(F_WRLCK, 0, 1);
    sc3(SYS_fcntl, fd, F_SETLK, &fl);
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        int cfd = (int)sc3(SYS_open, path, O_RDWR, 0);
        struct flock w = range(F_WRLCK, 0, 1);
        long r = sc3(SYS_fcntl, cfd, F_SETLKW, &w);
        syscall(SYS_exit_group, r == 0 ? 0 : 1);
    }
    sleep_ms(50);
    CHECK_RET(sc4(SYS_wait4, pid, NULL, WNOHANG, NULL), 0, "F_SETLKW waits while the lock is held");
    sc1(SYS_close, fd);     /* closing any descriptor of the file releases our locks */
    int st;
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "the waiter gets the lock once it is released");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "and its F_SETLKW returned 0");
}

static void test_deadlock(void)
{
    const char *path = "/tmp/lockfile";
    int fd = (int)sc3(SYS_open, path, O_RDWR, 0);
    struct flock mine = range(F_WRLCK, 0, 1);
    sc3(SYS_fcntl, fd, F_SETLK, &mine);
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        int cfd = (int)sc3(SYS_open, path, O_RDWR, 0);
        struct flock theirs = range(F_WRLCK, 5, 1), want = range(F_WRLCK, 0, 1);
        sc3(SYS_fcntl, cfd, F_SETLK, &theirs);
        sc3(SYS_fcntl, cfd, F_SETLKW, &want);   /* waits for the parent */
        syscall(SYS_exit_group, 0);
    }
    sleep_ms(50);
    struct flock want = range(F_WRLCK, 5, 1);
    CHECK_RET(sc3(SYS_fcntl, fd, F_SETLKW, &want), -EDEADLK, "waiting on a process that waits on us: EDEADLK");
    sc1(SYS_close, fd);
    sc4(SYS_wait4, pid, NULL, 0, NULL);
}

static void test_lock_errors(void)
{
    int ro = (int)sc3(SYS_open, "/tmp/lockfile", O_RDONLY, 0);
    int wo = (int)sc3(SYS_open, "/tmp/lockfile", O_WRONLY, 0);
    struct flock fl = range(F_WRLCK, 0, 1);
    CHECK_RET(sc3(SYS_fcntl, ro, F_SETLK, &fl), -EBADF, "a write lock on a read-only descriptor: EBADF");
    fl = range(F_RDLCK, 0, 1);
    CHECK_RET(sc3(SYS_fcntl, wo, F_SETLK, &fl), -EBADF, "a read lock on a write-only descriptor: EBADF");
    fl = range(7, 0, 1);
    CHECK_RET(sc3(SYS_fcntl, ro, F_SETLK, &fl), -EINVAL, "an unknown lock type: EINVAL");
    fl = range(F_RDLCK, 0, 1);
    fl.l_whence = 9;
    CHECK_RET(sc3(SYS_fcntl, ro, F_SETLK, &fl), -EINVAL, "an unknown whence: EINVAL");
    fl = range(F_RDLCK, -5, 1);
    CHECK_RET(sc3(SYS_fcntl, ro, F_SETLK, &fl), -EINVAL, "a negative start: EINVAL");
    EFAULT_EACH(BP_READS, sizeof(fl), sc3(SYS_fcntl, ro, F_SETLK, bp), "F_SETLK from a bad flock");
    EFAULT_EACH(BP_WRITES, sizeof(fl), sc3(SYS_fcntl, ro, F_GETLK, bp), "F_GETLK with a bad flock");
    sc1(SYS_close, ro);
    sc1(SYS_close, wo);
}

static void test_flock(void)
{
    int a = (int)sc3(SYS_open, "/tmp/lockfile", O_RDONLY, 0);
    int b = (int)sc3(SYS_open, "/tmp/lockfile", O_RDONLY, 0);
    CHECK_RET(sc2(SYS_flock, a, LOCK_EX), 0, "flock LOCK_EX");
    CHECK_RET(sc2(SYS_flock, b, LOCK_EX | LOCK_NB), -EWOULDBLOCK, "another open file cannot take it: EWOULDBLOCK");
    CHECK_RET(sc2(SYS_flock, b, LOCK_SH | LOCK_NB), -EWOULDBLOCK, "nor share it");
    int dup = (int)sc1(SYS_dup, a);
    CHECK_RET(sc2(SYS_flock, dup, LOCK_EX | LOCK_NB), 0, "a duplicate descriptor shares the lock");
    CHECK_RET(sc2(SYS_flock, a, LOCK_SH), 0, "converting to LOCK_SH");
    CHECK_RET(sc2(SYS_flock, b, LOCK_SH | LOCK_NB), 0, "then another open file may share it");
    CHECK_RET(sc2(SYS_flock, b, LOCK_UN), 0, "LOCK_UN");
    sc1(SYS_close, a);
    CHECK_RET(sc2(SYS_flock, b, LOCK_EX | LOCK_NB), -EWOULDBLOCK, "the lock lives while a descriptor remains");
    sc1(SYS_close, dup);
    CHECK_RET(sc2(SYS_flock, b, LOCK_EX | LOCK_NB), 0, "and goes with the last one");
    CHECK_RET(sc2(SYS_flock, b, 0), -EINVAL, "flock with no operation: EINVAL");
    CHECK_RET(sc2(SYS_flock, 99, LOCK_SH), -EBADF, "flock on a bad descriptor: EBADF");
    sc1(SYS_close, b);
}

int main(void)
{
    test_record_locks();
    test_waiting();
    test_deadlock();
    test_lock_errors();
    test_flock();
    return tap_done();
}
