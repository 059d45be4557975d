/* Interrupt and exception entry. Every vector has a stub that makes the stack look the same
 * (error code, then vector number, on top of the CPU's iret frame), and one common path saves the
 * registers as a struct regs and calls trap_dispatch(regs). */
#include "arch/regs.h"

    .macro ISR_NOERR vec
    .globl isr_\vec
isr_\vec:
    pushq $0                        /* no error code from the CPU: keep the frame shape */
    pushq $\vec
    jmp isr_common
    .endm

    .macro ISR_ERR vec
    .globl isr_\vec
isr_\vec:
    pushq $\vec                     /* the CPU already pushed an error code */
    jmp isr_common
    .endm

    .text
/* Vectors with a CPU error code: 8, 10-14, 17, 21, 29, 30. */
ISR_NOERR 0
ISR_NOERR 1
ISR_NOERR 2
ISR_NOERR 3
ISR_NOERR 4
ISR_NOERR 5
ISR_NOERR 6
ISR_NOERR 7
ISR_ERR 8
ISR_NOERR 9
ISR_ERR 10
ISR_ERR 11
ISR_ERR 12
ISR_ERR 13
ISR_ERR 14
ISR_NOERR 15
ISR_NOERR 16
ISR_ERR 17
ISR_NOERR 18
ISR_NOERR 19
ISR_NOERR 20
ISR_ERR 21
ISR_NOERR 22
ISR_NOERR 23
ISR_NOERR 24
ISR_NOERR 25
ISR_NOERR 26
ISR_NOERR 27
ISR_NOERR 28
ISR_ERR 29
ISR_ERR 30
ISR_NOERR 31
    .altmacro
    .set vec, 32
    .rept 256 - 32
    ISR_NOERR %vec
    .set vec, vec + 1
    .endr
    .noaltmacro

isr_common:
    /* The stack now holds vector and error code above the iret frame. If we came from user mode,
     * GS still holds the user's base: switch to the kernel's per-CPU base before any C code. */
    testb $3, 24(%rsp)
    jz 1f
    swapgs
1:  cld                             /* the C ABI requires DF clear */
    pushq %rdi
    pushq %rsi
    pushq %rdx
    pushq %rcx
    pushq %rax
    pushq %r8
    pushq %r9
    pushq %r10
    pushq %r11
    pushq %rbx
    pushq %rbp
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    mov %rsp, %rdi
    call trap_dispatch
    jmp restore_regs_and_iret

/* Restore every register from the frame at %rsp and return with iretq. Shared by interrupts, the
 * syscall slow path and the first entry to user mode, so no path leaves a kernel value behind. */
    .globl restore_regs_and_iret
restore_regs_and_iret:
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbp
    popq %rbx
    popq %r11
    popq %r10
    popq %r9
    popq %r8
    popq %rax
    popq %rcx
    popq %rdx
    popq %rsi
    popq %rdi
    addq $16, %rsp                  /* vector and orig_rax */
    testb $3, 8(%rsp)               /* returning to user mode: give the user its GS base back */
    jz 2f
    swapgs
2:  iretq

    .section .rodata
    .balign 8
    .globl isr_stub_table
isr_stub_table:
    .macro STUB_ADDR vec
    .quad isr_\vec
    .endm
    .altmacro
    .set vec, 0
    .rept 256
    STUB_ADDR %vec
    .set vec, vec + 1
    .endr
    .noaltmacro
