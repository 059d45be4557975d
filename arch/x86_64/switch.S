/* Kernel context switch. A thread that gives up the CPU pushes the registers the C ABI says a
 * callee must preserve, parks its stack pointer, and takes up the next thread's stack exactly
 * where that thread parked it; the `ret` then continues the next thread inside its own call to
 * arch_switch_stacks (or, for a new thread, at the entry its creator put there). Everything
 * else a thread needs back (page tables, kernel stack for traps, TLS bases, FPU registers) is
 * switched in C before this runs. */

    .text
/* void arch_switch_stacks(u64 *save_rsp, u64 next_rsp) */
    .globl arch_switch_stacks
arch_switch_stacks:
    pushq %rbp
    pushq %rbx
    pushq %r12
    pushq %r13
    pushq %r14
    pushq %r15
    movq %rsp, (%rdi)
    movq %rsi, %rsp
    popq %r15
    popq %r14
    popq %r13
    popq %r12
    popq %rbx
    popq %rbp
    ret

/* A new thread's first instructions: its creator left the user frame right above. The frame
 * leaves through the same exit path as an interrupt, so pending work (a signal sent before the
 * child first ran) is handled first. */
    .globl thread_first_entry
thread_first_entry:
    movq %rsp, %rdi
    call exit_to_user_mode
    jmp restore_regs_and_iret
