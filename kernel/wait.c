/* Wait queues and the one sleeping primitive every blocking call uses (see wait.h). */
#include "kwait.h"
#include "ksched.h"
#include "proc.h"
#include "ksignal.h"
#include "timer.h"
#include "ktime.h"
#include "uapi/errno.h"

void waitq_init(struct waitq *q)
{
    q->head.prev = q->head.next = &q->head;
    q->head.thread = NULL;
}

void waitq_add(struct waitq *q, struct wait_entry *e)
{
    u64 flags = irq_save();
    if (!q->head.next)
        waitq_init(q);          /* a zeroed queue is an empty one */
    e->next = &q->head;
    e->prev = q->head.prev;
    q->head.prev->next = e;
    q->head.prev = e;
    irq_restore(flags);
}

void waitq_remove(struct wait_entry *e)
{
    u64 flags = irq_save();
    e->prev->next = e->next;
    e->next->prev = e->prev;
    e->next = e->prev = e;
    irq_restore(flags);
}

void wake_up(struct waitq *q)
{
    u64 flags = irq_save();
    if (q->head.next)
        for (struct wait_entry *e = q->head.next; e != &q->head; e = e->next)
            sched_wake(e->thread);
    irq_restore(flags);
}

void complete(struct completion *c)
{
    c->done = true;
    wake_up(&c->waiters);
}

struct sleep_timer {
    struct ktimer timer;
    struct thread *thread;
};

static void sleep_timeout(struct ktimer *k)
{
    sched_wake(container_of(k, struct sleep_timer, timer)->thread);
}

static bool signal_ends_sleep(struct thread *t, enum sleep_mode mode)
{
    return mode == SLEEP_INTERRUPTIBLE ? signal_pending(t) : fatal_signal_pending(t);
}

int thread_sleep(u64 deadline, enum sleep_mode mode)
{
    struct thread *t = current_thread();
    if (signal_ends_sleep(t, mode))
        return -ERESTARTSYS;
    if (deadline != NO_DEADLINE && ktime_ns() >= deadline)
        return -ETIMEDOUT;
    struct sleep_timer st = { .timer = { .fire = sleep_timeout }, .thread = t };
    if (deadline != NO_DEADLINE)
        timer_arm(&st.timer, deadline);
    t->sleep_mode = mode;
    t->state = THREAD_SLEEPING;
    schedule();
    irq_disable();
    timer_cancel(&st.timer);
    return 0;
}
