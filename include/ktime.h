/* Kernel clocks: a monotonic nanosecond clock from the TSC (calibrated against the PIT at boot),
 * the wall clock from the CMOS RTC, and the periodic timer tick. */
#ifndef WICKET_KTIME_H
#define WICKET_KTIME_H
#include "types.h"
#include "uapi/time.h"

#define TIMER_HZ 1000
/* CLOCK_TAI - CLOCK_REALTIME, in seconds: the leap seconds since 1972, 37 since 2017. */
#define TAI_MINUS_UTC_SEC 37

void time_init(void);
/* Lets the legacy PIC deliver IRQ irq (time_init masks all but the timer's). */
void pic_unmask(unsigned irq);
/* Nanoseconds since boot; never goes backwards. */
u64 ktime_ns(void);
/* The time since boot as seconds and nanoseconds: ns_to_timespec(ktime_ns()), without the split. */
struct timespec ktime_timespec(void);
/* Whole seconds from the Unix epoch to boot (the RTC's reading): realtime = that + monotonic. */
u64 boot_epoch_sec(void);
/* Nanoseconds since the Unix epoch. */
u64 realtime_ns(void);
u64 tsc_khz(void);
struct vdso_data;
/* Publishes the clock parameters for the vDSO, which repeats ktime_ns and realtime_ns in user mode. */
void time_fill_vdso_data(struct vdso_data *d);
static inline struct timespec ns_to_timespec(u64 ns)
{
    return (struct timespec){ (s64)(ns / 1000000000ull), (s64)(ns % 1000000000ull) };
}
#endif
