/* The line discipline: what happens to each typed byte before a program reads it, and to each
 * written byte before it reaches the line. Input runs in the UART interrupt (interrupts off):
 * CR/NL mapping, the signal characters (VINTR, VQUIT, VSUSP -> the foreground group), and in
 * canonical mode line editing (erase, word erase, kill, literal next, end of file), with echo as
 * termios asks. Output maps NL to CR NL (ONLCR) and the like when OPOST is set. */
#include "tty_internal.h"
#include "ksignal.h"
#include "uapi/signal.h"

static tcflag_t iflag(const struct tty *t, tcflag_t f) { return t->termios.c_iflag & f; }
static tcflag_t lflag(const struct tty *t, tcflag_t f) { return t->termios.c_lflag & f; }

/* Is c the control character at index i? A zero entry is disabled (_POSIX_VDISABLE). */
static bool is_cc(const struct tty *t, int i, u8 c) { return t->termios.c_cc[i] && c == t->termios.c_cc[i]; }

static bool is_line_end(const struct tty *t, u8 c)
{
    return c == '\n' || is_cc(t, VEOL, c) || (lflag(t, IEXTEN) && is_cc(t, VEOL2, c));
}

/* ---- output ---- */

static void output_char(struct tty *t, u8 c)
{
    tcflag_t o = t->termios.c_oflag;
    if (o & OPOST) {
        if (c == '\n' && (o & ONLCR))
            t->put('\r');
        else if (c == '\r' && (o & OCRNL))
            c = '\n';
        else if ((o & OLCUC) && c >= 'a' && c <= 'z')
            c = (u8)(c - 'a' + 'A');
    }
    t->put(c);
}

void ldisc_output(struct tty *t, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        output_char(t, (u8)s[i]);
}

static bool shown_as_caret(const struct tty *t, u8 c)
{
    return lflag(t, ECHOCTL) && (c < 32 || c == 0x7f) && c != '\t' && c != '\n';
}

/* Echoes c, control characters as ^X when ECHOCTL is set (DEL as ^?). */
static void echo_char(struct tty *t, u8 c)
{
    if (shown_as_caret(t, c)) {
        t->put('^');
        t->put(c ^ 0x40);
    } else {
        output_char(t, c);
    }
}

/* Takes an erased character off the screen: one column, two for a ^X. */
static void echo_rubout(struct tty *t, u8 c)
{
    for (int cols = shown_as_caret(t, c) ? 2 : 1; cols > 0; cols--) {
        t->put('\b');
        t->put(' ');
        t->put('\b');
    }
}

/* ---- the input ring ---- */

static u32 pending(const struct tty *t) { return t->write_pos - t->read_pos; }

static u16 slot(const struct tty *t, u32 pos) { return t->buf[pos % TTY_BUF_SIZE]; }

static void wake_readers(struct tty *t) { wake_up(&t->read_wait); }

/* Stores one input byte. In canonical mode the last slot is kept for a line end, so a full
 * line can always be finished and read. Returns false when there is no room (the byte is lost,
 * as on a real terminal). */
static bool store(struct tty *t, u16 v)
{
    u32 limit = TTY_BUF_SIZE;
    if (lflag(t, ICANON) && !(v & TTY_LINE_END))
        limit--;
    if (pending(t) >= limit)
        return false;
    t->buf[t->write_pos++ % TTY_BUF_SIZE] = v;
    if ((v & TTY_LINE_END) || !lflag(t, ICANON)) {
        t->line_start = t->write_pos;
        wake_readers(t);
    }
    return true;
}

u32 ldisc_readable(const struct tty *t)
{
    return (lflag(t, ICANON) ? t->line_start : t->write_pos) - t->read_pos;
}

size_t ldisc_take(struct tty *t, char *out, size_t n, bool *line_done)
{
    u32 end = t->read_pos + ldisc_readable(t);
    size_t got = 0;
    *line_done = false;
    while (got < n && t->read_pos != end) {
        u16 v = slot(t, t->read_pos++);
        if (!(v & TTY_EOF))
            out[got++] = (char)(v & 0xff);
        if ((v & TTY_LINE_END) && lflag(t, ICANON)) {
            *line_done = true;
            break;
        }
    }
    return got;
}

void ldisc_flush_input(struct tty *t)
{
    t->read_pos = t->line_start = t->write_pos;
    t->literal_next = false;
}

/* Linux's rule: leaving canonical mode makes everything pending readable; entering it with
 * input pending makes that input one finished line. */
void ldisc_settings_changed(struct tty *t, const struct termios *old)
{
    if (!((old->c_lflag ^ t->termios.c_lflag) & ICANON))
        return;
    t->line_start = t->write_pos;
    if (lflag(t, ICANON) && pending(t))
        t->buf[(t->write_pos - 1) % TTY_BUF_SIZE] |= TTY_LINE_END;
    wake_readers(t);
}

/* ---- canonical editing ---- */

static bool line_empty(const struct tty *t) { return t->write_pos == t->line_start; }

/* Removes the last byte of the line being edited, echoing the erase. */
static void erase_one(struct tty *t, bool visual)
{
    u8 c = (u8)slot(t, --t->write_pos);
    if (visual && lflag(t, ECHO))
        echo_rubout(t, c);
}

static bool is_word_char(u8 c)
{
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
}

/* VERASE, VWERASE, VKILL. */
static void erase(struct tty *t, int which)
{
    if (line_empty(t))
        return;
    bool visual = lflag(t, ECHOE) != 0;
    if (which == VERASE) {
        if (!visual && lflag(t, ECHO))
            echo_char(t, t->termios.c_cc[VERASE]);
        erase_one(t, visual);
    } else if (which == VWERASE) {
        /* Like Linux: trailing non-word characters, then the word before them. */
        bool seen_word = false;
        while (!line_empty(t)) {
            u8 c = (u8)slot(t, t->write_pos - 1);
            if (is_word_char(c))
                seen_word = true;
            else if (seen_word)
                break;
            erase_one(t, true);
        }
    } else if (lflag(t, ECHOK) && lflag(t, ECHOKE) && visual) {
        while (!line_empty(t))
            erase_one(t, true);
    } else {
        t->write_pos = t->line_start;
        if (lflag(t, ECHO)) {
            echo_char(t, t->termios.c_cc[VKILL]);
            if (lflag(t, ECHOK))
                output_char(t, '\n');
        }
    }
}

/* The editing characters of canonical mode; returns false for an ordinary byte. */
static bool canonical_special(struct tty *t, u8 c)
{
    if (is_cc(t, VERASE, c)) {
        erase(t, VERASE);
    } else if (is_cc(t, VKILL, c)) {
        erase(t, VKILL);
    } else if (lflag(t, IEXTEN) && is_cc(t, VWERASE, c)) {
        erase(t, VWERASE);
    } else if (lflag(t, IEXTEN) && is_cc(t, VLNEXT, c)) {
        t->literal_next = true;
        if (lflag(t, ECHO) && lflag(t, ECHOCTL)) {
            t->put('^');
            t->put('\b');
        }
    } else if (is_cc(t, VEOF, c)) {
        store(t, TTY_EOF | TTY_LINE_END);
    } else {
        return false;
    }
    return true;
}

/* VINTR, VQUIT, VSUSP: the foreground group gets the signal, pending input is dropped unless
 * NOFLSH, and the character is echoed (^C). */
static bool signal_char(struct tty *t, u8 c)
{
    int sig = is_cc(t, VINTR, c) ? SIGINT : is_cc(t, VQUIT, c) ? SIGQUIT :
              is_cc(t, VSUSP, c) ? SIGTSTP : 0;
    if (!sig)
        return false;
    if (!lflag(t, NOFLSH))
        ldisc_flush_input(t);
    if (lflag(t, ECHO))
        echo_char(t, c);
    if (t->pgrp)
        signal_send_group(t->pgrp, sig, NULL);
    return true;
}

/* An ordinary byte: stored, and echoed when ECHO (a newline also with ECHONL in canonical
 * mode). */
static void ordinary(struct tty *t, u8 c)
{
    bool canon = lflag(t, ICANON) != 0;
    u16 v = c;
    if (canon && is_line_end(t, c))
        v |= TTY_LINE_END;
    if (!store(t, v))
        return;
    if (lflag(t, ECHO))
        echo_char(t, c);
    else if (c == '\n' && canon && lflag(t, ECHONL))
        output_char(t, '\n');
}

void ldisc_receive(struct tty *t, u8 c)
{
    if (iflag(t, ISTRIP))
        c &= 0x7f;
    if (t->literal_next) {
        t->literal_next = false;
        if (store(t, c) && lflag(t, ECHO))
            echo_char(t, c);    /* over the ^ shown for VLNEXT */
        return;
    }
    if (c == '\r' && iflag(t, IGNCR))
        return;
    if (c == '\r' && iflag(t, ICRNL))
        c = '\n';
    else if (c == '\n' && iflag(t, INLCR))
        c = '\r';
    if (lflag(t, ISIG) && signal_char(t, c))
        return;
    if (lflag(t, ICANON) && canonical_special(t, c))
        return;
    ordinary(t, c);
}

u32 ldisc_bytes_ready(const struct tty *t)
{
    u32 n = 0;
    for (u32 pos = t->read_pos, end = pos + ldisc_readable(t); pos != end; pos++)
        n += !(slot(t, pos) & TTY_EOF);
    return n;
}
