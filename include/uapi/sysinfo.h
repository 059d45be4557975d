/* struct sysinfo as sysinfo(2) fills it on x86_64. */
#ifndef WICKET_UAPI_SYSINFO_H
#define WICKET_UAPI_SYSINFO_H
#include "../types.h"

/* Linux ends the struct with a padding array of 20 - 2*8 - 4 = 0 bytes on 64-bit machines; the
 * compiler's alignment padding after mem_unit gives the same 112-byte size. */
struct sysinfo {
    s64 uptime;             /* seconds since boot */
    u64 loads[3];           /* 1, 5 and 15 minute load averages, scaled by 1 << 16 */
    u64 totalram;           /* the memory sizes count units of mem_unit bytes */
    u64 freeram;
    u64 sharedram;
    u64 bufferram;
    u64 totalswap;
    u64 freeswap;
    u16 procs;
    u16 pad;
    u64 totalhigh;
    u64 freehigh;
    u32 mem_unit;
};

#endif
