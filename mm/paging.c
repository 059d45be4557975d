/* The kernel's page tables. The boot tables map 1 GiB three times with RWX huge pages; these
 * replace them with a direct map of all RAM (no execute) and the kernel image mapped page by
 * page: text read+execute, rodata read-only, data and bss read+write, never write+execute. */
#include "mm.h"
#include "printk.h"
#include "kstring.h"
#include "uapi/errno.h"

static u64 *kpml4;

u64 *kernel_pml4(void) { return kpml4; }

static u64 *table_of(u64 entry) { return phys_to_virt(entry & PTE_ADDR_MASK); }

static u64 *next_level(u64 *table, unsigned idx, bool create)
{
    if (!(table[idx] & PTE_P)) {
        if (!create)
            return NULL;
        u64 pa = pmm_alloc_page();
        if (!pa)
            return NULL;
        table[idx] = pa | PTE_P | PTE_W | PTE_U;   /* the leaf decides user access */
    }
    assert(!(table[idx] & PTE_PS));
    return table_of(table[idx]);
}

u64 *pt_entry(u64 *pml4, u64 va, bool create)
{
    u64 *pdpt = next_level(pml4, (va >> 39) & 511, create);
    if (!pdpt)
        return NULL;
    u64 *pd = next_level(pdpt, (va >> 30) & 511, create);
    if (!pd)
        return NULL;
    u64 *pt = next_level(pd, (va >> 21) & 511, create);
    if (!pt)
        return NULL;
    return &pt[(va >> 12) & 511];
}

u64 *pt_lookup(u64 *pml4, u64 va, u64 *next)
{
    static const unsigned shifts[] = { 39, 30, 21 };
    u64 *table = pml4;
    for (int level = 0; level < 3; level++) {
        u64 entry = table[(va >> shifts[level]) & 511];
        if (!(entry & PTE_P)) {
            u64 span = 1ull << shifts[level];
            *next = (va & ~(span - 1)) + span;
            return NULL;
        }
        table = table_of(entry);
    }
    *next = va + PAGE_SIZE;
    return &table[(va >> 12) & 511];
}

static void map_direct(void)
{
    u64 nx = cpu_nx_bit();
    for (u64 pa = 0; pa < pmm_max_phys(); pa += 2ull << 20) {
        u64 va = (u64)phys_to_virt(pa);
        u64 *pdpt = next_level(kpml4, (va >> 39) & 511, true);
        u64 *pd = pdpt ? next_level(pdpt, (va >> 30) & 511, true) : NULL;
        if (!pd)
            panic("out of memory building the direct map");
        pd[(va >> 21) & 511] = pa | PTE_P | PTE_W | PTE_PS | PTE_G | nx;
    }
}

static void map_kernel_range(const char *start, const char *end, u64 flags)
{
    for (u64 va = (u64)start; va < (u64)end; va += PAGE_SIZE) {
        u64 *pte = pt_entry(kpml4, va, true);
        if (!pte)
            panic("out of memory mapping the kernel");
        *pte = (va - KERNEL_VMA) | PTE_P | PTE_G | flags;
    }
}

void paging_init(void)
{
    extern char _text_start[], _text_end[], _rodata_start[], _rodata_end[], _data_start[], _kernel_end[];
    u64 nx = cpu_nx_bit();
    kpml4 = phys_to_virt(pmm_alloc_page());
    /* Pre-create every kernel-half PDPT so address spaces can share them by copying the top
     * level once: later kernel mappings then appear in every process. */
    for (unsigned i = 256; i < 512; i++)
        if (!next_level(kpml4, i, true))
            panic("out of memory for kernel page tables");
    map_direct();
    map_kernel_range(_text_start, _text_end, 0);
    map_kernel_range(_rodata_start, _rodata_end, nx);
    map_kernel_range(_data_start, _kernel_end, PTE_W | nx);
    write_cr3(virt_to_phys(kpml4));
}

unsigned pt_next_used(const u64 *table, unsigned i, unsigned end)
{
    if (i >= end)
        return end;
    const u64 *p = table + i;
    size_t left = end - i;
    bool found;
    /* Stops after the first non-zero entry (ZF clear) or at the end of the range. */
    __asm__("repe scasq" : "+D"(p), "+c"(left), "=@ccnz"(found) : "a"(0ull), "m"(*(const u64 (*)[512])table));
    return found ? (unsigned)(p - 1 - table) : end;
}

void pt_walk_range(u64 *pml4, u64 start, u64 end, void (*visit)(u64 *pte, u64 va, void *ctx), void *ctx)
{
    for (u64 va = start, next; va < end; va = next) {
        u64 *pte = pt_lookup(pml4, va, &next);
        if (!pte)
            continue;
        u64 *table = pte - ((va >> 12) & 511);
        u64 table_base = va & ~((1ull << 21) - 1);
        next = MIN(end, table_base + (1ull << 21));
        unsigned last = (unsigned)(((next - 1) >> 12) & 511) + 1;
        for (unsigned i = pt_next_used(table, (va >> 12) & 511, last); i < last;
             i = pt_next_used(table, i + 1, last))
            visit(&table[i], table_base + ((u64)i << 12), ctx);
    }
}

/* Every entry of a user page table is either zero or maps a page (PTE_MAPPED), so only the
 * non-zero ones need a look. */
static void free_table(u64 *table, int level)
{
    for (unsigned i = pt_next_used(table, 0, 512); i < 512; i = pt_next_used(table, i + 1, 512)) {
        if (level > 1)
            free_table(table_of(table[i]), level - 1);
        else
            pmm_page_put(table[i] & PTE_ADDR_MASK);     /* a user page: others may share it */
    }
    pmm_free_page(virt_to_phys(table));
}

void pt_free_user(u64 *pml4)
{
    for (unsigned i = pt_next_used(pml4, 0, 256); i < 256; i = pt_next_used(pml4, i + 1, 256)) {
        free_table(table_of(pml4[i]), 3);
        pml4[i] = 0;
    }
}
