/* Resource limits (prlimit64, getrlimit, setrlimit) and usage (getrusage, wait4). */
#ifndef WICKET_UAPI_RESOURCE_H
#define WICKET_UAPI_RESOURCE_H
#include "../types.h"
#include "time.h"

/* prlimit64's layout; on x86_64 getrlimit's unsigned longs are the same. */
struct rlimit {
    u64 rlim_cur;
    u64 rlim_max;
};

#define RLIM_INFINITY (~0ULL)

#define RLIMIT_CPU        0
#define RLIMIT_FSIZE      1
#define RLIMIT_DATA       2
#define RLIMIT_STACK      3
#define RLIMIT_CORE       4
#define RLIMIT_RSS        5
#define RLIMIT_NPROC      6
#define RLIMIT_NOFILE     7
#define RLIMIT_MEMLOCK    8
#define RLIMIT_AS         9
#define RLIMIT_LOCKS      10
#define RLIMIT_SIGPENDING 11
#define RLIMIT_MSGQUEUE   12
#define RLIMIT_NICE       13
#define RLIMIT_RTPRIO     14
#define RLIMIT_RTTIME     15
#define RLIM_NLIMITS      16

struct rusage {
    struct timeval ru_utime;
    struct timeval ru_stime;
    s64 ru_maxrss;          /* kilobytes */
    s64 ru_ixrss;
    s64 ru_idrss;
    s64 ru_isrss;
    s64 ru_minflt;
    s64 ru_majflt;
    s64 ru_nswap;
    s64 ru_inblock;
    s64 ru_oublock;
    s64 ru_msgsnd;
    s64 ru_msgrcv;
    s64 ru_nsignals;
    s64 ru_nvcsw;
    s64 ru_nivcsw;
};

#define RUSAGE_SELF     0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD   1

#endif
