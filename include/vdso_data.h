/* The vvar page: the clock parameters the kernel publishes, read-only, to the vDSO's user-mode
 * clock_gettime. Shared by the kernel (kernel/vdso.c) and the vDSO (arch/x86_64/vdso/vdso.c),
 * so it uses only <stdint.h> types. The values never change after boot (there is no
 * settimeofday yet), so the vDSO needs no sequence counter. */
#ifndef WICKET_VDSO_DATA_H
#define WICKET_VDSO_DATA_H
#include <stdint.h>

struct vdso_data {
    uint64_t tsc_at_boot;       /* the TSC when the monotonic clock read zero */
    uint64_t ns_mult;           /* ns = ((tsc - tsc_at_boot) * ns_mult) >> 32, as kernel/time.c */
    uint64_t boot_realtime_ns;  /* CLOCK_REALTIME = boot_realtime_ns + monotonic */
};
#endif
