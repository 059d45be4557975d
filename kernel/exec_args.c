/* execve's front half: the argument strings copied in under Linux's limits, `#!` interpreter
 * lines, and what a successful exec changes in the process besides its address space. */
#include "exec.h"
#include "fs.h"
#include "file.h"
#include "ksignal.h"
#include "kmalloc.h"
#include "kstring.h"
#include "uapi/errno.h"
#include "uapi/stat.h"
#include "uapi/limits.h"

#define BINPRM_BUF_SIZE 256     /* how much of a file the `#!` line may use */
#define MAX_INTERP_DEPTH 4

int exec_elf(struct process *p, struct inode *file, const char *path, const struct exec_args *a);

static size_t arg_limit(const struct process *p)
{
    u64 quarter = p->rlim[RLIMIT_STACK].rlim_cur / 4;
    return quarter > MIN_ARG_TOTAL ? (size_t)MIN(quarter, 1ull << 30) : MIN_ARG_TOTAL;
}

/* Appends a copy of s to the array *v of *n strings, keeping it NULL-terminated. */
static int push_arg(struct exec_args *a, char ***v, size_t *n, char *s)
{
    if (!s)
        return -ENOMEM;
    size_t len = strlen(s) + 1;
    if (len > MAX_ARG_STRLEN || a->bytes + len > a->limit) {
        kfree(s);
        return -E2BIG;
    }
    char **grown = krealloc(*v, (*n + 2) * sizeof(char *));
    if (!grown) {
        kfree(s);
        return -ENOMEM;
    }
    grown[(*n)++] = s;
    grown[*n] = NULL;
    *v = grown;
    a->bytes += len;
    return 0;
}

/* A user string of less than MAX_ARG_STRLEN bytes, measured first, then copied into an exactly
 * sized kmalloc'd buffer. */
static int copy_user_arg(uptr us, char **out)
{
    long n = strnlen_user(us, MAX_ARG_STRLEN);
    if (n < 0)
        return n == -EFAULT ? -EFAULT : -E2BIG;     /* too long: no NUL within the limit */
    if (!(*out = kmalloc(n + 1)))
        return -ENOMEM;
    if (copy_from_user(*out, us, n)) {
        kfree(*out);
        return -EFAULT;
    }
    (*out)[n] = '\0';
    return 0;
}

static int copy_user_vector(struct exec_args *a, uptr vec, char ***v, size_t *n)
{
    int err = 0;
    for (size_t i = 0; !err && !uptr_is_null(vec); i++) {
        u64 at;
        if (get_user(at, uptr_add(vec, i * sizeof(u64)))) {
            err = -EFAULT;
            break;
        }
        if (!at)
            break;
        char *s = NULL;
        err = copy_user_arg(uptr_of(at), &s);
        if (!err)
            err = push_arg(a, v, n, s);
    }
    return err;
}

static void exec_args_init(struct exec_args *a, const struct process *p)
{
    *a = (struct exec_args){ .limit = arg_limit(p) };
}

/* Since Linux 5.18 a program started with an empty argv gets one empty argument, so argv[0]
 * is never NULL. Both arrays exist, even when empty. */
static int finish_args(struct exec_args *a)
{
    int err = a->argc ? 0 : push_arg(a, &a->argv, &a->argc, kstrdup(""));
    if (!err && !a->envp && !(a->envp = kzalloc(sizeof(char *))))
        err = -ENOMEM;
    return err;
}

int exec_args_from_user(struct exec_args *a, uptr argv, uptr envp, const struct process *p)
{
    exec_args_init(a, p);
    int err = copy_user_vector(a, argv, &a->argv, &a->argc);
    if (!err)
        err = copy_user_vector(a, envp, &a->envp, &a->envc);
    if (!err)
        err = finish_args(a);
    return err;
}

int exec_args_from_kernel(struct exec_args *a, const char *const argv[], const char *const envp[],
                          const struct process *p)
{
    exec_args_init(a, p);
    int err = 0;
    for (size_t i = 0; !err && argv && argv[i]; i++)
        err = push_arg(a, &a->argv, &a->argc, kstrdup(argv[i]));
    for (size_t i = 0; !err && envp && envp[i]; i++)
        err = push_arg(a, &a->envp, &a->envc, kstrdup(envp[i]));
    if (!err)
        err = finish_args(a);
    return err;
}

void exec_args_free(struct exec_args *a)
{
    for (size_t i = 0; i < a->argc; i++)
        kfree(a->argv[i]);
    for (size_t i = 0; i < a->envc; i++)
        kfree(a->envp[i]);
    kfree(a->argv);
    kfree(a->envp);
    a->argv = a->envp = NULL;
    a->argc = a->envc = 0;
}

/* Splits "#!interp [arg]" (head is NUL-terminated): the interpreter and its one optional
 * argument (the rest of the line, trimmed), both pointing into head. */
static int parse_shebang(char *head, char **interp, char **arg)
{
    char *nl = strchr(head, '\n');
    if (nl)
        *nl = '\0';
    char *s = head + 2;
    while (*s == ' ' || *s == '\t')
        s++;
    if (!*s)
        return -ENOEXEC;
    *interp = s;
    while (*s && *s != ' ' && *s != '\t')
        s++;
    if (*s)
        *s++ = '\0';
    while (*s == ' ' || *s == '\t')
        s++;
    char *end = s + strlen(s);
    while (end > s && (end[-1] == ' ' || end[-1] == '\t'))
        *--end = '\0';
    *arg = *s ? s : NULL;
    return 0;
}

/* argv becomes: interpreter, its argument (if any), the script's path, then the old argv
 * without its first element. */
static int rewrite_for_interpreter(struct exec_args *a, const char *interp, const char *arg,
                                   const char *script)
{
    char **old = a->argv;
    size_t oldc = a->argc;
    a->bytes -= strlen(old[0]) + 1;
    a->argv = NULL;
    a->argc = 0;
    int err = push_arg(a, &a->argv, &a->argc, kstrdup(interp));
    if (!err && arg)
        err = push_arg(a, &a->argv, &a->argc, kstrdup(arg));
    if (!err)
        err = push_arg(a, &a->argv, &a->argc, kstrdup(script));
    for (size_t i = 1; i < oldc; i++) {
        if (!err) {
            a->bytes -= strlen(old[i]) + 1;
            err = push_arg(a, &a->argv, &a->argc, old[i]);
        } else {
            kfree(old[i]);
        }
    }
    kfree(old[0]);
    kfree(old);
    return err;
}

static int check_executable(const struct inode *ino)
{
    return S_ISREG(ino->mode) && (ino->mode & 0111) ? 0 : -EACCES;
}

/* follow is false only for execveat's AT_SYMLINK_NOFOLLOW, where a final symlink is ELOOP. */
static int lookup_executable(struct process *p, struct inode *start, const char *path, bool follow,
                             struct inode **out)
{
    struct inode *ino;
    int err = path_lookup(p->root, start, path, follow ? LOOKUP_FOLLOW : 0, &ino);
    if (err)
        return err;
    if (S_ISLNK(ino->mode))
        return -ELOOP;
    *out = ino;
    return check_executable(ino);
}

/* The absolute name of the program for /proc/PID/exe (as given when it cannot be made absolute). */
static char *absolute_name(struct process *p, const char *path)
{
    char *abs = path_absolute(p->root, p->cwd, path);
    return abs ? abs : kstrdup(path);
}

/* What exec resets besides the address space: close-on-exec descriptors, caught signals, the
 * name, the FPU, and a waiting vfork parent. */
/* path is the name execve was given (the process's name comes from it); program is the file
 * finally loaded, the interpreter for a script (what /proc/PID/exe shows). */
static void finish_exec(struct process *p, const char *path, const char *program)
{
    if (p->files->refs > 1) {
        struct fdtable *own = fdtable_clone(p->files);
        if (!own)
            proc_exit(SIGKILL);
        fdtable_put(p->files);
        p->files = own;
    }
    fdtable_close_on_exec(p->files);
    if (signal_exec(p))
        proc_exit(SIGKILL);
    const char *base = strrchr(path, '/');
    strlcpy(p->comm, base ? base + 1 : path, sizeof(p->comm));
    kfree(p->exe_path);
    p->exe_path = absolute_name(p, program);
    p->exec_done = true;
    p->main_thread->clear_child_tid = 0;
    thread_fpu_reset(p->main_thread);
    proc_vfork_release(p);
}

/* One level: an ELF is loaded (1 = done), a `#!` script rewrites argv and names the next file
 * in *next (0), anything else is an error. */
static int exec_one(struct process *p, struct inode *ino, const char *file, const char *path,
                    struct exec_args *a, char **next)
{
    char head[BINPRM_BUF_SIZE + 1];
    long n = ramfs_read(ino, head, BINPRM_BUF_SIZE, 0);
    head[n > 0 ? n : 0] = '\0';
    if (n < 2 || head[0] != '#' || head[1] != '!') {
        int err = exec_elf(p, ino, path, a);
        return err ? err : 1;
    }
    char *interp, *arg;
    int err = parse_shebang(head, &interp, &arg);
    if (!err)
        err = rewrite_for_interpreter(a, interp, arg, file);
    if (!err && !(*next = kstrdup(interp)))
        err = -ENOMEM;
    return err;
}

/* Runs the file at ino (named path) and whatever interpreters its #! lines name. */
static int exec_chain(struct process *p, struct inode *ino, const char *path, struct exec_args *a)
{
    char *file = kstrdup(path);
    int err = file ? 0 : -ENOMEM;
    for (int depth = 0; !err; depth++) {
        if (depth > MAX_INTERP_DEPTH) {
            err = -ELOOP;
            break;
        }
        char *next = NULL;
        if (depth)
            err = lookup_executable(p, p->cwd, file, true, &ino);
        if (!err)
            err = exec_one(p, ino, file, path, a, &next);
        if (err == 1)
            finish_exec(p, path, file);
        kfree(file);
        file = next;
    }
    kfree(file);
    return err == 1 ? 0 : err;
}

int exec_program(struct process *p, struct inode *start, const char *path, bool follow,
                 struct exec_args *a)
{
    struct inode *ino;
    int err = lookup_executable(p, start, path, follow, &ino);
    return err ? err : exec_chain(p, ino, path, a);
}

int exec_inode(struct process *p, struct inode *ino, const char *name, struct exec_args *a)
{
    int err = check_executable(ino);
    return err ? err : exec_chain(p, ino, name, a);
}
