/* A ChaCha20-based generator. The key is mixed from every source the machine offers at boot;
 * under emulation without RDRAND that is mostly timing, which is weak entropy but never a fixed
 * sequence. Each 64-byte block advances a counter; the key is replaced after every request so
 * earlier output cannot be recomputed from a later state (fast key erasure). */
#include "random.h"
#include "arch/x86.h"
#include "arch/cpu.h"
#include "ktime.h"
#include "kstring.h"
#include "uapi/errno.h"

static u32 key[8];
static u64 counter;

static inline u32 rotl(u32 v, int n) { return (v << n) | (v >> (32 - n)); }

#define QR(a, b, c, d) \
    (a += b, d ^= a, d = rotl(d, 16), c += d, b ^= c, b = rotl(b, 12), \
     a += b, d ^= a, d = rotl(d, 8), c += d, b ^= c, b = rotl(b, 7))

static void chacha_block(u32 out[16])
{
    u32 in[16] = { 0x61707865, 0x3320646e, 0x79622d32, 0x6b206574 };
    memcpy(&in[4], key, sizeof(key));
    in[12] = (u32)counter;
    in[13] = (u32)(counter >> 32);
    counter++;
    u32 x[16];
    memcpy(x, in, sizeof(x));
    for (int i = 0; i < 10; i++) {
        QR(x[0], x[4], x[8], x[12]); QR(x[1], x[5], x[9], x[13]);
        QR(x[2], x[6], x[10], x[14]); QR(x[3], x[7], x[11], x[15]);
        QR(x[0], x[5], x[10], x[15]); QR(x[1], x[6], x[11], x[12]);
        QR(x[2], x[7], x[8], x[13]); QR(x[3], x[4], x[9], x[14]);
    }
    for (int i = 0; i < 16; i++)
        out[i] = x[i] + in[i];
}

static void rekey(void)
{
    u32 block[16];
    chacha_block(block);
    memcpy(key, block, sizeof(key));
}

static bool rdrand64(u64 *v)
{
    u8 ok;
    __asm__ volatile("rdrand %0; setc %1" : "=r"(*v), "=qm"(ok));
    return ok;
}

void random_init(void)
{
    for (int i = 0; i < 8; i++) {
        u64 v = 0;
        if (cpu_features.rdrand)
            rdrand64(&v);
        key[i] ^= (u32)(v ^ (v >> 32)) ^ (u32)rdtsc() ^ (u32)realtime_ns();
        for (int spin = 0; spin < (int)(rdtsc() & 63); spin++)
            cpu_relax();        /* let timing differ between samples */
    }
    rekey();
}

void random_bytes(void *buf, size_t len)
{
    u8 *out = buf;
    u32 block[16];
    while (len) {
        chacha_block(block);
        size_t n = MIN(len, sizeof(block));
        memcpy(out, block, n);
        out += n;
        len -= n;
    }
    memset(block, 0, sizeof(block));
    rekey();
}

long random_fill_user(uptr buf, size_t len)
{
    u8 chunk[256];
    for (size_t done = 0; done < len; ) {
        size_t n = MIN(user_chunk(uptr_add(buf, done), len - done), sizeof(chunk));
        random_bytes(chunk, n);
        if (copy_to_user(uptr_add(buf, done), chunk, n))
            return done ? (long)done : -EFAULT;
        done += n;
    }
    return (long)len;
}
