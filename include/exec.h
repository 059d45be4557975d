/* Starting a program: load a static ELF into a fresh address space and build the System V
 * initial stack (argc, argv, envp, auxv). */
#ifndef WICKET_EXEC_H
#define WICKET_EXEC_H
#include "proc.h"
/* Replaces p's address space with the program at path. Returns 0 (p's main thread will enter
 * the program on its next return to user mode) or -errno, leaving p unchanged on failure. */
int exec_program(struct process *p, const char *path, const char *const argv[], const char *const envp[]);
#endif
