/* The terminal interface as the kernel sees it: struct termios for TCGETS/TCSETS, struct winsize,
 * the flag bits, the c_cc indices and the tty ioctl numbers (x86_64 uses the generic values). */
#ifndef WICKET_UAPI_TERMIOS_H
#define WICKET_UAPI_TERMIOS_H
#include "../types.h"

/* This is the kernel's struct termios, 36 bytes with 19 control characters. The C library's
 * struct termios is larger (32 control characters plus two speed fields) and its tcgetattr
 * converts; the ioctls below move only this shorter form. */
#define NCCS 19

typedef u8 cc_t;
typedef u32 speed_t;
typedef u32 tcflag_t;

struct termios {
    tcflag_t c_iflag;
    tcflag_t c_oflag;
    tcflag_t c_cflag;
    tcflag_t c_lflag;
    cc_t c_line;
    cc_t c_cc[NCCS];
};

struct winsize {
    u16 ws_row;
    u16 ws_col;
    u16 ws_xpixel;
    u16 ws_ypixel;
};

/* Indices into c_cc. */
#define VINTR    0
#define VQUIT    1
#define VERASE   2
#define VKILL    3
#define VEOF     4
#define VTIME    5
#define VMIN     6
#define VSWTC    7
#define VSTART   8
#define VSTOP    9
#define VSUSP    10
#define VEOL     11
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE  14
#define VLNEXT   15
#define VEOL2    16

/* c_iflag */
#define IGNBRK  0000001
#define BRKINT  0000002
#define IGNPAR  0000004
#define PARMRK  0000010
#define INPCK   0000020
#define ISTRIP  0000040
#define INLCR   0000100
#define IGNCR   0000200
#define ICRNL   0000400
#define IUCLC   0001000
#define IXON    0002000
#define IXANY   0004000
#define IXOFF   0010000
#define IMAXBEL 0020000
#define IUTF8   0040000

/* c_oflag */
#define OPOST   0000001
#define OLCUC   0000002
#define ONLCR   0000004
#define OCRNL   0000010
#define ONOCR   0000020
#define ONLRET  0000040

/* c_cflag: the speed lives in the CBAUD bits. */
#define CBAUD   0010017
#define B0      0000000
#define B9600   0000015
#define B19200  0000016
#define B38400  0000017
#define B115200 0010002
#define CSIZE   0000060
#define CS5     0000000
#define CS6     0000020
#define CS7     0000040
#define CS8     0000060
#define CSTOPB  0000100
#define CREAD   0000200
#define PARENB  0000400
#define PARODD  0001000
#define HUPCL   0002000
#define CLOCAL  0004000

/* c_lflag */
#define ISIG    0000001
#define ICANON  0000002
#define ECHO    0000010
#define ECHOE   0000020
#define ECHOK   0000040
#define ECHONL  0000100
#define NOFLSH  0000200
#define TOSTOP  0000400
#define ECHOCTL 0001000
#define ECHOPRT 0002000
#define ECHOKE  0004000
#define FLUSHO  0010000
#define PENDIN  0040000
#define IEXTEN  0100000

/* ioctl request numbers. */
#define TCGETS     0x5401
#define TCSETS     0x5402   /* apply now */
#define TCSETSW    0x5403   /* apply after output drains */
#define TCSETSF    0x5404   /* drain output, discard pending input, then apply */
#define TCSBRK     0x5409
#define TCXONC     0x540A
#define TCFLSH     0x540B
#define TIOCSCTTY  0x540E
#define TIOCGPGRP  0x540F
#define TIOCSPGRP  0x5410
#define TIOCOUTQ   0x5411
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD   0x541B
#define TIOCGSERIAL 0x541E
#define TIOCNOTTY  0x5422
#define TIOCGSID   0x5429

/* TIOCGSERIAL's answer: how the serial port is wired (72 bytes on x86_64). */
struct serial_struct {
    int type;               /* PORT_16550A = 4 */
    int line;               /* n in ttySn */
    u32 port;               /* I/O port base */
    int irq;
    int flags;              /* ASYNC_* */
    int xmit_fifo_size;
    int custom_divisor;
    int baud_base;
    u16 close_delay;        /* hundredths of a second */
    char io_type;
    char reserved_char[1];
    int hub6;
    u16 closing_wait, closing_wait2;
    u64 iomem_base;
    u16 iomem_reg_shift;
    u32 port_high;
    u64 iomap_base;
};

/* TCFLSH arguments. */
#define TCIFLUSH  0
#define TCOFLUSH  1
#define TCIOFLUSH 2

#endif
