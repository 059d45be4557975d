/* Whole-system calls: uname, sethostname, setdomainname, syslog, sysinfo, reboot and getrandom. */
#include "syscalls.h"
#include "ktime.h"
#include "mm.h"
#include "power.h"
#include "random.h"
#include "printk.h"
#include "kstring.h"
#include "kmalloc.h"
#include "klog.h"
#include "uapi/utsname.h"
#include "uapi/sysinfo.h"
#include "uapi/reboot.h"
#include "uapi/random.h"

#define UNAME_RELEASE "6.1.0-wicket"
#define UNAME_VERSION "#1 SMP Wicket " __DATE__

long sys_uname(uptr name)
{
    /* sysname stays "Linux": C libraries and programs test it, and Wicket keeps Linux's ABI. */
    struct utsname uts = {
        .sysname = "Linux", .release = UNAME_RELEASE, .version = UNAME_VERSION, .machine = "x86_64",
    };
    memcpy(uts.nodename, uts_nodename, sizeof(uts_nodename));
    memcpy(uts.domainname, uts_domainname, sizeof(uts_domainname));
    return copy_to_user(name, &uts, sizeof(uts));
}

/* sethostname and setdomainname: root only, at most 64 bytes, not NUL-terminated in the call. */
static long set_uts_name(char *field, uptr name, int len)
{
    if (current_proc()->euid != 0)
        return -EPERM;
    if (len < 0 || len > 64)
        return -EINVAL;
    char tmp[65];
    if (copy_from_user(tmp, name, (size_t)len))
        return -EFAULT;
    tmp[len] = '\0';
    memcpy(field, tmp, (size_t)len + 1);
    return 0;
}

long sys_sethostname(uptr name, int len) { return set_uts_name(uts_nodename, name, len); }
long sys_setdomainname(uptr name, int len) { return set_uts_name(uts_domainname, name, len); }

#define SYSLOG_ACTION_CLOSE         0
#define SYSLOG_ACTION_OPEN          1
#define SYSLOG_ACTION_READ          2
#define SYSLOG_ACTION_READ_ALL      3
#define SYSLOG_ACTION_READ_CLEAR    4
#define SYSLOG_ACTION_CLEAR         5
#define SYSLOG_ACTION_CONSOLE_OFF   6
#define SYSLOG_ACTION_CONSOLE_ON    7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD   9
#define SYSLOG_ACTION_SIZE_BUFFER   10

/* READ_ALL and READ_CLEAR copy the newest len bytes of the log, as Linux does. */
static long syslog_read_all(uptr buf, int len, bool clear)
{
    if (len < 0 || (len && uptr_is_null(buf)))
        return -EINVAL;
    size_t total = klog_length(), want = MIN((size_t)len, total);
    char *tmp = kmalloc(MAX(want, 1));
    if (!tmp)
        return -ENOMEM;
    size_t n = klog_read(tmp, want, total - want);
    long err = copy_to_user(buf, tmp, n);
    kfree(tmp);
    if (err)
        return err;
    if (clear)
        klog_clear();
    return (long)n;
}

/* The kernel log for dmesg. Reading waits for new messages (READ) is not supported: it would
 * block forever on a quiet system, and dmesg does not use it. */
long sys_syslog(int type, uptr buf, int len)
{
    if (current_proc()->euid != 0 && type != SYSLOG_ACTION_READ_ALL && type != SYSLOG_ACTION_SIZE_BUFFER)
        return -EPERM;
    switch (type) {
    case SYSLOG_ACTION_CLOSE: case SYSLOG_ACTION_OPEN:
        return 0;
    case SYSLOG_ACTION_READ_ALL: case SYSLOG_ACTION_READ_CLEAR:
        return syslog_read_all(buf, len, type == SYSLOG_ACTION_READ_CLEAR);
    case SYSLOG_ACTION_CLEAR:
        klog_clear();
        return 0;
    case SYSLOG_ACTION_CONSOLE_OFF: case SYSLOG_ACTION_CONSOLE_ON:
        return 0;
    case SYSLOG_ACTION_CONSOLE_LEVEL:
        return len < 1 || len > 8 ? -EINVAL : 0;
    case SYSLOG_ACTION_SIZE_UNREAD:
        return (long)klog_unread();
    case SYSLOG_ACTION_SIZE_BUFFER:
        return KLOG_SIZE;
    default:
        return -EINVAL;
    }
}

long sys_sysinfo(uptr info)
{
    struct sysinfo si;
    memset(&si, 0, sizeof(si));
    si.uptime = (s64)(ktime_ns() / 1000000000ull);
    si.totalram = pmm_total_pages() * PAGE_SIZE;
    si.freeram = pmm_free_count() * PAGE_SIZE;
    si.procs = (u16)proc_count();
    si.mem_unit = 1;
    return copy_to_user(info, &si, sizeof(si));
}

static bool magic2_ok(int m)
{
    return m == LINUX_REBOOT_MAGIC2 || m == LINUX_REBOOT_MAGIC2A || m == LINUX_REBOOT_MAGIC2B ||
           m == LINUX_REBOOT_MAGIC2C;
}

static bool ctrl_alt_del_reboots;

/* Root only, checked before the magic numbers, as Linux checks CAP_SYS_BOOT first. */
long sys_reboot(int magic1, int magic2, unsigned int cmd, uptr arg)
{
    if (current_proc()->euid != 0)
        return -EPERM;
    if ((unsigned)magic1 != LINUX_REBOOT_MAGIC1 || !magic2_ok(magic2))
        return -EINVAL;
    char reason[256];
    switch (cmd) {
    case LINUX_REBOOT_CMD_POWER_OFF:
        printk("[wicket] reboot: Power down\n");
        power_off();
    case LINUX_REBOOT_CMD_RESTART:
        printk("[wicket] reboot: Restarting system\n");
        machine_restart();
    case LINUX_REBOOT_CMD_RESTART2:
        if (strncpy_from_user(reason, arg, sizeof(reason)) < 0)
            return -EFAULT;
        printk("[wicket] reboot: Restarting system with command '%s'\n", reason);
        machine_restart();
    case LINUX_REBOOT_CMD_HALT:
        printk("[wicket] reboot: System halted\n");
        irq_disable();
        for (;;)
            halt();
    case LINUX_REBOOT_CMD_CAD_ON:
    case LINUX_REBOOT_CMD_CAD_OFF:
        ctrl_alt_del_reboots = cmd == LINUX_REBOOT_CMD_CAD_ON;
        return 0;
    default:
        return -EINVAL;     /* includes KEXEC (nothing loaded) and SW_SUSPEND (no hibernation) */
    }
}

long sys_getrandom(uptr buf, size_t count, unsigned int flags)
{
    if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
        return -EINVAL;
    if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
        return -EINVAL;
    count = MIN(count, (size_t)INT32_MAX);
    if (!user_range_ok(buf.addr, count))
        return -EFAULT;
    return random_fill_user(buf, count);
}
