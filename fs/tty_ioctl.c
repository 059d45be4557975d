/* The terminal ioctls, with Linux's checks in Linux's order: settings (TCGETS/TCSETS*), window
 * size, queue sizes and flushing, flow control, and the job-control requests (controlling
 * terminal, foreground group, session). Changing anything from a background group first goes
 * through tty_job_control (SIGTTOU). */
#include "tty_internal.h"
#include "file.h"
#include "proc.h"
#include "ksignal.h"
#include "kstring.h"
#include "uaccess.h"
#include "uapi/errno.h"
#include "uapi/fcntl.h"
#include "uapi/signal.h"

#define TCOOFF 0
#define TCOON  1
#define TCIOFF 2
#define TCION  3

/* The new settings are copied in whole before they replace the current ones, so a bad pointer
 * changes nothing. Output is written synchronously, so TCSETSW has nothing to wait for. */
static long set_termios(struct tty *t, uptr p, bool flush)
{
    int err = tty_job_control(t, SIGTTOU);
    if (err)
        return err;
    struct termios new;
    if (copy_from_user(&new, p, sizeof(new)))
        return -EFAULT;
    u64 flags = irq_save();
    if (flush)
        ldisc_flush_input(t);
    struct termios old = t->termios;
    t->termios = new;
    ldisc_settings_changed(t, &old);
    irq_restore(flags);
    return 0;
}

/* A new size tells the foreground group (SIGWINCH), as Linux does; the same size does not. */
static long set_winsize(struct tty *t, uptr p)
{
    struct winsize w;
    if (copy_from_user(&w, p, sizeof(w)))
        return -EFAULT;
    if (!memcmp(&w, &t->winsize, sizeof(w)))
        return 0;
    t->winsize = w;
    if (t->pgrp)
        signal_send_group(t->pgrp, SIGWINCH, NULL);
    return 0;
}

/* Output is never queued (writes go straight to the UART), so only input has anything to drop. */
static long flush_queues(struct tty *t, unsigned long which)
{
    int err = tty_job_control(t, SIGTTOU);
    if (err)
        return err;
    if (which != TCIFLUSH && which != TCOFLUSH && which != TCIOFLUSH)
        return -EINVAL;
    if (which != TCOFLUSH) {
        u64 flags = irq_save();
        ldisc_flush_input(t);
        irq_restore(flags);
    }
    return 0;
}

/* TCXONC: suspend or resume output, or send the STOP/START character to the other end. */
static long flow_control(struct tty *t, unsigned long action)
{
    int err = tty_job_control(t, SIGTTOU);
    if (err)
        return err;
    switch (action) {
    case TCOOFF: t->output_stopped = true; return 0;
    case TCOON: t->output_stopped = false; wake_up(&t->write_wait); return 0;
    case TCIOFF: if (t->termios.c_cc[VSTOP]) t->put(t->termios.c_cc[VSTOP]); return 0;
    case TCION: if (t->termios.c_cc[VSTART]) t->put(t->termios.c_cc[VSTART]); return 0;
    default: return -EINVAL;
    }
}

/* TIOCSCTTY: a session leader without a terminal takes this one, unless another session has
 * it; root may take it away from that session with arg 1. */
static long take_ctty(struct tty *t, struct file *f, int arg)
{
    struct process *p = current_proc();
    if (tty_session_leader(p) && t->session == p->sid)
        return 0;
    if (!tty_session_leader(p) || p->ctty)
        return -EPERM;
    if (t->session) {
        if (arg != 1 || p->euid != 0)
            return -EPERM;
        tty_session_lose(t);
    }
    if ((f->flags & O_ACCMODE) == O_WRONLY && p->euid != 0)
        return -EPERM;
    tty_set_ctty(p, t);
    return 0;
}

/* TIOCNOTTY: a session leader gives the terminal up for the whole session, and its foreground
 * group gets SIGHUP and SIGCONT; any other member only forgets it. */
static long drop_ctty(struct tty *t)
{
    struct process *p = current_proc();
    if (p->ctty != t)
        return -ENOTTY;
    if (!tty_session_leader(p)) {
        p->ctty = NULL;
        return 0;
    }
    int pgrp = t->pgrp;
    tty_session_lose(t);
    if (pgrp) {
        signal_send_group(pgrp, SIGHUP, NULL);
        signal_send_group(pgrp, SIGCONT, NULL);
    }
    return 0;
}

/* The session of group pgid, or of the process pgid when no group has that id; -ESRCH when
 * neither exists. */
static int session_of_group(int pgid)
{
    for (struct process *p = proc_first(); p; p = p->next_proc)
        if (p->pgid == pgid)
            return p->sid;
    struct process *p = proc_find(pgid);
    return p ? p->sid : -ESRCH;
}

/* TIOCSPGRP (tcsetpgrp), in Linux's order: background callers get SIGTTOU (an orphaned one
 * ENOTTY), then the argument, then the terminal must be ours and the group in our session. */
static long set_foreground(struct tty *t, uptr arg)
{
    struct process *p = current_proc();
    int err = tty_job_control(t, SIGTTOU);
    if (err)
        return err == -EIO ? -ENOTTY : err;
    int pgid;
    if (get_user(pgid, arg))
        return -EFAULT;
    if (pgid < 0)
        return -EINVAL;
    if (p->ctty != t || t->session != p->sid)
        return -ENOTTY;
    int sid = session_of_group(pgid);
    if (sid < 0)
        return sid;
    if (sid != p->sid)
        return -EPERM;
    t->pgrp = pgid;
    return 0;
}

/* TIOCGSERIAL: what Linux reports for COM1 under QEMU. Programs use it to learn that the
 * console is a serial line and which (busybox cttyhack opens /dev/ttyS<line>). */
static long get_serial(uptr arg)
{
    const struct serial_struct s = {
        .type = 4, .line = 0, .port = 0x3f8, .irq = 4,
        .flags = 0x10000040,            /* ASYNC_BOOT_AUTOCONF | ASYNC_SKIP_TEST */
        .xmit_fifo_size = 16, .baud_base = 115200, .close_delay = 50, .closing_wait = 3000,
    };
    return copy_to_user(arg, &s, sizeof(s));
}

/* TIOCGPGRP and TIOCGSID answer only about the caller's own controlling terminal. */
static long get_id(struct tty *t, unsigned cmd, uptr arg)
{
    if (current_proc()->ctty != t)
        return -ENOTTY;
    if (cmd == TIOCGSID && !t->session)
        return -ENOTTY;
    return put_user(cmd == TIOCGSID ? t->session : t->pgrp, arg);
}

long tty_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
    struct tty *t = tty_of_file(f);
    uptr p = uptr_of(arg);
    switch (cmd) {
    case TCGETS:
        return copy_to_user(p, &t->termios, sizeof(t->termios));
    case TCSETS: case TCSETSW: case TCSETSF:
        return set_termios(t, p, cmd == TCSETSF);
    case TIOCGWINSZ:
        return copy_to_user(p, &t->winsize, sizeof(t->winsize));
    case TIOCSWINSZ:
        return set_winsize(t, p);
    case FIONREAD:
        return put_user((int)ldisc_bytes_ready(t), p);
    case TIOCOUTQ:
        return put_user((int)0, p);
    case TCFLSH:
        return flush_queues(t, arg);
    case TCXONC:
        return flow_control(t, arg);
    case TIOCSCTTY:
        return take_ctty(t, f, (int)arg);
    case TIOCNOTTY:
        return drop_ctty(t);
    case TIOCSPGRP:
        return set_foreground(t, p);
    case TIOCGPGRP: case TIOCGSID:
        return get_id(t, cmd, p);
    case TIOCGSERIAL:
        return get_serial(p);
    default:
        return -ENOTTY;
    }
}
