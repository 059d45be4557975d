/* Signal state, sending and delivery (see ksignal.h). Default actions are Linux's: terminate,
 * terminate with a core dump, stop, continue or ignore. A pending set is a bit mask plus the
 * siginfo of each pending standard signal (kept inline, so interrupts can send without
 * allocating) and a queue of real-time signal instances, in the order they were sent. */
#include "ksignal.h"
#include "proc.h"
#include "ksched.h"
#include "kmalloc.h"
#include "kstring.h"
#include "uapi/errno.h"
#include "arch/regs.h"
#include "uapi/resource.h"

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

/* siginfo's CPU times count USER_HZ (100) ticks. */
#define NS_PER_CLOCK_TICK 10000000ull

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

bool signal_handler_ignores(u64 handler, int sig)
{
    return handler == SIG_IGN_VALUE || (handler == SIG_DFL_VALUE && default_action(sig) == ACT_IGN);
}

/* Init gets only the signals it has handlers for, and the faults it causes (Linux's
 * "unkillable" init), so that no process can bring the machine down with kill(1, ...). */
static bool init_refuses(struct process *p, int sig, const struct ksiginfo *info)
{
    return p->pid == 1 && action_of(p, sig)->handler == SIG_DFL_VALUE && !(info && info->forced);
}

/* Would delivering sig do nothing? Blocked signals are kept: the disposition may change
 * before they are unblocked (or rt_sigtimedwait, which unblocks them, takes them). */
static bool signal_ignored(struct process *p, int sig, const struct ksiginfo *info)
{
    struct thread *t = p->main_thread;
    if ((t->blocked | t->real_blocked) & sigbit(sig))
        return false;
    return signal_handler_ignores(action_of(p, sig)->handler, sig) || init_refuses(p, sig, info);
}

/* One pending set: the thread's or the process's. */
struct pendset {
    sigset_k *bits;
    struct ksiginfo *std;
    struct sigqueue **queue;
};

struct sigqueue {
    struct sigqueue *next;
    struct ksiginfo info;
};

static struct pendset thread_set(struct thread *t) { return (struct pendset){ &t->pending, t->std_info, &t->queue }; }
static struct pendset proc_set(struct process *p) { return (struct pendset){ &p->pending, p->std_info, &p->queue }; }

static unsigned queue_length(struct sigqueue *q)
{
    unsigned n = 0;
    for (; q; q = q->next)
        n++;
    return n;
}

/* RLIMIT_SIGPENDING counts the queued signals of every process of the receiver's user. */
static bool queue_allowed(struct process *receiver)
{
    u64 queued = 0;
    for (struct process *p = proc_first(); p; p = p->next_proc)
        if (p->uid == receiver->uid && p->state == PROC_ALIVE)
            queued += queue_length(p->queue) + queue_length(p->main_thread->queue);
    return queued < receiver->rlim[RLIMIT_SIGPENDING].rlim_cur;
}

/* Adds a real-time instance at the tail: -EAGAIN when over the limit or out of memory and the
 * sender asked for its data to arrive (Linux's rule: anything but a plain kill). */
static int queue_rt(struct process *p, struct pendset ps, const struct ksiginfo *info)
{
    struct sigqueue *q = queue_allowed(p) ? kmalloc(sizeof(*q)) : NULL;
    if (!q) {
        if (info->code != SI_USER)
            return -EAGAIN;
        *ps.bits |= sigbit(info->signo);    /* the instance arrives without its data */
        return 0;
    }
    q->info = *info;
    q->next = NULL;
    struct sigqueue **tail = ps.queue;
    while (*tail)
        tail = &(*tail)->next;
    *tail = q;
    *ps.bits |= sigbit(info->signo);
    return 0;
}

/* A standard signal already pending is not queued twice: the first siginfo stays (unless a
 * fault now forces it). */
static int pend(struct process *p, struct pendset ps, int sig, const struct ksiginfo *info)
{
    struct ksiginfo k = info ? *info : (struct ksiginfo){ .code = SI_KERNEL };
    k.signo = sig;
    if (sig >= SIGRTMIN)
        return queue_rt(p, ps, &k);
    if (!(*ps.bits & sigbit(sig)) || k.forced)
        ps.std[sig - 1] = k;
    *ps.bits |= sigbit(sig);
    return 0;
}

/* Takes one instance of sig from ps into *info. */
static void unpend(struct pendset ps, int sig, struct ksiginfo *info)
{
    if (sig < SIGRTMIN) {
        *info = ps.std[sig - 1];
        *ps.bits &= ~sigbit(sig);
        return;
    }
    struct sigqueue **link = ps.queue;
    while (*link && (*link)->info.signo != sig)
        link = &(*link)->next;
    struct sigqueue *q = *link;
    if (!q) {                       /* queued without its data (see queue_rt) */
        *info = (struct ksiginfo){ .signo = sig, .code = SI_USER };
        *ps.bits &= ~sigbit(sig);
        return;
    }
    *info = q->info;
    *link = q->next;
    kfree(q);
    bool more = false;
    for (struct sigqueue *r = *link; r && !more; r = r->next)
        more = r->info.signo == sig;
    if (!more)
        *ps.bits &= ~sigbit(sig);
}

static void discard_from(struct pendset ps, int sig)
{
    *ps.bits &= ~sigbit(sig);
    struct sigqueue **link = ps.queue;
    while (*link) {
        struct sigqueue *q = *link;
        if (q->info.signo == sig) {
            *link = q->next;
            kfree(q);
        } else {
            link = &q->next;
        }
    }
}

void signal_discard(struct process *p, int sig)
{
    u64 flags = irq_save();
    discard_from(proc_set(p), sig);
    discard_from(thread_set(p->main_thread), sig);
    irq_restore(flags);
}

static void free_queue(struct sigqueue **queue)
{
    while (*queue) {
        struct sigqueue *q = *queue;
        *queue = q->next;
        kfree(q);
    }
}

void signal_release(struct process *p)
{
    u64 flags = irq_save();
    free_queue(&p->queue);
    free_queue(&p->main_thread->queue);
    p->pending = p->main_thread->pending = 0;
    irq_restore(flags);
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

static void discard_set(struct process *p, sigset_k set)
{
    for (int sig = 1; sig < SIGRTMIN; sig++)
        if (set & sigbit(sig)) {
            discard_from(proc_set(p), sig);
            discard_from(thread_set(p->main_thread), sig);
        }
}

/* The side effects that happen when a signal is sent, not when it is delivered: SIGCONT
 * continues the process even when it is ignored or caught. */
static void send_side_effects(struct process *p, int sig)
{
    if (sig == SIGCONT || sig == SIGKILL) {
        discard_set(p, STOP_SIGNALS);
        resume_stopped(p);
    } else if (STOP_SIGNALS & sigbit(sig)) {
        discard_set(p, sigbit(SIGCONT));
    }
}

static int send_to(struct process *p, struct thread *t, int sig, const struct ksiginfo *info)
{
    if (sig == 0 || p->state != PROC_ALIVE)
        return 0;
    int err = 0;
    u64 flags = irq_save();
    send_side_effects(p, sig);
    if (!signal_ignored(p, sig, info)) {
        err = pend(p, t ? thread_set(t) : proc_set(p), sig, info);
        if (!err)
            signal_wake(t ? t : p->main_thread, sig);
    }
    irq_restore(flags);
    return err;
}

int signal_send(struct process *p, int sig, const struct ksiginfo *info)
{
    return send_to(p, NULL, sig, info);
}

int signal_send_thread(struct thread *t, int sig, const struct ksiginfo *info)
{
    return send_to(t->proc, t, sig, info);
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

void signal_set_blocked(struct thread *t, sigset_k mask)
{
    u64 flags = irq_save();
    t->blocked = mask & ~SIGSET_UNBLOCKABLE;
    if (deliverable(t))
        t->work |= WORK_SIGNAL;
    irq_restore(flags);
}

/* Lowest-numbered first, as Linux (standard signals before real-time ones). */
int signal_dequeue(struct thread *t, sigset_k set, struct ksiginfo *info)
{
    sigset_k mine = t->pending & set;
    sigset_k shared = t->proc->pending & set;
    if (!mine && !shared)
        return 0;
    int sig = __builtin_ctzll(mine ? mine : shared) + 1;
    unpend(mine ? thread_set(t) : proc_set(t->proc), sig, info);
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

/* A system call that a signal interrupted returns -EINTR or is run again (the `syscall`
 * instruction, 2 bytes, re-executed with the original number). a is the handler about to
 * run, NULL when none runs: then every ERESTART* code restarts. rt_sigreturn marks its frame
 * with orig_rax -1 so the restored RAX is never taken for a code. */
static void restart_interrupted_call(struct regs *r, const struct k_sigaction *a)
{
    if (r->vector != VECTOR_SYSCALL || (long)r->orig_rax < 0)
        return;
    long ret = (long)r->rax;
    bool restart;
    switch (ret) {
    case -ERESTARTNOINTR: restart = true; break;
    case -ERESTARTSYS:    restart = !a || (a->flags & SA_RESTART); break;
    case -ERESTARTNOHAND: restart = !a; break;
    case -ERESTART_RESTARTBLOCK: restart = false; break;    /* no restart_syscall yet */
    default: return;
    }
    if (restart) {
        r->rax = r->orig_rax;
        r->rip -= 2;
    } else {
        r->rax = (u64)-EINTR;
    }
}

/* The default action of sig; returns only when the process goes on. */
static void default_act(struct process *p, int sig)
{
    switch (sig == SIGKILL ? ACT_TERM : default_action(sig)) {
    case ACT_IGN: case ACT_CONT: return;
    case ACT_STOP:
        /* A terminal stop is not worth it when no shell of the session could continue it. */
        if (sig == SIGSTOP || !pgrp_is_orphaned(p->pgid))
            stop_process(p, sig);
        return;
    case ACT_CORE: die_of(p, sig, true);
    case ACT_TERM: die_of(p, sig, false);
    }
}

/* The next signal to act on, with WORK_SIGNAL updated. */
static int next_signal(struct thread *t, struct ksiginfo *info)
{
    irq_disable();
    int sig = signal_dequeue(t, ~(t->blocked & ~SIGSET_UNBLOCKABLE), info);
    if (!deliverable(t))
        t->work &= ~WORK_SIGNAL;
    irq_enable();
    return sig;
}

/* The handler runs: the frame keeps the mask to restore, and the mask grows by sa_mask and
 * (without SA_NODEFER) the signal itself; SA_RESETHAND makes the next one default. */
static void run_handler(struct regs *r, int sig, const struct ksiginfo *info)
{
    struct thread *t = current_thread();
    struct k_sigaction *a = &t->proc->sighand->action[sig - 1];
    struct k_sigaction act = *a;
    if (act.flags & SA_RESETHAND)
        a->handler = SIG_DFL_VALUE;
    restart_interrupted_call(r, &act);
    sigset_k saved = t->restore_saved_mask ? t->saved_mask : t->blocked;
    if (signal_setup_frame(r, sig, info, &act, saved)) {
        signal_force_segv(sig);
        return;
    }
    t->restore_saved_mask = false;
    sigset_k mask = t->blocked | act.mask;
    if (!(act.flags & SA_NODEFER))
        mask |= sigbit(sig);
    signal_set_blocked(t, mask);
}

void signal_deliver(struct regs *r)
{
    struct thread *t = current_thread();
    struct process *p = t->proc;
    struct ksiginfo info;
    int sig;
    while ((sig = next_signal(t, &info)) != 0) {
        u64 handler = action_of(p, sig)->handler;
        if (handler == SIG_IGN_VALUE)
            continue;
        if (handler == SIG_DFL_VALUE || sig == SIGKILL) {
            if (!init_refuses(p, sig, &info))
                default_act(p, sig);
            continue;
        }
        run_handler(r, sig, &info);
        return;
    }
    restart_interrupted_call(r, NULL);
    if (t->restore_saved_mask) {
        t->restore_saved_mask = false;
        signal_set_blocked(t, t->saved_mask);
    }
}

/* Makes sig impossible to block or ignore for the current thread. */
static void force_catchable(struct thread *t, int sig)
{
    struct k_sigaction *a = &t->proc->sighand->action[sig - 1];
    if ((t->blocked & sigbit(sig)) || a->handler == SIG_IGN_VALUE) {
        t->blocked &= ~sigbit(sig);
        a->handler = SIG_DFL_VALUE;
    }
}

void signal_fault(int sig, int code, u64 addr)
{
    struct thread *t = current_thread();
    /* A fault signal that cannot be handled (blocked or ignored) kills, as on Linux. */
    force_catchable(t, sig);
    struct ksiginfo info = { .signo = sig, .code = code, .addr = addr, .forced = true };
    signal_send_thread(t, sig, &info);
}

void signal_force_segv(int sig)
{
    struct thread *t = current_thread();
    if (sig == SIGSEGV)     /* its own handler could not run: the next one kills */
        t->proc->sighand->action[SIGSEGV - 1].handler = SIG_DFL_VALUE;
    force_catchable(t, SIGSEGV);
    struct ksiginfo info = { .signo = SIGSEGV, .code = SI_KERNEL, .forced = true };
    signal_send_thread(t, SIGSEGV, &info);
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
                                 .uid = child->uid, .status = status,
                                 .utime = child->utime_ns / NS_PER_CLOCK_TICK,
                                 .stime = child->stime_ns / NS_PER_CLOCK_TICK };
        signal_send(parent, sig, &info);
    }
    wake_up(&parent->child_wait);
}

static void put32(u8 *out, int off, u32 v) { memcpy(out + off, &v, 4); }
static void put64(u8 *out, int off, u64 v) { memcpy(out + off, &v, 8); }

static bool is_fault_signal(int sig)
{
    return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

/* Linux's siginfo_t: signo, errno, code, then a union chosen by the kind of sender. */
void signal_info_to_user(const struct ksiginfo *info, u8 out[SIGINFO_SIZE])
{
    memset(out, 0, SIGINFO_SIZE);
    put32(out, 0, (u32)info->signo);
    put32(out, 4, (u32)info->errno_);
    put32(out, 8, (u32)info->code);
    if (info->code == SI_KERNEL)
        return;
    if (info->code > 0 && is_fault_signal(info->signo)) {
        put64(out, 16, info->addr);
    } else if (info->code > 0 && info->signo == SIGCHLD) {
        put32(out, 16, (u32)info->pid);
        put32(out, 20, (u32)info->uid);
        put32(out, 24, (u32)info->status);
        put64(out, 32, info->utime);
        put64(out, 40, info->stime);
    } else {
        put32(out, 16, (u32)info->pid);
        put32(out, 20, (u32)info->uid);
        put64(out, 24, info->value);
    }
}
