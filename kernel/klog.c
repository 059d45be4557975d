/* The kernel log ring (see klog.h). */
#include "klog.h"
#include "ktime.h"
#include "printk.h"
#include "kstring.h"
#include "arch/x86.h"

char uts_nodename[65] = "(none)";
char uts_domainname[65] = "(none)";

static char ring[KLOG_SIZE];
static size_t head;         /* total bytes ever written; ring position is head % KLOG_SIZE */
static size_t cleared_at;   /* head when the log was last cleared */
static bool at_line_start = true;

static void put_byte(char c)
{
    ring[head % KLOG_SIZE] = c;
    head++;
}

static void put_prefix(void)
{
    char prefix[32];
    u64 us = ktime_ns() / 1000;
    int n = snprintf(prefix, sizeof(prefix), "<6>[%5lu.%06lu] ", (unsigned long)(us / 1000000),
                     (unsigned long)(us % 1000000));
    for (int i = 0; i < n; i++)
        put_byte(prefix[i]);
}

void klog_append(const char *text, size_t len)
{
    u64 flags = irq_save();
    for (size_t i = 0; i < len; i++) {
        if (text[i] == '\n' && at_line_start)
            continue;       /* blank lines (the console's spacing) are not log records */
        if (at_line_start)
            put_prefix();
        put_byte(text[i]);
        at_line_start = text[i] == '\n';
    }
    irq_restore(flags);
}

static size_t oldest(void)
{
    size_t first = head > KLOG_SIZE ? head - KLOG_SIZE : 0;
    return MAX(first, cleared_at);
}

size_t klog_length(void) { return head - oldest(); }
size_t klog_unread(void) { return head - cleared_at; }

size_t klog_read(char *buf, size_t size, size_t skip)
{
    u64 flags = irq_save();
    size_t from = oldest() + skip, n = 0;
    for (; from + n < head && n < size; n++)
        buf[n] = ring[(from + n) % KLOG_SIZE];
    irq_restore(flags);
    return n;
}

void klog_clear(void)
{
    u64 flags = irq_save();
    cleared_at = head;
    irq_restore(flags);
}
