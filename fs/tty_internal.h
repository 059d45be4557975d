/* What the tty files and ioctls (fs/tty.c) and the line discipline (fs/tty_ldisc.c) share. */
#ifndef WICKET_FS_TTY_INTERNAL_H
#define WICKET_FS_TTY_INTERNAL_H
#include "tty.h"
#include "kwait.h"
#include "proc.h"
#include "uapi/termios.h"

struct file;

/* Typed input waiting to be read: Linux's 4 KiB. */
#define TTY_BUF_SIZE 4096
/* Flags stored beside each input byte. */
#define TTY_LINE_END 0x100  /* this byte ends a canonical line (newline, VEOL, VEOL2, VEOF) */
#define TTY_EOF      0x200  /* a VEOF: ends the line but is not data */

struct tty {
    struct termios termios;
    struct winsize winsize;
    int session;                /* the session this is the controlling terminal of, or 0 */
    int pgrp;                   /* its foreground process group, or 0 */
    /* The input ring. Free-running indices, read_pos <= line_start <= write_pos: bytes before
     * line_start are complete lines (all of them readable in raw mode too); those after it are
     * the line still being edited in canonical mode. */
    u16 buf[TTY_BUF_SIZE];
    u32 read_pos, line_start, write_pos;
    bool literal_next;          /* VLNEXT came: the next byte is taken as it is */
    bool output_stopped;        /* TCXONC TCOOFF: writers wait for TCOON */
    struct waitq read_wait;     /* readers and pollers wait here for input */
    struct waitq write_wait;    /* writers wait here while output is stopped */
    void (*put)(u8 c);          /* the device's raw output */
};

/* Sessions and job control (fs/tty.c). */
static inline bool tty_session_leader(const struct process *p) { return p->sid == p->pid; }
/* t becomes p's controlling terminal, with p's group in the foreground. */
void tty_set_ctty(struct process *p, struct tty *t);
/* The session gives up its terminal: no member has it any more. */
void tty_session_lose(struct tty *t);
/* May the caller touch its controlling terminal from where it is? A background group is sent
 * sig (SIGTTIN for reads, SIGTTOU for the rest) and the call returns -ERESTARTSYS, to run again
 * once the group is continued. An ignored or blocked SIGTTOU lets the call go ahead, a SIGTTIN
 * does not (-EIO); an orphaned group, which nobody would continue, gets -EIO. 0 when allowed. */
int tty_job_control(struct tty *t, int sig);
/* The terminal requests (fs/tty_ioctl.c). */
long tty_ioctl(struct file *f, unsigned cmd, unsigned long arg);
struct tty *tty_of_file(struct file *f);

/* The line discipline (fs/tty_ldisc.c). Input side: runs with interrupts disabled. */
void ldisc_receive(struct tty *t, u8 c);
/* Bytes a read may take now: complete lines in canonical mode, everything in raw mode. */
u32 ldisc_readable(const struct tty *t);
/* Moves up to n readable bytes into out, stopping after a line end in canonical mode. Sets
 * *line_done when a line ended (an end of file marker is consumed but not copied). Call with
 * interrupts disabled. */
size_t ldisc_take(struct tty *t, char *out, size_t n, bool *line_done);
/* Bytes a FIONREAD reports: readable data, end-of-file markers not counted. */
u32 ldisc_bytes_ready(const struct tty *t);
/* Discards pending input (TCFLSH, TCSETSF, signal characters). */
void ldisc_flush_input(struct tty *t);
/* The settings changed from old: switching canonical mode on or off re-frames pending input. */
void ldisc_settings_changed(struct tty *t, const struct termios *old);
/* Output side: writes bytes with the output processing (OPOST, ONLCR, OCRNL...). */
void ldisc_output(struct tty *t, const char *s, size_t n);
#endif
