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

/* What a file without a poll operation reports: always readable and writable, as Linux says
 * of regular files. */
#define POLL_ALWAYS_READY (POLLIN | POLLRDNORM | POLLOUT | POLLWRNORM)
#endif
