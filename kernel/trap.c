/* What happens on an exception or interrupt: user faults send the faulting thread the signal
 * Linux would send, page faults on valid mappings are filled in, faults inside uaccess
 * helpers become -EFAULT, and any other kernel fault is a panic with a full report. */
#include "arch/cpu.h"
#include "arch/x86.h"
#include "proc.h"
#include "ksched.h"
#include "ksignal.h"
#include "timer.h"
#include "tty.h"
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
    return err == 0 ? 0 : err == -ENXIO ? SIGBUS : err == -ENOMEM ? SIGKILL : SIGSEGV;
}

/* A fault in the kernel is fine only inside a uaccess helper, which then returns -EFAULT. */
static void kernel_fault(struct regs *r)
{
    u64 fixup = (r->vector == 14 || r->vector == 13) ? extable_fixup(r->rip) : 0;
    if (!fixup)
        panic_with_regs(r, "unhandled exception in the kernel");
    r->rip = fixup;
}

/* IRQ 0 is the PIT tick: it fires expired timers (sleep timeouts, alarms) and drives the
 * scheduler's time slices. IRQ 4 is COM1: typed bytes for the serial terminal. */
static void irq_dispatch(struct regs *r)
{
    u64 irq = r->vector - IRQ_BASE;
    if (irq < 16)
        outb(PIC1_CMD, PIC_EOI);
    if (irq >= 8 && irq < 16)
        outb(0xa0, PIC_EOI);
    if (irq == 0) {
        timer_run_expired(ktime_ns());
        sched_tick(regs_from_user(r));
    } else if (irq == 4) {
        tty_serial_interrupt();
    }
}

/* Linux's si_code for a fault signal: SEGV_MAPERR / SEGV_ACCERR for page faults, the
 * instruction-specific codes for the rest. */
static int fault_code(const struct regs *r, int signo)
{
    switch (r->vector) {
    case 0:  return 1;      /* FPE_INTDIV */
    case 6:  return 2;      /* ILL_ILLOPN */
    case 3:  return 0x80;   /* SI_KERNEL: int3 */
    case 14: return signo == SIGBUS ? 2 /* BUS_ADRERR */ :
                    (r->orig_rax & PF_PRESENT) ? 2 /* SEGV_ACCERR */ : 1 /* SEGV_MAPERR */;
    default: return 0x80;   /* SI_KERNEL: #GP and the rest carry no address */
    }
}

static void user_fault(struct regs *r, int signo)
{
    u64 addr = r->vector == 14 ? read_cr2() : r->vector == 13 ? 0 : r->rip;
    signal_fault(signo, fault_code(r, signo), addr);
}

void trap_dispatch(struct regs *r)
{
    if (r->vector >= IRQ_BASE) {
        irq_dispatch(r);
    } else {
        int signo = r->vector == 14 ? handle_page_fault(r) : signal_for_vector(r->vector);
        if (signo && regs_from_user(r))
            user_fault(r, signo);
        else if (signo)
            kernel_fault(r);
    }
    if (regs_from_user(r))
        exit_to_user_mode(r);
}

