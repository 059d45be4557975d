/* In-VM tests of clocks and sleeping: clock_gettime, clock_getres, gettimeofday, time,
 * nanosleep and clock_nanosleep. Sleeps are checked against CLOCK_MONOTONIC: they must last at
 * least as long as asked (the upper bound is loose because TCG is slow and uneven). */
#include "tap.h"
#include <sys/time.h>
#include <time.h>

#define NSEC_PER_SEC 1000000000L
#define YEAR_2020    1577836800L
#define SLEEP_NS     20000000L        /* 20 ms */

static long ts_ns(const struct timespec *ts)
{
    return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static long now_ns(long clock)
{
    struct timespec ts = {0, 0};
    sc2(SYS_clock_gettime, clock, &ts);
    return ts_ns(&ts);
}

static int ts_valid(const struct timespec *ts)
{
    return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

static void test_clock_gettime(void)
{
    struct timespec ts;
    CHECK_RET(sc2(SYS_clock_gettime, CLOCK_REALTIME, &ts), 0, "clock_gettime CLOCK_REALTIME");
    CHECK(ts_valid(&ts) && ts.tv_sec > YEAR_2020, "the real time is after 2020 (got %ld)", (long)ts.tv_sec);
    static const struct { long id; const char *name; } clocks[] = {
        {CLOCK_MONOTONIC, "CLOCK_MONOTONIC"}, {CLOCK_BOOTTIME, "CLOCK_BOOTTIME"},
        {CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW"}, {CLOCK_REALTIME_COARSE, "CLOCK_REALTIME_COARSE"},
        {CLOCK_MONOTONIC_COARSE, "CLOCK_MONOTONIC_COARSE"}, {CLOCK_TAI, "CLOCK_TAI"},
        {CLOCK_PROCESS_CPUTIME_ID, "CLOCK_PROCESS_CPUTIME_ID"},
        {CLOCK_THREAD_CPUTIME_ID, "CLOCK_THREAD_CPUTIME_ID"},
    };
    for (unsigned i = 0; i < sizeof(clocks) / sizeof(clocks[0]); i++) {
        ts.tv_nsec = -1;
        CHECK_RET(sc2(SYS_clock_gettime, clocks[i].id, &ts), 0, "clock_gettime %s", clocks[i].name);
        CHECK(ts_valid(&ts), "%s gives a normalised timespec", clocks[i].name);
    }
    long mono = now_ns(CLOCK_MONOTONIC), boot = now_ns(CLOCK_BOOTTIME);
    CHECK(boot >= mono, "CLOCK_BOOTTIME is not behind CLOCK_MONOTONIC");
    int monotonic = 1;
    long prev = now_ns(CLOCK_MONOTONIC);
    for (int i = 0; i < 2000; i++) {
        long t = now_ns(CLOCK_MONOTONIC);
        monotonic &= t >= prev;
        prev = t;
    }
    CHECK(monotonic, "CLOCK_MONOTONIC never goes backwards over 2000 reads");
    long cpu0 = now_ns(CLOCK_PROCESS_CPUTIME_ID);
    for (volatile long spin = 0; spin < 3000000; spin++)
        ;
    CHECK(now_ns(CLOCK_PROCESS_CPUTIME_ID) >= cpu0, "process CPU time does not go backwards");
    CHECK_RET(sc2(SYS_clock_gettime, 100, &ts), -EINVAL, "clock_gettime clock 100");
    CHECK_RET(sc2(SYS_clock_gettime, 16, &ts), -EINVAL, "clock_gettime clock 16 (MAX_CLOCKS)");
    CHECK_RET(sc2(SYS_clock_gettime, -1, &ts), -EINVAL, "clock_gettime clock -1");
    EFAULT_EACH(BP_WRITES, sizeof(ts), sc2(SYS_clock_gettime, CLOCK_MONOTONIC, bp),
                "clock_gettime into a bad buffer");
}

/* CPU-time clocks of a given process or thread: the id is ~pid << 3 (pid 0: the caller), plus 4
 * for a thread, plus the kind in the low two bits (0 profiling, 1 virtual, 2 scheduler). Kind 3
 * is invalid for a thread; without the thread bit it names a dynamic clock by descriptor
 * (CLOCKFD), and no descriptor here is a clock. */
#define CPU_CLOCK(pid, thread, kind) ((long)(~(unsigned long)(pid) << 3) | ((thread) ? 4 : 0) | (kind))

static void test_cpu_clock_ids(void)
{
    static const struct { long id; const char *what; } valid[] = {
        {-6, "-6, the caller's process scheduler clock"},
        {-2, "-2, the calling thread's scheduler clock"},
        {-14, "-14, pid 1's process scheduler clock"},
        {-10, "-10, thread 1's scheduler clock"},
        {-8, "-8, the caller's process profiling clock"},
        {-7, "-7, the caller's process virtual clock"},
    };
    struct timespec ts;
    for (unsigned i = 0; i < sizeof(valid) / sizeof(valid[0]); i++) {
        ts.tv_nsec = -1;
        CHECK_RET(sc2(SYS_clock_gettime, valid[i].id, &ts), 0, "clock_gettime clock %s", valid[i].what);
        CHECK(ts_valid(&ts), "clock %ld gives a normalised timespec", valid[i].id);
        CHECK_RET(sc2(SYS_clock_getres, valid[i].id, &ts), 0, "clock_getres clock %s", valid[i].what);
    }
    CHECK_RET(sc2(SYS_clock_gettime, -5, &ts), -EINVAL, "clock_gettime clock -5 (CLOCKFD on fd 0, no clock)");
    CHECK_RET(sc2(SYS_clock_getres, -5, &ts), -EINVAL, "clock_getres clock -5 (CLOCKFD on fd 0, no clock)");
    CHECK_RET(sc2(SYS_clock_gettime, -9, &ts), -EINVAL, "clock_gettime clock -9 (thread 1, kind 3)");
    CHECK_RET(sc2(SYS_clock_gettime, CPU_CLOCK(12345, 0, 2), &ts), -EINVAL,
              "clock_gettime of a missing process's clock");
    CHECK_RET(sc2(SYS_clock_gettime, CPU_CLOCK(12345, 1, 2), &ts), -EINVAL,
              "clock_gettime of a missing thread's clock");
    struct timespec req = {0, 1000};
    CHECK_RET(sc4(SYS_clock_nanosleep, -2, 0, &req, NULL), -EINVAL,
              "clock_nanosleep on the calling thread's clock -2 (EINVAL, unlike CLOCK_THREAD_CPUTIME_ID)");
}

static void test_clock_getres(void)
{
    struct timespec res;
    CHECK_RET(sc2(SYS_clock_getres, CLOCK_MONOTONIC, &res), 0, "clock_getres CLOCK_MONOTONIC");
    CHECK(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10000000,
          "the resolution is between 1 ns and 10 ms (got %ld ns)", (long)res.tv_nsec);
    CHECK_RET(sc2(SYS_clock_getres, CLOCK_REALTIME, &res), 0, "clock_getres CLOCK_REALTIME");
    CHECK(res.tv_sec == 0 && res.tv_nsec > 0 && res.tv_nsec <= 10000000,
          "its resolution is between 1 ns and 10 ms (got %ld ns)", (long)res.tv_nsec);
    CHECK_RET(sc2(SYS_clock_getres, CLOCK_MONOTONIC, NULL), 0, "clock_getres with a NULL buffer");
    CHECK_RET(sc2(SYS_clock_getres, 100, &res), -EINVAL, "clock_getres clock 100");
    CHECK_RET(sc2(SYS_clock_getres, 100, NULL), -EINVAL, "clock_getres clock 100, NULL buffer");
    EFAULT_EACH(BP_WRITES & ~BP_MASK(BP_NULL), sizeof(res), sc2(SYS_clock_getres, CLOCK_MONOTONIC, bp),
                "clock_getres into a bad buffer");
}

static void test_gettimeofday_time(void)
{
    struct timeval tv;
    struct timezone tz = {-1, -1};
    struct timespec ts;
    sc2(SYS_clock_gettime, CLOCK_REALTIME, &ts);
    CHECK_RET(sc2(SYS_gettimeofday, &tv, &tz), 0, "gettimeofday");
    CHECK(tv.tv_usec >= 0 && tv.tv_usec < 1000000, "tv_usec is below one million");
    CHECK(tv.tv_sec >= ts.tv_sec && tv.tv_sec <= ts.tv_sec + 2, "it agrees with CLOCK_REALTIME");
    CHECK(tz.tz_minuteswest == 0 && tz.tz_dsttime == 0, "the kernel's timezone is zero");
    CHECK_RET(sc2(SYS_gettimeofday, NULL, NULL), 0, "gettimeofday(NULL, NULL)");
    EFAULT_EACH(BP_WRITES & ~BP_MASK(BP_NULL), sizeof(tv), sc2(SYS_gettimeofday, bp, NULL),
                "gettimeofday into a bad timeval");
    EFAULT_EACH(BP_WRITES & ~BP_MASK(BP_NULL), sizeof(tz), sc2(SYS_gettimeofday, &tv, bp),
                "gettimeofday into a bad timezone");

    long t = -1;
    long now = sc1(SYS_time, NULL);
    CHECK(now >= ts.tv_sec && now <= ts.tv_sec + 2, "time(NULL) agrees with CLOCK_REALTIME (got %ld)", now);
    long again = sc1(SYS_time, &t);
    CHECK(again >= now && t == again, "time(&t) stores what it returns");
    EFAULT_EACH(BP_WRITES & ~BP_MASK(BP_NULL), sizeof(t), sc1(SYS_time, bp), "time into a bad pointer");
}

static void test_nanosleep(void)
{
    struct timespec req = {0, SLEEP_NS}, rem = {0, 0};
    long start = now_ns(CLOCK_MONOTONIC);
    CHECK_RET(sc2(SYS_nanosleep, &req, &rem), 0, "nanosleep 20 ms");
    long slept = now_ns(CLOCK_MONOTONIC) - start;
    CHECK(slept >= SLEEP_NS && slept < 5 * NSEC_PER_SEC, "it lasted at least 20 ms (%ld ns)", slept);
    req = (struct timespec){0, 0};
    CHECK_RET(sc2(SYS_nanosleep, &req, NULL), 0, "nanosleep 0");
    req = (struct timespec){0, NSEC_PER_SEC};
    CHECK_RET(sc2(SYS_nanosleep, &req, NULL), -EINVAL, "nanosleep with tv_nsec = 1e9");
    req = (struct timespec){0, -1};
    CHECK_RET(sc2(SYS_nanosleep, &req, NULL), -EINVAL, "nanosleep with tv_nsec = -1");
    req = (struct timespec){-1, 0};
    CHECK_RET(sc2(SYS_nanosleep, &req, NULL), -EINVAL, "nanosleep with tv_sec = -1");
    EFAULT_EACH(BP_READS, sizeof(req), sc2(SYS_nanosleep, bp, NULL), "nanosleep with a bad request");
    req = (struct timespec){0, 1000000};
    CHECK_RET(sc2(SYS_nanosleep, &req, bad_ptr(BP_UNMAPPED, 16)), 0,
              "a bad remainder pointer is not touched when the sleep completes");
}

static void test_clock_nanosleep(void)
{
    struct timespec req = {0, SLEEP_NS};
    long start = now_ns(CLOCK_MONOTONIC);
    CHECK_RET(sc4(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, NULL), 0, "clock_nanosleep relative 20 ms");
    long slept = now_ns(CLOCK_MONOTONIC) - start;
    CHECK(slept >= SLEEP_NS, "it lasted at least 20 ms (%ld ns)", slept);
    CHECK_RET(sc4(SYS_clock_nanosleep, CLOCK_REALTIME, 0, &req, NULL), 0, "clock_nanosleep CLOCK_REALTIME");
    CHECK_RET(sc4(SYS_clock_nanosleep, CLOCK_BOOTTIME, 0, &req, NULL), 0, "clock_nanosleep CLOCK_BOOTTIME");

    long deadline = now_ns(CLOCK_MONOTONIC) + SLEEP_NS;
    struct timespec abs = {deadline / NSEC_PER_SEC, deadline % NSEC_PER_SEC};
    CHECK_RET(sc4(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &abs, NULL), 0,
              "clock_nanosleep TIMER_ABSTIME 20 ms ahead");
    CHECK(now_ns(CLOCK_MONOTONIC) >= deadline, "it returned after the deadline");
    struct timespec past = {0, 1};
    start = now_ns(CLOCK_MONOTONIC);
    CHECK_RET(sc4(SYS_clock_nanosleep, CLOCK_MONOTONIC, TIMER_ABSTIME, &past, NULL), 0,
              "clock_nanosleep TIMER_ABSTIME in the past");
    CHECK(now_ns(CLOCK_MONOTONIC) - start < NSEC_PER_SEC, "it returns at once");
    CHECK_RET(sc4(SYS_clock_nanosleep, 100, 0, &req, NULL), -EINVAL, "clock_nanosleep clock 100");
    CHECK_RET(sc4(SYS_clock_nanosleep, CLOCK_THREAD_CPUTIME_ID, 0, &req, NULL), -EOPNOTSUPP,
              "clock_nanosleep on the thread CPU clock is not supported");
    struct timespec bad = {0, NSEC_PER_SEC};
    CHECK_RET(sc4(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &bad, NULL), -EINVAL,
              "clock_nanosleep with tv_nsec = 1e9");
    EFAULT_EACH(BP_READS, sizeof(req), sc4(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, bp, NULL),
                "clock_nanosleep with a bad request");
    req = (struct timespec){0, 1000000};
    CHECK_RET(sc4(SYS_clock_nanosleep, CLOCK_MONOTONIC, 0, &req, bad_ptr(BP_KERNEL, 16)), 0,
              "a bad remainder pointer is not touched when the sleep completes");
}

/* A deadline on the process CPU clock that has already passed returns at once (a later one
 * would wait for CPU time the sleeping process never uses). */
static void test_cpu_clock_past_deadline(void)
{
    struct timespec zero = { 0, 0 };
    CHECK_RET(sc4(SYS_clock_nanosleep, CLOCK_PROCESS_CPUTIME_ID, TIMER_ABSTIME, &zero, 0), 0,
              "clock_nanosleep to a past absolute time on the process CPU clock");
    CHECK_RET(sc4(SYS_clock_nanosleep, CPU_CLOCK(0, 0, 2), TIMER_ABSTIME, &zero, 0), 0,
              "the same through the caller's CPU clock id");
}

int main(void)
{
    test_clock_gettime();
    test_cpu_clock_ids();
    test_clock_getres();
    test_gettimeofday_time();
    test_nanosleep();
    test_clock_nanosleep();
    test_cpu_clock_past_deadline();
    return tap_done();
}
