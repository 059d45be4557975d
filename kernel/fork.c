/* fork, vfork and clone. The child gets a copy-on-write copy of the address space (or shares
 * it, CLONE_VM), a copy of the descriptor table (or shares it, CLONE_FILES), the dispositions
 * (copied, or shared with CLONE_SIGHAND), and a thread whose first return to user mode comes
 * back from the same system call with 0.
 *
 * Threads (CLONE_THREAD) and namespaces are not supported: those flags are refused with
 * EINVAL. */
#include "fork.h"
#include "proc.h"
#include "ksched.h"
#include "ksignal.h"
#include "vm.h"
#include "file.h"
#include "fs.h"
#include "kmalloc.h"
#include "kstring.h"
#include "uapi/errno.h"

void thread_first_entry(void);

#define CLONE_UNSUPPORTED (CLONE_THREAD | CLONE_FS | CLONE_PIDFD | CLONE_NEWNS | CLONE_NEWCGROUP | \
                           CLONE_NEWUTS | CLONE_NEWIPC | CLONE_NEWUSER | CLONE_NEWPID |          \
                           CLONE_NEWNET | CLONE_SYSVSEM | CLONE_IO)

/* Linux's consistency rules first, then what Wicket cannot do yet. */
static long check_flags(u64 flags)
{
    if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
        return -EINVAL;
    if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
        return -EINVAL;
    if (flags & CLONE_UNSUPPORTED)
        return -EINVAL;
    return 0;
}

static int copy_resources(struct process *child, struct process *parent, u64 flags)
{
    if (flags & CLONE_VM) {
        child->mm = parent->mm;
        mm_get(child->mm);
    } else if (!(child->mm = mm_clone(parent->mm))) {
        return -ENOMEM;
    }
    if (flags & CLONE_FILES) {
        child->files = parent->files;
        child->files->refs++;
    } else if (!(child->files = fdtable_clone(parent->files))) {
        return -ENOMEM;
    }
    child->sighand = sighand_fork(parent->sighand, flags & CLONE_SIGHAND);
    return child->sighand ? 0 : -ENOMEM;
}

/* The child's kernel stack: its user frame at the top, and below it what arch_switch_stacks
 * pops (six callee-saved registers, then the return address) so it starts in
 * thread_first_entry. */
static void prepare_thread(struct thread *t, struct thread *parent, const struct clone_args_k *a)
{
    *t->frame = *parent->frame;
    t->frame->rax = 0;
    if (a->stack)
        t->frame->rsp = a->stack;
    t->fs_base = (a->flags & CLONE_SETTLS) ? a->tls : parent->fs_base;
    t->gs_base = parent->gs_base;
    t->blocked = parent->blocked;
    /* The alternate stack is inherited, except by a child running on its own stack in the
     * same memory (where the parent's stack is not its to use), as on Linux. */
    if ((a->flags & (CLONE_VM | CLONE_VFORK)) != CLONE_VM) {
        t->altstack_sp = parent->altstack_sp;
        t->altstack_size = parent->altstack_size;
        t->altstack_flags = parent->altstack_flags;
    }
    __asm__ volatile("fxsave64 %0" : "=m"(*t->fpu));    /* the parent's live FPU registers */
    if (a->flags & CLONE_CHILD_CLEARTID)
        t->clear_child_tid = a->child_tid.addr;
    u64 *sp = (u64 *)t->frame;
    *--sp = (u64)thread_first_entry;
    for (int i = 0; i < 6; i++)
        *--sp = 0;
    t->kernel_rsp = (u64)sp;
}

/* Undoes a half-built child that never ran. */
static void discard_child(struct process *child)
{
    if (child->files)
        fdtable_put(child->files);
    mm_put(child->mm);
    sighand_put(child->sighand);
    inode_put(child->cwd);
    inode_put(child->root);
    proc_free(child);
}

static long spawn(struct process *parent, const struct clone_args_k *a, struct process **out)
{
    int err = 0;
    struct process *child = proc_alloc(parent, &err);
    if (!child)
        return err;
    err = copy_resources(child, parent, a->flags);
    struct thread *t = err ? NULL : thread_alloc(child);
    if (!t) {
        discard_child(child);
        return err ? err : -ENOMEM;
    }
    child->main_thread = t;
    child->exit_signal = a->flags & CSIGNAL;
    prepare_thread(t, current_thread(), a);
    *out = child;
    return 0;
}

/* CLONE_CHILD_SETTID writes into the child's memory, which after fork is a different address
 * space: switch to it for the store (the page is copied on write there). */
static void set_child_tid(struct process *child, uptr where)
{
    struct process *self = current_proc();
    struct mm *mine = self->mm;
    self->mm = child->mm;
    mm_activate(child->mm);
    put_user((u32)child->pid, where);
    self->mm = mine;
    mm_activate(mine);
}

long kern_clone(const struct clone_args_k *a)
{
    struct process *parent = current_proc();
    long err = check_flags(a->flags);
    if (err)
        return err;
    if (parent->uid != 0 && proc_count_uid(parent->uid) >= parent->rlim[RLIMIT_NPROC].rlim_cur)
        return -EAGAIN;
    proc_reap_detached();
    struct process *child = NULL;
    err = spawn(parent, a, &child);
    if (err)
        return err;
    int pid = child->pid;
    if (a->flags & CLONE_PARENT_SETTID)
        put_user((u32)pid, a->parent_tid);
    if (a->flags & CLONE_CHILD_SETTID)
        set_child_tid(child, a->child_tid);
    struct completion vfork;
    if (a->flags & CLONE_VFORK) {
        completion_init(&vfork);
        child->vfork_done = &vfork;
    }
    sched_start(child->main_thread);
    if ((a->flags & CLONE_VFORK) &&
        wait_event(&vfork.waiters, vfork.done, NO_DEADLINE, SLEEP_KILLABLE)) {
        /* Killed while waiting: the completion on this stack is about to go away. */
        struct process *c = proc_find(pid);
        if (c && c->vfork_done == &vfork)
            c->vfork_done = NULL;
    }
    return pid;
}
