/* What the procfs files share: the text builder the generators write into and the tables of
 * entries (fs/procfs.c serves them; procfs_sys.c and procfs_pid.c generate the contents). */
#ifndef WICKET_FS_PROCFS_INTERNAL_H
#define WICKET_FS_PROCFS_INTERNAL_H
#include "fs.h"
#include "proc.h"

/* Text being generated. len counts every byte asked for, even past size, so the caller sees
 * the text did not fit and retries with a larger buffer. */
struct text {
    char *buf;
    size_t size, len;
};
void text_printf(struct text *t, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void text_bytes(struct text *t, const void *bytes, size_t n);

/* One name in a procfs directory. gen writes a file's contents or a symlink's target for
 * process p (NULL in the root directory); it writes nothing when there is none (an exe link of
 * a process that never called execve). */
struct proc_entry {
    const char *name;
    u32 mode;
    void (*gen)(struct text *t, struct process *p);
    u32 table;      /* directories: the PROC_TABLE_* listing their contents (0: fd/) */
};

/* The tables of entries, by number: /proc, /proc/PID, /proc/sys, /proc/sys/kernel,
 * /proc/wicket. */
enum { PROC_TABLE_ROOT = 1, PROC_TABLE_PID, PROC_TABLE_SYS, PROC_TABLE_SYS_KERNEL,
       PROC_TABLE_WICKET, PROC_TABLES };
struct proc_table {
    const struct proc_entry *entries;
    size_t count;
};
extern const struct proc_table proc_root_table, proc_pid_table, proc_sys_table,
                               proc_sys_kernel_table, proc_wicket_table;

/* The target of /proc/PID/fd/FD: a path, or "pipe:[ino]"-style text for unnamed files. */
void proc_fd_target(struct text *t, struct process *p, int fd);
/* The absolute path of a directory as the reading process sees it. */
void text_path_of(struct text *t, struct inode *dir);
/* Clock ticks as /proc counts them (USER_HZ, 100 per second). */
static inline u64 ns_to_clock_ticks(u64 ns) { return ns / 10000000ull; }
#endif
