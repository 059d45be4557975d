/* Per-syscall statistics (include/syscall_stats.h): the counters the dispatcher advances, the
 * sampled path that times a handler, and their read-out for /proc/wicket/syscalls.
 *
 * A number's call count is split in two so that the common call touches one byte: rounds[nr]
 * counts the calls of finished sampling rounds (SYSCALL_STATS_SAMPLE_EVERY each, added when a
 * round starts, by its sampled call), and the phase byte holds the position inside the current
 * round in its top bits. The phase starts one step below zero, so a number's first call wraps it
 * and is sampled. One CPU and no preemption: interrupts make no syscalls, so plain updates
 * suffice. */
#include "syscall_stats.h"
#include "arch/regs.h"
#include "arch/x86.h"

u8 syscall_stats_step = SYSCALL_STATS_PHASE_STEP;
u8 syscall_stats_phase[SYSCALL_TABLE_SIZE] = {
    [0 ... SYSCALL_TABLE_SIZE - 1] = 256 - SYSCALL_STATS_PHASE_STEP
};

static u64 rounds[SYSCALL_TABLE_SIZE];
static u64 errors[SYSCALL_TABLE_SIZE];
static u64 samples[SYSCALL_TABLE_SIZE];
static u64 sample_ticks[SYSCALL_TABLE_SIZE];
static u32 hist[SYSCALL_TABLE_SIZE][SYSCALL_STATS_BUCKETS];

static unsigned bucket_of(u64 ticks)
{
    unsigned b = 63 - (unsigned)__builtin_clzll(ticks | 1);
    return b < SYSCALL_STATS_BUCKETS ? b : SYSCALL_STATS_BUCKETS - 1;
}

/* The latency is the wall time from the handler's start to its return, sleeps included. A
 * call that does not return (exit, a successful execve's old image) leaves no sample. */
long syscall_stats_sampled_call(const struct regs *r)
{
    u32 nr = (u32)r->orig_rax;
    rounds[nr] += SYSCALL_STATS_SAMPLE_EVERY;
    u64 start = rdtsc();
    long ret = syscall_table[nr](r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9);
    u64 ticks = rdtsc() - start;
    samples[nr]++;
    sample_ticks[nr] += ticks;
    hist[nr][bucket_of(ticks)]++;
    return ret;
}

/* The number is read back from the frame, where rt_sigreturn leaves -1 (not a system call, so
 * nothing to restart): the context it restored is not its result, and is not counted. */
void syscall_stats_error(const struct regs *r)
{
    u32 nr = (u32)r->orig_rax;
    if (syscall_stats_step && nr < SYSCALL_TABLE_SIZE)
        errors[nr]++;
}

void syscall_stats_disable(void)
{
    syscall_stats_step = 0;
}

bool syscall_stats_enabled(void)
{
    return syscall_stats_step != 0;
}

void syscall_stats_read(u32 nr, struct syscall_stat *out)
{
    u64 in_round = syscall_stats_phase[nr] / SYSCALL_STATS_PHASE_STEP + 1;
    *out = (struct syscall_stat){
        .calls = rounds[nr] - SYSCALL_STATS_SAMPLE_EVERY + in_round,
        .errors = errors[nr], .samples = samples[nr], .sample_ticks = sample_ticks[nr],
    };
    if (out->samples)
        out->total_ticks = out->sample_ticks / out->samples * out->calls +
                           out->sample_ticks % out->samples * out->calls / out->samples;
    for (unsigned b = 0; b < SYSCALL_STATS_BUCKETS; b++)
        out->hist[b] = hist[nr][b];
}
