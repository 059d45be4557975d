/* Process and thread lifetime. With no fork yet, the only process is PID 1; its end is the end of
 * the machine, reported the way Linux's console would show it. */
#include "proc.h"
#include "vm.h"
#include "file.h"
#include "fs.h"
#include "mm.h"
#include "kmalloc.h"
#include "kstring.h"
#include "printk.h"
#include "power.h"
#include "ktime.h"
#include "uapi/signal.h"

static void default_limits(struct rlimit *rlim)
{
    for (int i = 0; i < RLIMIT_COUNT; i++)
        rlim[i] = (struct rlimit){ RLIM_INFINITY, RLIM_INFINITY };
    rlim[RLIMIT_STACK].rlim_cur = 8ull << 20;
    rlim[RLIMIT_CORE].rlim_cur = 0;
    rlim[RLIMIT_NOFILE] = (struct rlimit){ 1024, 4096 };
    rlim[RLIMIT_NPROC] = (struct rlimit){ 4096, 4096 };
    rlim[RLIMIT_MEMLOCK] = (struct rlimit){ 8ull << 20, 8ull << 20 };
    rlim[RLIMIT_SIGPENDING] = (struct rlimit){ 4096, 4096 };
    rlim[RLIMIT_MSGQUEUE] = (struct rlimit){ 819200, 819200 };
    rlim[RLIMIT_NICE] = (struct rlimit){ 0, 0 };
    rlim[RLIMIT_RTPRIO] = (struct rlimit){ 0, 0 };
}

static struct thread *thread_create(struct process *p, int tid)
{
    struct thread *t = kzalloc(sizeof(*t));
    u64 stack = pmm_alloc_pages(KSTACK_PAGES);
    if (!t || !stack)
        panic("out of memory creating a thread");
    t->proc = p;
    t->tid = tid;
    t->kstack_base = (u64)phys_to_virt(stack);
    t->frame = (struct regs *)(t->kstack_base + KSTACK_PAGES * PAGE_SIZE) - 1;
    return t;
}

struct process *proc_create_init(struct inode *root)
{
    struct process *p = kzalloc(sizeof(*p));
    if (!p)
        panic("out of memory creating init");
    p->pid = 1;
    p->ppid = 0;
    p->root = p->cwd = root;
    inode_get(root);        /* one reference as the root, one as the working directory */
    inode_get(root);
    p->umask = 022;
    p->files = fdtable_create();
    p->start_ns = ktime_ns();
    default_limits(p->rlim);
    p->main_thread = thread_create(p, 1);
    if (!p->files)
        panic("out of memory creating init's files");
    return p;
}

static const char *const signal_names[] = {
    [SIGHUP] = "SIGHUP", [SIGINT] = "SIGINT", [SIGQUIT] = "SIGQUIT", [SIGILL] = "SIGILL",
    [SIGTRAP] = "SIGTRAP", [SIGABRT] = "SIGABRT", [SIGBUS] = "SIGBUS", [SIGFPE] = "SIGFPE",
    [SIGKILL] = "SIGKILL", [SIGUSR1] = "SIGUSR1", [SIGSEGV] = "SIGSEGV", [SIGUSR2] = "SIGUSR2",
    [SIGPIPE] = "SIGPIPE", [SIGALRM] = "SIGALRM", [SIGTERM] = "SIGTERM", [SIGSYS] = "SIGSYS",
};

const char *signal_name(int signo)
{
    if (signo > 0 && signo < (int)ARRAY_SIZE(signal_names) && signal_names[signo])
        return signal_names[signo];
    return "signal";
}

_Noreturn void proc_exit(struct process *p, int wstatus)
{
    fdtable_close_all(p->files);
    if (p->pid == 1) {
        if (wstatus & 0x7f)
            printk("[wicket] init (pid 1) killed by signal %d (%s), powering off\n",
                   wstatus & 0x7f, signal_name(wstatus & 0x7f));
        else
            printk("[wicket] init (pid 1) exited with status %d, powering off\n", (wstatus >> 8) & 0xff);
        power_off();
    }
    panic("process %d exited but only init can exist yet", p->pid);
}

_Noreturn void proc_kill(struct process *p, int signo)
{
    proc_exit(p, signo & 0x7f);
}
