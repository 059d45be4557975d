/* Reference-counted 4 KiB pages, addressed by kernel pointer. The RAM filesystem keeps file
 * contents in them so that a shared mapping can map the file's own pages. The kernel implements
 * these in mm/pmm.c; host unit tests get them from tests/unit/shim.c. */
#ifndef WICKET_PAGE_H
#define WICKET_PAGE_H
#define RAMFS_PAGE_SIZE 4096
/* A zeroed page with one reference, or NULL when memory is exhausted. */
void *page_alloc(void);
void page_get(void *page);
/* Drops a reference; the last one frees the page. */
void page_put(void *page);
#endif
