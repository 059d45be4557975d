/* Kernel randomness: a ChaCha20 stream keyed at boot from RDRAND (when present), TSC jitter and
 * the RTC, used for getrandom(), /dev/urandom and AT_RANDOM. */
#ifndef WICKET_RANDOM_H
#define WICKET_RANDOM_H
#include "types.h"
#include "uaccess.h"
void random_init(void);
void random_bytes(void *buf, size_t len);
/* Fills user memory; returns len or -EFAULT. */
long random_fill_user(uptr buf, size_t len);
#endif
