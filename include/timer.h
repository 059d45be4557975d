/* Kernel timers: a callback run from the timer interrupt once ktime_ns() reaches a deadline.
 * Used for sleep timeouts, alarm() and interval timers. The resolution is the 1 ms tick. */
#ifndef WICKET_TIMER_H
#define WICKET_TIMER_H
#include "types.h"

struct ktimer {
    u64 deadline;
    void (*fire)(struct ktimer *t);     /* runs with interrupts disabled; may re-arm */
    struct ktimer *next;
    bool armed;
};

/* (Re)arms t to fire at deadline. */
void timer_arm(struct ktimer *t, u64 deadline);
/* Disarms t if it has not fired yet. */
void timer_cancel(struct ktimer *t);
/* Runs every timer whose deadline is at or before now (called from the tick). */
void timer_run_expired(u64 now);
#endif
