/* Checks that include/uapi/ matches the Linux x86_64 ABI: every struct's size and field
 * offsets and sizes, and every constant, against glibc and against Linux's own uapi headers.
 *
 * Our headers reuse the C library's struct names, so they cannot share a translation unit with
 * it: abi_ours.c, abi_libc.c and abi_linux.c each expand the lists in abi_list.h into a table
 * of named numbers, and this file compares the tables entry by entry. The kernel's struct
 * termios (what TCGETS copies, 19 control characters) differs from glibc's (32 of them plus two
 * speeds, converted by tcgetattr), so it is compared whole against <asm/termbits.h> and only by
 * its common prefix against glibc.
 *
 * Two more checks: getdents64 record lengths against the host kernel's, and that every constant
 * our uapi headers define appears in some list, so a new one cannot go unchecked. */
/* UNIT-SOURCES: tests/unit/abi_ours.c tests/unit/abi_libc.c tests/unit/abi_linux.c */
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include "tap.h"
#include "abi_list.h"

static struct abi_fact ours_libc[ABI_MAX_FACTS], libc[ABI_MAX_FACTS];
static struct abi_fact ours_linux[ABI_MAX_FACTS], linux_[ABI_MAX_FACTS];
static size_t n_ours_libc, n_libc, n_ours_linux, n_linux;

/* Compares two tables built from the same list; reports each mismatch by name. */
static void compare(const char *ref, const struct abi_fact *ours, size_t n_ours,
                    const struct abi_fact *theirs, size_t n_theirs)
{
    if (!CHECK(n_ours == n_theirs && n_ours <= ABI_MAX_FACTS, "%s: both sides list %zu facts",
               ref, n_ours))
        return;
    size_t bad = 0;
    for (size_t i = 0; i < n_ours; i++) {
        if (strcmp(ours[i].name, theirs[i].name) != 0 || ours[i].value != theirs[i].value) {
            bad++;
            CHECK(0, "%s: %s is %lld, the reference says %lld", ref, ours[i].name,
                  ours[i].value, theirs[i].value);
        }
    }
    CHECK(bad == 0, "%s: all %zu facts agree", ref, n_ours);
}

static void test_dirent_reclen(void)
{
    static const size_t lengths[] = { 1, 2, 3, 4, 5, 6, 7, 12, 13, 20, 21, 100, 254, 255 };
    for (size_t i = 0; i < sizeof(lengths) / sizeof(lengths[0]); i++) {
        long host = abi_host_dirent_reclen(lengths[i]);
        if (host < 0) {
            printf("# skipping getdents64 check for length %zu: host refused\n", lengths[i]);
            continue;
        }
        CHECK(host == (long)abi_ours_dirent_reclen(lengths[i]),
              "getdents64 d_reclen for a %zu-byte name: ours %zu, host %ld", lengths[i],
              abi_ours_dirent_reclen(lengths[i]), host);
    }
}

/* Names a header may define without a fact: include guards, the host-only struct guards in
 * time.h, and errno values that exist only inside the kernel. */
static bool exempt(const char *name)
{
    static const char *const names[] = { "_STRUCT_TIMESPEC", "__timeval_defined", "ERESTARTSYS",
                                         "ERESTARTNOINTR", "ENOIOCTLCMD", "MAX_ERRNO" };
    if (strncmp(name, "WICKET_", 7) == 0)
        return true;
    for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
        if (strcmp(name, names[i]) == 0)
            return true;
    return false;
}

static bool listed(const char *name)
{
    for (size_t i = 0; i < n_ours_libc; i++)
        if (strcmp(ours_libc[i].name, name) == 0)
            return true;
    for (size_t i = 0; i < n_ours_linux; i++)
        if (strcmp(ours_linux[i].name, name) == 0)
            return true;
    return false;
}

/* Every object-like macro in include/uapi/<header> must be a fact (tests run from the
 * repository root, as tools/run-tests does). Returns how many are missing, or -1. */
static int unlisted_in(const char *header)
{
    char path[128], line[512], name[128];
    snprintf(path, sizeof(path), "include/uapi/%s", header);
    FILE *fp = fopen(path, "r");
    if (!fp)
        return -1;
    int missing = 0;
    while (fgets(line, sizeof(line), fp)) {
        int end = 0;
        if (sscanf(line, " #define %127[A-Za-z0-9_]%n", name, &end) != 1 || line[end] == '(')
            continue;
        if (!exempt(name) && !listed(name)) {
            printf("# %s defines %s, which no list in tests/unit/abi_list.h checks\n", header, name);
            missing++;
        }
    }
    fclose(fp);
    return missing;
}

static void test_coverage(void)
{
    static const char *const headers[] = {
        "auxv.h", "dirent.h", "errno.h", "fcntl.h", "limits.h", "mman.h", "prctl.h", "random.h",
        "reboot.h", "resource.h", "signal.h", "stat.h", "statfs.h", "sysinfo.h", "termios.h",
        "time.h", "uio.h", "utsname.h",
    };
    for (size_t i = 0; i < sizeof(headers) / sizeof(headers[0]); i++) {
        int missing = unlisted_in(headers[i]);
        CHECK(missing == 0, "every constant in include/uapi/%s is checked%s", headers[i],
              missing < 0 ? " (could not read it: run from the repository root)" : "");
    }
}

int main(void)
{
    n_ours_libc = abi_ours_libc_facts(ours_libc, ABI_MAX_FACTS);
    n_libc = abi_libc_facts(libc, ABI_MAX_FACTS);
    n_ours_linux = abi_ours_linux_facts(ours_linux, ABI_MAX_FACTS);
    n_linux = abi_linux_facts(linux_, ABI_MAX_FACTS);
    compare("glibc", ours_libc, n_ours_libc, libc, n_libc);
    compare("Linux uapi", ours_linux, n_ours_linux, linux_, n_linux);
    test_dirent_reclen();
    test_coverage();
    return tap_end();
}
