/* The serial console as a terminal: output with "\n" -> "\r\n", input read a line at a time with
 * echo and erase (canonical mode) or a byte at a time (raw), and the termios/winsize ioctls that
 * C libraries use to decide whether stdout is a terminal. The full line discipline with job
 * control signals comes with the process model. */
#include "file.h"
#include "serial.h"
#include "kstring.h"
#include "arch/x86.h"
#include "uapi/errno.h"
#include "uapi/termios.h"

static struct termios console_termios = {
    .c_iflag = ICRNL | IXON,
    .c_oflag = OPOST | ONLCR,
    .c_cflag = B38400 | CS8 | CREAD | HUPCL,
    .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
    .c_cc = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, [VEOF] = 4,
              [VMIN] = 1, [VSTART] = 17, [VSTOP] = 19, [VSUSP] = 26, [VREPRINT] = 18,
              [VWERASE] = 23, [VLNEXT] = 22, [VDISCARD] = 15 },
};
/* A serial line has no size until someone sets one (stty), so Linux reports 0 x 0. */
static struct winsize console_winsize;

/* The line being handed out in canonical mode: a read takes what it can and leaves the rest for
 * the next read, as a terminal does. */
static char line[256];
static size_t line_len, line_pos;

static int wait_byte(void)
{
    int c;
    while ((c = serial_getc_nonblock()) < 0)
        __asm__ volatile("sti; hlt" ::: "memory");  /* the timer tick wakes us to poll again */
    return c;
}

static void echo(char c)
{
    if (console_termios.c_lflag & ECHO)
        serial_putc(c);
}

/* Collects one line with erase handling into line[]; its length includes the newline, and is 0
 * when VEOF arrives on an empty line (end of file). */
static void read_line(void)
{
    line_len = line_pos = 0;
    for (;;) {
        char c = (char)wait_byte();
        if (c == '\r' && (console_termios.c_iflag & ICRNL))
            c = '\n';
        if (c == console_termios.c_cc[VEOF])
            return;
        if (c == console_termios.c_cc[VERASE] || c == '\b') {
            if (line_len) {
                line_len--;
                if (console_termios.c_lflag & ECHO)
                    serial_write("\b \b", 3);
            }
            continue;
        }
        if (line_len < sizeof(line) - 1 || c == '\n') {
            line[line_len++] = c;
            echo(c);
        }
        if (c == '\n')
            return;
    }
}

static long console_read(struct file *f, uptr buf, size_t len, u64 *pos)
{
    if (!len)
        return 0;
    if (!(console_termios.c_lflag & ICANON)) {
        char c = (char)wait_byte();
        return copy_to_user(buf, &c, 1) ? -EFAULT : 1;
    }
    if (line_pos == line_len)
        read_line();
    size_t n = MIN(line_len - line_pos, len);
    if (copy_to_user(buf, line + line_pos, n))
        return -EFAULT;
    line_pos += n;
    return (long)n;
}

/* Like Linux's tty layer, copies in chunks of up to 2 KiB, each all or nothing: a chunk that
 * faults ends the write with what went before it, or -EFAULT. */
static long console_write(struct file *f, uptr buf, size_t len, u64 *pos)
{
    char chunk[2048];
    for (size_t done = 0; done < len; ) {
        size_t n = MIN(len - done, sizeof(chunk));
        if (copy_from_user(chunk, uptr_add(buf, done), n))
            return done ? (long)done : -EFAULT;
        serial_write(chunk, n);
        done += n;
    }
    return (long)len;
}

/* Settings are copied in whole before they replace the current ones, so a bad pointer
 * changes nothing. */
static long console_ioctl(struct file *f, unsigned cmd, unsigned long arg)
{
    uptr p = uptr_of(arg);
    struct termios t;
    struct winsize w;
    switch (cmd) {
    case TCGETS:
        return copy_to_user(p, &console_termios, sizeof(console_termios));
    case TCSETS: case TCSETSW: case TCSETSF:
        if (copy_from_user(&t, p, sizeof(t)))
            return -EFAULT;
        console_termios = t;
        return 0;
    case TIOCGWINSZ:
        return copy_to_user(p, &console_winsize, sizeof(console_winsize));
    case TIOCSWINSZ:
        if (copy_from_user(&w, p, sizeof(w)))
            return -EFAULT;
        console_winsize = w;
        return 0;
    case FIONREAD: {
        int waiting = (int)(line_len - line_pos);
        return put_user(waiting, p);
    }
    default:
        return -ENOTTY;
    }
}

const struct file_ops console_ops = {
    .read = console_read, .write = console_write, .ioctl = console_ioctl,
};
