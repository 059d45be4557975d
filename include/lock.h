/* Advisory file locks: POSIX record locks (fcntl F_GETLK/F_SETLK/F_SETLKW), owned by a process
 * and released when it closes any descriptor of the file, and flock(2) locks, owned by an open
 * file description and released with its last descriptor. The two kinds do not see each
 * other, as on Linux. */
#ifndef WICKET_LOCK_H
#define WICKET_LOCK_H
#include "types.h"
#include "uaccess.h"

struct file;
struct inode;

/* fcntl's lock commands on f (cmd F_GETLK, F_SETLK or F_SETLKW; arg a user struct flock). */
long kern_fcntl_lock(struct file *f, unsigned cmd, uptr arg);
/* flock(2): LOCK_SH, LOCK_EX or LOCK_UN, with LOCK_NB. */
long kern_flock(struct file *f, unsigned cmd);
/* The process pid closed a descriptor of ino: its record locks on ino go. */
void locks_release_posix(struct inode *ino, int pid);
/* An open file description is gone: its flock lock goes. */
void locks_release_flock(struct file *f);
#endif
