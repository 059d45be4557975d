/* Freestanding string and memory routines (lib/string.c in the kernel, libc on the host).
 * The prototypes are the standard ones so host builds link against libc unchanged. */
#ifndef WICKET_KSTRING_H
#define WICKET_KSTRING_H
#include "types.h"
void *memcpy(void *dst, const void *src, size_t n);
void *memmove(void *dst, const void *src, size_t n);
void *memset(void *dst, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t max);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strchr(const char *s, int c);
char *strrchr(const char *s, int c);
#ifndef WICKET_HOST_TEST
/* Copies at most size-1 bytes and always terminates; returns strlen(src). */
size_t strlcpy(char *dst, const char *src, size_t size);
/* -ffreestanding takes away GCC's knowledge of these two, so every memcpy(p, q, 4) would be a
 * call. Through the builtins it inlines small fixed-size copies and fills, and calls the
 * functions above for the rest. */
#define memcpy(dst, src, n) __builtin_memcpy(dst, src, n)
#define memset(dst, c, n) __builtin_memset(dst, c, n)
#endif
#endif
