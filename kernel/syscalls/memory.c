/* Memory calls: brk, mmap, munmap, mprotect, madvise. Arguments are checked in the order Linux
 * checks them, so the first problem found gives the same errno. */
#include "syscalls.h"
#include "vm.h"
#include "fs.h"
#include "mm.h"
#include "uapi/mman.h"
#include "uapi/stat.h"
#include "uapi/fcntl.h"

#define PROT_SEM 0x8               /* accepted and ignored, as on x86 Linux */

/* The flags MAP_SHARED_VALIDATE accepts (MAP_SYNC needs DAX storage, which RAM files are not). */
#define MAP_KNOWN_FLAGS (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_DENYWRITE | MAP_EXECUTABLE | \
                         MAP_GROWSDOWN | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | \
                         MAP_STACK | MAP_HUGETLB | MAP_FIXED_NOREPLACE)
#define MMAP_MIN_ADDR 0x10000ull    /* Linux's default vm.mmap_min_addr: page 0 stays unmapped */

static struct mm *current_mm(void) { return current_proc()->mm; }

long sys_brk(unsigned long brk)
{
    return (long)vm_set_brk(current_mm(), brk);
}

/* What a descriptor may back: a RAM file, or /dev/zero (which maps as anonymous memory). */
static long mmap_file_checks(struct file *f, unsigned long prot, unsigned long type, bool *anon)
{
    u32 acc = f->flags & O_ACCMODE;
    if (S_ISCHR(f->inode->mode) && dev_major(f->inode->rdev) == 1 && dev_minor(f->inode->rdev) == 5) {
        *anon = true;
        return 0;
    }
    if (!S_ISREG(f->inode->mode))
        return -ENODEV;
    if (acc == O_WRONLY)
        return -EACCES;
    if (type != MAP_PRIVATE && (prot & PROT_WRITE) && acc != O_RDWR)
        return -EACCES;
    return 0;
}

static long mmap_place(struct mm *mm, unsigned long addr, size_t len, unsigned long flags)
{
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (addr & (PAGE_SIZE - 1))
            return -EINVAL;
        if (len > USER_TOP || addr > USER_TOP - len || addr < MMAP_MIN_ADDR)
            return addr < MMAP_MIN_ADDR ? -EPERM : -ENOMEM;
        if ((flags & MAP_FIXED_NOREPLACE) && !vm_range_free(mm, addr, len))
            return -EEXIST;
        return (long)addr;
    }
    u64 hint = addr < MMAP_MIN_ADDR ? 0 : ALIGN_UP(addr, PAGE_SIZE);
    u64 found = vm_find_free(mm, len, hint);
    return found ? (long)found : -ENOMEM;
}

long sys_mmap(unsigned long addr, size_t len, unsigned long prot, unsigned long flags, int fd, long off)
{
    if (off & (PAGE_SIZE - 1))
        return -EINVAL;
    struct file *f = NULL;
    if (!(flags & MAP_ANONYMOUS) && !(f = fd_get(current_files(), fd, RIGHT_MMAP)))
        return fd_slot(current_files(), fd) ? -EACCES : -EBADF;
    if (!len)
        return -EINVAL;
    size_t plen = ALIGN_UP(len, PAGE_SIZE);
    if (!plen || plen > USER_TOP)
        return -ENOMEM;
    if ((u64)off + plen < (u64)off)
        return -EOVERFLOW;
    unsigned long type = flags & MAP_TYPE;
    bool anon = !f;
    if (type != MAP_PRIVATE && type != MAP_SHARED && !(f && type == MAP_SHARED_VALIDATE))
        return -EINVAL;
    if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN_FLAGS))
        return -EOPNOTSUPP;
    long err = f ? mmap_file_checks(f, prot, type, &anon) : 0;
    if (err)
        return err;
    struct mm *mm = current_mm();
    long start = mmap_place(mm, addr, plen, flags);
    if (start < 0)
        return start;
    u32 vflags = (type == MAP_PRIVATE ? 0 : VMA_SHARED) | (flags & MAP_GROWSDOWN ? VMA_GROWSDOWN : 0);
    if (!anon && type != MAP_PRIVATE && (f->flags & O_ACCMODE) != O_RDWR)
        vflags |= VMA_NO_WRITE;
    u64 file_len = 0;
    if (!anon && (u64)off < f->inode->size)
        file_len = MIN((u64)plen, f->inode->size - (u64)off);
    err = vm_map_fixed(mm, (u64)start, plen, prot & (PROT_READ | PROT_WRITE | PROT_EXEC), vflags,
                       anon ? NULL : f->inode, (u64)off, file_len);
    return err ? err : start;
}

long sys_munmap(unsigned long addr, size_t len)
{
    if ((addr & (PAGE_SIZE - 1)) || !len)
        return -EINVAL;
    size_t plen = ALIGN_UP(len, PAGE_SIZE);
    if (!plen || plen > USER_TOP || addr > USER_TOP - plen)
        return -EINVAL;
    return vm_unmap(current_mm(), addr, plen);
}

long sys_mprotect(unsigned long start, size_t len, unsigned long prot)
{
    if (start & (PAGE_SIZE - 1))
        return -EINVAL;
    if (prot & ~(PROT_READ | PROT_WRITE | PROT_EXEC | PROT_SEM | PROT_GROWSDOWN | PROT_GROWSUP))
        return -EINVAL;
    if (!len)
        return 0;
    size_t plen = ALIGN_UP(len, PAGE_SIZE);
    if (!plen || start + plen < start)
        return -ENOMEM;
    if (start + plen > USER_TOP)
        return -ENOMEM;
    /* x86 has no upward-growing mappings, and GROWSDOWN applies only to MAP_GROWSDOWN ones. */
    struct vma *v = vma_find(current_mm(), start);
    if ((prot & PROT_GROWSUP) || ((prot & PROT_GROWSDOWN) && (!v || !(v->flags & VMA_GROWSDOWN))))
        return -EINVAL;
    return vm_protect(current_mm(), start, plen, prot & (PROT_READ | PROT_WRITE | PROT_EXEC));
}

static bool advice_known(int advice)
{
    switch (advice) {
    case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
    case MADV_DONTNEED: case MADV_FREE: case MADV_DONTFORK: case MADV_DOFORK:
    case MADV_DONTDUMP: case MADV_DODUMP: case MADV_WIPEONFORK: case MADV_KEEPONFORK:
    case MADV_COLD: case MADV_PAGEOUT: case MADV_HUGEPAGE: case MADV_NOHUGEPAGE:
        return true;
    default:
        return false;
    }
}

long sys_madvise(unsigned long start, size_t len, int behavior)
{
    if ((start & (PAGE_SIZE - 1)) || !advice_known(behavior))
        return -EINVAL;
    size_t plen = ALIGN_UP(len, PAGE_SIZE);
    if (plen < len || start + plen < start)
        return -EINVAL;
    if (!plen)
        return 0;
    struct mm *mm = current_mm();
    /* DONTNEED and FREE drop the pages: the next touch sees zeroes (anonymous) or the file.
     * The other advice only tunes paging policy Wicket does not have, so after the same range
     * check as Linux there is nothing to do. */
    if (behavior == MADV_DONTNEED || behavior == MADV_FREE)
        return vm_discard(mm, start, plen);
    for (u64 a = start; a < start + plen; ) {
        struct vma *v = vma_find(mm, a);
        if (!v)
            return -ENOMEM;
        a = v->end;
    }
    return 0;
}
