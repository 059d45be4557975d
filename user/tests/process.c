/* In-VM tests of process state: identity (getpid, getppid, gettid, get[e]uid, get[e]gid),
 * set_tid_address, arch_prctl (FS and GS bases), umask, resource limits (prlimit64, getrlimit)
 * and sched_yield. The program runs as init, so it is PID 1 with parent 0 and root credentials. */
#include "tap.h"
#include <sys/resource.h>

#define ARCH_SET_GS 0x1001
#define ARCH_SET_FS 0x1002
#define ARCH_GET_FS 0x1003
#define ARCH_GET_GS 0x1004
#define ARCH_GET_CPUID 0x1011

/* A system call that never touches errno. Needed while the FS base is not musl's thread
 * pointer: errno lives in thread-local storage, so musl's syscall() would dereference %fs. */
static inline long raw_syscall2(long nr, long a, long b)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
    return ret;
}

static inline unsigned long read_fs0(void)
{
    unsigned long v;
    __asm__ volatile("movq %%fs:0, %0" : "=r"(v));
    return v;
}

static inline unsigned long read_gs0(void)
{
    unsigned long v;
    __asm__ volatile("movq %%gs:0, %0" : "=r"(v));
    return v;
}

static void test_identity(void)
{
    CHECK_RET(sc0(SYS_getpid), 1, "getpid of init");
    CHECK_RET(sc0(SYS_getppid), 0, "getppid of init");
    CHECK_RET(sc0(SYS_gettid), 1, "gettid of init's only thread");
    CHECK_RET(sc0(SYS_getuid), 0, "getuid");
    CHECK_RET(sc0(SYS_geteuid), 0, "geteuid");
    CHECK_RET(sc0(SYS_getgid), 0, "getgid");
    CHECK_RET(sc0(SYS_getegid), 0, "getegid");
    int word = 5;
    CHECK_RET(sc1(SYS_set_tid_address, &word), 1, "set_tid_address returns the tid");
    CHECK(word == 5, "set_tid_address does not write the word");
    CHECK_RET(sc1(SYS_set_tid_address, bad_ptr(BP_KERNEL, 4)), 1,
              "set_tid_address stores even a kernel address unchecked");
    CHECK_RET(sc1(SYS_set_tid_address, NULL), 1, "set_tid_address NULL");
    CHECK_RET(sc0(SYS_sched_yield), 0, "sched_yield");
}

/* Switches FS to a buffer of our own, reads %fs:0, and switches back before doing anything
 * that could use thread-local storage. */
static void test_arch_prctl_fs(void)
{
    static unsigned long fake_tls[2] = {0x1122334455667788UL, 0};
    unsigned long orig = 0, seen_base = 0, seen_word = 0;
    long got = sc2(SYS_arch_prctl, ARCH_GET_FS, &orig);
    long set = raw_syscall2(SYS_arch_prctl, ARCH_SET_FS, (long)fake_tls);
    if (set == 0) {
        seen_word = read_fs0();
        raw_syscall2(SYS_arch_prctl, ARCH_GET_FS, (long)&seen_base);
    }
    long restore = raw_syscall2(SYS_arch_prctl, ARCH_SET_FS, (long)orig);
    CHECK(got == 0 && orig != 0, "ARCH_GET_FS returns musl's thread pointer (got %#lx)", orig);
    CHECK_RET(set, 0, "ARCH_SET_FS to a buffer");
    CHECK(seen_word == fake_tls[0], "%%fs:0 then reads the buffer (got %#lx)", seen_word);
    CHECK(seen_base == (unsigned long)fake_tls, "ARCH_GET_FS returns the new base");
    CHECK_RET(restore, 0, "ARCH_SET_FS back to the thread pointer");

    static const unsigned long bad_bases[] = {0x7ffffffff000UL, 0x800000000000UL,
                                              0x8000000000000000UL, 0xffffffff81000000UL};
    for (unsigned i = 0; i < sizeof(bad_bases) / sizeof(bad_bases[0]); i++) {
        long r = raw_syscall2(SYS_arch_prctl, ARCH_SET_FS, (long)bad_bases[i]);
        if (r == 0)
            raw_syscall2(SYS_arch_prctl, ARCH_SET_FS, (long)orig);
        CHECK_RET(r, -EPERM, "ARCH_SET_FS to %#lx (not below the user top)", bad_bases[i]);
    }
    EFAULT_EACH(BP_WRITES, 8, sc2(SYS_arch_prctl, ARCH_GET_FS, bp), "ARCH_GET_FS into a bad pointer");
}

static void test_arch_prctl_gs(void)
{
    static unsigned long gs_area[2] = {0xa5a5a5a5deadbeefUL, 0};
    unsigned long base = 1;
    CHECK_RET(sc2(SYS_arch_prctl, ARCH_GET_GS, &base), 0, "ARCH_GET_GS");
    CHECK(base == 0, "the GS base starts at 0 (got %#lx)", base);
    CHECK_RET(sc2(SYS_arch_prctl, ARCH_SET_GS, gs_area), 0, "ARCH_SET_GS to a buffer");
    CHECK(read_gs0() == gs_area[0], "%%gs:0 reads the buffer");
    sc2(SYS_arch_prctl, ARCH_GET_GS, &base);
    CHECK(base == (unsigned long)gs_area, "ARCH_GET_GS returns the new base");
    CHECK(read_gs0() == gs_area[0], "the GS base survives a system call");
    CHECK_RET(sc2(SYS_arch_prctl, ARCH_SET_GS, 0x800000000000L), -EPERM, "ARCH_SET_GS non-canonical");
    CHECK_RET(sc2(SYS_arch_prctl, ARCH_SET_GS, 0), 0, "ARCH_SET_GS back to 0");
    EFAULT_EACH(BP_WRITES, 8, sc2(SYS_arch_prctl, ARCH_GET_GS, bp), "ARCH_GET_GS into a bad pointer");
    CHECK_RET(sc2(SYS_arch_prctl, 0x9999, &base), -EINVAL, "arch_prctl with unknown code 0x9999");
    CHECK_RET(sc2(SYS_arch_prctl, 0, &base), -EINVAL, "arch_prctl with code 0");
    CHECK_RET(sc2(SYS_arch_prctl, ARCH_GET_CPUID, 0), 1, "ARCH_GET_CPUID: the cpuid instruction is allowed");
}

static void test_umask(void)
{
    CHECK_RET(sc1(SYS_umask, 077), 022, "the initial umask is 022; umask returns it");
    CHECK_RET(sc1(SYS_umask, 0), 077, "umask returns the previous mask");
    CHECK_RET(sc1(SYS_umask, 0xfff), 0, "umask with bits above 0777");
    CHECK_RET(sc1(SYS_umask, 022), 0777, "only the permission bits are kept");
}

static void test_rlimits(void)
{
    struct rlimit r, old, lim;
    CHECK_RET(sc2(SYS_getrlimit, RLIMIT_STACK, &r), 0, "getrlimit RLIMIT_STACK");
    CHECK(r.rlim_cur == 8UL << 20 && r.rlim_max == RLIM_INFINITY,
          "the stack limit is 8 MiB soft, unlimited hard (got %#llx/%#llx)",
          (unsigned long long)r.rlim_cur, (unsigned long long)r.rlim_max);
    CHECK_RET(sc2(SYS_getrlimit, RLIMIT_NOFILE, &r), 0, "getrlimit RLIMIT_NOFILE");
    CHECK(r.rlim_cur == 1024 && r.rlim_max == 4096, "the fd limit is 1024 soft, 4096 hard (got %llu/%llu)",
          (unsigned long long)r.rlim_cur, (unsigned long long)r.rlim_max);
    lim = (struct rlimit){512, r.rlim_max};
    CHECK_RET(sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, &lim, &old), 0, "prlimit64 lowers the soft fd limit");
    CHECK(old.rlim_cur == 1024 && old.rlim_max == 4096, "prlimit64 returns the old limit");
    sc2(SYS_getrlimit, RLIMIT_NOFILE, &r);
    CHECK(r.rlim_cur == 512 && r.rlim_max == 4096, "getrlimit sees the new soft limit (got %llu)",
          (unsigned long long)r.rlim_cur);
    CHECK_RET(sc4(SYS_prlimit64, 1, RLIMIT_NOFILE, NULL, &r), 0, "prlimit64 on pid 1, ourselves");
    CHECK_RET(sc4(SYS_prlimit64, 12345, RLIMIT_NOFILE, NULL, &r), -ESRCH, "prlimit64 on a missing pid");
    CHECK_RET(sc4(SYS_prlimit64, -1, RLIMIT_NOFILE, NULL, &r), -ESRCH, "prlimit64 on pid -1");
    CHECK_RET(sc4(SYS_prlimit64, -1, 16, NULL, NULL), -ESRCH,
              "prlimit64 on pid -1 with resource 16 (the pid is looked up before the resource)");
    CHECK_RET(sc4(SYS_prlimit64, -1, RLIMIT_NOFILE, bad_ptr(BP_UNMAPPED, sizeof(r)), NULL), -EFAULT,
              "prlimit64 on pid -1 with a bad new limit (it is copied before the pid is looked up)");
    lim = (struct rlimit){100, 50};
    CHECK_RET(sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, &lim, NULL), -EINVAL, "a soft limit above the hard one");
    lim = (struct rlimit){1024, 1UL << 30};
    CHECK_RET(sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, &lim, NULL), -EPERM, "an fd limit above nr_open");
    CHECK_RET(sc4(SYS_prlimit64, 0, 16, NULL, &r), -EINVAL, "prlimit64 resource 16 (RLIM_NLIMITS)");
    CHECK_RET(sc4(SYS_prlimit64, 0, -1, NULL, &r), -EINVAL, "prlimit64 resource -1");
    CHECK_RET(sc2(SYS_getrlimit, 100, &r), -EINVAL, "getrlimit resource 100");
    EFAULT_EACH(BP_WRITES, sizeof(r), sc2(SYS_getrlimit, RLIMIT_NOFILE, bp), "getrlimit into a bad buffer");
    /* NULL is not bad here: it means "do not set" / "do not return". */
    EFAULT_EACH(BP_READS & ~BP_MASK(BP_NULL), sizeof(r), sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, bp, NULL),
                "prlimit64 with a bad new limit");
    EFAULT_EACH(BP_WRITES & ~BP_MASK(BP_NULL), sizeof(r), sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, NULL, bp),
                "prlimit64 with a bad old-limit buffer");
    lim = (struct rlimit){256, 4096};
    CHECK_RET(sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, &lim, bad_ptr(BP_UNMAPPED, 16)), -EFAULT,
              "prlimit64 with a good new limit and a bad old-limit buffer");
    sc2(SYS_getrlimit, RLIMIT_NOFILE, &r);
    CHECK(r.rlim_cur == 256, "the new limit was applied anyway (got %llu)", (unsigned long long)r.rlim_cur);
    lim = (struct rlimit){1024, 4096};
    CHECK_RET(sc4(SYS_prlimit64, 0, RLIMIT_NOFILE, &lim, NULL), 0, "restore the fd limit");
}

int main(void)
{
    test_identity();
    test_arch_prctl_fs();
    test_arch_prctl_gs();
    test_umask();
    test_rlimits();
    return tap_done();
}
