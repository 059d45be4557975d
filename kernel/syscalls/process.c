/* Process identity and lifetime: fork, execve, exit, process groups and sessions, the id
 * getters, set_tid_address, arch_prctl (TLS bases), resource limits and sched_yield. */
#include "syscalls.h"
#include "ksched.h"
#include "fork.h"
#include "exec.h"
#include "kmalloc.h"
#include "kstring.h"
#include "printk.h"
#include "ktime.h"
#include "uapi/fcntl.h"
#include "arch/x86.h"
#include "uapi/prctl.h"
#include "uapi/resource.h"

#define ARCH_GET_CPUID 0x1011
#define ARCH_SET_CPUID 0x1012

long sys_exit(int error_code)
{
    /* One thread per process, so ending the thread ends the process. */
    proc_exit((error_code & 0xff) << 8);
}

long sys_exit_group(int error_code)
{
    proc_exit((error_code & 0xff) << 8);
}

long sys_fork(void)
{
    struct clone_args_k a = { .flags = SIGCHLD };
    return kern_clone(&a);
}

long sys_vfork(void)
{
    struct clone_args_k a = { .flags = CLONE_VM | CLONE_VFORK | SIGCHLD };
    return kern_clone(&a);
}

long sys_clone(unsigned long clone_flags, unsigned long newsp, uptr parent_tidptr,
               uptr child_tidptr, unsigned long tls)
{
    struct clone_args_k a = { .flags = clone_flags, .stack = newsp, .parent_tid = parent_tidptr,
                              .child_tid = child_tidptr, .tls = tls };
    return kern_clone(&a);
}

#define AT_EMPTY_PATH_FLAG 0x1000
#define AT_SYMLINK_NOFOLLOW_FLAG 0x100

/* fexecve: execveat(fd, "", ..., AT_EMPTY_PATH) runs the file open at fd, named /dev/fd/N
 * as Linux names it. */
static long exec_fd(int fd, struct exec_args *args)
{
    struct file *f = fd_get(current_files(), fd, 0);
    if (!f)
        return -EBADF;
    char name[32];
    snprintf(name, sizeof(name), "/dev/fd/%d", fd);
    return exec_inode(current_proc(), f->inode, name, args);
}

static long kern_execveat(int dfd, uptr filename, uptr argv, uptr envp, int flags)
{
    struct process *p = current_proc();
    if (flags & ~(AT_EMPTY_PATH_FLAG | AT_SYMLINK_NOFOLLOW_FLAG))
        return -EINVAL;
    char *path;
    long err = getname(filename, &path);
    if (err)
        return err;
    bool by_fd = !path[0] && (flags & AT_EMPTY_PATH_FLAG);
    struct inode *start = NULL;
    if (!by_fd)
        err = path[0] ? path_start(dfd, path, &start) : -ENOENT;
    struct exec_args args = { 0 };
    if (!err)
        err = exec_args_from_user(&args, argv, envp, p);
    if (!err && by_fd)
        err = exec_fd(dfd, &args);
    else if (!err)
        err = exec_program(p, start, path, !(flags & AT_SYMLINK_NOFOLLOW_FLAG), &args);
    exec_args_free(&args);
    kfree(path);
    return err;
}

long sys_execve(uptr filename, uptr argv, uptr envp)
{
    return kern_execveat(AT_FDCWD, filename, argv, envp, 0);
}

long sys_execveat(int fd, uptr filename, uptr argv, uptr envp, int flags)
{
    return kern_execveat(fd, filename, argv, envp, flags);
}

/* ---- process groups and sessions ---- */

static struct process *proc_or_self(int pid)
{
    return pid == 0 ? current_proc() : proc_find(pid);
}

long sys_getpgid(int pid)
{
    struct process *p = proc_or_self(pid);
    return p ? p->pgid : -ESRCH;
}

long sys_getpgrp(void) { return current_proc()->pgid; }

long sys_getsid(int pid)
{
    struct process *p = proc_or_self(pid);
    return p ? p->sid : -ESRCH;
}

/* POSIX's rules, in Linux's order: the target is the caller or one of its children (ESRCH)
 * that has not exec'd (EACCES), in the caller's session (EPERM) and not a session leader
 * (EPERM); the group is the target's own id or an existing group of that session (EPERM). */
long sys_setpgid(int pid, int pgid)
{
    struct process *self = current_proc();
    if (pgid < 0)
        return -EINVAL;
    struct process *p = proc_or_self(pid);
    if (!p || (p != self && p->parent != self))
        return -ESRCH;
    if (p != self && p->exec_done)
        return -EACCES;
    if (p->sid != self->sid || p->sid == p->pid)
        return -EPERM;
    if (pgid == 0)
        pgid = p->pid;
    if (pgid != p->pid && !pgrp_in_session(pgid, self->sid))
        return -EPERM;
    p->pgid = pgid;
    return 0;
}

long sys_setsid(void)
{
    struct process *self = current_proc();
    if (pgrp_exists(self->pid))
        return -EPERM;      /* already a group leader, or its id names a group */
    self->sid = self->pgid = self->pid;
    self->ctty = NULL;
    return self->sid;
}

long sys_getpid(void) { return current_proc()->pid; }
long sys_getppid(void) { return current_proc()->ppid; }
long sys_gettid(void) { return current_thread()->tid; }
long sys_getuid(void) { return current_proc()->uid; }
long sys_geteuid(void) { return current_proc()->euid; }
long sys_getgid(void) { return current_proc()->gid; }
long sys_getegid(void) { return current_proc()->egid; }

long sys_set_tid_address(uptr tidptr)
{
    current_thread()->clear_child_tid = tidptr.addr;
    return current_thread()->tid;
}

/* FS and GS bases must be canonical user addresses: Linux refuses the rest with EPERM. */
long sys_arch_prctl(int option, unsigned long arg2)
{
    struct thread *t = current_thread();
    switch (option) {
    case ARCH_SET_FS:
        if (arg2 >= USER_TOP)
            return -EPERM;
        t->fs_base = arg2;
        wrmsr(MSR_FS_BASE, arg2);
        return 0;
    case ARCH_SET_GS:
        if (arg2 >= USER_TOP)
            return -EPERM;
        t->gs_base = arg2;
        wrmsr(MSR_KERNEL_GS_BASE, arg2);    /* the user's GS base while we run on the kernel's */
        return 0;
    case ARCH_GET_FS:
        return put_user((unsigned long)t->fs_base, uptr_of(arg2));
    case ARCH_GET_GS:
        return put_user((unsigned long)t->gs_base, uptr_of(arg2));
    case ARCH_GET_CPUID:
        return 1;           /* cpuid is never made to fault */
    case ARCH_SET_CPUID:
        return arg2 ? 0 : -ENODEV;  /* no CPUID faulting to turn it off with */
    default:
        return -EINVAL;
    }
}

#define NR_OPEN_MAX (1u << 20)  /* Linux's fs.nr_open default: the hard ceiling for RLIMIT_NOFILE */

static long kern_prlimit(struct process *p, unsigned int resource, const struct rlimit *new,
                         struct rlimit *old)
{
    if (resource >= RLIMIT_COUNT)
        return -EINVAL;
    if (new && new->rlim_cur > new->rlim_max)
        return -EINVAL;
    if (new && resource == RLIMIT_NOFILE && new->rlim_max > NR_OPEN_MAX)
        return -EPERM;
    if (old)
        *old = p->rlim[resource];
    if (new)
        p->rlim[resource] = *new;   /* every process is root: raising the hard limit is allowed */
    return 0;
}

long sys_prlimit64(int pid, unsigned int resource, uptr new_rlim, uptr old_rlim)
{
    struct process *p = current_proc();
    struct rlimit new, old;
    if (!uptr_is_null(new_rlim) && copy_from_user(&new, new_rlim, sizeof(new)))
        return -EFAULT;
    if (pid != 0 && !(p = proc_find(pid)))
        return -ESRCH;
    long err = kern_prlimit(p, resource, uptr_is_null(new_rlim) ? NULL : &new, &old);
    if (err)
        return err;
    if (!uptr_is_null(old_rlim) && copy_to_user(old_rlim, &old, sizeof(old)))
        return -EFAULT;
    return 0;
}

long sys_getrlimit(unsigned int resource, uptr rlim)
{
    struct rlimit r;
    long err = kern_prlimit(current_proc(), resource, NULL, &r);
    if (err)
        return err;
    return copy_to_user(rlim, &r, sizeof(r));
}

long sys_sched_yield(void)
{
    schedule();
    return 0;
}

/* ---- prctl, robust futex lists, CPU times ---- */

static long prctl_name(struct process *p, int option, uptr arg)
{
    char name[16];
    if (option == PR_GET_NAME)
        return copy_to_user(arg, p->comm, sizeof(p->comm));
    /* A longer name is cut to 15 bytes, so the copy stops there, NUL or not. */
    size_t n = 0;
    for (; n < sizeof(name) - 1; n++) {
        if (get_user(name[n], uptr_add(arg, n)))
            return -EFAULT;
        if (!name[n])
            break;
    }
    name[n] = '\0';
    memcpy(p->comm, name, n + 1);
    return 0;
}

long sys_prctl(int option, unsigned long arg2, unsigned long arg3, unsigned long arg4,
               unsigned long arg5)
{
    struct process *p = current_proc();
    switch (option) {
    case PR_SET_NAME: case PR_GET_NAME:
        return prctl_name(p, option, uptr_of(arg2));
    case PR_SET_PDEATHSIG:
        if (arg2 > _NSIG)
            return -EINVAL;
        p->pdeath_signal = (int)arg2;
        return 0;
    case PR_GET_PDEATHSIG:
        return put_user(p->pdeath_signal, uptr_of(arg2));
    case PR_GET_DUMPABLE:
        return p->dumpable;
    case PR_SET_DUMPABLE:
        if (arg2 > 1)
            return -EINVAL;
        p->dumpable = arg2;
        return 0;
    case PR_SET_NO_NEW_PRIVS:
        if (arg2 != 1 || arg3 || arg4 || arg5)
            return -EINVAL;
        p->no_new_privs = true;
        return 0;
    case PR_GET_NO_NEW_PRIVS:
        return (arg2 || arg3 || arg4 || arg5) ? -EINVAL : p->no_new_privs;
    default:
        return -EINVAL;
    }
}

/* The C library registers its robust-futex list head; the kernel would walk it at exit to
 * release mutexes a dead thread held. With one thread per process no other thread can wait on
 * them, so the head is only kept for get_robust_list. */
#define ROBUST_LIST_HEAD_SIZE 24

long sys_set_robust_list(uptr head, size_t len)
{
    if (len != ROBUST_LIST_HEAD_SIZE)
        return -EINVAL;
    current_thread()->robust_list = head.addr;
    return 0;
}

long sys_get_robust_list(int pid, uptr head_ptr, uptr len_ptr)
{
    struct process *p = pid ? proc_find(pid) : current_proc();
    if (!p)
        return -ESRCH;
    if (put_user((unsigned long)ROBUST_LIST_HEAD_SIZE, len_ptr))
        return -EFAULT;
    return put_user((unsigned long)p->main_thread->robust_list, head_ptr);
}

#define USER_HZ 100

static long ns_to_clock_ticks(u64 ns) { return (long)(ns / (1000000000ull / USER_HZ)); }

/* times returns the elapsed time since boot in clock ticks, as Linux does. */
long sys_times(uptr tbuf)
{
    struct process *p = current_proc();
    struct { long utime, stime, cutime, cstime; } t = {
        ns_to_clock_ticks(p->utime_ns), ns_to_clock_ticks(p->stime_ns),
        ns_to_clock_ticks(p->cutime_ns), ns_to_clock_ticks(p->cstime_ns),
    };
    if (!uptr_is_null(tbuf) && copy_to_user(tbuf, &t, sizeof(t)))
        return -EFAULT;
    return ns_to_clock_ticks(ktime_ns()) + 1;
}

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

static struct timeval ns_to_tv(u64 ns)
{
    return (struct timeval){ (s64)(ns / 1000000000ull), (s64)(ns % 1000000000ull) / 1000 };
}

long sys_getrusage(int who, uptr ru)
{
    struct process *p = current_proc();
    struct rusage r;
    memset(&r, 0, sizeof(r));
    if (who == RUSAGE_SELF || who == RUSAGE_THREAD) {
        r.ru_utime = ns_to_tv(p->utime_ns);
        r.ru_stime = ns_to_tv(p->stime_ns);
        r.ru_minflt = (long)p->minflt;
    } else if (who == RUSAGE_CHILDREN) {
        r.ru_utime = ns_to_tv(p->cutime_ns);
        r.ru_stime = ns_to_tv(p->cstime_ns);
    } else {
        return -EINVAL;
    }
    return copy_to_user(ru, &r, sizeof(r));
}
