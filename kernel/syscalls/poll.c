/* poll, ppoll, select and pselect6: copy the descriptor sets in, turn the timeout into a
 * deadline, swap the signal mask for the p* forms, wait through poll_run (fs/poll.c), and copy
 * the results and the time left back, in Linux's order of checks.
 *
 * A call a signal interrupts returns -ERESTARTNOHAND: -EINTR when a handler runs, else it is
 * restarted. ppoll, select and pselect6 first write the time left to the caller's timeout, so
 * a restart waits only for the rest; poll keeps its timeout in a register and restarts with
 * the whole of it (Linux keeps the deadline in a restart block, which Wicket does not have). */
#include "syscalls.h"
#include "poll.h"
#include "kmalloc.h"
#include "ktime.h"
#include "uapi/fcntl.h"
#include "uapi/time.h"

#define NSEC_PER_SEC 1000000000ll

/* ---- timeouts ---- */

/* A timeout as the calls take it: none (wait for ever), zero (look once; nothing is written
 * back), or a deadline on the monotonic clock. */
struct poll_timeout {
    bool given, zero;
    u64 deadline;
};

static long timeout_set(s64 sec, s64 nsec, struct poll_timeout *to)
{
    if (sec < 0 || nsec < 0 || nsec >= NSEC_PER_SEC)
        return -EINVAL;
    u64 now = ktime_ns();
    u64 room = UINT64_MAX / 2 - now;        /* far beyond any real wait */
    u64 delta = (u64)sec > room / NSEC_PER_SEC ? room : (u64)sec * NSEC_PER_SEC + (u64)nsec;
    *to = (struct poll_timeout){ .given = true, .zero = sec == 0 && nsec == 0,
                                 .deadline = now + MIN(delta, room) };
    return 0;
}

static u64 timeout_deadline(const struct poll_timeout *to)
{
    return to->given ? to->deadline : NO_DEADLINE;
}

static long timespec_timeout(uptr uts, struct poll_timeout *to)
{
    struct timespec ts;
    if (uptr_is_null(uts))
        return 0;
    if (copy_from_user(&ts, uts, sizeof(ts)))
        return -EFAULT;
    return timeout_set(ts.tv_sec, ts.tv_nsec, to);
}

/* select normalises the microseconds first, so 1500000 of them is 1.5 s. */
static long timeval_timeout(uptr utv, struct poll_timeout *to)
{
    struct timeval tv;
    s64 sec;
    if (uptr_is_null(utv))
        return 0;
    if (copy_from_user(&tv, utv, sizeof(tv)))
        return -EFAULT;
    if (__builtin_add_overflow(tv.tv_sec, tv.tv_usec / 1000000, &sec))
        return -EINVAL;
    return timeout_set(sec, (tv.tv_usec % 1000000) * 1000, to);
}

/* Writes the time left back (Linux's habit for select, pselect6 and ppoll). A timeout the
 * caller cannot have rewritten cannot be restarted from either: -EINTR then. */
static long timeout_finish(const struct poll_timeout *to, uptr ut, bool timeval, long ret)
{
    if (!to->given || to->zero)
        return ret;
    u64 now = ktime_ns();
    struct timespec left = ns_to_timespec(to->deadline > now ? to->deadline - now : 0);
    struct timeval left_tv = { left.tv_sec, left.tv_nsec / 1000 };
    long err = timeval ? copy_to_user(ut, &left_tv, sizeof(left_tv))
                       : copy_to_user(ut, &left, sizeof(left));
    return err && ret == -ERESTARTNOHAND ? -EINTR : ret;
}

/* ---- the temporary signal mask of ppoll and pselect6 ---- */

static long sigmask_swap(uptr umask, size_t size)
{
    struct thread *t = current_thread();
    sigset_k mask;
    if (uptr_is_null(umask))
        return 0;
    if (size != sizeof(sigset_k))
        return -EINVAL;
    if (copy_from_user(&mask, umask, sizeof(mask)))
        return -EFAULT;
    t->saved_mask = t->blocked;
    t->restore_saved_mask = true;
    signal_set_blocked(t, mask);
    return 0;
}

/* An interrupted call keeps the temporary mask until the signal's handler frame has been set
 * up (signal delivery restores it then); otherwise the old mask returns now. */
static void sigmask_restore_unless_interrupted(long ret)
{
    struct thread *t = current_thread();
    if (!t->restore_saved_mask || ret == -ERESTARTNOHAND)
        return;
    t->restore_saved_mask = false;
    signal_set_blocked(t, t->saved_mask);
}

/* ---- poll ---- */

struct pollfd_scan {
    struct pollfd *fds;
    unsigned n;
};

/* A negative fd is skipped (revents 0); a closed one, or an O_PATH one, is POLLNVAL. Only the
 * events asked for are reported, plus POLLERR and POLLHUP always. */
static unsigned pollfd_revents(const struct pollfd *pfd, struct poll_table *pt)
{
    if (pfd->fd < 0)
        return 0;
    struct file *f = fd_get(current_files(), pfd->fd, 0);
    if (!f || (f->flags & O_PATH))
        return POLLNVAL;
    return file_poll(f, pt) & ((u16)pfd->events | POLLERR | POLLHUP);
}

static long scan_pollfds(void *ctx, struct poll_table *pt)
{
    struct pollfd_scan *s = ctx;
    long ready = 0;
    for (unsigned i = 0; i < s->n; i++) {
        s->fds[i].revents = (short)pollfd_revents(&s->fds[i], pt);
        if (s->fds[i].revents) {
            ready++;
            poll_table_found(pt);
        }
    }
    return ready;
}

/* Every revents is written back, even after a signal (then all are 0). */
static long kern_poll(uptr ufds, unsigned nfds, u64 deadline)
{
    if (nfds > current_proc()->rlim[RLIMIT_NOFILE].rlim_cur)
        return -EINVAL;
    struct pollfd *fds = kmalloc(MAX(nfds, 1u) * sizeof(*fds));
    if (!fds)
        return -ENOMEM;
    long ret = copy_from_user(fds, ufds, nfds * sizeof(*fds));
    if (!ret) {
        struct pollfd_scan s = { fds, nfds };
        ret = poll_run(scan_pollfds, &s, deadline);
        for (unsigned i = 0; i < nfds; i++) {
            uptr at = uptr_add(ufds, i * sizeof(*fds) + __builtin_offsetof(struct pollfd, revents));
            if (put_user(fds[i].revents, at)) {
                ret = -EFAULT;
                break;
            }
        }
    }
    kfree(fds);
    return ret;
}

long sys_poll(uptr ufds, unsigned int nfds, int timeout_msecs)
{
    struct poll_timeout to = { 0 };
    if (timeout_msecs >= 0)
        timeout_set(timeout_msecs / 1000, (s64)(timeout_msecs % 1000) * 1000000, &to);
    return kern_poll(ufds, nfds, timeout_deadline(&to));
}

long sys_ppoll(uptr ufds, unsigned int nfds, uptr tsp, uptr sigmask, size_t sigsetsize)
{
    struct poll_timeout to = { 0 };
    long ret = timespec_timeout(tsp, &to);
    if (!ret)
        ret = sigmask_swap(sigmask, sigsetsize);
    if (ret)
        return ret;
    ret = kern_poll(ufds, nfds, timeout_deadline(&to));
    sigmask_restore_unless_interrupted(ret);
    return timeout_finish(&to, tsp, false, ret);
}

/* ---- select ---- */

#define POLLIN_SET  (POLLRDNORM | POLLRDBAND | POLLIN | POLLHUP | POLLERR)
#define POLLOUT_SET (POLLWRBAND | POLLWRNORM | POLLOUT | POLLERR)
#define POLLEX_SET  POLLPRI

/* The three sets asked about and the three answered, each `words` 64-bit words. */
struct select_scan {
    int n;
    size_t words;
    u64 *in, *out, *ex, *res_in, *res_out, *res_ex;
};

static bool bit_set(const u64 *set, int fd) { return set[fd / 64] >> (fd % 64) & 1; }
static void set_bit(u64 *set, int fd) { set[fd / 64] |= 1ull << (fd % 64); }

static long scan_select(void *ctx, struct poll_table *pt)
{
    struct select_scan *s = ctx;
    long ready = 0;
    for (int fd = 0; fd < s->n; fd++) {
        bool in = bit_set(s->in, fd), out = bit_set(s->out, fd), ex = bit_set(s->ex, fd);
        if (!in && !out && !ex)
            continue;
        /* An O_PATH descriptor counts as open but answers nothing, as on Linux. */
        struct file *f = fd_get(current_files(), fd, 0);
        unsigned mask = f && !(f->flags & O_PATH) ? file_poll(f, pt) : POLLNVAL;
        bool hits[3] = { in && (mask & POLLIN_SET), out && (mask & POLLOUT_SET),
                         ex && (mask & POLLEX_SET) };
        u64 *res[3] = { s->res_in, s->res_out, s->res_ex };
        for (int k = 0; k < 3; k++) {
            if (hits[k]) {
                set_bit(res[k], fd);
                ready++;
                poll_table_found(pt);
            }
        }
    }
    return ready;
}

/* Every descriptor named in a set must be open (EBADF); the scan then stops after the last
 * one named. */
static long select_last_fd(struct select_scan *s)
{
    int last = 0;
    for (int fd = 0; fd < s->n; fd++) {
        if (!bit_set(s->in, fd) && !bit_set(s->out, fd) && !bit_set(s->ex, fd))
            continue;
        if (!fd_slot(current_files(), fd))
            return -EBADF;
        last = fd + 1;
    }
    return last;
}

static long copy_sets_in(struct select_scan *s, uptr inp, uptr outp, uptr exp)
{
    uptr from[3] = { inp, outp, exp };
    u64 *to[3] = { s->in, s->out, s->ex };
    for (int k = 0; k < 3; k++)
        if (!uptr_is_null(from[k]) && copy_from_user(to[k], from[k], s->words * 8))
            return -EFAULT;
    return 0;
}

static long copy_sets_out(struct select_scan *s, uptr inp, uptr outp, uptr exp)
{
    uptr to[3] = { inp, outp, exp };
    u64 *from[3] = { s->res_in, s->res_out, s->res_ex };
    for (int k = 0; k < 3; k++)
        if (!uptr_is_null(to[k]) && copy_to_user(to[k], from[k], s->words * 8))
            return -EFAULT;
    return 0;
}

/* n beyond the descriptor table's capacity (Linux's max_fds: at least 64, in whole words) is
 * cut down to it, so bits past it are neither read nor checked. */
static long kern_select(int n, uptr inp, uptr outp, uptr exp, u64 deadline)
{
    if (n < 0)
        return -EINVAL;
    int max_fds = (int)ALIGN_UP((u64)MAX(current_files()->size, 64), 64);
    struct select_scan s = { .n = MIN(n, max_fds) };
    s.words = ((size_t)s.n + 63) / 64;
    u64 *sets = kzalloc(MAX(s.words, (size_t)1) * 6 * 8);
    if (!sets)
        return -ENOMEM;
    u64 **parts[6] = { &s.in, &s.out, &s.ex, &s.res_in, &s.res_out, &s.res_ex };
    for (int k = 0; k < 6; k++)
        *parts[k] = sets + k * s.words;
    int full_n = s.n;
    long ret = copy_sets_in(&s, inp, outp, exp);
    if (!ret)
        ret = select_last_fd(&s);
    if (ret >= 0) {
        s.n = (int)ret;
        ret = poll_run(scan_select, &s, deadline);
        s.n = full_n;
    }
    if (ret >= 0 && copy_sets_out(&s, inp, outp, exp))
        ret = -EFAULT;
    kfree(sets);
    return ret;
}

long sys_select(int n, uptr inp, uptr outp, uptr exp, uptr tvp)
{
    struct poll_timeout to = { 0 };
    long ret = timeval_timeout(tvp, &to);
    if (ret)
        return ret;
    ret = kern_select(n, inp, outp, exp, timeout_deadline(&to));
    return timeout_finish(&to, tvp, true, ret);
}

/* pselect6's sixth argument points at the mask's address and size, since a system call has
 * only six registers. */
struct sigset_argpack {
    uptr mask;
    size_t size;
};

long sys_pselect6(int n, uptr inp, uptr outp, uptr exp, uptr tsp, uptr sig)
{
    struct sigset_argpack pack = { { 0 }, 0 };
    struct poll_timeout to = { 0 };
    if (!uptr_is_null(sig) && copy_from_user(&pack, sig, sizeof(pack)))
        return -EFAULT;
    long ret = timespec_timeout(tsp, &to);
    if (!ret)
        ret = sigmask_swap(pack.mask, pack.size);
    if (ret)
        return ret;
    ret = kern_select(n, inp, outp, exp, timeout_deadline(&to));
    sigmask_restore_unless_interrupted(ret);
    return timeout_finish(&to, tsp, false, ret);
}
