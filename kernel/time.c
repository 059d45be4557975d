/* Clocks and the timer tick. The PIT drives a 1000 Hz tick (timers, time slices) and, once at boot,
 * measures the TSC's rate; the TSC then gives the time since boot cheaply. The RTC gives the
 * wall-clock time at boot in whole seconds, kept as an offset from the monotonic clock. */
#include "ktime.h"
#include "arch/x86.h"
#include "printk.h"
#include "fs.h"
#include "vdso_data.h"

#define PIT_HZ 1193182u
#define PIT_CH0 0x40
#define PIT_CH2 0x42
#define PIT_CMD 0x43
#define PIT_GATE 0x61

#define NS_PER_SEC 1000000000ull

static u64 tsc_at_boot;
static u64 tsc_rate_khz;
/* The time since boot is the 64.64 fixed-point number of seconds (ticks * sec_mult): one
 * multiply, whose high half is already whole seconds, so clock_gettime (here and in the vDSO,
 * include/vdso_data.h) never divides. sec_mult = 2^64 / TSC Hz keeps 2^32 / 10^9 (4.3) times
 * more significant digits than a nanoseconds-per-tick multiplier scaled by 2^32 would. */
static u64 sec_mult;
static u64 boot_realtime_sec;

struct since_boot {
    u64 sec;
    u64 frac;   /* of a second, in units of 2^-64 s */
};

/* Counts TSC cycles during 10 ms measured by PIT channel 2 in one-shot mode. */
static u64 measure_tsc_khz(void)
{
    const u32 count = PIT_HZ / 100;
    outb(PIT_GATE, (inb(PIT_GATE) & ~0x02) | 0x01);   /* gate on, speaker off */
    outb(PIT_CMD, 0xb0);                               /* channel 2, lo/hi, mode 0 */
    outb(PIT_CH2, count & 0xff);
    outb(PIT_CH2, count >> 8);
    u64 start = rdtsc();
    while (!(inb(PIT_GATE) & 0x20))                    /* OUT2 goes high when the count ends */
        cpu_relax();
    return (rdtsc() - start) / 10;
}

static void pit_start_tick(void)
{
    u32 divisor = PIT_HZ / TIMER_HZ;
    outb(PIT_CMD, 0x34);                               /* channel 0, lo/hi, rate generator */
    outb(PIT_CH0, divisor & 0xff);
    outb(PIT_CH0, divisor >> 8);
}

/* Remaps the legacy PICs to vectors 32..47 (away from the exceptions) and unmasks only IRQ 0. */
static void pic_init(void)
{
    outb(0x20, 0x11); outb(0xa0, 0x11);
    outb(0x21, 32);   outb(0xa1, 40);
    outb(0x21, 4);    outb(0xa1, 2);
    outb(0x21, 1);    outb(0xa1, 1);
    outb(0x21, 0xfe); outb(0xa1, 0xff);
}

void pic_unmask(unsigned irq)
{
    u16 port = irq < 8 ? 0x21 : 0xa1;
    outb(port, inb(port) & ~(1u << (irq & 7)));
}

static u8 cmos_read(u8 reg)
{
    outb(0x70, reg);
    return inb(0x71);
}

static unsigned bcd(u8 v, bool is_bcd) { return is_bcd ? (v & 0xf) + (v >> 4) * 10 : v; }

static s64 days_from_civil(s64 y, unsigned m, unsigned d)
{
    y -= m <= 2;
    s64 era = (y >= 0 ? y : y - 399) / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + (s64)doe - 719468;
}

static u64 rtc_read_epoch_seconds(void)
{
    while (cmos_read(0x0a) & 0x80)      /* wait out an update in progress */
        cpu_relax();
    u8 sec = cmos_read(0), min = cmos_read(2), hour = cmos_read(4);
    u8 day = cmos_read(7), mon = cmos_read(8), year = cmos_read(9), cent = cmos_read(0x32);
    bool is_bcd = !(cmos_read(0x0b) & 0x04);
    s64 y = bcd(year, is_bcd) + (cent ? bcd(cent, is_bcd) * 100 : 2000);
    s64 days = days_from_civil(y, bcd(mon, is_bcd), bcd(day, is_bcd));
    return (u64)(days * 86400 + bcd(hour & 0x7f, is_bcd) * 3600 + bcd(min, is_bcd) * 60 + bcd(sec, is_bcd));
}

/* 2^64 / hz rounded to nearest, without a 128-bit division: 2^64 = q * hz + r, 1 <= r <= hz. */
static u64 sec_mult_for(u64 hz)
{
    u64 q = UINT64_MAX / hz, r = UINT64_MAX % hz + 1;
    return q + (2 * r >= hz);
}

void time_init(void)
{
    tsc_rate_khz = measure_tsc_khz();
    if (!tsc_rate_khz)
        panic("the TSC does not advance");
    sec_mult = sec_mult_for(tsc_rate_khz * 1000);
    tsc_at_boot = rdtsc();
    boot_realtime_sec = rtc_read_epoch_seconds();
    pic_init();
    pit_start_tick();
    printk("[wicket] clock: TSC %lu kHz, RTC %lu s since the epoch\n", (unsigned long)tsc_rate_khz,
           (unsigned long)boot_realtime_sec);
}

static struct since_boot since_boot(void)
{
    unsigned __int128 t = (unsigned __int128)(rdtsc() - tsc_at_boot) * sec_mult;
    return (struct since_boot){ (u64)(t >> 64), (u64)t };
}

/* The whole nanoseconds in a fraction of a second: always below 10^9. */
static u64 frac_to_ns(u64 frac)
{
    return (u64)(((unsigned __int128)frac * NS_PER_SEC) >> 64);
}

u64 ktime_ns(void)
{
    struct since_boot t = since_boot();
    return t.sec * NS_PER_SEC + frac_to_ns(t.frac);
}

struct timespec ktime_timespec(void)
{
    struct since_boot t = since_boot();
    return (struct timespec){ (s64)t.sec, (s64)frac_to_ns(t.frac) };
}

u64 boot_epoch_sec(void) { return boot_realtime_sec; }
u64 realtime_ns(void) { return boot_realtime_sec * NS_PER_SEC + ktime_ns(); }
u64 tsc_khz(void) { return tsc_rate_khz; }

/* The offsets match kernel/syscalls/time.c's clock_gettime, so both paths agree exactly. The
 * alarm clocks, which Linux's vDSO leaves to the system call too, stay unserved. */
void time_fill_vdso_data(struct vdso_data *d)
{
    d->tsc_at_boot = tsc_at_boot;
    d->sec_mult = sec_mult;
    for (int clk = 0; clk < VDSO_CLOCK_IDS; clk++)
        d->clock_offset_sec[clk] = VDSO_CLOCK_UNSERVED;
    d->clock_offset_sec[CLOCK_MONOTONIC] = 0;
    d->clock_offset_sec[CLOCK_MONOTONIC_RAW] = 0;
    d->clock_offset_sec[CLOCK_MONOTONIC_COARSE] = 0;
    d->clock_offset_sec[CLOCK_BOOTTIME] = 0;
    d->clock_offset_sec[CLOCK_REALTIME] = (s64)boot_realtime_sec;
    d->clock_offset_sec[CLOCK_REALTIME_COARSE] = (s64)boot_realtime_sec;
    d->clock_offset_sec[CLOCK_TAI] = (s64)(boot_realtime_sec + TAI_MINUS_UTC_SEC);
}

void fs_now(struct timespec *ts)
{
    *ts = ns_to_timespec(realtime_ns());
}
