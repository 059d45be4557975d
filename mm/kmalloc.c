/* The kernel heap: power-of-two size classes from 32 bytes to 2 KiB carved out of whole pages,
 * and whole contiguous pages for anything larger. Each block carries a 16-byte header recording
 * its class, so kfree needs no size. Memory comes from the direct map. */
#include "kmalloc.h"
#include "mm.h"
#include "kstring.h"
#include "printk.h"

#define MIN_SHIFT 5
#define MAX_SHIFT 11
#define HEADER 16
#define LARGE_CLASS 0xff

struct header { u32 class; u32 magic; u64 pages; };
struct free_block { struct free_block *next; };

#define MAGIC 0x6b6d616c

static struct free_block *free_lists[MAX_SHIFT + 1];

static int class_of(size_t total)
{
    int shift = MIN_SHIFT;
    while (((size_t)1 << shift) < total)
        shift++;
    return shift;
}

static bool refill(int shift)
{
    u64 pa = pmm_alloc_page();
    if (!pa)
        return false;
    char *page = phys_to_virt(pa);
    size_t size = (size_t)1 << shift;
    for (size_t off = 0; off + size <= PAGE_SIZE; off += size) {
        struct free_block *b = (struct free_block *)(page + off);
        b->next = free_lists[shift];
        free_lists[shift] = b;
    }
    return true;
}

/* kmalloc promises no contents (kzalloc clears what it needs), so the pages are not zeroed:
 * a path buffer would otherwise cost two page clears on every path system call. */
static void *alloc_large(size_t total)
{
    size_t pages = ALIGN_UP(total, PAGE_SIZE) / PAGE_SIZE;
    u64 pa = pmm_alloc_pages_uninit(pages);
    if (!pa)
        return NULL;
    struct header *h = phys_to_virt(pa);
    *h = (struct header){ LARGE_CLASS, MAGIC, pages };
    return (char *)h + HEADER;
}

void *kmalloc(size_t size)
{
    if (size > (1ull << 40))
        return NULL;
    size_t total = size + HEADER;
    if (total > (1u << MAX_SHIFT))
        return alloc_large(total);
    int shift = class_of(total);
    if (!free_lists[shift] && !refill(shift))
        return NULL;
    struct free_block *b = free_lists[shift];
    free_lists[shift] = b->next;
    struct header *h = (struct header *)b;
    *h = (struct header){ (u32)shift, MAGIC, 0 };
    return (char *)h + HEADER;
}

void *kzalloc(size_t size)
{
    void *p = kmalloc(size);
    if (p)
        memset(p, 0, size);
    return p;
}

static size_t usable_size(const struct header *h)
{
    return h->class == LARGE_CLASS ? h->pages * PAGE_SIZE - HEADER : ((size_t)1 << h->class) - HEADER;
}

void kfree(void *p)
{
    if (!p)
        return;
    struct header *h = (struct header *)((char *)p - HEADER);
    assert(h->magic == MAGIC);
    h->magic = 0;
    if (h->class == LARGE_CLASS) {
        pmm_free_pages(virt_to_phys(h), h->pages);
        return;
    }
    u32 shift = h->class;
    struct free_block *b = (struct free_block *)h;
    b->next = free_lists[shift];
    free_lists[shift] = b;
}

void *krealloc(void *p, size_t size)
{
    if (!p)
        return kmalloc(size);
    size_t old = usable_size((struct header *)((char *)p - HEADER));
    if (size <= old)
        return p;
    void *n = kmalloc(size);
    if (!n)
        return NULL;
    memcpy(n, p, old);
    kfree(p);
    return n;
}

char *kstrdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *copy = kmalloc(n);
    if (copy)
        memcpy(copy, s, n);
    return copy;
}
