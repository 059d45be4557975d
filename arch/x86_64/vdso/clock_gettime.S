/* The vDSO's clock_gettime, in assembly because it is the C library's hottest clock path and
 * the compiler's best (vdso.c style) spends two more instructions on register moves. For the
 * clocks the vvar page serves it is one straight line: the TSC, one 64x64->128 multiply for the
 * 64.64 fixed-point seconds since boot (include/vdso_data.h), the clock's whole-second offset
 * added to the high half, and one multiply turning the fraction into nanoseconds: exactly
 * kernel/time.c's arithmetic, so the system call agrees to the nanosecond. Every other id
 * (negative, CPU-time, alarm, unknown) goes to the system call, so errors are the kernel's.
 *
 *     int __vdso_clock_gettime(int clk, struct timespec *ts)    clk in edi, ts in rsi
 */
#include "vdso_data.h"

#define SYS_clock_gettime 228

    .text
    .globl __vdso_clock_gettime
    .type __vdso_clock_gettime, @function
    .p2align 4
__vdso_clock_gettime:
    cmp $VDSO_CLOCK_IDS - 1, %edi
    ja 1f                               /* negative or past the table */
    mov %edi, %ecx                      /* the id zero-extended, to index the table */
    lea vvar(%rip), %r8
    rdtsc
    shl $32, %rdx
    or %rdx, %rax
    sub VDSO_TSC_AT_BOOT(%r8), %rax     /* ticks since boot */
    mulq VDSO_SEC_MULT(%r8)             /* rdx = whole seconds, rax = the fraction */
    add VDSO_CLOCK_OFFSET_SEC(%r8,%rcx,8), %rdx
    js 1f                               /* VDSO_CLOCK_UNSERVED, or a time the kernel knows better */
    mov %rdx, (%rsi)                    /* tv_sec */
    mulq ns_per_sec(%rip)               /* rdx = the fraction's whole nanoseconds */
    mov %rdx, 8(%rsi)                   /* tv_nsec */
    xor %eax, %eax
    ret
1:  movslq %edi, %rdi
    mov $SYS_clock_gettime, %eax
    syscall
    ret
    .size __vdso_clock_gettime, . - __vdso_clock_gettime

/* The name without the prefix, which Linux's vDSO exports too. */
    .weak clock_gettime
    .type clock_gettime, @function
    .set clock_gettime, __vdso_clock_gettime

    .section .rodata
    .p2align 3
ns_per_sec:
    .quad 1000000000

    .section .note.GNU-stack, "", @progbits
