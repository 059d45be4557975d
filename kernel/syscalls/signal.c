/* Signal system calls: sending (kill, tkill, tgkill, rt_sigqueueinfo), dispositions and
 * masks, waiting for signals, the alternate stack, and the SIGALRM timers (alarm, setitimer).
 * rt_sigreturn is with the frame it reads, in kernel/signal_frame.c. */
#include "syscalls.h"
#include "ksignal.h"
#include "proc.h"
#include "kstring.h"
#include "ktime.h"
#include "uapi/time.h"

static bool signo_valid(int sig) { return sig >= 0 && sig <= _NSIG; }

static struct ksiginfo user_info(int sig, int code)
{
    struct process *self = current_proc();
    return (struct ksiginfo){ .signo = sig, .code = code, .pid = self->pid, .uid = (int)self->uid };
}

/* kill(-1): every process but init and the caller; ESRCH when there is none. */
static long kill_everyone(int sig, const struct ksiginfo *info)
{
    bool found = false;
    for (struct process *p = proc_first(); p; p = p->next_proc)
        if (p->pid > 1 && p != current_proc() && p->state == PROC_ALIVE) {
            signal_send(p, sig, info);
            found = true;
        }
    return found ? 0 : -ESRCH;
}

long sys_kill(int pid, int sig)
{
    if (!signo_valid(sig))
        return -EINVAL;
    struct ksiginfo info = user_info(sig, SI_USER);
    if (pid == -1)
        return kill_everyone(sig, &info);
    if (pid <= 0)
        return signal_send_group(pid == 0 ? current_proc()->pgid : -pid, sig, &info);
    struct process *p = proc_find(pid);
    if (!p)
        return -ESRCH;
    return signal_send(p, sig, &info);
}

static long kern_tkill(int tgid, int tid, int sig)
{
    if (tid <= 0 || tgid == 0 || tgid < -1 || !signo_valid(sig))
        return -EINVAL;
    struct process *p = proc_find(tid);
    if (!p || (tgid > 0 && p->pid != tgid))
        return -ESRCH;
    struct ksiginfo info = user_info(sig, SI_TKILL);
    return signal_send_thread(p->main_thread, sig, &info);
}

long sys_tkill(int pid, int sig) { return kern_tkill(-1, pid, sig); }
long sys_tgkill(int tgid, int pid, int sig) { return tgid <= 0 ? -EINVAL : kern_tkill(tgid, pid, sig); }

/* ---- Dispositions and masks ---- */

#define SIGSET_SIZE sizeof(sigset_k)
#define SA_KNOWN (SA_NOCLDSTOP | SA_NOCLDWAIT | SA_SIGINFO | SA_RESTORER | SA_ONSTACK | \
                  SA_RESTART | SA_NODEFER | SA_RESETHAND)
#define SIG_BLOCK   0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* Setting an action that ignores sig drops its pending instances, as POSIX requires. */
static void set_action(int sig, const struct k_sigaction *act)
{
    struct process *p = current_proc();
    struct k_sigaction k = *act;
    k.flags &= SA_KNOWN;
    k.mask &= ~SIGSET_UNBLOCKABLE;
    p->sighand->action[sig - 1] = k;
    if (signal_handler_ignores(k.handler, sig))
        signal_discard(p, sig);
}

long sys_rt_sigaction(int sig, uptr act, uptr oact, size_t sigsetsize)
{
    if (sigsetsize != SIGSET_SIZE)
        return -EINVAL;
    struct k_sigaction new_act;
    if (!uptr_is_null(act) && copy_from_user(&new_act, act, sizeof(new_act)))
        return -EFAULT;
    if (sig < 1 || sig > _NSIG || (!uptr_is_null(act) && (SIGSET_UNBLOCKABLE & sigbit(sig))))
        return -EINVAL;
    struct k_sigaction old = current_proc()->sighand->action[sig - 1];
    if (!uptr_is_null(act))
        set_action(sig, &new_act);
    if (!uptr_is_null(oact) && copy_to_user(oact, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

long sys_rt_sigprocmask(int how, uptr nset, uptr oset, size_t sigsetsize)
{
    if (sigsetsize != SIGSET_SIZE)
        return -EINVAL;
    struct thread *t = current_thread();
    sigset_k old = t->blocked, set;
    if (!uptr_is_null(nset)) {
        if (copy_from_user(&set, nset, sizeof(set)))
            return -EFAULT;
        switch (how) {
        case SIG_BLOCK:   signal_set_blocked(t, old | set); break;
        case SIG_UNBLOCK: signal_set_blocked(t, old & ~set); break;
        case SIG_SETMASK: signal_set_blocked(t, set); break;
        default: return -EINVAL;
        }
    }
    if (!uptr_is_null(oset) && copy_to_user(oset, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

/* Linux accepts any size up to its sigset's and copies that many bytes. */
long sys_rt_sigpending(uptr uset, size_t sigsetsize)
{
    if (sigsetsize > SIGSET_SIZE)
        return -EINVAL;
    struct thread *t = current_thread();
    sigset_k set = (t->pending | t->proc->pending) & t->blocked;
    return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

/* ---- Waiting for signals ---- */

/* Sleeps until a signal the thread does not block is pending. */
static void sleep_until_signal(void)
{
    struct waitq nobody = { 0 };
    struct thread *t = current_thread();
    wait_event(&nobody, signal_pending(t), NO_DEADLINE, SLEEP_INTERRUPTIBLE);
}

long sys_pause(void)
{
    sleep_until_signal();
    return -ERESTARTNOHAND;
}

/* The handler runs with the temporary mask; the old one returns with rt_sigreturn. */
long sys_rt_sigsuspend(uptr unewset, size_t sigsetsize)
{
    if (sigsetsize != SIGSET_SIZE)
        return -EINVAL;
    sigset_k set;
    if (copy_from_user(&set, unewset, sizeof(set)))
        return -EFAULT;
    struct thread *t = current_thread();
    t->saved_mask = t->blocked;
    t->restore_saved_mask = true;
    signal_set_blocked(t, set);
    sleep_until_signal();
    return -ERESTARTNOHAND;
}

static long timespec_deadline(uptr uts, u64 *deadline)
{
    struct timespec ts;
    if (copy_from_user(&ts, uts, sizeof(ts)))
        return -EFAULT;
    if (ts.tv_sec < 0 || ts.tv_nsec < 0 || ts.tv_nsec >= 1000000000)
        return -EINVAL;
    u64 ns = (u64)ts.tv_sec >= 1000000000ull * 1000 ? UINT64_MAX / 4
                                                    : (u64)ts.tv_sec * 1000000000ull + (u64)ts.tv_nsec;
    *deadline = ktime_ns() + ns;
    return ns == 0 ? 1 : 0;
}

/* Waits with the awaited signals unblocked: one of them is taken without running its
 * action; another signal ends the wait with EINTR. */
static int wait_for_signal(sigset_k set, u64 deadline, struct ksiginfo *info)
{
    struct thread *t = current_thread();
    sigset_k blocked = t->blocked;
    t->real_blocked = blocked;
    signal_set_blocked(t, blocked & ~set);
    struct waitq nobody = { 0 };
    int err = wait_event(&nobody, signal_pending(t), deadline, SLEEP_INTERRUPTIBLE);
    u64 flags = irq_save();
    t->blocked = blocked;
    t->real_blocked = 0;
    int sig = signal_dequeue(t, set, info);
    signal_set_blocked(t, blocked);
    irq_restore(flags);
    if (sig)
        return sig;
    return err == -ETIMEDOUT ? -EAGAIN : -EINTR;
}

long sys_rt_sigtimedwait(uptr uthese, uptr uinfo, uptr uts, size_t sigsetsize)
{
    if (sigsetsize != SIGSET_SIZE)
        return -EINVAL;
    sigset_k set;
    if (copy_from_user(&set, uthese, sizeof(set)))
        return -EFAULT;
    set &= ~SIGSET_UNBLOCKABLE;
    u64 deadline = NO_DEADLINE;
    long zero = uptr_is_null(uts) ? 0 : timespec_deadline(uts, &deadline);
    if (zero < 0)
        return zero;
    struct ksiginfo info;
    u64 flags = irq_save();
    int sig = signal_dequeue(current_thread(), set, &info);
    irq_restore(flags);
    if (!sig)
        sig = zero ? -EAGAIN : wait_for_signal(set, deadline, &info);
    if (sig > 0 && !uptr_is_null(uinfo)) {
        u8 out[SIGINFO_SIZE];
        signal_info_to_user(&info, out);
        if (copy_to_user(uinfo, out, sizeof(out)))
            return -EFAULT;
    }
    return sig;
}

/* ---- Queueing signals with data ---- */

/* The caller's siginfo, the signal number put in. */
static long queued_info(uptr uinfo, int sig, struct ksiginfo *info)
{
    u8 raw[SIGINFO_SIZE];
    if (copy_from_user(raw, uinfo, sizeof(raw)))
        return -EFAULT;
    *info = (struct ksiginfo){ .signo = sig };
    memcpy(&info->errno_, raw + 4, 4);
    memcpy(&info->code, raw + 8, 4);
    memcpy(&info->pid, raw + 16, 4);
    memcpy(&info->uid, raw + 20, 4);
    memcpy(&info->value, raw + 24, 8);
    return 0;
}

/* Only codes no kill() or the kernel uses may be claimed, except towards oneself. */
static bool impersonates(const struct ksiginfo *info, int target)
{
    return (info->code >= 0 || info->code == SI_TKILL) && target != current_proc()->pid;
}

long sys_rt_sigqueueinfo(int pid, int sig, uptr uinfo)
{
    struct ksiginfo info;
    long err = queued_info(uinfo, sig, &info);
    if (err)
        return err;
    if (impersonates(&info, pid))
        return -EPERM;
    struct process *p = pid > 0 ? proc_find(pid) : NULL;
    if (!p)
        return -ESRCH;
    if (!signo_valid(sig))
        return -EINVAL;
    return signal_send(p, sig, &info);
}

long sys_rt_tgsigqueueinfo(int tgid, int pid, int sig, uptr uinfo)
{
    struct ksiginfo info;
    long err = queued_info(uinfo, sig, &info);
    if (err)
        return err;
    if (tgid <= 0 || pid <= 0)
        return -EINVAL;
    if (impersonates(&info, pid))
        return -EPERM;
    struct process *p = proc_find(pid);
    if (!p || p->pid != tgid)
        return -ESRCH;
    if (!signo_valid(sig))
        return -EINVAL;
    return signal_send_thread(p->main_thread, sig, &info);
}

/* ---- The alternate signal stack ---- */

struct user_stack {
    u64 sp;
    int flags;
    u64 size;
};

long sys_sigaltstack(uptr uss, uptr uoss)
{
    struct thread *t = current_thread();
    u64 sp = t->frame->rsp;
    struct user_stack old = { t->altstack_sp, signal_altstack_flags(t, sp) | t->altstack_flags,
                              t->altstack_size };
    if (!uptr_is_null(uss)) {
        struct user_stack ss;
        if (copy_from_user(&ss, uss, sizeof(ss)))
            return -EFAULT;
        long err = signal_altstack_set(t, ss.sp, ss.flags, ss.size, sp);
        if (err)
            return err;
    }
    if (!uptr_is_null(uoss) && copy_to_user(uoss, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

/* ---- alarm and interval timers ---- */

#define ITIMER_REAL    0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF    2
#define NS_PER_US 1000ull
#define NS_PER_S  1000000000ull

/* Runs from the timer interrupt: SIGALRM from the kernel, then the next period. */
static void itimer_real_fire(struct ktimer *timer)
{
    struct process *p = container_of(timer, struct process, itimer_real);
    signal_send(p, SIGALRM, NULL);
    if (p->itimer_real_interval)
        timer_arm(timer, timer->deadline + p->itimer_real_interval);
}

/* The time left, never 0 while armed (Linux reports 1 µs for a timer about to fire). */
static u64 itimer_left(struct process *p)
{
    if (!p->itimer_real.armed)
        return 0;
    u64 now = ktime_ns();
    return p->itimer_real.deadline > now ? p->itimer_real.deadline - now : NS_PER_US;
}

static struct timeval ns_to_timeval(u64 ns)
{
    return (struct timeval){ (s64)(ns / NS_PER_S), (s64)(ns % NS_PER_S / NS_PER_US) };
}

static struct itimerval itimer_real_get(struct process *p)
{
    return (struct itimerval){ ns_to_timeval(p->itimer_real_interval),
                               ns_to_timeval(itimer_left(p)) };
}

static u64 timeval_ns(const struct timeval *tv) { return (u64)tv->tv_sec * NS_PER_S + (u64)tv->tv_usec * NS_PER_US; }

static void itimer_real_set(struct process *p, const struct itimerval *v)
{
    u64 flags = irq_save();
    timer_cancel(&p->itimer_real);
    u64 value = timeval_ns(&v->it_value);
    p->itimer_real_interval = value ? timeval_ns(&v->it_interval) : 0;
    if (value) {
        p->itimer_real.fire = itimer_real_fire;
        timer_arm(&p->itimer_real, ktime_ns() + value);
    }
    irq_restore(flags);
}

static bool timeval_valid(const struct timeval *tv)
{
    return tv->tv_sec >= 0 && tv->tv_sec < (s64)(UINT64_MAX / 4 / NS_PER_S) &&
           tv->tv_usec >= 0 && tv->tv_usec < 1000000;
}

/* Only ITIMER_REAL: Wicket does not account per-process CPU time by tick yet, so the
 * CPU-time timers are refused rather than left silent. */
long sys_getitimer(int which, uptr value)
{
    if (which != ITIMER_REAL)
        return -EINVAL;
    struct itimerval v = itimer_real_get(current_proc());
    return copy_to_user(value, &v, sizeof(v)) ? -EFAULT : 0;
}

long sys_setitimer(int which, uptr value, uptr ovalue)
{
    struct itimerval v = { 0 };
    if (!uptr_is_null(value)) {
        if (copy_from_user(&v, value, sizeof(v)))
            return -EFAULT;
        if (!timeval_valid(&v.it_value) || !timeval_valid(&v.it_interval))
            return -EINVAL;
    }
    if (which != ITIMER_REAL)
        return -EINVAL;
    struct process *p = current_proc();
    struct itimerval old = itimer_real_get(p);
    itimer_real_set(p, &v);
    if (!uptr_is_null(ovalue) && copy_to_user(ovalue, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

/* Seconds left of the previous alarm, rounded to the nearest (and at least 1 if armed). */
long sys_alarm(unsigned int seconds)
{
    struct process *p = current_proc();
    struct itimerval old = itimer_real_get(p);
    struct itimerval v = { { 0, 0 }, { seconds, 0 } };
    itimer_real_set(p, &v);
    long left = old.it_value.tv_sec;
    if ((!left && old.it_value.tv_usec) || old.it_value.tv_usec >= 500000)
        left++;
    return left;
}
