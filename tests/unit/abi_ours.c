/* Our side of the ABI comparison in test_abi_layout.c: the facts listed in abi_list.h, computed
 * over include/uapi/. Only our headers are included here, because they reuse the C library's
 * struct names; abi_libc.c and abi_linux.c compute the same facts over the references. */
#include "abi_list.h"
#include "fs.h"
#include "uapi/auxv.h"
#include "uapi/dirent.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/limits.h"
#include "uapi/mman.h"
#include "uapi/prctl.h"
#include "uapi/random.h"
#include "uapi/reboot.h"
#include "uapi/resource.h"
#include "uapi/signal.h"
#include "uapi/stat.h"
#include "uapi/statfs.h"
#include "uapi/sysinfo.h"
#include "uapi/termios.h"
#include "uapi/time.h"
#include "uapi/uio.h"
#include "uapi/utsname.h"

static const struct abi_fact abi_ours_libc_table[] = {
    ABI_LIBC_LAYOUT(ABI_OURS_S, ABI_OURS_F, ABI_OURS_O)
    ABI_LIBC_CONSTANTS(ABI_CONST)
};

size_t abi_ours_libc_facts(struct abi_fact *out, size_t max)
{
    size_t n = abi_copy(out, max, abi_ours_libc_table, sizeof(abi_ours_libc_table) / sizeof(abi_ours_libc_table[0]));
    ABI_LIBC_EXPRESSIONS(ABI_OURS_E)
    return n;
}

static const struct abi_fact abi_ours_linux_table[] = {
    ABI_LINUX_LAYOUT(ABI_OURS_S, ABI_OURS_F, ABI_OURS_O)
    ABI_LINUX_CONSTANTS(ABI_CONST)
};

size_t abi_ours_linux_facts(struct abi_fact *out, size_t max)
{
    size_t n = abi_copy(out, max, abi_ours_linux_table, sizeof(abi_ours_linux_table) / sizeof(abi_ours_linux_table[0]));
    ABI_LINUX_EXPRESSIONS(ABI_OURS_E)
    return n;
}

size_t abi_ours_dirent_reclen(size_t namelen)
{
    return linux_dirent64_reclen(namelen);
}
