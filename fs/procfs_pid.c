/* The files of /proc/PID: a process's status (stat, status), its arguments and environment
 * (read from its own memory, where execve put them), its mappings, and symlinks to its
 * executable, directories and open files. Formats are Linux's (proc(5)): busybox's ps and top
 * read stat's 52 fields by position. */
#include "procfs_internal.h"
#include "mount.h"
#include "file.h"
#include "ksched.h"
#include "kmalloc.h"
#include "kstring.h"
#include "mm.h"
#include "vm.h"
#include "arch/x86.h"
#include "uapi/limits.h"
#include "uapi/mman.h"

#define PTE_ADDR_MASK 0x000ffffffffff000ull

void text_path_of(struct text *t, struct inode *dir)
{
    char *path = kmalloc(PATH_MAX);
    if (!path)
        return;
    if (dir && path_of(current_proc()->root, dir, path, PATH_MAX) > 0)
        text_printf(t, "%s", path);
    kfree(path);
}

/* Appends the bytes [start, end) of mm's memory, stopping at the first page never touched
 * (execve wrote the argument pages, so they are there unless the program unmapped them). */
static void text_from_memory(struct text *t, struct mm *mm, u64 start, u64 end)
{
    for (u64 va = start; mm && va < end; ) {
        u64 *pte = pt_entry(mm->pml4, va, false);
        if (!pte || !(*pte & PTE_MAPPED))
            return;
        u64 off = va & (PAGE_SIZE - 1);
        size_t n = (size_t)MIN(end - va, PAGE_SIZE - off);
        text_bytes(t, (const u8 *)phys_to_virt(*pte & PTE_ADDR_MASK) + off, n);
        va += n;
    }
}

static void gen_cmdline(struct text *t, struct process *p)
{
    if (p->mm)
        text_from_memory(t, p->mm, p->mm->arg_start, p->mm->arg_end);
}

static void gen_environ(struct text *t, struct process *p)
{
    if (p->mm)
        text_from_memory(t, p->mm, p->mm->env_start, p->mm->env_end);
}

static void gen_comm(struct text *t, struct process *p)
{
    text_printf(t, "%s\n", p->comm);
}

/* ---- stat and status ---- */

static char state_letter(const struct process *p)
{
    if (p->state == PROC_ZOMBIE)
        return 'Z';
    if (p->stopped || p->main_thread->state == THREAD_STOPPED)
        return 'T';
    if (p->main_thread->state == THREAD_SLEEPING)
        return p->main_thread->sleep_mode == SLEEP_INTERRUPTIBLE ? 'S' : 'D';
    return 'R';
}

static const char *state_name(char letter)
{
    switch (letter) {
    case 'Z': return "Z (zombie)";
    case 'T': return "T (stopped)";
    case 'S': return "S (sleeping)";
    case 'D': return "D (disk sleep)";
    default: return "R (running)";
    }
}

struct mem_use { u64 vsize, rss_pages, code_start, code_end; };

/* Address-space size and resident pages (those the page tables map). */
static struct mem_use memory_use(const struct process *p)
{
    struct mem_use u = { 0 };
    for (struct vma *v = p->mm ? p->mm->vmas : NULL; v; v = v->next) {
        u.vsize += v->end - v->start;
        if ((v->prot & PROT_EXEC) && !u.code_start)
            u.code_start = v->start, u.code_end = v->end;
        for (u64 va = v->start; va < v->end; va += PAGE_SIZE) {
            u64 *pte = pt_entry(p->mm->pml4, va, false);
            if (pte && (*pte & PTE_MAPPED))
                u.rss_pages++;
        }
    }
    return u;
}

static void signal_sets(const struct process *p, sigset_k *ignored, sigset_k *caught)
{
    *ignored = *caught = 0;
    for (int sig = 1; p->sighand && sig <= 64; sig++) {
        u64 h = p->sighand->action[sig - 1].handler;
        if (h == SIG_IGN_VALUE)
            *ignored |= 1ull << (sig - 1);
        else if (h != SIG_DFL_VALUE)
            *caught |= 1ull << (sig - 1);
    }
}

static sigset_k blocked_set(const struct process *p)
{
    return p->state == PROC_ALIVE ? p->main_thread->blocked : 0;
}

static sigset_k pending_set(const struct process *p)
{
    return p->state == PROC_ALIVE ? p->main_thread->pending : 0;
}

static void gen_stat(struct text *t, struct process *p)
{
    struct mem_use u = memory_use(p);
    sigset_k ign, cgt;
    signal_sets(p, &ign, &cgt);
    struct mm *mm = p->mm;
    int ppid = p->parent ? p->parent->pid : 0;
    text_printf(t, "%d (%s) %c %d %d %d 0 -1 %u %llu 0 0 0 %llu %llu %llu %llu 20 0 1 0 %llu ",
                p->pid, p->comm, state_letter(p), ppid, p->pgid, p->sid, 0x400000u,
                (unsigned long long)p->minflt, (unsigned long long)ns_to_clock_ticks(p->utime_ns),
                (unsigned long long)ns_to_clock_ticks(p->stime_ns),
                (unsigned long long)ns_to_clock_ticks(p->cutime_ns),
                (unsigned long long)ns_to_clock_ticks(p->cstime_ns),
                (unsigned long long)ns_to_clock_ticks(p->start_ns));
    text_printf(t, "%llu %llu %llu %llu %llu %llu 0 0 %llu %llu %llu %llu 0 0 0 %d 0 0 0 0 0 0 ",
                (unsigned long long)u.vsize, (unsigned long long)u.rss_pages,
                (unsigned long long)p->rlim[RLIMIT_RSS].rlim_cur,
                (unsigned long long)u.code_start, (unsigned long long)u.code_end,
                (unsigned long long)(mm ? mm->stack_top : 0), (unsigned long long)pending_set(p),
                (unsigned long long)blocked_set(p), (unsigned long long)ign,
                (unsigned long long)cgt, p->exit_signal);
    text_printf(t, "0 0 %llu %llu %llu %llu %llu %d\n",
                (unsigned long long)(mm ? mm->brk_start : 0),
                (unsigned long long)(mm ? mm->arg_start : 0),
                (unsigned long long)(mm ? mm->arg_end : 0),
                (unsigned long long)(mm ? mm->env_start : 0),
                (unsigned long long)(mm ? mm->env_end : 0),
                p->state == PROC_ZOMBIE ? p->exit_status : 0);
}

static void gen_status(struct text *t, struct process *p)
{
    struct mem_use u = memory_use(p);
    sigset_k ign, cgt;
    signal_sets(p, &ign, &cgt);
    text_printf(t, "Name:\t%s\nUmask:\t%04o\nState:\t%s\nTgid:\t%d\nNgid:\t0\nPid:\t%d\n"
                "PPid:\t%d\nTracerPid:\t0\nUid:\t%u\t%u\t%u\t%u\nGid:\t%u\t%u\t%u\t%u\n"
                "FDSize:\t%d\nGroups:\t\n",
                p->comm, p->umask, state_name(state_letter(p)), p->pid, p->pid,
                p->parent ? p->parent->pid : 0, p->uid, p->euid, p->suid, p->euid, p->gid,
                p->egid, p->sgid, p->egid, p->files ? p->files->size : 0);
    if (p->mm)
        text_printf(t, "VmSize:\t%8llu kB\nVmRSS:\t%8llu kB\n",
                    (unsigned long long)(u.vsize / 1024),
                    (unsigned long long)(u.rss_pages * (PAGE_SIZE / 1024)));
    text_printf(t, "Threads:\t1\nSigPnd:\t%016llx\nShdPnd:\t%016llx\nSigBlk:\t%016llx\n"
                "SigIgn:\t%016llx\nSigCgt:\t%016llx\n",
                (unsigned long long)pending_set(p), (unsigned long long)p->pending,
                (unsigned long long)blocked_set(p), (unsigned long long)ign,
                (unsigned long long)cgt);
}

/* ---- maps ---- */

static void map_line(struct text *t, const struct process *p, const struct vma *v)
{
    char perms[5] = { v->prot & PROT_READ ? 'r' : '-', v->prot & PROT_WRITE ? 'w' : '-',
                      v->prot & PROT_EXEC ? 'x' : '-', v->flags & VMA_SHARED ? 's' : 'p', 0 };
    u32 dev = v->file ? v->file->sb->dev : 0;
    size_t before = t->len;
    text_printf(t, "%08llx-%08llx %s %08llx %02x:%02x %llu", (unsigned long long)v->start,
                (unsigned long long)v->end, perms, (unsigned long long)v->file_off,
                dev_major(dev), dev_minor(dev), (unsigned long long)(v->file ? v->file->ino : 0));
    const char *name = v->flags & VMA_HEAP ? "[heap]" : v->flags & VMA_STACK ? "[stack]" :
                       v->flags & VMA_VVAR ? "[vvar]" : v->flags & VMA_VDSO ? "[vdso]" : NULL;
    if (name) {
        size_t used = t->len - before;
        text_printf(t, "%*s%s", used < 73 ? (int)(73 - used) : 1, "", name);
    }
    text_printf(t, "\n");
}

static void gen_maps(struct text *t, struct process *p)
{
    for (struct vma *v = p->mm ? p->mm->vmas : NULL; v; v = v->next)
        map_line(t, p, v);
}

static void gen_mounts(struct text *t, struct process *p)
{
    size_t room = t->len < t->size ? t->size - t->len : 0;
    size_t n = p->root ? mount_table_text(p->root, t->buf + t->len, room) : 0;
    t->len += n == room && room ? room + 1 : n;     /* a full buffer may have cut it: grow */
}

/* ---- symlinks ---- */

static void gen_exe(struct text *t, struct process *p)
{
    if (p->exe_path)
        text_printf(t, "%s", p->exe_path);
}

static void gen_cwd(struct text *t, struct process *p) { text_path_of(t, p->cwd); }
static void gen_root(struct text *t, struct process *p) { text_path_of(t, p->root); }

void proc_fd_target(struct text *t, struct process *p, int fd)
{
    struct file *f = p && p->files ? fd_get(p->files, fd, 0) : NULL;
    if (!f)
        return;
    if (S_ISDIR(f->inode->mode))
        text_path_of(t, f->inode);
    else if (f->path)
        text_printf(t, "%s", f->path);
    else if (S_ISFIFO(f->inode->mode))
        text_printf(t, "pipe:[%llu]", (unsigned long long)f->inode->ino);
    else
        text_printf(t, "anon_inode:[%llu]", (unsigned long long)f->inode->ino);
}

static const struct proc_entry pid_entries[] = {
    { "fd", S_IFDIR | 0500, NULL, 0 },
    { "stat", S_IFREG | 0444, gen_stat, 0 },
    { "status", S_IFREG | 0444, gen_status, 0 },
    { "cmdline", S_IFREG | 0444, gen_cmdline, 0 },
    { "comm", S_IFREG | 0644, gen_comm, 0 },
    { "environ", S_IFREG | 0400, gen_environ, 0 },
    { "maps", S_IFREG | 0444, gen_maps, 0 },
    { "mounts", S_IFREG | 0444, gen_mounts, 0 },
    { "exe", S_IFLNK | 0777, gen_exe, 0 },
    { "cwd", S_IFLNK | 0777, gen_cwd, 0 },
    { "root", S_IFLNK | 0777, gen_root, 0 },
};
const struct proc_table proc_pid_table = { pid_entries, ARRAY_SIZE(pid_entries) };
