/* The facts tests/unit/test_abi_layout.c checks: struct layouts and constant values that
 * include/uapi/ must share with Linux x86_64. Each list is expanded twice, once in
 * tests/unit/abi_ours.c over our headers and once in abi_libc.c (glibc) or abi_linux.c (Linux's
 * own uapi headers), into tables of named numbers that the test compares entry by entry. The
 * translation units are separate because our headers reuse the C library's struct names.
 *
 * Layout lists take three macros: S(ours, theirs) compares sizeof; F(ours, theirs, field,
 * their_field) a field's offset and size; O(...) the offset only. Constant lists take C(NAME).
 * Expression lists take E(label, our_expression, their_expression). */
#ifndef WICKET_UNIT_ABI_LIST_H
#define WICKET_UNIT_ABI_LIST_H
#include <stddef.h>

struct abi_fact {
    const char *name;
    long long value;
};

/* Each side fills out[] (room for max) and returns how many facts it has. */
#define ABI_MAX_FACTS 2048
size_t abi_ours_libc_facts(struct abi_fact *out, size_t max);
size_t abi_ours_linux_facts(struct abi_fact *out, size_t max);
size_t abi_libc_facts(struct abi_fact *out, size_t max);
size_t abi_linux_facts(struct abi_fact *out, size_t max);
/* getdents64's record length: ours by formula, and the host kernel's for a real name of that
 * length (or -1 when the host will not tell). */
size_t abi_ours_dirent_reclen(size_t namelen);
long abi_host_dirent_reclen(size_t namelen);

/* Helpers for the expansions. Layouts and constants are compile-time numbers and become
 * static table entries; expressions may need a call (sysconf), so they are appended at run
 * time by code with `out`, `max` and `n` in scope. */
#define ABI_ENTRY(label, v) { (label), (long long)(v) },
#define ABI_FIELD_OFFSET(type, field) ((size_t)__builtin_offsetof(type, field))
#define ABI_FIELD_SIZE(type, field) sizeof(((type *)0)->field)
#define ABI_CONST(name) ABI_ENTRY(#name, name)

#define ABI_OURS_S(o, t) ABI_ENTRY("sizeof(" #o ")", sizeof(o))
#define ABI_OURS_F(o, t, f, tf) ABI_ENTRY("offsetof(" #o ", " #f ")", ABI_FIELD_OFFSET(o, f)) \
                                ABI_ENTRY("sizeof(" #o "." #f ")", ABI_FIELD_SIZE(o, f))
#define ABI_OURS_O(o, t, f, tf) ABI_ENTRY("offsetof(" #o ", " #f ")", ABI_FIELD_OFFSET(o, f))

#define ABI_THEIRS_S(o, t) ABI_ENTRY("sizeof(" #o ")", sizeof(t))
#define ABI_THEIRS_F(o, t, f, tf) ABI_ENTRY("offsetof(" #o ", " #f ")", ABI_FIELD_OFFSET(t, tf)) \
                                  ABI_ENTRY("sizeof(" #o "." #f ")", ABI_FIELD_SIZE(t, tf))
#define ABI_THEIRS_O(o, t, f, tf) ABI_ENTRY("offsetof(" #o ", " #f ")", ABI_FIELD_OFFSET(t, tf))

#define ABI_PUT(label, v) do { if (n < max) out[n] = (struct abi_fact){ (label), (long long)(v) }; n++; } while (0);
#define ABI_OURS_E(label, ours, theirs) ABI_PUT(#label, ours)
#define ABI_THEIRS_E(label, ours, theirs) ABI_PUT(#label, theirs)

/* Copies a static table into out[] and returns the new count. */
static inline size_t abi_copy(struct abi_fact *out, size_t max, const struct abi_fact *table,
                              size_t count)
{
    for (size_t i = 0; i < count; i++)
        if (i < max)
            out[i] = table[i];
    return count;
}

/* ---- layouts against glibc ---- */

/* glibc's termios has 32 control characters and two speed fields after them, so only the common
 * prefix is compared (c_cc by offset); the kernel's own layout is checked against Linux below.
 * glibc's dirent64 has a fixed 256-byte d_name, so its size differs and d_name is offset only. */
#define ABI_LIBC_LAYOUT(S, F, O) \
    S(struct stat, struct stat) \
    F(struct stat, struct stat, st_dev, st_dev) F(struct stat, struct stat, st_ino, st_ino) \
    F(struct stat, struct stat, st_nlink, st_nlink) F(struct stat, struct stat, st_mode, st_mode) \
    F(struct stat, struct stat, st_uid, st_uid) F(struct stat, struct stat, st_gid, st_gid) \
    F(struct stat, struct stat, st_pad0, __pad0) F(struct stat, struct stat, st_rdev, st_rdev) \
    F(struct stat, struct stat, st_size, st_size) F(struct stat, struct stat, st_blksize, st_blksize) \
    F(struct stat, struct stat, st_blocks, st_blocks) F(struct stat, struct stat, st_atim, st_atim) \
    F(struct stat, struct stat, st_mtim, st_mtim) F(struct stat, struct stat, st_ctim, st_ctim) \
    F(struct stat, struct stat, st_reserved, __glibc_reserved) \
    S(struct timespec, struct timespec) \
    F(struct timespec, struct timespec, tv_sec, tv_sec) F(struct timespec, struct timespec, tv_nsec, tv_nsec) \
    S(struct timeval, struct timeval) \
    F(struct timeval, struct timeval, tv_sec, tv_sec) F(struct timeval, struct timeval, tv_usec, tv_usec) \
    S(struct timezone, struct timezone) \
    F(struct timezone, struct timezone, tz_minuteswest, tz_minuteswest) \
    F(struct timezone, struct timezone, tz_dsttime, tz_dsttime) \
    S(struct itimerspec, struct itimerspec) \
    F(struct itimerspec, struct itimerspec, it_interval, it_interval) \
    F(struct itimerspec, struct itimerspec, it_value, it_value) \
    S(struct itimerval, struct itimerval) \
    F(struct itimerval, struct itimerval, it_interval, it_interval) \
    F(struct itimerval, struct itimerval, it_value, it_value) \
    S(struct utsname, struct utsname) \
    F(struct utsname, struct utsname, sysname, sysname) F(struct utsname, struct utsname, nodename, nodename) \
    F(struct utsname, struct utsname, release, release) F(struct utsname, struct utsname, version, version) \
    F(struct utsname, struct utsname, machine, machine) \
    F(struct utsname, struct utsname, domainname, domainname) \
    S(struct iovec, struct iovec) \
    F(struct iovec, struct iovec, iov_base, iov_base) F(struct iovec, struct iovec, iov_len, iov_len) \
    S(struct rlimit, struct rlimit) \
    F(struct rlimit, struct rlimit, rlim_cur, rlim_cur) F(struct rlimit, struct rlimit, rlim_max, rlim_max) \
    S(struct rusage, struct rusage) \
    F(struct rusage, struct rusage, ru_utime, ru_utime) F(struct rusage, struct rusage, ru_stime, ru_stime) \
    F(struct rusage, struct rusage, ru_maxrss, ru_maxrss) F(struct rusage, struct rusage, ru_ixrss, ru_ixrss) \
    F(struct rusage, struct rusage, ru_idrss, ru_idrss) F(struct rusage, struct rusage, ru_isrss, ru_isrss) \
    F(struct rusage, struct rusage, ru_minflt, ru_minflt) F(struct rusage, struct rusage, ru_majflt, ru_majflt) \
    F(struct rusage, struct rusage, ru_nswap, ru_nswap) F(struct rusage, struct rusage, ru_inblock, ru_inblock) \
    F(struct rusage, struct rusage, ru_oublock, ru_oublock) F(struct rusage, struct rusage, ru_msgsnd, ru_msgsnd) \
    F(struct rusage, struct rusage, ru_msgrcv, ru_msgrcv) \
    F(struct rusage, struct rusage, ru_nsignals, ru_nsignals) \
    F(struct rusage, struct rusage, ru_nvcsw, ru_nvcsw) F(struct rusage, struct rusage, ru_nivcsw, ru_nivcsw) \
    S(struct sysinfo, struct sysinfo) \
    F(struct sysinfo, struct sysinfo, uptime, uptime) F(struct sysinfo, struct sysinfo, loads, loads) \
    F(struct sysinfo, struct sysinfo, totalram, totalram) F(struct sysinfo, struct sysinfo, freeram, freeram) \
    F(struct sysinfo, struct sysinfo, sharedram, sharedram) \
    F(struct sysinfo, struct sysinfo, bufferram, bufferram) \
    F(struct sysinfo, struct sysinfo, totalswap, totalswap) \
    F(struct sysinfo, struct sysinfo, freeswap, freeswap) F(struct sysinfo, struct sysinfo, procs, procs) \
    F(struct sysinfo, struct sysinfo, pad, pad) F(struct sysinfo, struct sysinfo, totalhigh, totalhigh) \
    F(struct sysinfo, struct sysinfo, freehigh, freehigh) F(struct sysinfo, struct sysinfo, mem_unit, mem_unit) \
    S(struct winsize, struct winsize) \
    F(struct winsize, struct winsize, ws_row, ws_row) F(struct winsize, struct winsize, ws_col, ws_col) \
    F(struct winsize, struct winsize, ws_xpixel, ws_xpixel) \
    F(struct winsize, struct winsize, ws_ypixel, ws_ypixel) \
    F(struct linux_dirent64, struct dirent64, d_ino, d_ino) \
    F(struct linux_dirent64, struct dirent64, d_off, d_off) \
    F(struct linux_dirent64, struct dirent64, d_reclen, d_reclen) \
    F(struct linux_dirent64, struct dirent64, d_type, d_type) \
    O(struct linux_dirent64, struct dirent64, d_name, d_name) \
    F(struct termios, struct termios, c_iflag, c_iflag) F(struct termios, struct termios, c_oflag, c_oflag) \
    F(struct termios, struct termios, c_cflag, c_cflag) F(struct termios, struct termios, c_lflag, c_lflag) \
    F(struct termios, struct termios, c_line, c_line) O(struct termios, struct termios, c_cc, c_cc) \
    S(struct statfs, struct statfs) \
    F(struct statfs, struct statfs, f_type, f_type) F(struct statfs, struct statfs, f_bsize, f_bsize) \
    F(struct statfs, struct statfs, f_blocks, f_blocks) F(struct statfs, struct statfs, f_bfree, f_bfree) \
    F(struct statfs, struct statfs, f_bavail, f_bavail) F(struct statfs, struct statfs, f_files, f_files) \
    F(struct statfs, struct statfs, f_ffree, f_ffree) F(struct statfs, struct statfs, f_fsid, f_fsid) \
    F(struct statfs, struct statfs, f_namelen, f_namelen) F(struct statfs, struct statfs, f_frsize, f_frsize) \
    F(struct statfs, struct statfs, f_flags, f_flags) F(struct statfs, struct statfs, f_spare, f_spare) \
    S(struct utimbuf, struct utimbuf) \
    F(struct utimbuf, struct utimbuf, actime, actime) F(struct utimbuf, struct utimbuf, modtime, modtime) \
    S(struct flock, struct flock) \
    F(struct flock, struct flock, l_type, l_type) F(struct flock, struct flock, l_whence, l_whence) \
    F(struct flock, struct flock, l_start, l_start) F(struct flock, struct flock, l_len, l_len) \
    F(struct flock, struct flock, l_pid, l_pid)

/* ---- layouts against Linux's uapi headers ---- */

/* Linux spells stat's timestamps as st_atime plus st_atime_nsec; prlimit64 uses rlimit64. */
#define ABI_LINUX_LAYOUT(S, F, O) \
    S(struct stat, struct stat) \
    F(struct stat, struct stat, st_dev, st_dev) F(struct stat, struct stat, st_ino, st_ino) \
    F(struct stat, struct stat, st_nlink, st_nlink) F(struct stat, struct stat, st_mode, st_mode) \
    F(struct stat, struct stat, st_uid, st_uid) F(struct stat, struct stat, st_gid, st_gid) \
    F(struct stat, struct stat, st_pad0, __pad0) F(struct stat, struct stat, st_rdev, st_rdev) \
    F(struct stat, struct stat, st_size, st_size) F(struct stat, struct stat, st_blksize, st_blksize) \
    F(struct stat, struct stat, st_blocks, st_blocks) \
    F(struct stat, struct stat, st_atim.tv_sec, st_atime) \
    F(struct stat, struct stat, st_atim.tv_nsec, st_atime_nsec) \
    F(struct stat, struct stat, st_mtim.tv_sec, st_mtime) \
    F(struct stat, struct stat, st_mtim.tv_nsec, st_mtime_nsec) \
    F(struct stat, struct stat, st_ctim.tv_sec, st_ctime) \
    F(struct stat, struct stat, st_ctim.tv_nsec, st_ctime_nsec) \
    F(struct stat, struct stat, st_reserved, __unused) \
    S(struct termios, struct termios) \
    F(struct termios, struct termios, c_iflag, c_iflag) F(struct termios, struct termios, c_oflag, c_oflag) \
    F(struct termios, struct termios, c_cflag, c_cflag) F(struct termios, struct termios, c_lflag, c_lflag) \
    F(struct termios, struct termios, c_line, c_line) F(struct termios, struct termios, c_cc, c_cc) \
    S(struct serial_struct, struct serial_struct) \
    F(struct serial_struct, struct serial_struct, type, type) \
    F(struct serial_struct, struct serial_struct, line, line) \
    F(struct serial_struct, struct serial_struct, port, port) \
    F(struct serial_struct, struct serial_struct, irq, irq) \
    F(struct serial_struct, struct serial_struct, baud_base, baud_base) \
    F(struct serial_struct, struct serial_struct, close_delay, close_delay) \
    F(struct serial_struct, struct serial_struct, closing_wait, closing_wait) \
    F(struct serial_struct, struct serial_struct, iomem_base, iomem_base) \
    F(struct serial_struct, struct serial_struct, iomap_base, iomap_base) \
    S(struct winsize, struct winsize) \
    F(struct winsize, struct winsize, ws_row, ws_row) F(struct winsize, struct winsize, ws_col, ws_col) \
    F(struct winsize, struct winsize, ws_xpixel, ws_xpixel) \
    F(struct winsize, struct winsize, ws_ypixel, ws_ypixel) \
    S(struct timespec, struct timespec) \
    F(struct timespec, struct timespec, tv_sec, tv_sec) F(struct timespec, struct timespec, tv_nsec, tv_nsec) \
    S(struct timeval, struct timeval) \
    F(struct timeval, struct timeval, tv_sec, tv_sec) F(struct timeval, struct timeval, tv_usec, tv_usec) \
    S(struct timezone, struct timezone) \
    F(struct timezone, struct timezone, tz_minuteswest, tz_minuteswest) \
    F(struct timezone, struct timezone, tz_dsttime, tz_dsttime) \
    S(struct itimerspec, struct itimerspec) S(struct itimerval, struct itimerval) \
    S(struct utsname, struct new_utsname) \
    F(struct utsname, struct new_utsname, sysname, sysname) \
    F(struct utsname, struct new_utsname, domainname, domainname) \
    S(struct iovec, struct iovec) \
    F(struct iovec, struct iovec, iov_base, iov_base) F(struct iovec, struct iovec, iov_len, iov_len) \
    S(struct rlimit, struct rlimit64) \
    F(struct rlimit, struct rlimit64, rlim_cur, rlim_cur) F(struct rlimit, struct rlimit64, rlim_max, rlim_max) \
    S(struct rusage, struct rusage) \
    F(struct rusage, struct rusage, ru_maxrss, ru_maxrss) F(struct rusage, struct rusage, ru_nivcsw, ru_nivcsw) \
    S(struct sysinfo, struct sysinfo) \
    F(struct sysinfo, struct sysinfo, procs, procs) F(struct sysinfo, struct sysinfo, totalhigh, totalhigh) \
    F(struct sysinfo, struct sysinfo, mem_unit, mem_unit) \
    S(struct statfs, struct statfs) \
    F(struct statfs, struct statfs, f_type, f_type) F(struct statfs, struct statfs, f_bsize, f_bsize) \
    F(struct statfs, struct statfs, f_blocks, f_blocks) F(struct statfs, struct statfs, f_bfree, f_bfree) \
    F(struct statfs, struct statfs, f_bavail, f_bavail) F(struct statfs, struct statfs, f_files, f_files) \
    F(struct statfs, struct statfs, f_ffree, f_ffree) F(struct statfs, struct statfs, f_fsid, f_fsid) \
    F(struct statfs, struct statfs, f_namelen, f_namelen) F(struct statfs, struct statfs, f_frsize, f_frsize) \
    F(struct statfs, struct statfs, f_flags, f_flags) F(struct statfs, struct statfs, f_spare, f_spare) \
    S(struct utimbuf, struct utimbuf) \
    F(struct utimbuf, struct utimbuf, actime, actime) F(struct utimbuf, struct utimbuf, modtime, modtime) \
    S(struct flock, struct flock) \
    F(struct flock, struct flock, l_start, l_start) F(struct flock, struct flock, l_pid, l_pid)

/* ---- constants ---- */

/* Open flags the C library and Linux agree on. */
#define ABI_OPEN_FLAGS(C) \
    C(O_ACCMODE) C(O_RDONLY) C(O_WRONLY) C(O_RDWR) C(O_CREAT) C(O_EXCL) C(O_NOCTTY) C(O_TRUNC) \
    C(O_APPEND) C(O_NONBLOCK) C(O_NDELAY) C(O_DSYNC) C(O_DIRECT) C(O_DIRECTORY) C(O_NOFOLLOW) \
    C(O_NOATIME) C(O_CLOEXEC) C(O_SYNC) C(O_PATH) C(O_TMPFILE)

/* Arguments of the *at() calls. */
#define ABI_AT_FLAGS(C) \
    C(AT_FDCWD) C(AT_SYMLINK_NOFOLLOW) C(AT_REMOVEDIR) C(AT_EACCESS) C(AT_SYMLINK_FOLLOW) \
    C(AT_NO_AUTOMOUNT) C(AT_EMPTY_PATH)

/* renameat2 flags. */
#define ABI_RENAME(C) \
    C(RENAME_NOREPLACE) C(RENAME_EXCHANGE) C(RENAME_WHITEOUT)

/* fcntl commands and lock types. */
#define ABI_FCNTL(C) \
    C(F_DUPFD) C(F_GETFD) C(F_SETFD) C(F_GETFL) C(F_SETFL) C(F_GETLK) C(F_SETLK) C(F_SETLKW) \
    C(F_SETOWN) C(F_GETOWN) C(F_DUPFD_CLOEXEC) C(F_SETPIPE_SZ) C(F_GETPIPE_SZ) C(FD_CLOEXEC) \
    C(F_RDLCK) C(F_WRLCK) C(F_UNLCK)

/* access() modes, which only the C library defines. */
#define ABI_ACCESS(C) \
    C(F_OK) C(X_OK) C(W_OK) C(R_OK)

/* Lseek whences. */
#define ABI_SEEK(C) \
    C(SEEK_SET) C(SEEK_CUR) C(SEEK_END) C(SEEK_DATA) C(SEEK_HOLE)

/* mmap, madvise, mremap and msync arguments. */
#define ABI_MMAN(C) \
    C(PROT_NONE) C(PROT_READ) C(PROT_WRITE) C(PROT_EXEC) C(PROT_GROWSDOWN) C(PROT_GROWSUP) \
    C(MAP_SHARED) C(MAP_PRIVATE) C(MAP_SHARED_VALIDATE) C(MAP_TYPE) C(MAP_FIXED) \
    C(MAP_ANONYMOUS) C(MAP_32BIT) C(MAP_GROWSDOWN) C(MAP_DENYWRITE) C(MAP_EXECUTABLE) \
    C(MAP_LOCKED) C(MAP_NORESERVE) C(MAP_POPULATE) C(MAP_NONBLOCK) C(MAP_STACK) C(MAP_HUGETLB) \
    C(MAP_SYNC) C(MAP_FIXED_NOREPLACE) C(MADV_NORMAL) C(MADV_RANDOM) C(MADV_SEQUENTIAL) \
    C(MADV_WILLNEED) C(MADV_DONTNEED) C(MADV_FREE) C(MADV_REMOVE) C(MADV_DONTFORK) \
    C(MADV_DOFORK) C(MADV_MERGEABLE) C(MADV_UNMERGEABLE) C(MADV_HUGEPAGE) C(MADV_NOHUGEPAGE) \
    C(MADV_DONTDUMP) C(MADV_DODUMP) C(MADV_WIPEONFORK) C(MADV_KEEPONFORK) C(MADV_COLD) \
    C(MADV_PAGEOUT) C(MREMAP_MAYMOVE) C(MREMAP_FIXED) C(MREMAP_DONTUNMAP) C(MS_ASYNC) \
    C(MS_INVALIDATE) C(MS_SYNC)

/* Clocks. */
#define ABI_TIME(C) \
    C(CLOCK_REALTIME) C(CLOCK_MONOTONIC) C(CLOCK_PROCESS_CPUTIME_ID) C(CLOCK_THREAD_CPUTIME_ID) \
    C(CLOCK_MONOTONIC_RAW) C(CLOCK_REALTIME_COARSE) C(CLOCK_MONOTONIC_COARSE) C(CLOCK_BOOTTIME) \
    C(CLOCK_REALTIME_ALARM) C(CLOCK_BOOTTIME_ALARM) C(CLOCK_TAI) C(TIMER_ABSTIME)

/* Resource limits and usage. */
#define ABI_RESOURCE(C) \
    C(RLIMIT_CPU) C(RLIMIT_FSIZE) C(RLIMIT_DATA) C(RLIMIT_STACK) C(RLIMIT_CORE) C(RLIMIT_RSS) \
    C(RLIMIT_NPROC) C(RLIMIT_NOFILE) C(RLIMIT_MEMLOCK) C(RLIMIT_AS) C(RLIMIT_LOCKS) \
    C(RLIMIT_SIGPENDING) C(RLIMIT_MSGQUEUE) C(RLIMIT_NICE) C(RLIMIT_RTPRIO) C(RLIMIT_RTTIME) \
    C(RLIM_NLIMITS) C(RLIM_INFINITY) C(RUSAGE_SELF) C(RUSAGE_CHILDREN) C(RUSAGE_THREAD)

/* Mode bits (Linux's <linux/stat.h> hides its copies from glibc programs). */
#define ABI_STAT_MODE(C) \
    C(S_IFMT) C(S_IFSOCK) C(S_IFLNK) C(S_IFREG) C(S_IFBLK) C(S_IFDIR) C(S_IFCHR) C(S_IFIFO) \
    C(S_ISUID) C(S_ISGID) C(S_ISVTX) C(S_IRWXU) C(S_IRUSR) C(S_IWUSR) C(S_IXUSR) C(S_IRWXG) \
    C(S_IRGRP) C(S_IWGRP) C(S_IXGRP) C(S_IRWXO) C(S_IROTH) C(S_IWOTH) C(S_IXOTH)

/* d_type values, which only the C library defines. */
#define ABI_DIRENT(C) \
    C(DT_UNKNOWN) C(DT_FIFO) C(DT_CHR) C(DT_DIR) C(DT_BLK) C(DT_REG) C(DT_LNK) C(DT_SOCK) \
    C(DT_WHT)

/* termios indices and flags. */
#define ABI_TERMIOS(C) \
    C(VINTR) C(VQUIT) C(VERASE) C(VKILL) C(VEOF) C(VTIME) C(VMIN) C(VSWTC) C(VSTART) C(VSTOP) \
    C(VSUSP) C(VEOL) C(VREPRINT) C(VDISCARD) C(VWERASE) C(VLNEXT) C(VEOL2) C(IGNBRK) C(BRKINT) \
    C(IGNPAR) C(PARMRK) C(INPCK) C(ISTRIP) C(INLCR) C(IGNCR) C(ICRNL) C(IUCLC) C(IXON) C(IXANY) \
    C(IXOFF) C(IMAXBEL) C(IUTF8) C(OPOST) C(OLCUC) C(ONLCR) C(OCRNL) C(ONOCR) C(ONLRET) C(CBAUD) \
    C(B0) C(B9600) C(B19200) C(B38400) C(B115200) C(CSIZE) C(CS5) C(CS6) C(CS7) C(CS8) C(CSTOPB) \
    C(CREAD) C(PARENB) C(PARODD) C(HUPCL) C(CLOCAL) C(ISIG) C(ICANON) C(ECHO) C(ECHOE) C(ECHOK) \
    C(ECHONL) C(NOFLSH) C(TOSTOP) C(ECHOCTL) C(ECHOPRT) C(ECHOKE) C(FLUSHO) C(PENDIN) C(IEXTEN) \
    C(TCIFLUSH) C(TCOFLUSH) C(TCIOFLUSH)

/* Tty ioctl numbers. */
#define ABI_TTY_IOCTLS(C) \
    C(TCGETS) C(TCSETS) C(TCSETSW) C(TCSETSF) C(TCSBRK) C(TCXONC) C(TCFLSH) C(TIOCSCTTY) \
    C(TIOCGPGRP) C(TIOCSPGRP) C(TIOCOUTQ) C(TIOCGWINSZ) C(TIOCSWINSZ) C(FIONREAD) C(TIOCNOTTY) \
    C(TIOCGSID) C(TIOCGSERIAL)

/* Signal numbers. */
#define ABI_SIGNALS(C) \
    C(SIGHUP) C(SIGINT) C(SIGQUIT) C(SIGILL) C(SIGTRAP) C(SIGABRT) C(SIGIOT) C(SIGBUS) C(SIGFPE) \
    C(SIGKILL) C(SIGUSR1) C(SIGSEGV) C(SIGUSR2) C(SIGPIPE) C(SIGALRM) C(SIGTERM) C(SIGSTKFLT) \
    C(SIGCHLD) C(SIGCONT) C(SIGSTOP) C(SIGTSTP) C(SIGTTIN) C(SIGTTOU) C(SIGURG) C(SIGXCPU) \
    C(SIGXFSZ) C(SIGVTALRM) C(SIGPROF) C(SIGWINCH) C(SIGIO) C(SIGPOLL) C(SIGPWR) C(SIGSYS)

/* The first real-time signal, as the kernel counts (glibc reserves a few above it). */
#define ABI_SIGNALS_KERNEL(C) \
    C(SIGRTMIN) C(SA_NOCLDSTOP) C(SA_NOCLDWAIT) C(SA_SIGINFO) C(SA_RESTORER) C(SA_ONSTACK) \
    C(SA_RESTART) C(SA_NODEFER) C(SA_RESETHAND)

/* getrandom flags, prctl options and limits. */
#define ABI_MISC(C) \
    C(GRND_NONBLOCK) C(GRND_RANDOM) C(GRND_INSECURE) C(PR_SET_PDEATHSIG) C(PR_GET_PDEATHSIG) \
    C(PR_GET_DUMPABLE) C(PR_SET_DUMPABLE) C(PR_SET_NAME) C(PR_GET_NAME) C(PR_SET_NO_NEW_PRIVS) \
    C(PR_GET_NO_NEW_PRIVS) C(PATH_MAX) C(NAME_MAX) C(PIPE_BUF)

/* Values only Linux's headers define (glibc has O_LARGEFILE as 0 on 64-bit machines). */
#define ABI_KERNEL_ONLY(C) \
    C(O_LARGEFILE) C(NCCS) C(ARCH_SET_GS) C(ARCH_SET_FS) C(ARCH_GET_FS) C(ARCH_GET_GS) \
    C(LINUX_REBOOT_MAGIC1) C(LINUX_REBOOT_MAGIC2) C(LINUX_REBOOT_MAGIC2A) \
    C(LINUX_REBOOT_MAGIC2B) C(LINUX_REBOOT_MAGIC2C) C(LINUX_REBOOT_CMD_RESTART) \
    C(LINUX_REBOOT_CMD_HALT) C(LINUX_REBOOT_CMD_CAD_ON) C(LINUX_REBOOT_CMD_CAD_OFF) \
    C(LINUX_REBOOT_CMD_POWER_OFF) C(LINUX_REBOOT_CMD_RESTART2) C(LINUX_REBOOT_CMD_SW_SUSPEND) \
    C(LINUX_REBOOT_CMD_KEXEC) C(UIO_MAXIOV) C(TMPFS_MAGIC)

/* Auxiliary vector keys. */
#define ABI_AUXV(C) \
    C(AT_NULL) C(AT_IGNORE) C(AT_EXECFD) C(AT_PHDR) C(AT_PHENT) C(AT_PHNUM) C(AT_PAGESZ) \
    C(AT_BASE) C(AT_FLAGS) C(AT_ENTRY) C(AT_NOTELF) C(AT_UID) C(AT_EUID) C(AT_GID) C(AT_EGID) \
    C(AT_PLATFORM) C(AT_HWCAP) C(AT_CLKTCK) C(AT_SECURE) C(AT_BASE_PLATFORM) C(AT_RANDOM) \
    C(AT_HWCAP2) C(AT_EXECFN) C(AT_SYSINFO_EHDR) C(AT_MINSIGSTKSZ)

/* Values only the C library defines. */
#define ABI_LIBC_ONLY(C) \
    C(O_ASYNC) C(MAP_ANON) C(UTIME_NOW) C(UTIME_OMIT) C(ST_RDONLY) C(ST_NOSUID) \
    C(ST_NODEV) C(ST_NOEXEC) C(ST_SYNCHRONOUS) C(ST_MANDLOCK) C(ST_NOATIME) C(ST_NODIRATIME) \
    C(ST_RELATIME)

/* errno values, less the kernel-internal ERESTART* and ENOIOCTLCMD. */
#define ABI_ERRNO(C) \
    C(EPERM) C(ENOENT) C(ESRCH) C(EINTR) C(EIO) C(ENXIO) C(E2BIG) C(ENOEXEC) C(EBADF) C(ECHILD) \
    C(EAGAIN) C(ENOMEM) C(EACCES) C(EFAULT) C(ENOTBLK) C(EBUSY) C(EEXIST) C(EXDEV) C(ENODEV) \
    C(ENOTDIR) C(EISDIR) C(EINVAL) C(ENFILE) C(EMFILE) C(ENOTTY) C(ETXTBSY) C(EFBIG) C(ENOSPC) \
    C(ESPIPE) C(EROFS) C(EMLINK) C(EPIPE) C(EDOM) C(ERANGE) C(EDEADLK) C(ENAMETOOLONG) C(ENOLCK) \
    C(ENOSYS) C(ENOTEMPTY) C(ELOOP) C(ENOMSG) C(EIDRM) C(ECHRNG) C(EL2NSYNC) C(EL3HLT) C(EL3RST) \
    C(ELNRNG) C(EUNATCH) C(ENOCSI) C(EL2HLT) C(EBADE) C(EBADR) C(EXFULL) C(ENOANO) C(EBADRQC) \
    C(EBADSLT) C(EBFONT) C(ENOSTR) C(ENODATA) C(ETIME) C(ENOSR) C(ENONET) C(ENOPKG) C(EREMOTE) \
    C(ENOLINK) C(EADV) C(ESRMNT) C(ECOMM) C(EPROTO) C(EMULTIHOP) C(EDOTDOT) C(EBADMSG) \
    C(EOVERFLOW) C(ENOTUNIQ) C(EBADFD) C(EREMCHG) C(ELIBACC) C(ELIBBAD) C(ELIBSCN) C(ELIBMAX) \
    C(ELIBEXEC) C(EILSEQ) C(ERESTART) C(ESTRPIPE) C(EUSERS) C(ENOTSOCK) C(EDESTADDRREQ) \
    C(EMSGSIZE) C(EPROTOTYPE) C(ENOPROTOOPT) C(EPROTONOSUPPORT) C(ESOCKTNOSUPPORT) C(EOPNOTSUPP) \
    C(EPFNOSUPPORT) C(EAFNOSUPPORT) C(EADDRINUSE) C(EADDRNOTAVAIL) C(ENETDOWN) C(ENETUNREACH) \
    C(ENETRESET) C(ECONNABORTED) C(ECONNRESET) C(ENOBUFS) C(EISCONN) C(ENOTCONN) C(ESHUTDOWN) \
    C(ETOOMANYREFS) C(ETIMEDOUT) C(ECONNREFUSED) C(EHOSTDOWN) C(EHOSTUNREACH) C(EALREADY) \
    C(EINPROGRESS) C(ESTALE) C(EUCLEAN) C(ENOTNAM) C(ENAVAIL) C(EISNAM) C(EREMOTEIO) C(EDQUOT) \
    C(ENOMEDIUM) C(EMEDIUMTYPE) C(ECANCELED) C(ENOKEY) C(EKEYEXPIRED) C(EKEYREVOKED) \
    C(EKEYREJECTED) C(EOWNERDEAD) C(ENOTRECOVERABLE) C(ERFKILL) C(EHWPOISON)

#define ABI_LIBC_CONSTANTS(C) \
    ABI_OPEN_FLAGS(C) ABI_AT_FLAGS(C) ABI_RENAME(C) ABI_FCNTL(C) ABI_ACCESS(C) ABI_SEEK(C) ABI_MMAN(C) \
    ABI_TIME(C) ABI_RESOURCE(C) ABI_STAT_MODE(C) ABI_DIRENT(C) ABI_TERMIOS(C) ABI_TTY_IOCTLS(C) \
    ABI_SIGNALS(C) ABI_MISC(C) ABI_LIBC_ONLY(C) ABI_ERRNO(C)

#define ABI_LINUX_CONSTANTS(C) \
    ABI_OPEN_FLAGS(C) ABI_AT_FLAGS(C) ABI_RENAME(C) ABI_FCNTL(C) ABI_SEEK(C) ABI_MMAN(C) ABI_TIME(C) \
    ABI_RESOURCE(C) ABI_TERMIOS(C) ABI_TTY_IOCTLS(C) ABI_SIGNALS(C) ABI_SIGNALS_KERNEL(C) \
    ABI_MISC(C) ABI_KERNEL_ONLY(C) ABI_AUXV(C) ABI_ERRNO(C)

/* ---- expressions: helpers and derived values ---- */

/* Linux's uapi headers leave _NSIG (64) to the kernel; glibc's internal __SIGRTMAX is the same
 * number, and its _NSIG counts signal 0 as well. */
#define ABI_LIBC_EXPRESSIONS(E) \
    E(S_IALLUGO, S_IALLUGO, S_ISUID | S_ISGID | S_ISVTX | S_IRWXU | S_IRWXG | S_IRWXO) \
    E(IFTODT, IFTODT(S_IFLNK | 0777), IFTODT(S_IFLNK | 0777)) \
    E(PAGE_SIZE, PAGE_SIZE, sysconf(_SC_PAGESIZE)) \
    E(UTSNAME_FIELD_LEN, UTSNAME_FIELD_LEN, sizeof(((struct utsname *)0)->sysname)) \
    E(dev_make, dev_make(0x123, 0x45678), makedev(0x123, 0x45678)) \
    E(dev_major, dev_major(0x45612378), major(0x45612378)) \
    E(dev_minor, dev_minor(0x45612378), minor(0x45612378)) \
    E(sizeof_tcflag_t, sizeof(tcflag_t), sizeof(tcflag_t)) \
    E(sizeof_speed_t, sizeof(speed_t), sizeof(speed_t)) \
    E(sizeof_cc_t, sizeof(cc_t), sizeof(cc_t)) \
    E(SIGRTMAX, SIGRTMAX, __SIGRTMAX) \
    E(_NSIG, _NSIG, _NSIG - 1)

#define ABI_LINUX_EXPRESSIONS(E) \
    E(UTSNAME_FIELD_LEN, UTSNAME_FIELD_LEN, __NEW_UTS_LEN + 1)

#endif
