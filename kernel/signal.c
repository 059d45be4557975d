/* Signal state, sending and delivery (see ksignal.h). Default actions are Linux's: terminate,
 * terminate with a core dump, stop, continue or ignore. */
#include "ksignal.h"
#include "proc.h"
#include "ksched.h"
#include "kmalloc.h"
#include "kstring.h"
#include "uapi/errno.h"
#include "arch/regs.h"

enum default_action { ACT_TERM, ACT_CORE, ACT_STOP, ACT_CONT, ACT_IGN };

static enum default_action default_action(int sig)
{
    switch (sig) {
    case SIGQUIT: case SIGILL: case SIGTRAP: case SIGABRT: case SIGBUS: case SIGFPE:
    case SIGSEGV: case SIGXCPU: case SIGXFSZ: case SIGSYS:
        return ACT_CORE;
    case SIGSTOP: case SIGTSTP: case SIGTTIN: case SIGTTOU:
        return ACT_STOP;
    case SIGCONT:
        return ACT_CONT;
    case SIGCHLD: case SIGURG: case SIGWINCH:
        return ACT_IGN;
    default:
        return ACT_TERM;
    }
}

#define STOP_SIGNALS (sigbit(SIGSTOP) | sigbit(SIGTSTP) | sigbit(SIGTTIN) | sigbit(SIGTTOU))

struct sighand *sighand_create(void)
{
    struct sighand *h = kzalloc(sizeof(*h));
    if (h)
        h->refs = 1;
    return h;
}

void sighand_put(struct sighand *h)
{
    if (h && --h->refs == 0)
        kfree(h);
}

struct sighand *sighand_fork(struct sighand *parent, bool share)
{
    if (share) {
        parent->refs++;
        return parent;
    }
    struct sighand *h = kmalloc(sizeof(*h));
    if (h) {
        memcpy(h, parent, sizeof(*h));
        h->refs = 1;
    }
    return h;
}

int signal_exec(struct process *p)
{
    if (p->sighand->refs > 1) {
        struct sighand *own = sighand_fork(p->sighand, false);
        if (!own)
            return -ENOMEM;
        sighand_put(p->sighand);
        p->sighand = own;
    }
    for (int i = 0; i < _NSIG; i++) {
        struct k_sigaction *a = &p->sighand->action[i];
        if (a->handler != SIG_IGN_VALUE)
            *a = (struct k_sigaction){ 0 };
    }
    struct thread *t = p->main_thread;
    t->altstack_sp = t->altstack_size = 0;
    t->altstack_flags = 0;
    return 0;
}

static const struct k_sigaction *action_of(struct process *p, int sig)
{
    return &p->sighand->action[sig - 1];
}

/* Would delivering sig do nothing? Blocked signals are kept: the disposition may change
 * before they are unblocked. */
static bool signal_ignored(struct process *p, int sig)
{
    if (p->main_thread->blocked & sigbit(sig))
        return false;
    u64 h = action_of(p, sig)->handler;
    return h == SIG_IGN_VALUE || (h == SIG_DFL_VALUE && default_action(sig) == ACT_IGN);
}

static void resume_stopped(struct process *p)
{
    if (!p->stopped)
        return;
    p->stopped = false;
    p->report = REPORT_CONTINUED;
    signal_notify_parent(p, CLD_CONTINUED, SIGCONT);
    sched_continue(p->main_thread);
}

/* Makes the thread notice the signal: at its next return to user mode, or now if asleep. */
static void signal_wake(struct thread *t, int sig)
{
    if ((t->blocked & sigbit(sig)) && !(SIGSET_UNBLOCKABLE & sigbit(sig)))
        return;
    t->work |= WORK_SIGNAL;
    if (t->state == THREAD_SLEEPING && (t->sleep_mode == SLEEP_INTERRUPTIBLE || sig == SIGKILL))
        sched_wake(t);
    if (sig == SIGKILL)
        sched_continue(t);
}

/* The side effects that happen when a signal is sent, not when it is delivered. */
static void send_side_effects(struct process *p, int sig)
{
    struct thread *t = p->main_thread;
    if (sig == SIGCONT || sig == SIGKILL) {
        p->pending &= ~STOP_SIGNALS;
        t->pending &= ~STOP_SIGNALS;
        resume_stopped(p);
    } else if (STOP_SIGNALS & sigbit(sig)) {
        p->pending &= ~sigbit(SIGCONT);
        t->pending &= ~sigbit(SIGCONT);
    }
}

int signal_send(struct process *p, int sig, const struct ksiginfo *info)
{
    if (sig == 0 || p->state != PROC_ALIVE)
        return 0;
    u64 flags = irq_save();
    send_side_effects(p, sig);
    if (!signal_ignored(p, sig)) {
        p->pending |= sigbit(sig);
        signal_wake(p->main_thread, sig);
    }
    irq_restore(flags);
    return 0;
}

int signal_send_thread(struct thread *t, int sig, const struct ksiginfo *info)
{
    struct process *p = t->proc;
    if (sig == 0 || p->state != PROC_ALIVE)
        return 0;
    u64 flags = irq_save();
    send_side_effects(p, sig);
    if (!signal_ignored(p, sig)) {
        t->pending |= sigbit(sig);
        signal_wake(t, sig);
    }
    irq_restore(flags);
    return 0;
}

int signal_send_group(int pgid, int sig, const struct ksiginfo *info)
{
    bool found = false;
    for (struct process *p = proc_first(); p; p = p->next_proc)
        if (p->pgid == pgid && p->state == PROC_ALIVE) {
            found = true;
            signal_send(p, sig, info);
        }
    return found ? 0 : -ESRCH;
}

static sigset_k deliverable(struct thread *t)
{
    return (t->pending | t->proc->pending) & ~(t->blocked & ~SIGSET_UNBLOCKABLE);
}

bool signal_pending(struct thread *t) { return deliverable(t) != 0; }

bool fatal_signal_pending(struct thread *t)
{
    return ((t->pending | t->proc->pending) & sigbit(SIGKILL)) != 0;
}

/* Takes the lowest-numbered deliverable signal, thread-directed ones first. */
static int dequeue_signal(struct thread *t)
{
    sigset_k mine = t->pending & ~(t->blocked & ~SIGSET_UNBLOCKABLE);
    sigset_k set = mine ? mine : deliverable(t);
    if (!set)
        return 0;
    int sig = __builtin_ctzll(set) + 1;
    if (mine)
        t->pending &= ~sigbit(sig);
    else
        t->proc->pending &= ~sigbit(sig);
    return sig;
}

/* A job-control stop: the parent hears of it, and the thread waits for SIGCONT or SIGKILL. */
static void stop_process(struct process *p, int sig)
{
    irq_disable();
    p->stopped = true;
    p->report = REPORT_STOPPED;
    p->report_sig = sig;
    signal_notify_parent(p, CLD_STOPPED, sig);
    p->main_thread->state = THREAD_STOPPED;
    schedule();
    irq_enable();
}

static _Noreturn void die_of(struct process *p, int sig, bool core)
{
    bool dumped = core && p->rlim[RLIMIT_CORE].rlim_cur != 0;
    proc_exit(sig | (dumped ? 0x80 : 0));
}

/* A system call that a signal interrupted returns -EINTR, or is run again: it returned an
 * ERESTART* code and no handler runs in between, so the `syscall` instruction (2 bytes) is
 * re-executed with the original number. */
static void restart_interrupted_call(struct regs *r)
{
    if (r->vector != VECTOR_SYSCALL)
        return;
    long ret = (long)r->rax;
    if (ret == -ERESTARTSYS || ret == -ERESTARTNOINTR || ret == -ERESTARTNOHAND) {
        r->rax = r->orig_rax;
        r->rip -= 2;
    } else if (ret == -ERESTART_RESTARTBLOCK) {
        r->rax = (u64)-EINTR;
    }
}

void signal_deliver(struct regs *r)
{
    struct thread *t = current_thread();
    struct process *p = t->proc;
    irq_disable();
    t->work &= ~WORK_SIGNAL;
    int sig = dequeue_signal(t);
    irq_enable();
    restart_interrupted_call(r);
    if (!sig)
        return;
    if (deliverable(t))
        t->work |= WORK_SIGNAL;     /* come back for the rest */
    const struct k_sigaction *a = action_of(p, sig);
    if (a->handler == SIG_IGN_VALUE)
        return;
    switch (sig == SIGKILL ? ACT_TERM : default_action(sig)) {
    case ACT_IGN: case ACT_CONT: return;
    case ACT_STOP: stop_process(p, sig); return;
    case ACT_CORE: die_of(p, sig, true);
    case ACT_TERM: die_of(p, sig, false);
    }
}

void signal_fault(int sig, int code, u64 addr)
{
    struct thread *t = current_thread();
    struct process *p = t->proc;
    /* A fault signal that cannot be handled (blocked or ignored) kills, as on Linux. */
    if ((t->blocked & sigbit(sig)) || action_of(p, sig)->handler == SIG_IGN_VALUE) {
        t->blocked &= ~sigbit(sig);
        p->sighand->action[sig - 1].handler = SIG_DFL_VALUE;
    }
    struct ksiginfo info = { .signo = sig, .code = code, .addr = addr };
    signal_send_thread(t, sig, &info);
}

void signal_notify_parent(struct process *child, int why, int status)
{
    struct process *parent = child->parent;
    if (!parent)
        return;
    const struct k_sigaction *a = action_of(parent, SIGCHLD);
    bool exited = why == CLD_EXITED || why == CLD_KILLED || why == CLD_DUMPED;
    if (exited && (a->handler == SIG_IGN_VALUE || (a->flags & SA_NOCLDWAIT)))
        child->autoreap = true;
    bool quiet = !exited && (a->flags & SA_NOCLDSTOP);
    int sig = exited ? child->exit_signal : SIGCHLD;
    if (sig > 0 && sig <= _NSIG && !quiet) {    /* clone accepts any exit signal; Linux sends only valid ones */
        struct ksiginfo info = { .signo = sig, .code = why, .pid = child->pid,
                                 .uid = child->uid, .status = status };
        signal_send(parent, sig, &info);
    }
    wake_up(&parent->child_wait);
}
