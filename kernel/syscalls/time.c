/* Clocks and sleeping: clock_gettime, clock_getres, gettimeofday, time, nanosleep and
 * clock_nanosleep. */
#include "syscalls.h"
#include "ktime.h"
#include "ksched.h"
#include "kwait.h"
#include "ksignal.h"

#define COARSE_RES_NS (1000000000ull / 250)    /* Linux's coarse clocks tick at its HZ (250) */

/* Negative ids name the CPU-time clock of a process or thread (what clock_getcpuclockid and
 * pthread_getcpuclockid return): ~id >> 3 is the pid or tid (0 for the caller), bits 0-1 the
 * kind (PROF, VIRT, SCHED; 3 is invalid) and bit 2 "thread". Every process has one thread,
 * whose tid is the pid, so both kinds name the same clock. */
static struct process *clock_owner(int clk)
{
    int who = ~(clk >> 3);
    return who == 0 ? current_proc() : proc_find(who);
}

static bool cpu_clock_valid(int clk)
{
    return (clk & 3) != 3 && clock_owner(clk);
}

static bool clock_valid(int clk)
{
    if (clk < 0)
        return cpu_clock_valid(clk);
    return clk <= CLOCK_TAI && clk != 10;
}

static u64 cputime_ns(void) { return sched_cpu_ns(current_proc()); }

/* The clock's time since boot plus offset_sec whole seconds: the vDSO's arithmetic, with the
 * offsets kernel/time.c publishes to it, so both paths agree for every clock it serves. */
static struct timespec since_boot_plus(u64 offset_sec)
{
    struct timespec ts = ktime_timespec();
    ts.tv_sec += (s64)offset_sec;
    return ts;
}

static struct timespec clock_read(int clk)
{
    switch (clk) {
    case CLOCK_REALTIME: case CLOCK_REALTIME_COARSE: case CLOCK_REALTIME_ALARM:
        return since_boot_plus(boot_epoch_sec());
    case CLOCK_TAI:
        return since_boot_plus(boot_epoch_sec() + TAI_MINUS_UTC_SEC);
    case CLOCK_PROCESS_CPUTIME_ID: case CLOCK_THREAD_CPUTIME_ID:
        return ns_to_timespec(cputime_ns());
    default:    /* MONOTONIC, MONOTONIC_RAW, MONOTONIC_COARSE, BOOTTIME, BOOTTIME_ALARM */
        return clk < 0 ? ns_to_timespec(sched_cpu_ns(clock_owner(clk))) : ktime_timespec();
    }
}

long sys_clock_gettime(int which_clock, uptr tp)
{
    if (!clock_valid(which_clock))
        return -EINVAL;
    struct timespec ts = clock_read(which_clock);
    return copy_to_user(tp, &ts, sizeof(ts));
}

long sys_clock_getres(int which_clock, uptr tp)
{
    if (!clock_valid(which_clock))
        return -EINVAL;
    bool coarse = which_clock == CLOCK_REALTIME_COARSE || which_clock == CLOCK_MONOTONIC_COARSE;
    struct timespec res = ns_to_timespec(coarse ? COARSE_RES_NS : 1);
    if (uptr_is_null(tp))
        return 0;
    return copy_to_user(tp, &res, sizeof(res));
}

long sys_gettimeofday(uptr tv, uptr tz)
{
    u64 ns = realtime_ns();
    struct timeval v = { (s64)(ns / 1000000000ull), (s64)(ns % 1000000000ull / 1000) };
    struct timezone z = { 0, 0 };   /* Linux keeps UTC unless told otherwise by settimeofday */
    if (!uptr_is_null(tv) && copy_to_user(tv, &v, sizeof(v)))
        return -EFAULT;
    if (!uptr_is_null(tz) && copy_to_user(tz, &z, sizeof(z)))
        return -EFAULT;
    return 0;
}

long sys_time(uptr tloc)
{
    long t = (long)(realtime_ns() / 1000000000ull);
    if (!uptr_is_null(tloc) && put_user(t, tloc))
        return -EFAULT;
    return t;
}

static long copy_timespec_in(uptr src, struct timespec *ts)
{
    if (copy_from_user(ts, src, sizeof(*ts)))
        return -EFAULT;
    if (ts->tv_sec < 0 || ts->tv_nsec < 0 || ts->tv_nsec >= 1000000000)
        return -EINVAL;
    return 0;
}

static u64 timespec_to_ns_saturating(const struct timespec *ts)
{
    if ((u64)ts->tv_sec >= UINT64_MAX / 1000000000ull - 1)
        return UINT64_MAX / 2;
    return (u64)ts->tv_sec * 1000000000ull + (u64)ts->tv_nsec;
}

/* Sleeps until deadline (ktime_ns). A signal ends the sleep early: the time left is written
 * to rmtp (when given) and the call returns -EINTR after a handler, or restarts without one. */
static long sleep_until(u64 deadline, uptr rmtp)
{
    int err;
    u64 flags = irq_save();
    while ((err = thread_sleep(deadline, SLEEP_INTERRUPTIBLE)) == 0)
        ;
    irq_restore(flags);
    if (err == -ETIMEDOUT)
        return 0;
    u64 now = ktime_ns();
    struct timespec left = ns_to_timespec(deadline > now ? deadline - now : 0);
    if (!uptr_is_null(rmtp) && copy_to_user(rmtp, &left, sizeof(left)))
        return -EFAULT;
    return -ERESTARTNOHAND;
}

static u64 deadline_after(u64 delta)
{
    u64 now = ktime_ns();
    return now + MIN(delta, UINT64_MAX / 2 - now);
}

long sys_nanosleep(uptr rqtp, uptr rmtp)
{
    struct timespec req;
    long err = copy_timespec_in(rqtp, &req);
    if (err)
        return err;
    return sleep_until(deadline_after(timespec_to_ns_saturating(&req)), rmtp);
}

/* Sleeping on the caller's process CPU clock: a deadline already reached returns at once, as on
 * Linux. A later one could never come, since the only thread's CPU time does not advance while
 * it sleeps; Linux would hang there, Wicket refuses with EINVAL. */
static long cpu_clock_nanosleep(int which_clock, int flags, uptr rqtp)
{
    bool process_clock = which_clock == CLOCK_PROCESS_CPUTIME_ID ||
                         (which_clock < 0 && !(which_clock & 4) && (which_clock & 3) != 3);
    if (!process_clock || !clock_valid(which_clock))
        return -EINVAL;
    struct timespec req;
    long err = copy_timespec_in(rqtp, &req);
    if (err)
        return err;
    u64 want = timespec_to_ns_saturating(&req);
    bool reached = (flags & TIMER_ABSTIME) ? want <= cputime_ns() : want == 0;
    return reached ? 0 : -EINVAL;
}

long sys_clock_nanosleep(int which_clock, int flags, uptr rqtp, uptr rmtp)
{
    switch (which_clock) {
    case CLOCK_REALTIME: case CLOCK_MONOTONIC: case CLOCK_BOOTTIME: case CLOCK_TAI:
    case CLOCK_REALTIME_ALARM: case CLOCK_BOOTTIME_ALARM:
        break;
    case CLOCK_MONOTONIC_RAW: case CLOCK_REALTIME_COARSE: case CLOCK_MONOTONIC_COARSE:
    case CLOCK_THREAD_CPUTIME_ID:
        return -EOPNOTSUPP;     /* Linux has no sleeping on these clocks */
    default:
        return cpu_clock_nanosleep(which_clock, flags, rqtp);
    }
    struct timespec req;
    long err = copy_timespec_in(rqtp, &req);
    if (err)
        return err;
    struct timespec now = clock_read(which_clock);
    u64 now_clock = timespec_to_ns_saturating(&now);
    u64 want = timespec_to_ns_saturating(&req);
    bool absolute = flags & TIMER_ABSTIME;
    u64 delta = absolute ? (want > now_clock ? want - now_clock : 0) : want;
    /* An absolute sleep leaves rmtp alone, as on Linux. */
    return sleep_until(deadline_after(delta), absolute ? uptr_of(0) : rmtp);
}
