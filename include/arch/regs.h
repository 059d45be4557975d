/* The register frame saved on a thread's kernel stack on every entry from user mode (syscall,
 * interrupt, exception) and on kernel-mode traps. The order follows Linux's pt_regs, with the
 * vector inserted before orig_rax; the entry code in syscall.S and isr.S pushes exactly this. */
#ifndef WICKET_ARCH_REGS_H
#define WICKET_ARCH_REGS_H

#define REGS_R15 0
#define REGS_R14 8
#define REGS_R13 16
#define REGS_R12 24
#define REGS_RBP 32
#define REGS_RBX 40
#define REGS_R11 48
#define REGS_R10 56
#define REGS_R9 64
#define REGS_R8 72
#define REGS_RAX 80
#define REGS_RCX 88
#define REGS_RDX 96
#define REGS_RSI 104
#define REGS_RDI 112
#define REGS_VECTOR 120
#define REGS_ORIG_RAX 128
#define REGS_RIP 136
#define REGS_CS 144
#define REGS_RFLAGS 152
#define REGS_RSP 160
#define REGS_SS 168
#define REGS_SIZE 176

/* The vector recorded for system calls, above every hardware vector. */
#define VECTOR_SYSCALL 256

/* Per-CPU data reached through %gs in the kernel (see percpu.h). */
#define PERCPU_SELF 0
#define PERCPU_KSTACK_TOP 8
#define PERCPU_USER_RSP 16
#define PERCPU_CURRENT 24

/* The offset of struct thread's work word (proc.h), which the syscall fast path tests. */
#define THREAD_WORK 8

#ifndef __ASSEMBLY__
#include "types.h"
struct regs {
    u64 r15, r14, r13, r12, rbp, rbx, r11, r10, r9, r8;
    u64 rax, rcx, rdx, rsi, rdi;
    u64 vector;
    u64 orig_rax;       /* syscall number, or the exception's error code */
    u64 rip, cs, rflags, rsp, ss;
};
_Static_assert(sizeof(struct regs) == REGS_SIZE, "regs layout matches the entry code");
_Static_assert(__builtin_offsetof(struct regs, rip) == REGS_RIP, "regs layout matches the entry code");

static inline bool regs_from_user(const struct regs *r) { return (r->cs & 3) == 3; }

#define RFLAGS_IF (1ull << 9)
#define RFLAGS_TF (1ull << 8)
#define RFLAGS_RF (1ull << 16)
#define RFLAGS_AC (1ull << 18)
#define RFLAGS_DF (1ull << 10)
#define RFLAGS_NT (1ull << 14)
#define RFLAGS_RESERVED1 (1ull << 1)
#endif
#endif
