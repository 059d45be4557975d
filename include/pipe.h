/* Pipes and named FIFOs (fs/pipe.c). A pipe is a ring of page-sized buffers (16 by default, 64
 * KiB) shared by the open files of its two ends; a FIFO is a filesystem inode whose pipe exists
 * while the FIFO is open. Reading, writing, poll, FIONREAD and the pipe fcntls behave as on
 * Linux: writes of at most PIPE_BUF bytes are atomic, a read with no writers left sees end of
 * file, a write with no readers left fails with EPIPE and sends SIGPIPE. */
#ifndef WICKET_PIPE_H
#define WICKET_PIPE_H
#include "types.h"

struct file;
struct inode;

#define PIPE_BUF 4096

/* pipe2: a new pipe's read and write ends, each holding one reference. flags may hold
 * O_NONBLOCK and O_DIRECT (packet mode); the caller has rejected anything else. 0, -ENOMEM. */
int pipe_create(u32 flags, struct file **rd, struct file **wr);
/* Opens a FIFO inode with open(2)'s flags, waiting for the other end as Linux does: a reader
 * waits for a writer and a writer for a reader unless O_NONBLOCK (then a writer without a
 * reader gets ENXIO); O_RDWR never waits. 0, -ENXIO, -EINVAL, -ENOMEM or -ERESTARTSYS. */
int fifo_open(struct inode *ino, u32 flags, struct file **out);
/* F_GETPIPE_SZ and F_SETPIPE_SZ; -EBADF when f is not a pipe or FIFO, as on Linux. */
long pipe_fcntl(struct file *f, unsigned cmd, unsigned long arg);
#endif
