/* The panic path: print why, the registers and a backtrace with function names, then power off
 * so a test run never hangs. Backtraces follow the frame-pointer chain (the kernel is built with
 * -fno-omit-frame-pointer); names come from the symbol table that the second link embeds. */
#include "panic.h"
#include "printk.h"
#include "power.h"
#include "arch/x86.h"
#include "mm.h"
#include <stdarg.h>

/* Filled by tools/mkksyms.py: addresses sorted ascending, and offsets into one string blob. */
extern const u64 ksyms_count;
extern const u64 ksyms_addrs[];
extern const u32 ksyms_name_offsets[];
extern const char ksyms_names[];

static bool panicking;

const char *ksym_lookup(u64 addr, u64 *offset)
{
    if (ksyms_count == 0 || addr < ksyms_addrs[0])
        return NULL;
    u64 lo = 0, hi = ksyms_count;       /* find the last symbol at or below addr */
    while (hi - lo > 1) {
        u64 mid = (lo + hi) / 2;
        if (ksyms_addrs[mid] <= addr)
            lo = mid;
        else
            hi = mid;
    }
    *offset = addr - ksyms_addrs[lo];
    return ksyms_names + ksyms_name_offsets[lo];
}

static void print_addr(u64 addr)
{
    u64 off;
    const char *name = ksym_lookup(addr, &off);
    if (name)
        printk("  [<%016lx>] %s+0x%lx\n", addr, name, off);
    else
        printk("  [<%016lx>] ?\n", addr);
}

static bool kernel_text(u64 addr)
{
    extern char _text_start[], _text_end[];
    return addr >= (u64)_text_start && addr < (u64)_text_end;
}

static void backtrace_from(u64 rbp)
{
    printk("Backtrace:\n");
    for (int depth = 0; depth < 32 && rbp >= KERNEL_VMA && (rbp & 7) == 0; depth++) {
        const u64 *frame = (const u64 *)rbp;
        if (!kernel_text(frame[1]))
            break;
        print_addr(frame[1]);
        if (frame[0] <= rbp)        /* frames go up the stack; anything else is corrupt */
            break;
        rbp = frame[0];
    }
}

static void print_regs(const struct regs *r)
{
    printk("RIP: %04lx:%016lx RFLAGS: %016lx vector %lu error %lx CR2 %016lx\n",
           r->cs, r->rip, r->rflags, r->vector, r->orig_rax, read_cr2());
    print_addr(r->rip);
    printk("RAX %016lx RBX %016lx RCX %016lx RDX %016lx\n", r->rax, r->rbx, r->rcx, r->rdx);
    printk("RSI %016lx RDI %016lx RBP %016lx RSP %016lx\n", r->rsi, r->rdi, r->rbp, r->rsp);
    printk("R8  %016lx R9  %016lx R10 %016lx R11 %016lx\n", r->r8, r->r9, r->r10, r->r11);
    printk("R12 %016lx R13 %016lx R14 %016lx R15 %016lx\n", r->r12, r->r13, r->r14, r->r15);
    printk("CR0 %016lx CR3 %016lx CR4 %016lx\n", read_cr0(), read_cr3(), read_cr4());
}

static void panic_begin(void)
{
    irq_disable();
    if (panicking) {            /* a panic while panicking: stop at once */
        printk("[wicket] KERNEL PANIC (nested)\n");
        power_off();
    }
    panicking = true;
}

_Noreturn void panic_with_regs(const struct regs *r, const char *why)
{
    panic_begin();
    printk("\n[wicket] KERNEL PANIC: %s\n", why);
    print_regs(r);
    backtrace_from(r->rbp);
    power_off();
}

_Noreturn void panic(const char *fmt, ...)
{
    char msg[256];
    va_list ap;
    panic_begin();
    va_start(ap, fmt);
    vsnprintf(msg, sizeof(msg), fmt, ap);
    va_end(ap);
    printk("\n[wicket] KERNEL PANIC: %s\n", msg);
    backtrace_from((u64)__builtin_frame_address(0));
    power_off();
}
