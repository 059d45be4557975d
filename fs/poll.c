/* The waiting half of poll, select and their relatives. A poll table collects one wait entry
 * per wait queue a file's poll operation names (poll_wait), each holding a reference to its
 * file so that a descriptor closed meanwhile cannot free a queue the entry sits on. poll_run
 * asks the files, sleeps until one of those queues is woken, the deadline passes or a signal
 * arrives, and asks again.
 *
 * No wakeup can be lost between asking and sleeping: the files are asked with interrupts
 * disabled, and the kernel is not preempted, so nothing else runs until thread_sleep. */
#include "poll.h"
#include "file.h"
#include "kwait.h"
#include "kmalloc.h"
#include "ktime.h"
#include "proc.h"
#include "ksignal.h"
#include "uapi/errno.h"

#define POLL_CHUNK_ENTRIES 16

struct poll_entry {
    struct wait_entry wait;
    struct file *file;
};

struct poll_chunk {
    struct poll_chunk *next;
    int used;
    struct poll_entry entries[POLL_CHUNK_ENTRIES];
};

struct poll_table {
    struct poll_chunk first;    /* on the caller's stack; more are kmalloc'd */
    struct poll_chunk *last;
    struct file *file;          /* the file being asked */
    bool registering;
    int error;                  /* -ENOMEM when an entry could not be had */
};

static struct poll_entry *entry_alloc(struct poll_table *pt)
{
    if (pt->last->used == POLL_CHUNK_ENTRIES) {
        struct poll_chunk *c = kzalloc(sizeof(*c));
        if (!c)
            return NULL;
        pt->last->next = c;
        pt->last = c;
    }
    return &pt->last->entries[pt->last->used++];
}

void poll_wait(struct poll_table *pt, struct waitq *q)
{
    if (!pt || !pt->registering)
        return;
    struct poll_entry *e = entry_alloc(pt);
    if (!e) {
        pt->error = -ENOMEM;
        return;
    }
    e->wait.thread = current_thread();
    e->file = pt->file;
    e->file->refs++;
    waitq_add(q, &e->wait);
}

void poll_table_found(struct poll_table *pt) { pt->registering = false; }

unsigned file_poll(struct file *f, struct poll_table *pt)
{
    if (!f->ops->poll)
        return POLL_ALWAYS_READY;
    if (pt)
        pt->file = f;
    return f->ops->poll(f, pt);
}

/* Leaves every queue and drops the file references (interrupts enabled: a last reference may
 * release a file, which may wake others). */
static void poll_table_free(struct poll_table *pt)
{
    struct poll_chunk *c = &pt->first;
    while (c) {
        struct poll_chunk *next = c->next;
        for (int i = 0; i < c->used; i++) {
            waitq_remove(&c->entries[i].wait);
            file_put(c->entries[i].file);
        }
        if (c != &pt->first)
            kfree(c);
        c = next;
    }
}

long poll_run(poll_scan_fn scan, void *ctx, u64 deadline)
{
    struct poll_table pt = { .first = { .used = 0 } };
    pt.last = &pt.first;
    bool timed_out = deadline != NO_DEADLINE && ktime_ns() >= deadline;
    pt.registering = !timed_out;
    long count;
    u64 flags = irq_save();
    for (;;) {
        count = scan(ctx, &pt);
        pt.registering = false;     /* the entries stay for every later pass */
        if (count == 0 && pt.error)
            count = pt.error;
        if (count == 0 && signal_pending(current_thread()))
            count = -ERESTARTNOHAND;
        if (count || timed_out)
            break;
        if (thread_sleep(deadline, SLEEP_INTERRUPTIBLE) == -ETIMEDOUT)
            timed_out = true;       /* one last look, then 0 */
    }
    irq_restore(flags);
    poll_table_free(&pt);
    return count;
}
