/* The IDT: every vector points at its stub in isr.S. Double fault, NMI and machine check run on
 * their own IST stacks so a kernel stack overflow is still reported rather than triple-faulting. */
#include "arch/cpu.h"
#include "arch/x86.h"

struct idt_gate {
    u16 offset_lo;
    u16 selector;
    u8 ist;
    u8 type_attr;
    u16 offset_mid;
    u32 offset_hi;
    u32 zero;
} __attribute__((packed));

static struct idt_gate idt[256];
extern const u64 isr_stub_table[256];

#define GATE_INTERRUPT 0x8e     /* present, DPL 0, interrupt gate: IF cleared on entry */
#define GATE_USER_TRAP 0xee     /* present, DPL 3: int3 from user mode delivers #BP */

static void idt_set(int vec, u64 handler, u8 type, u8 ist)
{
    idt[vec] = (struct idt_gate){
        .offset_lo = handler & 0xffff,
        .selector = KERNEL_CS,
        .ist = ist,
        .type_attr = type,
        .offset_mid = (handler >> 16) & 0xffff,
        .offset_hi = handler >> 32,
    };
}

void idt_init(void)
{
    for (int v = 0; v < 256; v++)
        idt_set(v, isr_stub_table[v], GATE_INTERRUPT, 0);
    idt_set(3, isr_stub_table[3], GATE_USER_TRAP, 0);
    idt_set(4, isr_stub_table[4], GATE_USER_TRAP, 0);   /* into */
    idt_set(8, isr_stub_table[8], GATE_INTERRUPT, 1);   /* double fault on IST1 */
    idt_set(2, isr_stub_table[2], GATE_INTERRUPT, 2);   /* NMI on IST2 */
    idt_set(18, isr_stub_table[18], GATE_INTERRUPT, 3); /* machine check on IST3 */
    struct { u16 limit; u64 base; } __attribute__((packed)) ptr = { sizeof(idt) - 1, (u64)idt };
    __asm__ volatile("lidt %0" :: "m"(ptr));
}
