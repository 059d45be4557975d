/* The scheduler: round robin over a FIFO run queue, on one CPU. See sched.h for the rules. */
#include "ksched.h"
#include "proc.h"
#include "vm.h"
#include "mm.h"
#include "ktime.h"
#include "timer.h"
#include "printk.h"
#include "arch/x86.h"

void arch_switch_stacks(u64 *save_rsp, u64 next_rsp);

static struct thread *runq_head, *runq_tail;
static unsigned runq_len;
static u64 idle_ns;
static u64 turn_start;      /* when the running thread got the CPU (or last was charged) */

static void charge_current(u64 now)
{
    current_thread()->proc->cpu_ns += now - turn_start;
    turn_start = now;
}

u64 sched_cpu_ns(struct process *p)
{
    u64 flags = irq_save();
    u64 ns = p->cpu_ns + (p == current_thread()->proc ? ktime_ns() - turn_start : 0);
    irq_restore(flags);
    return ns;
}

static void runq_push(struct thread *t)
{
    if (t->on_runq)
        return;
    t->on_runq = true;
    t->run_next = NULL;
    if (runq_tail)
        runq_tail->run_next = t;
    else
        runq_head = t;
    runq_tail = t;
    runq_len++;
}

static struct thread *runq_pop(void)
{
    struct thread *t = runq_head;
    if (!t)
        return NULL;
    runq_head = t->run_next;
    if (!runq_head)
        runq_tail = NULL;
    t->on_runq = false;
    runq_len--;
    return t;
}

static inline void fxsave(struct fpu_state *f) { __asm__ volatile("fxsave64 %0" : "=m"(*f)); }
static inline void fxrstor(struct fpu_state *f) { __asm__ volatile("fxrstor64 %0" :: "m"(*f)); }

/* Switches everything a thread's user mode depends on, then the kernel stacks. */
static void switch_to(struct thread *prev, struct thread *next)
{
    fxsave(prev->fpu);
    struct mm *mm = next->proc->mm;
    u64 pml4 = mm ? virt_to_phys(mm->pml4) : virt_to_phys(kernel_pml4());
    if (read_cr3() != pml4)
        write_cr3(pml4);
    if (prev->fs_base != next->fs_base)
        wrmsr(MSR_FS_BASE, next->fs_base);
    if (prev->gs_base != next->gs_base)
        wrmsr(MSR_KERNEL_GS_BASE, next->gs_base);
    cpu_set_kernel_stack((u64)(next->frame + 1));
    this_cpu()->current = next;
    fxrstor(next->fpu);
    arch_switch_stacks(&prev->kernel_rsp, next->kernel_rsp);
}

/* Nothing to run: halt until an interrupt makes a thread runnable. sti;hlt is atomic, so a
 * wakeup cannot slip in between the check and the halt. The thread that called schedule() is
 * still "current" while the CPU idles on its stack, so a wakeup of it does not queue it:
 * check it directly. */
static struct thread *wait_for_runnable(struct thread *prev)
{
    struct thread *next;
    u64 start = ktime_ns();
    while (!(next = runq_pop())) {
        if (prev->state == THREAD_RUNNABLE) {
            next = prev;
            break;
        }
        __asm__ volatile("sti; hlt; cli" ::: "memory");
    }
    turn_start = ktime_ns();
    idle_ns += turn_start - start;
    return next;
}

void schedule(void)
{
    u64 flags = irq_save();
    struct thread *prev = current_thread();
    prev->work &= ~WORK_RESCHED;
    if (prev->state == THREAD_RUNNABLE)
        runq_push(prev);
    charge_current(ktime_ns());
    struct thread *next = runq_pop();
    if (!next)
        next = wait_for_runnable(prev);
    next->slice = SCHED_SLICE_TICKS;
    if (next != prev)
        switch_to(prev, next);
    irq_restore(flags);
}

/* Moves t from state `from` to runnable; a thread that is the current one (idling inside
 * schedule) is not queued, wait_for_runnable sees it. */
static void make_runnable(struct thread *t, enum thread_state from, bool hand_over)
{
    u64 flags = irq_save();
    if (t->state == (int)from) {
        t->state = THREAD_RUNNABLE;
        if (t != current_thread())
            runq_push(t);
        if (hand_over)
            current_thread()->work |= WORK_RESCHED;
    }
    irq_restore(flags);
}

/* The woken thread gets the CPU at the next return to user mode: pipe and wait hand-offs then
 * cost one switch, not a slice. */
void sched_wake(struct thread *t) { make_runnable(t, THREAD_SLEEPING, true); }
void sched_continue(struct thread *t) { make_runnable(t, THREAD_STOPPED, false); }

void sched_start(struct thread *t)
{
    u64 flags = irq_save();
    t->state = THREAD_RUNNABLE;
    runq_push(t);
    irq_restore(flags);
}

void sched_tick(bool from_user)
{
    struct thread *t = current_thread();
    if (!t)
        return;
    if (t->state == THREAD_RUNNABLE) {
        if (from_user)
            t->proc->utime_ns += 1000000000ull / TIMER_HZ;
        else
            t->proc->stime_ns += 1000000000ull / TIMER_HZ;
    }
    if (--t->slice <= 0 && runq_head)
        t->work |= WORK_RESCHED;
}

unsigned sched_runnable_count(void) { return runq_len + 1; }
u64 sched_idle_ns(void) { return idle_ns; }

void exit_to_user_mode(struct regs *r)
{
    irq_disable();
    struct thread *t = current_thread();
    t->work &= ~WORK_FRAME;     /* every caller returns through the checked path */
    while (t->work) {
        if (t->work & WORK_RESCHED) {
            schedule();
            irq_disable();
            continue;
        }
        irq_enable();
        signal_deliver(r);
        irq_disable();
    }
}
