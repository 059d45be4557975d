/* What happens on an exception or interrupt: user faults end the faulting process with the
 * signal Linux would send, page faults on valid mappings are filled in, faults inside uaccess
 * helpers become -EFAULT, and any other kernel fault is a panic with a full report. */
#include "arch/cpu.h"
#include "arch/x86.h"
#include "proc.h"
#include "vm.h"
#include "mm.h"
#include "ktime.h"
#include "printk.h"
#include "panic.h"
#include "uaccess.h"
#include "uapi/errno.h"
#include "uapi/signal.h"

#define PF_PRESENT (1u << 0)
#define PF_WRITE   (1u << 1)
#define PF_USER    (1u << 2)
#define PF_INSTR   (1u << 4)

#define PIC1_CMD 0x20
#define PIC_EOI 0x20
#define IRQ_BASE 32

/* The signal Linux sends for each exception taken in user mode. */
static int signal_for_vector(u64 vector)
{
    switch (vector) {
    case 0:  return SIGFPE;     /* divide error */
    case 1:  return SIGTRAP;    /* debug */
    case 3:  return SIGTRAP;    /* int3 */
    case 4:  return SIGSEGV;    /* into overflow */
    case 5:  return SIGSEGV;    /* bound range */
    case 6:  return SIGILL;     /* invalid opcode */
    case 7:  return SIGSEGV;    /* device not available: FPU is always on, so unexpected */
    case 10: return SIGSEGV;    /* invalid TSS */
    case 11: return SIGBUS;     /* segment not present */
    case 12: return SIGBUS;     /* stack segment */
    case 13: return SIGSEGV;    /* general protection: privileged instructions such as hlt */
    case 16: return SIGFPE;     /* x87 error */
    case 17: return SIGBUS;     /* alignment check */
    case 19: return SIGFPE;     /* SIMD floating point */
    default: return SIGSEGV;
    }
}

/* Returns 0 when the page was filled and the access can be retried, else the signal a user
 * access deserves. A kernel access to user memory only happens inside uaccess helpers, whose
 * failure the exception table turns into -EFAULT. */
static int handle_page_fault(struct regs *r)
{
    u64 addr = read_cr2();
    struct thread *t = current_thread();
    if (addr >= USER_TOP || !t || !t->proc->mm)
        return SIGSEGV;
    int err = vm_handle_fault(t->proc->mm, addr, r->orig_rax & PF_WRITE, r->orig_rax & PF_INSTR);
    return err == 0 ? 0 : err == -ENXIO ? SIGBUS : SIGSEGV;
}

static void irq_dispatch(struct regs *r)
{
    /* IRQ 0, the PIT tick, has no work of its own yet: it exists to end the hlt of a thread
     * waiting in sleep_until_ns or on console input. */
    u64 irq = r->vector - IRQ_BASE;
    if (irq < 16)
        outb(PIC1_CMD, PIC_EOI);
    if (irq >= 8 && irq < 16)
        outb(0xa0, PIC_EOI);
}

void trap_dispatch(struct regs *r)
{
    if (r->vector >= IRQ_BASE) {
        irq_dispatch(r);
        return;
    }
    int signo = r->vector == 14 ? handle_page_fault(r) : signal_for_vector(r->vector);
    if (signo == 0)
        return;
    if (regs_from_user(r))
        proc_kill(current_proc(), signo);
    u64 fixup = (r->vector == 14 || r->vector == 13) ? extable_fixup(r->rip) : 0;
    if (fixup) {
        r->rip = fixup;
        return;
    }
    panic_with_regs(r, "unhandled exception in the kernel");
}
