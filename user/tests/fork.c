/* In-VM tests of the process model: fork and vfork, copy-on-write isolation, wait4 and waitid
 * statuses, zombies and orphans, execve (arguments, #! scripts, the errors), process groups and
 * sessions, and kill's default actions. The program runs as init (PID 1). */
#include "tap.h"
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <fcntl.h>

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

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "exec-child"))
        return argc == 3 && !strcmp(argv[2], "arg2") && getenv("WICKET_TEST") ? 42 : 1;
    test_fork_and_wait();
    test_child_identity();
    test_cow();
    test_kill_status();
    test_stop_continue();
    test_exec();
    test_orphans();
    test_groups();
    return tap_done();
}
