/* The physical page allocator: one bit per 4 KiB page below 4 GiB, built from the boot memory
 * map. Everything the loader placed in memory (the kernel image, the Multiboot info, the
 * initramfs module) is reserved before the first allocation. */
#include "mm.h"
#include "multiboot.h"
#include "printk.h"
#include "kstring.h"

#define MAX_PHYS (4ull << 30)
#define MAX_PAGES (MAX_PHYS / PAGE_SIZE)

static u64 used_bitmap[MAX_PAGES / 64];   /* 1 = used or not RAM */
/* Holders of each allocated page: the mappings and files that share it. Multi-page kernel
 * allocations (stacks, large heap blocks) keep 1 and are freed with pmm_free_pages. */
static u32 page_refs[MAX_PAGES];
static size_t total_pages, free_pages;
static u64 max_phys;
static size_t search_hint;

static bool page_used(size_t pfn) { return used_bitmap[pfn / 64] & (1ull << (pfn % 64)); }
static void mark_used(size_t pfn) { used_bitmap[pfn / 64] |= 1ull << (pfn % 64); }
static void mark_free(size_t pfn) { used_bitmap[pfn / 64] &= ~(1ull << (pfn % 64)); }

static void reserve_range(u64 start, u64 end)
{
    for (u64 pfn = start / PAGE_SIZE; pfn < ALIGN_UP(end, PAGE_SIZE) / PAGE_SIZE && pfn < MAX_PAGES; pfn++) {
        if (!page_used(pfn)) {
            mark_used(pfn);
            page_refs[pfn] = 1;     /* held by the loader's data until kmain releases it */
            free_pages--;
        }
    }
}

static void add_ram(u64 start, u64 len)
{
    u64 first = ALIGN_UP(start, PAGE_SIZE) / PAGE_SIZE;
    u64 last = ALIGN_DOWN(start + len, PAGE_SIZE) / PAGE_SIZE;
    for (u64 pfn = first; pfn < last && pfn < MAX_PAGES; pfn++) {
        if (page_used(pfn)) {
            mark_free(pfn);
            free_pages++;
            total_pages++;
        }
    }
    if (last * PAGE_SIZE > max_phys)
        max_phys = MIN(last * PAGE_SIZE, MAX_PHYS);
}

static void reserve_boot_data(const struct multiboot_info *mbi)
{
    extern char _kernel_end_phys[];
    reserve_range(0, 0x100000);     /* real-mode area, BIOS data, ACPI tables may live there */
    reserve_range(0x100000, (u64)_kernel_end_phys);
    reserve_range((u64)virt_to_phys(mbi), (u64)virt_to_phys(mbi) + sizeof(*mbi));
    if (mbi->flags & MB_INFO_MODS) {
        const struct multiboot_mod *mods = phys_to_virt(mbi->mods_addr);
        reserve_range(mbi->mods_addr, mbi->mods_addr + mbi->mods_count * sizeof(*mods));
        for (u32 i = 0; i < mbi->mods_count; i++)
            reserve_range(mods[i].start, mods[i].end);
    }
    if (mbi->flags & MB_INFO_CMDLINE)
        reserve_range(mbi->cmdline, mbi->cmdline + 4096);
    if (mbi->flags & MB_INFO_MMAP)
        reserve_range(mbi->mmap_addr, mbi->mmap_addr + mbi->mmap_length);
}

void pmm_init(const struct multiboot_info *mbi)
{
    memset(used_bitmap, 0xff, sizeof(used_bitmap));
    if (!(mbi->flags & MB_INFO_MMAP))
        panic("boot loader gave no memory map");
    u64 p = mbi->mmap_addr, end = p + mbi->mmap_length;
    while (p < end) {
        const struct multiboot_mmap_entry *e = phys_to_virt(p);
        if (e->type == 1)
            add_ram(e->addr, e->len);
        p += e->size + sizeof(e->size);
    }
    reserve_boot_data(mbi);
    printk("[wicket] memory: %zu MiB usable, %zu MiB free\n", total_pages / 256, free_pages / 256);
}

u64 pmm_alloc_pages_uninit(size_t n)
{
    size_t limit = max_phys / PAGE_SIZE;
    for (size_t pass = 0; pass < 2; pass++) {
        size_t run = 0;
        for (size_t pfn = pass ? 0 : search_hint; pfn < limit; pfn++) {
            run = page_used(pfn) ? 0 : run + 1;
            if (run < n)
                continue;
            size_t first = pfn + 1 - n;
            for (size_t i = first; i <= pfn; i++) {
                mark_used(i);
                page_refs[i] = 1;
            }
            free_pages -= n;
            search_hint = pfn + 1;
            return first * PAGE_SIZE;
        }
    }
    return 0;
}

u64 pmm_alloc_pages(size_t n)
{
    u64 pa = pmm_alloc_pages_uninit(n);
    if (pa)
        memset(phys_to_virt(pa), 0, n * PAGE_SIZE);
    return pa;
}

u64 pmm_alloc_page(void) { return pmm_alloc_pages(1); }

/* Invariant: a page has at most one holder per mapping plus its file, and a process has at most
 * VM_MAX_MAP_COUNT mappings, so no count a process can cause approaches 2^32. */
void pmm_page_get(u64 pa)
{
    size_t pfn = pa / PAGE_SIZE;
    assert(page_used(pfn) && page_refs[pfn] > 0 && page_refs[pfn] < UINT32_MAX);
    page_refs[pfn]++;
}

void pmm_page_put(u64 pa)
{
    size_t pfn = pa / PAGE_SIZE;
    assert(page_used(pfn) && page_refs[pfn] > 0);
    if (--page_refs[pfn] == 0) {
        page_refs[pfn] = 1;     /* pmm_free_pages expects the last holder */
        pmm_free_pages(pa, 1);
    }
}

/* Pages as kernel pointers (direct map), for users such as the RAM filesystem. */
u32 pmm_page_refs(u64 pa) { return page_refs[pa >> PAGE_SHIFT]; }

void *page_alloc(void)
{
    u64 pa = pmm_alloc_page();
    return pa ? phys_to_virt(pa) : NULL;
}

void page_get(void *page) { pmm_page_get(virt_to_phys(page)); }
void page_put(void *page) { pmm_page_put(virt_to_phys(page)); }

void pmm_free_pages(u64 pa, size_t n)
{
    for (size_t pfn = pa / PAGE_SIZE; pfn < pa / PAGE_SIZE + n; pfn++) {
        assert(page_used(pfn) && page_refs[pfn] == 1);
        page_refs[pfn] = 0;
        mark_free(pfn);
        free_pages++;
    }
    if (pa / PAGE_SIZE < search_hint)
        search_hint = pa / PAGE_SIZE;
}

void pmm_free_page(u64 pa) { pmm_free_pages(pa, 1); }
size_t pmm_total_pages(void) { return total_pages; }
size_t pmm_free_count(void) { return free_pages; }
u64 pmm_max_phys(void) { return max_phys; }
