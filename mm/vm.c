/* User address spaces: the VMA list and demand paging. A VMA is split whenever an operation
 * covers part of it, so every operation works on whole VMAs afterwards. */
#include "vm.h"
#include "mm.h"
#include "fs.h"
#include "kmalloc.h"
#include "kstring.h"
#include "printk.h"
#include "vdso.h"
#include "uapi/errno.h"
#include "uapi/mman.h"
#include "uaccess.h"

struct mm *mm_create(void)
{
    struct mm *mm = kzalloc(sizeof(*mm));
    if (!mm)
        return NULL;
    u64 pa = pmm_alloc_page();
    if (!pa) {
        kfree(mm);
        return NULL;
    }
    mm->pml4 = phys_to_virt(pa);
    mm->refs = 1;
    /* The kernel half is the same in every address space. */
    memcpy(mm->pml4 + 256, kernel_pml4() + 256, 256 * sizeof(u64));
    return mm;
}

void mm_activate(struct mm *mm)
{
    write_cr3(virt_to_phys(mm->pml4));
}

static struct vma *vma_alloc(struct mm *mm)
{
    if (mm->nvmas >= VM_MAX_MAP_COUNT)
        return NULL;
    struct vma *v = kmalloc(sizeof(*v));
    if (v)
        mm->nvmas++;
    return v;
}

/* A shared file mapping is listed on its inode, so truncation can find it. */
static void vma_link_file(struct vma *v)
{
    if (!v->file)
        return;
    inode_get(v->file);     /* the file outlives close() and unlink while it is mapped */
    if (v->flags & VMA_SHARED) {
        v->shared_next = v->file->shared_maps;
        v->file->shared_maps = v;
    }
}

static void vma_unlink_file(struct vma *v)
{
    if (!v->file)
        return;
    if (v->flags & VMA_SHARED) {
        struct vma **pp = &v->file->shared_maps;
        while (*pp != v)
            pp = &(*pp)->shared_next;
        *pp = v->shared_next;
    }
    inode_put(v->file);
}

static void vma_free(struct vma *v)
{
    vma_unlink_file(v);
    v->mm->nvmas--;
    kfree(v);
}

void mm_destroy(struct mm *mm)
{
    while (mm->vmas) {
        struct vma *v = mm->vmas;
        mm->vmas = v->next;
        vma_free(v);
    }
    pt_free_user(mm->pml4);
    pmm_free_page(virt_to_phys(mm->pml4));
    kfree(mm);
}

void mm_get(struct mm *mm) { mm->refs++; }

void mm_put(struct mm *mm)
{
    if (mm && --mm->refs == 0)
        mm_destroy(mm);
}

struct vma *vma_find(struct mm *mm, u64 addr)
{
    for (struct vma *v = mm->vmas; v && v->start <= addr; v = v->next)
        if (addr < v->end)
            return v;
    return NULL;
}

/* Ensures no VMA straddles addr. Returns -ENOMEM when the split cannot be allocated. */
static int vma_split_at(struct mm *mm, u64 addr)
{
    struct vma *v = vma_find(mm, addr);
    if (!v || v->start == addr)
        return 0;
    struct vma *tail = vma_alloc(mm);
    if (!tail)
        return -ENOMEM;
    *tail = *v;
    vma_link_file(tail);
    u64 head_len = addr - v->start;
    tail->start = addr;
    tail->file_off = v->file_off + head_len;
    tail->file_len = v->file_len > head_len ? v->file_len - head_len : 0;
    v->end = addr;
    v->file_len = MIN(v->file_len, head_len);
    v->next = tail;
    return 0;
}

static void vma_insert(struct mm *mm, struct vma *nv)
{
    struct vma **pp = &mm->vmas;
    while (*pp && (*pp)->start < nv->start)
        pp = &(*pp)->next;
    nv->next = *pp;
    *pp = nv;
}

static void unmap_pages(struct mm *mm, u64 start, u64 end)
{
    for (u64 va = start, next; va < end; va = next) {
        u64 *pte = pt_lookup(mm->pml4, va, &next);
        if (!pte || !(*pte & PTE_MAPPED))
            continue;
        pmm_page_put(*pte & PTE_ADDR_MASK);
        *pte = 0;
        invlpg(va);
    }
}

int vm_unmap(struct mm *mm, u64 start, u64 len)
{
    u64 end = start + len;
    if (vma_split_at(mm, start) || vma_split_at(mm, end))
        return -ENOMEM;
    struct vma **pp = &mm->vmas;
    while (*pp) {
        struct vma *v = *pp;
        if (v->start >= start && v->end <= end) {
            unmap_pages(mm, v->start, v->end);
            *pp = v->next;
            vma_free(v);
        } else {
            pp = &v->next;
        }
    }
    return 0;
}

int vm_map_fixed(struct mm *mm, u64 start, u64 len, u32 prot, u32 flags,
                 struct inode *file, u64 file_off, u64 file_len)
{
    struct vma *nv = vma_alloc(mm);
    if (!nv)
        return -ENOMEM;
    int err = vm_unmap(mm, start, len);
    if (err) {
        mm->nvmas--;
        kfree(nv);
        return err;
    }
    *nv = (struct vma){ .mm = mm, .start = start, .end = start + len, .prot = prot, .flags = flags,
                        .file = file, .file_off = file_off, .file_len = file ? file_len : 0 };
    vma_link_file(nv);
    vma_insert(mm, nv);
    return 0;
}

bool vm_range_free(struct mm *mm, u64 start, u64 len)
{
    for (struct vma *v = mm->vmas; v; v = v->next)
        if (v->start < start + len && start < v->end)
            return false;
    return true;
}

u64 vm_find_free(struct mm *mm, u64 len, u64 hint)
{
    if (hint && hint + len <= mm->mmap_base && hint + len > hint && vm_range_free(mm, hint, len))
        return hint;
    /* Top-down first fit: the candidate is the highest gap below mmap_base that fits. */
    u64 candidate = 0, prev_end = PAGE_SIZE * 16;   /* keep the low pages unmappable */
    for (struct vma *v = mm->vmas; ; v = v->next) {
        u64 gap_end = v ? MIN(v->start, mm->mmap_base) : mm->mmap_base;
        if (gap_end >= prev_end + len)
            candidate = gap_end - len;
        if (!v || v->start >= mm->mmap_base)
            break;
        prev_end = MAX(prev_end, v->end);
    }
    return candidate;
}

static u64 pte_flags_for(u32 prot)
{
    u64 f = PTE_P | PTE_U;
    if (prot & PROT_WRITE)
        f |= PTE_W;
    if (!(prot & PROT_EXEC))
        f |= cpu_nx_bit();
    return f;
}

/* The entry for page pa in v: a private page someone else also holds (after fork) stays
 * read-only, so the first write faults and copies it. */
static u64 pte_for(const struct vma *v, u64 pa)
{
    u64 f = pte_flags_for(v->prot);
    if (!(v->flags & VMA_SHARED) && (f & PTE_W) && pmm_page_refs(pa) > 1)
        f &= ~PTE_W;
    return pa | f;
}

/* Visits the mapped parts of [start, end) VMA by VMA, each split to fit the range. Like Linux's
 * madvise and mprotect walks: the range must begin in a mapping (else -ENOMEM at once); a later
 * hole ends the walk with -ENOMEM when stop_at_hole, else it is skipped and -ENOMEM returned
 * after everything mapped was visited. A visitor's error ends the walk. */
static int vm_walk(struct mm *mm, u64 start, u64 end, bool stop_at_hole,
                   int (*visit)(struct vma *v, void *ctx), void *ctx)
{
    int hole = 0;
    if (!vma_find(mm, start) && stop_at_hole)
        return -ENOMEM;
    for (u64 a = start; a < end; ) {
        struct vma *v = vma_find(mm, a);
        if (!v) {
            if (stop_at_hole)
                return -ENOMEM;
            hole = -ENOMEM;
            struct vma *next = mm->vmas;
            while (next && next->start <= a)
                next = next->next;
            if (!next || next->start >= end)
                break;
            a = next->start;
            continue;
        }
        if (vma_split_at(mm, a))
            return -ENOMEM;
        v = vma_find(mm, a);            /* the piece starting at a */
        if (vma_split_at(mm, MIN(end, v->end)))
            return -ENOMEM;
        int err = visit(v, ctx);
        if (err)
            return err;
        a = v->end;
    }
    return hole;
}

static u64 pte_flags_for(u32 prot);

static int protect_vma(struct vma *v, void *ctx)
{
    u32 prot = *(const u32 *)ctx;
    if ((v->flags & VMA_NO_WRITE) && (prot & PROT_WRITE))
        return -EACCES;
    v->prot = prot;
    for (u64 va = v->start, next; va < v->end; va = next) {
        u64 *pte = pt_lookup(v->mm->pml4, va, &next);
        if (!pte || !(*pte & PTE_MAPPED))
            continue;
        /* PROT_NONE keeps the page (its contents survive a later mprotect back), only hidden
         * from the MMU. */
        *pte = prot ? pte_for(v, *pte & PTE_ADDR_MASK) : (*pte & PTE_ADDR_MASK) | PTE_PROTNONE;
        invlpg(va);
    }
    return 0;
}

int vm_protect(struct mm *mm, u64 start, u64 len, u32 prot)
{
    return vm_walk(mm, start, start + len, true, protect_vma, &prot);
}

/* Shared memory keeps its contents: dropping this mapper's view of it changes nothing a later
 * touch would see, so those pages stay. Private pages are dropped and refilled. */
static int discard_vma(struct vma *v, void *ctx)
{
    if (!(v->flags & VMA_SHARED))
        unmap_pages(v->mm, v->start, v->end);
    return 0;
}

int vm_discard(struct mm *mm, u64 start, u64 len)
{
    return vm_walk(mm, start, start + len, false, discard_vma, NULL);
}

static int nothing_to_do(struct vma *v, void *ctx) { return 0; }

int vm_check_mapped(struct mm *mm, u64 start, u64 len)
{
    return vm_walk(mm, start, start + len, false, nothing_to_do, NULL);
}

static bool access_allowed(const struct vma *v, bool write, bool exec);

static int private_anon_only(struct vma *v, void *ctx)
{
    return v->file || (v->flags & VMA_SHARED) ? -EINVAL : 0;
}

int vm_check_private_anon(struct mm *mm, u64 start, u64 len)
{
    return vm_walk(mm, start, start + len, false, private_anon_only, NULL);
}

/* MADV_POPULATE_*: a mapping that does not allow the access is EINVAL, a page that cannot be
 * filled (past the end of its file) EFAULT, as Linux answers. */
static int populate_vma(struct vma *v, void *ctx)
{
    bool write = *(const bool *)ctx;
    if (!access_allowed(v, write, false))
        return -EINVAL;
    for (u64 va = v->start; va < v->end; va += PAGE_SIZE) {
        u64 *pte = pt_entry(v->mm->pml4, va, false);
        if (pte && (*pte & PTE_P) && (!write || (*pte & PTE_W)))
            continue;
        int err = vm_handle_fault(v->mm, va, write, false);
        if (err)
            return err == -ENOMEM ? -ENOMEM : -EFAULT;
    }
    return 0;
}

int vm_populate(struct mm *mm, u64 start, u64 len, bool write)
{
    return vm_walk(mm, start, start + len, false, populate_vma, &write);
}

static bool access_allowed(const struct vma *v, bool write, bool exec)
{
    if (write)
        return v->prot & PROT_WRITE;
    if (exec)
        return v->prot & PROT_EXEC;
    return v->prot != PROT_NONE;
}

/* Fills a fresh page with the file bytes that back it, as the file is now (a private mapping
 * sees the file grow until it touches the page), and zeros after them. */
static void fill_from_file(const struct vma *v, u64 page_va, u8 *page)
{
    u64 rel = page_va - v->start;
    long n = 0;
    if (rel < v->file_len)      /* the read stops at end of file */
        n = ramfs_read(v->file, page, MIN(PAGE_SIZE, v->file_len - rel), v->file_off + rel);
    n = MAX(n, 0);
    memset(page + n, 0, PAGE_SIZE - n);
}

static int break_cow(const struct vma *v, u64 page_va, u64 *pte);

/* The file's filesystem has reached its size= limit (a fault that needs a new page gets SIGBUS). */
static bool tmpfs_full(const struct inode *f)
{
    const struct superblock *sb = f->sb;
    return sb && sb->max_pages && sb->data_pages >= sb->max_pages;
}

int vm_handle_fault(struct mm *mm, u64 addr, bool write, bool exec)
{
    struct vma *v = vma_find(mm, addr);
    if (!v || !access_allowed(v, write, exec))
        return -EFAULT;
    u64 page_va = ALIGN_DOWN(addr, PAGE_SIZE);
    if (v->file && v->file_off + (page_va - v->start) >= ALIGN_UP(v->file->size, PAGE_SIZE))
        return -ENXIO;
    u64 *pte = pt_entry(mm->pml4, page_va, true);
    if (!pte)
        return -ENOMEM;     /* out of memory for page tables: the access cannot complete */
    if ((*pte & PTE_P) && write && !(*pte & PTE_W))
        return break_cow(v, page_va, pte);
    if (*pte & PTE_P)
        return -EFAULT;     /* present yet faulting: a protection violation */
    if (*pte & PTE_PROTNONE) {
        *pte = pte_for(v, *pte & PTE_ADDR_MASK);
        return 0;
    }
    u64 pa;
    if (v->flags & (VMA_VVAR | VMA_VDSO)) {
        /* The kernel also holds the page, so pte_for leaves it read-only even if mprotect
         * allowed writes: a store then faults again and copies it (break_cow). */
        *pte = pte_for(v, vdso_page_get(v, page_va));
        return 0;
    }
    if (v->file && (v->flags & VMA_SHARED)) {
        /* A shared file mapping maps the file's own page: stores reach the file, and write()
         * is seen through the mapping. */
        void *page = ramfs_map_page(v->file, v->file_off + (page_va - v->start));
        if (!page)
            return tmpfs_full(v->file) ? -ENXIO : -ENOMEM;    /* a full tmpfs is SIGBUS, as on Linux */
        pa = virt_to_phys(page);
    } else {
        pa = v->file ? pmm_alloc_pages_uninit(1) : pmm_alloc_page();
        if (!pa)
            return -ENOMEM;
        if (v->file)
            fill_from_file(v, page_va, phys_to_virt(pa));
    }
    *pte = pa | pte_flags_for(v->prot);
    return 0;
}

/* A write to a private page that fork left shared: the last holder takes it over, anyone
 * else gets a copy. */
static int break_cow(const struct vma *v, u64 page_va, u64 *pte)
{
    u64 old = *pte & PTE_ADDR_MASK;
    if (pmm_page_refs(old) > 1) {
        u64 pa = pmm_alloc_pages_uninit(1);
        if (!pa)
            return -ENOMEM;
        memcpy(phys_to_virt(pa), phys_to_virt(old), PAGE_SIZE);
        pmm_page_put(old);
        old = pa;
    }
    *pte = old | pte_flags_for(v->prot);
    invlpg(page_va);
    return 0;
}

u64 vm_set_brk(struct mm *mm, u64 new_brk)
{
    if (new_brk < mm->brk_start || new_brk > mm->mmap_base)
        return mm->brk;
    u64 old_end = ALIGN_UP(mm->brk, PAGE_SIZE), new_end = ALIGN_UP(new_brk, PAGE_SIZE);
    if (new_end > old_end) {
        if (new_end > mm->mmap_base || !vm_range_free(mm, old_end, new_end - old_end))
            return mm->brk;
        /* Growing the heap extends its VMA, so the heap stays one mapping ([heap] in maps). */
        struct vma *heap = old_end > mm->brk_start ? vma_find(mm, old_end - 1) : NULL;
        if (heap && (heap->flags & VMA_HEAP) && heap->end == old_end &&
            heap->prot == (PROT_READ | PROT_WRITE))
            heap->end = new_end;
        else if (vm_map_fixed(mm, old_end, new_end - old_end, PROT_READ | PROT_WRITE, VMA_HEAP, NULL, 0, 0))
            return mm->brk;
    } else if (new_end < old_end) {
        vm_unmap(mm, new_end, old_end - new_end);
    }
    mm->brk = new_brk;
    return new_brk;
}

size_t vm_resident_pages(struct mm *mm)
{
    size_t n = 0;
    for (struct vma *v = mm->vmas; v; v = v->next)
        for (u64 va = v->start, next; va < v->end; va = next) {
            u64 *pte = pt_lookup(mm->pml4, va, &next);
            n += pte && (*pte & PTE_MAPPED);
        }
    return n;
}

void vm_file_truncated(struct inode *f, u64 size)
{
    u64 keep_end = ALIGN_UP(size, PAGE_SIZE);
    for (struct vma *v = f->shared_maps; v; v = v->shared_next) {
        u64 first = v->file_off >= keep_end ? v->start : v->start + (keep_end - v->file_off);
        if (first < v->end)
            unmap_pages(v->mm, first, v->end);
    }
}

struct clone_walk {
    struct mm *child;
    bool shared;
    u64 *child_table;       /* the child's page table covering table_base, once looked up */
    u64 table_base;
    int err;
};

/* One parent entry: the child gets the same page, one more reference; a private page loses
 * its write bit on both sides. */
static void clone_pte(u64 *pte, u64 va, void *ctx)
{
    struct clone_walk *w = ctx;
    u64 base = va & ~((1ull << 21) - 1);
    if (w->err)
        return;
    if (!w->child_table || w->table_base != base) {
        u64 *table = pt_entry(w->child->pml4, base, true);
        if (!table) {
            w->err = -ENOMEM;
            return;
        }
        w->child_table = table;
        w->table_base = base;
    }
    if (!w->shared)
        *pte &= ~PTE_W;
    pmm_page_get(*pte & PTE_ADDR_MASK);
    w->child_table[(va >> 12) & 511] = *pte;
}

/* Copies v's page-table entries into child, sharing each page (one more reference). Private
 * pages lose their write bit in both address spaces, so either side's first write copies. */
static int clone_pages(struct mm *child, struct vma *v)
{
    struct clone_walk w = { .child = child, .shared = v->flags & VMA_SHARED };
    pt_walk_range(v->mm->pml4, v->start, v->end, clone_pte, &w);
    return w.err;
}

static struct vma *clone_vma(struct mm *child, const struct vma *v)
{
    struct vma *c = vma_alloc(child);
    if (!c)
        return NULL;
    *c = *v;
    c->mm = child;
    c->next = NULL;
    vma_link_file(c);
    return c;
}

struct mm *mm_clone(struct mm *mm)
{
    struct mm *child = mm_create();
    if (!child)
        return NULL;
    child->brk_start = mm->brk_start, child->brk = mm->brk;
    child->mmap_base = mm->mmap_base, child->stack_top = mm->stack_top;
    child->arg_start = mm->arg_start, child->arg_end = mm->arg_end;
    child->env_start = mm->env_start, child->env_end = mm->env_end;
    struct vma **tail = &child->vmas;
    for (struct vma *v = mm->vmas; v; v = v->next) {
        struct vma *c = clone_vma(child, v);
        if (!c || clone_pages(child, v)) {
            if (c)
                *tail = c;
            write_cr3(read_cr3());      /* parent entries may have lost their write bit */
            mm_destroy(child);
            return NULL;
        }
        *tail = c;
        tail = &c->next;
    }
    write_cr3(read_cr3());              /* flush the parent's now read-only entries */
    return child;
}
