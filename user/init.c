/* The demo /init that `make run` boots: a static musl program that walks through the parts of
 * the Linux syscall ABI a kernel must get right before anything else works, and prints what it
 * sees on the console. It reads its argc/argv/envp/auxv straight off the initial stack, asks for
 * the kernel's identity, its ids and the time, grows the heap with brk, maps and unmaps
 * anonymous memory, reads a file and lists a directory from the initramfs, then powers off.
 * Every step says what it did and what came back; a failing step prints the errno text and the
 * demo carries on, so one missing syscall does not hide the rest.
 *
 * The same binary boots on Debian's Linux, which is how its expectations were checked. */
#define _GNU_SOURCE
#include <dirent.h>
#include <elf.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/reboot.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

#define HEAP_GROWTH (64 * 1024)
#define MAPPING_SIZE (1024 * 1024)

static int failures;

/* Reports a failed step with the errno text; the demo goes on. */
static void failed(const char *what)
{
    int saved = errno;
    failures++;
    printf("  %s FAILED: %s (errno %d)\n", what, strerror(saved), saved);
}

static void section(const char *title)
{
    printf("\n== %s\n", title);
}

/* Linux gives init the console as fds 0-2; a kernel that does not is told so, and the demo
 * opens the console itself so that the rest of the output is still seen. */
static void ensure_console(void)
{
    if (fcntl(1, F_GETFD) >= 0)
        return;
    int fd = open("/dev/console", O_RDWR);
    if (fd < 0)
        return;
    for (int target = 0; target <= 2; target++)
        if (fd != target)
            dup2(fd, target);
    if (fd > 2)
        close(fd);
    printf("init: fd 1 was not open; opened /dev/console myself\n");
}

static void show_uname(void)
{
    struct utsname u;
    section("uname");
    if (uname(&u) < 0) {
        failed("uname");
        return;
    }
    printf("  sysname    %s\n  nodename   %s\n  release    %s\n  version    %s\n"
           "  machine    %s\n  domainname %s\n",
           u.sysname, u.nodename, u.release, u.version, u.machine, u.domainname);
}

/* Newer than musl's <elf.h>: Linux 6.3 added the rseq area's size and alignment. */
#ifndef AT_RSEQ_FEATURE_SIZE
#define AT_RSEQ_FEATURE_SIZE 27
#define AT_RSEQ_ALIGN 28
#endif

/* How to print each auxiliary vector entry. */
enum aux_kind { AUX_HEX, AUX_DEC, AUX_STRING, AUX_RANDOM };

static const struct aux_name {
    unsigned long type;
    const char *name;
    enum aux_kind kind;
} aux_names[] = {
#define AUX(t, k) { t, #t, k }
    AUX(AT_SYSINFO_EHDR, AUX_HEX), AUX(AT_MINSIGSTKSZ, AUX_DEC), AUX(AT_HWCAP, AUX_HEX),
    AUX(AT_PAGESZ, AUX_DEC), AUX(AT_CLKTCK, AUX_DEC), AUX(AT_PHDR, AUX_HEX),
    AUX(AT_PHENT, AUX_DEC), AUX(AT_PHNUM, AUX_DEC), AUX(AT_BASE, AUX_HEX),
    AUX(AT_FLAGS, AUX_HEX), AUX(AT_ENTRY, AUX_HEX), AUX(AT_UID, AUX_DEC),
    AUX(AT_EUID, AUX_DEC), AUX(AT_GID, AUX_DEC), AUX(AT_EGID, AUX_DEC),
    AUX(AT_SECURE, AUX_DEC), AUX(AT_RANDOM, AUX_RANDOM), AUX(AT_HWCAP2, AUX_HEX),
    AUX(AT_EXECFN, AUX_STRING), AUX(AT_PLATFORM, AUX_STRING),
    AUX(AT_BASE_PLATFORM, AUX_STRING), AUX(AT_EXECFD, AUX_DEC), AUX(AT_NOTELF, AUX_DEC),
    AUX(AT_RSEQ_FEATURE_SIZE, AUX_DEC), AUX(AT_RSEQ_ALIGN, AUX_DEC),
#undef AUX
};

static void show_aux_entry(unsigned long type, unsigned long value)
{
    const struct aux_name *n = NULL;
    for (size_t i = 0; i < sizeof(aux_names) / sizeof(aux_names[0]); i++)
        if (aux_names[i].type == type)
            n = &aux_names[i];
    if (!n) {
        printf("  type %-13lu %#lx (unknown to this demo)\n", type, value);
        return;
    }
    printf("  %-20s ", n->name);
    if (n->kind == AUX_DEC)
        printf("%lu\n", value);
    else if (n->kind == AUX_HEX)
        printf("%#lx\n", value);
    else if (n->kind == AUX_STRING)
        printf("%#lx \"%s\"\n", value, value ? (const char *)value : "");
    else {
        const unsigned char *bytes = (const unsigned char *)value;
        printf("%#lx:", value);
        for (int i = 0; value && i < 16; i++)
            printf(" %02x", bytes[i]);
        printf("\n");
    }
}

/* The System V initial stack holds argc, argv[], NULL, envp[], NULL, then the auxiliary
 * vector of (type, value) pairs ending in AT_NULL. main's argv points into it, so the rest is
 * found by walking forward. */
static void show_initial_stack(int argc, char **argv)
{
    section("initial stack");
    printf("  argc = %d (argv at %p)\n", argc, (void *)argv);
    for (int i = 0; i < argc; i++)
        printf("  argv[%d] = \"%s\"\n", i, argv[i]);
    char **envp = argv + argc + 1;
    int envc = 0;
    for (; envp[envc]; envc++)
        printf("  envp[%d] = \"%s\"\n", envc, envp[envc]);
    printf("  %d environment strings\n", envc);
    unsigned long *auxv = (unsigned long *)(envp + envc + 1);
    int n = 0;
    printf("  auxiliary vector at %p:\n", (void *)auxv);
    for (; auxv[0] != AT_NULL; auxv += 2, n++)
        show_aux_entry(auxv[0], auxv[1]);
    printf("  %d entries, then AT_NULL\n", n);
}

static void show_ids(void)
{
    section("process");
    printf("  pid %d, ppid %d\n", (int)getpid(), (int)getppid());
    printf("  uid %d, euid %d, gid %d, egid %d\n", (int)getuid(), (int)geteuid(),
           (int)getgid(), (int)getegid());
}

static void show_time(void)
{
    struct timespec real, mono;
    struct tm tm;
    char date[64];
    section("time");
    if (clock_gettime(CLOCK_REALTIME, &real) < 0) {
        failed("clock_gettime(CLOCK_REALTIME)");
    } else if (!gmtime_r(&real.tv_sec, &tm) ||
               !strftime(date, sizeof(date), "%A %Y-%m-%d %H:%M:%S UTC", &tm)) {
        printf("  CLOCK_REALTIME %lld.%09ld (not a representable date)\n",
               (long long)real.tv_sec, real.tv_nsec);
    } else {
        printf("  CLOCK_REALTIME  %lld.%09ld = %s\n", (long long)real.tv_sec, real.tv_nsec,
               date);
    }
    if (clock_gettime(CLOCK_MONOTONIC, &mono) < 0)
        failed("clock_gettime(CLOCK_MONOTONIC)");
    else
        printf("  CLOCK_MONOTONIC %lld.%09ld s since boot\n", (long long)mono.tv_sec,
               mono.tv_nsec);
}

/* Fills len bytes with a pattern derived from the address, then checks it; returns the number
 * of bytes that read back wrong. */
static size_t pattern_check(unsigned char *p, size_t len)
{
    size_t bad = 0;
    for (size_t i = 0; i < len; i++)
        p[i] = (unsigned char)(i * 7 + (i >> 12));
    for (size_t i = 0; i < len; i++)
        bad += p[i] != (unsigned char)(i * 7 + (i >> 12));
    return bad;
}

/* The raw brk syscall returns the new break, or the old one when it cannot move it (musl's
 * sbrk refuses to grow the heap at all, so the syscall is made directly). */
static void test_brk(void)
{
    section("brk");
    unsigned long start = syscall(SYS_brk, 0);
    printf("  initial break %#lx\n", start);
    unsigned long grown = syscall(SYS_brk, start + HEAP_GROWTH);
    if (grown != start + HEAP_GROWTH) {
        errno = ENOMEM;
        failed("growing the break by 64 KiB");
        return;
    }
    printf("  grew by 64 KiB to %#lx\n", grown);
    size_t bad = pattern_check((unsigned char *)start, HEAP_GROWTH);
    printf("  wrote and read back 64 KiB: %s\n", bad ? "MISMATCH" : "ok");
    failures += bad != 0;
    unsigned long shrunk = syscall(SYS_brk, start);
    printf("  shrank back to %#lx: %s\n", shrunk, shrunk == start ? "ok" : "MISMATCH");
    failures += shrunk != start;
}

static void test_mmap(void)
{
    section("mmap");
    unsigned char *p = mmap(NULL, MAPPING_SIZE, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) {
        failed("mmap of 1 MiB anonymous memory");
        return;
    }
    printf("  mapped 1 MiB of anonymous memory at %p\n", (void *)p);
    size_t pages = 0, nonzero = 0;
    for (size_t off = 0; off < MAPPING_SIZE; off += 4096, pages++)
        nonzero += p[off] != 0;
    printf("  %zu pages, %zu not zero-filled\n", pages, nonzero);
    size_t bad = pattern_check(p, MAPPING_SIZE);
    printf("  wrote and read back every page: %s\n", bad || nonzero ? "MISMATCH" : "ok");
    failures += bad != 0 || nonzero != 0;
    if (munmap(p, MAPPING_SIZE) < 0)
        failed("munmap");
    else
        printf("  unmapped it\n");
}

static void show_file(const char *path)
{
    char buf[1024];
    section(path);
    int fd = open(path, O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        failed("open");
        return;
    }
    ssize_t n, total = 0;
    while ((n = read(fd, buf, sizeof(buf))) > 0) {
        fwrite(buf, 1, (size_t)n, stdout);
        total += n;
    }
    if (n < 0)
        failed("read");
    printf("  (%zd bytes read from fd %d)\n", total, fd);
    close(fd);
}

/* The record getdents64 fills in, as Linux defines it. */
struct linux_dirent64 {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

static char type_letter(unsigned char d_type)
{
    switch (d_type) {
    case DT_DIR: return 'd';
    case DT_REG: return '-';
    case DT_LNK: return 'l';
    case DT_CHR: return 'c';
    case DT_BLK: return 'b';
    case DT_FIFO: return 'p';
    case DT_SOCK: return 's';
    default: return '?';
    }
}

/* One line per entry: type, mode and size from fstatat, and a symlink's target. */
static void show_dirent(int dirfd, const struct linux_dirent64 *d)
{
    struct stat st;
    char target[256] = "";
    if (fstatat(dirfd, d->d_name, &st, AT_SYMLINK_NOFOLLOW) < 0) {
        printf("  %c %-20s ", type_letter(d->d_type), d->d_name);
        failed("fstatat");
        return;
    }
    if (d->d_type == DT_LNK) {
        ssize_t n = readlinkat(dirfd, d->d_name, target, sizeof(target) - 1);
        target[n > 0 ? n : 0] = '\0';
    }
    printf("  %c %04o %8lld  ino %-6llu %s%s%s\n", type_letter(d->d_type),
           (unsigned)(st.st_mode & 07777), (long long)st.st_size,
           (unsigned long long)d->d_ino, d->d_name, target[0] ? " -> " : "", target);
}

static void list_directory(const char *path)
{
    char buf[4096];
    section("getdents64 /");
    int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) {
        failed("open");
        return;
    }
    long n;
    int entries = 0;
    while ((n = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
        for (long off = 0; off < n; entries++) {
            const struct linux_dirent64 *d = (const void *)(buf + off);
            show_dirent(fd, d);
            off += d->d_reclen;
        }
    }
    if (n < 0)
        failed("getdents64");
    printf("  %d entries\n", entries);
    close(fd);
}

/* Only PID 1 powers the machine off: run by hand on a development host, the demo must not. */
static void power_off(void)
{
    section("power off");
    printf("  %d step(s) failed\n", failures);
    if (getpid() != 1) {
        printf("  not PID 1, so not calling reboot(RB_POWER_OFF)\n");
        return;
    }
    printf("  calling reboot(RB_POWER_OFF)\n");
    fflush(stdout);
    sync();
    reboot(RB_POWER_OFF);
    failed("reboot(RB_POWER_OFF)");
}

int main(int argc, char **argv)
{
    ensure_console();
    setvbuf(stdout, NULL, _IOLBF, 0);
    printf("\n==========================================\n"
           "  Wicket demo init: hello from user space\n"
           "==========================================\n");
    show_uname();
    show_initial_stack(argc, argv);
    show_ids();
    show_time();
    test_brk();
    test_mmap();
    show_file("/etc/motd");
    list_directory("/");
    power_off();
    return failures ? 1 : 0;
}
