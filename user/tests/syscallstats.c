/* In-VM tests of /proc/wicket/syscalls, the per-syscall statistics (docs/syscall-stats.md).
 * Wicket only: Linux has no /proc/wicket, so on Linux the program says so and passes nothing.
 *
 * Counting is checked by difference: read the table, make 1000 getppid calls and 7 opens that
 * fail with ENOENT, read it again. The file is read with openat, read and close only, and the
 * calls under test are made raw (musl's open() would itself use SYS_open), so nothing else
 * moves the two rows. Booted with wicket.stats=0 (tools/run-tests passes "off" as argument
 * then), the table must say enabled=0 and have no rows at all. */
#include "tap.h"
#include <fcntl.h>
#include <stdlib.h>
#include <sys/utsname.h>

#define STATS_FILE "/proc/wicket/syscalls"
#define BUCKETS 32
#define GETPPID_CALLS 1000
#define FAILED_OPENS 7

struct row {
    unsigned long calls, errors, samples, sample_ticks, total_ticks, hist[BUCKETS];
};

static char table[65536];

/* Reads the whole file into table; its length, or -errno. */
static long read_table(void)
{
    long fd = sc4(SYS_openat, AT_FDCWD, STATS_FILE, O_RDONLY, 0), len = 0, n;
    if (fd < 0)
        return fd;
    while ((n = sc3(SYS_read, fd, table + len, sizeof(table) - 1 - len)) > 0)
        len += n;
    sc1(SYS_close, fd);
    table[len] = '\0';
    return n < 0 ? n : len;
}

/* The row of syscall number nr in table (all zero when absent); 1 if it was there. */
static int find_row(long nr, struct row *r)
{
    memset(r, 0, sizeof(*r));
    for (char *line = table; line && *line; line = strchr(line, '\n'), line = line ? line + 1 : 0) {
        char *end;
        long got = strtol(line, &end, 10);
        if (end == line || got != nr || *end != ' ')
            continue;
        char *p = strchr(end + 1, ' ');
        unsigned long *fields[] = { &r->calls, &r->errors, &r->samples, &r->sample_ticks,
                                    &r->total_ticks };
        for (int i = 0; p && i < 5 + BUCKETS; i++, p = end)
            *(i < 5 ? fields[i] : &r->hist[i - 5]) = strtoul(p, &end, 10);
        return 1;
    }
    return 0;
}

static unsigned long hist_sum(const struct row *r)
{
    unsigned long sum = 0;
    for (int b = 0; b < BUCKETS; b++)
        sum += r->hist[b];
    return sum;
}

static void make_calls(void)
{
    for (int i = 0; i < GETPPID_CALLS; i++)
        sc0(SYS_getppid);
    for (int i = 0; i < FAILED_OPENS; i++)
        sc3(SYS_open, "/no/such/file", O_RDONLY, 0);
}

static void test_format(int enabled)
{
    CHECK(read_table() > 0, "%s can be read", STATS_FILE);
    char want[64];
    snprintf(want, sizeof(want), "# enabled=%d sample=first,every64 ", enabled);
    CHECK(!strncmp(table, want, strlen(want)), "the first line starts with '%s'", want);
    char *header = strchr(table, '\n');
    CHECK(header && !strncmp(header + 1, "nr name calls errors samples sample_ticks total_ticks"
                             " h0 h1 ", 60), "the second line is the column header");
}

/* The first call of a number and every 64th after it are sampled. */
static void check_sampling(const char *name, const struct row *r)
{
    CHECK(r->samples == (r->calls + 63) / 64, "%s: %lu samples of %lu calls (first, every 64th)",
          name, r->samples, r->calls);
    CHECK(hist_sum(r) == r->samples, "%s: the histogram holds every sample", name);
    CHECK(r->samples && r->sample_ticks > 0 && r->total_ticks >= r->sample_ticks,
          "%s: sampled time %lu ticks, estimated total %lu", name, r->sample_ticks,
          r->total_ticks);
}

static void test_counting(void)
{
    struct row ppid0, open0, ppid1, open1;
    read_table();
    find_row(SYS_getppid, &ppid0);
    find_row(SYS_open, &open0);
    make_calls();
    read_table();
    CHECK(find_row(SYS_getppid, &ppid1), "getppid has a row");
    CHECK(find_row(SYS_open, &open1), "open has a row");
    CHECK(ppid1.calls - ppid0.calls == GETPPID_CALLS && ppid1.errors == ppid0.errors,
          "getppid: %lu more calls, %lu more errors", ppid1.calls - ppid0.calls,
          ppid1.errors - ppid0.errors);
    CHECK(open1.calls - open0.calls == FAILED_OPENS && open1.errors - open0.errors == FAILED_OPENS,
          "open: %lu more calls, %lu more errors", open1.calls - open0.calls,
          open1.errors - open0.errors);
    check_sampling("getppid", &ppid1);
    check_sampling("open", &open1);
    struct row r;
    CHECK(find_row(SYS_openat, &r) && r.calls > 0 && find_row(SYS_read, &r),
          "the calls that read the table are counted too");
}

static void test_off(void)
{
    make_calls();
    read_table();
    char *header = strchr(table, '\n');
    char *rows = header ? strchr(header + 1, '\n') : NULL;
    CHECK(rows && rows[1] == '\0', "with wicket.stats=0 no call is counted (rows: %.40s)",
          rows ? rows + 1 : "?");
}

int main(int argc, char **argv)
{
    struct utsname u;
    if (uname(&u) == 0 && !strstr(u.release, "wicket")) {
        tap_print("# skip: %s is Wicket's (this is %s %s)", STATS_FILE, u.sysname, u.release);
        return tap_done();
    }
    int off = argc > 1 && !strcmp(argv[1], "off");
    CHECK_RET(sc5(SYS_mount, "proc", "/proc", "proc", 0, 0), 0, "mount procfs on /proc");
    test_format(!off);
    if (off)
        test_off();
    else
        test_counting();
    return tap_done();
}
