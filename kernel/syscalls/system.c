/* Whole-system calls: uname, sysinfo, reboot and getrandom. */
#include "syscalls.h"
#include "ktime.h"
#include "mm.h"
#include "power.h"
#include "random.h"
#include "printk.h"
#include "kstring.h"
#include "uapi/utsname.h"
#include "uapi/sysinfo.h"
#include "uapi/reboot.h"
#include "uapi/random.h"

#define UNAME_RELEASE "6.1.0-wicket"
#define UNAME_VERSION "#1 SMP Wicket " __DATE__

long sys_uname(uptr name)
{
    /* sysname stays "Linux": C libraries and programs test it, and Wicket keeps Linux's ABI. */
    static const struct utsname uts = {
        .sysname = "Linux", .nodename = "(none)", .release = UNAME_RELEASE,
        .version = UNAME_VERSION, .machine = "x86_64", .domainname = "(none)",
    };
    return copy_to_user(name, &uts, sizeof(uts));
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

long sys_reboot(int magic1, int magic2, unsigned int cmd, uptr arg)
{
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
