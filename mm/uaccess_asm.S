/* The instructions that touch user memory. Each may fault; the exception table maps the
 * faulting instruction to a fixup that reports how much was left, so a bad user pointer becomes
 * -EFAULT instead of a kernel panic. STAC/CLAC open SMAP for exactly these instructions; on a
 * CPU without SMAP they are patched to NOPs at boot (see smap_patch_sites). */

    .macro USER_ACCESS_BEGIN
661: stac
    .pushsection .smap_sites, "a"
    .quad 661b
    .popsection
    .endm
    .macro USER_ACCESS_END
662: clac
    .pushsection .smap_sites, "a"
    .quad 662b
    .popsection
    .endm
    .macro EXTABLE insn, fixup
    .pushsection __ex_table, "a"
    .quad \insn, \fixup
    .popsection
    .endm

    .text
/* size_t copy_user_raw(void *dst, const void *src, size_t len): bytes NOT copied. */
    .globl copy_user_raw
copy_user_raw:
    movq %rdx, %rcx
    USER_ACCESS_BEGIN
1:  rep movsb
    USER_ACCESS_END
    xorl %eax, %eax
    ret
2:  USER_ACCESS_END
    movq %rcx, %rax                     /* rep movsb stops with RCX = bytes remaining */
    ret
    EXTABLE 1b, 2b

/* size_t clear_user_raw(void *dst, size_t len): bytes NOT cleared. */
    .globl clear_user_raw
clear_user_raw:
    movq %rsi, %rcx
    xorl %eax, %eax
    USER_ACCESS_BEGIN
3:  rep stosb
    USER_ACCESS_END
    xorl %eax, %eax
    ret
4:  USER_ACCESS_END
    movq %rcx, %rax
    ret
    EXTABLE 3b, 4b

/* long strncpy_user_raw(char *dst, const char *src, size_t max): length without the NUL when one
 * is found, max when none is within max bytes, -EFAULT (-14) on a fault. */
    .globl strncpy_user_raw
strncpy_user_raw:
    xorl %eax, %eax
    USER_ACCESS_BEGIN
5:  cmpq %rdx, %rax
    je 7f
6:  movb (%rsi, %rax), %cl
    movb %cl, (%rdi, %rax)
    testb %cl, %cl
    jz 7f
    incq %rax
    jmp 5b
7:  USER_ACCESS_END
    ret
8:  USER_ACCESS_END
    movq $-14, %rax
    ret
    EXTABLE 6b, 8b
