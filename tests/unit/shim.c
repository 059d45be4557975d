/* Host stand-ins for the kernel services that pure-logic kernel files call, so those files can
 * be unit-tested on the host under ASan and UBSan. Every host unit test links this file.
 *
 * - kmalloc and friends are malloc and friends, except that requests above SHIM_HEAP_LIMIT fail
 *   as a kernel heap would (ASan would otherwise abort on them), so -ENOMEM paths are testable.
 * - The uaccess helpers treat a uptr as an ordinary host pointer, but still refuse what the
 *   kernel refuses without touching memory: ranges reaching into the first page (NULL plus a
 *   little) and ranges beyond USER_TOP. Nothing else is checked: a wild pointer crashes the test.
 * - printk prints each line as a TAP comment ("# ...") so kernel messages cannot confuse the
 *   TAP reader, and counts its calls in shim_printk_calls so a test can check that something
 *   was reported; setting shim_printk_quiet silences it (for fuzz loops). panic prints and aborts.
 * - snprintf and vsnprintf are the C library's: include/printk.h declares the same prototypes.
 * - fs_now returns a fixed time, so tests can compare timestamps.
 * - page_alloc/page_get/page_put keep a reference count in a header before each 4 KiB page, and
 *   count live pages in shim_live_pages so a test can check that none leaked. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "fs.h"
#include "page.h"
#include "kmalloc.h"
#include "printk.h"
#include "uaccess.h"
#include "uapi/errno.h"

#define SHIM_HEAP_LIMIT (1ull << 30)
#define SHIM_NULL_PAGE 4096

/* The time fs_now reports: 2024-01-01T00:00:00Z. */
#define SHIM_NOW_SEC 1704067200

void *kmalloc(size_t size)
{
    return size > SHIM_HEAP_LIMIT ? NULL : malloc(size ? size : 1);
}

void *kzalloc(size_t size)
{
    return size > SHIM_HEAP_LIMIT ? NULL : calloc(1, size ? size : 1);
}

void *krealloc(void *p, size_t size)
{
    return size > SHIM_HEAP_LIMIT ? NULL : realloc(p, size ? size : 1);
}

void kfree(void *p)
{
    free(p);
}

struct shim_page { long refs; long pad; unsigned char data[4096]; };
long shim_live_pages;

void *page_alloc(void)
{
    struct shim_page *p = calloc(1, sizeof(*p));
    if (!p)
        return NULL;
    p->refs = 1;
    shim_live_pages++;
    return p->data;
}

static struct shim_page *page_header(void *page)
{
    return (struct shim_page *)((unsigned char *)page - offsetof(struct shim_page, data));
}

void page_get(void *page)
{
    page_header(page)->refs++;
}

void page_put(void *page)
{
    struct shim_page *p = page_header(page);
    if (--p->refs == 0) {
        free(p);
        shim_live_pages--;
    }
}

/* What the kernel's range check would refuse. */
static bool bad_user_range(uptr p, size_t len)
{
    if (len == 0)
        return false;
    return p.addr < SHIM_NULL_PAGE || !user_range_ok(p.addr, len);
}

long copy_from_user(void *dst, uptr src, size_t len)
{
    if (bad_user_range(src, len))
        return -EFAULT;
    memcpy(dst, (const void *)src.addr, len);
    return 0;
}

long copy_to_user(uptr dst, const void *src, size_t len)
{
    if (bad_user_range(dst, len))
        return -EFAULT;
    memcpy((void *)dst.addr, src, len);
    return 0;
}

long clear_user(uptr dst, size_t len)
{
    if (bad_user_range(dst, len))
        return -EFAULT;
    memset((void *)dst.addr, 0, len);
    return 0;
}

long strncpy_from_user(char *dst, uptr src, size_t max)
{
    if (max == 0)
        return -ENAMETOOLONG;
    if (bad_user_range(src, 1))
        return -EFAULT;
    const char *s = (const char *)src.addr;
    size_t n = strnlen(s, max);
    if (n == max)
        return -ENAMETOOLONG;
    memcpy(dst, s, n + 1);
    return (long)n;
}

long shim_printk_calls;
bool shim_printk_quiet;

/* Prints text line by line, each as a TAP comment. */
static void print_as_comments(const char *text)
{
    static bool at_line_start = true;
    for (const char *p = text; *p; p++) {
        if (at_line_start)
            fputs("# ", stdout);
        putchar(*p);
        at_line_start = *p == '\n';
    }
}

int printk(const char *fmt, ...)
{
    char buf[1024];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    shim_printk_calls++;
    if (!shim_printk_quiet)
        print_as_comments(buf);
    return n;
}

_Noreturn void panic(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("# panic: ", stdout);
    vprintf(fmt, ap);
    fputs("\n", stdout);
    va_end(ap);
    fflush(stdout);
    abort();
}

void fs_now(struct timespec *ts)
{
    ts->tv_sec = SHIM_NOW_SEC;
    ts->tv_nsec = 0;
}
