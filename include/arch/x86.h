/* Thin inline wrappers for x86_64 instructions the kernel needs (ports, MSRs, control registers). */
#ifndef WICKET_ARCH_X86_H
#define WICKET_ARCH_X86_H

#ifdef __ASSEMBLY__
#define KERNEL_VMA 0xffffffff80000000
#else
#define KERNEL_VMA 0xffffffff80000000ull
#endif
/* All physical memory is mapped here, as Linux does on x86_64 (without KASLR). */
#define DIRECT_MAP 0xffff888000000000ull
#define PAGE_SHIFT 12

#ifndef __ASSEMBLY__
#include "types.h"
#include "uapi/limits.h"
static inline void *phys_to_virt(u64 pa) { return (void *)(pa + DIRECT_MAP); }
static inline u64 virt_to_phys(const void *va)
{
    u64 v = (u64)va;
    return v >= KERNEL_VMA ? v - KERNEL_VMA : v - DIRECT_MAP;
}

static inline void outb(u16 port, u8 v) { __asm__ volatile("outb %0, %1" :: "a"(v), "Nd"(port)); }
static inline void outw(u16 port, u16 v) { __asm__ volatile("outw %0, %1" :: "a"(v), "Nd"(port)); }
static inline u8 inb(u16 port) { u8 v; __asm__ volatile("inb %1, %0" : "=a"(v) : "Nd"(port)); return v; }
static inline u16 inw(u16 port) { u16 v; __asm__ volatile("inw %1, %0" : "=a"(v) : "Nd"(port)); return v; }

static inline u64 rdmsr(u32 msr)
{
    u32 lo, hi;
    __asm__ volatile("rdmsr" : "=a"(lo), "=d"(hi) : "c"(msr));
    return ((u64)hi << 32) | lo;
}
static inline void wrmsr(u32 msr, u64 v)
{
    __asm__ volatile("wrmsr" :: "c"(msr), "a"((u32)v), "d"((u32)(v >> 32)));
}
static inline u64 rdtsc(void)
{
    u32 lo, hi;
    __asm__ volatile("rdtsc" : "=a"(lo), "=d"(hi));
    return ((u64)hi << 32) | lo;
}
static inline void cpuid(u32 leaf, u32 sub, u32 *a, u32 *b, u32 *c, u32 *d)
{
    __asm__ volatile("cpuid" : "=a"(*a), "=b"(*b), "=c"(*c), "=d"(*d) : "a"(leaf), "c"(sub));
}
static inline u64 read_cr2(void) { u64 v; __asm__ volatile("mov %%cr2, %0" : "=r"(v)); return v; }
static inline u64 read_cr3(void) { u64 v; __asm__ volatile("mov %%cr3, %0" : "=r"(v)); return v; }
static inline void write_cr3(u64 v) { __asm__ volatile("mov %0, %%cr3" :: "r"(v) : "memory"); }
static inline u64 read_cr4(void) { u64 v; __asm__ volatile("mov %%cr4, %0" : "=r"(v)); return v; }
static inline void write_cr4(u64 v) { __asm__ volatile("mov %0, %%cr4" :: "r"(v) : "memory"); }
static inline u64 read_cr0(void) { u64 v; __asm__ volatile("mov %%cr0, %0" : "=r"(v)); return v; }
static inline void write_cr0(u64 v) { __asm__ volatile("mov %0, %%cr0" :: "r"(v) : "memory"); }
static inline void invlpg(u64 va) { __asm__ volatile("invlpg (%0)" :: "r"(va) : "memory"); }
static inline void irq_enable(void) { __asm__ volatile("sti" ::: "memory"); }
static inline void irq_disable(void) { __asm__ volatile("cli" ::: "memory"); }
/* Disables interrupts and returns the previous RFLAGS, for irq_restore: lets code that must not
 * be interrupted nest inside code that already disabled them. */
static inline u64 irq_save(void)
{
    u64 flags;
    __asm__ volatile("pushfq; popq %0; cli" : "=r"(flags) :: "memory");
    return flags;
}
static inline void irq_restore(u64 flags)
{
    if (flags & (1ull << 9))
        __asm__ volatile("sti" ::: "memory");
}
static inline void cpu_relax(void) { __asm__ volatile("pause"); }
static inline void halt(void) { __asm__ volatile("hlt" ::: "memory"); }
static inline void stac(void) { __asm__ volatile("stac" ::: "memory"); }
static inline void clac(void) { __asm__ volatile("clac" ::: "memory"); }

#endif /* __ASSEMBLY__ */

#define MSR_EFER          0xc0000080
#define MSR_STAR          0xc0000081
#define MSR_LSTAR         0xc0000082
#define MSR_CSTAR         0xc0000083
#define MSR_SFMASK        0xc0000084
#define MSR_FS_BASE       0xc0000100
#define MSR_GS_BASE       0xc0000101
#define MSR_KERNEL_GS_BASE 0xc0000102
#define EFER_SCE (1ull << 0)
#define EFER_NXE (1ull << 11)

#define CR0_WP (1ull << 16)
#define CR4_OSFXSR (1ull << 9)
#define CR4_OSXMMEXCPT (1ull << 10)
#define CR4_FSGSBASE (1ull << 16)
#define CR4_SMEP (1ull << 20)
#define CR4_SMAP (1ull << 21)

/* Segment selectors: the same numbers as Linux, so user-visible CS/SS values match. */
#define KERNEL_CS 0x10
#define KERNEL_DS 0x18
#define USER32_CS 0x23
#define USER_DS   0x2b
#define USER_CS   0x33
#define TSS_SEL   0x40

#endif
