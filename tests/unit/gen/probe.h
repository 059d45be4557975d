/* What the golden cases' probe.c programs share (test_gensyscalls.py builds each with its
 * case's generated syscall_table.c): the -ENOSYS handler the table's holes point at, and a
 * check that prints each failure and counts it, for main's exit status. */
#ifndef WICKET_GEN_PROBE_H
#define WICKET_GEN_PROBE_H
#include <stdio.h>

#define ENOSYS 38

long sys_ni_syscall(unsigned long a0, unsigned long a1, unsigned long a2,
                    unsigned long a3, unsigned long a4, unsigned long a5)
{
    return -ENOSYS;
}

static int failures;

static void check(int ok, const char *what)
{
    if (!ok) {
        printf("FAILED: %s\n", what);
        failures++;
    }
}
#endif
