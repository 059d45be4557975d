/* Processes and threads. A process owns an address space, a file table, credentials and limits;
 * a thread owns a kernel stack, the saved user frame and its TLS bases. */
#ifndef WICKET_PROC_H
#define WICKET_PROC_H
#include "types.h"
#include "arch/cpu.h"
#include "uapi/resource.h"

struct mm;
struct fdtable;
struct inode;

#define KSTACK_PAGES 4
#define RLIMIT_COUNT 16

struct thread {
    struct process *proc;
    int tid;
    u64 kstack_base;            /* lowest address of the kernel stack */
    struct regs *frame;         /* user registers, at the top of the kernel stack */
    u64 fs_base, gs_base;       /* user TLS bases (arch_prctl) */
    u64 clear_child_tid;        /* set_tid_address: zeroed and woken when the thread exits */
};

struct process {
    int pid, ppid;
    struct mm *mm;
    struct fdtable *files;
    struct inode *root, *cwd;
    u32 umask;
    u32 uid, euid, gid, egid;
    struct rlimit rlim[RLIMIT_COUNT];
    char comm[16];
    u64 start_ns;
    struct thread *main_thread;
};

static inline struct thread *current_thread(void) { return this_cpu()->current; }
static inline struct process *current_proc(void) { return this_cpu()->current->proc; }

/* Creates the first process (PID 1) with an empty address space and file table. */
struct process *proc_create_init(struct inode *root);
/* Ends the process with a wait status encoded as Linux does ((code << 8) or the signal). */
_Noreturn void proc_exit(struct process *p, int wstatus);
/* The process dies as if killed by the given signal (no signal delivery exists yet). */
_Noreturn void proc_kill(struct process *p, int signo);
const char *signal_name(int signo);
#endif
