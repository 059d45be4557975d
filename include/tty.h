/* Terminals: the serial line as a Unix tty (fs/tty.c, fs/tty_ldisc.c). Input arrives by
 * interrupt and goes through the line discipline (canonical editing, echo, signal characters);
 * readers sleep until a line or enough bytes are there. The tty may be the controlling terminal
 * of one session, whose foreground process group reads freely while background groups get
 * SIGTTIN/SIGTTOU (job control). */
#ifndef WICKET_TTY_H
#define WICKET_TTY_H
#include "types.h"

struct tty;
struct process;

/* Turns on the UART's receive interrupt: from now on typed bytes reach the line discipline. */
void tty_init(void);
/* IRQ 4 (COM1): feeds every byte the UART holds to the serial tty. Runs with interrupts off. */
void tty_serial_interrupt(void);
/* A session leader is exiting: its foreground group gets SIGHUP and the session loses its
 * terminal, as on Linux. Does nothing for other processes. */
void tty_session_leader_exit(struct process *p);
#endif
