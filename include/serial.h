/* The 16550 UART on COM1: kernel messages and the serial terminal (fs/tty.c). */
#ifndef WICKET_SERIAL_H
#define WICKET_SERIAL_H
#include "types.h"
void serial_init(void);
/* Kernel messages: "\n" goes out as "\r\n". */
void serial_putc(char c);
/* One byte exactly as given (the tty's output processing already happened). */
void serial_putb(u8 c);
/* Received bytes raise IRQ 4 from now on. */
void serial_enable_rx_interrupt(void);
void serial_write(const char *s, size_t n);
/* Returns a received byte, or -1 when none is waiting. */
int serial_getc_nonblock(void);
#endif
