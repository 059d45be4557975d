/* COM1 driver: 115200 8N1, polled. Output translates "\n" to "\r\n" as a terminal expects. */
#include "serial.h"
#include "arch/x86.h"

#define COM1 0x3f8
#define LSR_THR_EMPTY 0x20
#define LSR_DATA_READY 0x01

void serial_init(void)
{
    outb(COM1 + 1, 0x00);   /* no interrupts: output is polled, input is polled by the console */
    outb(COM1 + 3, 0x80);   /* DLAB on to set the divisor */
    outb(COM1 + 0, 0x01);   /* divisor 1 = 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);   /* 8 bits, no parity, one stop bit */
    outb(COM1 + 2, 0xc7);   /* FIFOs on and cleared */
    outb(COM1 + 4, 0x03);   /* DTR, RTS */
}

static void serial_put_raw(char c)
{
    while (!(inb(COM1 + 5) & LSR_THR_EMPTY))
        cpu_relax();
    outb(COM1, (u8)c);
}

void serial_putc(char c)
{
    if (c == '\n')
        serial_put_raw('\r');
    serial_put_raw(c);
}

void serial_write(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        serial_putc(s[i]);
}

int serial_getc_nonblock(void)
{
    if (!(inb(COM1 + 5) & LSR_DATA_READY))
        return -1;
    return inb(COM1);
}
