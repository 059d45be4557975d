/* The scheduler: one CPU, a FIFO run queue of runnable threads, and a timer tick that asks the
 * running thread to give way when its slice is used up. The kernel itself is not preempted: a
 * thread leaves the CPU only in schedule(), which it calls to sleep or, on its way back to user
 * mode, when the tick set WORK_RESCHED. Interrupt handlers may wake threads at any time, so the
 * run queue and thread states are only changed with interrupts disabled. */
#ifndef WICKET_KSCHED_H
#define WICKET_KSCHED_H
#include "types.h"

struct thread;
struct process;
struct regs;

enum thread_state {
    THREAD_RUNNABLE,    /* running, or on the run queue */
    THREAD_SLEEPING,    /* in thread_sleep(): a wakeup, its deadline or a signal ends it */
    THREAD_STOPPED,     /* job-control stop: only SIGCONT or SIGKILL resumes it */
    THREAD_DEAD,        /* exited; its stack is freed when the process is reaped */
};

/* Work to do before returning to user mode (struct thread.work). */
#define WORK_RESCHED 1u     /* the slice is used up, or a woken thread should run */
#define WORK_SIGNAL  2u     /* a signal may be deliverable: signal_deliver() decides */
/* The user frame was rewritten (execve, rt_sigreturn): the system-call return must check it
 * before trusting it to sysret. The fast return (syscall.S) skips those checks because, with no
 * work set, the frame is exactly what `syscall` saved; this bit is what makes that true. */
#define WORK_FRAME   4u

/* Ticks a thread runs before giving way to the next runnable one (10 ms at 1000 Hz). */
#define SCHED_SLICE_TICKS 10

/* Gives the CPU to the next runnable thread. The current thread stays on the run queue when it
 * is still runnable (sched_yield, preemption); otherwise it waits until someone wakes it. When
 * nothing is runnable the CPU halts until an interrupt makes a thread runnable. */
void schedule(void);
/* Makes a sleeping thread runnable (a stopped or dead one is left alone). Safe from interrupts. */
void sched_wake(struct thread *t);
/* Resumes a thread from a job-control stop. */
void sched_continue(struct thread *t);
/* Puts a new thread (fork) on the run queue for the first time. */
void sched_start(struct thread *t);
/* The timer tick: charges the tick to the running thread and ends its slice when it is spent. */
void sched_tick(bool from_user);
/* Number of runnable threads, the running one included (for /proc/loadavg and /proc/stat). */
unsigned sched_runnable_count(void);
/* CPU time p has used, to the nanosecond (the running process's includes its current turn). */
u64 sched_cpu_ns(struct process *p);
/* Nanoseconds the CPU has spent halted with nothing to run. */
u64 sched_idle_ns(void);

/* Runs before every return to user mode, with interrupts disabled, while thread->work is set:
 * reschedules and delivers signals. Returns with interrupts disabled and no work left. */
void exit_to_user_mode(struct regs *r);
#endif
