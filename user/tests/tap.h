/* Helpers shared by the in-VM test programs (the .c files in user/tests/).
 *
 * Each program runs as PID 1 on Wicket or on Linux, prints one TAP-like line per check
 * ("ok N - what" / "not ok N - what", plus "# comment" lines), finishes with
 * "# done N passed, M failed" and powers the machine off. tools/run-tests reads those lines
 * from the serial console.
 *
 * System calls go through musl's syscall() so the C library never inspects our arguments;
 * the scN() macros cast every argument to long (so an int is never left with stale upper bits
 * in a variadic slot) and return the kernel's raw convention: a value >= 0 or -errno.
 * Output is written with a raw write(2) to fd 1, so no stdio buffering can lose lines when the
 * program dies. */
#ifndef WICKET_USER_TESTS_TAP_H
#define WICKET_USER_TESTS_TAP_H
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/* Linux constants musl's headers do not provide without <linux/...>, which musl-gcc lacks. */
#define LINUX_REBOOT_MAGIC1        0xfee1deadL
#define LINUX_REBOOT_MAGIC2        672274793L
#define LINUX_REBOOT_CMD_POWER_OFF 0x4321fedcL

#define PAGE 4096UL

/* ---- system calls in the raw convention ---- */

static inline long tap_sysret(long r) { return r == -1 ? -errno : r; }

#define sc0(nr)                   tap_sysret(syscall((nr)))
#define sc1(nr, a)                tap_sysret(syscall((nr), (long)(a)))
#define sc2(nr, a, b)             tap_sysret(syscall((nr), (long)(a), (long)(b)))
#define sc3(nr, a, b, c)          tap_sysret(syscall((nr), (long)(a), (long)(b), (long)(c)))
#define sc4(nr, a, b, c, d)       tap_sysret(syscall((nr), (long)(a), (long)(b), (long)(c), (long)(d)))
#define sc5(nr, a, b, c, d, e)    tap_sysret(syscall((nr), (long)(a), (long)(b), (long)(c), \
                                                     (long)(d), (long)(e)))
#define sc6(nr, a, b, c, d, e, f) tap_sysret(syscall((nr), (long)(a), (long)(b), (long)(c), \
                                                     (long)(d), (long)(e), (long)(f)))

/* ---- output ---- */

static int tap_count, tap_failed;

static inline void tap_write_all(const char *s, size_t len)
{
    while (len > 0) {
        long n = syscall(SYS_write, 1L, (long)s, (long)len);
        if (n <= 0)
            return;
        s += n;
        len -= (size_t)n;
    }
}

static inline void tap_vprint(const char *fmt, va_list ap)
{
    static int started;
    char line[600];
    int n = vsnprintf(line, sizeof(line) - 1, fmt, ap);
    if (n < 0)
        return;
    /* Firmware and kernel may leave a partial line on the console; start on a fresh one. */
    if (!started++)
        tap_write_all("\n", 1);
    if ((size_t)n > sizeof(line) - 2)
        n = sizeof(line) - 2;
    line[n++] = '\n';
    tap_write_all(line, (size_t)n);
}

/* Prints one line (a newline is added). Use a leading "# " for comments. */
static inline void tap_print(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_vprint(fmt, ap);
    va_end(ap);
}

static const char *const tap_errno_names[] = {
    [EPERM] = "EPERM", [ENOENT] = "ENOENT", [ESRCH] = "ESRCH", [EINTR] = "EINTR",
    [EIO] = "EIO", [ENXIO] = "ENXIO", [E2BIG] = "E2BIG", [ENOEXEC] = "ENOEXEC",
    [EBADF] = "EBADF", [ECHILD] = "ECHILD", [EAGAIN] = "EAGAIN", [ENOMEM] = "ENOMEM",
    [EACCES] = "EACCES", [EFAULT] = "EFAULT", [EBUSY] = "EBUSY", [EEXIST] = "EEXIST",
    [EXDEV] = "EXDEV", [ENODEV] = "ENODEV", [ENOTDIR] = "ENOTDIR", [EISDIR] = "EISDIR",
    [EINVAL] = "EINVAL", [ENFILE] = "ENFILE", [EMFILE] = "EMFILE", [ENOTTY] = "ENOTTY",
    [EFBIG] = "EFBIG", [ENOSPC] = "ENOSPC", [ESPIPE] = "ESPIPE", [EROFS] = "EROFS",
    [EPIPE] = "EPIPE", [ERANGE] = "ERANGE", [ENAMETOOLONG] = "ENAMETOOLONG",
    [ENOSYS] = "ENOSYS", [ENOTEMPTY] = "ENOTEMPTY", [ELOOP] = "ELOOP",
    [EOVERFLOW] = "EOVERFLOW", [EOPNOTSUPP] = "EOPNOTSUPP",
};

/* Renders a raw return value: "-EFAULT" for errors, the number otherwise. */
static inline const char *tap_ret_str(long v, char *buf, size_t size)
{
    if (v < 0 && v >= -4095) {
        long e = -v;
        if ((size_t)e < sizeof(tap_errno_names) / sizeof(tap_errno_names[0]) && tap_errno_names[e])
            snprintf(buf, size, "-%s", tap_errno_names[e]);
        else
            snprintf(buf, size, "-errno %ld", e);
    } else {
        snprintf(buf, size, "%ld", v);
    }
    return buf;
}

/* Records one check. `detail` (may be empty) is appended to the description. */
static inline int tap_vresult(int ok, const char *detail, const char *fmt, va_list ap)
{
    char what[400];
    vsnprintf(what, sizeof(what), fmt, ap);
    tap_count++;
    if (!ok)
        tap_failed++;
    tap_print("%sok %d - %s%s", ok ? "" : "not ", tap_count, what, detail);
    return ok;
}

static inline int tap_check(int ok, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_vresult(ok, "", fmt, ap);
    va_end(ap);
    return ok;
}

/* Checks a raw return value; the line shows the expected value and, on failure, the actual. */
static inline int tap_check_ret(long got, long want, const char *fmt, ...)
{
    char detail[120], g[40], w[40];
    va_list ap;
    tap_ret_str(want, w, sizeof(w));
    if (got == want)
        snprintf(detail, sizeof(detail), " = %s", w);
    else
        snprintf(detail, sizeof(detail), " = %s (got %s)", w, tap_ret_str(got, g, sizeof(g)));
    va_start(ap, fmt);
    tap_vresult(got == want, detail, fmt, ap);
    va_end(ap);
    return got == want;
}

#define CHECK(cond, ...)           tap_check(!!(cond), __VA_ARGS__)
#define CHECK_RET(got, want, ...)  tap_check_ret((long)(got), (long)(want), __VA_ARGS__)

/* Prints the summary line and powers off. If power-off fails, returning from main() makes the
 * kernel report the death of init, which still ends the run. */
static inline int tap_done(void)
{
    tap_print("# done %d passed, %d failed", tap_count - tap_failed, tap_failed);
    syscall(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, 0L);
    tap_print("# reboot(POWER_OFF) returned: %s", strerror(errno));
    return tap_failed ? 1 : 0;
}

/* ---- bad user pointers ---- */

/* The kinds of pointer every pointer argument is tried with. The unmapped page, the read-only
 * page and the straddling buffer live in one region placed far from where kernels put
 * ordinary mappings (a hint, not MAP_FIXED), so later mmap() calls do not fill the hole:
 *   region + 0      read-only page
 *   region + PAGE   read-write page (the mapped half of a straddling buffer)
 *   region + 2PAGE  unmapped (munmap'ed)
 *   region + 3PAGE  read-write guard page */
enum bad_ptr_kind {
    BP_NULL, BP_KERNEL, BP_NONCANON_LOW, BP_NONCANON_HIGH, BP_UNMAPPED, BP_READONLY, BP_STRADDLE,
    BP_COUNT
};

static const char *const bad_ptr_names[BP_COUNT] = {
    [BP_NULL] = "NULL",
    [BP_KERNEL] = "kernel address 0xffffffff81000000",
    [BP_NONCANON_LOW] = "non-canonical 0x0000800000000000",
    [BP_NONCANON_HIGH] = "non-canonical 0x8000000000000000",
    [BP_UNMAPPED] = "unmapped page",
    [BP_READONLY] = "read-only page",
    [BP_STRADDLE] = "buffer straddling into an unmapped page",
};

/* Masks of kinds: where the kernel writes, every kind must fail; where it only reads, a
 * read-only page is a valid argument. */
#define BP_MASK(k)   (1u << (k))
#define BP_WRITES    ((1u << BP_COUNT) - 1)
#define BP_READS     (BP_WRITES & ~BP_MASK(BP_READONLY))

static char *bad_region;

static inline char *bad_region_get(void)
{
    if (bad_region)
        return bad_region;
    long r = sc6(SYS_mmap, 0x600000000000L, 4 * PAGE, 3 /* RW */, 0x22 /* PRIVATE|ANON */, -1, 0);
    if (r < 0) {
        tap_print("# cannot map the bad-pointer region: %ld", r);
        return NULL;
    }
    bad_region = (char *)r;
    if (sc3(SYS_mprotect, bad_region, PAGE, 1 /* READ */) < 0 ||
        sc2(SYS_munmap, bad_region + 2 * PAGE, PAGE) < 0)
        tap_print("# cannot set up the bad-pointer region");
    return bad_region;
}

/* Returns a pointer of the given kind for an object of `size` bytes (0: a NUL-terminated
 * string). A straddling pointer has its first half (or, for a string, 16 non-NUL bytes) on the
 * mapped page and the rest on the unmapped one; the mapped part is refilled with 'a' each time. */
static inline void *bad_ptr(enum bad_ptr_kind kind, size_t size)
{
    char *region = bad_region_get();
    size_t mapped = size == 0 ? 16 : size / 2;
    switch (kind) {
    case BP_NULL:          return NULL;
    case BP_KERNEL:        return (void *)0xffffffff81000000UL;
    case BP_NONCANON_LOW:  return (void *)0x0000800000000000UL;
    case BP_NONCANON_HIGH: return (void *)0x8000000000000000UL;
    case BP_UNMAPPED:      return region + 2 * PAGE;
    case BP_READONLY:      return region;
    case BP_STRADDLE:
        memset(region + 2 * PAGE - 64, 'a', 64);
        return region + 2 * PAGE - mapped;
    default:               return NULL;
    }
}

/* Runs `expr` once for each kind in `kinds`, with `bp` bound to a bad pointer for an object of
 * `size` bytes, and checks that it returns -EFAULT. The description gets the kind appended. */
#define EFAULT_EACH(kinds, size, expr, ...)                                                  \
    for (int bp_kind_ = 0; bp_kind_ < BP_COUNT; bp_kind_++) {                                \
        if (!((kinds) & BP_MASK(bp_kind_)))                                                  \
            continue;                                                                        \
        void *bp = bad_ptr((enum bad_ptr_kind)bp_kind_, (size));                             \
        tap_check_efault((long)(expr), bp_kind_, __VA_ARGS__);                               \
    }

static inline int tap_check_efault(long got, int kind, const char *fmt, ...)
{
    char what[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(what, sizeof(what), fmt, ap);
    va_end(ap);
    return CHECK_RET(got, -EFAULT, "%s [%s]", what, bad_ptr_names[kind]);
}

/* ---- small conveniences ---- */

/* Opens a path read-only, reporting a failure as a comment; returns the fd or -errno. */
static inline long open_or_note(const char *path, long flags, long mode)
{
    long fd = sc4(SYS_openat, -100 /* AT_FDCWD */, path, flags, mode);
    if (fd < 0)
        tap_print("# open(%s) failed: %ld", path, fd);
    return fd;
}

#endif
