/* Host tests for kernel/syscalls/stats.c: the split call count (sampling rounds plus the phase
 * byte) stays exact across round boundaries, the first call and every 64th after it are
 * sampled, errors are counted, a frame rt_sigreturn marked (orig_rax -1) is left alone, and
 * statistics turned off count nothing more. The dispatcher's use of the API is mirrored in
 * dispatch() below. */
/* UNIT-SOURCES: kernel/syscalls/stats.c */
#include "tap.h"
#include "syscall_stats.h"
#include "arch/regs.h"

static long next_result;
static long handler(unsigned long a0, unsigned long a1, unsigned long a2,
                    unsigned long a3, unsigned long a4, unsigned long a5)
{
    return next_result;
}
const syscall_fn syscall_table[SYSCALL_SLOTS] = {
    [0 ... SYSCALL_SLOTS - 1] = handler
};

/* What kernel/syscalls/dispatch.c does around the handler. */
static void dispatch(u32 nr, long result)
{
    struct regs r = { .orig_rax = nr };
    next_result = result;
    long ret = syscall_stats_enter(nr) ? syscall_stats_sampled_call(&r) : handler(0, 0, 0, 0, 0, 0);
    if ((unsigned long)ret >= -4095ul)
        syscall_stats_error(&r);
}

static struct syscall_stat read_stat(u32 nr)
{
    struct syscall_stat s;
    syscall_stats_read(nr, &s);
    return s;
}

static u64 hist_sum(const struct syscall_stat *s)
{
    u64 sum = 0;
    for (int b = 0; b < SYSCALL_STATS_BUCKETS; b++)
        sum += s->hist[b];
    return sum;
}

static void test_counts_across_rounds(void)
{
    static const u32 checkpoints[] = { 1, 2, 63, 64, 65, 128, 129, 1000 };
    u32 done = 0;
    CHECK_EQ(read_stat(110).calls, 0, "a number never called has no calls");
    for (size_t i = 0; i < sizeof(checkpoints) / sizeof(checkpoints[0]); i++) {
        for (; done < checkpoints[i]; done++)
            dispatch(110, 7);
        struct syscall_stat s = read_stat(110);
        CHECK(s.calls == done && s.samples == (done + 63) / 64 && hist_sum(&s) == s.samples,
              "after %u calls: %llu calls, %llu samples (want %u)", done,
              (unsigned long long)s.calls, (unsigned long long)s.samples, (done + 63) / 64);
    }
    CHECK_EQ(read_stat(110).errors, 0, "successful results are not errors");
    CHECK(read_stat(110).total_ticks >= read_stat(110).sample_ticks, "the total estimate covers "
          "the samples");
}

static void test_errors(void)
{
    for (int i = 0; i < 7; i++)
        dispatch(2, -2);
    dispatch(2, -4095);
    dispatch(2, -4096);     /* not an error code: a pointer-like value */
    struct syscall_stat s = read_stat(2);
    CHECK(s.calls == 9 && s.errors == 8, "open: %llu calls, %llu errors (want 9, 8)",
          (unsigned long long)s.calls, (unsigned long long)s.errors);
    struct regs sigreturned = { .orig_rax = (u64)-1 };
    syscall_stats_error(&sigreturned);
    CHECK(1, "an error of a frame whose number rt_sigreturn erased is ignored (ASan would stop "
          "a write past the table)");
}

static void test_off(void)
{
    CHECK(syscall_stats_enabled(), "statistics are on by default");
    syscall_stats_disable();
    CHECK(!syscall_stats_enabled(), "and can be turned off");
    for (int i = 0; i < 200; i++) {
        dispatch(110, 0);
        dispatch(2, -2);
        dispatch(39, 0);
    }
    CHECK_EQ(read_stat(110).calls, 1000, "no more getppid calls are counted");
    CHECK_EQ(read_stat(2).errors, 8, "no more errors");
    CHECK_EQ(read_stat(39).calls + read_stat(39).samples, 0, "a new number stays empty");
}

int main(void)
{
    test_counts_across_rounds();
    test_errors();
    test_off();
    return tap_end();
}
