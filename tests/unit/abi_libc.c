/* The C library's side of the ABI comparison in test_abi_layout.c: the facts listed in
 * abi_list.h, computed over glibc's headers, and getdents64 record lengths from the host kernel.
 * Only libc and Linux headers are included here (see abi_ours.c for why). */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/random.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/statvfs.h>
#include <sys/syscall.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <sys/time.h>
#include <sys/uio.h>
#include <sys/utsname.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>
#include <utime.h>
#include "abi_list.h"

static const struct abi_fact abi_libc_table[] = {
    ABI_LIBC_LAYOUT(ABI_THEIRS_S, ABI_THEIRS_F, ABI_THEIRS_O)
    ABI_LIBC_CONSTANTS(ABI_CONST)
};

size_t abi_libc_facts(struct abi_fact *out, size_t max)
{
    size_t n = abi_copy(out, max, abi_libc_table, sizeof(abi_libc_table) / sizeof(abi_libc_table[0]));
    ABI_LIBC_EXPRESSIONS(ABI_THEIRS_E)
    return n;
}

/* Lists dir with the raw getdents64 call and returns the record length of entry name. */
static long reclen_of(const char *dir, const char *name)
{
    int fd = open(dir, O_RDONLY | O_DIRECTORY);
    if (fd < 0)
        return -1;
    long found = -1;
    char buf[8192];
    long got;
    while (found < 0 && (got = syscall(SYS_getdents64, fd, buf, sizeof(buf))) > 0) {
        for (long at = 0; at < got;) {
            struct dirent64 *d = (struct dirent64 *)(buf + at);
            if (strcmp(d->d_name, name) == 0)
                found = d->d_reclen;
            at += d->d_reclen;
        }
    }
    close(fd);
    return found;
}

long abi_host_dirent_reclen(size_t namelen)
{
    char dir[] = "/tmp/abi_dirent.XXXXXX", name[NAME_MAX + 1], path[sizeof(dir) + NAME_MAX + 1];
    if (namelen == 0 || namelen > NAME_MAX || !mkdtemp(dir))
        return -1;
    memset(name, 'd', namelen);
    name[namelen] = '\0';
    snprintf(path, sizeof(path), "%s/%s", dir, name);
    int fd = open(path, O_CREAT | O_WRONLY, 0600);
    long reclen = fd < 0 ? -1 : reclen_of(dir, name);
    if (fd >= 0)
        close(fd);
    unlink(path);
    rmdir(dir);
    return reclen;
}
