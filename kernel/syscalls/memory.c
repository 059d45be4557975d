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

/* The checks Linux makes once it knows where the mapping goes, for a descriptor: what the
 * file may back (a RAM file, or /dev/zero, which maps as anonymous memory) and how it was
 * opened. Linux's order: MAP_SHARED_VALIDATE flags, write access for a writable shared mapping,
 * read access, a file that can be mapped at all, then GROWSDOWN. */
static long mmap_file_checks(struct file *f, unsigned long prot, unsigned long flags, bool *anon)
{
    unsigned long type = flags & MAP_TYPE;
    u32 acc = f->flags & O_ACCMODE;
    if (type != MAP_PRIVATE && type != MAP_SHARED && type != MAP_SHARED_VALIDATE)
        return -EINVAL;
    if (type == MAP_SHARED_VALIDATE && (flags & ~MAP_KNOWN_FLAGS))
        return -EOPNOTSUPP;
    if (type != MAP_PRIVATE && (prot & PROT_WRITE) && acc != O_RDWR)
        return -EACCES;
    if (acc == O_WRONLY)
        return -EACCES;
    bool dev_zero = S_ISCHR(f->inode->mode) && dev_major(f->inode->rdev) == 1 &&
                    dev_minor(f->inode->rdev) == 5;
    if (!S_ISREG(f->inode->mode) && !dev_zero)
        return -ENODEV;
    if (!inode_is_ramfs(f->inode))
        return -EIO;        /* Linux's answer for a procfs file, which has no mmap */
    if (flags & MAP_GROWSDOWN)
        return -EINVAL;
    *anon = dev_zero;
    return 0;
}

static long mmap_anon_checks(unsigned long flags)
{
    unsigned long type = flags & MAP_TYPE;
    if (type == MAP_SHARED)
        return (flags & MAP_GROWSDOWN) ? -EINVAL : 0;
    return type == MAP_PRIVATE ? 0 : -EINVAL;
}

/* Where the mapping goes. A hint is rounded down to a page and raised to the lowest mappable
 * address, as Linux's round_hint_to_min does; it is used when free. */
static long mmap_place(struct mm *mm, unsigned long addr, size_t len, unsigned long flags)
{
    if (flags & (MAP_FIXED | MAP_FIXED_NOREPLACE)) {
        if (len > USER_TOP || addr > USER_TOP - len)
            return -ENOMEM;
        if (addr & (PAGE_SIZE - 1))
            return -EINVAL;
        if (addr < MMAP_MIN_ADDR)
            return -EPERM;
        if ((flags & MAP_FIXED_NOREPLACE) && !vm_range_free(mm, addr, len))
            return -EEXIST;
        return (long)addr;
    }
    u64 hint = ALIGN_DOWN(addr, PAGE_SIZE);
    if (hint && hint < MMAP_MIN_ADDR)
        hint = MMAP_MIN_ADDR;
    u64 found = vm_find_free(mm, len, hint);
    return found ? (long)found : -ENOMEM;
}

/* Resolves the descriptor of a file mapping: an O_PATH descriptor cannot be mapped at all. */
static long mmap_fd(int fd, struct file **out)
{
    struct fd_slot *s = fd_slot(current_files(), fd);
    if (!s || (s->file->flags & O_PATH))
        return -EBADF;
    *out = s->file;
    return 0;
}

/* Shared anonymous memory must stay one set of pages across fork, so it is backed by an
 * unnamed RAM file of the mapping's size, as Linux backs it by shmem. */
static long shared_anon_backing(size_t len, struct inode **out)
{
    struct inode *ino = ramfs_new_unnamed(S_IFREG | 0600);
    if (!ino)
        return -ENOMEM;
    long err = ramfs_truncate(ino, len);
    if (err) {
        inode_put(ino);
        return err;
    }
    *out = ino;
    return 0;
}

long sys_mmap(unsigned long addr, size_t len, unsigned long prot, unsigned long flags, int fd, long off)
{
    if (off & (PAGE_SIZE - 1))
        return -EINVAL;
    struct file *f = NULL;
    long err = (flags & MAP_ANONYMOUS) ? 0 : mmap_fd(fd, &f);
    if (err)
        return err;
    if ((flags & MAP_HUGETLB) && f)
        return -EINVAL;     /* a RAM file is not on hugetlbfs */
    if (!len)
        return -EINVAL;
    if (flags & MAP_HUGETLB)
        return -ENOMEM;     /* no huge pages are reserved (Linux's default nr_hugepages is 0) */
    size_t plen = ALIGN_UP(len, PAGE_SIZE);
    if (!plen || plen > USER_TOP)
        return -ENOMEM;
    u64 pgoff = (u64)off >> PAGE_SHIFT;
    if (pgoff + (plen >> PAGE_SHIFT) < pgoff)
        return -EOVERFLOW;
    struct mm *mm = current_mm();
    long start = mmap_place(mm, addr, plen, flags);
    if (start < 0)
        return start;
    if (f && (off < 0 || (u64)off > (u64)INT64_MAX - plen))
        return -EOVERFLOW;  /* beyond the largest file offset */
    bool anon = !f;
    err = f ? mmap_file_checks(f, prot, flags, &anon) : mmap_anon_checks(flags);
    if (err)
        return err;
    bool shared = (flags & MAP_TYPE) != MAP_PRIVATE;
    u32 vflags = (shared ? VMA_SHARED : 0) | (flags & MAP_GROWSDOWN ? VMA_GROWSDOWN : 0);
    if (!anon && shared && (f->flags & O_ACCMODE) != O_RDWR)
        vflags |= VMA_NO_WRITE;
    struct inode *backing = anon ? NULL : f->inode;
    if (anon && shared && (err = shared_anon_backing(plen, &backing)))
        return err;
    /* A file mapping reads the file as it is when each page is first touched, up to its end. */
    err = vm_map_fixed(mm, (u64)start, plen, prot & (PROT_READ | PROT_WRITE | PROT_EXEC), vflags,
                       backing, anon && !shared ? 0 : (u64)off, backing ? UINT64_MAX : 0);
    if (anon && shared)
        inode_put(backing);     /* the mapping holds its own reference */
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

#define MADV_POPULATE_READ 22
#define MADV_POPULATE_WRITE 23
#define MADV_DONTNEED_LOCKED 24

static bool advice_known(int advice)
{
    switch (advice) {
    case MADV_NORMAL: case MADV_RANDOM: case MADV_SEQUENTIAL: case MADV_WILLNEED:
    case MADV_DONTNEED: case MADV_FREE: case MADV_DONTFORK: case MADV_DOFORK:
    case MADV_MERGEABLE: case MADV_UNMERGEABLE: case MADV_HUGEPAGE: case MADV_NOHUGEPAGE:
    case MADV_DONTDUMP: case MADV_DODUMP: case MADV_WIPEONFORK: case MADV_KEEPONFORK:
    case MADV_COLD: case MADV_PAGEOUT: case MADV_POPULATE_READ: case MADV_POPULATE_WRITE:
    case MADV_DONTNEED_LOCKED:
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
    switch (behavior) {
    case MADV_FREE: case MADV_WIPEONFORK:
        /* Only private anonymous memory can be freed lazily or wiped on fork. */
        return vm_check_private_anon(mm, start, plen);
    case MADV_DONTNEED: case MADV_DONTNEED_LOCKED:
        /* The pages are dropped: the next touch sees zeroes (anonymous) or the file. */
        return vm_discard(mm, start, plen);
    case MADV_POPULATE_READ: case MADV_POPULATE_WRITE:
        return vm_populate(mm, start, plen, behavior == MADV_POPULATE_WRITE);
    default:
        /* The rest only tunes paging policy Wicket does not have (readahead, merging, huge
         * pages, fork and core-dump behaviour): after Linux's range walk there is no work. */
        return vm_check_mapped(mm, start, plen);
    }
}
