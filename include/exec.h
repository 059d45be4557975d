/* Starting a program: `#!` interpreter lines, then a static ELF loaded into a fresh address
 * space with the System V initial stack (argc, argv, envp, auxv). */
#ifndef WICKET_EXEC_H
#define WICKET_EXEC_H
#include "proc.h"
#include "uaccess.h"

/* Linux's limits: one string at most 32 pages; all of them at most a quarter of the stack
 * limit (but never less than 32 pages). */
#define MAX_ARG_STRLEN (32 * 4096)
#define MIN_ARG_TOTAL  (32 * 4096)

/* A new program's argument and environment strings, copied into the kernel. Each array is
 * NULL-terminated; every string is its own kmalloc'd copy. */
struct exec_args {
    char **argv, **envp;
    size_t argc, envc;
    size_t bytes;           /* all strings with their NULs */
    size_t limit;           /* bytes allowed (from RLIMIT_STACK) */
};

/* Copies NULL-terminated user arrays of strings (a NULL array is empty). 0, -EFAULT, -E2BIG
 * or -ENOMEM; exec_args_free cleans up either way. */
int exec_args_from_user(struct exec_args *a, uptr argv, uptr envp, const struct process *p);
/* The same from kernel arrays (init's arguments from the command line). */
int exec_args_from_kernel(struct exec_args *a, const char *const argv[], const char *const envp[],
                          const struct process *p);
void exec_args_free(struct exec_args *a);

/* Replaces p's program with the file at path (resolved from start for a relative path),
 * following `#!` lines up to 4 levels deep. Returns 0 (p's thread enters the program on its
 * next return to user mode) or -errno with p unchanged: -ENOENT, -EACCES (not a regular
 * executable file), -ENOEXEC (neither ELF nor `#!`), -ELOOP (interpreters nested too deep, or
 * a final symlink when follow is false),
 * -E2BIG, -ENOMEM. The strings in a may be rewritten (interpreter arguments). */
int exec_program(struct process *p, struct inode *start, const char *path, bool follow,
                 struct exec_args *a);
/* The same for an inode already at hand (execveat with AT_EMPTY_PATH: fexecve), called name. */
int exec_inode(struct process *p, struct inode *ino, const char *name, struct exec_args *a);
#endif
