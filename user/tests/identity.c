/* In-VM tests of credentials and process attributes: the set*id and get*id families and
 * supplementary groups (root first, then after dropping root in a child), prctl's name and
 * flags, the robust-futex list head, CPU affinity, nice values and scheduling policy queries,
 * times and getrusage. */
#include "tap.h"
#include <sys/wait.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sched.h>

#define PR_SET_PDEATHSIG 1
#define PR_GET_PDEATHSIG 2
#define PR_GET_DUMPABLE 3
#define PR_SET_NAME 15
#define PR_GET_NAME 16
#define PR_SET_NO_NEW_PRIVS 38
#define PR_GET_NO_NEW_PRIVS 39

static void test_ids_as_root(void)
{
    unsigned r = 9, e = 9, s = 9;
    CHECK_RET(sc3(SYS_getresuid, &r, &e, &s), 0, "getresuid");
    CHECK(r == 0 && e == 0 && s == 0, "init runs as uid 0/0/0");
    CHECK_RET(sc3(SYS_getresgid, &r, &e, &s), 0, "getresgid");
    CHECK(r == 0 && e == 0 && s == 0, "and gid 0/0/0");
    EFAULT_EACH(BP_WRITES, sizeof(unsigned), sc3(SYS_getresuid, bp, &e, &s), "getresuid into a bad pointer");
    unsigned groups[4] = { 10, 20, 30 };
    CHECK_RET(sc2(SYS_setgroups, 3, groups), 0, "setgroups with three groups");
    CHECK_RET(sc2(SYS_getgroups, 0, NULL), 3, "getgroups(0) counts them");
    unsigned got[4] = { 0 };
    CHECK_RET(sc2(SYS_getgroups, 4, got), 3, "getgroups returns them");
    CHECK(got[0] == 10 && got[1] == 20 && got[2] == 30, "in order");
    CHECK_RET(sc2(SYS_getgroups, 2, got), -EINVAL, "getgroups with too small a buffer: EINVAL");
    CHECK_RET(sc2(SYS_getgroups, -1, got), -EINVAL, "getgroups with a negative size: EINVAL");
    CHECK_RET(sc2(SYS_setgroups, 1, NULL), -EFAULT, "setgroups from NULL: EFAULT");
    CHECK_RET(sc2(SYS_setgroups, 0, NULL), 0, "setgroups(0) clears the list");
    CHECK_RET(sc1(SYS_setuid, -1), -EINVAL, "setuid(-1): EINVAL");
}

static int drop_root_child(void)
{
    if (sc3(SYS_setresgid, 100, 100, 100) || sc3(SYS_setresuid, 1000, 1000, 1000))
        return 1;
    if (sc0(SYS_getuid) != 1000 || sc0(SYS_geteuid) != 1000 || sc0(SYS_getgid) != 100)
        return 2;
    if (sc1(SYS_setuid, 0) != -EPERM)
        return 3;       /* root is gone for good */
    if (sc3(SYS_setresuid, -1, 1000, -1) != 0)
        return 4;       /* moving among one's own ids is allowed */
    unsigned g = 5;
    if (sc2(SYS_setgroups, 1, &g) != -EPERM)
        return 5;
    if (sc1(SYS_setfsuid, 0) != 1000)
        return 6;       /* returns the previous value... */
    if (sc1(SYS_setfsuid, -1) != 1000)
        return 7;       /* ...and refused the change */
    return 0;
}

static void test_dropping_root(void)
{
    int st;
    long pid = sc0(SYS_fork);
    if (pid == 0)
        syscall(SYS_exit_group, drop_root_child());
    CHECK_RET(sc4(SYS_wait4, pid, &st, 0, NULL), pid, "a child drops root");
    CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0,
          "then cannot regain it, may switch among its own ids, cannot set groups (step %d failed)",
          WEXITSTATUS(st));
}

static void test_prctl(void)
{
    char name[16] = { 0 };
    CHECK_RET(sc2(SYS_prctl, PR_SET_NAME, "wicket-renamed-long"), 0, "PR_SET_NAME with a long name");
    CHECK_RET(sc2(SYS_prctl, PR_GET_NAME, name), 0, "PR_GET_NAME");
    CHECK(!strcmp(name, "wicket-renamed-"), "the name is cut to 15 bytes (got '%s')", name);
    CHECK_RET(sc2(SYS_prctl, PR_SET_NAME, NULL), -EFAULT, "PR_SET_NAME from NULL: EFAULT");
    CHECK_RET(sc2(SYS_prctl, PR_GET_NAME, NULL), -EFAULT, "PR_GET_NAME into NULL: EFAULT");
    CHECK_RET(sc2(SYS_prctl, PR_SET_PDEATHSIG, 65), -EINVAL, "PR_SET_PDEATHSIG 65: EINVAL");
    CHECK_RET(sc2(SYS_prctl, PR_SET_PDEATHSIG, 9), 0, "PR_SET_PDEATHSIG 9");
    int sig = 0;
    CHECK_RET(sc2(SYS_prctl, PR_GET_PDEATHSIG, &sig), 0, "PR_GET_PDEATHSIG");
    CHECK(sig == 9, "reads back 9");
    sc2(SYS_prctl, PR_SET_PDEATHSIG, 0);
    CHECK_RET(sc1(SYS_prctl, PR_GET_DUMPABLE), 1, "a process is dumpable");
    CHECK_RET(sc5(SYS_prctl, PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0), 0, "no_new_privs starts clear");
    CHECK_RET(sc5(SYS_prctl, PR_SET_NO_NEW_PRIVS, 2, 0, 0, 0), -EINVAL, "PR_SET_NO_NEW_PRIVS 2: EINVAL");
    CHECK_RET(sc1(SYS_prctl, 0x7fff), -EINVAL, "an unknown option: EINVAL");
}

static void test_robust_list(void)
{
    static long head[3];
    CHECK_RET(sc2(SYS_set_robust_list, head, 23), -EINVAL, "set_robust_list with a wrong size: EINVAL");
    CHECK_RET(sc2(SYS_set_robust_list, head, 24), 0, "set_robust_list");
    void *got = NULL;
    size_t len = 0;
    CHECK_RET(sc3(SYS_get_robust_list, 0, &got, &len), 0, "get_robust_list");
    CHECK(got == head && len == 24, "returns the head and its size");
    CHECK_RET(sc3(SYS_get_robust_list, 30000, &got, &len), -ESRCH, "of a missing process: ESRCH");
}

static void test_sched(void)
{
    unsigned long mask = 0;
    CHECK_RET(sc3(SYS_sched_getaffinity, 0, sizeof(mask), &mask), sizeof(mask), "sched_getaffinity");
    CHECK(mask & 1, "CPU 0 is in the mask");
    CHECK_RET(sc3(SYS_sched_getaffinity, 0, 4, &mask), -EINVAL, "with 4 bytes: EINVAL");
    CHECK_RET(sc3(SYS_sched_getaffinity, 30000, sizeof(mask), &mask), -ESRCH, "of a missing pid: ESRCH");
    CHECK_RET(sc3(SYS_sched_getaffinity, 0, sizeof(mask), NULL), -EFAULT, "into NULL: EFAULT");
    mask = 1;
    CHECK_RET(sc3(SYS_sched_setaffinity, 0, sizeof(mask), &mask), 0, "sched_setaffinity to CPU 0");
    CHECK_RET(sc1(SYS_sched_getscheduler, 0), SCHED_OTHER, "the policy is SCHED_OTHER");
    CHECK_RET(sc1(SYS_sched_getscheduler, -1), -EINVAL, "sched_getscheduler(-1): EINVAL");
    CHECK_RET(sc1(SYS_sched_get_priority_max, SCHED_FIFO), 99, "FIFO priorities go to 99");
    CHECK_RET(sc1(SYS_sched_get_priority_min, SCHED_OTHER), 0, "OTHER has only 0");
    CHECK_RET(sc1(SYS_sched_get_priority_max, 42), -EINVAL, "an unknown policy: EINVAL");
    CHECK_RET(sc2(SYS_getpriority, PRIO_PROCESS, 0), 20, "getpriority reports 20 - nice (nice 0)");
    CHECK_RET(sc3(SYS_setpriority, PRIO_PROCESS, 0, 5), 0, "setpriority to nice 5");
    CHECK_RET(sc2(SYS_getpriority, PRIO_PROCESS, 0), 15, "reads back as 15");
    CHECK_RET(sc3(SYS_setpriority, PRIO_PROCESS, 0, 100), 0, "nice 100 is clamped");
    CHECK_RET(sc2(SYS_getpriority, PRIO_PROCESS, 0), 1, "to 19");
    sc3(SYS_setpriority, PRIO_PROCESS, 0, 0);
    CHECK_RET(sc2(SYS_getpriority, 7, 0), -EINVAL, "an unknown 'which': EINVAL");
    CHECK_RET(sc2(SYS_getpriority, PRIO_PROCESS, 30000), -ESRCH, "a missing process: ESRCH");
}

static void test_times(void)
{
    struct tms t;
    long ticks = sc1(SYS_times, &t);
    CHECK(ticks > 0, "times returns a positive tick count (%ld)", ticks);
    CHECK_RET(sc1(SYS_times, NULL), sc1(SYS_times, NULL), "times(NULL) works");
    CHECK_RET(sc1(SYS_times, (void *)1), -EFAULT, "times into a bad pointer: EFAULT");
    struct rusage ru;
    CHECK_RET(sc2(SYS_getrusage, RUSAGE_SELF, &ru), 0, "getrusage(RUSAGE_SELF)");
    CHECK_RET(sc2(SYS_getrusage, RUSAGE_CHILDREN, &ru), 0, "getrusage(RUSAGE_CHILDREN)");
    CHECK_RET(sc2(SYS_getrusage, 5, &ru), -EINVAL, "an unknown 'who': EINVAL");
    CHECK_RET(sc2(SYS_getrusage, RUSAGE_SELF, NULL), -EFAULT, "into NULL: EFAULT");
}

int main(void)
{
    test_ids_as_root();
    test_dropping_root();
    test_prctl();
    test_robust_list();
    test_sched();
    test_times();
    return tap_done();
}
