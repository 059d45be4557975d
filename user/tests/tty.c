/* In-VM tests of the serial terminal: the termios settings round trip, the queue and flow
 * ioctls, reads that must not block (O_NONBLOCK, VMIN/VTIME), and job control without typed
 * input: acquiring and giving up a controlling terminal (TIOCSCTTY, open, TIOCNOTTY), the
 * foreground group (TIOCGPGRP/TIOCSPGRP/TIOCGSID) and its errors, and the SIGTTIN/SIGTTOU a
 * background group gets for reading, writing with TOSTOP or changing settings, or EIO when
 * its group is orphaned.
 *
 * The program runs as init with fds 0-2 on /dev/console, which is never a controlling terminal
 * when opened. Each job-control scenario runs in a child that makes itself a session leader and
 * takes the console as its terminal; it prints a comment for the first thing that differs and
 * exits 1, and the parent reports one check per scenario. A session leader never exits while
 * it holds the terminal (on Linux that hangs the serial line up): it hands the foreground to a
 * sleeping victim and gives the terminal up with TIOCNOTTY, which sends the victim SIGHUP. */
#include "tap.h"
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/sysmacros.h>
#include <sys/wait.h>
#include <time.h>

/* The kernel's struct termios, which TCGETS/TCSETS move (libc's is larger). */
struct kternios {
    unsigned c_iflag, c_oflag, c_cflag, c_lflag;
    unsigned char c_line, c_cc[19];
};
struct kwinsize { unsigned short row, col, xpixel, ypixel; };
/* rt_sigaction's struct on x86_64. */
struct ksigaction { unsigned long handler, flags, restorer, mask; };

#define K_TCGETS 0x5401
#define K_TCSETS 0x5402
#define K_TCSETSF 0x5404
#define K_TCXONC 0x540A
#define K_TCFLSH 0x540B
#define K_TIOCSCTTY 0x540E
#define K_TIOCGPGRP 0x540F
#define K_TIOCSPGRP 0x5410
#define K_TIOCOUTQ 0x5411
#define K_TIOCGWINSZ 0x5413
#define K_TIOCSWINSZ 0x5414
#define K_FIONREAD 0x541B
#define K_TIOCNOTTY 0x5422
#define K_TIOCGSID 0x5429
#define K_ICANON 0000002
#define K_ECHO 0000010
#define K_TOSTOP 0000400
#define K_OPOST 0000001
#define K_ONLCR 0000004
#define K_ICRNL 0000400
#define K_VTIME 5
#define K_VMIN 6

static struct kternios saved;
static int have_sigaction;

/* ---- helpers for the scenario children ---- */

/* In a child: reports the first expectation that fails and exits 1. */
#define EXPECT(cond, ...) do { if (!(cond)) { tap_print("# " __VA_ARGS__); syscall(SYS_exit_group, 1); } } while (0)
#define EXPECT_RET(got, want, what) do { long g_ = (got); \
    EXPECT(g_ == (long)(want), "%s: got %ld, want %ld", what, g_, (long)(want)); } while (0)

static int spawn(int (*fn)(void))
{
    long pid = sc0(SYS_fork);
    if (pid == 0)
        syscall(SYS_exit_group, fn());
    return (int)pid;
}

/* Runs fn in a child and checks that it exited 0. */
static void scenario(int (*fn)(void), const char *what)
{
    int st = -1;
    int pid = spawn(fn);
    long got = sc4(SYS_wait4, pid, &st, 0, NULL);
    CHECK(got == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s (status 0x%x)", what, st);
}

static void nap_ms(long ms)
{
    struct timespec ts = { ms / 1000, (ms % 1000) * 1000000 };
    sc2(SYS_nanosleep, &ts, NULL);
}

static int set_disposition(int sig, unsigned long handler)
{
    struct ksigaction sa = { .handler = handler };
    return (int)sc4(SYS_rt_sigaction, sig, &sa, NULL, 8);
}

/* Reads and writes through /dev/console are exempt from job control on Linux, so the
 * scenarios read and write through /dev/tty, opened here. */
static int tty_fd = -1;

/* A new session whose terminal is the console (fd 0). */
static void become_controlling(void)
{
    int pid = (int)sc0(SYS_getpid);
    EXPECT_RET(sc0(SYS_setsid), pid, "setsid");
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCSCTTY, 0), 0, "TIOCSCTTY on the console as a new session leader");
    tty_fd = (int)sc2(SYS_open, "/dev/tty", O_RDWR);
    EXPECT(tty_fd >= 0, "open /dev/tty (%d)", tty_fd);
}

/* A child in a group of its own that runs fn (exit status = its result). */
static int spawn_in_own_group(int (*fn)(void))
{
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        sc2(SYS_setpgid, 0, 0);
        syscall(SYS_exit_group, fn());
    }
    sc2(SYS_setpgid, pid, pid);
    return (int)pid;
}

static int sleep_long(void)
{
    nap_ms(20000);
    return 3;
}

/* The session leader gives the terminal up the safe way (see the top of the file): the
 * foreground goes to a sleeping victim, which TIOCNOTTY's SIGHUP must kill. */
static void give_up_terminal(void)
{
    int st, victim = spawn_in_own_group(sleep_long);
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCSPGRP, &victim), 0, "TIOCSPGRP to the victim's group");
    int pgrp = -1;
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCGPGRP, &pgrp), 0, "TIOCGPGRP");
    EXPECT(pgrp == victim, "TIOCGPGRP reports the new foreground group %d (got %d)", victim, pgrp);
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCNOTTY, 0), 0, "TIOCNOTTY by the session leader");
    EXPECT_RET(sc4(SYS_wait4, victim, &st, 0, NULL), victim, "wait for the victim");
    EXPECT(WIFSIGNALED(st) && WTERMSIG(st) == SIGHUP, "the foreground group got SIGHUP (status 0x%x)", st);
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCGPGRP, &pgrp), -ENOTTY, "TIOCGPGRP after TIOCNOTTY");
    EXPECT_RET(sc2(SYS_open, "/dev/tty", O_RDWR), -ENXIO, "open /dev/tty after TIOCNOTTY");
}

/* Runs fn in a background group of the caller's session and expects it to stop with sig. */
static void expect_stopped_by(int (*fn)(void), int sig, const char *what)
{
    int st = -1, pid = spawn_in_own_group(fn);
    long got = sc4(SYS_wait4, pid, &st, WUNTRACED, NULL);
    if (got == pid && WIFSTOPPED(st))
        sc2(SYS_kill, pid, SIGKILL), sc4(SYS_wait4, pid, NULL, 0, NULL);
    EXPECT(got == pid && WIFSTOPPED(st) && WSTOPSIG(st) == sig, "%s stops with signal %d (status 0x%x)",
           what, sig, st);
}

static void expect_exit_zero(int (*fn)(void), const char *what)
{
    int st = -1, pid = spawn_in_own_group(fn);
    long got = sc4(SYS_wait4, pid, &st, WUNTRACED, NULL);
    if (got == pid && WIFSTOPPED(st))
        sc2(SYS_kill, pid, SIGKILL), sc4(SYS_wait4, pid, NULL, 0, NULL);
    EXPECT(got == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0, "%s (status 0x%x)", what, st);
}

/* ---- the tests in init itself (no controlling terminal) ---- */

static void test_settings(void)
{
    struct kternios t, back;
    CHECK_RET(sc3(SYS_ioctl, 0, K_TCGETS, &saved), 0, "TCGETS on the console");
    CHECK((saved.c_lflag & (K_ICANON | K_ECHO)) == (K_ICANON | K_ECHO) &&
          (saved.c_oflag & (K_OPOST | K_ONLCR)) == (K_OPOST | K_ONLCR) && (saved.c_iflag & K_ICRNL),
          "the console starts canonical with echo, ICRNL and OPOST|ONLCR");
    t = saved;
    t.c_lflag &= ~(unsigned)K_ECHO;
    t.c_oflag &= ~(unsigned)K_ONLCR;
    t.c_cc[K_VMIN] = 5;
    long set = sc3(SYS_ioctl, 0, K_TCSETS, &t);
    long get = sc3(SYS_ioctl, 0, K_TCGETS, &back);
    sc3(SYS_ioctl, 0, K_TCSETS, &saved);
    CHECK(set == 0 && get == 0, "TCSETS then TCGETS succeed");
    CHECK(!(back.c_lflag & K_ECHO) && (back.c_lflag & K_ICANON), "ECHO off round-trips");
    CHECK(!(back.c_oflag & K_ONLCR) && (back.c_oflag & K_OPOST), "ONLCR off round-trips");
    CHECK(back.c_cc[K_VMIN] == 5, "VMIN round-trips");
    CHECK_RET(sc3(SYS_ioctl, 0, K_TCGETS, &back), 0, "TCGETS after restoring");
    CHECK((back.c_lflag & K_ECHO) && (back.c_oflag & K_ONLCR), "ECHO and ONLCR are back");
    CHECK_RET(sc3(SYS_ioctl, 0, K_TCSETSF, &saved), 0, "TCSETSF (flushes input) succeeds");
    CHECK_RET(sc3(SYS_ioctl, 0, 0x54ff, 0), -ENOTTY, "an unknown terminal ioctl: ENOTTY");
}

static void test_winsize(void)
{
    struct kwinsize w = { 24, 80, 0, 0 }, back = { 0 }, zero = { 0 };
    CHECK_RET(sc3(SYS_ioctl, 1, K_TIOCSWINSZ, &w), 0, "TIOCSWINSZ 24 x 80");
    CHECK_RET(sc3(SYS_ioctl, 1, K_TIOCGWINSZ, &back), 0, "TIOCGWINSZ");
    CHECK(back.row == 24 && back.col == 80, "the size round-trips (%u x %u)", back.row, back.col);
    CHECK_RET(sc3(SYS_ioctl, 1, K_TIOCSWINSZ, &zero), 0, "TIOCSWINSZ back to 0 x 0");
}

static void test_serial_info(void)
{
    struct { int type, line; unsigned port; int irq, flags, fifo, divisor, baud_base; } s;
    unsigned char raw[80];
    memset(raw, 0xee, sizeof(raw));
    CHECK_RET(sc3(SYS_ioctl, 0, 0x541E, raw), 0, "TIOCGSERIAL on the console");
    memcpy(&s, raw, sizeof(s));
    CHECK(s.type == 4 && s.line == 0 && s.port == 0x3f8 && s.irq == 4 && s.baud_base == 115200,
          "it is a 16550A, line 0 (ttyS0), port 0x3f8, IRQ 4, base 115200 (%d %d %#x %d %d)",
          s.type, s.line, s.port, s.irq, s.baud_base);
    CHECK(raw[71] != 0xee && raw[72] == 0xee, "TIOCGSERIAL writes 72 bytes");
    CHECK_RET(sc3(SYS_ioctl, 0, 0x541E, NULL), -EFAULT, "TIOCGSERIAL into NULL: EFAULT");
}

static void test_queues(void)
{
    int n = -1;
    CHECK_RET(sc3(SYS_ioctl, 0, K_TCFLSH, 0), 0, "TCFLSH TCIFLUSH");
    CHECK_RET(sc3(SYS_ioctl, 0, K_TCFLSH, 2), 0, "TCFLSH TCIOFLUSH");
    CHECK_RET(sc3(SYS_ioctl, 0, K_TCFLSH, 3), -EINVAL, "TCFLSH with an unknown queue: EINVAL");
    CHECK_RET(sc3(SYS_ioctl, 0, K_FIONREAD, &n), 0, "FIONREAD on the console");
    CHECK(n == 0, "nothing typed, nothing to read (%d)", n);
    n = -1;
    CHECK_RET(sc3(SYS_ioctl, 1, K_TIOCOUTQ, &n), 0, "TIOCOUTQ on the console");
    CHECK(n >= 0, "TIOCOUTQ reports a count (%d)", n);
    long off = sc3(SYS_ioctl, 1, K_TCXONC, 0);     /* TCOOFF, then TCOON before any output */
    long on = sc3(SYS_ioctl, 1, K_TCXONC, 1);
    CHECK(off == 0 && on == 0, "TCXONC TCOOFF then TCOON (%ld, %ld)", off, on);
    CHECK_RET(sc3(SYS_ioctl, 1, K_TCXONC, 9), -EINVAL, "TCXONC with an unknown action: EINVAL");
}

/* Reads that must return at once, or after VTIME, without typed input. */
static void test_nonblocking_reads(void)
{
    char c;
    int fd = (int)sc2(SYS_open, "/dev/console", O_RDWR | O_NONBLOCK);
    CHECK(fd >= 0, "open /dev/console O_NONBLOCK (%d)", fd);
    CHECK_RET(sc3(SYS_read, fd, &c, 1), -EAGAIN, "canonical read with no line, O_NONBLOCK: EAGAIN");
    CHECK_RET(sc3(SYS_read, 0, &c, 0), 0, "a read of 0 bytes returns 0 at once");
    struct kternios raw = saved;
    raw.c_lflag &= ~(unsigned)(K_ICANON | K_ECHO);
    raw.c_cc[K_VMIN] = 1;
    raw.c_cc[K_VTIME] = 0;
    sc3(SYS_ioctl, 0, K_TCSETS, &raw);
    long vmin1 = sc3(SYS_read, fd, &c, 1);
    raw.c_cc[K_VMIN] = 0;
    sc3(SYS_ioctl, 0, K_TCSETS, &raw);
    long poll_read = sc3(SYS_read, 0, &c, 1);
    raw.c_cc[K_VTIME] = 2;
    sc3(SYS_ioctl, 0, K_TCSETS, &raw);
    struct timespec a, b;
    clock_gettime(CLOCK_MONOTONIC, &a);
    long timed = sc3(SYS_read, 0, &c, 1);
    clock_gettime(CLOCK_MONOTONIC, &b);
    sc3(SYS_ioctl, 0, K_TCSETS, &saved);
    long ms = (b.tv_sec - a.tv_sec) * 1000 + (b.tv_nsec - a.tv_nsec) / 1000000;
    CHECK_RET(vmin1, -EAGAIN, "raw read (VMIN=1) with nothing typed, O_NONBLOCK: EAGAIN");
    CHECK_RET(poll_read, 0, "raw read with VMIN=0 VTIME=0 returns 0 at once");
    CHECK(timed == 0 && ms >= 150, "VMIN=0 VTIME=2 reads 0 after the timeout (%ld after %ld ms)", timed, ms);
    sc1(SYS_close, fd);
}

static void test_no_controlling_terminal(void)
{
    int v = 0;
    CHECK_RET(sc2(SYS_open, "/dev/tty", O_RDWR), -ENXIO, "open /dev/tty without a controlling terminal: ENXIO");
    CHECK_RET(sc3(SYS_ioctl, 0, K_TIOCGPGRP, &v), -ENOTTY, "TIOCGPGRP on a terminal that is not ours: ENOTTY");
    CHECK_RET(sc3(SYS_ioctl, 0, K_TIOCGSID, &v), -ENOTTY, "TIOCGSID on a terminal that is not ours: ENOTTY");
    v = 1;
    CHECK_RET(sc3(SYS_ioctl, 0, K_TIOCSPGRP, &v), -ENOTTY, "TIOCSPGRP on a terminal that is not ours: ENOTTY");
    CHECK_RET(sc3(SYS_ioctl, 0, K_TIOCNOTTY, 0), -ENOTTY, "TIOCNOTTY without a controlling terminal: ENOTTY");
}

/* ---- scenarios in children ---- */

static int not_a_leader(void)
{
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCSCTTY, 0), -EPERM, "TIOCSCTTY by a process that leads no session");
    return 0;
}

static int leader_takes_terminal(void)
{
    int pid = (int)sc0(SYS_getpid), v = -1;
    EXPECT_RET(sc0(SYS_setsid), pid, "setsid");
    EXPECT_RET(sc2(SYS_open, "/dev/tty", O_RDWR), -ENXIO, "open /dev/tty in a new session");
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCSCTTY, 0), 0, "TIOCSCTTY");
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCSCTTY, 0), 0, "TIOCSCTTY again (already ours)");
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCGSID, &v), 0, "TIOCGSID");
    EXPECT(v == pid, "TIOCGSID reports our session %d (got %d)", pid, v);
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCGPGRP, &v), 0, "TIOCGPGRP");
    EXPECT(v == pid, "our group is in the foreground (%d, got %d)", pid, v);
    int fd = (int)sc2(SYS_open, "/dev/tty", O_RDWR);
    EXPECT(fd >= 0, "open /dev/tty with a controlling terminal (%d)", fd);
    struct stat st;
    EXPECT_RET(sc2(SYS_fstat, fd, &st), 0, "fstat /dev/tty");
    EXPECT(major(st.st_rdev) == 5 && minor(st.st_rdev) == 0, "/dev/tty is 5:0");
    EXPECT_RET(sc3(SYS_ioctl, fd, K_TIOCGPGRP, &v), 0, "TIOCGPGRP through /dev/tty");
    EXPECT(v == pid, "/dev/tty is the same terminal (%d)", v);
    sc1(SYS_close, fd);
    give_up_terminal();
    return 0;
}

static int foreground_errors(void)
{
    int pid = (int)sc0(SYS_getpid), v;
    become_controlling();
    v = -1;
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCSPGRP, &v), -EINVAL, "TIOCSPGRP -1");
    v = 1;
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCSPGRP, &v), -EPERM, "TIOCSPGRP to init's group, another session");
    v = 30000;
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCSPGRP, &v), -ESRCH, "TIOCSPGRP to a group that does not exist");
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCSPGRP, NULL), -EFAULT, "TIOCSPGRP from a NULL pointer");
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCGPGRP, NULL), -EFAULT, "TIOCGPGRP into a NULL pointer");
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCSPGRP, &pid), 0, "TIOCSPGRP to our own group");
    give_up_terminal();
    return 0;
}

static int other_session_cannot_take(void)
{
    EXPECT_RET(sc0(SYS_setsid), sc0(SYS_getpid), "setsid in the second session");
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCSCTTY, 0), -EPERM, "TIOCSCTTY of a terminal another session holds");
    int fd = (int)sc2(SYS_open, "/dev/console", O_RDWR);
    int v;
    EXPECT_RET(sc3(SYS_ioctl, fd, K_TIOCGSID, &v), -ENOTTY, "opening it does not make it ours");
    return 0;
}

static int member_lets_go(void)
{
    int v;
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCGSID, &v), 0, "a session member has the terminal too");
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCNOTTY, 0), 0, "TIOCNOTTY by a member that is not the leader");
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCGSID, &v), -ENOTTY, "then it no longer has one");
    return 0;
}

static int sessions_share_one_terminal(void)
{
    int st, v;
    become_controlling();
    int pid = spawn(other_session_cannot_take);
    EXPECT(sc4(SYS_wait4, pid, &st, 0, NULL) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
           "another session cannot take our terminal");
    pid = spawn(member_lets_go);
    EXPECT(sc4(SYS_wait4, pid, &st, 0, NULL) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
           "a member gives it up for itself only");
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TIOCGSID, &v), 0, "the leader still has it");
    give_up_terminal();
    return 0;
}

static int console_open_never_controls(void)
{
    int v;
    EXPECT_RET(sc0(SYS_setsid), sc0(SYS_getpid), "setsid");
    int fd = (int)sc2(SYS_open, "/dev/console", O_RDWR);
    EXPECT(fd >= 0, "open /dev/console");
    EXPECT_RET(sc3(SYS_ioctl, fd, K_TIOCGSID, &v), -ENOTTY, "a session leader opening /dev/console gets no terminal");
    fd = (int)sc2(SYS_open, "/dev/ttyS0", O_RDWR | O_NOCTTY);
    EXPECT(fd >= 0, "open /dev/ttyS0 O_NOCTTY (%d)", fd);
    EXPECT_RET(sc3(SYS_ioctl, fd, K_TIOCGSID, &v), -ENOTTY, "O_NOCTTY keeps it from becoming ours");
    sc1(SYS_close, fd);
    fd = (int)sc2(SYS_open, "/dev/ttyS0", O_RDWR);
    EXPECT(fd >= 0, "open /dev/ttyS0 (%d)", fd);
    EXPECT_RET(sc3(SYS_ioctl, fd, K_TIOCGSID, &v), 0, "a session leader opening /dev/ttyS0 gets it");
    EXPECT(v == sc0(SYS_getpid), "as the terminal of its session (%d)", v);
    sc1(SYS_close, fd);
    give_up_terminal();
    return 0;
}

static int background_tcsetattr(void)
{
    struct kternios t;
    sc3(SYS_ioctl, 0, K_TCGETS, &t);
    sc3(SYS_ioctl, 0, K_TCSETS, &t);
    return 0;
}

static int background_read(void)
{
    char c;
    sc3(SYS_read, tty_fd, &c, 1);
    return 0;
}

static int write_message(int fd)
{
    const char msg[] = "# a background write\n";
    return sc3(SYS_write, fd, msg, sizeof(msg) - 1) == (long)sizeof(msg) - 1 ? 0 : 1;
}

static int background_write(void) { return write_message(tty_fd); }
static int background_console_write(void) { return write_message(1); }

static int background_setpgrp(void)
{
    int self = (int)sc0(SYS_getpid);
    sc3(SYS_ioctl, 0, K_TIOCSPGRP, &self);
    return 0;
}

static int background_allowed(void)
{
    struct kternios t;
    int v = -1;
    if (sc3(SYS_ioctl, 0, K_TCGETS, &t))
        return 1;
    if (sc3(SYS_ioctl, 0, K_TIOCGPGRP, &v) || v != (int)sc0(SYS_getppid))
        return 2;
    return 0;
}

static int background_ignoring(void)
{
    struct kternios t;
    char c;
    if (set_disposition(SIGTTOU, (unsigned long)SIG_IGN) || set_disposition(SIGTTIN, (unsigned long)SIG_IGN))
        return 1;
    sc3(SYS_ioctl, 0, K_TCGETS, &t);
    if (sc3(SYS_ioctl, 0, K_TCSETS, &t) != 0)
        return 2;           /* SIGTTOU ignored: the change goes ahead */
    if (sc3(SYS_read, tty_fd, &c, 1) != -EIO)
        return 3;           /* SIGTTIN ignored: EIO */
    return 0;
}

static int job_control(void)
{
    struct kternios t;
    become_controlling();
    expect_stopped_by(background_tcsetattr, SIGTTOU, "a background TCSETS");
    expect_stopped_by(background_read, SIGTTIN, "a background read");
    expect_stopped_by(background_setpgrp, SIGTTOU, "a background TIOCSPGRP");
    expect_exit_zero(background_write, "a background write goes through without TOSTOP");
    expect_exit_zero(background_allowed, "a background TCGETS and TIOCGPGRP are allowed");
    sc3(SYS_ioctl, 0, K_TCGETS, &t);
    t.c_lflag |= K_TOSTOP;
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TCSETS, &t), 0, "TOSTOP on");
    expect_stopped_by(background_write, SIGTTOU, "a background write with TOSTOP");
    expect_exit_zero(background_console_write, "a background write with TOSTOP through /dev/console goes through");
    t.c_lflag &= ~(unsigned)K_TOSTOP;
    EXPECT_RET(sc3(SYS_ioctl, 0, K_TCSETS, &t), 0, "TOSTOP off");
    if (have_sigaction)
        expect_exit_zero(background_ignoring, "ignoring SIGTTOU lets TCSETS through; ignoring SIGTTIN makes read EIO");
    give_up_terminal();
    return 0;
}

/* The grandchild of the scenario, left in a background group whose only member's parent is
 * gone: an orphaned group, whose reads and settings changes get EIO instead of a stop. It
 * leaves its verdict (a digit) in a file, since its new parent is init. */
static char orphan_checks(void)
{
    char c;
    struct kternios t;
    if (sc3(SYS_read, tty_fd, &c, 1) != -EIO)
        return '1';
    sc3(SYS_ioctl, 0, K_TCGETS, &t);
    if (sc3(SYS_ioctl, 0, K_TCSETS, &t) != -EIO)
        return '2';
    int self = (int)sc0(SYS_getpid);
    if (sc3(SYS_ioctl, 0, K_TIOCSPGRP, &self) != -ENOTTY)
        return '3';
    return '0';
}

#define ORPHAN_VERDICT "/tmp/tty-orphan-verdict"

static int orphan(void)
{
    int parent = (int)sc0(SYS_getppid);
    sc2(SYS_setpgid, 0, 0);
    sc2(SYS_kill, parent, SIGKILL);
    for (int i = 0; i < 500 && sc0(SYS_getppid) == parent; i++)
        nap_ms(10);
    char verdict = orphan_checks();
    int fd = (int)sc3(SYS_open, ORPHAN_VERDICT, O_WRONLY | O_CREAT, 0600);
    sc3(SYS_write, fd, &verdict, 1);
    return 0;
}

static int orphan_parent(void)
{
    spawn(orphan);
    nap_ms(20000);          /* killed by the orphan */
    return 4;
}

static int orphaned_group(void)
{
    become_controlling();
    int st, pid = spawn(orphan_parent);
    sc4(SYS_wait4, pid, &st, 0, NULL);
    char verdict = 0;
    for (int i = 0; i < 1000 && verdict == 0; i++) {
        int fd = (int)sc2(SYS_open, ORPHAN_VERDICT, O_RDONLY);
        if (fd < 0 || sc3(SYS_read, fd, &verdict, 1) != 1)
            nap_ms(10);
        sc1(SYS_close, fd);
    }
    give_up_terminal();
    EXPECT(verdict == '0', "the orphan's verdict: %c", verdict ? verdict : '?');
    return 0;
}

static void test_orphaned_group(void)
{
    int st = -1;
    int pid = spawn(orphaned_group);
    long reaped = sc4(SYS_wait4, pid, &st, 0, NULL);
    CHECK(reaped == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "an orphaned background group gets EIO for read and TCSETS, ENOTTY for TIOCSPGRP (status 0x%x)", st);
    /* The orphan was re-parented to init, this process. */
    long got = sc4(SYS_wait4, -1, &st, WUNTRACED, NULL);
    if (got > 0 && WIFSTOPPED(st))
        sc2(SYS_kill, got, SIGKILL), sc4(SYS_wait4, got, NULL, 0, NULL);
    CHECK(got > 0 && WIFEXITED(st), "init reaps the orphan (status 0x%x)", st);
}

int main(void)
{
    have_sigaction = set_disposition(SIGUSR1, 0) != -ENOSYS;
    test_settings();
    test_winsize();
    test_queues();
    test_serial_info();
    test_nonblocking_reads();
    test_no_controlling_terminal();
    scenario(not_a_leader, "TIOCSCTTY by a process that is not a session leader: EPERM");
    scenario(leader_takes_terminal, "a session leader takes the console with TIOCSCTTY, /dev/tty names it, TIOCNOTTY gives it up with SIGHUP to the foreground");
    scenario(foreground_errors, "TIOCSPGRP errors: EINVAL, EPERM (other session), ESRCH, EFAULT");
    scenario(sessions_share_one_terminal, "one session holds the terminal; members may let go of it");
    scenario(console_open_never_controls, "opening /dev/console or O_NOCTTY gives no terminal; opening /dev/ttyS0 does");
    scenario(job_control, "background groups: SIGTTOU for TCSETS, TIOCSPGRP and TOSTOP writes, SIGTTIN for reads (not through /dev/console)");
    if (!have_sigaction)
        tap_print("# skipped: ignored SIGTTOU/SIGTTIN (rt_sigaction is not implemented)");
    test_orphaned_group();
    return tap_done();
}
