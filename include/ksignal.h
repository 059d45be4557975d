/* Signals inside the kernel: sending, the pending and blocked sets, and delivery on the way
 * back to user mode. Numbers and user-visible structures are in uapi/signal.h.
 *
 * A signal sent to a process is pending on the process; one sent to a thread (tgkill, a fault)
 * is pending on that thread. Delivery happens in exit_to_user_mode(): the first pending signal
 * the thread does not block is taken and its action run (default action, ignore, or a handler
 * frame on the user stack). A sleeping thread is woken by any signal it does not block, and its
 * sleep returns -ERESTARTSYS; the system call then returns -EINTR or is restarted according to
 * the handler's SA_RESTART. */
#ifndef WICKET_KSIGNAL_H
#define WICKET_KSIGNAL_H
#include "types.h"
#include "uapi/signal.h"

struct process;
struct thread;
struct regs;

/* Kernel-internal results that never reach user space: the signal code turns them into
 * -EINTR or restarts the call (Linux's values, so traces read the same). */
#define ERESTARTSYS    512  /* restart if the handler has SA_RESTART (or there is no handler) */
#define ERESTARTNOINTR 513  /* always restart */
#define ERESTARTNOHAND 514  /* restart only when no handler runs */
#define ERESTART_RESTARTBLOCK 516

typedef u64 sigset_k;       /* bit (signo - 1) */
static inline sigset_k sigbit(int sig) { return 1ull << (sig - 1); }
/* Signals no mask can block and no handler can catch. */
#define SIGSET_UNBLOCKABLE (sigbit(SIGKILL) | sigbit(SIGSTOP))

/* The user's struct sigaction as the rt_sigaction system call passes it (x86_64 layout). */
struct k_sigaction {
    u64 handler;            /* SIG_DFL (0), SIG_IGN (1) or a user address */
    u64 flags;              /* SA_* */
    u64 restorer;
    sigset_k mask;
};
#define SIG_DFL_VALUE 0
#define SIG_IGN_VALUE 1

/* Dispositions, shared by processes created with CLONE_SIGHAND (posix_spawn's vfork child). */
struct sighand {
    struct k_sigaction action[_NSIG];   /* index signo - 1 */
    u32 refs;
};

/* What a signal carries: Linux's siginfo fields that Wicket fills. A standard signal keeps the
 * siginfo of its first sending while it is pending; every real-time signal is queued. */
struct ksiginfo {
    int signo, code, errno_;
    int pid, uid;           /* sender (kill, SIGCHLD's child) */
    int status;             /* SIGCHLD: exit code or signal */
    u64 addr;               /* faults: the address */
    u64 value;              /* sigqueue value */
    u64 utime, stime;       /* SIGCHLD: the child's CPU time in clock ticks (USER_HZ) */
    bool forced;            /* a fault the process cannot refuse, not even init */
};
/* A queued real-time signal (kernel/signal.c). */
struct sigqueue;

/* Linux's user siginfo_t is 128 bytes; signal_info_to_user lays ksiginfo out in it. */
#define SIGINFO_SIZE 128
void signal_info_to_user(const struct ksiginfo *info, u8 out[SIGINFO_SIZE]);

/* sigaltstack: stack_t flags and the smallest stack accepted. */
#define SS_ONSTACK    1
#define SS_DISABLE    2
#define SS_AUTODISARM (1u << 31)
#define MINSIGSTKSZ   2048

/* si_code values. */
#define SI_USER    0
#define SI_KERNEL  0x80
#define SI_QUEUE   -1
#define SI_TIMER   -2
#define SI_TKILL   -6
#define CLD_EXITED    1
#define CLD_KILLED    2
#define CLD_DUMPED    3
#define CLD_TRAPPED   4
#define CLD_STOPPED   5
#define CLD_CONTINUED 6

/* Sends sig to process p (kill) or to thread t (tgkill, faults); info may be NULL (SI_KERNEL).
 * Applies SIGCONT/stop-signal side effects at once, wakes a thread that can take it.
 * Returns 0, or -EAGAIN when a real-time signal with a code other than SI_USER cannot be
 * queued (RLIMIT_SIGPENDING); sig 0 only checks. Real-time signals allocate: send them only
 * from process context (standard ones are safe from interrupts). */
int signal_send(struct process *p, int sig, const struct ksiginfo *info);
int signal_send_thread(struct thread *t, int sig, const struct ksiginfo *info);
/* Sends sig to every process in group pgid: 0, or -ESRCH when the group is empty. */
int signal_send_group(int pgid, int sig, const struct ksiginfo *info);

/* A signal t does not block is pending (a sleep it starts would end at once). */
bool signal_pending(struct thread *t);
/* SIGKILL is pending, or the process is being torn down: a killable sleep ends. */
bool fatal_signal_pending(struct thread *t);

/* Sets t's mask (SIGKILL and SIGSTOP stay unblocked) and notices newly unblocked signals. */
void signal_set_blocked(struct thread *t, sigset_k mask);
/* Takes the first pending signal of set (thread-directed ones first) with its siginfo: the
 * signal number, or 0 when none is pending. Interrupts must be disabled. */
int signal_dequeue(struct thread *t, sigset_k set, struct ksiginfo *info);
/* Drops pending instances of sig from the process and its thread. */
void signal_discard(struct process *p, int sig);
/* rt_sigaction's rule: does this disposition ignore sig? */
bool signal_handler_ignores(u64 handler, int sig);
/* Frees the queued siginfo of a dying process. */
void signal_release(struct process *p);

/* Called by exit_to_user_mode with WORK_SIGNAL set: takes pending signals in order and runs
 * their actions; returns with WORK_SIGNAL cleared unless more remain deliverable. */
void signal_deliver(struct regs *r);
/* Builds the handler's frame (kernel/signal_frame.c): 0, or -EFAULT when it cannot be
 * written (the caller then forces SIGSEGV). */
int signal_setup_frame(struct regs *r, int sig, const struct ksiginfo *info,
                       const struct k_sigaction *a, sigset_k saved_mask);
/* Forces SIGSEGV on the current thread (a bad signal frame): unblocked and not ignorable. */
void signal_force_segv(int sig);
/* The alternate stack as the running code sees it: SS_DISABLE, SS_ONSTACK or 0. */
int signal_altstack_flags(struct thread *t, u64 sp);
/* sigaltstack's change of the alternate stack (the running code's stack pointer is sp). */
int signal_altstack_set(struct thread *t, u64 ss_sp, int flags, u64 size, u64 sp);

/* A fault in user mode: sends sig to the current thread with code and addr; a blocked or
 * ignored fault signal kills the process, as on Linux. */
void signal_fault(int sig, int code, u64 addr);

/* Lifetime hooks for the process code. */
struct sighand *sighand_create(void);
void sighand_put(struct sighand *h);
/* The child's dispositions after fork (a copy, or shared with CLONE_SIGHAND). NULL without memory. */
struct sighand *sighand_fork(struct sighand *parent, bool share);
/* execve: caught signals return to SIG_DFL; ignored ones stay ignored; the alternate stack is
 * forgotten. May allocate a private copy when the table is shared: -ENOMEM. */
int signal_exec(struct process *p);
/* The SIGCHLD a parent gets when a child exits, is killed, stops or continues (why is CLD_*). */
void signal_notify_parent(struct process *child, int why, int status);
#endif
