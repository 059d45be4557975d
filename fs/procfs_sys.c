/* The files of /proc itself: memory, time, CPU and mount information, in Linux's formats
 * (proc(5)), generated from the kernel's own counters when a file is opened. */
#include "procfs_internal.h"
#include "klog.h"
#include "mount.h"
#include "ksched.h"
#include "ktime.h"
#include "mm.h"
#include "kstring.h"
#include "arch/x86.h"

#define KERNEL_RELEASE "6.1.0-wicket"

static void gen_self(struct text *t, struct process *unused)
{
    text_printf(t, "%d", current_proc()->pid);
}

static void gen_mounts_link(struct text *t, struct process *unused)
{
    text_printf(t, "self/mounts");
}

static void meminfo_line(struct text *t, const char *label, u64 pages)
{
    text_printf(t, "%-16s%8llu kB\n", label, (unsigned long long)(pages * (PAGE_SIZE / 1024)));
}

/* Every free page is available: file contents live in tmpfs, which cannot be evicted, and the
 * kernel keeps no page cache, buffers or reclaimable slabs, so those counters are truly zero
 * (file data counts as used memory). They are printed because readers such as busybox free
 * look for Cached, MemAvailable and SReclaimable together. Swap does not exist. */
static void gen_meminfo(struct text *t, struct process *unused)
{
    u64 free = pmm_free_count();
    meminfo_line(t, "MemTotal:", pmm_total_pages());
    meminfo_line(t, "MemFree:", free);
    meminfo_line(t, "MemAvailable:", free);
    meminfo_line(t, "Buffers:", 0);
    meminfo_line(t, "Cached:", 0);
    meminfo_line(t, "SwapCached:", 0);
    meminfo_line(t, "SwapTotal:", 0);
    meminfo_line(t, "SwapFree:", 0);
    meminfo_line(t, "Shmem:", 0);
    meminfo_line(t, "SReclaimable:", 0);
}

static void gen_uptime(struct text *t, struct process *unused)
{
    u64 up = ktime_ns() / 10000000ull, idle = sched_idle_ns() / 10000000ull;
    text_printf(t, "%llu.%02llu %llu.%02llu\n", (unsigned long long)(up / 100),
                (unsigned long long)(up % 100), (unsigned long long)(idle / 100),
                (unsigned long long)(idle % 100));
}

/* The most recently created process's pid: the last one in creation order. */
static int last_pid(void)
{
    int pid = 0;
    for (struct process *p = proc_first(); p; p = p->next_proc)
        pid = p->pid;
    return pid;
}

/* Load averages are not tracked by this kernel; the fields keep their places at 0.00 so that
 * the runnable/total counts and the last pid stay where readers look for them. */
static void gen_loadavg(struct text *t, struct process *unused)
{
    text_printf(t, "0.00 0.00 0.00 %u/%u %d\n", sched_runnable_count(), proc_count(), last_pid());
}

static void gen_version(struct text *t, struct process *unused)
{
    text_printf(t, "Linux version " KERNEL_RELEASE " (wicket@wicket) (cc) #1 SMP Wicket "
                __DATE__ "\n");
}

static void gen_filesystems(struct text *t, struct process *unused)
{
    for (size_t i = 0; fs_types[i]; i++)
        text_printf(t, "%s\t%s\n", fs_types[i]->nodev ? "nodev" : "", fs_types[i]->name);
}

/* CPU time of every process, reaped children's included, in clock ticks. */
static void cpu_totals(u64 *user, u64 *system)
{
    u64 u = 0, s = 0;
    for (struct process *p = proc_first(); p; p = p->next_proc) {
        u += p->utime_ns + p->cutime_ns;
        s += p->stime_ns + p->cstime_ns;
    }
    *user = ns_to_clock_ticks(u);
    *system = ns_to_clock_ticks(s);
}

/* The counters of interrupts, context switches and forks are not kept, so those lines are
 * left out. */
static void gen_stat(struct text *t, struct process *unused)
{
    u64 user, system, idle = ns_to_clock_ticks(sched_idle_ns());
    cpu_totals(&user, &system);
    for (int line = 0; line < 2; line++)
        text_printf(t, "cpu%s %llu 0 %llu %llu 0 0 0 0 0 0\n", line ? "0" : " ",
                    (unsigned long long)user, (unsigned long long)system, (unsigned long long)idle);
    u64 boot = (realtime_ns() - ktime_ns()) / 1000000000ull;
    text_printf(t, "btime %llu\n", (unsigned long long)boot);
    text_printf(t, "procs_running %u\nprocs_blocked 0\n", sched_runnable_count());
}

/* ---- cpuinfo ---- */

/* CPUID leaf 1 EDX and ECX bits with Linux's flag names (unnamed bits are skipped). */
static const char *const edx1_flags[32] = {
    "fpu", "vme", "de", "pse", "tsc", "msr", "pae", "mce", "cx8", "apic", NULL, "sep", "mtrr",
    "pge", "mca", "cmov", "pat", "pse36", "pn", "clflush", NULL, "dts", "acpi", "mmx", "fxsr",
    "sse", "sse2", "ss", "ht", "tm", "ia64", "pbe",
};
static const char *const ecx1_flags[32] = {
    "pni", "pclmulqdq", "dtes64", "monitor", "ds_cpl", "vmx", "smx", "est", "tm2", "ssse3",
    "cid", "sdbg", "fma", "cx16", "xtpr", "pdcm", NULL, "pcid", "dca", "sse4_1", "sse4_2",
    "x2apic", "movbe", "popcnt", "tsc_deadline_timer", "aes", "xsave", NULL, "avx", "f16c",
    "rdrand", "hypervisor",
};

static void cpu_flags(struct text *t)
{
    u32 a, b, c, d;
    cpuid(1, 0, &a, &b, &c, &d);
    text_printf(t, "flags\t\t:");
    for (int i = 0; i < 32; i++)
        if ((d >> i) & 1 && edx1_flags[i])
            text_printf(t, " %s", edx1_flags[i]);
    for (int i = 0; i < 32; i++)
        if ((c >> i) & 1 && ecx1_flags[i])
            text_printf(t, " %s", ecx1_flags[i]);
    text_printf(t, "\n");
}

static void cpu_model_name(char name[49])
{
    u32 r[12];
    for (u32 i = 0; i < 3; i++)
        cpuid(0x80000002 + i, 0, &r[4 * i], &r[4 * i + 1], &r[4 * i + 2], &r[4 * i + 3]);
    memcpy(name, r, 48);
    name[48] = '\0';
}

static void gen_cpuinfo(struct text *t, struct process *unused)
{
    u32 a, b, c, d, max_leaf, vendor[4] = { 0 };
    cpuid(0, 0, &max_leaf, &vendor[0], &vendor[2], &vendor[1]);
    cpuid(1, 0, &a, &b, &c, &d);
    u32 family = (a >> 8) & 0xf, model = (a >> 4) & 0xf;
    if (family == 0xf)
        family += (a >> 20) & 0xff;
    if (family >= 6)
        model |= ((a >> 16) & 0xf) << 4;
    char name[49];
    cpu_model_name(name);
    u64 khz = tsc_khz();
    text_printf(t, "processor\t: 0\nvendor_id\t: %s\ncpu family\t: %u\nmodel\t\t: %u\n"
                "model name\t: %s\nstepping\t: %u\ncpu MHz\t\t: %llu.%03llu\n"
                "physical id\t: 0\nsiblings\t: 1\ncore id\t\t: 0\ncpu cores\t: 1\n"
                "apicid\t\t: 0\nfpu\t\t: yes\ncpuid level\t: %u\nwp\t\t: yes\n",
                (const char *)vendor, family, model, name, a & 0xf,
                (unsigned long long)(khz / 1000), (unsigned long long)(khz % 1000), max_leaf);
    cpu_flags(t);
    text_printf(t, "bogomips\t: %llu.%02llu\nclflush size\t: 64\ncache_alignment\t: 64\n\n",
                (unsigned long long)(khz / 500), (unsigned long long)(khz / 5 % 100));
}

static void gen_ostype(struct text *t, struct process *unused) { text_printf(t, "Linux\n"); }
static void gen_osrelease(struct text *t, struct process *unused)
{
    text_printf(t, KERNEL_RELEASE "\n");
}
static void gen_hostname(struct text *t, struct process *unused) { text_printf(t, "%s\n", uts_nodename); }

static const struct proc_entry sys_kernel_entries[] = {
    { "ostype", S_IFREG | 0444, gen_ostype, 0 },
    { "osrelease", S_IFREG | 0444, gen_osrelease, 0 },
    { "hostname", S_IFREG | 0644, gen_hostname, 0 },
};
const struct proc_table proc_sys_kernel_table = {
    sys_kernel_entries, ARRAY_SIZE(sys_kernel_entries)
};

static const struct proc_entry sys_entries[] = {
    { "kernel", S_IFDIR | 0555, NULL, PROC_TABLE_SYS_KERNEL },
};
const struct proc_table proc_sys_table = { sys_entries, ARRAY_SIZE(sys_entries) };

static const struct proc_entry root_entries[] = {
    { "self", S_IFLNK | 0777, gen_self, 0 },
    { "mounts", S_IFLNK | 0777, gen_mounts_link, 0 },
    { "meminfo", S_IFREG | 0444, gen_meminfo, 0 },
    { "uptime", S_IFREG | 0444, gen_uptime, 0 },
    { "loadavg", S_IFREG | 0444, gen_loadavg, 0 },
    { "version", S_IFREG | 0444, gen_version, 0 },
    { "filesystems", S_IFREG | 0444, gen_filesystems, 0 },
    { "stat", S_IFREG | 0444, gen_stat, 0 },
    { "cpuinfo", S_IFREG | 0444, gen_cpuinfo, 0 },
    { "sys", S_IFDIR | 0555, NULL, PROC_TABLE_SYS },
    { "wicket", S_IFDIR | 0555, NULL, PROC_TABLE_WICKET },
};
const struct proc_table proc_root_table = { root_entries, ARRAY_SIZE(root_entries) };
