/* Kernel heap. On the host (unit tests) these map onto malloc/free through tests/unit/shim.c. */
#ifndef WICKET_KMALLOC_H
#define WICKET_KMALLOC_H
#include "types.h"
void *kmalloc(size_t size);
void *kzalloc(size_t size);
void *krealloc(void *p, size_t size);
void kfree(void *p);
/* A kmalloc'd copy of a string, or NULL. */
char *kstrdup(const char *s);
#endif
