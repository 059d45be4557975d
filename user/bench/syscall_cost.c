/* Instructions per system call, measured from user space. Under QEMU TCG with
 * `-icount shift=0,sleep=off` the guest's TSC advances once per executed instruction, so the
 * difference of two rdtsc readings is an instruction count: deterministic and comparable
 * between kernels. Each operation runs in batches; the median batch, divided by the batch size,
 * is reported (minus the cost of an empty loop). Boots as init on Wicket or Linux and powers off. */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <unistd.h>

#define BATCH 64
#define SAMPLES 101

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

static int cmp(const void *a, const void *b)
{
    unsigned long long x = *(const unsigned long long *)a, y = *(const unsigned long long *)b;
    return x < y ? -1 : x > y;
}

enum op { OP_EMPTY, OP_GETPPID, OP_ENOSYS, OP_READ_ZERO, OP_READ_FILE, OP_PREAD_FILE };
static int zero_fd, file_fd, stream_fd;
static char byte;

static void run_batch(enum op op)
{
    for (int i = 0; i < BATCH; i++) {
        switch (op) {
        case OP_EMPTY: __asm__ volatile("" ::: "memory"); break;
        case OP_GETPPID: raw0(SYS_getppid); break;
        case OP_ENOSYS: raw0(1000); break;
        case OP_READ_ZERO: raw4(SYS_read, zero_fd, (long)&byte, 1, 0); break;
        case OP_READ_FILE: raw4(SYS_read, stream_fd, (long)&byte, 1, 0); break;
        case OP_PREAD_FILE: raw4(SYS_pread64, file_fd, (long)&byte, 1, 0); break;
        }
    }
}

static double median_per_op(enum op op)
{
    unsigned long long s[SAMPLES];
    run_batch(op);                          /* warm caches and page tables */
    for (int i = 0; i < SAMPLES; i++) {
        unsigned long long t0 = rdtsc();
        run_batch(op);
        s[i] = rdtsc() - t0;
    }
    qsort(s, SAMPLES, sizeof(s[0]), cmp);
    return (double)s[SAMPLES / 2] / BATCH;
}

int main(void)
{
    zero_fd = open("/dev/zero", O_RDONLY);
    file_fd = open("/bench/data.txt", O_RDONLY);
    stream_fd = open("/init", O_RDONLY);   /* large enough that 1-byte reads never reach EOF */
    if (zero_fd < 0 || file_fd < 0 || stream_fd < 0)
        printf("bench: cannot open /dev/zero, /bench/data.txt or /init\n");
    double empty = median_per_op(OP_EMPTY);
    struct { const char *name; enum op op; } ops[] = {
        { "getppid (raw syscall)", OP_GETPPID },
        { "ENOSYS (number 1000)", OP_ENOSYS },
        { "read 1 B of /dev/zero", OP_READ_ZERO },
        { "read 1 B of a RAM file", OP_READ_FILE },
        { "pread64 1 B of a RAM file", OP_PREAD_FILE },
    };
    for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
        printf("bench: %-28s %8.1f instructions\n", ops[i].name, median_per_op(ops[i].op) - empty);
    fflush(stdout);
    reboot(RB_POWER_OFF);
    return 0;
}
