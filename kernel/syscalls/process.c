/* Process identity and lifetime: exit, the id getters, set_tid_address, arch_prctl (TLS bases),
 * resource limits and sched_yield. */
#include "syscalls.h"
#include "arch/x86.h"
#include "uapi/prctl.h"
#include "uapi/resource.h"

#define ARCH_GET_CPUID 0x1011
#define ARCH_SET_CPUID 0x1012

long sys_exit(int error_code)
{
    /* One thread per process for now, so ending the thread ends the process. */
    proc_exit(current_proc(), (error_code & 0xff) << 8);
}

long sys_exit_group(int error_code)
{
    proc_exit(current_proc(), (error_code & 0xff) << 8);
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
    if (pid != 0 && pid != p->pid)
        return -ESRCH;      /* the only process is the caller */
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
    return 0;   /* a single runnable thread: yielding returns to it at once */
}
