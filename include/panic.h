/* Fatal kernel errors: a report with registers and a symbolized backtrace, then power off. */
#ifndef WICKET_PANIC_H
#define WICKET_PANIC_H
#include "arch/regs.h"
_Noreturn void panic_with_regs(const struct regs *r, const char *why);
/* Name of the function containing addr and the offset into it, or NULL. */
const char *ksym_lookup(u64 addr, u64 *offset);
#endif
