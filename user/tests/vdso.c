/* In-VM tests of the vDSO: the kernel passes its address in AT_SYSINFO_EHDR, its dynamic symbol
 * table names __vdso_clock_gettime and the others at version LINUX_2.6 (where the C libraries
 * look), and its clocks agree with the system calls, read just before and just after. Clocks it
 * does not serve fall back to the system call, errors included; alternating between the two
 * never sees a clock go back, and the clocks keep whole-second offsets from one another.
 * It is mapped read-only and
 * shows in /proc/self/maps as [vdso] and [vvar]. */
#include "tap.h"
#include <elf.h>
#include <sys/auxv.h>
#include <sys/time.h>
#include <sys/wait.h>
#include <time.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <stdlib.h>

#define NSEC_PER_SEC 1000000000L
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

typedef int (*clock_gettime_fn)(clockid_t, struct timespec *);
typedef int (*clock_getres_fn)(clockid_t, struct timespec *);
typedef int (*gettimeofday_fn)(struct timeval *, void *);
typedef time_t (*time_fn)(time_t *);
typedef int (*getcpu_fn)(unsigned *, unsigned *, void *);

struct vdso_tables {
    uintptr_t bias;
    const Elf64_Sym *syms;
    const char *strings;
    const Elf64_Word *hash;
    const Elf64_Half *versym;
    const Elf64_Verdef *verdef;
};

static int vdso_tables(struct vdso_tables *t)
{
    uintptr_t base = getauxval(AT_SYSINFO_EHDR);
    if (!base)
        return -1;
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)base;
    const Elf64_Phdr *ph = (const Elf64_Phdr *)(base + eh->e_phoff);
    const Elf64_Dyn *dyn = NULL;
    memset(t, 0, sizeof(*t));
    for (int i = 0; i < eh->e_phnum; i++) {
        if (ph[i].p_type == PT_LOAD && ph[i].p_offset == 0)
            t->bias = base - ph[i].p_vaddr;
        if (ph[i].p_type == PT_DYNAMIC)
            dyn = (const Elf64_Dyn *)ph[i].p_vaddr;     /* biased below, once bias is known */
    }
    if (!dyn)
        return -1;
    for (dyn = (const Elf64_Dyn *)((uintptr_t)dyn + t->bias); dyn->d_tag != DT_NULL; dyn++) {
        uintptr_t at = t->bias + dyn->d_un.d_ptr;
        switch (dyn->d_tag) {
        case DT_SYMTAB: t->syms = (const Elf64_Sym *)at; break;
        case DT_STRTAB: t->strings = (const char *)at; break;
        case DT_HASH: t->hash = (const Elf64_Word *)at; break;
        case DT_VERSYM: t->versym = (const Elf64_Half *)at; break;
        case DT_VERDEF: t->verdef = (const Elf64_Verdef *)at; break;
        }
    }
    return t->syms && t->strings && t->hash && t->versym && t->verdef ? 0 : -1;
}

/* The name of version index ndx, from the version definitions. */
static const char *version_name(const struct vdso_tables *t, unsigned ndx)
{
    for (const Elf64_Verdef *d = t->verdef; ; d = (const Elf64_Verdef *)((const char *)d + d->vd_next)) {
        if ((d->vd_ndx & 0x7fff) == ndx && !(d->vd_flags & VER_FLG_BASE)) {
            const Elf64_Verdaux *aux = (const Elf64_Verdaux *)((const char *)d + d->vd_aux);
            return t->strings + aux->vda_name;
        }
        if (!d->vd_next)
            return "";
    }
}

/* What musl does: a linear scan of the dynamic symbols (DT_HASH gives their number) for a
 * defined function of that name and version. */
static void *vdso_sym(const char *name, const char *version)
{
    struct vdso_tables t;
    if (vdso_tables(&t))
        return NULL;
    for (Elf64_Word i = 0; i < t.hash[1]; i++) {
        const Elf64_Sym *s = &t.syms[i];
        if (ELF64_ST_TYPE(s->st_info) != STT_FUNC || s->st_shndx == SHN_UNDEF)
            continue;
        if (strcmp(t.strings + s->st_name, name) == 0 &&
            strcmp(version_name(&t, t.versym[i] & 0x7fff), version) == 0)
            return (void *)(t.bias + s->st_value);
    }
    return NULL;
}

static long ts_ns(const struct timespec *ts) { return ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec; }

static long raw_ns(clockid_t clk)
{
    struct timespec ts = { 0, 0 };
    sc2(SYS_clock_gettime, clk, &ts);
    return ts_ns(&ts);
}

static void test_lookup(void)
{
    CHECK(getauxval(AT_SYSINFO_EHDR) != 0, "AT_SYSINFO_EHDR is set");
    const Elf64_Ehdr *eh = (const Elf64_Ehdr *)getauxval(AT_SYSINFO_EHDR);
    CHECK(eh && memcmp(eh->e_ident, ELFMAG, SELFMAG) == 0 && eh->e_type == ET_DYN,
          "it points at an ELF shared object");
    static const char *const names[] = { "__vdso_clock_gettime", "__vdso_gettimeofday", "__vdso_time",
                                         "__vdso_clock_getres", "__vdso_getcpu" };
    for (size_t i = 0; i < ARRAY_SIZE(names); i++)
        CHECK(vdso_sym(names[i], "LINUX_2.6") != NULL, "%s@LINUX_2.6 is exported", names[i]);
    CHECK(vdso_sym("__vdso_clock_gettime", "LINUX_9.9") == NULL, "no symbol under another version");
}

/* raw before <= vDSO <= raw after, for the clocks the vDSO computes itself. */
static void test_clock_gettime(void)
{
    clock_gettime_fn f = (clock_gettime_fn)vdso_sym("__vdso_clock_gettime", "LINUX_2.6");
    if (!f)
        return;
    static const struct { clockid_t id; const char *name; } clocks[] = {
        { CLOCK_REALTIME, "CLOCK_REALTIME" }, { CLOCK_MONOTONIC, "CLOCK_MONOTONIC" },
        { CLOCK_BOOTTIME, "CLOCK_BOOTTIME" }, { CLOCK_MONOTONIC_RAW, "CLOCK_MONOTONIC_RAW" },
        { CLOCK_TAI, "CLOCK_TAI" },
    };
    for (size_t i = 0; i < ARRAY_SIZE(clocks); i++) {
        struct timespec ts = { -1, -1 };
        long before = raw_ns(clocks[i].id);
        int r = f(clocks[i].id, &ts);
        long after = raw_ns(clocks[i].id);
        CHECK(r == 0 && ts.tv_nsec >= 0 && ts.tv_nsec < NSEC_PER_SEC, "vDSO clock_gettime(%s)", clocks[i].name);
        CHECK(before <= ts_ns(&ts) && ts_ns(&ts) <= after, "%s between two system calls (%ld <= %ld <= %ld)",
              clocks[i].name, before, ts_ns(&ts), after);
    }
    struct timespec ts;
    CHECK_RET(f(CLOCK_PROCESS_CPUTIME_ID, &ts), 0, "CLOCK_PROCESS_CPUTIME_ID through the vDSO");
    CHECK(ts.tv_nsec >= 0 && ts.tv_nsec < NSEC_PER_SEC, "a valid CPU time");
    CHECK_RET(f(10, &ts), -EINVAL, "clock id 10 (unused): the system call's EINVAL");
    CHECK_RET(f(1000, &ts), -EINVAL, "clock id 1000: EINVAL");
    CHECK_RET(f(-1, &ts), -EINVAL, "CPU clock id of an invalid kind: EINVAL");
    long before = raw_ns(CLOCK_MONOTONIC);
    CHECK_RET(clock_gettime(CLOCK_MONOTONIC, &ts), 0, "the C library's clock_gettime");
    CHECK(before <= ts_ns(&ts) && ts_ns(&ts) <= raw_ns(CLOCK_MONOTONIC), "agrees with the system call");
}

/* Readings that alternate between the vDSO and the system call never go back: both paths read
 * the same clock with the same arithmetic. */
static void test_alternation(void)
{
    clock_gettime_fn f = (clock_gettime_fn)vdso_sym("__vdso_clock_gettime", "LINUX_2.6");
    if (!f)
        return;
    static const clockid_t clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_RAW,
                                        CLOCK_REALTIME_COARSE, CLOCK_MONOTONIC_COARSE, CLOCK_BOOTTIME, CLOCK_TAI };
    for (size_t i = 0; i < ARRAY_SIZE(clocks); i++) {
        long last = 0, backwards = 0;
        for (int n = 0; n < 2000; n++) {
            struct timespec ts = { 0, 0 };
            f(clocks[i], &ts);
            long now_vdso = ts_ns(&ts), now_raw = raw_ns(clocks[i]);
            backwards += now_vdso < last || now_raw < now_vdso;
            last = now_raw;
        }
        CHECK(backwards == 0, "clock %d: 4000 alternating readings never go back (%ld did)", (int)clocks[i],
              backwards);
    }
}

/* REALTIME - MONOTONIC holds still while the clocks run, and TAI - REALTIME is a whole number
 * of seconds: 37 on Wicket, 0 on a Linux whose TAI offset nobody set. */
static void test_offsets(void)
{
    clock_gettime_fn f = (clock_gettime_fn)vdso_sym("__vdso_clock_gettime", "LINUX_2.6");
    if (!f)
        return;
    struct timespec rt, mono, tai;
    f(CLOCK_REALTIME, &rt);
    f(CLOCK_MONOTONIC, &mono);
    long first = ts_ns(&rt) - ts_ns(&mono);
    for (int n = 0; n < 100000; n++)
        f(CLOCK_MONOTONIC, &mono);
    f(CLOCK_REALTIME, &rt);
    f(CLOCK_TAI, &tai);
    long drift = ts_ns(&rt) - ts_ns(&mono) - first, tai_ns = ts_ns(&tai) - ts_ns(&rt);
    long tai_sec = (tai_ns + NSEC_PER_SEC / 2) / NSEC_PER_SEC;
    CHECK(drift >= -1000000 && drift <= 1000000, "REALTIME - MONOTONIC holds still (moved %ld ns)", drift);
    CHECK((tai_sec == 0 || tai_sec == 37) && labs(tai_ns - tai_sec * NSEC_PER_SEC) < 1000000,
          "TAI - REALTIME is 0 or 37 s (%ld ns)", tai_ns);
}

static void test_clock_getres(void)
{
    clock_getres_fn f = (clock_getres_fn)vdso_sym("__vdso_clock_getres", "LINUX_2.6");
    if (!f)
        return;
    static const clockid_t clocks[] = { CLOCK_REALTIME, CLOCK_MONOTONIC, CLOCK_MONOTONIC_COARSE,
                                        CLOCK_REALTIME_COARSE, CLOCK_BOOTTIME, CLOCK_PROCESS_CPUTIME_ID };
    for (size_t i = 0; i < ARRAY_SIZE(clocks); i++) {
        struct timespec v = { -1, -1 }, s = { -2, -2 };
        CHECK_RET(f(clocks[i], &v), 0, "vDSO clock_getres(%d)", (int)clocks[i]);
        sc2(SYS_clock_getres, clocks[i], &s);
        CHECK(v.tv_sec == s.tv_sec && v.tv_nsec == s.tv_nsec, "clock %d: the system call's resolution (%ld ns)",
              (int)clocks[i], (long)v.tv_nsec);
    }
    CHECK_RET(f(CLOCK_MONOTONIC, NULL), 0, "a NULL result pointer");
    struct timespec v;
    CHECK_RET(f(10, &v), -EINVAL, "clock_getres of clock id 10: EINVAL");
}

static void test_gettimeofday_time(void)
{
    gettimeofday_fn g = (gettimeofday_fn)vdso_sym("__vdso_gettimeofday", "LINUX_2.6");
    time_fn t = (time_fn)vdso_sym("__vdso_time", "LINUX_2.6");
    if (!g || !t)
        return;
    struct timeval a, v, b;
    struct timezone tz = { -1, -1 };
    sc2(SYS_gettimeofday, &a, 0);
    int r = g(&v, &tz);
    sc2(SYS_gettimeofday, &b, 0);
    long us_a = a.tv_sec * 1000000L + a.tv_usec, us_v = v.tv_sec * 1000000L + v.tv_usec;
    long us_b = b.tv_sec * 1000000L + b.tv_usec;
    CHECK(r == 0 && v.tv_usec >= 0 && v.tv_usec < 1000000, "vDSO gettimeofday");
    CHECK(us_a <= us_v && us_v <= us_b, "between two system calls (%ld <= %ld <= %ld)", us_a, us_v, us_b);
    CHECK(tz.tz_minuteswest == 0 && tz.tz_dsttime == 0, "the time zone is UTC");
    CHECK_RET(g(NULL, NULL), 0, "gettimeofday with NULL pointers");
    long s_a = sc1(SYS_time, 0);
    time_t stored = -1, got = t(&stored);
    long s_b = sc1(SYS_time, 0);
    CHECK(s_a <= got && got <= s_b && stored == got, "vDSO time between two system calls (%ld <= %ld <= %ld)",
          s_a, (long)got, s_b);
    CHECK(t(NULL) >= s_a, "time(NULL)");
}

static void test_getcpu(void)
{
    getcpu_fn f = (getcpu_fn)vdso_sym("__vdso_getcpu", "LINUX_2.6");
    if (!f)
        return;
    unsigned cpu = ~0u, node = ~0u;
    long cpus = sysconf(_SC_NPROCESSORS_ONLN);
    CHECK_RET(f(&cpu, &node, NULL), 0, "vDSO getcpu");
    CHECK(cpu < (unsigned long)cpus && node == 0, "an online CPU (%u of %ld), node 0", cpu, cpus);
}

/* A store into the vDSO is a protection fault, in a child so the test survives it. */
static void test_read_only(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        *(volatile char *)getauxval(AT_SYSINFO_EHDR) = 0;
        _exit(0);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    CHECK(WIFSIGNALED(status) && WTERMSIG(status) == SIGSEGV, "a store into the vDSO is SIGSEGV (status %#x)",
          status);
    struct timespec ts;
    CHECK_RET(clock_gettime(CLOCK_REALTIME, &ts), 0, "the vDSO still works afterwards");
    pid = fork();
    if (pid == 0) {
        long before = raw_ns(CLOCK_MONOTONIC);
        _exit(clock_gettime(CLOCK_MONOTONIC, &ts) == 0 && ts_ns(&ts) >= before ? 0 : 1);
    }
    waitpid(pid, &status, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0, "and in a forked child");
}

static void test_maps(void)
{
    static char buf[16384];
    mkdir("/tmp/vdso-proc", 0755);
    CHECK_RET(sc5(SYS_mount, "proc", "/tmp/vdso-proc", "proc", 0, 0), 0, "mount procfs");
    int fd = open("/tmp/vdso-proc/self/maps", O_RDONLY);
    size_t n = 0;
    for (long r; fd >= 0 && n < sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0; )
        n += (size_t)r;
    buf[n] = 0;
    if (fd >= 0)
        close(fd);
    sc2(SYS_umount2, "/tmp/vdso-proc", 0);
    char want[64];
    snprintf(want, sizeof(want), "%lx-", (unsigned long)getauxval(AT_SYSINFO_EHDR));
    char *line = strstr(buf, want);
    char *eol = line ? strchr(line, '\n') : NULL;
    CHECK(line && eol && eol - line > 7 && memcmp(eol - 6, "[vdso]", 6) == 0 && strstr(line, " r-xp "),
          "/proc/self/maps: r-xp [vdso] at AT_SYSINFO_EHDR");
    CHECK(strstr(buf, "[vvar]") != NULL, "/proc/self/maps shows [vvar]");
}

int main(void)
{
    test_lookup();
    test_clock_gettime();
    test_alternation();
    test_offsets();
    test_clock_getres();
    test_gettimeofday_time();
    test_getcpu();
    test_read_only();
    test_maps();
    return tap_done();
}
