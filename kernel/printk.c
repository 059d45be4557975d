/* Kernel messages: formatted into a small buffer, written to the serial console and kept in
 * the kernel log for dmesg. */
#include "printk.h"
#include "serial.h"
#include "klog.h"

int printk(const char *fmt, ...)
{
    char buf[512];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, sizeof(buf), fmt, ap);
    va_end(ap);
    size_t len = n < (int)sizeof(buf) ? (size_t)n : sizeof(buf) - 1;
    serial_write(buf, len);
    klog_append(buf, len);
    return n;
}
