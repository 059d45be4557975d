/* The GDT (Linux's selector layout), the TSS with its kernel stack and the IST stacks that the
 * double-fault, NMI and machine-check handlers run on, so a corrupt stack still gets reported. */
#include "arch/cpu.h"
#include "arch/x86.h"
#include "kstring.h"

struct tss {
    u32 reserved0;
    u64 rsp[3];
    u64 reserved1;
    u64 ist[7];
    u64 reserved2;
    u16 reserved3;
    u16 iomap_base;
} __attribute__((packed));

#define IST_STACK_SIZE 8192
static u8 ist_stacks[3][IST_STACK_SIZE] __attribute__((aligned(16)));
static struct tss tss;

/* Index = selector / 8. The TSS descriptor takes two slots. */
static u64 gdt[10] = {
    [KERNEL_CS / 8] = 0x00af9b000000ffff,   /* 64-bit code, DPL 0 */
    [KERNEL_DS / 8] = 0x00cf93000000ffff,   /* data, DPL 0 */
    [USER32_CS / 8] = 0x00cffb000000ffff,   /* 32-bit code, DPL 3 (sysret's selector base) */
    [USER_DS / 8]   = 0x00cff3000000ffff,   /* data, DPL 3 */
    [USER_CS / 8]   = 0x00affb000000ffff,   /* 64-bit code, DPL 3 */
};

static void gdt_set_tss(void)
{
    u64 base = (u64)&tss, limit = sizeof(tss) - 1;
    gdt[TSS_SEL / 8] = (limit & 0xffff) | ((base & 0xffffff) << 16) | (0x89ull << 40) |
                       (((limit >> 16) & 0xf) << 48) | (((base >> 24) & 0xff) << 56);
    gdt[TSS_SEL / 8 + 1] = base >> 32;
}

void gdt_init(void)
{
    memset(&tss, 0, sizeof(tss));
    for (int i = 0; i < 3; i++)
        tss.ist[i] = (u64)&ist_stacks[i][IST_STACK_SIZE];
    tss.iomap_base = sizeof(tss);   /* no I/O bitmap: user mode gets no port access */
    gdt_set_tss();

    struct { u16 limit; u64 base; } __attribute__((packed)) ptr = { sizeof(gdt) - 1, (u64)gdt };
    __asm__ volatile(
        "lgdt %0\n"
        "pushq %1\n"
        "leaq 1f(%%rip), %%rax\n"
        "pushq %%rax\n"
        "lretq\n"
        "1: mov %2, %%ds\n"
        "mov %2, %%es\n"
        "mov %2, %%ss\n"
        "xor %%eax, %%eax\n"
        "mov %%eax, %%fs\n"
        "mov %%eax, %%gs\n"
        :: "m"(ptr), "i"(KERNEL_CS), "r"(KERNEL_DS) : "rax", "memory");
    __asm__ volatile("ltr %w0" :: "r"(TSS_SEL));
}

void cpu_set_kernel_stack(u64 top)
{
    tss.rsp[0] = top;
    cpu0.kstack_top = top;
}
