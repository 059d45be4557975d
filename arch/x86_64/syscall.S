/* The system-call entry path (MSR_LSTAR points here).
 *
 * On `syscall` the CPU has put the user's RIP in RCX and RFLAGS in R11, masked RFLAGS with
 * MSR_SFMASK (IF, DF, TF, AC cleared) and loaded the kernel CS/SS, but it has not switched
 * stacks: RSP is still the user's and must not be trusted or touched. */
#include "arch/regs.h"
#include "arch/x86.h"
#include "uapi/wicket_syscalls.h"
#include "syscall_meta.h"

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

    /* The fast path: the common call, taken in place with the arguments still in their
     * registers. It does what the general path, syscall_dispatch() in
     * kernel/syscalls/dispatch.c, does for such a call, in the same order, and hands anything
     * else to that path untouched: a number outside Linux's range (the extension range, the
     * gap before it, numbers past the table), or a call the statistics are to sample. */
    cmpl $SYSCALL_LINUX_COUNT, %eax     /* Linux 6.1 reads only EAX, and so do we */
    jae .Lgeneral
    movl %eax, %eax                     /* ... so the index drops the upper half of RAX */
    movzbl syscall_stats_phase(%rax), %ecx
    addb syscall_stats_step(%rip), %cl  /* the statistics' one byte add (syscall_stats.h) */
    jz .Lgeneral                        /* wrapped to 0: sampled, so the general path counts it */
    movb %cl, syscall_stats_phase(%rax)
    movq %r10, %rcx                     /* the ABI's 4th argument register differs from C's */
    call *syscall_table(, %rax, 8)
    movq %rax, REGS_RAX(%rsp)
    cmpq $-4095, %rax                   /* -errno results are counted as errors */
    jae .Lcount_error
.Lwork_check:
    /* Interrupts stay off from this check to sysret, so work raised by an interrupt (a tick, a
     * signal from the terminal) is either seen here or waits for the next entry. */
    cli
    movq %gs:PERCPU_CURRENT, %rcx
    cmpl $0, THREAD_WORK(%rcx)
    jne .Lwork

.Lsysret_unchanged_frame:
    /* No work ran and the handler did not rewrite the frame (execve and rt_sigreturn set
     * WORK_FRAME, which sends them through .Lwork): RIP, CS, SS, RCX and R11 in the frame are
     * exactly what `syscall` saved, so RCX equals RIP, is canonical (user memory ends below
     * USER_TOP, a page under the canonical limit) and R11 equals RFLAGS. Only the flags the user
     * chose remain to check: SYSRET cannot restore RF, and with TF it would trap on the next
     * user instruction, so either one goes through IRET. */
    testl $(RFLAGS_TF_VALUE | RFLAGS_RF_VALUE), REGS_R11(%rsp)
    jnz .Liret

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

.Lsysret_checked_frame:
    /* After work or the general path the frame may have been rewritten (execve, signal
     * delivery, rt_sigreturn, a restart), so SYSRET is only safe when it returns exactly where
     * `syscall` would: RCX must equal the saved RIP and be a canonical user address (SYSRET with
     * a non-canonical RCX faults in ring 0 on Intel, with the user's RSP), R11 must equal RFLAGS,
     * CS and SS must be the user's. Anything else goes through IRET. RAX, RCX and R11 are free
     * here: their user values come back from the frame. */
    movq REGS_RCX(%rsp), %rcx
    cmpq %rcx, REGS_RIP(%rsp)
    jne .Liret
    movq %rcx, %rax
    shrq $47, %rax                      /* user addresses have bits 63..47 clear */
    jnz .Liret
    movq REGS_R11(%rsp), %r11
    cmpq %r11, REGS_RFLAGS(%rsp)
    jne .Liret
    cmpq $USER_CS, REGS_CS(%rsp)
    jne .Liret
    cmpq $USER_DS, REGS_SS(%rsp)
    jne .Liret
    jmp .Lsysret_unchanged_frame

.Lgeneral:
    movq %rsp, %rdi
    call syscall_dispatch               /* returns with interrupts off, the work done, and
                                         * whether any ran (then the frame may have changed) */
    testb %al, %al
    jnz .Lsysret_checked_frame
    jmp .Lsysret_unchanged_frame

.Lcount_error:
    movq %rsp, %rdi
    call syscall_stats_error
    jmp .Lwork_check

.Lwork:
    movq %rsp, %rdi
    call exit_to_user_mode              /* rescheduling, signals, restarts */
    jmp .Lsysret_checked_frame

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
