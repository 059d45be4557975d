/* Physical pages, kernel page tables and the kernel heap. */
#ifndef WICKET_MM_H
#define WICKET_MM_H
#include "types.h"
#include "arch/x86.h"

struct multiboot_info;

/* Page-table entry bits. */
#define PTE_P   (1ull << 0)
#define PTE_W   (1ull << 1)
#define PTE_U   (1ull << 2)
#define PTE_A   (1ull << 5)
#define PTE_D   (1ull << 6)
#define PTE_PS  (1ull << 7)
#define PTE_G   (1ull << 8)
#define PTE_NX  (1ull << 63)
/* Software bit (ignored by the MMU): a page kept under PROT_NONE, not present to the CPU. */
#define PTE_PROTNONE (1ull << 9)
#define PTE_MAPPED (PTE_P | PTE_PROTNONE)
#define PTE_ADDR_MASK 0x000ffffffffff000ull

void pmm_init(const struct multiboot_info *mbi);
/* Physical address of a zeroed page (or of n contiguous pages), 0 when memory is exhausted. */
u64 pmm_alloc_page(void);
u64 pmm_alloc_pages(size_t n);
/* The same without the zeroing, for callers that write every byte before anything reads one
 * (a page copy, a kernel stack): clearing a page costs 512 instructions. */
u64 pmm_alloc_pages_uninit(size_t n);
void pmm_free_page(u64 pa);
/* Shared pages: each holder takes a reference; the page is freed when the last one goes. */
void pmm_page_get(u64 pa);
void pmm_page_put(u64 pa);
void pmm_free_pages(u64 pa, size_t n);
/* Holders of a page: more than one on a private mapping means copy-on-write. */
u32 pmm_page_refs(u64 pa);
size_t pmm_total_pages(void);
size_t pmm_free_count(void);
u64 pmm_max_phys(void);

/* The kernel's own page tables: direct map and the kernel image with W^X permissions. */
/* PTE_NX when the CPU supports it (setting it otherwise is a reserved-bit fault). */
u64 cpu_nx_bit(void);
void paging_init(void);
u64 *kernel_pml4(void);
/* Walks (and with create, builds) the 4-level table to the 4 KiB entry for va; NULL if absent
 * or out of memory. Intermediate levels get user+write so the leaf alone decides access. */
u64 *pt_entry(u64 *pml4, u64 va, bool create);
/* For walks over a range: the entry for va if its page table exists, else NULL; *next is the
 * next address worth asking about (the start of the next table when this one is missing), so
 * a sparse 8 MiB stack costs a few steps instead of 2048. */
u64 *pt_lookup(u64 *pml4, u64 va, u64 *next);
/* Index of the first non-zero entry of table[i..end), or end when there is none. */
unsigned pt_next_used(const u64 *table, unsigned i, unsigned end);
/* Calls visit for every non-zero last-level entry mapping a page of [start, end) (page
 * aligned), in address order, skipping missing tables and runs of empty entries quickly. The
 * visitor may change or clear the entry but not the tables. */
void pt_walk_range(u64 *pml4, u64 start, u64 end, void (*visit)(u64 *pte, u64 va, void *ctx), void *ctx);
/* Frees every user-half page table page and drops a reference on each page they map. */
void pt_free_user(u64 *pml4);

void kmalloc_init(void);

/* Low-level copy used by the uaccess helpers: returns the number of bytes NOT copied. */
size_t copy_user_raw(void *dst, const void *src, size_t len);
/* Copies a string of at most max bytes; returns its length, max if no NUL, or -EFAULT. */
long strncpy_user_raw(char *dst, const char *src, size_t max);
/* The length of a string, max if no NUL within max bytes, or -EFAULT. */
long strnlen_user_raw(const char *src, size_t max);
size_t clear_user_raw(void *dst, size_t len);
/* Rewrites stac/clac to NOPs when the CPU has no SMAP (they would #UD). */
void smap_patch_sites(bool have_smap);
/* Finds the fixup address for a faulting kernel instruction inside a uaccess helper. */
u64 extable_fixup(u64 rip);

#endif
