/* Creating processes: fork, vfork and clone share one core. */
#ifndef WICKET_FORK_H
#define WICKET_FORK_H
#include "types.h"
#include "uaccess.h"

#define CSIGNAL              0x000000ff
#define CLONE_VM             0x00000100
#define CLONE_FS             0x00000200
#define CLONE_FILES          0x00000400
#define CLONE_SIGHAND        0x00000800
#define CLONE_PIDFD          0x00001000
#define CLONE_PTRACE         0x00002000
#define CLONE_VFORK          0x00004000
#define CLONE_PARENT         0x00008000
#define CLONE_THREAD         0x00010000
#define CLONE_NEWNS          0x00020000
#define CLONE_SYSVSEM        0x00040000
#define CLONE_SETTLS         0x00080000
#define CLONE_PARENT_SETTID  0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED       0x00400000
#define CLONE_UNTRACED       0x00800000
#define CLONE_CHILD_SETTID   0x01000000
#define CLONE_NEWCGROUP      0x02000000
#define CLONE_NEWUTS         0x04000000
#define CLONE_NEWIPC         0x08000000
#define CLONE_NEWUSER        0x10000000
#define CLONE_NEWPID         0x20000000
#define CLONE_NEWNET         0x40000000
#define CLONE_IO             0x80000000ul

struct clone_args_k {
    u64 flags;
    u64 stack;              /* new user stack pointer, 0 to keep the caller's */
    uptr parent_tid, child_tid;
    u64 tls;
};

/* Creates a child of the calling process as clone(2) describes; returns its pid or -errno.
 * With CLONE_VFORK the caller sleeps until the child execs or exits. */
long kern_clone(const struct clone_args_k *args);
#endif
