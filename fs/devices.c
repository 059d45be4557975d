/* Character devices: memory devices (null, zero, full, random, urandom) and the serial console
 * (console, tty, ttyS0), found by device number as Linux numbers them. */
#include "file.h"
#include "fs.h"
#include "serial.h"
#include "random.h"
#include "kstring.h"
#include "uaccess.h"
#include "arch/x86.h"
#include "uapi/errno.h"
#include "uapi/termios.h"

static long null_read(struct file *f, uptr buf, size_t len, u64 *pos) { return 0; }
static long sink_write(struct file *f, uptr buf, size_t len, u64 *pos) { return (long)len; }
static long full_write(struct file *f, uptr buf, size_t len, u64 *pos) { return len ? -ENOSPC : 0; }

static long zero_read(struct file *f, uptr buf, size_t len, u64 *pos)
{
    for (size_t done = 0; done < len; ) {
        size_t chunk = user_chunk(uptr_add(buf, done), len - done);
        if (clear_user(uptr_add(buf, done), chunk))
            return done ? (long)done : -EFAULT;
        done += chunk;
    }
    return (long)len;
}

/* The memory devices have no position: every seek lands on 0. */
static long seek_to_zero(struct file *f, long offset, unsigned whence) { return f->pos = 0; }

static long random_read(struct file *f, uptr buf, size_t len, u64 *pos)
{
    return random_fill_user(buf, len);
}

static const struct file_ops null_ops = { .read = null_read, .write = sink_write, .seekable = true,
                                          .llseek = seek_to_zero };
static const struct file_ops zero_ops = { .read = zero_read, .write = sink_write, .seekable = true,
                                          .llseek = seek_to_zero };
static const struct file_ops full_ops = { .read = zero_read, .write = full_write, .seekable = true,
                                          .llseek = seek_to_zero };
static const struct file_ops random_ops = { .read = random_read, .write = sink_write, .seekable = true };

const struct file_ops *chrdev_ops(u32 rdev)
{
    u32 major = dev_major(rdev), minor = dev_minor(rdev);
    if (major == 1) {
        switch (minor) {
        case 3: return &null_ops;
        case 5: return &zero_ops;
        case 7: return &full_ops;
        case 8: case 9: return &random_ops;
        }
    }
    if ((major == 5 && minor <= 1) || (major == 4 && minor == 64))
        return &tty_ops;
    return NULL;
}
