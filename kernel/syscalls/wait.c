/* wait4 and waitid: a parent collects the exit of a child (reaping the zombie), or hears that
 * it stopped or continued (job control). Both share one scan over the caller's children. */
#include "syscalls.h"
#include "ksched.h"
#include "ksignal.h"
#include "kstring.h"
#include "uapi/resource.h"

#define WNOHANG    0x00000001
#define WUNTRACED  0x00000002
#define WSTOPPED   WUNTRACED
#define WEXITED    0x00000004
#define WCONTINUED 0x00000008
#define WNOWAIT    0x01000000
#define WNOTHREAD  0x20000000
#define WALL       0x40000000
#define WCLONE     0x80000000u

#define P_ALL  0
#define P_PID  1
#define P_PGID 2

/* Which children a wait is about: one pid, a process group, or any. */
struct wait_target {
    int pid;            /* > 0: that child */
    int pgid;           /* > 0: children in that group */
    unsigned options;   /* WEXITED | WSTOPPED | WCONTINUED | WNOWAIT | WNOHANG */
};

enum found { FOUND_NOTHING, FOUND_EXITED, FOUND_STOPPED, FOUND_CONTINUED };

static bool matches(const struct process *c, const struct wait_target *w)
{
    if (w->pid > 0)
        return c->pid == w->pid;
    if (w->pgid > 0)
        return c->pgid == w->pgid;
    return true;
}

static enum found child_news(const struct process *c, unsigned options)
{
    if (c->state == PROC_ZOMBIE)
        return (options & WEXITED) ? FOUND_EXITED : FOUND_NOTHING;
    if ((options & WSTOPPED) && c->report == REPORT_STOPPED)
        return FOUND_STOPPED;
    if ((options & WCONTINUED) && c->report == REPORT_CONTINUED)
        return FOUND_CONTINUED;
    return FOUND_NOTHING;
}

/* Finds a child with news: 1 (and *out, *what), 0 when matching children have none yet,
 * -ECHILD when no child matches at all. */
static int scan_children(struct process *self, const struct wait_target *w,
                         struct process **out, enum found *what)
{
    bool any = false;
    for (struct process *c = self->children; c; c = c->next_sibling) {
        if (!matches(c, w))
            continue;
        any = true;
        if ((*what = child_news(c, w->options)) != FOUND_NOTHING) {
            *out = c;
            return 1;
        }
    }
    return any ? 0 : -ECHILD;
}

/* Sleeps until a matching child has news (or WNOHANG says not to). 1, 0 (WNOHANG, nothing
 * yet), -ECHILD or -ERESTARTSYS. */
static int wait_for_child(const struct wait_target *w, struct process **out, enum found *what)
{
    struct process *self = current_proc();
    proc_reap_detached();
    int r = 0;
    int err = wait_event(&self->child_wait,
                         (r = scan_children(self, w, out, what)) != 0 || (w->options & WNOHANG),
                         NO_DEADLINE, SLEEP_INTERRUPTIBLE);
    return err ? err : r;
}

static int wait_status(const struct process *c, enum found what)
{
    switch (what) {
    case FOUND_EXITED: return c->exit_status;
    case FOUND_STOPPED: return (c->report_sig << 8) | 0x7f;
    default: return 0xffff;
    }
}

static struct timeval ns_to_timeval(u64 ns)
{
    return (struct timeval){ (s64)(ns / 1000000000ull), (s64)(ns % 1000000000ull) / 1000 };
}

static void fill_rusage(const struct process *c, struct rusage *ru)
{
    memset(ru, 0, sizeof(*ru));
    ru->ru_utime = ns_to_timeval(c->utime_ns + c->cutime_ns);
    ru->ru_stime = ns_to_timeval(c->stime_ns + c->cstime_ns);
    ru->ru_minflt = (long)c->minflt;
}

/* Consumes the news: a zombie is freed (its times added to the parent's children times), a
 * stop or continue report is cleared. WNOWAIT leaves everything as it was. */
static void consume(struct process *self, struct process *c, enum found what, unsigned options)
{
    if (options & WNOWAIT)
        return;
    if (what != FOUND_EXITED) {
        c->report = REPORT_NONE;
        return;
    }
    self->cutime_ns += c->utime_ns + c->cutime_ns;
    self->cstime_ns += c->stime_ns + c->cstime_ns;
    proc_free(c);
}

static long wait4_target(int upid, struct wait_target *w)
{
    if (upid == INT32_MIN)
        return -ESRCH;      /* -INT_MIN has no group to name */
    if (upid > 0)
        w->pid = upid;
    else if (upid == 0)
        w->pgid = current_proc()->pgid;
    else if (upid < -1)
        w->pgid = -upid;
    return 0;
}

long sys_wait4(int upid, uptr stat_addr, int options, uptr ru)
{
    if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | WNOTHREAD | WALL | WCLONE))
        return -EINVAL;
    struct wait_target w = { .options = (options & (WNOHANG | WUNTRACED | WCONTINUED)) | WEXITED };
    long err = wait4_target(upid, &w);
    struct process *c;
    enum found what;
    int r = err ? (int)err : wait_for_child(&w, &c, &what);
    if (r <= 0)
        return r;
    struct rusage usage;
    fill_rusage(c, &usage);
    int status = wait_status(c, what), pid = c->pid;
    /* As on Linux, the news is consumed (a zombie reaped) before the results are stored, so a
     * bad pointer loses them: the call fails with EFAULT and the child is gone. */
    consume(current_proc(), c, what, w.options);
    if (!uptr_is_null(stat_addr) && put_user(status, stat_addr))
        return -EFAULT;
    if (!uptr_is_null(ru) && copy_to_user(ru, &usage, sizeof(usage)))
        return -EFAULT;
    return pid;
}

/* The SIGCHLD-shaped siginfo waitid fills (x86_64 layout, 128 bytes). */
struct waitid_info {
    int si_signo, si_errno, si_code, pad;
    int si_pid, si_uid;
    int si_status, pad2;
    long si_utime, si_stime;
    u8 rest[128 - 48];
};
_Static_assert(sizeof(struct waitid_info) == 128, "siginfo is 128 bytes");

static void fill_waitid_info(const struct process *c, enum found what, struct waitid_info *si)
{
    static const int codes[] = { [FOUND_STOPPED] = CLD_STOPPED, [FOUND_CONTINUED] = CLD_CONTINUED };
    memset(si, 0, sizeof(*si));
    si->si_signo = SIGCHLD;
    si->si_pid = c->pid;
    si->si_uid = (int)c->uid;
    if (what == FOUND_EXITED) {
        int st = c->exit_status;
        si->si_code = (st & 0x7f) ? ((st & 0x80) ? CLD_DUMPED : CLD_KILLED) : CLD_EXITED;
        si->si_status = (st & 0x7f) ? (st & 0x7f) : (st >> 8) & 0xff;
    } else {
        si->si_code = codes[what];
        si->si_status = what == FOUND_STOPPED ? c->report_sig : SIGCONT;
    }
}

static long waitid_target(int which, int upid, struct wait_target *w)
{
    switch (which) {
    case P_ALL: return 0;
    case P_PID: w->pid = upid; return upid > 0 ? 0 : -EINVAL;
    case P_PGID:
        if (upid < 0)
            return -EINVAL;
        w->pgid = upid ? upid : current_proc()->pgid;
        return 0;
    default: return -EINVAL;
    }
}

long sys_waitid(int which, int upid, uptr infop, int options, uptr ru)
{
    unsigned known = WNOHANG | WSTOPPED | WEXITED | WCONTINUED | WNOWAIT | WNOTHREAD | WALL | WCLONE;
    if ((options & ~known) || !(options & (WEXITED | WSTOPPED | WCONTINUED)))
        return -EINVAL;
    struct wait_target w = { .options = options };
    long err = waitid_target(which, upid, &w);
    struct process *c = NULL;
    enum found what = FOUND_NOTHING;
    int r = err ? (int)err : wait_for_child(&w, &c, &what);
    if (r < 0)
        return r;
    struct waitid_info si = { 0 };
    struct rusage usage = { 0 };
    if (c) {
        fill_waitid_info(c, what, &si);
        fill_rusage(c, &usage);
        consume(current_proc(), c, what, w.options);
    }
    /* Linux stores only the fields it fills (through si_status), not all 128 bytes. */
    if (!uptr_is_null(infop) && copy_to_user(infop, &si, __builtin_offsetof(struct waitid_info, pad2)))
        return -EFAULT;
    if (!uptr_is_null(ru) && copy_to_user(ru, &usage, sizeof(usage)))
        return -EFAULT;
    return 0;
}
