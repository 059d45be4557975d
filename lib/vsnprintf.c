/* A small vsnprintf for the kernel: %d %i %u %o %x %X %p %s %c %% with l/ll/z length modifiers,
 * field width (given or *), zero padding and left alignment. Always NUL-terminates; returns the full length. */
#include "printk.h"
#include "kstring.h"

struct outbuf { char *buf; size_t size; size_t len; };

static void put(struct outbuf *o, char c)
{
    if (o->len + 1 < o->size)
        o->buf[o->len] = c;
    o->len++;
}

static void put_padded(struct outbuf *o, const char *s, size_t n, int width, bool left, char pad)
{
    int fill = width > (int)n ? width - (int)n : 0;
    if (!left)
        while (fill-- > 0)
            put(o, pad);
    for (size_t i = 0; i < n; i++)
        put(o, s[i]);
    if (left)
        while (fill-- > 0)
            put(o, ' ');
}

static void put_number(struct outbuf *o, u64 v, bool neg, unsigned base, bool upper,
                       int width, bool left, char pad)
{
    const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    char tmp[24];
    int n = 0;
    do {
        tmp[n++] = digits[v % base];
        v /= base;
    } while (v);
    if (neg && pad == '0') {
        put(o, '-');
        width--;
    } else if (neg) {
        tmp[n++] = '-';
    }
    char out[24];
    for (int i = 0; i < n; i++)
        out[i] = tmp[n - 1 - i];
    put_padded(o, out, n, width, left, pad);
}

static u64 fetch_unsigned(va_list *ap, int lng)
{
    return lng ? va_arg(*ap, u64) : va_arg(*ap, unsigned int);
}

static s64 fetch_signed(va_list *ap, int lng)
{
    return lng ? va_arg(*ap, s64) : va_arg(*ap, int);
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap_in)
{
    struct outbuf o = { buf, size, 0 };
    va_list ap;
    va_copy(ap, ap_in);
    for (; *fmt; fmt++) {
        if (*fmt != '%') {
            put(&o, *fmt);
            continue;
        }
        fmt++;
        bool left = false;
        char pad = ' ';
        for (; *fmt == '-' || *fmt == '0'; fmt++)
            *fmt == '-' ? (left = true) : (pad = '0');
        int width = 0;
        if (*fmt == '*') {
            width = va_arg(ap, int);
            fmt++;
        }
        for (; *fmt >= '0' && *fmt <= '9'; fmt++)
            width = width * 10 + (*fmt - '0');
        int lng = 0;
        for (; *fmt == 'l' || *fmt == 'z'; fmt++)
            lng = 1;
        switch (*fmt) {
        case 'd': case 'i': {
            s64 v = fetch_signed(&ap, lng);
            put_number(&o, v < 0 ? -(u64)v : (u64)v, v < 0, 10, false, width, left, pad);
            break;
        }
        case 'u': put_number(&o, fetch_unsigned(&ap, lng), false, 10, false, width, left, pad); break;
        case 'o': put_number(&o, fetch_unsigned(&ap, lng), false, 8, false, width, left, pad); break;
        case 'x': put_number(&o, fetch_unsigned(&ap, lng), false, 16, false, width, left, pad); break;
        case 'X': put_number(&o, fetch_unsigned(&ap, lng), false, 16, true, width, left, pad); break;
        case 'p':
            put(&o, '0'); put(&o, 'x');
            put_number(&o, (u64)va_arg(ap, void *), false, 16, false, 16, false, '0');
            break;
        case 's': {
            const char *s = va_arg(ap, const char *);
            if (!s)
                s = "(null)";
            put_padded(&o, s, strlen(s), width, left, ' ');
            break;
        }
        case 'c': put(&o, (char)va_arg(ap, int)); break;
        case '%': put(&o, '%'); break;
        default: put(&o, '%'); if (*fmt) put(&o, *fmt); else fmt--; break;
        }
    }
    if (size)
        buf[o.len < size ? o.len : size - 1] = '\0';
    va_end(ap);
    return (int)o.len;
}

int snprintf(char *buf, size_t size, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(buf, size, fmt, ap);
    va_end(ap);
    return n;
}
