/* The system-call entry path (MSR_LSTAR points here).
 *
 * On `syscall` the CPU has put the user's RIP in RCX and RFLAGS in R11, masked RFLAGS with
 * MSR_SFMASK (IF, DF, TF, AC cleared) and loaded the kernel CS/SS, but it has not switched
 * stacks: RSP is still the user's and must not be trusted or touched. */
#include "arch/regs.h"
#include "arch/x86.h"
#include "uapi/wicket_syscalls.h"

#define ENOSYS_VALUE 38
#define RFLAGS_TF_VALUE 0x100
#define RFLAGS_RF_VALUE 0x10000

    .text
    .globl syscall_entry
syscall_entry:
    swapgs                              /* GS base := this CPU's struct percpu */
    movq %rsp, %gs:PERCPU_USER_RSP      /* park the user stack pointer; no register is free yet */
    movq %gs:PERCPU_KSTACK_TOP, %rsp    /* the running thread's kernel stack */

    /* Build a struct regs exactly like the interrupt path, so every later step (signals, exec,
     * ptrace, the iret return) sees one frame shape. */
    pushq $USER_DS                      /* ss */
    pushq %gs:PERCPU_USER_RSP           /* rsp */
    pushq %r11                          /* rflags */
    pushq $USER_CS                      /* cs */
    pushq %rcx                          /* rip */
    pushq %rax                          /* orig_rax: the syscall number, kept for restarts and tracing */
    pushq $VECTOR_SYSCALL               /* vector */
    pushq %rdi
    pushq %rsi
    pushq %rdx
    pushq %rcx
    pushq $-ENOSYS_VALUE                /* rax: the result slot, -ENOSYS until a handler runs */
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

    sti                                 /* the frame is saved: interrupts may come in now */
    movq %rsp, %rdi
    call syscall_dispatch               /* stores the result in regs->rax; returns with
                                         * interrupts off, so none sees the restore below */

    /* SYSRET is only safe when it returns exactly where `syscall` came from: RCX must equal the
     * saved RIP and be a canonical user address (SYSRET with a non-canonical RCX faults in ring 0
     * on Intel, with the user's RSP), R11 must equal RFLAGS, and neither TF nor RF may be set.
     * execve, signal delivery and sigreturn change the frame, so they take the IRET path. */
    movq REGS_RIP(%rsp), %rcx
    cmpq REGS_RCX(%rsp), %rcx
    jne .Liret
    movq %rcx, %r11
    shrq $47, %r11                      /* user addresses have bits 63..47 clear */
    jnz .Liret
    movq REGS_RFLAGS(%rsp), %r11
    cmpq REGS_R11(%rsp), %r11
    jne .Liret
    testq $(RFLAGS_TF_VALUE | RFLAGS_RF_VALUE), %r11
    jnz .Liret
    cmpq $USER_CS, REGS_CS(%rsp)
    jne .Liret
    cmpq $USER_DS, REGS_SS(%rsp)
    jne .Liret

    /* Restore every register from the frame: nothing the kernel computed survives except RAX,
     * the result. RCX and R11 get RIP and RFLAGS, as the ABI says. */
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
    movq REGS_RSP - REGS_VECTOR(%rsp), %rsp /* user stack; from here nothing may fault */
    swapgs
    sysretq

.Liret:
    jmp restore_regs_and_iret

/* The benchmark's floor (boot option wicket.bench_floor=1; syscall_enable_bench_floor() points
 * MSR_LSTAR here, and no other boot ever enters it): SYS_wicket_bench_floor returns 0 at once, so
 * its round trip counts only `syscall`, this check and `sysretq`; every other number continues
 * into the normal entry with all registers as the CPU left them. Like Linux, only EAX counts.
 * SYSRET is safe without the normal path's checks: RCX and R11 are exactly what `syscall` saved,
 * and RCX is canonical because user pages end at USER_TOP, a page below the canonical limit. */
    .globl syscall_entry_bench_floor
syscall_entry_bench_floor:
    cmpl $SYS_wicket_bench_floor, %eax
    jne syscall_entry
    xorl %eax, %eax
    sysretq

/* `syscall` from 32-bit compatibility mode (a 64-bit process may far-jump to USER32_CS) enters
 * through MSR_CSTAR. Wicket has no 32-bit system-call table, so, like Linux without ia32
 * emulation, answer -ENOSYS and return at once: nothing here touches the stack or GS, and SYSRET
 * in its 32-bit form goes back to compatibility mode at ECX with EFLAGS from R11. */
    .globl syscall_entry_compat
syscall_entry_compat:
    movl $-ENOSYS_VALUE, %eax
    sysretl

/* First entry to user mode for a new thread: its frame is at %rdi. */
    .globl return_to_user
return_to_user:
    movq %rdi, %rsp
    jmp restore_regs_and_iret
