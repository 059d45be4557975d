/* Per-syscall statistics (include/syscall_stats.h): the counters the dispatcher advances, the
 * sampled path that times a handler, and their read-out for /proc/wicket/syscalls.
 *
 * Everything is indexed by the number's table slot (syscall_slot in the generated
 * syscall_meta.h). A slot's call count is split in two so that the common call touches one
 * byte: rounds[slot]
 * counts the calls of finished sampling rounds (SYSCALL_STATS_SAMPLE_EVERY each, added when a
 * round starts, by its sampled call), and the phase byte holds the position inside the current
 * round in its top bits. The phase starts one step below zero, so a number's first call wraps it
 * and is sampled. One CPU and no preemption: interrupts make no syscalls, so plain updates
 * suffice. */
#include "syscall_stats.h"
#include "arch/regs.h"
#include "arch/x86.h"

u8 syscall_stats_step = SYSCALL_STATS_PHASE_STEP;
u8 syscall_stats_phase[SYSCALL_SLOTS] = {
    [0 ... SYSCALL_SLOTS - 1] = 256 - SYSCALL_STATS_PHASE_STEP
};

static u64 rounds[SYSCALL_SLOTS];
static u64 errors[SYSCALL_SLOTS];
static u64 samples[SYSCALL_SLOTS];
static u64 sample_ticks[SYSCALL_SLOTS];
static u32 hist[SYSCALL_SLOTS][SYSCALL_STATS_BUCKETS];

static unsigned bucket_of(u64 ticks)
{
    unsigned b = 63 - (unsigned)__builtin_clzll(ticks | 1);
    return b < SYSCALL_STATS_BUCKETS ? b : SYSCALL_STATS_BUCKETS - 1;
}

/* The latency is the wall time from the handler's start to its return, sleeps included. A
 * call that does not return (exit, a successful execve's old image) leaves no sample. */
long syscall_stats_sampled_call(const struct regs *r)
{
    u32 slot = syscall_slot((u32)r->orig_rax);
    rounds[slot] += SYSCALL_STATS_SAMPLE_EVERY;
    u64 start = rdtsc();
    long ret = syscall_table[slot](r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9);
    u64 ticks = rdtsc() - start;
    samples[slot]++;
    sample_ticks[slot] += ticks;
    hist[slot][bucket_of(ticks)]++;
    return ret;
}

/* The number is read back from the frame, where rt_sigreturn leaves -1 (not a system call, so
 * nothing to restart): the context it restored is not its result, and is not counted. */
void syscall_stats_error(const struct regs *r)
{
    u32 slot = syscall_slot((u32)r->orig_rax);
    if (syscall_stats_step && slot < SYSCALL_SLOTS)
        errors[slot]++;
}

void syscall_stats_disable(void)
{
    syscall_stats_step = 0;
}

bool syscall_stats_enabled(void)
{
    return syscall_stats_step != 0;
}

void syscall_stats_read(u32 slot, struct syscall_stat *out)
{
    u64 in_round = syscall_stats_phase[slot] / SYSCALL_STATS_PHASE_STEP + 1;
    *out = (struct syscall_stat){
        .calls = rounds[slot] - SYSCALL_STATS_SAMPLE_EVERY + in_round,
        .errors = errors[slot], .samples = samples[slot], .sample_ticks = sample_ticks[slot],
    };
    if (out->samples)
        out->total_ticks = out->sample_ticks / out->samples * out->calls +
                           out->sample_ticks % out->samples * out->calls / out->samples;
    for (unsigned b = 0; b < SYSCALL_STATS_BUCKETS; b++)
        out->hist[b] = hist[slot][b];
}
