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
/* size_t copy_user_raw(void *dst, const void *src, size_t len): bytes NOT copied. Eight bytes
 * per iteration, then the tail bytewise: under an instruction-counting clock each iteration of
 * a `rep` costs one instruction. A fault in the quadword part leaves RCX quadwords and the
 * whole tail uncopied. */
    .globl copy_user_raw
copy_user_raw:
    movq %rdx, %rcx
    shrq $3, %rcx
    andl $7, %edx
    USER_ACCESS_BEGIN
1:  rep movsq
    movl %edx, %ecx
2:  rep movsb
    USER_ACCESS_END
    xorl %eax, %eax
    ret
3:  USER_ACCESS_END
    leaq (%rdx, %rcx, 8), %rax          /* rep movsq stops with RCX = quadwords remaining */
    ret
4:  USER_ACCESS_END
    movq %rcx, %rax                     /* rep movsb stops with RCX = bytes remaining */
    ret
    EXTABLE 1b, 3b
    EXTABLE 2b, 4b

/* size_t clear_user_raw(void *dst, size_t len): bytes NOT cleared, as copy_user_raw counts. */
    .globl clear_user_raw
clear_user_raw:
    movq %rsi, %rcx
    shrq $3, %rcx
    andl $7, %esi
    xorl %eax, %eax
    USER_ACCESS_BEGIN
5:  rep stosq
    movl %esi, %ecx
6:  rep stosb
    USER_ACCESS_END
    xorl %eax, %eax
    ret
7:  USER_ACCESS_END
    leaq (%rsi, %rcx, 8), %rax
    ret
8:  USER_ACCESS_END
    movq %rcx, %rax
    ret
    EXTABLE 5b, 7b
    EXTABLE 6b, 8b

/* long strncpy_user_raw(char *dst, const char *src, size_t max): length without the NUL when one
 * is found, max when none is within max bytes, -EFAULT (-14) on a fault. */
    .globl strncpy_user_raw
strncpy_user_raw:
    xorl %eax, %eax
    USER_ACCESS_BEGIN
9:  cmpq %rdx, %rax
    je 11f
10: movb (%rsi, %rax), %cl
    movb %cl, (%rdi, %rax)
    testb %cl, %cl
    jz 11f
    incq %rax
    jmp 9b
11: USER_ACCESS_END
    ret
12: USER_ACCESS_END
    movq $-14, %rax
    ret
    EXTABLE 10b, 12b

/* long strnlen_user_raw(const char *src, size_t max): length without the NUL when one is found,
 * max when none is within max bytes, -EFAULT (-14) on a fault. */
    .globl strnlen_user_raw
strnlen_user_raw:
    xorl %eax, %eax
    USER_ACCESS_BEGIN
13: cmpq %rsi, %rax
    je 15f
14: cmpb $0, (%rdi, %rax)
    je 15f
    incq %rax
    jmp 13b
15: USER_ACCESS_END
    ret
16: USER_ACCESS_END
    movq $-14, %rax
    ret
    EXTABLE 14b, 16b
