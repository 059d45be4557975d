/* /proc/wicket: files about Wicket itself that Linux has no place for. syscalls is the
 * per-syscall statistics table (include/syscall_stats.h), in the format docs/syscall-stats.md
 * describes: a '#' line with the settings, a header line, then one line per number that was
 * called since boot, with fixed columns separated by single spaces. */
#include "procfs_internal.h"
#include "syscall_stats.h"
#include "ktime.h"

static void stat_line(struct text *t, u32 slot, const struct syscall_stat *s)
{
    text_printf(t, "%u %s %llu %llu %llu %llu %llu", syscall_slot_nr(slot),
                syscall_info[slot].name ?: "-",
                (unsigned long long)s->calls, (unsigned long long)s->errors,
                (unsigned long long)s->samples, (unsigned long long)s->sample_ticks,
                (unsigned long long)s->total_ticks);
    for (unsigned b = 0; b < SYSCALL_STATS_BUCKETS; b++)
        text_printf(t, " %llu", (unsigned long long)s->hist[b]);
    text_printf(t, "\n");
}

static void gen_syscalls(struct text *t, struct process *unused)
{
    text_printf(t, "# enabled=%d sample=first,every%d tsc_khz=%llu buckets=%d\n",
                syscall_stats_enabled(), SYSCALL_STATS_SAMPLE_EVERY,
                (unsigned long long)tsc_khz(), SYSCALL_STATS_BUCKETS);
    text_printf(t, "nr name calls errors samples sample_ticks total_ticks");
    for (unsigned b = 0; b < SYSCALL_STATS_BUCKETS; b++)
        text_printf(t, " h%u", b);
    text_printf(t, "\n");
    for (u32 slot = 0; slot < SYSCALL_SLOTS; slot++) {
        struct syscall_stat s;
        syscall_stats_read(slot, &s);
        if (s.calls)
            stat_line(t, slot, &s);
    }
}

static const struct proc_entry wicket_entries[] = {
    { "syscalls", S_IFREG | 0444, gen_syscalls, 0 },
};
const struct proc_table proc_wicket_table = { wicket_entries, ARRAY_SIZE(wicket_entries) };
