/* Robustness: thousands of random calls to every implemented system call, with arguments drawn
 * from the kinds the generated descriptors give (build/gen/syscall_args.h): bad pointers of every
 * sort, wild sizes and flags, closed and odd descriptors. Nothing a process does may crash the
 * kernel, so the test passes when the kernel is still alive and answering correctly afterwards;
 * a panic or a hang fails the boot. The generator is seeded, so a failure can be replayed.
 *
 * Kept out of the random set: calls that end the process or the machine (exit, exit_group,
 * reboot), calls that may sleep for years on random input (nanosleep, clock_nanosleep), and
 * arch_prctl, which would move the C library's own TLS. The poll family and pipes may wait for
 * ever on the fuzzer itself (a read of a pipe whose write end it holds never ends), and
 * setgroups can set thousands of groups that a later getgroups writes over the fuzzer's own
 * data, and Linux's syslog(SYSLOG_ACTION_READ) waits for new kernel messages: their arguments
 * are drawn but the calls are not made, so a seed's sequence stays the
 * one it was before they were implemented. Descriptors 0-2 are never chosen, so the
 * console stays usable for the results, and every address argument stays inside an arena. */
#include "tap.h"
#include "syscall_args.h"
#include <fcntl.h>
#include <stdbool.h>
#include <stdlib.h>
#include <sys/mman.h>

#define ITERATIONS 30000
#define ARENA_PAGES 64

static unsigned long long rng_state = 0x9e3779b97f4a7c15ull;
static char scratch[65536] __attribute__((aligned(4096)));
static long arena, unmapped_page, readonly_page;
static int fds[8];

static unsigned long long next_random(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}

static long pick(const long *values, size_t n) { return values[next_random() % n]; }
#define PICK(...) pick((const long[]){ __VA_ARGS__ }, sizeof((const long[]){ __VA_ARGS__ }) / sizeof(long))

static long random_number(void)
{
    switch (next_random() % 4) {
    case 0: return PICK(0, 1, 2, 3, -1, 4096, 4095, 0x7fffffff, 0x80000000L, 0x7ffff000, -4096, 1L << 47);
    case 1: return (long)(next_random() & 0xffff);
    case 2: return (long)(unsigned)next_random();
    default: return (long)next_random();
    }
}

static long random_pointer(void)
{
    static const char *const paths[] = { "/data/hello.txt", "/data", "/data/link", "/data/loop1",
                                         "/tmp/fuzz.a", "/tmp", "/dev/null", "/", "", "..",
                                         "/data/dir/sub/c.txt", "/nonexistent/x", "/data/hello.txt/x" };
    switch (next_random() % 10) {
    case 0: return 0;
    case 1: return PICK(0xffffffff81000000L, 0x0000800000000000L, (long)0x8000000000000000UL, -1L);
    case 2: return unmapped_page;
    case 3: return readonly_page;
    case 4: return unmapped_page - 8;                       /* straddles into the unmapped page */
    case 5: return (long)paths[next_random() % (sizeof(paths) / sizeof(paths[0]))];
    case 6: return arena + (long)(next_random() % (ARENA_PAGES * PAGE));
    default: return (long)scratch + (long)(next_random() % (sizeof(scratch) / 2));
    }
}

static long random_fd(void)
{
    if (next_random() % 4 == 0)
        return PICK(-1, -100 /* AT_FDCWD */, 99, 1024, 0x7fffffff, -2);
    return fds[next_random() % 8];
}

/* Addresses for mmap, munmap, mprotect, madvise and brk stay in the arena (or are plainly bad),
 * so the fuzzer never unmaps its own code, data or stack. */
static long random_address(void)
{
    if (next_random() % 5 == 0)
        return PICK(0, 1, 0xffffffff81000000L, 0x0000800000000000L, 4095);
    return arena + (long)(next_random() % (ARENA_PAGES / 2)) * (long)PAGE;
}

/* Buffer lengths fit the rest of the scratch buffer (which pointers land in the first half of).
 * A larger one with a valid pointer would let read or getrandom (which clamps huge counts rather
 * than refusing them) overwrite the fuzzer itself, on Linux as on Wicket; the family tests
 * cover huge counts with care. */
static long random_buffer_length(void)
{
    return (long)(next_random() % (sizeof(scratch) / 2));
}

/* Lengths for calls that take an address: inside the arena, or values the kernel must refuse. A
 * valid length reaching past the arena would let MAP_FIXED or munmap take the fuzzer's stack. */
static long random_arena_length(void)
{
    if (next_random() % 5 == 0)
        return PICK(0, -1, -4096, 1L << 47, (long)0x8000000000000000UL);
    return (long)(next_random() % (ARENA_PAGES / 2 * PAGE));
}

static bool takes_address(const struct sysarg_call *c)
{
    for (int i = 0; i < c->nargs; i++)
        if (c->kinds[i] == SYSARG_ADDR)
            return true;
    return false;
}

static long random_arg(const struct sysarg_call *c, enum sysarg_kind kind)
{
    const char *name = c->name;
    bool fd_like = !strcmp(name, "dup") || !strcmp(name, "dup2") || !strcmp(name, "dup3");
    if (kind == SYSARG_SIZE && takes_address(c))
        return random_arena_length();
    switch (kind) {
    case SYSARG_FD: case SYSARG_DIRFD: return random_fd();
    case SYSARG_UINT: return fd_like ? random_fd() : random_number();
    case SYSARG_ADDR: return random_address();
    case SYSARG_UPTR_IN: case SYSARG_UPTR_OUT: case SYSARG_UPTR_INOUT:
    case SYSARG_PATH: case SYSARG_STR: return random_pointer();
    case SYSARG_SIZE: return random_buffer_length();
    default: return random_number();
    }
}

/* Calls that would end, put to sleep, multiply or replace the fuzzer itself rather than test
 * the kernel's argument checks (signal handlers at random addresses, random frames for
 * rt_sigreturn, timers whose SIGALRM would end it, flock waiting forever for a lock another of
 * its own descriptors holds, credential changes that would leave it unable to power off);
 * their own test programs cover them. */
static bool excluded(const struct sysarg_call *c)
{
    static const char *const names[] = { "exit", "exit_group", "reboot", "nanosleep",
                                         "clock_nanosleep", "arch_prctl", "fork", "vfork", "clone",
                                         "execve", "execveat", "kill", "tkill", "tgkill", "wait4",
                                         "waitid", "pause", "rt_sigsuspend", "rt_sigtimedwait",
                                         "rt_sigreturn", "rt_sigaction", "rt_sigqueueinfo",
                                         "rt_tgsigqueueinfo", "alarm", "setitimer", "flock", "setuid",
                                         "setgid", "setreuid", "setregid", "setresuid", "setresgid",
                                         "setfsuid", "setfsgid", "capset" };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(c->name, names[i]))
            return true;
    return false;
}

static bool drawn_not_made(const struct sysarg_call *c)
{
    static const char *const names[] = { "poll", "ppoll", "select", "pselect6", "pipe", "pipe2",
                                         "setgroups", "syslog" };
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (!strcmp(c->name, names[i]))
            return true;
    return false;
}

/* Arguments after the kernel's "--": "trace" prints each call first (to find one that kills),
 * a number reseeds the generator (to explore further, or replay a failure). */
static bool trace;

static void fuzz_one(void)
{
    const struct sysarg_call *c = &sysarg_calls[next_random() % (sizeof(sysarg_calls) / sizeof(sysarg_calls[0]))];
    if (excluded(c))
        return;
    long a[6] = { 0 };
    for (int i = 0; i < c->nargs; i++)
        a[i] = random_arg(c, c->kinds[i]);
    if (drawn_not_made(c))
        return;
    if (trace)
        tap_print("# %s(%#lx, %#lx, %#lx, %#lx, %#lx, %#lx)", c->name, a[0], a[1], a[2], a[3], a[4], a[5]);
    syscall(c->nr, a[0], a[1], a[2], a[3], a[4], a[5]);
}

static void open_fds(void)
{
    static const char *const files[] = { "/data/hello.txt", "/data", "/dev/null", "/dev/zero",
                                         "/tmp/fuzz.a", "/tmp/fuzz.b", "/data/lines.txt", "/tmp" };
    for (int i = 0; i < 8; i++) {
        if (fds[i] > 2 && fcntl(fds[i], F_GETFD) >= 0)
            continue;
        int flags = i == 4 || i == 5 ? O_RDWR | O_CREAT : O_RDONLY;
        fds[i] = (int)sc3(SYS_open, files[i], flags, 0644);
        if (fds[i] >= 0 && fds[i] <= 2)     /* never hand the console's numbers to the fuzzer */
            fds[i] = (int)sc3(SYS_fcntl, fds[i], F_DUPFD, 3);
    }
}

int main(int argc, char **argv)
{
    for (int i = 1; i < argc; i++) {
        if (!strcmp(argv[i], "trace"))
            trace = true;
        else if (strtoull(argv[i], NULL, 0))
            rng_state = strtoull(argv[i], NULL, 0);
    }
    tap_print("# seed %#llx", rng_state);
    arena = sc6(SYS_mmap, 0, ARENA_PAGES * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    unmapped_page = sc6(SYS_mmap, 0, 2 * PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    readonly_page = unmapped_page;
    unmapped_page += PAGE;
    sc2(SYS_munmap, unmapped_page, PAGE);
    CHECK(arena > 0 && readonly_page > 0, "set up the arena and the bad pages");
    open_fds();
    for (int i = 0; i < ITERATIONS; i++) {
        fuzz_one();
        if (i % 256 == 0)
            open_fds();
    }
    CHECK_RET(sc0(SYS_getpid), 1, "after %d random calls the kernel still answers getpid", ITERATIONS);
    /* The random calls may have lowered RLIMIT_NOFILE or RLIMIT_FSIZE, filled the descriptor
     * table with dups or truncated the data files: restore the limits, close what they opened,
     * then check that a file written now reads back. */
    struct { unsigned long cur, max; } nofile = { 1024, 4096 }, fsize = { ~0ul, ~0ul };
    sc4(SYS_prlimit64, 0, 7 /* RLIMIT_NOFILE */, &nofile, 0);
    sc4(SYS_prlimit64, 0, 1 /* RLIMIT_FSIZE */, &fsize, 0);
    for (int fd = 3; fd < 4096; fd++)
        sc1(SYS_close, fd);
    char buf[16] = { 0 };
    long fd = sc3(SYS_open, "/tmp/fuzz.after", O_RDWR | O_CREAT | O_TRUNC, 0644);
    CHECK(fd >= 0 && sc3(SYS_write, fd, "alive", 5) == 5 && sc4(SYS_pread64, fd, buf, 5, 0) == 5 &&
          !memcmp(buf, "alive", 5), "and still writes and reads back a file");
    CHECK(sc3(SYS_write, 1, "", 0) == 0, "and still writes to the console");
    tap_done();
}
