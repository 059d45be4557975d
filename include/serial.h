/* The 16550 UART on COM1: kernel messages and the console device. */
#ifndef WICKET_SERIAL_H
#define WICKET_SERIAL_H
#include "types.h"
void serial_init(void);
void serial_putc(char c);
void serial_write(const char *s, size_t n);
/* Returns a received byte, or -1 when none is waiting. */
int serial_getc_nonblock(void);
#endif
