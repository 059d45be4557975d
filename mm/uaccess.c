/* The uaccess helpers: the only way handlers read or write user memory. Each checks that the
 * whole range is user space before touching it, so a kernel or non-canonical address is refused
 * without any access, and relies on the exception table for unmapped or read-only pages. */
#include "uaccess.h"
#include "mm.h"
#include "kstring.h"
#include "uapi/errno.h"

long copy_from_user(void *dst, uptr src, size_t len)
{
    if (!user_range_ok(src.addr, len))
        return -EFAULT;
    size_t left = copy_user_raw(dst, (const void *)src.addr, len);
    if (unlikely(left)) {
        memset((char *)dst + (len - left), 0, left);    /* never hand back stale kernel bytes */
        return -EFAULT;
    }
    return 0;
}

long copy_to_user(uptr dst, const void *src, size_t len)
{
    if (!user_range_ok(dst.addr, len))
        return -EFAULT;
    return copy_user_raw((void *)dst.addr, src, len) ? -EFAULT : 0;
}

long clear_user(uptr dst, size_t len)
{
    if (!user_range_ok(dst.addr, len))
        return -EFAULT;
    return clear_user_raw((void *)dst.addr, len) ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, uptr src, size_t max)
{
    if (src.addr >= USER_TOP || max == 0)
        return -EFAULT;
    /* Stop at the end of user space: a string running into it is a bad pointer. */
    size_t room = MIN(max, (size_t)(USER_TOP - src.addr));
    long n = strncpy_user_raw(dst, (const char *)src.addr, room);
    if (n < 0)
        return n;
    if ((size_t)n == room)
        return room < max ? -EFAULT : -ENAMETOOLONG;
    return n;
}

long strnlen_user(uptr src, size_t max)
{
    if (src.addr >= USER_TOP || max == 0)
        return -EFAULT;
    size_t room = MIN(max, (size_t)(USER_TOP - src.addr));
    long n = strnlen_user_raw((const char *)src.addr, room);
    if (n < 0)
        return n;
    if ((size_t)n == room)
        return room < max ? -EFAULT : -ENAMETOOLONG;
    return n;
}

struct extable_entry { u64 insn, fixup; };

u64 extable_fixup(u64 rip)
{
    extern const struct extable_entry __ex_table_start[], __ex_table_end[];
    for (const struct extable_entry *e = __ex_table_start; e < __ex_table_end; e++)
        if (e->insn == rip)
            return e->fixup;
    return 0;
}

/* Without SMAP, stac/clac are invalid opcodes: overwrite each with a 3-byte NOP through the
 * direct map (the kernel text itself is mapped read-only). */
void smap_patch_sites(bool have_smap)
{
    extern const u64 __smap_sites_start[], __smap_sites_end[];
    if (have_smap)
        return;
    static const u8 nop3[3] = { 0x0f, 0x1f, 0x00 };
    for (const u64 *site = __smap_sites_start; site < __smap_sites_end; site++)
        memcpy(phys_to_virt(*site - KERNEL_VMA), nop3, sizeof(nop3));
}
