/* wicket_bench_floor: the number `make bench` uses to measure a bare syscall/sysret round trip.
 * Booted with wicket.bench_floor=1, MSR_LSTAR points at syscall_entry_bench_floor
 * (arch/x86_64/syscall.S), which answers this number with 0 before the kernel saves a register;
 * every other boot reaches this handler through the ordinary dispatcher, and the call does not
 * exist: the benchmark-only path is unreachable unless asked for at boot. */
#include "syscalls.h"
#include "uapi/errno.h"

long sys_wicket_bench_floor(void)
{
    return -ENOSYS;
}
