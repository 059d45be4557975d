/* Advisory file locks (see lock.h). Each inode keeps a list of the locks held on it; a caller
 * that must wait sleeps on one queue shared by all locks and re-checks when any lock is
 * released, which is simple and, with the handful of locks programs hold, cheap. */
#include "lock.h"
#include "file.h"
#include "fs.h"
#include "proc.h"
#include "kwait.h"
#include "kmalloc.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"

#define LOCK_SH 1
#define LOCK_EX 2
#define LOCK_NB 4
#define LOCK_UN 8
#define OFFSET_MAX ((u64)INT64_MAX)

struct file_lock {
    int pid;                /* POSIX locks: the owner */
    struct file *ofd;       /* flock locks: the owning open file description, else NULL */
    u64 start, end;         /* inclusive byte range */
    int type;               /* F_RDLCK or F_WRLCK */
    struct file_lock *next;
};

static struct waitq lock_waiters;
/* For deadlock detection: the pid each sleeping F_SETLKW caller waits for, by pid. */
static int waits_for[PID_MAX];

static bool same_owner(const struct file_lock *a, const struct file_lock *b)
{
    return a->ofd ? a->ofd == b->ofd : (!b->ofd && a->pid == b->pid);
}

static bool conflicts(const struct file_lock *held, const struct file_lock *want)
{
    if (same_owner(held, want) || !held->ofd != !want->ofd)
        return false;
    if (held->end < want->start || want->end < held->start)
        return false;
    return held->type == F_WRLCK || want->type == F_WRLCK;
}

static struct file_lock *first_conflict(struct inode *ino, const struct file_lock *want)
{
    for (struct file_lock *l = ino->locks; l; l = l->next)
        if (conflicts(l, want))
            return l;
    return NULL;
}

/* Removes the owner's coverage of [start, end], splitting a lock that extends past both
 * sides. Returns -ENOLCK when the split cannot be allocated. */
static int carve(struct inode *ino, const struct file_lock *owner, u64 start, u64 end)
{
    for (struct file_lock **pp = &ino->locks, *l; (l = *pp); ) {
        if (!same_owner(l, owner) || l->end < start || end < l->start) {
            pp = &l->next;
            continue;
        }
        if (l->start < start && l->end > end) {
            struct file_lock *tail = kmalloc(sizeof(*tail));
            if (!tail)
                return -ENOLCK;
            *tail = *l;
            tail->start = end + 1;
            l->end = start - 1;
            l->next = tail;
            return 0;
        }
        if (l->start < start) {
            l->end = start - 1;
        } else if (l->end > end) {
            l->start = end + 1;
        } else {
            *pp = l->next;
            kfree(l);
            continue;
        }
        pp = &l->next;
    }
    return 0;
}

/* Replaces the owner's locks over the range with want (or just removes them for F_UNLCK). */
static int apply(struct inode *ino, const struct file_lock *want)
{
    struct file_lock *l = NULL;
    if (want->type != F_UNLCK && !(l = kmalloc(sizeof(*l))))
        return -ENOLCK;
    int err = carve(ino, want, want->start, want->end);
    if (err) {
        kfree(l);
        return err;
    }
    if (l) {
        *l = *want;
        l->next = ino->locks;
        ino->locks = l;
    }
    wake_up(&lock_waiters);
    return 0;
}

/* F_SETLKW would sleep on a lock of blocker: a deadlock if blocker already waits (directly or
 * through others) for the caller. */
static bool would_deadlock(int self, int blocker)
{
    for (int pid = blocker, hops = 0; pid > 0 && hops < 64; pid = waits_for[pid], hops++)
        if (pid == self)
            return true;
    return false;
}

static int lock_or_wait(struct inode *ino, const struct file_lock *want, bool wait)
{
    for (;;) {
        struct file_lock *held = first_conflict(ino, want);
        if (!held)
            return apply(ino, want);
        if (!wait)
            return -EAGAIN;
        if (!held->ofd && would_deadlock(want->pid, held->pid))
            return -EDEADLK;
        if (!want->ofd)
            waits_for[want->pid] = held->pid;
        int err = wait_event(&lock_waiters, !first_conflict(ino, want), NO_DEADLINE,
                             SLEEP_INTERRUPTIBLE);
        if (!want->ofd)
            waits_for[want->pid] = 0;
        if (err)
            return err;
    }
}

/* struct flock's range, resolved against the file position or size, as [start, end]. */
static int resolve_range(struct file *f, const struct flock *fl, struct file_lock *out)
{
    s64 base;
    switch (fl->l_whence) {
    case SEEK_SET: base = 0; break;
    case SEEK_CUR: base = (s64)f->pos; break;
    case SEEK_END: base = (s64)f->inode->size; break;
    default: return -EINVAL;
    }
    s64 start = base + fl->l_start;
    if (start < 0)
        return -EINVAL;
    if (fl->l_len > 0) {
        out->start = (u64)start;
        out->end = (u64)start + (u64)fl->l_len - 1;
    } else if (fl->l_len < 0) {
        if (start + fl->l_len < 0)
            return -EINVAL;
        out->start = (u64)(start + fl->l_len);
        out->end = (u64)start - 1;
    } else {
        out->start = (u64)start;
        out->end = OFFSET_MAX;
    }
    return 0;
}

static long get_lock(struct file *f, struct flock *fl, const struct file_lock *want)
{
    struct file_lock probe = *want;
    probe.type = fl->l_type == F_UNLCK ? F_WRLCK : fl->l_type;
    struct file_lock *held = first_conflict(f->inode, &probe);
    if (!held) {
        fl->l_type = F_UNLCK;
        return 0;
    }
    fl->l_type = (s16)held->type;
    fl->l_whence = SEEK_SET;
    fl->l_start = (s64)held->start;
    fl->l_len = held->end == OFFSET_MAX ? 0 : (s64)(held->end - held->start + 1);
    fl->l_pid = held->pid;
    return 0;
}

long kern_fcntl_lock(struct file *f, unsigned cmd, uptr arg)
{
    struct flock fl;
    if (copy_from_user(&fl, arg, sizeof(fl)))
        return -EFAULT;
    if (fl.l_type != F_RDLCK && fl.l_type != F_WRLCK && fl.l_type != F_UNLCK)
        return -EINVAL;
    struct file_lock want = { .pid = current_proc()->pid, .type = fl.l_type };
    long err = resolve_range(f, &fl, &want);
    if (err)
        return err;
    if (cmd == F_GETLK) {
        get_lock(f, &fl, &want);
        return copy_to_user(arg, &fl, sizeof(fl));
    }
    u32 acc = f->flags & O_ACCMODE;
    if ((fl.l_type == F_RDLCK && acc == O_WRONLY) || (fl.l_type == F_WRLCK && acc == O_RDONLY))
        return -EBADF;
    return lock_or_wait(f->inode, &want, cmd == F_SETLKW);
}

long kern_flock(struct file *f, unsigned cmd)
{
    unsigned op = cmd & ~LOCK_NB;
    if (op != LOCK_SH && op != LOCK_EX && op != LOCK_UN)
        return -EINVAL;
    struct file_lock want = { .pid = current_proc()->pid, .ofd = f, .start = 0, .end = OFFSET_MAX,
                              .type = op == LOCK_SH ? F_RDLCK : op == LOCK_EX ? F_WRLCK : F_UNLCK };
    if (op == LOCK_UN)
        return apply(f->inode, &want);
    /* Converting a lock drops the old one first, so waiting never holds both. */
    struct file_lock none = want;
    none.type = F_UNLCK;
    apply(f->inode, &none);
    return lock_or_wait(f->inode, &want, !(cmd & LOCK_NB));
}

void locks_release_posix(struct inode *ino, int pid)
{
    struct file_lock owner = { .pid = pid, .type = F_UNLCK, .start = 0, .end = OFFSET_MAX };
    if (ino->locks)
        apply(ino, &owner);
}

void locks_release_flock(struct file *f)
{
    struct file_lock owner = { .ofd = f, .type = F_UNLCK, .start = 0, .end = OFFSET_MAX };
    if (f->inode && f->inode->locks)
        apply(f->inode, &owner);
}
