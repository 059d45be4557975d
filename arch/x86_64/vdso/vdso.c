/* The vDSO: user-mode clock_gettime, gettimeofday, time, clock_getres and getcpu, which the C
 * library finds through AT_SYSINFO_EHDR. It is built as a small position-independent shared
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
#define COARSE_RES_NS (NS_PER_SEC / 250)        /* as kernel/syscalls/time.c */
#define TAI_OFFSET_NS (37ull * NS_PER_SEC)

enum { SYS_clock_gettime = 228, SYS_clock_getres = 229 };
enum { CLOCK_REALTIME = 0, CLOCK_MONOTONIC = 1, CLOCK_MONOTONIC_RAW = 4, CLOCK_REALTIME_COARSE = 5,
       CLOCK_MONOTONIC_COARSE = 6, CLOCK_BOOTTIME = 7, CLOCK_TAI = 11 };

struct vdso_timespec { int64_t tv_sec; int64_t tv_nsec; };
struct vdso_timeval { int64_t tv_sec; int64_t tv_usec; };
struct vdso_timezone { int tz_minuteswest; int tz_dsttime; };

/* The ELF header of this object, which the linker places at its first byte; vvar is one page
 * below (kernel/vdso.c maps it there). Hidden, so reaching it is PC-relative, needing no
 * relocation. */
extern const char __ehdr_start[] __attribute__((visibility("hidden")));

static const struct vdso_data *vvar(void)
{
    const char *base = __ehdr_start;
    __asm__("" : "+r"(base));   /* the compiler cannot know the page below the image is mapped */
    return (const struct vdso_data *)(base - 4096);
}

static long syscall2(long nr, long a, long b)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b) : "rcx", "r11", "memory");
    return ret;
}

static uint64_t monotonic_ns(void)
{
    uint32_t lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    uint64_t delta = (((uint64_t)hi << 32) | lo) - vvar()->tsc_at_boot;
    return (uint64_t)(((unsigned __int128)delta * vvar()->ns_mult) >> 32);
}

static uint64_t realtime_ns(void) { return vvar()->boot_realtime_ns + monotonic_ns(); }

static int clock_served(int clk)
{
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE: case CLOCK_TAI:
    case CLOCK_MONOTONIC: case CLOCK_MONOTONIC_RAW: case CLOCK_MONOTONIC_COARSE: case CLOCK_BOOTTIME:
        return 1;
    default:
        return 0;
    }
}

/* The nanoseconds of a clock that clock_served accepts. */
static uint64_t read_clock(int clk)
{
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE:
        return realtime_ns();
    case CLOCK_TAI:
        return realtime_ns() + TAI_OFFSET_NS;
    default:
        return monotonic_ns();
    }
}

EXPORT int __vdso_clock_gettime(int clk, struct vdso_timespec *ts)
{
    if (!clock_served(clk))
        return (int)syscall2(SYS_clock_gettime, clk, (long)ts);
    uint64_t ns = read_clock(clk);
    ts->tv_sec = (int64_t)(ns / NS_PER_SEC);
    ts->tv_nsec = (int64_t)(ns % NS_PER_SEC);
    return 0;
}

EXPORT int __vdso_gettimeofday(struct vdso_timeval *tv, struct vdso_timezone *tz)
{
    if (tv) {
        uint64_t ns = realtime_ns();
        tv->tv_sec = (int64_t)(ns / NS_PER_SEC);
        tv->tv_usec = (int64_t)(ns % NS_PER_SEC / 1000);
    }
    if (tz) {
        tz->tz_minuteswest = 0;
        tz->tz_dsttime = 0;
    }
    return 0;
}

EXPORT int64_t __vdso_time(int64_t *tloc)
{
    int64_t sec = (int64_t)(realtime_ns() / NS_PER_SEC);
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

/* The names without the prefix, which Linux's vDSO exports too. */
int clock_gettime(int, struct vdso_timespec *) __attribute__((weak, alias("__vdso_clock_gettime"), visibility("default")));
int gettimeofday(struct vdso_timeval *, struct vdso_timezone *) __attribute__((weak, alias("__vdso_gettimeofday"), visibility("default")));
int64_t time(int64_t *) __attribute__((weak, alias("__vdso_time"), visibility("default")));
int clock_getres(int, struct vdso_timespec *) __attribute__((weak, alias("__vdso_clock_getres"), visibility("default")));
int getcpu(unsigned *, unsigned *, void *) __attribute__((weak, alias("__vdso_getcpu"), visibility("default")));
