/* User pointers and the only functions allowed to touch user memory.
 *
 * A `uptr` wraps a user address in a struct so it cannot be dereferenced or mixed up with a
 * kernel pointer by accident: the compiler rejects `*p` and `p + 1`. Every helper checks that
 * the whole range lies below USER_TOP without wrapping, opens SMAP for the copy only, and
 * turns a page fault during the copy into -EFAULT through the exception table. */
#ifndef WICKET_UACCESS_H
#define WICKET_UACCESS_H
#include "types.h"

/* The first non-canonical address; user space ends one page below, as on Linux. */
#define USER_TOP 0x00007ffffffff000ull

typedef struct { uintptr_t addr; } uptr;

static inline uptr uptr_of(uintptr_t addr) { return (uptr){ addr }; }
static inline uptr uptr_add(uptr p, size_t off) { return (uptr){ p.addr + off }; }
static inline bool uptr_is_null(uptr p) { return p.addr == 0; }

/* True when [addr, addr+len) lies wholly in user space. len 0 is always fine. */
static inline bool user_range_ok(uintptr_t addr, size_t len)
{
    return addr <= USER_TOP && len <= USER_TOP - addr;
}

/* Each returns 0 on success or -EFAULT; nothing is partially reported. */
long copy_from_user(void *dst, uptr src, size_t len);
long copy_to_user(uptr dst, const void *src, size_t len);
long clear_user(uptr dst, size_t len);
/* Copies a NUL-terminated string of at most max-1 characters plus NUL. Returns its length,
 * -EFAULT, or -ENAMETOOLONG when no NUL is found within max bytes. */
long strncpy_from_user(char *dst, uptr src, size_t max);
/* The length of a user string (without its NUL) when a NUL is found within max bytes, else
 * -EFAULT (unreadable) or -ENAMETOOLONG (max bytes without a NUL). */
long strnlen_user(uptr src, size_t max);

/* Bytes from p to the end of its page. A transfer done in such chunks stops exactly where user
 * memory stops, so a read into a buffer that runs into an unmapped page returns the bytes that
 * fit, as Linux does, instead of failing as a whole. */
static inline size_t user_chunk(uptr p, size_t len)
{
    size_t to_page_end = 4096 - (p.addr & 4095);
    return len < to_page_end ? len : to_page_end;
}

#define get_user(kvar, up) copy_from_user(&(kvar), (up), sizeof(kvar))
#define put_user(kval, up) ({ __typeof__(kval) v__ = (kval); copy_to_user((up), &v__, sizeof(v__)); })

#endif
