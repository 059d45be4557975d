/* Signal system calls: sending (kill, tkill, tgkill). */
#include "syscalls.h"
#include "ksignal.h"

static bool signo_valid(int sig) { return sig >= 0 && sig <= _NSIG; }

static struct ksiginfo user_info(int sig, int code)
{
    struct process *self = current_proc();
    return (struct ksiginfo){ .signo = sig, .code = code, .pid = self->pid, .uid = (int)self->uid };
}

/* kill(-1): every process but init and the caller; ESRCH when there is none. */
static long kill_everyone(int sig, const struct ksiginfo *info)
{
    bool found = false;
    for (struct process *p = proc_first(); p; p = p->next_proc)
        if (p->pid > 1 && p != current_proc() && p->state == PROC_ALIVE) {
            signal_send(p, sig, info);
            found = true;
        }
    return found ? 0 : -ESRCH;
}

long sys_kill(int pid, int sig)
{
    if (!signo_valid(sig))
        return -EINVAL;
    struct ksiginfo info = user_info(sig, SI_USER);
    if (pid == -1)
        return kill_everyone(sig, &info);
    if (pid <= 0)
        return signal_send_group(pid == 0 ? current_proc()->pgid : -pid, sig, &info);
    struct process *p = proc_find(pid);
    if (!p)
        return -ESRCH;
    return signal_send(p, sig, &info);
}

static long kern_tkill(int tgid, int tid, int sig)
{
    if (tid <= 0 || tgid == 0 || tgid < -1 || !signo_valid(sig))
        return -EINVAL;
    struct process *p = proc_find(tid);
    if (!p || (tgid > 0 && p->pid != tgid))
        return -ESRCH;
    struct ksiginfo info = user_info(sig, SI_TKILL);
    return signal_send_thread(p->main_thread, sig, &info);
}

long sys_tkill(int pid, int sig) { return kern_tkill(-1, pid, sig); }
long sys_tgkill(int tgid, int pid, int sig) { return tgid <= 0 ? -EINVAL : kern_tkill(tgid, pid, sig); }
