/* User address spaces: page tables plus a sorted list of mappings (VMAs). Pages are filled on
 * first touch (demand paging): anonymous pages zeroed, file pages copied from the RAM file. After
 * fork, private pages are shared read-only until one side writes (copy-on-write): a private
 * page whose reference count is above one is never mapped writable. */
#ifndef WICKET_VM_H
#define WICKET_VM_H
#include "types.h"

struct inode;

#define VMA_SHARED 1u    /* MAP_SHARED: one set of pages for every mapper (matters once fork exists) */
#define VMA_STACK  2u
#define VMA_HEAP   4u
#define VMA_GROWSDOWN 16u /* MAP_GROWSDOWN: mprotect accepts PROT_GROWSDOWN on it */
#define VMA_NO_WRITE 8u  /* a shared mapping of a file not open for writing: mprotect may not add PROT_WRITE */
#define VMA_VVAR   32u   /* the vDSO's data page: faults map the kernel's page (include/vdso.h) */
#define VMA_VDSO   64u   /* the vDSO's code, likewise */

/* Linux's vm.max_map_count default: mmap and splits fail with ENOMEM beyond it. */
#define VM_MAX_MAP_COUNT 65530

struct vma {
    struct mm *mm;
    u64 start, end;         /* page-aligned, end exclusive */
    u32 prot;               /* PROT_READ | PROT_WRITE | PROT_EXEC */
    u32 flags;              /* VMA_* */
    struct inode *file;     /* NULL for anonymous memory */
    u64 file_off;           /* file offset backing `start` */
    u64 file_len;           /* bytes of file data from `start`; the rest of the mapping reads as zero */
    struct vma *next;
    struct vma *shared_next;    /* the file's other MAP_SHARED mappings (inode->shared_maps) */
};

struct mm {
    u64 *pml4;
    u32 refs;               /* processes using it (CLONE_VM: a vfork child borrows its parent's) */
    struct vma *vmas;       /* sorted by start, never overlapping */
    size_t nvmas;
    u64 brk_start, brk;     /* program break: the heap VMA covers [brk_start, page_up(brk)) */
    u64 mmap_base;          /* mmap searches downward from here */
    u64 stack_top;
    u64 arg_start, arg_end; /* where execve put the argument strings (/proc/PID/cmdline) */
    u64 env_start, env_end; /* and the environment strings (/proc/PID/environ) */
};

struct mm *mm_create(void);
void mm_destroy(struct mm *mm);
void mm_get(struct mm *mm);
/* Drops a user; the last one destroys the address space (NULL is ignored). */
void mm_put(struct mm *mm);
/* fork: a copy of mm that shares every page. Private pages become copy-on-write in both (the
 * first write to one copies it); shared mappings stay shared. NULL without memory. */
struct mm *mm_clone(struct mm *mm);
void mm_activate(struct mm *mm);

struct vma *vma_find(struct mm *mm, u64 addr);
/* Maps [start, start+len) replacing whatever was there; a file mapping takes its own reference
 * on the inode. Returns 0 or -ENOMEM. */
int vm_map_fixed(struct mm *mm, u64 start, u64 len, u32 prot, u32 flags,
                 struct inode *file, u64 file_off, u64 file_len);
/* A free, page-aligned range of len bytes: at hint when that is free, else top-down below
 * mmap_base. Returns 0 when nothing fits. */
u64 vm_find_free(struct mm *mm, u64 len, u64 hint);
bool vm_range_free(struct mm *mm, u64 start, u64 len);
int vm_unmap(struct mm *mm, u64 start, u64 len);
/* mprotect: applies prot mapping by mapping; -ENOMEM at the first hole (what came before it
 * stays changed, as on Linux), -EACCES for a shared mapping of a file not open for writing. */
int vm_protect(struct mm *mm, u64 start, u64 len, u32 prot);
/* The madvise walks: each visits every mapped part of the range and returns -ENOMEM afterwards
 * if the range had holes. vm_discard drops private pages so the next touch refills them
 * (MADV_DONTNEED), vm_populate faults pages in (MADV_POPULATE_*; -EFAULT where not allowed),
 * vm_check_mapped does nothing else (advice that only tunes paging policy). */
int vm_discard(struct mm *mm, u64 start, u64 len);
int vm_populate(struct mm *mm, u64 start, u64 len, bool write);
int vm_check_mapped(struct mm *mm, u64 start, u64 len);
/* As vm_check_mapped, and -EINVAL if any part is shared or file-backed (MADV_FREE, WIPEONFORK). */
int vm_check_private_anon(struct mm *mm, u64 start, u64 len);
/* Resolves a fault at addr by filling the page, if the VMA allows the access. 0, -EFAULT (no
 * mapping or not allowed: SIGSEGV), -ENXIO (a file page wholly past end of file: SIGBUS) or
 * -ENOMEM (no memory left for the page: the faulting process is killed, as Linux's
 * out-of-memory killer would choose the process that is growing). */
int vm_handle_fault(struct mm *mm, u64 addr, bool write, bool exec);
/* Moves the program break; returns the break in force afterwards (Linux's brk contract). */
u64 vm_set_brk(struct mm *mm, u64 new_brk);
/* A file was truncated to size: unmap the pages of its shared mappings that lie wholly past the
 * new end, so a later access faults (SIGBUS) or finds the file's new page. */
void vm_file_truncated(struct inode *f, u64 size);
size_t vm_resident_pages(struct mm *mm);
#endif
