/* The vDSO's kernel side. At boot the embedded image (arch/x86_64/vdso_image.S) is copied into
 * pages of its own, after one page holding struct vdso_data; exec maps them near the stack, as
 * [vvar] (read) and [vdso] (read, execute). The kernel keeps a reference on every page for
 * good, so a mapping's page always has another holder: it is never mapped writable, and a
 * process that mprotects the vDSO writable and stores to it gets a copy (copy-on-write), never
 * the shared page. */
#include "vdso.h"
#include "vdso_data.h"
#include "vm.h"
#include "mm.h"
#include "ktime.h"
#include "kstring.h"
#include "printk.h"
#include "uapi/mman.h"
#include "arch/x86.h"

extern const u8 vdso_image_start[], vdso_image_end[];

#define VDSO_MAX_PAGES 4
#define STACK_GUARD_GAP (256 * PAGE_SIZE)   /* exec.c's gap below the stack, left alone */

static u64 vvar_pa;
static u64 vdso_pa[VDSO_MAX_PAGES];
static size_t vdso_npages;

static u64 page_or_panic(void)
{
    u64 pa = pmm_alloc_page();
    if (!pa)
        panic("vdso: no memory");
    return pa;
}

void vdso_init(void)
{
    size_t size = (size_t)(vdso_image_end - vdso_image_start);
    vdso_npages = ALIGN_UP(size, PAGE_SIZE) / PAGE_SIZE;
    if (vdso_npages == 0 || vdso_npages > VDSO_MAX_PAGES)
        panic("vdso: image of %lu bytes", (unsigned long)size);
    vvar_pa = page_or_panic();
    struct vdso_data *d = phys_to_virt(vvar_pa);
    time_fill_vdso_data(d);
    for (size_t i = 0; i < vdso_npages; i++) {
        vdso_pa[i] = page_or_panic();
        size_t off = i * PAGE_SIZE;
        memcpy(phys_to_virt(vdso_pa[i]), vdso_image_start + off, MIN(PAGE_SIZE, size - off));
    }
}

/* Just below the stack's guard gap, which mmap (searching down from mmap_base) never reaches
 * while the stack is smaller than exec's mmap gap; otherwise wherever mmap would put it. */
static u64 vdso_place(struct mm *mm, u64 len)
{
    struct vma *stack = vma_find(mm, mm->stack_top - 1);
    u64 below = stack ? stack->start - STACK_GUARD_GAP : 0;
    if (below >= mm->mmap_base + len && vm_range_free(mm, below - len, len))
        return below - len;
    return vm_find_free(mm, len, 0);
}

u64 vdso_map(struct mm *mm)
{
    u64 len = (1 + vdso_npages) * PAGE_SIZE;
    u64 at = vdso_place(mm, len);
    if (!at)
        return 0;
    if (vm_map_fixed(mm, at, PAGE_SIZE, PROT_READ, VMA_VVAR, NULL, 0, 0) ||
        vm_map_fixed(mm, at + PAGE_SIZE, len - PAGE_SIZE, PROT_READ | PROT_EXEC, VMA_VDSO, NULL, 0, 0))
        return 0;
    return at + PAGE_SIZE;
}

u64 vdso_page_get(const struct vma *v, u64 page_va)
{
    u64 index = (v->file_off + (page_va - v->start)) / PAGE_SIZE;
    u64 pa = (v->flags & VMA_VVAR) ? vvar_pa : vdso_pa[MIN(index, vdso_npages - 1)];
    pmm_page_get(pa);
    return pa;
}
