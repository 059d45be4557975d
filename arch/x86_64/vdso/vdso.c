/* The vDSO: user-mode clock_gettime (in clock_gettime.S), gettimeofday, time, clock_getres and
 * getcpu, which the C library finds through AT_SYSINFO_EHDR. It is built as a small position-independent shared
 * object (vdso.lds) and runs in the caller's thread, on its stack. The clocks come from the TSC
 * with the parameters kernel/time.c publishes in the vvar page, the page just below the image,
 * using the kernel's own arithmetic so both paths read the same clock. Clocks it does not serve
 * (CPU time, unknown ids) go to the real system call, so errors are the kernel's. Results are
 * what the system call returns: 0 or -errno. */
#include <stdint.h>
#include <stddef.h>
#include "vdso_data.h"

#define EXPORT __attribute__((visibility("default")))
#define NS_PER_SEC 1000000000ull
#define US_PER_SEC 1000000ull
#define COARSE_RES_NS (NS_PER_SEC / 250)        /* as kernel/syscalls/time.c */

enum { SYS_clock_getres = 229 };
enum { CLOCK_REALTIME = 0, CLOCK_REALTIME_COARSE = 5, CLOCK_MONOTONIC_COARSE = 6 };

struct vdso_timespec { int64_t tv_sec; int64_t tv_nsec; };
struct vdso_timeval { int64_t tv_sec; int64_t tv_usec; };
struct vdso_timezone { int tz_minuteswest; int tz_dsttime; };

/* The vvar page, one page below the image (kernel/vdso.c maps it there, vdso.lds names it).
 * Hidden, so reaching it is PC-relative, needing no relocation. */
extern const struct vdso_data vvar __attribute__((visibility("hidden")));

static long syscall2(long nr, long a, long b)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
    return ret;
}

/* The time since boot in 64.64 fixed-point seconds, as kernel/time.c computes it. */
static unsigned __int128 since_boot(void)
{
    return (unsigned __int128)(__builtin_ia32_rdtsc() - vvar.tsc_at_boot) * vvar.sec_mult;
}

/* A fraction of a second (units of 2^-64 s) in whole units of 1/per_sec second. */
static int64_t frac_in(uint64_t frac, uint64_t per_sec)
{
    return (int64_t)(((unsigned __int128)frac * per_sec) >> 64);
}

/* The seconds of clock clk at time t since boot; clock_gettime.S repeats this in assembly. */
static int64_t clock_sec(unsigned clk, unsigned __int128 t)
{
    return (int64_t)((uint64_t)(t >> 64) + (uint64_t)vvar.clock_offset_sec[clk]);
}

static int clock_served(int clk)
{
    return (unsigned)clk < VDSO_CLOCK_IDS && vvar.clock_offset_sec[clk] != VDSO_CLOCK_UNSERVED;
}

/* The microseconds straight from the fraction equal the kernel's nanoseconds / 1000, since
 * flooring twice by whole divisors is flooring once by their product. */
EXPORT int __vdso_gettimeofday(struct vdso_timeval *tv, struct vdso_timezone *tz)
{
    if (tv) {
        unsigned __int128 t = since_boot();
        tv->tv_sec = clock_sec(CLOCK_REALTIME, t);
        tv->tv_usec = frac_in((uint64_t)t, US_PER_SEC);
    }
    if (tz) {
        tz->tz_minuteswest = 0;
        tz->tz_dsttime = 0;
    }
    return 0;
}

EXPORT int64_t __vdso_time(int64_t *tloc)
{
    int64_t sec = clock_sec(CLOCK_REALTIME, since_boot());
    if (tloc)
        *tloc = sec;
    return sec;
}

EXPORT int __vdso_clock_getres(int clk, struct vdso_timespec *res)
{
    if (!clock_served(clk))
        return (int)syscall2(SYS_clock_getres, clk, (long)res);
    if (res) {
        int coarse = clk == CLOCK_REALTIME_COARSE || clk == CLOCK_MONOTONIC_COARSE;
        res->tv_sec = 0;
        res->tv_nsec = coarse ? (int64_t)COARSE_RES_NS : 1;
    }
    return 0;
}

/* One CPU, one node. */
EXPORT int __vdso_getcpu(unsigned *cpu, unsigned *node, void *unused_cache)
{
    if (cpu)
        *cpu = 0;
    if (node)
        *node = 0;
    return 0;
}

/* The names without the prefix, which Linux's vDSO exports too (clock_gettime.S has its own). */
int gettimeofday(struct vdso_timeval *, struct vdso_timezone *) __attribute__((weak, alias("__vdso_gettimeofday"), visibility("default")));
int64_t time(int64_t *) __attribute__((weak, alias("__vdso_time"), visibility("default")));
int clock_getres(int, struct vdso_timespec *) __attribute__((weak, alias("__vdso_clock_getres"), visibility("default")));
int getcpu(unsigned *, unsigned *, void *) __attribute__((weak, alias("__vdso_getcpu"), visibility("default")));
