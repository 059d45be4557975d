/* The vDSO: a small shared object (arch/x86_64/vdso) embedded in the kernel and mapped into every
 * program at exec, below it the read-only vvar page with the clock parameters, so the C
 * library's clock_gettime, gettimeofday, time and getcpu run without entering the kernel. */
#ifndef WICKET_VDSO_H
#define WICKET_VDSO_H
#include "types.h"

struct mm;
struct vma;

/* Copies the image into pages of its own and publishes the clock; after time_init. */
void vdso_init(void);
/* Maps [vvar] and [vdso] into a new address space; returns the vDSO's address (AT_SYSINFO_EHDR)
 * or 0 without memory. */
u64 vdso_map(struct mm *mm);
/* The physical page behind page_va of a VMA_VVAR or VMA_VDSO mapping, one reference taken. */
u64 vdso_page_get(const struct vma *v, u64 page_va);
#endif
