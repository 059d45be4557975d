/* Time structures and clock ids shared with user space (clock_gettime, nanosleep, gettimeofday). */
#ifndef WICKET_UAPI_TIME_H
#define WICKET_UAPI_TIME_H
#include "../types.h"

/* Host unit tests sometimes include the C library's <stdlib.h> too, which defines these same two
 * structs with the same layout (tests/unit/test_abi_layout.c checks that). Using glibc's own
 * guard names lets whichever header comes first define each struct, once. */
#ifndef _STRUCT_TIMESPEC
#define _STRUCT_TIMESPEC 1
struct timespec {
    s64 tv_sec;
    s64 tv_nsec;            /* 0 .. 999999999 */
};
#endif

#ifndef __timeval_defined
#define __timeval_defined 1
struct timeval {
    s64 tv_sec;
    s64 tv_usec;            /* 0 .. 999999 */
};
#endif

/* Obsolete, but gettimeofday and settimeofday still take it. */
struct timezone {
    int tz_minuteswest;
    int tz_dsttime;
};

/* utime's times, in seconds. */
struct utimbuf {
    s64 actime;
    s64 modtime;
};

struct itimerspec {
    struct timespec it_interval;
    struct timespec it_value;
};

struct itimerval {
    struct timeval it_interval;
    struct timeval it_value;
};

#define CLOCK_REALTIME           0
#define CLOCK_MONOTONIC          1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID  3
#define CLOCK_MONOTONIC_RAW      4
#define CLOCK_REALTIME_COARSE    5
#define CLOCK_MONOTONIC_COARSE   6
#define CLOCK_BOOTTIME           7
#define CLOCK_REALTIME_ALARM     8
#define CLOCK_BOOTTIME_ALARM     9
#define CLOCK_TAI                11

/* clock_nanosleep and timer_settime flag: the time is absolute, not relative. */
#define TIMER_ABSTIME 1

#endif
