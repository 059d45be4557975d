/* In-VM tests of the mount table, devtmpfs and procfs: mount and umount2 with their errors,
 * path walks across mount points, st_dev per mount, devtmpfs's nodes, and /proc's files checked
 * against what the process knows of itself (getpid, its comm, a child's state and parent), the
 * descriptors it holds, and MemFree coming back after 1000 fork/exit/wait cycles. tmpfs's
 * options: size= limits the data pages (statfs counts them, a full one says ENOSPC), mode=,
 * uid= and gid= set the root, and bad options are EINVAL. The
 * initramfs provides /proc and the /mnt directories (user/tests/initramfs.list). */
#include "tap.h"
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <sys/sysmacros.h>
#include <dirent.h>
#include <stdbool.h>
#include <time.h>
#include <sys/utsname.h>
#include <sys/statfs.h>
#include <sys/sysinfo.h>

#define MNT_T1 "/mnt/t1"
#define MNT_T2 "/mnt/t2"
#define MNT_DEV "/mnt/dev"

static long do_mount(const char *src, const char *target, const char *type, long flags, const void *data)
{
    return sc5(SYS_mount, src, target, type, flags, data);
}

/* Reads a whole file into buf (NUL-terminated); the byte count or -errno. */
static long read_file(const char *path, char *buf, size_t size)
{
    long fd = sc4(SYS_openat, AT_FDCWD, path, O_RDONLY, 0);
    if (fd < 0)
        return fd;
    size_t len = 0;
    long n;
    while (len < size - 1 && (n = sc3(SYS_read, fd, buf + len, size - 1 - len)) > 0)
        len += (size_t)n;
    sc1(SYS_close, fd);
    buf[len] = '\0';
    return (long)len;
}

static long read_link(const char *path, char *buf, size_t size)
{
    long n = sc3(SYS_readlink, path, buf, size - 1);
    buf[n > 0 ? n : 0] = '\0';
    return n;
}

static struct stat stat_of(const char *path)
{
    struct stat st;
    memset(&st, 0, sizeof(st));
    if (sc2(SYS_stat, path, &st) < 0)
        tap_print("# stat(%s) failed", path);
    return st;
}

static bool running_on_linux(void)
{
    char buf[256];
    return read_file("/proc/version", buf, sizeof(buf)) > 0 && !strstr(buf, "wicket");
}

/* ---- mount and umount2 ---- */

static void test_mount_basics(void)
{
    CHECK_RET(do_mount("proc", "/proc", "proc", MS_NOSUID | MS_NODEV | MS_NOEXEC, NULL), 0,
              "mount proc on /proc");
    CHECK_RET(do_mount("tmp1", MNT_T1, "tmpfs", 0, NULL), 0, "mount a tmpfs on " MNT_T1);
    CHECK_RET(do_mount("dev", MNT_DEV, "devtmpfs", 0, NULL), 0, "mount devtmpfs on " MNT_DEV);
    struct stat root = stat_of("/"), proc = stat_of("/proc"), t1 = stat_of(MNT_T1);
    CHECK(root.st_dev != proc.st_dev && proc.st_dev != t1.st_dev && root.st_dev != t1.st_dev,
          "each mount has its own st_dev (/ %lx, /proc %lx, tmpfs %lx)", (long)root.st_dev,
          (long)proc.st_dev, (long)t1.st_dev);
    CHECK(S_ISDIR(t1.st_mode) && (t1.st_mode & 07777) == 01777,
          "a new tmpfs root is a 1777 directory (got %o)", t1.st_mode);
    CHECK(S_ISDIR(proc.st_mode) && (proc.st_mode & 07777) == 0555, "/proc is 0555 (got %o)",
          proc.st_mode);
}

static void test_mount_errors(void)
{
    CHECK_RET(do_mount("x", MNT_T2, "nosuchfs", 0, NULL), -ENODEV, "an unknown type is ENODEV");
    CHECK_RET(do_mount("x", "/mnt/missing", "tmpfs", 0, NULL), -ENOENT, "a missing target is ENOENT");
    CHECK_RET(do_mount("x", "/mnt/missing", "nosuchfs", 0, NULL), -ENOENT,
              "the target is resolved before the type");
    CHECK_RET(do_mount("x", "/data/hello.txt", "tmpfs", 0, NULL), -ENOTDIR,
              "a regular file as target is ENOTDIR");
    CHECK_RET(do_mount("x", MNT_T2, NULL, 0, NULL), -EINVAL, "no type is EINVAL");
    EFAULT_EACH(BP_READS & ~BP_MASK(BP_NULL), 0, do_mount("x", MNT_T2, bp, 0, NULL),
                "mount with a bad type pointer");
    EFAULT_EACH(BP_READS & ~BP_MASK(BP_NULL), 0, do_mount(bp, MNT_T2, "tmpfs", 0, NULL),
                "mount with a bad source pointer");
    EFAULT_EACH(BP_READS, 0, do_mount("x", bp, "tmpfs", 0, NULL), "mount with a bad target pointer");
    EFAULT_EACH(BP_MASK(BP_KERNEL) | BP_MASK(BP_NONCANON_LOW) | BP_MASK(BP_NONCANON_HIGH) |
                BP_MASK(BP_UNMAPPED), 0, do_mount("x", MNT_T2, "tmpfs", 0, bp),
                "mount with a bad data pointer");
    CHECK_RET(sc2(SYS_umount2, MNT_T2, 0), -EINVAL, "umount2 of a directory that is no mount point");
    CHECK_RET(sc2(SYS_umount2, "/mnt/missing", 0), -ENOENT, "umount2 of a missing path");
    CHECK_RET(sc2(SYS_umount2, MNT_T1, 0x100), -EINVAL, "umount2 with an unknown flag");
    EFAULT_EACH(BP_READS, 0, sc2(SYS_umount2, bp, 0), "umount2 with a bad path pointer");
}

static void test_cross_mount_walk(void)
{
    long fd = sc4(SYS_openat, AT_FDCWD, MNT_T1 "/f", O_CREAT | O_RDWR, 0644);
    CHECK(fd >= 0, "create a file in the tmpfs (got %ld)", fd);
    sc3(SYS_write, fd, "abc", 3);
    sc1(SYS_close, fd);
    struct stat a = stat_of(MNT_T1 "/f"), b = stat_of("/mnt/t2/../t1/./f");
    CHECK(a.st_ino == b.st_ino && a.st_dev == b.st_dev && a.st_size == 3,
          "a path leaving a sibling and entering the mount finds the file");
    struct stat up = stat_of(MNT_T1 "/.."), mnt = stat_of("/mnt");
    CHECK(up.st_ino == mnt.st_ino && up.st_dev == mnt.st_dev, "the mounted root's .. is /mnt");
    struct stat pup = stat_of("/proc/.."), root = stat_of("/");
    CHECK(pup.st_ino == root.st_ino && pup.st_dev == root.st_dev, "/proc/.. is /");
    CHECK_RET(sc1(SYS_chdir, MNT_T1), 0, "chdir into the tmpfs");
    char cwd[256] = "";
    sc2(SYS_getcwd, cwd, sizeof(cwd));
    CHECK(strcmp(cwd, MNT_T1) == 0, "getcwd inside the mount is " MNT_T1 " (got %s)", cwd);
    CHECK_RET(sc2(SYS_umount2, MNT_T1, 0), -EBUSY, "umount2 of the cwd's filesystem is EBUSY");
    CHECK_RET(sc1(SYS_chdir, ".."), 0, "chdir .. from the mounted root");
    sc2(SYS_getcwd, cwd, sizeof(cwd));
    CHECK(strcmp(cwd, "/mnt") == 0, "and getcwd is /mnt (got %s)", cwd);
    sc1(SYS_chdir, "/");
}

static void test_umount(void)
{
    long fd = sc4(SYS_openat, AT_FDCWD, MNT_T1 "/f", O_RDONLY, 0);
    CHECK_RET(sc2(SYS_umount2, MNT_T1, 0), -EBUSY, "umount2 with a file open inside is EBUSY");
    sc1(SYS_close, fd);
    CHECK_RET(sc2(SYS_umount2, MNT_T1, 0), 0, "umount2 once nothing is used");
    struct stat st;
    CHECK_RET(sc2(SYS_stat, MNT_T1 "/f", &st), -ENOENT, "the file is gone with the mount");
    CHECK_RET(sc2(SYS_umount2, MNT_T1, 0), -EINVAL, "a second umount2 is EINVAL");
    CHECK_RET(do_mount("a", MNT_T1, "tmpfs", 0, NULL), 0, "mount a tmpfs again");
    CHECK_RET(do_mount("b", MNT_T1, "tmpfs", 0, NULL), 0, "and another on top of it");
    fd = sc4(SYS_openat, AT_FDCWD, MNT_T1 "/top", O_CREAT | O_RDWR, 0644);
    sc1(SYS_close, fd);
    CHECK_RET(sc2(SYS_umount2, MNT_T1, MNT_DETACH), 0, "umount2 MNT_DETACH the top one");
    CHECK_RET(sc2(SYS_stat, MNT_T1 "/top", &st), -ENOENT, "the lower tmpfs shows again");
    CHECK_RET(sc2(SYS_umount2, MNT_T1, 0), 0, "unmount the lower one");
}

/* ---- devtmpfs ---- */

/* ---- tmpfs options ---- */

static struct statfs statfs_of(const char *path)
{
    struct statfs sf;
    memset(&sf, 0, sizeof(sf));
    if (sc2(SYS_statfs, path, &sf) < 0)
        tap_print("# statfs(%s) failed", path);
    return sf;
}

static char fill_buf[1 << 20];

/* A 1 MiB tmpfs: 256 pages, 25 of them taken by 100 KiB, the rest by a write that stops where
 * the space ends; then nothing more fits, but a sparse ftruncate still grows the file. */
static void test_tmpfs_size_limit(void)
{
    CHECK_RET(do_mount("sz", MNT_T2, "tmpfs", 0, "size=1m"), 0, "mount a tmpfs with size=1m");
    struct statfs sf = statfs_of(MNT_T2);
    CHECK(sf.f_type == 0x01021994 && sf.f_bsize == 4096 && sf.f_blocks == 256 &&
          sf.f_bfree == 256 && sf.f_bavail == 256,
          "an empty size=1m tmpfs has 256 free 4 KiB blocks (blocks %ld free %ld avail %ld)",
          (long)sf.f_blocks, (long)sf.f_bfree, (long)sf.f_bavail);
    long fd = sc4(SYS_openat, AT_FDCWD, MNT_T2 "/f", O_CREAT | O_RDWR, 0644);
    memset(fill_buf, 'x', sizeof(fill_buf));
    CHECK_RET(sc3(SYS_write, fd, fill_buf, 100 * 1024), 100 * 1024, "write 100 KiB");
    sf = statfs_of(MNT_T2);
    CHECK(sf.f_bfree == 231 && sf.f_bavail == 231, "100 KiB take 25 blocks (free %ld)", (long)sf.f_bfree);
    CHECK_RET(sc3(SYS_write, fd, fill_buf, sizeof(fill_buf)), 231 * 4096,
              "a write past the limit writes what fits");
    CHECK_RET(sc3(SYS_write, fd, fill_buf, 1), -ENOSPC, "then a full tmpfs says ENOSPC");
    CHECK(statfs_of(MNT_T2).f_bfree == 0, "no block is free");
    CHECK_RET(sc4(SYS_pwrite64, fd, "y", 1, 5), 1, "a full tmpfs still takes writes to its pages");
    CHECK_RET(sc2(SYS_ftruncate, fd, 64 << 20), 0, "ftruncate past the limit (sparse) is allowed");
    CHECK_RET(sc4(SYS_pwrite64, fd, "y", 1, 32 << 20), -ENOSPC, "but writing in the hole is ENOSPC");
    CHECK_RET(sc2(SYS_ftruncate, fd, 4096), 0, "ftruncate to one page");
    CHECK(statfs_of(MNT_T2).f_bfree == 255, "gives the other blocks back");
    sc1(SYS_close, fd);
    CHECK_RET(sc1(SYS_unlink, MNT_T2 "/f"), 0, "unlink the file");
    CHECK(statfs_of(MNT_T2).f_bfree == 256, "every block is free again");
    CHECK_RET(sc2(SYS_umount2, MNT_T2, 0), 0, "unmount the size=1m tmpfs");
}

/* mode=, uid= and gid= set the root directory; nr_blocks= and size=N% the limit. */
static void test_tmpfs_root_options(void)
{
    CHECK_RET(do_mount("o", MNT_T2, "tmpfs", 0, "mode=0750,uid=1234,gid=2345,nr_inodes=100,nr_blocks=16"),
              0, "mount a tmpfs with mode=, uid=, gid=, nr_inodes= and nr_blocks=");
    struct stat st = stat_of(MNT_T2);
    CHECK(st.st_mode == (S_IFDIR | 0750) && st.st_uid == 1234 && st.st_gid == 2345,
          "the root is 0750 1234:2345 (got %o %d:%d)", st.st_mode, st.st_uid, st.st_gid);
    CHECK(statfs_of(MNT_T2).f_blocks == 16, "nr_blocks=16 gives 16 blocks");
    CHECK_RET(sc2(SYS_umount2, MNT_T2, 0), 0, "unmount it");
    struct sysinfo si;
    sc1(SYS_sysinfo, &si);
    unsigned long ram_pages = si.totalram * si.mem_unit / 4096;
    CHECK_RET(do_mount("p", MNT_T2, "tmpfs", 0, ",size=50%,"), 0, "mount a tmpfs with size=50%");
    struct statfs sf = statfs_of(MNT_T2);
    CHECK((unsigned long)sf.f_blocks == (ram_pages * 50 * 4096 / 100 + 4095) / 4096,
          "size=50%% is half the RAM's %lu pages (got %ld)", ram_pages, (long)sf.f_blocks);
    CHECK_RET(sc2(SYS_umount2, MNT_T2, 0), 0, "unmount it");
}

static void test_tmpfs_bad_options(void)
{
    static const char *const bad[] = {
        "size=1x", "size=", "size", "size=-1", "nr_blocks=2%", "bogus=1", "bogus", "mode=9",
        "mode=", "uid=-1", "uid=4294967295", "gid=abc", "nr_inodes=1q",
    };
    for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++)
        CHECK_RET(do_mount("b", MNT_T2, "tmpfs", 0, bad[i]), -EINVAL, "tmpfs option \"%s\" is EINVAL", bad[i]);
}

static void test_devtmpfs(void)
{
    static const struct { const char *name; int major, minor; unsigned mode; } nodes[] = {
        { "null", 1, 3, 0666 }, { "zero", 1, 5, 0666 }, { "full", 1, 7, 0666 },
        { "random", 1, 8, 0666 }, { "urandom", 1, 9, 0666 }, { "tty", 5, 0, 0666 },
        { "console", 5, 1, 0600 }, { "ttyS0", 4, 64, 0600 },
    };
    for (size_t i = 0; i < sizeof(nodes) / sizeof(nodes[0]); i++) {
        char path[64];
        snprintf(path, sizeof(path), MNT_DEV "/%s", nodes[i].name);
        struct stat st = stat_of(path);
        CHECK(S_ISCHR(st.st_mode) && (int)major(st.st_rdev) == nodes[i].major &&
              (int)minor(st.st_rdev) == nodes[i].minor && (st.st_mode & 07777) == nodes[i].mode,
              "devtmpfs %s is a %d:%d node with mode %o (got %o %d:%d)", nodes[i].name,
              nodes[i].major, nodes[i].minor, nodes[i].mode, st.st_mode,
              (int)major(st.st_rdev), (int)minor(st.st_rdev));
    }
    char buf[8] = "xxxxxxx";
    long fd = sc4(SYS_openat, AT_FDCWD, MNT_DEV "/zero", O_RDONLY, 0);
    CHECK(sc3(SYS_read, fd, buf, 8) == 8 && buf[0] == 0 && buf[7] == 0, "its zero reads zeros");
    sc1(SYS_close, fd);
}

/* ---- procfs ---- */

/* The fields of a /proc/PID/stat line: [0] pid, [1] comm with its parentheses, [2] state ...;
 * returns the count. The comm may hold spaces, so it is cut at the last ')'. */
static int stat_fields(char *line, char *fields[64])
{
    char *close = strrchr(line, ')');
    if (!close)
        return 0;
    int n = 0;
    fields[n++] = strtok(line, " ");
    close[1] = '\0';
    fields[n++] = line + strlen(fields[0]) + 1;
    for (char *f = strtok(close + 2, " \n"); f && n < 64; f = strtok(NULL, " \n"))
        fields[n++] = f;
    return n;
}

static void test_proc_self(void)
{
    char buf[4096], want[64];
    long pid = sc0(SYS_getpid);
    snprintf(want, sizeof(want), "%ld", pid);
    read_link("/proc/self", buf, sizeof(buf));
    CHECK(strcmp(buf, want) == 0, "/proc/self points to the pid %s (got %s)", want, buf);
    CHECK(read_file("/proc/self/stat", buf, sizeof(buf)) > 0, "read /proc/self/stat");
    char *f[64];
    int n = stat_fields(buf, f);
    CHECK(n == 52, "stat has 52 fields (got %d)", n);
    CHECK(n > 3 && atol(f[0]) == pid && strcmp(f[1], "(vfs)") == 0 && f[2][0] == 'R' &&
          atol(f[3]) == sc0(SYS_getppid), "stat starts with pid, (vfs), R, the ppid");
    CHECK(n > 6 && atol(f[4]) == sc1(SYS_getpgid, 0) && atol(f[5]) == sc1(SYS_getsid, 0),
          "stat's pgrp and session are getpgid's and getsid's");
    read_file("/proc/self/comm", buf, sizeof(buf));
    CHECK(strcmp(buf, "vfs\n") == 0, "comm is \"vfs\\n\" (got %s)", buf);
    read_file("/proc/self/status", buf, sizeof(buf));
    snprintf(want, sizeof(want), "\nPid:\t%ld\n", pid);
    CHECK(strncmp(buf, "Name:\tvfs\n", 10) == 0 && strstr(buf, want) && strstr(buf, "\nState:\tR (running)\n"),
          "status has Name, Pid and State");
    read_link("/proc/self/exe", buf, sizeof(buf));
    CHECK(strcmp(buf, "/tests/vfs") == 0, "exe is /tests/vfs (got %s)", buf);
    sc1(SYS_chdir, "/data/dir");
    read_link("/proc/self/cwd", buf, sizeof(buf));
    CHECK(strcmp(buf, "/data/dir") == 0, "cwd follows chdir (got %s)", buf);
    sc1(SYS_chdir, "/");
    read_link("/proc/self/root", buf, sizeof(buf));
    CHECK(strcmp(buf, "/") == 0, "root is / (got %s)", buf);
    struct stat st = stat_of("/proc/self/stat");
    CHECK(S_ISREG(st.st_mode) && (st.st_mode & 0777) == 0444, "stat is a 0444 file (got %o)", st.st_mode);
    struct stat up = stat_of("/proc/self/.."), proc = stat_of("/proc");
    CHECK(up.st_ino == proc.st_ino && up.st_dev == proc.st_dev, "/proc/self/.. is /proc");
}

static void test_proc_cmdline(int argc, char **argv)
{
    char buf[4096], want[4096];
    size_t wl = 0;
    for (int i = 0; i < argc; i++) {
        size_t l = strlen(argv[i]) + 1;
        memcpy(want + wl, argv[i], l);
        wl += l;
    }
    long n = read_file("/proc/self/cmdline", buf, sizeof(buf));
    CHECK(n == (long)wl && memcmp(buf, want, wl) == 0, "cmdline is argv, NUL-separated (%ld bytes)", n);
    n = read_file("/proc/self/environ", buf, sizeof(buf));
    CHECK(n >= 0, "environ reads (%ld bytes)", n);
}

static void test_proc_fds(void)
{
    char buf[256], path[64];
    sc1(SYS_chdir, "/tmp");
    long fd = sc4(SYS_openat, AT_FDCWD, "../data/./hello.txt", O_RDONLY, 0);
    snprintf(path, sizeof(path), "/proc/self/fd/%ld", fd);
    read_link(path, buf, sizeof(buf));
    CHECK(strcmp(buf, "/data/hello.txt") == 0, "fd/%ld names the file opened (got %s)", fd, buf);
    long dfd = sc4(SYS_openat, AT_FDCWD, "/data/dir", O_RDONLY, 0);
    snprintf(path, sizeof(path), "/proc/self/fd/%ld", dfd);
    read_link(path, buf, sizeof(buf));
    CHECK(strcmp(buf, "/data/dir") == 0, "fd/%ld names the directory (got %s)", dfd, buf);
    read_link("/proc/self/fd/0", buf, sizeof(buf));
    CHECK(strcmp(buf, "/dev/console") == 0, "fd 0 is /dev/console (got %s)", buf);
    long lfd = sc4(SYS_openat, AT_FDCWD, "/proc/self/fd", O_RDONLY | O_DIRECTORY, 0);
    char dents[1024];
    long n = sc3(SYS_getdents64, lfd, dents, sizeof(dents));
    int seen = 0;
    for (long off = 0; off < n; ) {
        struct { unsigned long ino; long off; unsigned short reclen; unsigned char type; char name[]; } *d =
            (void *)(dents + off);
        long v = atol(d->name);
        if (d->name[0] != '.' && (v == fd || v == dfd || v == lfd || v == 0))
            seen++;
        off += d->reclen;
    }
    CHECK(seen == 4, "getdents on fd/ lists 0 and the three open descriptors (saw %d)", seen);
    sc1(SYS_close, lfd);
    sc1(SYS_close, dfd);
    sc1(SYS_close, fd);
    CHECK_RET(sc3(SYS_readlink, path, buf, sizeof(buf)), -ENOENT, "a closed descriptor's link is gone");
    sc1(SYS_chdir, "/");
}

static char child_state(long pid, long *ppid)
{
    char path[64], buf[1024], *f[64];
    snprintf(path, sizeof(path), "/proc/%ld/stat", pid);
    if (read_file(path, buf, sizeof(buf)) <= 0 || stat_fields(buf, f) < 4)
        return '?';
    *ppid = atol(f[3]);
    return f[2][0];
}

/* Waits (yielding) until the child's state is want; the state seen last. */
static char wait_state(long pid, char want, long *ppid)
{
    char s = '?';
    for (int i = 0; i < 2000 && (s = child_state(pid, ppid)) != want; i++)
        sc0(SYS_sched_yield);
    return s;
}

static void test_proc_child(void)
{
    long pid = sc0(SYS_fork);
    if (pid == 0) {
        struct timespec long_sleep = { 100, 0 };
        sc2(SYS_nanosleep, &long_sleep, NULL);
        sc1(SYS_exit, 0);
    }
    long ppid = -1;
    char s = wait_state(pid, 'S', &ppid);
    CHECK(s == 'S' && ppid == sc0(SYS_getpid), "a sleeping child is S with us as its parent (got %c, %ld)",
          s, ppid);
    sc2(SYS_kill, pid, SIGKILL);
    s = wait_state(pid, 'Z', &ppid);
    CHECK(s == 'Z', "killed and not yet waited for, it is Z (got %c)", s);
    sc4(SYS_wait4, pid, NULL, 0, NULL);
    char path[64];
    struct stat st;
    snprintf(path, sizeof(path), "/proc/%ld", pid);
    CHECK_RET(sc2(SYS_stat, path, &st), -ENOENT, "once reaped, /proc/%ld is gone", pid);
}

static void test_proc_listing(void)
{
    long fd = sc4(SYS_openat, AT_FDCWD, "/proc", O_RDONLY | O_DIRECTORY, 0);
    char dents[8192], want[16];
    snprintf(want, sizeof(want), "%ld", sc0(SYS_getpid));
    bool self = false, me = false, meminfo = false;
    long n;
    while ((n = sc3(SYS_getdents64, fd, dents, sizeof(dents))) > 0) {
        for (long off = 0; off < n; ) {
            struct { unsigned long ino; long off; unsigned short reclen; unsigned char type; char name[]; } *d =
                (void *)(dents + off);
            self |= strcmp(d->name, "self") == 0 && d->type == DT_LNK;
            me |= strcmp(d->name, want) == 0 && d->type == DT_DIR;
            meminfo |= strcmp(d->name, "meminfo") == 0 && d->type == DT_REG;
            off += d->reclen;
        }
    }
    sc1(SYS_close, fd);
    CHECK(self && me && meminfo, "/proc lists self, meminfo and our pid (%d %d %d)", self, me, meminfo);
}

static void test_proc_files(void)
{
    char buf[16384];
    read_file("/proc/version", buf, sizeof(buf));
    CHECK(strncmp(buf, "Linux version ", 14) == 0, "version starts with \"Linux version \"");
    double up = -1, idle = -1;
    read_file("/proc/uptime", buf, sizeof(buf));
    CHECK(sscanf(buf, "%lf %lf", &up, &idle) == 2 && up > 0 && idle >= 0, "uptime has two numbers (%s)", buf);
    double l1, l5, l15;
    int running, total, last;
    read_file("/proc/loadavg", buf, sizeof(buf));
    CHECK(sscanf(buf, "%lf %lf %lf %d/%d %d", &l1, &l5, &l15, &running, &total, &last) == 6 &&
          running >= 1 && total >= running && last >= 1, "loadavg has its six fields (%s)", buf);
    read_file("/proc/stat", buf, sizeof(buf));
    unsigned long long t[10];
    CHECK(sscanf(buf, "cpu %llu %llu %llu %llu %llu %llu %llu %llu %llu %llu", &t[0], &t[1],
                 &t[2], &t[3], &t[4], &t[5], &t[6], &t[7], &t[8], &t[9]) == 10,
          "stat starts with a ten-field cpu line");
    CHECK(strstr(buf, "\nbtime ") && strstr(buf, "\nprocs_running "), "stat has btime and procs_running");
    read_file("/proc/cpuinfo", buf, sizeof(buf));
    CHECK(strncmp(buf, "processor\t: 0\n", 14) == 0 && strstr(buf, "\nvendor_id\t: ") &&
          strstr(buf, "\ncpu MHz\t\t: ") && strstr(buf, "\nflags\t\t: "), "cpuinfo has processor, vendor_id, cpu MHz, flags");
    read_file("/proc/filesystems", buf, sizeof(buf));
    CHECK(strstr(buf, "nodev\tproc\n") && strstr(buf, "nodev\ttmpfs\n") && strstr(buf, "nodev\tdevtmpfs\n"),
          "filesystems lists proc, tmpfs and devtmpfs");
    read_file("/proc/mounts", buf, sizeof(buf));
    CHECK(strstr(buf, "proc /proc proc rw,nosuid,nodev,noexec,relatime 0 0\n") &&
          strstr(buf, " " MNT_DEV " devtmpfs "), "mounts shows /proc and " MNT_DEV " (%s)", buf);
    struct utsname uts;
    sc1(SYS_uname, &uts);
    char want[80];
    read_file("/proc/sys/kernel/ostype", buf, sizeof(buf));
    CHECK(strcmp(buf, "Linux\n") == 0, "sys/kernel/ostype is Linux (got %s)", buf);
    read_file("/proc/sys/kernel/osrelease", buf, sizeof(buf));
    snprintf(want, sizeof(want), "%s\n", uts.release);
    CHECK(strcmp(buf, want) == 0, "sys/kernel/osrelease is uname's release (got %s)", buf);
    read_file("/proc/sys/kernel/hostname", buf, sizeof(buf));
    snprintf(want, sizeof(want), "%s\n", uts.nodename);
    CHECK(strcmp(buf, want) == 0, "sys/kernel/hostname is uname's nodename (got %s)", buf);
    long fd = sc4(SYS_openat, AT_FDCWD, "/proc/meminfo", O_RDONLY, 0);
    CHECK_RET(sc6(SYS_mmap, 0, 4096, 1, 2 /* MAP_PRIVATE */, fd, 0), -EIO, "mmap of a proc file is EIO");
    sc1(SYS_close, fd);
    CHECK_RET(sc4(SYS_openat, AT_FDCWD, "/proc/newfile", O_CREAT | O_RDWR, 0644), -ENOENT,
              "creating a file in /proc is ENOENT");
}

/* MemFree in kB from /proc/meminfo, or -1. */
static long mem_free_kb(void)
{
    char buf[4096];
    read_file("/proc/meminfo", buf, sizeof(buf));
    char *p = strstr(buf, "\nMemFree:");
    return p ? atol(p + 9) : -1;
}

static void fork_cycles(int n)
{
    for (int i = 0; i < n; i++) {
        long pid = sc0(SYS_fork);
        if (pid == 0)
            sc1(SYS_exit, 0);
        sc4(SYS_wait4, pid, NULL, 0, NULL);
    }
}

static void test_meminfo_returns(void)
{
    char buf[4096];
    read_file("/proc/meminfo", buf, sizeof(buf));
    long total = -1;
    sscanf(buf, "MemTotal: %ld kB", &total);
    CHECK(total > 0 && strstr(buf, "\nMemAvailable:") && strstr(buf, "\nSwapFree:"),
          "meminfo has MemTotal (%ld kB), MemAvailable, SwapFree", total);
    fork_cycles(20);        /* warm up: allocator caches settle */
    long before = mem_free_kb();
    fork_cycles(1000);
    long after = mem_free_kb();
    /* Linux keeps per-CPU page lists and caches that move MemFree a little on their own. */
    long slack = running_on_linux() ? 4096 : 0;
    CHECK(before > 0 && labs(after - before) <= slack,
          "MemFree is back to %ld kB after 1000 fork/exit/wait cycles (got %ld)", before, after);
}

int main(int argc, char **argv)
{
    test_mount_basics();
    test_mount_errors();
    test_cross_mount_walk();
    test_umount();
    test_tmpfs_size_limit();
    test_tmpfs_root_options();
    test_tmpfs_bad_options();
    test_devtmpfs();
    test_proc_self();
    test_proc_cmdline(argc, argv);
    test_proc_fds();
    test_proc_child();
    test_proc_listing();
    test_proc_files();
    test_meminfo_returns();
    return tap_done();
}
