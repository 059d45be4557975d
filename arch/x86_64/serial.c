/* COM1 driver: 115200 8N1. Output is polled (kernel messages must get out whatever state the
 * kernel is in); input raises IRQ 4 once the tty asks for it. serial_putc translates "\n" to
 * "\r\n" for kernel messages; the tty does its own output processing through serial_putb. */
#include "serial.h"
#include "arch/x86.h"

#define COM1 0x3f8
#define LSR_THR_EMPTY 0x20
#define LSR_DATA_READY 0x01

void serial_init(void)
{
    outb(COM1 + 1, 0x00);   /* no interrupts until the tty is ready for input */
    outb(COM1 + 3, 0x80);   /* DLAB on to set the divisor */
    outb(COM1 + 0, 0x01);   /* divisor 1 = 115200 baud */
    outb(COM1 + 1, 0x00);
    outb(COM1 + 3, 0x03);   /* 8 bits, no parity, one stop bit */
    outb(COM1 + 2, 0xc7);   /* FIFOs on and cleared */
    outb(COM1 + 4, 0x03);   /* DTR, RTS */
}

void serial_enable_rx_interrupt(void)
{
    while (inb(COM1 + 5) & LSR_DATA_READY)
        inb(COM1);          /* whatever arrived before is stale */
    outb(COM1 + 4, 0x0b);   /* DTR, RTS, and OUT2, which connects the UART's interrupt line */
    outb(COM1 + 1, 0x01);   /* interrupt when received data is available */
}

void serial_putb(u8 c)
{
    while (!(inb(COM1 + 5) & LSR_THR_EMPTY))
        cpu_relax();
    outb(COM1, c);
}

void serial_putc(char c)
{
    if (c == '\n')
        serial_putb('\r');
    serial_putb((u8)c);
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
