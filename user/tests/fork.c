/* In-VM tests of the process model: fork and vfork, copy-on-write isolation, wait4 and waitid
 * statuses, zombies and orphans, execve (arguments, #! scripts, the errors), process groups and
 * sessions, and kill's default actions. The program runs as init (PID 1). */
#define _GNU_SOURCE
#include "tap.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <fcntl.h>
#include <sys/resource.h>
#include <time.h>
#include <spawn.h>
#include <sched.h>

/* A child that runs fn and exits with what it returns. */
static int spawn(int (*fn)(void *), void *arg)
{
    long pid = sc0(SYS_fork);
    if (pid == 0)
        syscall(SYS_exit_group, fn(arg));
    return (int)pid;
}

static int exit_with(void *arg) { return (int)(long)arg; }

static void test_fork_and_wait(void)
{
    int st = -1;
    int pid = spawn(exit_with, (void *)7L);
    CHECK(pid > 1, "fork returns the child's pid to the parent (%d)", pid);
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "wait4 collects that child");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 7, "its status says exited with 7 (0x%x)", st);
    CHECK_RET(sc4(SYS_wait4, -1, &st, 0, NULL), -ECHILD, "no children left: ECHILD");
    CHECK_RET(sc4(SYS_wait4, -1, &st, WNOHANG, NULL), -ECHILD, "WNOHANG without children: ECHILD");
    CHECK_RET(sc4(SYS_wait4, -1, &st, 0x100, NULL), -EINVAL, "an unknown wait4 option: EINVAL");
    pid = spawn(exit_with, (void *)300L);
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "exit(300) is collected");
    CHECK(WEXITSTATUS(st) == 300 % 256, "only the low 8 bits of the code survive (0x%x)", st);
}

static int child_pid_checks(void *arg)
{
    long parent = (long)arg;
    return sc0(SYS_getppid) == parent && sc0(SYS_getpid) > 1 ? 0 : 1;
}

static void test_child_identity(void)
{
    int st;
    int pid = spawn(child_pid_checks, (void *)1L);
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "wait for a child checking its ids");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child saw getppid() == 1 and its own pid");
}

static volatile int shared_word = 1;

static int write_and_report(void *arg)
{
    shared_word = 2;
    *(volatile char *)arg = 'c';
    return shared_word == 2 ? 0 : 1;
}

static void test_cow(void)
{
    char *anon = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    char *shared = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    anon[0] = 'p';
    shared[0] = 'p';
    int st;
    int pid = spawn(write_and_report, anon);
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "wait for a child writing to memory");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child saw its own writes");
    CHECK(shared_word == 1, "the parent's data page is unchanged (copy-on-write)");
    CHECK(anon[0] == 'p', "the parent's private anonymous page is unchanged");
    pid = spawn(write_and_report, shared);
    sc4(SYS_wait4, pid, &st, 0, NULL);
    CHECK(shared[0] == 'c', "a MAP_SHARED page is shared with the child");
    shared_word = 5;
    CHECK(shared_word == 5, "the parent can still write its copy-on-write page");
}

static void test_kill_status(void)
{
    int st;
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        for (;;)
            sc0(SYS_sched_yield);
    }
    CHECK_RET(sc2(SYS_kill, pid, SIGTERM), 0, "kill(child, SIGTERM)");
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "wait for the killed child");
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM, "status says killed by SIGTERM (0x%x)", st);
    CHECK_RET(sc2(SYS_kill, pid, 0), -ESRCH, "the reaped child is gone: ESRCH");
    CHECK_RET(sc2(SYS_kill, 1, 65), -EINVAL, "signal 65: EINVAL");
}

static void test_stop_continue(void)
{
    int st;
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        for (;;)
            sc0(SYS_sched_yield);
    }
    CHECK_RET(sc2(SYS_kill, pid, SIGSTOP), 0, "kill(child, SIGSTOP)");
    CHECK_RET(sc4(SYS_wait4, pid, &st, WUNTRACED, NULL), pid, "wait4 WUNTRACED reports the stop");
    CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP, "status says stopped by SIGSTOP (0x%x)", st);
    CHECK_RET(sc4(SYS_wait4, pid, &st, WUNTRACED | WNOHANG, NULL), 0, "the stop is reported once");
    CHECK_RET(sc2(SYS_kill, pid, SIGCONT), 0, "kill(child, SIGCONT)");
    CHECK_RET(sc4(SYS_wait4, pid, &st, WCONTINUED, NULL), pid, "wait4 WCONTINUED reports it");
    CHECK(WIFCONTINUED(st), "status says continued (0x%x)", st);
    sc2(SYS_kill, pid, SIGKILL);
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "SIGKILL ends it");
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed by SIGKILL (0x%x)", st);
}

static void test_exec(void)
{
    int st;
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        char *argv[] = { "/tests/fork", "exec-child", "arg2", NULL };
        char *envp[] = { "WICKET_TEST=1", NULL };
        sc3(SYS_execve, "/tests/fork", argv, envp);
        syscall(SYS_exit_group, 99);
    }
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "wait for a child that execs this program");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "the new program saw its argv and envp (0x%x)", st);
    CHECK_RET(sc3(SYS_execve, "/no/such/file", NULL, NULL), -ENOENT, "execve of a missing file");
    CHECK_RET(sc3(SYS_execve, "/data/hello.txt", NULL, NULL), -EACCES, "execve of a non-executable file");
    CHECK_RET(sc3(SYS_execve, "/data", NULL, NULL), -EACCES, "execve of a directory");
    CHECK_RET(sc3(SYS_execve, NULL, NULL, NULL), -EFAULT, "execve with a NULL path");
}

static void on_usr1(int sig) { (void)sig; }

/* What execve keeps and what it resets: descriptors without close-on-exec stay open, those
 * with it close; caught signals return to their default, ignored ones stay ignored; the
 * signal mask is kept. The new program (check-exec-state) reports by its exit status. */
static void test_exec_resets(void)
{
    int keep = (int)sc3(SYS_open, "/data/hello.txt", O_RDONLY, 0);
    int drop = (int)sc3(SYS_open, "/data/hello.txt", O_RDONLY | O_CLOEXEC, 0);
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        signal(SIGUSR1, on_usr1);
        signal(SIGUSR2, SIG_IGN);
        sigset_t mask;
        sigemptyset(&mask);
        sigaddset(&mask, SIGHUP);
        sigprocmask(SIG_BLOCK, &mask, NULL);
        char fds[2][16];
        snprintf(fds[0], sizeof(fds[0]), "%d", keep);
        snprintf(fds[1], sizeof(fds[1]), "%d", drop);
        char *argv[] = { "fork", "check-exec-state", fds[0], fds[1], NULL };
        sc3(SYS_execve, "/tests/fork", argv, NULL);
        syscall(SYS_exit_group, 99);
    }
    int st;
    sc4(SYS_wait4, pid, &st, 0, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "after execve: plain fds stay, O_CLOEXEC ones close, handlers reset, SIG_IGN and the mask stay (failed check %d)",
          WEXITSTATUS(st));
    sc1(SYS_close, keep);
    sc1(SYS_close, drop);
}

static int check_exec_state(char **argv)
{
    struct sigaction sa;
    sigset_t mask;
    if (sc2(SYS_fcntl, atoi(argv[2]), F_GETFD) != 0)
        return 1;
    if (sc2(SYS_fcntl, atoi(argv[3]), F_GETFD) != -EBADF)
        return 2;
    if (sigaction(SIGUSR1, NULL, &sa) || sa.sa_handler != SIG_DFL)
        return 3;
    if (sigaction(SIGUSR2, NULL, &sa) || sa.sa_handler != SIG_IGN)
        return 4;
    if (sigprocmask(SIG_BLOCK, NULL, &mask) || !sigismember(&mask, SIGHUP))
        return 5;
    return 0;
}

static void test_orphans(void)
{
    int st;
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        long grandchild = sc0(SYS_fork);
        if (grandchild == 0) {
            while (sc0(SYS_getppid) != 1)
                sc0(SYS_sched_yield);
            syscall(SYS_exit_group, 33);
        }
        syscall(SYS_exit_group, 0);
    }
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "the middle process exits");
    long orphan = sc4(SYS_wait4, -1, &st, 0, NULL);
    CHECK(orphan > 1 && WIFEXITED(st) && WEXITSTATUS(st) == 33,
          "its orphaned child is re-parented to init, which reaps it (status 0x%x)", st);
}

static void test_groups(void)
{
    CHECK_RET(sc1(SYS_getpgid, 0), sc0(SYS_getpgrp), "getpgid(0) is getpgrp()");
    CHECK_RET(sc1(SYS_getsid, 0), sc1(SYS_getsid, 1), "getsid(0) is the caller's session");
    CHECK_RET(sc1(SYS_getpgid, 30000), -ESRCH, "getpgid of a missing process: ESRCH");
    int st;
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        long sid = sc0(SYS_setsid);
        syscall(SYS_exit_group, sid == sc0(SYS_getpid) && sc0(SYS_getpgrp) == sid ? 0 : 1);
    }
    sc4(SYS_wait4, pid, &st, 0, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "a child's setsid makes it leader of a new session and group");
    pid = sc0(SYS_fork);
    if (pid == 0) {
        for (;;)
            sc0(SYS_sched_yield);
    }
    CHECK_RET(sc2(SYS_setpgid, pid, 0), 0, "setpgid(child, 0) puts it in its own group");
    CHECK_RET(sc1(SYS_getpgid, pid), pid, "its group is its pid");
    CHECK_RET(sc2(SYS_setpgid, pid, -1), -EINVAL, "a negative group: EINVAL");
    CHECK_RET(sc2(SYS_setpgid, 30000, 0), -ESRCH, "setpgid of a stranger: ESRCH");
    CHECK_RET(sc2(SYS_kill, -pid, SIGKILL), 0, "kill(-pgid) signals the group");
    sc4(SYS_wait4, pid, &st, 0, NULL);
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "the group's member was killed");
}

/* Writes an executable file at path with the given contents. */
static int make_file(const char *path, const char *text, int mode)
{
    int fd = (int)sc4(SYS_open, path, O_WRONLY | O_CREAT | O_TRUNC, mode, 0);
    if (fd < 0)
        return fd;
    sc3(SYS_write, fd, text, strlen(text));
    return (int)sc1(SYS_close, fd);
}

/* Runs path with argv in a child and returns its wait status, or -errno from execve (the
 * child reports it as exit status 100 + errno). */
static int run(const char *path, char *const argv[])
{
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        long err = sc3(SYS_execve, path, argv, NULL);
        syscall(SYS_exit_group, 100 - err);
    }
    int st = 0;
    sc4(SYS_wait4, pid, &st, 0, NULL);
    return WIFEXITED(st) && WEXITSTATUS(st) >= 100 ? -(WEXITSTATUS(st) - 100) : st;
}

static void test_scripts(void)
{
    make_file("/tmp/script1", "#!/tests/fork script-mode  \nignored\n", 0755);
    make_file("/tmp/script2", "#!/tmp/script1\n", 0755);
    make_file("/tmp/loop", "#!/tmp/loop\n", 0755);
    make_file("/tmp/garbage", "\x7f" "ELF but not really, and no #! either", 0755);
    make_file("/tmp/nointerp", "#!\n", 0755);
    make_file("/tmp/missing-interp", "#!/no/such/interpreter\n", 0755);
    char *argv[] = { "script1", "extra", NULL };
    int st = run("/tmp/script1", argv);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 43,
          "a #! script runs its interpreter with the line's argument, the script path and the other arguments (0x%x)", st);
    char *argv2[] = { "script2", "extra", NULL };
    st = run("/tmp/script2", argv2);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 44, "a script whose interpreter is a script nests (0x%x)", st);
    CHECK_RET(run("/tmp/loop", argv), -ELOOP, "a script that names itself: ELOOP");
    CHECK_RET(run("/tmp/garbage", argv), -ENOEXEC, "a file that is neither ELF nor #!: ENOEXEC");
    CHECK_RET(run("/tmp/nointerp", argv), -ENOEXEC, "'#!' without an interpreter: ENOEXEC");
    CHECK_RET(run("/tmp/missing-interp", argv), -ENOENT, "a missing interpreter: ENOENT");
}

/* Interpreter side of test_scripts: this program started through #! lines. */
static int script_mode(int argc, char **argv)
{
    if (argc == 4 && !strcmp(argv[2], "/tmp/script1") && !strcmp(argv[3], "extra"))
        return 43;      /* [/tests/fork, script-mode, /tmp/script1, extra] */
    if (argc == 5 && !strcmp(argv[2], "/tmp/script1") && !strcmp(argv[3], "/tmp/script2") &&
        !strcmp(argv[4], "extra"))
        return 44;
    return 1;
}

static void test_exec_limits(void)
{
    size_t big = 128 * 1024 + 1;
    char *huge = malloc(big + 1);
    memset(huge, 'x', big);
    huge[big] = 0;
    char *argv[] = { "fork", huge, NULL };
    CHECK_RET(run("/tests/fork", argv), -E2BIG, "an argument longer than 32 pages: E2BIG");
    huge[64 * 1024] = 0;
    char *many[64];
    for (int i = 0; i < 63; i++)
        many[i] = huge;
    many[63] = NULL;
    CHECK_RET(run("/tests/fork", many), -E2BIG, "arguments above a quarter of the stack limit: E2BIG");
    free(huge);
    static char env_big[50000];
    static char nums[2000][8];
    static char *args[2003];
    memset(env_big, 'x', 48893);
    memcpy(env_big, "BIG=", 4);
    args[0] = "fork";
    args[1] = "count-args";
    for (int i = 0; i < 2000; i++) {
        snprintf(nums[i], sizeof(nums[i]), "%d", i);
        args[i + 2] = nums[i];
    }
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        char *envp[] = { env_big, NULL };
        sc3(SYS_execve, "/tests/fork", args, envp);
        syscall(SYS_exit_group, 99);
    }
    int st;
    sc4(SYS_wait4, pid, &st, 0, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "2000 arguments and a 48 KiB environment string pass through exec (0x%x)", st);
    char *volatile bad[] = { "fork", (char *)1, NULL };
    CHECK_RET(run("/tests/fork", (char **)bad), -EFAULT, "an argument pointer that is not mapped: EFAULT");
    char **volatile unmapped = (char **)1;
    CHECK_RET(run("/tests/fork", unmapped), -EFAULT, "an argv array that is not mapped: EFAULT");
}

static volatile int vfork_marker;

/* vfork's child runs on the parent's stack, so it must not return or call anything: the child
 * here stores to a global and exits in the same few instructions. */
static long vfork_and_exit(void)
{
    long pid;
    __asm__ volatile("syscall\n\t"
                     "test %%rax, %%rax\n\t"
                     "jnz 1f\n\t"
                     "movl $1, vfork_marker(%%rip)\n\t"
                     "mov $60, %%eax\n\t"
                     "mov $5, %%edi\n\t"
                     "syscall\n"
                     "1:"
                     : "=a"(pid) : "a"((long)SYS_vfork) : "rcx", "r11", "rdi", "memory");
    return pid;
}

static void test_execveat(void)
{
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        int fd = (int)sc2(SYS_open, "/tests/fork", O_RDONLY);
        char *argv[] = { "fork", "exec-child", "arg2", NULL };
        char *envp[] = { "WICKET_TEST=1", NULL };
        sc5(SYS_execveat, fd, "", argv, envp, AT_EMPTY_PATH);
        syscall(SYS_exit_group, 99);
    }
    int st;
    sc4(SYS_wait4, pid, &st, 0, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "execveat(fd, \"\", AT_EMPTY_PATH) runs the open file (0x%x)", st);
    int dir = (int)sc2(SYS_open, "/tests", O_RDONLY | O_DIRECTORY);
    char *argv[] = { "fork", NULL };
    CHECK_RET(sc5(SYS_execveat, dir, "", argv, NULL, 0), -ENOENT, "an empty path without AT_EMPTY_PATH: ENOENT");
    CHECK_RET(sc5(SYS_execveat, dir, "fork", argv, NULL, 0x8000), -EINVAL, "an unknown flag: EINVAL");
    CHECK_RET(sc5(SYS_execveat, 99, "fork", argv, NULL, 0), -EBADF, "a relative path from a bad fd: EBADF");
    CHECK_RET(sc5(SYS_execveat, 99, "", argv, NULL, AT_EMPTY_PATH), -EBADF, "AT_EMPTY_PATH on a bad fd: EBADF");
    CHECK_RET(sc5(SYS_execveat, AT_FDCWD, "/data/link", argv, NULL, AT_SYMLINK_NOFOLLOW), -ELOOP,
              "AT_SYMLINK_NOFOLLOW on a symlink: ELOOP");
    sc1(SYS_close, dir);
}

static void test_waitid(void)
{
    siginfo_t si;
    int pid = spawn(exit_with, (void *)12L);
    memset(&si, 0xff, sizeof(si));
    CHECK_RET(sc5(SYS_waitid, P_PID, pid, &si, WEXITED | WNOWAIT, NULL), 0, "waitid WNOWAIT");
    CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 12 && si.si_signo == SIGCHLD,
          "fills pid, CLD_EXITED, status 12 and SIGCHLD");
    CHECK_RET(sc5(SYS_waitid, P_ALL, 0, &si, WEXITED, NULL), 0, "waitid P_ALL then reaps it");
    CHECK_RET(sc5(SYS_waitid, P_PID, pid, &si, WEXITED, NULL), -ECHILD, "after which it is gone: ECHILD");
    CHECK_RET(sc5(SYS_waitid, P_ALL, 0, &si, 0, NULL), -EINVAL, "waitid without WEXITED/WSTOPPED/WCONTINUED: EINVAL");
    CHECK_RET(sc5(SYS_waitid, 7, 0, &si, WEXITED, NULL), -EINVAL, "an unknown idtype: EINVAL");
    long child = sc0(SYS_fork);
    if (child == 0) {
        struct timespec ts = { 100, 0 };
        sc2(SYS_nanosleep, &ts, NULL);
    }
    memset(&si, 0xff, sizeof(si));
    CHECK_RET(sc5(SYS_waitid, P_ALL, 0, &si, WEXITED | WNOHANG, NULL), 0, "waitid WNOHANG with a running child");
    CHECK(si.si_pid == 0 && si.si_signo == 0, "leaves si_pid and si_signo zero");
    sc2(SYS_kill, child, SIGKILL);
    CHECK_RET(sc5(SYS_waitid, P_PID, child, &si, WEXITED, NULL), 0, "waitid for a killed child");
    CHECK(si.si_code == CLD_KILLED && si.si_status == SIGKILL, "reports CLD_KILLED and the signal");
    /* A bad pointer loses the news: Linux reaps the child first, then fails to store. */
    static const int kinds[] = { BP_KERNEL, BP_NONCANON_LOW, BP_UNMAPPED, BP_READONLY };
    for (unsigned i = 0; i < sizeof(kinds) / sizeof(kinds[0]); i++) {
        pid = spawn(exit_with, (void *)1L);
        CHECK_RET(sc4(SYS_wait4, pid, bad_ptr(kinds[i], sizeof(int)), 0, NULL), -EFAULT,
                  "wait4 into a bad status [%s]", bad_ptr_names[kinds[i]]);
        CHECK_RET(sc4(SYS_wait4, pid, NULL, WNOHANG, NULL), -ECHILD, "the child was reaped anyway");
        pid = spawn(exit_with, (void *)1L);
        CHECK_RET(sc5(SYS_waitid, P_PID, pid, bad_ptr(kinds[i], sizeof(si)), WEXITED, NULL), -EFAULT,
                  "waitid into a bad siginfo [%s]", bad_ptr_names[kinds[i]]);
        CHECK_RET(sc4(SYS_wait4, pid, NULL, WNOHANG, NULL), -ECHILD, "that child was reaped too");
    }
}

static void test_clone_flags(void)
{
    static volatile int child_tid_slot, parent_tid_slot;
    long pid = sc5(SYS_clone, CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | SIGCHLD, 0,
                   &parent_tid_slot, &child_tid_slot, 0);
    if (pid == 0)
        syscall(SYS_exit_group, child_tid_slot == sc0(SYS_getpid) ? 0 : 1);
    int st;
    sc4(SYS_wait4, pid, &st, 0, NULL);
    CHECK(parent_tid_slot == pid, "CLONE_PARENT_SETTID stores the child's id in the parent");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "CLONE_CHILD_SETTID stores it in the child's memory");
    CHECK(child_tid_slot == 0, "but not in the parent's copy");
    CHECK_RET(sc5(SYS_clone, CLONE_SIGHAND | SIGCHLD, 0, NULL, NULL, 0), -EINVAL,
              "CLONE_SIGHAND without CLONE_VM: EINVAL");
    CHECK_RET(sc5(SYS_clone, CLONE_THREAD | CLONE_VM | SIGCHLD, 0, NULL, NULL, 0), -EINVAL,
              "CLONE_THREAD without CLONE_SIGHAND: EINVAL");
    pid_t spawned;
    char *argv[] = { "fork", "exec-child", "arg2", NULL };
    char *envp[] = { "WICKET_TEST=1", NULL };
    CHECK_RET(posix_spawn(&spawned, "/tests/fork", NULL, NULL, argv, envp), 0,
              "posix_spawn (clone with CLONE_VM | CLONE_VFORK and a new stack)");
    sc4(SYS_wait4, spawned, &st, 0, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 42, "the spawned program ran with its arguments (0x%x)", st);
    CHECK(posix_spawn(&spawned, "/no/such", NULL, NULL, argv, envp) == ENOENT,
          "posix_spawn of a missing file reports ENOENT");
}

static void test_vfork(void)
{
    long pid = vfork_and_exit();
    volatile int marker = vfork_marker;
    int st;
    CHECK(marker == 1, "vfork's child ran first, in the parent's memory");
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "vfork's child is waited for");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 5, "with its status (0x%x)", st);
}

static void test_nproc_limit(void)
{
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        struct rlimit lim = { 5, 5 };
        sc3(SYS_setresuid, 4242, 4242, 4242);
        sc4(SYS_prlimit64, 0, RLIMIT_NPROC, &lim, NULL);
        int made = 0;
        long r;
        while ((r = sc0(SYS_fork)) > 0)
            made++;
        if (r == 0) {
            for (;;)
                sc0(SYS_pause);     /* the bomb's children wait to be killed */
        }
        sc2(SYS_kill, -1, SIGKILL);     /* an unprivileged kill(-1) reaches only our uid */
        while (sc4(SYS_wait4, -1, NULL, 0, NULL) > 0)
            ;
        syscall(SYS_exit_group, r == -EAGAIN && made == 4 ? 0 : 1 + made);
    }
    int st;
    sc4(SYS_wait4, pid, &st, 0, NULL);
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "RLIMIT_NPROC stops a fork bomb of an unprivileged user with EAGAIN (status 0x%x)", st);
}

static void test_kill_blocked(void)
{
    int st;
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        struct timespec ts = { 100, 0 };
        sc2(SYS_nanosleep, &ts, NULL);
        syscall(SYS_exit_group, 1);
    }
    struct timespec short_wait = { 0, 20 * 1000 * 1000 };
    sc2(SYS_nanosleep, &short_wait, NULL);
    CHECK_RET(sc2(SYS_kill, pid, SIGKILL), 0, "SIGKILL to a child sleeping in nanosleep");
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "it dies at once");
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "killed by SIGKILL (0x%x)", st);
    pid = sc0(SYS_fork);
    if (pid == 0) {
        long grandchild = sc0(SYS_fork);
        if (grandchild == 0) {
            struct timespec ts = { 100, 0 };
            sc2(SYS_nanosleep, &ts, NULL);
        }
        sc4(SYS_wait4, grandchild, NULL, 0, NULL);
        syscall(SYS_exit_group, 1);
    }
    sc2(SYS_nanosleep, &short_wait, NULL);
    sc2(SYS_kill, pid, SIGKILL);
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "a child blocked in wait4 is killed too");
    CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "by SIGKILL (0x%x)", st);
    long orphan = sc4(SYS_wait4, -1, &st, WNOHANG, NULL);
    CHECK(orphan >= 0, "its sleeping child lives on as init's (wait4 WNOHANG = %ld)", orphan);
    sc2(SYS_kill, -1, SIGKILL);
    while (sc4(SYS_wait4, -1, NULL, 0, NULL) > 0)
        ;
}

static volatile int *progress;

static void test_preemption(void)
{
    progress = mmap(NULL, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        for (;;)
            (*progress)++;      /* never enters the kernel */
    }
    long spins = 0;
    while (*progress < 1000 && spins < 4000000000L)
        spins++;                /* neither does the parent: only the timer can switch */
    CHECK(*progress >= 1000, "a CPU-bound child makes progress while its parent spins in user mode");
    sc2(SYS_kill, pid, SIGKILL);
    sc4(SYS_wait4, pid, NULL, 0, NULL);
}

static void test_memory_exhaustion(void)
{
    int st;
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        for (;;) {
            char *p = mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
            if (p == MAP_FAILED)
                syscall(SYS_exit_group, 3);
            for (long i = 0; i < (16 << 20); i += PAGE)
                p[i] = 1;
        }
    }
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "a child touching memory until none is left ends");
    CHECK((WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL) || (WIFEXITED(st) && WEXITSTATUS(st) == 3),
          "killed by the out-of-memory killer, or refused by mmap (0x%x)", st);
    pid = spawn(exit_with, (void *)9L);
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "afterwards fork works again");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 9, "and its child runs (0x%x)", st);
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "exec-child"))
        return argc == 3 && !strcmp(argv[2], "arg2") && getenv("WICKET_TEST") ? 42 : 1;
    if (argc == 4 && !strcmp(argv[1], "check-exec-state"))
        return check_exec_state(argv);
    if (argc > 1 && !strcmp(argv[1], "count-args"))
        return argc == 2002 && !strcmp(argv[2001], "1999") && getenv("BIG") && strlen(getenv("BIG")) == 48889 ? 0 : 1;
    if (argc > 1 && !strcmp(argv[1], "script-mode"))
        return script_mode(argc, argv);
    test_fork_and_wait();
    test_child_identity();
    test_cow();
    test_kill_status();
    test_stop_continue();
    test_exec();
    test_exec_resets();
    test_orphans();
    test_groups();
    test_scripts();
    test_exec_limits();
    test_vfork();
    test_execveat();
    test_waitid();
    test_clone_flags();
    test_nproc_limit();
    test_kill_blocked();
    test_preemption();
    test_memory_exhaustion();
    return tap_done();
}
