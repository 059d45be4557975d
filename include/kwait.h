/* Wait queues and sleeping. A thread that must wait for something (a child's exit, pipe data,
 * terminal input, a timeout) adds an entry to the queue of the object it waits on, re-checks
 * its condition with interrupts disabled, and sleeps; whoever changes the object wakes the
 * queue. Because the condition is checked with interrupts off and the kernel is not preempted,
 * no wakeup can be lost between the check and the sleep.
 *
 * An entry lives on the sleeper's stack; a thread may wait on several queues at once (poll). */
#ifndef WICKET_KWAIT_H
#define WICKET_KWAIT_H
#include "types.h"
#include "arch/x86.h"

struct thread;

struct wait_entry {
    struct thread *thread;
    struct wait_entry *prev, *next;
};

struct waitq {
    struct wait_entry head;     /* circular list; an empty queue points at itself */
};

/* How a sleep may end besides a wakeup or its deadline. */
enum sleep_mode {
    SLEEP_INTERRUPTIBLE,        /* any deliverable signal ends it: the call returns -ERESTARTSYS */
    SLEEP_KILLABLE,             /* only a fatal signal (SIGKILL, or a killed process) ends it */
};

/* No deadline: sleep until woken. */
#define NO_DEADLINE 0

void waitq_init(struct waitq *q);
static inline bool waitq_empty(const struct waitq *q) { return q->head.next == &q->head; }
void waitq_add(struct waitq *q, struct wait_entry *e);
void waitq_remove(struct wait_entry *e);
/* Makes every thread waiting on q runnable; each re-checks its own condition. */
void wake_up(struct waitq *q);

/* A one-time event others wait for (a vfork child's exec or exit). */
struct completion {
    struct waitq waiters;
    bool done;
};
static inline void completion_init(struct completion *c) { waitq_init(&c->waiters); c->done = false; }
void complete(struct completion *c);

/* The core of every wait: with interrupts disabled, after the caller re-checked its condition,
 * sleeps until a wakeup, the deadline (ktime_ns(), NO_DEADLINE for none) or a signal the mode
 * admits. Returns 0 after a wakeup (the caller checks its condition again), -ETIMEDOUT once the
 * deadline has passed, -ERESTARTSYS when a signal is pending. Returns with interrupts disabled. */
int thread_sleep(u64 deadline, enum sleep_mode mode);

/* Waits until cond holds: 0, or -ETIMEDOUT / -ERESTARTSYS as thread_sleep. cond is evaluated
 * with interrupts disabled; if it holds when the sleep ends anyway, the result is 0. */
#define wait_event(q, cond, deadline, mode) ({                                  \
    struct wait_entry wait_event_entry_ = { .thread = current_thread() };       \
    int wait_event_err_ = 0;                                                    \
    u64 wait_event_flags_ = irq_save();                                         \
    waitq_add((q), &wait_event_entry_);                                         \
    while (!(cond)) {                                                           \
        wait_event_err_ = thread_sleep((deadline), (mode));                     \
        if (wait_event_err_) {                                                  \
            if (cond)                                                           \
                wait_event_err_ = 0;                                            \
            break;                                                              \
        }                                                                       \
    }                                                                           \
    waitq_remove(&wait_event_entry_);                                           \
    irq_restore(wait_event_flags_);                                             \
    wait_event_err_;                                                            \
})
#endif
