/* Process and thread lifetime: the pid table, creation, exit, re-parenting and reaping. When
 * init (PID 1) ends, the machine ends, reported the way Linux's console would show it. */
#include "proc.h"
#include "ksched.h"
#include "ksignal.h"
#include "vm.h"
#include "file.h"
#include "fs.h"
#include "mm.h"
#include "kmalloc.h"
#include "kstring.h"
#include "printk.h"
#include "power.h"
#include "ktime.h"
#include "tty.h"
#include "uapi/errno.h"

static struct process *pid_table[PID_MAX];
static struct process *proc_list_head, *proc_list_tail;
static unsigned nprocs;
static int last_pid;

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

/* A pid no process, group or session uses, after the last one handed out. */
static int pid_alloc(void)
{
    for (int tries = 0; tries < PID_MAX; tries++) {
        int pid = last_pid + 1 >= PID_MAX ? 2 : last_pid + 1;
        last_pid = pid;
        if (!pid_table[pid] && !pgrp_exists(pid))
            return pid;
    }
    return -EAGAIN;
}

/* The initial FPU state: x87 control word 0x37f and MXCSR 0x1f80, everything masked. */
static const struct fpu_state initial_fpu = {
    .bytes = { [0] = 0x7f, [1] = 0x03, [24] = 0x80, [25] = 0x1f },
};

struct thread *thread_alloc(struct process *p)
{
    struct thread *t = kzalloc(sizeof(*t));
    struct fpu_state *fpu = kmalloc(sizeof(*fpu));
    u64 stack = pmm_alloc_pages_uninit(KSTACK_PAGES);     /* a stack is written before read */
    if (!t || !fpu || !stack) {
        kfree(t);
        kfree(fpu);
        if (stack)
            pmm_free_pages(stack, KSTACK_PAGES);
        return NULL;
    }
    *fpu = initial_fpu;
    t->proc = p;
    t->tid = p->pid;
    t->fpu = fpu;
    t->state = THREAD_RUNNABLE;
    t->kstack_base = (u64)phys_to_virt(stack);
    t->frame = (struct regs *)(t->kstack_base + KSTACK_PAGES * PAGE_SIZE) - 1;
    return t;
}

/* A running thread's FPU state is in the registers (t->fpu is written when it is switched
 * out), so only they need the reset. */
void thread_fpu_reset(struct thread *t)
{
    if (t == current_thread())
        __asm__ volatile("fxrstor64 %0" :: "m"(initial_fpu));
    else
        *t->fpu = initial_fpu;
}

static void thread_free(struct thread *t)
{
    if (!t)
        return;
    pmm_free_pages(virt_to_phys((void *)t->kstack_base), KSTACK_PAGES);
    kfree(t->fpu);
    kfree(t);
}

static void free_process(struct process *p)
{
    thread_free(p->main_thread);
    kfree(p->exe_path);
    kfree(p->groups);
    kfree(p);
}

static void proc_list_add(struct process *p)
{
    p->prev_proc = proc_list_tail;
    if (proc_list_tail)
        proc_list_tail->next_proc = p;
    else
        proc_list_head = p;
    proc_list_tail = p;
    pid_table[p->pid] = p;
    nprocs++;
}

static void proc_list_remove(struct process *p)
{
    if (p->prev_proc)
        p->prev_proc->next_proc = p->next_proc;
    else
        proc_list_head = p->next_proc;
    if (p->next_proc)
        p->next_proc->prev_proc = p->prev_proc;
    else
        proc_list_tail = p->prev_proc;
    pid_table[p->pid] = NULL;
    nprocs--;
}

struct process *proc_find(int pid)
{
    return pid > 0 && pid < PID_MAX ? pid_table[pid] : NULL;
}

struct process *proc_first(void) { return proc_list_head; }
unsigned proc_count(void) { return nprocs; }

unsigned proc_count_uid(u32 uid)
{
    unsigned n = 0;
    for (struct process *p = proc_list_head; p; p = p->next_proc)
        n += p->uid == uid;
    return n;
}

bool pgrp_exists(int pgid)
{
    for (struct process *p = proc_list_head; p; p = p->next_proc)
        if (p->pgid == pgid || p->sid == pgid)
            return true;
    return false;
}

bool pgrp_in_session(int pgid, int sid)
{
    for (struct process *p = proc_list_head; p; p = p->next_proc)
        if (p->pgid == pgid && p->sid == sid)
            return true;
    return false;
}

bool pgrp_is_orphaned(int pgid)
{
    for (struct process *p = proc_list_head; p; p = p->next_proc) {
        struct process *parent = p->parent;
        if (p->pgid != pgid || p->state != PROC_ALIVE || !parent || parent->pid == 1)
            continue;
        if (parent->pgid != pgid && parent->sid == p->sid)
            return false;
    }
    return true;
}

static void link_child(struct process *parent, struct process *child)
{
    child->parent = parent;
    child->ppid = parent->pid;
    child->next_sibling = parent->children;
    parent->children = child;
}

static void unlink_child(struct process *child)
{
    struct process **pp = &child->parent->children;
    while (*pp != child)
        pp = &(*pp)->next_sibling;
    *pp = child->next_sibling;
    child->next_sibling = NULL;
}

struct process *proc_create_init(struct inode *root)
{
    struct process *p = kzalloc(sizeof(*p));
    if (!p)
        panic("out of memory creating init");
    /* As on Linux, init starts in the kernel's session and group 0: it is no group leader,
     * so its own setsid() succeeds without forking. */
    p->pid = last_pid = 1;
    p->root = p->cwd = root;
    inode_get(root);        /* one reference as the root, one as the working directory */
    inode_get(root);
    p->umask = 022;
    p->dumpable = true;
    p->files = fdtable_create();
    p->start_ns = ktime_ns();
    p->sighand = sighand_create();
    p->exit_signal = SIGCHLD;
    waitq_init(&p->child_wait);
    default_limits(p->rlim);
    p->main_thread = thread_alloc(p);
    if (!p->files || !p->sighand || !p->main_thread)
        panic("out of memory creating init");
    proc_list_add(p);
    return p;
}

struct process *proc_alloc(struct process *parent, int *err)
{
    int pid = pid_alloc();
    struct process *p = pid > 0 ? kzalloc(sizeof(*p)) : NULL;
    if (!p) {
        *err = pid > 0 ? -ENOMEM : pid;
        return NULL;
    }
    p->pid = pid;
    p->pgid = parent->pgid;
    p->sid = parent->sid;
    p->root = parent->root;
    p->cwd = parent->cwd;
    inode_get(p->root);
    inode_get(p->cwd);
    p->umask = parent->umask;
    p->uid = parent->uid, p->euid = parent->euid, p->suid = parent->suid;
    p->gid = parent->gid, p->egid = parent->egid, p->sgid = parent->sgid;
    p->fsuid = parent->fsuid, p->fsgid = parent->fsgid;
    p->nice = parent->nice;
    p->dumpable = parent->dumpable;
    p->no_new_privs = parent->no_new_privs;
    if (parent->ngroups && (p->groups = kmalloc(parent->ngroups * sizeof(u32)))) {
        memcpy(p->groups, parent->groups, parent->ngroups * sizeof(u32));
        p->ngroups = parent->ngroups;
    }
    memcpy(p->rlim, parent->rlim, sizeof(p->rlim));
    memcpy(p->comm, parent->comm, sizeof(p->comm));
    p->ctty = parent->ctty;
    p->start_ns = ktime_ns();
    p->exit_signal = SIGCHLD;
    waitq_init(&p->child_wait);
    if (parent->exe_path)
        p->exe_path = kstrdup(parent->exe_path);
    proc_list_add(p);
    link_child(parent, p);
    return p;
}

void proc_free(struct process *p)
{
    unlink_child(p);
    proc_list_remove(p);
    free_process(p);
}

void proc_wake_parent(struct process *p)
{
    if (p->parent)
        wake_up(&p->parent->child_wait);
}

void proc_vfork_release(struct process *p)
{
    struct completion *c = p->vfork_done;
    p->vfork_done = NULL;
    if (c)
        complete(c);
}

/* Autoreaped zombies waiting for proc_reap_detached, linked through next_sibling. */
static struct process *detached;

void proc_reap_detached(void)
{
    u64 flags = irq_save();
    struct process *p = detached, **pp = &detached;
    while ((p = *pp)) {
        if (p->main_thread == current_thread()) {
            pp = &p->next_sibling;
            continue;
        }
        *pp = p->next_sibling;
        proc_list_remove(p);
        free_process(p);
    }
    irq_restore(flags);
}

/* Takes an autoreaped zombie out of the tree, to be freed by proc_reap_detached. */
static void detach_zombie(struct process *p)
{
    unlink_child(p);
    p->parent = NULL;
    p->next_sibling = detached;
    detached = p;
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

static _Noreturn void init_died(int wstatus)
{
    if (wstatus & 0x7f)
        printk("[wicket] init (pid 1) killed by signal %d (%s), powering off\n",
               wstatus & 0x7f, signal_name(wstatus & 0x7f));
    else
        printk("[wicket] init (pid 1) exited with status %d, powering off\n", (wstatus >> 8) & 0xff);
    power_off();
}

/* Children of an exiting process go to init, which reaps them; zombies among them are
 * announced to init at once. */
static void reparent_children(struct process *p)
{
    struct process *init = proc_find(1);
    bool zombies = false;
    while (p->children) {
        struct process *c = p->children;
        p->children = c->next_sibling;
        c->next_sibling = NULL;
        link_child(init, c);
        if (c->pdeath_signal && c->state == PROC_ALIVE)
            signal_send(c, c->pdeath_signal, NULL);
        zombies |= c->state == PROC_ZOMBIE;
    }
    if (zombies)
        wake_up(&init->child_wait);
}

/* Gives back what the process holds except what its parent's wait still needs. */
static void release_resources(struct process *p)
{
    fdtable_close_all(p->files);
    fdtable_put(p->files);
    p->files = NULL;
    inode_put(p->cwd);
    inode_put(p->root);
    p->cwd = p->root = NULL;
    write_cr3(virt_to_phys(kernel_pml4()));
    mm_put(p->mm);
    p->mm = NULL;
    sighand_put(p->sighand);
    p->sighand = NULL;
}

_Noreturn void proc_exit(int wstatus)
{
    struct process *p = current_proc();
    struct thread *t = current_thread();
    if (p->pid == 1)
        init_died(wstatus);
    timer_cancel(&p->itimer_real);
    if (t->clear_child_tid)
        put_user((u32)0, uptr_of(t->clear_child_tid));
    proc_vfork_release(p);
    tty_session_leader_exit(p);
    release_resources(p);
    reparent_children(p);
    irq_disable();
    p->exit_status = wstatus;
    p->state = PROC_ZOMBIE;
    signal_release(p);          /* nothing can be queued to a zombie */
    t->state = THREAD_DEAD;
    signal_notify_parent(p, (wstatus & 0x7f) ? ((wstatus & 0x80) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED,
                         (wstatus & 0x7f) ? (wstatus & 0x7f) : (wstatus >> 8) & 0xff);
    if (p->autoreap)
        detach_zombie(p);
    schedule();
    panic("a dead thread was scheduled");
}
