/* Readiness for poll, select and their relatives. A file's poll operation reports which POLL*
 * events hold right now and, when given a poll table, registers the caller on every wait queue
 * whose wakeup could change the answer (poll_wait). The poll system calls then sleep until one
 * of those queues is woken, the timeout passes or a signal arrives, and ask again. */
#ifndef WICKET_POLL_H
#define WICKET_POLL_H
#include "types.h"
#include "uapi/poll.h"

struct poll_table;
struct waitq;

/* Registers the polling thread on q (nothing when pt is NULL: a plain readiness query). */
void poll_wait(struct poll_table *pt, struct waitq *q);

/* A file's poll operation runs with interrupts disabled (so no wakeup is lost between asking
 * and sleeping): it must not sleep or touch user memory. */

struct file;
/* The events f reports now (POLL_ALWAYS_READY without a poll operation), registering on its
 * wait queues when pt is given. */
unsigned file_poll(struct file *f, struct poll_table *pt);

/* Asks scan (which calls file_poll for each file it cares about and returns how many were
 * ready, or -errno) until it finds something, the deadline (ktime_ns, NO_DEADLINE for none;
 * one already past means "look once") passes, or a signal is pending. Returns scan's count, 0
 * at the deadline, -ERESTARTNOHAND for a signal, or -ENOMEM when registering failed and
 * nothing was ready. Files are registered on the first pass only, until one is ready. */
typedef long (*poll_scan_fn)(void *ctx, struct poll_table *pt);
long poll_run(poll_scan_fn scan, void *ctx, u64 deadline);
/* Tells scan that a file was ready: no later file needs registering, since no sleep follows. */
void poll_table_found(struct poll_table *pt);

/* What a file without a poll operation reports: always readable and writable, as Linux says
 * of regular files. */
#define POLL_ALWAYS_READY (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM)
#endif
