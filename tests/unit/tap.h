/* Minimal TAP output for host unit tests: each check prints "ok N - what" or "not ok N - what",
 * and tap_end() prints the totals and returns the exit status for main(). */
#ifndef WICKET_UNIT_TAP_H
#define WICKET_UNIT_TAP_H
#include <stdio.h>
#include <stdarg.h>

static int tap_count, tap_failed;

static inline int tap_check(int cond, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    tap_count++;
    if (!cond)
        tap_failed++;
    printf("%sok %d - ", cond ? "" : "not ", tap_count);
    vprintf(fmt, ap);
    printf("\n");
    va_end(ap);
    return cond;
}
#define CHECK(cond, ...) tap_check(!!(cond), __VA_ARGS__)
/* Evaluates each side once, so a call with side effects may be passed directly. */
#define CHECK_EQ(a, b, what) do { long tap_got__ = (long)(a), tap_want__ = (long)(b); \
    tap_check(tap_got__ == tap_want__, "%s (got %ld, want %ld)", what, tap_got__, tap_want__); } while (0)

static inline int tap_end(void)
{
    printf("# %d passed, %d failed\n", tap_count - tap_failed, tap_failed);
    return tap_failed ? 1 : 0;
}
#endif
