/* Host tests for fs/tty_ldisc.c: what typed bytes become before a read sees them (CR mapping,
 * canonical erase, word erase, kill, literal next, end of file, signal characters and their
 * flush) and what is echoed, plus raw mode, FIONREAD's count and the re-framing of pending
 * input when canonical mode is switched. */
/* UNIT-SOURCES: fs/tty_ldisc.c */
#include <string.h>
#include "tap.h"
#include "../../fs/tty_internal.h"
#include "uapi/signal.h"

/* Stand-ins for the kernel services the line discipline calls. */
static int signals_sent, last_signal, last_group, wakeups;
int signal_send_group(int pgid, int sig, const struct ksiginfo *info)
{
    signals_sent++;
    last_signal = sig;
    last_group = pgid;
    return 0;
}
void wake_up(struct waitq *q) { wakeups++; }

static char echoed[1024];
static size_t echoed_len;
static void capture(u8 c)
{
    if (echoed_len < sizeof(echoed) - 1)
        echoed[echoed_len++] = (char)c;
    echoed[echoed_len] = 0;
}

static const struct termios defaults = {
    .c_iflag = ICRNL | IXON,
    .c_oflag = OPOST | ONLCR,
    .c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
    .c_cc = { [VINTR] = 3, [VQUIT] = 28, [VERASE] = 127, [VKILL] = 21, [VEOF] = 4, [VMIN] = 1,
              [VSUSP] = 26, [VWERASE] = 23, [VLNEXT] = 22 },
};
static struct tty t;

static void reset(void)
{
    memset(&t, 0, sizeof(t));
    t.termios = defaults;
    t.put = capture;
    echoed_len = 0;
    echoed[0] = 0;
    signals_sent = 0;
}

static void type(const char *s)
{
    for (; *s; s++)
        ldisc_receive(&t, (u8)*s);
}

/* What the next read of up to n bytes returns, as a string ("" for end of file). */
static const char *read_once(size_t n, bool *line_done)
{
    static char out[TTY_BUF_SIZE + 1];
    size_t got = ldisc_take(&t, out, n, line_done);
    out[got] = 0;
    return out;
}

/* got is evaluated once: reads consume input. */
#define EXPECT_STR(got, want, what) do { const char *got_ = (got); \
    CHECK(!strcmp(got_, (want)), "%s: got \"%s\"", what, got_); } while (0)

static void test_canonical_editing(void)
{
    bool done;
    reset();
    type("helo\x7fl worr\x7fld");
    CHECK_EQ(ldisc_readable(&t), 0, "no line before the newline");
    type("\r");
    EXPECT_STR(read_once(100, &done), "hell world\n", "DEL (VERASE) erases; CR becomes NL");
    CHECK(done, "the read ends at the line end");
    EXPECT_STR(echoed, "helo\b \bl worr\b \bld\r\n", "erase echoes \\b \\b, NL echoes CR NL");

    reset();
    type("a\bb\r");
    EXPECT_STR(read_once(100, &done), "a\bb\n", "^H is data when VERASE is DEL, as on Linux");

    reset();
    type("abc def!!\x17xyz\n");
    EXPECT_STR(read_once(100, &done), "abc xyz\n", "^W erases the punctuation and the word before it");
    reset();
    type("junk\x15ok\n");
    EXPECT_STR(read_once(100, &done), "ok\n", "^U kills the line");
    EXPECT_STR(echoed, "junk\b \b\b \b\b \b\b \bok\r\n", "ECHOKE erases the killed line on screen");
    reset();
    type("a\x16\x7f" "b\n");
    EXPECT_STR(read_once(100, &done), "a\x7f" "b\n", "^V takes the next byte literally");
    reset();
    type("\x7f\x7fx\n");
    EXPECT_STR(read_once(100, &done), "x\n", "erasing an empty line does nothing");
    EXPECT_STR(echoed, "x\r\n", "and echoes nothing");
}

static void test_lines_and_eof(void)
{
    bool done;
    reset();
    type("one\ntwo\n\x04");
    CHECK_EQ(ldisc_bytes_ready(&t), 8, "FIONREAD counts both lines, not the end of file");
    EXPECT_STR(read_once(2, &done), "on", "a short read takes part of the line");
    CHECK(!done, "and the line goes on");
    EXPECT_STR(read_once(100, &done), "e\n", "the next read takes the rest of it");
    EXPECT_STR(read_once(100, &done), "two\n", "one line per read");
    EXPECT_STR(read_once(100, &done), "", "^D at a line start reads as end of file");
    CHECK(done, "which ends the read");
    CHECK_EQ(ldisc_readable(&t), 0, "nothing is left");
    type("par\x04");
    EXPECT_STR(read_once(100, &done), "par", "^D after text ends the line without a newline");
    CHECK(!strchr(echoed, 4) && !strstr(echoed, "^D"), "^D is not echoed");
}

static void test_signals(void)
{
    bool done;
    reset();
    t.pgrp = 42;
    type("partial\x03");
    CHECK(signals_sent == 1 && last_signal == SIGINT && last_group == 42, "^C sends SIGINT to the foreground group");
    CHECK(strstr(echoed, "^C") != NULL, "^C is echoed as ^C");
    type("x\n");
    EXPECT_STR(read_once(100, &done), "x\n", "the partial line was flushed");
    type("\x1c\x1a");
    CHECK(signals_sent == 3 && last_signal == SIGTSTP, "^\\ and ^Z send SIGQUIT and SIGTSTP");
    reset();
    t.termios.c_lflag |= NOFLSH;
    t.pgrp = 7;
    type("keep\x03\n");
    EXPECT_STR(read_once(100, &done), "keep\n", "NOFLSH keeps the input");
    reset();
    type("\x03");
    CHECK_EQ(signals_sent, 0, "without a foreground group nobody is signalled");
    reset();
    t.termios.c_lflag &= ~(tcflag_t)ISIG;
    type("\x03\n");
    EXPECT_STR(read_once(100, &done), "\x03\n", "without ISIG ^C is data");
}

static void test_raw(void)
{
    bool done;
    reset();
    struct termios old = t.termios;
    t.termios.c_lflag &= ~(tcflag_t)(ICANON | ECHO);
    ldisc_settings_changed(&t, &old);
    int before = wakeups;
    type("a");
    CHECK(wakeups > before, "a raw byte wakes the readers at once");
    CHECK_EQ(ldisc_readable(&t), 1, "and is readable at once");
    type("\x7f\r");
    EXPECT_STR(read_once(100, &done), "a\x7f\n", "erase is data in raw mode; ICRNL still maps");
    CHECK_EQ(echoed_len, 0, "nothing is echoed without ECHO");

    reset();
    type("half");
    old = t.termios;
    t.termios.c_lflag &= ~(tcflag_t)ICANON;
    ldisc_settings_changed(&t, &old);
    CHECK_EQ(ldisc_readable(&t), 4, "leaving canonical mode makes the partial line readable");
    reset();
    t.termios.c_lflag &= ~(tcflag_t)ICANON;
    type("xy");
    old = t.termios;
    t.termios.c_lflag |= ICANON;
    ldisc_settings_changed(&t, &old);
    EXPECT_STR(read_once(100, &done), "xy", "entering it makes pending input one line");
    CHECK(done, "that ends there");
}

static void test_buffer_limit(void)
{
    bool done;
    reset();
    t.termios.c_lflag &= ~(tcflag_t)ECHO;
    for (int i = 0; i < TTY_BUF_SIZE + 100; i++)
        ldisc_receive(&t, 'x');
    ldisc_receive(&t, '\n');
    const char *line = read_once(TTY_BUF_SIZE, &done);
    CHECK_EQ(strlen(line), TTY_BUF_SIZE, "a full canonical buffer still takes the newline");
    CHECK(done && line[TTY_BUF_SIZE - 1] == '\n', "which ends the line");
}

static void test_output(void)
{
    reset();
    ldisc_output(&t, "a\nb", 3);
    EXPECT_STR(echoed, "a\r\nb", "ONLCR: NL goes out as CR NL");
    reset();
    t.termios.c_oflag &= ~(tcflag_t)OPOST;
    ldisc_output(&t, "a\nb", 3);
    EXPECT_STR(echoed, "a\nb", "without OPOST bytes go out unchanged");
}

int main(void)
{
    test_canonical_editing();
    test_lines_and_eof();
    test_signals();
    test_raw();
    test_buffer_limit();
    test_output();
    return tap_end();
}
