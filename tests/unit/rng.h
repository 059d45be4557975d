/* A small deterministic generator (xorshift64) for host tests that need reproducible random
 * data: each test seeds rng_state with its own constant. */
#ifndef WICKET_UNIT_RNG_H
#define WICKET_UNIT_RNG_H
#include <stdint.h>

static uint64_t rng_state;

static inline uint32_t rng(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (uint32_t)(rng_state >> 16);
}
#endif
