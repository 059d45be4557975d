/* Processes and threads. A process owns an address space, a file table, credentials, limits,
 * signal dispositions and its place in the process tree (parent, children, process group,
 * session); a thread owns a kernel stack, the saved user frame, its FPU state, its TLS bases
 * and its signal mask. Every process has exactly one thread for now. */
#ifndef WICKET_PROC_H
#define WICKET_PROC_H
#include "types.h"
#include "arch/cpu.h"
#include "kwait.h"
#include "ksignal.h"
#include "timer.h"
#include "uapi/resource.h"

struct mm;
struct fdtable;
struct inode;
struct tty;

#define KSTACK_PAGES 4
#define RLIMIT_COUNT 16
/* Process ids run 1..PID_MAX-1 and wrap around, skipping ids still in use (as Linux's default
 * pid_max on small machines). */
#define PID_MAX 32768

/* The 512-byte FXSAVE image of the x87/SSE registers, 16-byte aligned. */
struct fpu_state { u8 bytes[512]; } __attribute__((aligned(16)));

struct thread {
    struct process *proc;
    u32 work;                   /* WORK_* (ksched.h): checked before every return to user mode */
    int state;                  /* THREAD_* (ksched.h) */
    int tid;
    enum sleep_mode sleep_mode; /* while THREAD_SLEEPING: what a signal may do */
    u64 kstack_base;            /* lowest address of the kernel stack */
    struct regs *frame;         /* user registers, at the top of the kernel stack */
    u64 kernel_rsp;             /* saved stack pointer while switched out (switch.S) */
    u64 fs_base, gs_base;       /* user TLS bases (arch_prctl) */
    u64 clear_child_tid;        /* set_tid_address: zeroed when the thread exits */
    u64 robust_list;            /* set_robust_list: the C library's list of held robust futexes */
    struct fpu_state *fpu;      /* user FPU/SSE registers while switched out */
    struct thread *run_next;    /* run queue link */
    bool on_runq;
    int slice;                  /* ticks left in this turn on the CPU */
    /* Signals (kernel/signal.c). */
    sigset_k blocked;           /* the signal mask */
    sigset_k pending;           /* sent to this thread (tgkill, faults) */
    sigset_k saved_mask;        /* rt_sigsuspend/pselect: restored after the handler runs */
    bool restore_saved_mask;
    sigset_k real_blocked;      /* rt_sigtimedwait: the mask before the wait unblocked its set */
    u64 altstack_sp, altstack_size;
    int altstack_flags;
    struct ksiginfo std_info[SIGRTMIN - 1]; /* siginfo of each pending standard signal */
    struct sigqueue *queue;     /* queued real-time signals, in order (signal.c owns it) */
};
_Static_assert(__builtin_offsetof(struct thread, work) == THREAD_WORK, "syscall.S reads thread->work");

/* Adds WORK_* bits (ksched.h) in one instruction, so an interrupt that sets bits of its own
 * between a load and a store cannot be lost. */
static inline void thread_add_work(struct thread *t, u32 bits)
{
    __atomic_fetch_or(&t->work, bits, __ATOMIC_RELAXED);
}

enum proc_state { PROC_ALIVE, PROC_ZOMBIE };

/* What a parent's wait can report about a living child (job control). */
enum wait_report { REPORT_NONE, REPORT_STOPPED, REPORT_CONTINUED };

struct process {
    int pid, ppid;
    int pgid, sid;
    enum proc_state state;
    int exit_status;            /* wait status once a zombie: (code << 8) or signal | 0x80 core */
    struct process *parent;
    struct process *children;   /* first child; siblings linked through next_sibling */
    struct process *next_sibling;
    struct process *next_proc, *prev_proc;  /* every process, in pid creation order */
    struct waitq child_wait;    /* this process sleeps here in wait4/waitid */
    enum wait_report report;    /* job-control news for the parent's wait (WUNTRACED/WCONTINUED) */
    int report_sig;             /* the stop signal for REPORT_STOPPED */
    bool stopped;               /* in a job-control stop */
    struct mm *mm;
    struct fdtable *files;
    struct inode *root, *cwd;
    u32 umask;
    u32 uid, euid, suid, gid, egid, sgid;
    u32 fsuid, fsgid;
    u32 *groups;                /* supplementary groups (setgroups), kmalloc'd; ngroups of them */
    int ngroups;
    int nice;                   /* -20..19 (getpriority/setpriority); the scheduler ignores it */
    int pdeath_signal;          /* prctl(PR_SET_PDEATHSIG) */
    bool dumpable, no_new_privs;
    struct rlimit rlim[RLIMIT_COUNT];
    char comm[16];
    u64 start_ns;
    u64 cpu_ns;                 /* CPU time, exact: charged at every switch (sched.c) */
    u64 utime_ns, stime_ns;     /* the same split into user and system, a tick at a time */
    u64 cutime_ns, cstime_ns;   /* of reaped children */
    u64 minflt;
    struct thread *main_thread;
    struct tty *ctty;           /* controlling terminal (fs/tty.c), NULL if none */
    struct completion *vfork_done;  /* a vfork parent waits on it until this child execs or exits */
    bool autoreap;              /* the parent ignores SIGCHLD: no zombie is kept for it */
    bool exec_done;             /* has called execve since fork (setpgid's EACCES) */
    char *exe_path;             /* absolute path of the executable (/proc/PID/exe), kmalloc'd */
    /* Signals (kernel/signal.c). */
    struct sighand *sighand;
    sigset_k pending;           /* sent to the process */
    struct ksiginfo std_info[SIGRTMIN - 1]; /* siginfo of each pending standard signal */
    struct sigqueue *queue;     /* queued real-time signals, in order */
    int exit_signal;            /* sent to the parent at exit (SIGCHLD, or 0 for none) */
    u64 itimer_real_interval;   /* setitimer(ITIMER_REAL) period in ns, 0 for one-shot */
    struct ktimer itimer_real;  /* alarm()/setitimer(ITIMER_REAL): sends SIGALRM when it fires */
};

/* One load through %gs: the hot paths (dispatcher, uaccess) ask for it on every call. */
static inline struct thread *current_thread(void)
{
    struct thread *t;
    __asm__("mov %%gs:%c1, %0" : "=r"(t) : "i"(PERCPU_CURRENT));
    return t;
}
static inline struct process *current_proc(void) { return current_thread()->proc; }

/* Creates the first process (PID 1) with an empty address space and file table. */
struct process *proc_create_init(struct inode *root);
/* Ends the calling process with a wait status encoded as Linux does ((code << 8) or the
 * signal, | 0x80 for a core dump): releases its resources, re-parents its children to init,
 * and leaves a zombie for the parent. When init ends, the machine powers off. */
_Noreturn void proc_exit(int wstatus);
const char *signal_name(int signo);

/* The process table. */
struct process *proc_find(int pid);
/* Every process (zombies included), in creation order: for (p = proc_first(); p; p = p->next_proc). */
struct process *proc_first(void);
/* The number of processes (zombies included), and of those owned by uid (RLIMIT_NPROC). */
unsigned proc_count(void);
unsigned proc_count_uid(u32 uid);
/* Is any process in group pgid, or in session sid? */
bool pgrp_exists(int pgid);
bool pgrp_in_session(int pgid, int sid);
/* Is group pgid orphaned: does no member have a parent (other than init) in another group of
 * the same session? Job-control stops from the terminal are then discarded. */
bool pgrp_is_orphaned(int pgid);
/* A new process (fork/clone): copies of p's ids, limits, cwd and root; no mm, files or
 * thread yet. Allocates a pid: NULL with *err = -EAGAIN (pid space) or -ENOMEM. */
struct process *proc_alloc(struct process *parent, int *err);
/* A new thread for p with a kernel stack; NULL without memory. */
struct thread *thread_alloc(struct process *p);
/* The FPU state a new program starts with (execve). */
void thread_fpu_reset(struct thread *t);
/* Frees a reaped zombie: its pid, thread and the struct itself. */
void proc_free(struct process *p);
/* Frees the zombies nobody will wait for (their parent ignores SIGCHLD). A dead thread cannot
 * free its own stack, so this runs later, from another thread (fork and wait call it). */
void proc_reap_detached(void);
/* Tells p's parent something changed: wakes its wait. */
void proc_wake_parent(struct process *p);
/* Ends a vfork parent's wait (child execs or exits). */
void proc_vfork_release(struct process *p);
#endif
