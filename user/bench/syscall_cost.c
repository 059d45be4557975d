/* Instructions per system call, measured from user space. Under QEMU TCG with
 * `-icount shift=0,sleep=off` the guest's TSC advances once per executed instruction, so the
 * difference of two rdtsc readings is an instruction count: deterministic and comparable
 * between kernels. Each operation runs in batches; the median batch, divided by the batch size,
 * is reported (minus the cost of an empty loop). Boots as init on Wicket or Linux and powers off.
 * The floor row exists only on a Wicket booted with wicket.bench_floor=1, where the entry path
 * answers SYS_wicket_bench_floor with 0 at once; elsewhere that number is ENOSYS. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <time.h>
#include <unistd.h>
#include "uapi/wicket_syscalls.h"      /* SYS_wicket_bench_floor: ENOSYS on Linux */

#define BATCH 64
#define SAMPLES 101
/* Process operations cost hundreds of thousands of instructions: fewer, smaller batches. */
#define HEAVY_BATCH 4
#define HEAVY_SAMPLES 21

static inline unsigned long long rdtsc(void)
{
    unsigned lo, hi;
    __asm__ volatile("lfence; rdtsc" : "=a"(lo), "=d"(hi) :: "memory");
    return ((unsigned long long)hi << 32) | lo;
}

static inline long raw0(long nr)
{
    long ret;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr) : "rcx", "r11", "memory");
    return ret;
}

static inline long raw4(long nr, long a, long b, long c, long d)
{
    long ret;
    register long r10 __asm__("r10") = d;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10)
                     : "rcx", "r11", "memory");
    return ret;
}

static inline long raw6(long nr, long a, long b, long c, long d, long e, long f)
{
    long ret;
    register long r10 __asm__("r10") = d, r8 __asm__("r8") = e, r9 __asm__("r9") = f;
    __asm__ volatile("syscall" : "=a"(ret) : "a"(nr), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8),
                     "r"(r9) : "rcx", "r11", "memory");
    return ret;
}

static int cmp(const void *a, const void *b)
{
    unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
    return x < y ? -1 : x > y;
}

#define DATA_FILE "/bench/data.txt"

enum op { OP_EMPTY, OP_FLOOR, OP_GETPPID, OP_ENOSYS, OP_READ_ZERO, OP_WRITE_NULL, OP_READ_FILE,
          OP_PREAD_FILE, OP_OPEN_CLOSE, OP_STAT, OP_FSTAT, OP_CLOCK_LIBC, OP_CLOCK_RAW,
          OP_MMAP_MUNMAP, OP_MMAP_TOUCH, OP_PIPE_PINGPONG, OP_YIELD_PINGPONG, OP_SIGNAL, OP_FORK,
          OP_FORK_EXEC };
static int zero_fd, null_fd, file_fd, stream_fd;
static struct stat st;
static struct timespec ts;
static int to_child[2], from_child[2];
static char byte;
static volatile int signals_seen;

static void on_signal(int sig) { (void)sig; signals_seen++; }

static void fork_exit_wait(void)
{
    pid_t pid = fork();
    if (pid == 0)
        _exit(0);
    waitpid(pid, NULL, 0);
}

static void fork_exec_wait(void)
{
    pid_t pid = fork();
    if (pid == 0) {
        char *argv[] = { "/init", "exit", NULL };
        execve("/init", argv, (char *[]){ NULL });
        _exit(127);
    }
    waitpid(pid, NULL, 0);
}

static void pipe_round_trip(void)
{
    raw4(SYS_write, to_child[1], (long)&byte, 1, 0);
    raw4(SYS_read, from_child[0], (long)&byte, 1, 0);
}

static void open_close(void)
{
    long fd = raw4(SYS_open, (long)DATA_FILE, O_RDONLY, 0, 0);
    raw4(SYS_close, fd, 0, 0, 0);
}

/* Maps one anonymous page and unmaps it, writing to it in between when touch is set (a page
 * fault, a zeroed page, and its release). */
static void map_unmap(bool touch)
{
    long addr = raw6(SYS_mmap, 0, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (touch)
        *(volatile char *)addr = 1;
    raw4(SYS_munmap, addr, 4096, 0, 0);
}

static void run_heavy(enum op op)
{
    for (int i = 0; i < HEAVY_BATCH; i++)
        op == OP_FORK ? fork_exit_wait() : fork_exec_wait();
}

static void run_batch(enum op op)
{
    if (op == OP_FORK || op == OP_FORK_EXEC) {
        run_heavy(op);
        return;
    }
    for (int i = 0; i < BATCH; i++) {
        switch (op) {
        case OP_EMPTY: __asm__ volatile("" ::: "memory"); break;
        case OP_FLOOR: raw0(SYS_wicket_bench_floor); break;
        case OP_GETPPID: raw0(SYS_getppid); break;
        case OP_ENOSYS: raw0(1000); break;
        case OP_READ_ZERO: raw4(SYS_read, zero_fd, (long)&byte, 1, 0); break;
        case OP_WRITE_NULL: raw4(SYS_write, null_fd, (long)&byte, 1, 0); break;
        case OP_READ_FILE: raw4(SYS_read, stream_fd, (long)&byte, 1, 0); break;
        case OP_PREAD_FILE: raw4(SYS_pread64, file_fd, (long)&byte, 1, 0); break;
        case OP_OPEN_CLOSE: open_close(); break;
        case OP_STAT: raw4(SYS_stat, (long)DATA_FILE, (long)&st, 0, 0); break;
        case OP_FSTAT: raw4(SYS_fstat, file_fd, (long)&st, 0, 0); break;
        case OP_CLOCK_LIBC: clock_gettime(CLOCK_MONOTONIC, &ts); break;
        case OP_CLOCK_RAW: raw4(SYS_clock_gettime, CLOCK_MONOTONIC, (long)&ts, 0, 0); break;
        case OP_MMAP_MUNMAP: map_unmap(false); break;
        case OP_MMAP_TOUCH: map_unmap(true); break;
        case OP_PIPE_PINGPONG: pipe_round_trip(); break;
        case OP_YIELD_PINGPONG: raw0(SYS_sched_yield); break;
        case OP_SIGNAL: raw4(SYS_kill, getpid(), SIGUSR1, 0, 0); break;
        default: break;
        }
    }
}

static double median_per_op(enum op op)
{
    bool heavy = op == OP_FORK || op == OP_FORK_EXEC;
    int samples = heavy ? HEAVY_SAMPLES : SAMPLES, batch = heavy ? HEAVY_BATCH : BATCH;
    unsigned long long s[SAMPLES];
    run_batch(op);                          /* warm caches and page tables */
    for (int i = 0; i < samples; i++) {
        unsigned long long t0 = rdtsc();
        run_batch(op);
        s[i] = rdtsc() - t0;
    }
    qsort(s, samples, sizeof(s[0]), cmp);
    return (double)s[samples / 2] / batch;
}

/* The partner process of the ping-pong rows: echoes pipe bytes, or yields forever. */
static pid_t start_partner(enum op op)
{
    if (op == OP_PIPE_PINGPONG && (pipe(to_child) || pipe(from_child)))
        return -1;
    pid_t pid = fork();
    if (pid != 0)
        return pid;
    if (op == OP_YIELD_PINGPONG)
        for (;;)
            raw0(SYS_sched_yield);
    while (raw4(SYS_read, to_child[0], (long)&byte, 1, 0) == 1)
        raw4(SYS_write, from_child[1], (long)&byte, 1, 0);
    _exit(0);
}

static void stop_partner(pid_t pid, enum op op)
{
    kill(pid, SIGKILL);
    waitpid(pid, NULL, 0);
    if (op == OP_PIPE_PINGPONG)
        for (int i = 0; i < 2; i++) {
            close(to_child[i]);
            close(from_child[i]);
        }
}

/* Measures op, with its partner process or signal handler in place; false when the kernel
 * lacks what the operation needs. */
static bool measure(enum op op, double *out)
{
    pid_t partner = 0;
    if (op == OP_PIPE_PINGPONG || op == OP_YIELD_PINGPONG) {
        if ((partner = start_partner(op)) < 0)
            return false;
    }
    if (op == OP_SIGNAL && signal(SIGUSR1, on_signal) == SIG_ERR)
        return false;
    if (op == OP_FLOOR && raw0(SYS_wicket_bench_floor) != 0)
        return false;       /* not booted with wicket.bench_floor=1 */
    if (op == OP_PIPE_PINGPONG) {
        byte = 'p';
        if (raw4(SYS_write, to_child[1], (long)&byte, 1, 0) != 1)
            return false;
        byte = 0;
        if (raw4(SYS_read, from_child[0], (long)&byte, 1, 0) != 1 || byte != 'p')
            return false;   /* the partner must echo what it was sent */
    }
    if (op == OP_SIGNAL) {
        raise(SIGUSR1);
        if (signals_seen != 1)
            return false;
    }
    *out = median_per_op(op);
    if (partner)
        stop_partner(partner, op);
    return true;
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "exit"))
        return 0;           /* the program fork+execve+wait starts */
    zero_fd = open("/dev/zero", O_RDONLY);
    null_fd = open("/dev/null", O_WRONLY);
    file_fd = open(DATA_FILE, O_RDONLY);
    stream_fd = open("/init", O_RDONLY);   /* large enough that 1-byte reads never reach EOF */
    if (zero_fd < 0 || null_fd < 0 || file_fd < 0 || stream_fd < 0)
        printf("bench: cannot open /dev/zero, /dev/null, " DATA_FILE " or /init\n");
    double empty = median_per_op(OP_EMPTY);
    struct { const char *name; enum op op; } ops[] = {
        { "floor: bare syscall+sysret", OP_FLOOR },
        { "getppid (raw syscall)", OP_GETPPID },
        { "ENOSYS (number 1000)", OP_ENOSYS },
        { "read 1 B of /dev/zero", OP_READ_ZERO },
        { "write 1 B to /dev/null", OP_WRITE_NULL },
        { "read 1 B of a RAM file", OP_READ_FILE },
        { "pread64 1 B of a RAM file", OP_PREAD_FILE },
        { "open+close", OP_OPEN_CLOSE },
        { "stat", OP_STAT },
        { "fstat", OP_FSTAT },
        { "clock_gettime (C library)", OP_CLOCK_LIBC },
        { "clock_gettime (raw syscall)", OP_CLOCK_RAW },
        { "mmap+munmap 4 KiB", OP_MMAP_MUNMAP },
        { "mmap+touch+munmap 4 KiB", OP_MMAP_TOUCH },
        { "pipe round trip (2 procs)", OP_PIPE_PINGPONG },
        { "sched_yield ping-pong", OP_YIELD_PINGPONG },
        { "signal delivery + return", OP_SIGNAL },
        { "fork+exit+wait", OP_FORK },
        { "fork+execve+wait", OP_FORK_EXEC },
    };
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++) {
        double v;
        if (measure(ops[i].op, &v))
            printf("bench: %-28s %8.1f instructions\n", ops[i].name, v - empty);
        else
            printf("bench: %-28s unavailable\n", ops[i].name);
        fflush(stdout);
    }
    fflush(stdout);
    reboot(RB_POWER_OFF);
    return 0;
}
