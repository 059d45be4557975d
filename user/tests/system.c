/* In-VM tests of system-wide calls: uname, sysinfo, getrandom, reboot's argument checks (never
 * with a valid power command: as root that would really reboot) and system call numbers the
 * kernel does not implement. */
#include "tap.h"
#include "uapi/wicket_syscalls.h"
#include <sys/sysinfo.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#define GRND_NONBLOCK 0x1
#define GRND_RANDOM   0x2
#define GRND_INSECURE 0x4
/* The kernel's struct sysinfo is 112 bytes; musl's adds reserved space the kernel never writes. */
#define KERNEL_SYSINFO_SIZE 112

/* True when the field is a non-empty string NUL-terminated within its 65 bytes. */
static int field_ok(const char *field)
{
    size_t len = strnlen(field, sizeof(((struct utsname *)0)->sysname));
    return len > 0 && len < sizeof(((struct utsname *)0)->sysname);
}

static void test_uname(void)
{
    struct utsname u;
    memset(&u, 'x', sizeof(u));
    CHECK_RET(sc1(SYS_uname, &u), 0, "uname");
    CHECK(strcmp(u.sysname, "Linux") == 0, "sysname is \"Linux\" (got \"%.65s\")", u.sysname);
    CHECK(strcmp(u.machine, "x86_64") == 0, "machine is \"x86_64\" (got \"%.65s\")", u.machine);
    CHECK(field_ok(u.release) && field_ok(u.version), "release and version are non-empty strings");
    CHECK(field_ok(u.nodename) && field_ok(u.__domainname), "nodename and domainname are strings");
    tap_print("# uname: %s %s %s", u.sysname, u.release, u.version);
    EFAULT_EACH(BP_WRITES, sizeof(u), sc1(SYS_uname, bp), "uname into a bad buffer");
}

static void test_hostname(void)
{
    struct utsname u;
    CHECK_RET(sc2(SYS_sethostname, "wicket-host", 11), 0, "sethostname");
    sc1(SYS_uname, &u);
    CHECK(!strcmp(u.nodename, "wicket-host"), "uname's nodename follows (got \"%.65s\")", u.nodename);
    CHECK_RET(sc2(SYS_sethostname, "abcdefgh", 3), 0, "sethostname takes len bytes, not the string");
    sc1(SYS_uname, &u);
    CHECK(!strcmp(u.nodename, "abc"), "so the name is \"abc\" (got \"%.65s\")", u.nodename);
    char big[80];
    memset(big, 'a', sizeof(big));
    CHECK_RET(sc2(SYS_sethostname, big, 65), -EINVAL, "a 65-byte name: EINVAL");
    CHECK_RET(sc2(SYS_sethostname, big, -1), -EINVAL, "a negative length: EINVAL");
    CHECK_RET(sc2(SYS_sethostname, big, 64), 0, "a 64-byte name fits");
    EFAULT_EACH(BP_READS & ~BP_MASK(BP_STRADDLE), 8, sc2(SYS_sethostname, bp, 8), "sethostname from a bad pointer");
    CHECK_RET(sc2(SYS_setdomainname, "example", 7), 0, "setdomainname");
    sc1(SYS_uname, &u);
    CHECK(!strcmp(u.__domainname, "example"), "uname's domainname follows");
    sc2(SYS_sethostname, "(none)", 6);
    sc2(SYS_setdomainname, "(none)", 6);
}

static void test_syslog(void)
{
    long size = sc3(SYS_syslog, 10, NULL, 0);
    CHECK(size > 0, "syslog SIZE_BUFFER is positive (%ld)", size);
    static char buf[1 << 17];
    long n = sc3(SYS_syslog, 3, buf, sizeof(buf) - 1);
    CHECK(n > 0 && n <= size, "syslog READ_ALL returns the log (%ld bytes)", n);
    buf[n > 0 ? n : 0] = 0;
    CHECK(!strncmp(buf, "<", 1) && strchr(buf, ']'), "records start with a level and a timestamp");
    CHECK_RET(sc3(SYS_syslog, 3, buf, -1), -EINVAL, "READ_ALL with a negative length: EINVAL");
    CHECK_RET(sc3(SYS_syslog, 3, NULL, 10), -EINVAL, "READ_ALL into NULL: EINVAL");
    CHECK_RET(sc3(SYS_syslog, 99, buf, 10), -EINVAL, "an unknown action: EINVAL");
    CHECK_RET(sc3(SYS_syslog, 3, bad_ptr(BP_UNMAPPED, 4096), 4096), -EFAULT, "READ_ALL into an unmapped page: EFAULT");
}

static void test_sysinfo(void)
{
    struct sysinfo si;
    memset(&si, 0xee, sizeof(si));
    CHECK_RET(sc1(SYS_sysinfo, &si), 0, "sysinfo");
    CHECK(((unsigned char *)&si)[KERNEL_SYSINFO_SIZE] == 0xee, "sysinfo writes only the kernel's 112 bytes");
    unsigned long long total = (unsigned long long)si.totalram * (si.mem_unit ? si.mem_unit : 1);
    CHECK(si.mem_unit >= 1, "mem_unit is at least 1 (got %u)", si.mem_unit);
    CHECK(total > 16ULL << 20 && total <= 256ULL << 20,
          "total RAM is between 16 MiB and the VM's 256 MiB (got %llu)", total);
    CHECK(si.freeram > 0 && si.freeram <= si.totalram, "free RAM is positive and below the total");
    CHECK(si.procs >= 1, "at least one process (got %u)", si.procs);
    CHECK(si.uptime < 3600, "uptime is in seconds since boot (got %ld)", si.uptime);
    EFAULT_EACH(BP_WRITES, KERNEL_SYSINFO_SIZE, sc1(SYS_sysinfo, bp), "sysinfo into a bad buffer");
}

static void test_getrandom(void)
{
    unsigned char a[64], b[64], zeros[64] = {0};
    memset(a, 0, sizeof(a));
    CHECK_RET(sc3(SYS_getrandom, a, sizeof(a), 0), (long)sizeof(a), "getrandom 64 bytes");
    CHECK(memcmp(a, zeros, sizeof(a)) != 0, "the bytes are not all zero");
    sc3(SYS_getrandom, b, sizeof(b), 0);
    CHECK(memcmp(a, b, sizeof(a)) != 0, "two calls give different bytes");
    CHECK_RET(sc3(SYS_getrandom, a, sizeof(a), GRND_NONBLOCK), (long)sizeof(a), "GRND_NONBLOCK");
    CHECK_RET(sc3(SYS_getrandom, a, sizeof(a), GRND_RANDOM), (long)sizeof(a), "GRND_RANDOM");
    CHECK_RET(sc3(SYS_getrandom, a, sizeof(a), GRND_INSECURE), (long)sizeof(a), "GRND_INSECURE");
    CHECK_RET(sc3(SYS_getrandom, a, 0, 0), 0, "getrandom of 0 bytes");
    CHECK_RET(sc3(SYS_getrandom, a, sizeof(a), 0x8), -EINVAL, "getrandom with unknown flag 0x8");
    CHECK_RET(sc3(SYS_getrandom, a, sizeof(a), GRND_INSECURE | GRND_RANDOM), -EINVAL,
              "GRND_INSECURE together with GRND_RANDOM");
    EFAULT_EACH(BP_WRITES & ~BP_MASK(BP_STRADDLE), 16, sc3(SYS_getrandom, bp, 16, 0),
                "getrandom into a bad buffer");
    CHECK_RET(sc3(SYS_getrandom, bad_ptr(BP_STRADDLE, 16), 16, 0), 8,
              "getrandom into a straddling buffer fills the mapped part");
}

static void test_reboot_checks(void)
{
    CHECK_RET(sc4(SYS_reboot, 0x12345678, LINUX_REBOOT_MAGIC2, LINUX_REBOOT_CMD_POWER_OFF, 0), -EINVAL,
              "reboot with a bad first magic number");
    CHECK_RET(sc4(SYS_reboot, LINUX_REBOOT_MAGIC1, 0x12345678, LINUX_REBOOT_CMD_POWER_OFF, 0), -EINVAL,
              "reboot with a bad second magic number");
    CHECK_RET(sc4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, 0x12345678, 0), -EINVAL,
              "reboot with good magic but an unknown command");
    /* A child that gave up root asks for something harmless; the answer must be EPERM, before
     * the magic numbers are even looked at. */
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        long setuid = sc3(SYS_setresuid, 1000, 1000, 1000);
        long good = sc4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, 0x89ABCDEF /* CAD_ON */, 0);
        long bad = sc4(SYS_reboot, 0x12345678, 0, 0x12345678, 0);
        sc1(SYS_exit, setuid == 0 && good == -EPERM && bad == -EPERM ? 0 : 1);
    }
    int status = -1;
    sc4(SYS_wait4, pid, &status, 0, 0);
    CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0,
          "reboot by a non-root caller is EPERM, bad magic or not (status %#x)", status);
}

static void test_unknown_syscalls(void)
{
    CHECK_RET(sc0(1000), -ENOSYS, "system call 1000 does not exist");
    CHECK_RET(sc0(-1), -ENOSYS, "system call -1 does not exist");
    CHECK_RET(sc0(335), -ENOSYS, "system call 335 (a hole in the x86_64 table)");
    CHECK_RET(sc0(512), -ENOSYS, "system call 512 (an x32-only number)");
}

/* The benchmark-only entry (wicket.bench_floor=1) is unreachable on a normal boot: its number
 * goes through the ordinary dispatcher and does not exist, on Wicket as on Linux. */
static void test_bench_floor_is_off(void)
{
    CHECK_RET(sc0(SYS_wicket_bench_floor), -ENOSYS,
              "SYS_wicket_bench_floor without the boot option");
    CHECK_RET(sc0(SYS_wicket_bench_floor | (1L << 32)), -ENOSYS, "...with high bits set in RAX");
}

/* `system bench-floor`, booted by tools/run-tests with wicket.bench_floor=1 (Wicket only): the
 * floor entry answers its number with 0, looking only at EAX, and every other call still goes
 * through the normal entry. */
static void test_bench_floor_is_on(void)
{
    CHECK_RET(sc0(SYS_wicket_bench_floor), 0, "SYS_wicket_bench_floor with wicket.bench_floor=1");
    CHECK_RET(sc0(SYS_wicket_bench_floor | (1L << 32)), 0, "...with high bits set in RAX");
    CHECK_RET(sc0(SYS_getpid), 1, "getpid still reaches the normal entry");
    CHECK_RET(sc0(1000), -ENOSYS, "system call 1000 still does not exist");
}

int main(int argc, char **argv)
{
    if (argc > 1 && !strcmp(argv[1], "bench-floor")) {
        test_bench_floor_is_on();
        return tap_done();
    }
    test_uname();
    test_hostname();
    test_syslog();
    test_sysinfo();
    test_getrandom();
    test_reboot_checks();
    test_unknown_syscalls();
    test_bench_floor_is_off();
    return tap_done();
}
