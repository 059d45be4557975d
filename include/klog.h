/* The kernel log: everything printk writes, kept in a ring buffer for dmesg (syslog(2)), and the
 * system's host and domain names (uname, sethostname, /proc/sys/kernel/hostname). */
#ifndef WICKET_KLOG_H
#define WICKET_KLOG_H
#include "types.h"

#define KLOG_SIZE (64 * 1024)   /* bytes kept; the oldest are overwritten */

/* Appends text to the log; each line is stored as Linux's syslog(2) returns it,
 * "<6>[seconds.micros] text". Safe with interrupts disabled. */
void klog_append(const char *text, size_t len);
/* Copies up to size bytes from the log, starting at the oldest kept byte plus skip. Returns
 * the count copied. */
size_t klog_read(char *buf, size_t size, size_t skip);
size_t klog_length(void);
void klog_clear(void);
/* Bytes written since the last klog_clear (what SYSLOG_ACTION_SIZE_UNREAD reports). */
size_t klog_unread(void);

/* Host and domain names, NUL-terminated, at most 64 bytes. */
extern char uts_nodename[65], uts_domainname[65];
#endif
