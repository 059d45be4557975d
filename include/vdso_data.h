/* The vvar page: the clock parameters the kernel publishes, read-only, to the vDSO's user-mode
 * clock_gettime. Shared by the kernel (kernel/vdso.c, kernel/time.c) and the vDSO
 * (arch/x86_64/vdso/vdso.c, clock_gettime.S), so it uses only <stdint.h> types and names the
 * field offsets the assembly uses. The values never change after boot (there is no
 * settimeofday yet), so the vDSO needs no sequence counter.
 *
 * Time since boot is a 64.64 fixed-point number of seconds: the 128-bit product
 * (tsc - tsc_at_boot) * sec_mult, whose high half is whole seconds and whose low half the
 * fraction of a second; the fraction's nanoseconds are the high half of fraction * 10^9.
 * kernel/time.c's ktime_ns uses exactly this arithmetic, so the vDSO and the system call agree
 * to the nanosecond for the same TSC reading. */
#ifndef WICKET_VDSO_DATA_H
#define WICKET_VDSO_DATA_H

/* Clock ids 0 .. VDSO_CLOCK_IDS - 1 (CLOCK_REALTIME .. CLOCK_TAI) have an entry in
 * clock_offset_sec; every other id goes to the system call. */
#define VDSO_CLOCK_IDS 12
/* The offset of a clock the vDSO does not serve (the CPU-time clocks, the alarm clocks, the
 * unused id 10): any number of seconds since boot added to it stays negative, so the vDSO
 * tells served from unserved by the sign of the sum it computes anyway. */
#define VDSO_CLOCK_UNSERVED INT64_MIN

/* Byte offsets of the fields, for clock_gettime.S; checked against the structure below. */
#define VDSO_TSC_AT_BOOT 0
#define VDSO_SEC_MULT 8
#define VDSO_CLOCK_OFFSET_SEC 16

#ifndef __ASSEMBLER__
#include <stddef.h>
#include <stdint.h>

struct vdso_data {
    uint64_t tsc_at_boot;       /* the TSC when the monotonic clock read zero */
    uint64_t sec_mult;          /* 2^64 / TSC ticks per second, rounded to nearest */
    /* Whole seconds a clock adds to the seconds since boot: 0 for the MONOTONIC ones and
     * BOOTTIME, the RTC's epoch seconds at boot for the REALTIME ones, that + 37 for TAI. */
    int64_t clock_offset_sec[VDSO_CLOCK_IDS];
};
_Static_assert(offsetof(struct vdso_data, tsc_at_boot) == VDSO_TSC_AT_BOOT, "vdso_data layout");
_Static_assert(offsetof(struct vdso_data, sec_mult) == VDSO_SEC_MULT, "vdso_data layout");
_Static_assert(offsetof(struct vdso_data, clock_offset_sec) == VDSO_CLOCK_OFFSET_SEC, "vdso_data layout");
#endif
#endif
