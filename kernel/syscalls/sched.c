/* Scheduling queries and hints: CPU affinity, nice values and scheduling policies. Wicket has
 * one CPU and one policy (round robin, SCHED_OTHER), so these report that truthfully and accept
 * only requests that fit it. */
#include "syscalls.h"
#include "kstring.h"

#define PRIO_PROCESS 0
#define PRIO_PGRP    1
#define PRIO_USER    2
#define SCHED_OTHER  0
#define SCHED_FIFO   1
#define SCHED_RR     2
#define SCHED_BATCH  3
#define SCHED_IDLE   5

static struct process *target(int pid)
{
    if (pid < 0)
        return NULL;
    return pid == 0 ? current_proc() : proc_find(pid);
}

/* The kernel's CPU mask is one long: CPU 0 only. */
long sys_sched_getaffinity(int pid, unsigned int len, uptr user_mask_ptr)
{
    if (len < sizeof(unsigned long) || (len & (sizeof(unsigned long) - 1)))
        return -EINVAL;
    if (!target(pid))
        return -ESRCH;
    unsigned long mask = 1;
    if (copy_to_user(user_mask_ptr, &mask, sizeof(mask)))
        return -EFAULT;
    return sizeof(mask);
}

long sys_sched_setaffinity(int pid, unsigned int len, uptr user_mask_ptr)
{
    unsigned long mask = 0;
    if (copy_from_user(&mask, user_mask_ptr, MIN(len, sizeof(mask))))
        return -EFAULT;
    if (!target(pid))
        return -ESRCH;
    return (mask & 1) ? 0 : -EINVAL;    /* the mask must contain a CPU that exists */
}

/* getpriority returns 20 - nice so that the result is never negative (the C library undoes it). */
long sys_getpriority(int which, int who)
{
    if (which < PRIO_PROCESS || which > PRIO_USER)
        return -EINVAL;
    int best = -1;
    for (struct process *p = proc_first(); p; p = p->next_proc) {
        bool match = which == PRIO_PROCESS ? p == target(who) :
                     which == PRIO_PGRP ? p->pgid == (who ? who : current_proc()->pgid) :
                     p->uid == (u32)(who ? who : (int)current_proc()->uid);
        if (match && p->state == PROC_ALIVE && 20 - p->nice > best)
            best = 20 - p->nice;
    }
    return best < 0 ? -ESRCH : best;
}

long sys_setpriority(int which, int who, int niceval)
{
    if (which < PRIO_PROCESS || which > PRIO_USER)
        return -EINVAL;
    int nice = niceval < -20 ? -20 : niceval > 19 ? 19 : niceval;
    bool found = false;
    for (struct process *p = proc_first(); p; p = p->next_proc) {
        bool match = which == PRIO_PROCESS ? p == target(who) :
                     which == PRIO_PGRP ? p->pgid == (who ? who : current_proc()->pgid) :
                     p->uid == (u32)(who ? who : (int)current_proc()->uid);
        if (match && p->state == PROC_ALIVE) {
            p->nice = nice;
            found = true;
        }
    }
    return found ? 0 : -ESRCH;
}

long sys_sched_getscheduler(int pid)
{
    if (pid < 0)
        return -EINVAL;
    return target(pid) ? SCHED_OTHER : -ESRCH;
}

long sys_sched_getparam(int pid, uptr param)
{
    if (pid < 0 || uptr_is_null(param))
        return -EINVAL;
    if (!target(pid))
        return -ESRCH;
    int prio = 0;
    return copy_to_user(param, &prio, sizeof(prio));
}

long sys_sched_get_priority_max(int policy)
{
    return policy == SCHED_FIFO || policy == SCHED_RR ? 99 :
           policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE ? 0 : -EINVAL;
}

long sys_sched_get_priority_min(int policy)
{
    return policy == SCHED_FIFO || policy == SCHED_RR ? 1 :
           policy == SCHED_OTHER || policy == SCHED_BATCH || policy == SCHED_IDLE ? 0 : -EINVAL;
}
