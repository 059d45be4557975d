/* Per-syscall statistics, always on: a call count, an error count and a sampled latency
 * histogram for every number, read out as /proc/wicket/syscalls (docs/syscall-stats.md).
 *
 * The dispatcher pays one byte add and one branch per call: the byte is the number's sampling
 * phase, advanced by syscall_stats_step (SYSCALL_STATS_PHASE_STEP, or 0 when the boot option
 * wicket.stats=0 turned statistics off, so the same instructions run and record nothing). When
 * the phase wraps to 0 -- the first call of a number and every 64th after it -- the call takes
 * the sampled path, which adds the 64 calls of the finished round to the full count and times
 * the handler with the TSC. */
#ifndef WICKET_SYSCALL_STATS_H
#define WICKET_SYSCALL_STATS_H
#include "types.h"
#include "syscall_meta.h"

struct regs;

#define SYSCALL_STATS_SAMPLE_EVERY 64
#define SYSCALL_STATS_PHASE_STEP (256 / SYSCALL_STATS_SAMPLE_EVERY)
#define SYSCALL_STATS_BUCKETS 32

extern u8 syscall_stats_step;
extern u8 syscall_stats_phase[SYSCALL_SLOTS];     /* the fast path in syscall.S reads it too */

/* Counts one call of the number in slot (syscall_slot); true when this call is to be sampled. */
static inline bool syscall_stats_enter(u32 slot)
{
    return (u8)(syscall_stats_phase[slot] += syscall_stats_step) == 0;
}

/* Runs the handler of the call in r timed with the TSC, recording the sample; returns its
 * result. They take the frame rather than the number so that the dispatcher need not keep the
 * number alive across the handler call (a saved register more on every call). */
long syscall_stats_sampled_call(const struct regs *r);
/* Counts an error result of the call in r (a no-op when statistics are off). */
void syscall_stats_error(const struct regs *r);
/* Turns statistics off for good; called at boot, before init runs, for wicket.stats=0. */
void syscall_stats_disable(void);
bool syscall_stats_enabled(void);

/* One number's statistics, as read out. total_ticks estimates the time of all calls from
 * the mean of the sampled ones. */
struct syscall_stat {
    u64 calls, errors, samples, sample_ticks, total_ticks;
    u64 hist[SYSCALL_STATS_BUCKETS];    /* bucket b: samples of 2^b..2^(b+1)-1 ticks (0 in b=0) */
};
void syscall_stats_read(u32 slot, struct syscall_stat *out);
#endif
