/* Per-CPU state and CPU bring-up: descriptor tables, features, the syscall MSRs. */
#ifndef WICKET_ARCH_CPU_H
#define WICKET_ARCH_CPU_H
#include "types.h"
#include "arch/regs.h"

struct thread;

/* Reached through %gs while in the kernel. The first fields are used by the entry assembly at
 * the fixed offsets in regs.h. */
struct percpu {
    struct percpu *self;
    u64 kstack_top;         /* top of the running thread's kernel stack */
    u64 user_rsp;           /* scratch: user %rsp between syscall entry and the frame push */
    struct thread *current;
};
_Static_assert(__builtin_offsetof(struct percpu, kstack_top) == PERCPU_KSTACK_TOP, "entry offsets");
_Static_assert(__builtin_offsetof(struct percpu, user_rsp) == PERCPU_USER_RSP, "entry offsets");
_Static_assert(__builtin_offsetof(struct percpu, current) == PERCPU_CURRENT, "entry offsets");

extern struct percpu cpu0;

static inline struct percpu *this_cpu(void)
{
    struct percpu *p;
    __asm__("mov %%gs:0, %0" : "=r"(p));
    return p;
}

struct cpu_features {
    bool nx, smep, smap, fsgsbase, rdrand, pdpe1gb, invariant_tsc, xsave;
    u32 hwcap;              /* CPUID.1:EDX, what Linux reports as AT_HWCAP on x86_64 */
};
extern struct cpu_features cpu_features;

void cpu_detect_features(void);
void gdt_init(void);
void idt_init(void);
void syscall_init(void);
void syscall_enable_bench_floor(void);
void cpu_enable_protections(void);
/* Switches the kernel stack used on the next entry from user mode. */
void cpu_set_kernel_stack(u64 top);
_Noreturn void return_to_user(struct regs *r);
#endif
