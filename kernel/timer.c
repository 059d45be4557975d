/* Kernel timers, kept in a list sorted by deadline so the tick looks only at the head. */
#include "timer.h"
#include "arch/x86.h"

static struct ktimer *timers;

static void unlink_timer(struct ktimer *t)
{
    for (struct ktimer **pp = &timers; *pp; pp = &(*pp)->next)
        if (*pp == t) {
            *pp = t->next;
            break;
        }
    t->armed = false;
}

void timer_arm(struct ktimer *t, u64 deadline)
{
    u64 flags = irq_save();
    if (t->armed)
        unlink_timer(t);
    t->deadline = deadline;
    struct ktimer **pp = &timers;
    while (*pp && (*pp)->deadline <= deadline)
        pp = &(*pp)->next;
    t->next = *pp;
    *pp = t;
    t->armed = true;
    irq_restore(flags);
}

void timer_cancel(struct ktimer *t)
{
    u64 flags = irq_save();
    if (t->armed)
        unlink_timer(t);
    irq_restore(flags);
}

void timer_run_expired(u64 now)
{
    while (timers && timers->deadline <= now) {
        struct ktimer *t = timers;
        timers = t->next;
        t->armed = false;
        t->fire(t);         /* may re-arm t (interval timers) */
    }
}
