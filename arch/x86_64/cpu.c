/* CPU feature detection, the syscall MSRs and the protection bits (NX, SMEP, SMAP, WP). */
#include "arch/cpu.h"
#include "arch/x86.h"
#include "printk.h"
#include "mm.h"

struct percpu cpu0;
struct cpu_features cpu_features;

void cpu_detect_features(void)
{
    u32 a, b, c, d;
    cpuid(1, 0, &a, &b, &c, &d);
    cpu_features.hwcap = d;
    cpu_features.rdrand = c & (1u << 30);
    cpu_features.xsave = c & (1u << 26);
    cpuid(7, 0, &a, &b, &c, &d);
    cpu_features.fsgsbase = b & (1u << 0);
    cpu_features.smep = b & (1u << 7);
    cpu_features.smap = b & (1u << 20);
    cpuid(0x80000001, 0, &a, &b, &c, &d);
    cpu_features.nx = d & (1u << 20);
    cpu_features.pdpe1gb = d & (1u << 26);
    cpuid(0x80000000, 0, &a, &b, &c, &d);
    if (a >= 0x80000007) {
        cpuid(0x80000007, 0, &a, &b, &c, &d);
        cpu_features.invariant_tsc = d & (1u << 8);
    }
}

/* Turn on what keeps the kernel from being tricked into touching user memory: SMEP (no executing
 * user pages in ring 0) and SMAP (no data access to user pages outside stac/clac windows). */
void cpu_enable_protections(void)
{
    u64 cr4 = read_cr4() | CR4_OSFXSR | CR4_OSXMMEXCPT;
    if (cpu_features.smep)
        cr4 |= CR4_SMEP;
    if (cpu_features.smap)
        cr4 |= CR4_SMAP;
    write_cr4(cr4);
    write_cr0((read_cr0() | CR0_WP) & ~(1ull << 2) /* EM off: user SSE code runs */);
    printk("[wicket] cpu: nx=%d smep=%d smap=%d fsgsbase=%d rdrand=%d\n", cpu_features.nx,
           cpu_features.smep, cpu_features.smap, cpu_features.fsgsbase, cpu_features.rdrand);
}

void syscall_init(void)
{
    extern void syscall_entry(void), syscall_entry_compat(void);
    cpu0.self = &cpu0;
    wrmsr(MSR_GS_BASE, (u64)&cpu0);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
    wrmsr(MSR_EFER, rdmsr(MSR_EFER) | EFER_SCE);
    /* SYSRET takes CS = base + 16 and SS = base + 8 from STAR[63:48]; SYSCALL takes
     * CS = STAR[47:32] and SS = that + 8. With Linux's GDT this gives 0x33/0x2b and 0x10/0x18. */
    wrmsr(MSR_STAR, ((u64)USER32_CS << 48) | ((u64)KERNEL_CS << 32));
    wrmsr(MSR_LSTAR, (u64)syscall_entry);
    wrmsr(MSR_CSTAR, (u64)syscall_entry_compat);
    /* Cleared on entry: IF (no interrupt before the stack switch), DF (C ABI), TF (no single
     * step into the kernel), AC (SMAP stays armed), NT. */
    wrmsr(MSR_SFMASK, RFLAGS_IF | RFLAGS_DF | RFLAGS_TF | RFLAGS_AC | RFLAGS_NT);
}

/* Boot option wicket.bench_floor=1: enter system calls through syscall_entry_bench_floor, which
 * answers SYS_wicket_bench_floor itself. Without the option the normal entry is untouched. */
void syscall_enable_bench_floor(void)
{
    extern void syscall_entry_bench_floor(void);
    wrmsr(MSR_LSTAR, (u64)syscall_entry_bench_floor);
    printk("[wicket] syscall: benchmark floor entry enabled (wicket.bench_floor=1)\n");
}

u64 cpu_nx_bit(void) { return cpu_features.nx ? PTE_NX : 0; }
