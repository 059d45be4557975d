/* syscallstat: the system calls made since boot, busiest first, like top for syscalls. It reads
 * Wicket's /proc/wicket/syscalls (format: docs/syscall-stats.md) and prints one line per call
 * with its count, errors, estimated total time, sampled mean latency and the bound under which
 * 99% of the sampled calls finished. Latencies are sampled (the first call of each number and
 * every 64th after it), so the times are estimates; the counts are exact.
 *
 *     syscallstat [-n SECONDS] [-l LINES]
 *
 * -n repeats every SECONDS seconds until interrupted; -l shows at most LINES calls. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define STATS_FILE "/proc/wicket/syscalls"
#define BUCKETS 32
#define MAX_ROWS 1024

struct row {
    unsigned nr;
    char name[32];
    unsigned long long calls, errors, samples, sample_ticks, total_ticks, hist[BUCKETS];
};

struct table {
    int enabled, sample_every;
    unsigned long long tsc_khz;
    size_t count;
    struct row rows[MAX_ROWS];
};

static int parse_row(const char *line, struct row *r)
{
    int used;
    if (sscanf(line, "%u %31s %llu %llu %llu %llu %llu%n", &r->nr, r->name, &r->calls,
               &r->errors, &r->samples, &r->sample_ticks, &r->total_ticks, &used) != 7)
        return -1;
    for (int b = 0; b < BUCKETS; b++) {
        int n;
        if (sscanf(line + used, "%llu%n", &r->hist[b], &n) != 1)
            return -1;
        used += n;
    }
    return 0;
}

/* Reads the statistics file into t; 0, or -1 with a message printed. */
static int read_table(struct table *t)
{
    FILE *f = fopen(STATS_FILE, "r");
    if (!f) {
        fprintf(stderr, "syscallstat: %s: %s (is this Wicket, with /proc mounted?)\n",
                STATS_FILE, strerror(errno));
        return -1;
    }
    char line[1024];
    t->count = 0;
    t->enabled = -1;
    while (fgets(line, sizeof(line), f)) {
        if (line[0] == '#')
            sscanf(line, "# enabled=%d sample=first,every%d tsc_khz=%llu", &t->enabled,
                   &t->sample_every, &t->tsc_khz);
        else if (line[0] >= '0' && line[0] <= '9' && t->count < MAX_ROWS &&
                 parse_row(line, &t->rows[t->count]) == 0)
            t->count++;
    }
    fclose(f);
    if (t->enabled < 0 || !t->tsc_khz) {
        fprintf(stderr, "syscallstat: %s: unknown format\n", STATS_FILE);
        return -1;
    }
    return 0;
}

static int by_total_time(const void *a, const void *b)
{
    const struct row *x = a, *y = b;
    if (x->total_ticks != y->total_ticks)
        return x->total_ticks < y->total_ticks ? 1 : -1;
    return x->calls < y->calls ? 1 : x->calls > y->calls ? -1 : 0;
}

/* Microseconds in ticks of the TSC. */
static double ticks_us(const struct table *t, double ticks)
{
    return ticks * 1000.0 / (double)t->tsc_khz;
}

/* The upper bound, in ticks, of the bucket by which 99% of the samples are counted. */
static double p99_ticks(const struct row *r)
{
    unsigned long long seen = 0;
    for (int b = 0; b < BUCKETS; b++) {
        seen += r->hist[b];
        if (seen * 100 >= r->samples * 99)
            return (double)(2ull << b);
    }
    return 0;
}

static void print_table(struct table *t, size_t lines)
{
    if (!t->enabled) {
        printf("syscall statistics are off (booted with wicket.stats=0)\n");
        return;
    }
    qsort(t->rows, t->count, sizeof(t->rows[0]), by_total_time);
    printf("%4s %-20s %12s %10s %12s %10s %10s\n", "NR", "SYSCALL", "CALLS", "ERRORS",
           "TOTAL ms", "MEAN us", "P99< us");
    for (size_t i = 0; i < t->count && i < lines; i++) {
        const struct row *r = &t->rows[i];
        double mean = r->samples ? (double)r->sample_ticks / (double)r->samples : 0;
        printf("%4u %-20s %12llu %10llu %12.3f %10.2f %10.2f\n", r->nr, r->name, r->calls,
               r->errors, ticks_us(t, (double)r->total_ticks) / 1000.0, ticks_us(t, mean),
               ticks_us(t, p99_ticks(r)));
    }
    printf("(times from a sample: the first call of each syscall and every %dth after it)\n",
           t->sample_every);
}

static void usage(void)
{
    fprintf(stderr, "usage: syscallstat [-n SECONDS] [-l LINES]\n");
    exit(2);
}

int main(int argc, char **argv)
{
    int interval = 0, opt;
    size_t lines = MAX_ROWS;
    while ((opt = getopt(argc, argv, "n:l:h")) != -1) {
        if (opt == 'n' && atoi(optarg) > 0)
            interval = atoi(optarg);
        else if (opt == 'l' && atoi(optarg) > 0)
            lines = (size_t)atoi(optarg);
        else
            usage();
    }
    static struct table t;
    for (;;) {
        if (read_table(&t) < 0)
            return 1;
        if (interval)
            printf("\033[H\033[J");     /* home the cursor and clear the screen, as top does */
        print_table(&t, lines);
        fflush(stdout);
        if (!interval)
            return 0;
        sleep((unsigned)interval);
    }
}
