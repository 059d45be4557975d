/* Linux's side of the ABI comparison in test_abi_layout.c: the facts listed in abi_list.h,
 * computed over the kernel's own uapi headers (Debian's linux-libc-dev), which are the
 * authority where the C library differs, as for struct termios. No libc header is included. */
#include <asm/ioctls.h>
#include <asm/prctl.h>
#include <asm/signal.h>
#include <asm/stat.h>
#include <asm/statfs.h>
#include <asm/termbits.h>
#include <asm/termios.h>
#include <linux/auxvec.h>
#include <linux/errno.h>
#include <linux/fcntl.h>
#include <linux/fs.h>
#include <linux/limits.h>
#include <linux/magic.h>
#include <linux/mman.h>
#include <linux/prctl.h>
#include <linux/random.h>
#include <linux/reboot.h>
#include <linux/resource.h>
#include <linux/serial.h>
#include <linux/sysinfo.h>
#include <linux/time.h>
#include <linux/uio.h>
#include <linux/utime.h>
#include <linux/utsname.h>
#include "abi_list.h"

static const struct abi_fact abi_linux_table[] = {
    ABI_LINUX_LAYOUT(ABI_THEIRS_S, ABI_THEIRS_F, ABI_THEIRS_O)
    ABI_LINUX_CONSTANTS(ABI_CONST)
};

size_t abi_linux_facts(struct abi_fact *out, size_t max)
{
    size_t n = abi_copy(out, max, abi_linux_table, sizeof(abi_linux_table) / sizeof(abi_linux_table[0]));
    ABI_LINUX_EXPRESSIONS(ABI_THEIRS_E)
    return n;
}
