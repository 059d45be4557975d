/* Makes init die on purpose, one way per boot, chosen by argv[1] (the kernel command line's
 * words after "--"). tools/run-tests checks that the kernel reports init's death with the right
 * signal or exit status and that the machine still shuts down:
 *
 *   segv        store through a NULL pointer                 SIGSEGV (11)
 *   ud2         undefined instruction                        SIGILL  (4)
 *   div0        integer division by zero                     SIGFPE  (8)
 *   hlt         privileged instruction at CPL 3 (#GP)        SIGSEGV (11)
 *   gp          cli at CPL 3 with IOPL 0 (#GP)               SIGSEGV (11)
 *   wrro        store into a read-only mapping               SIGSEGV (11)
 *   exit        exit(42), which ends the only thread         exit status 42
 *   exit_group  exit_group(43)                               exit status 43
 */
#include "tap.h"
#include <sys/mman.h>

static void fault_segv(void)
{
    *(volatile int *)0 = 1;
}

static void fault_ud2(void)
{
    __asm__ volatile("ud2");
}

static void fault_div0(void)
{
    __asm__ volatile("xorl %%ecx, %%ecx\n\tmovl $1, %%eax\n\tcltd\n\tidivl %%ecx" ::: "eax", "ecx", "edx");
}

static void fault_hlt(void)
{
    __asm__ volatile("hlt");
}

static void fault_gp(void)
{
    __asm__ volatile("cli");
}

static void fault_wrro(void)
{
    long page = sc6(SYS_mmap, 0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (page < 0) {
        tap_print("# mmap failed: %ld", page);
        return;
    }
    *(volatile char *)page = 1;
}

static void fault_exit(void)
{
    syscall(SYS_exit, 42L);
}

static void fault_exit_group(void)
{
    syscall(SYS_exit_group, 43L);
}

static const struct { const char *name; void (*run)(void); } modes[] = {
    {"segv", fault_segv}, {"ud2", fault_ud2}, {"div0", fault_div0}, {"hlt", fault_hlt},
    {"gp", fault_gp}, {"wrro", fault_wrro}, {"exit", fault_exit}, {"exit_group", fault_exit_group},
};

int main(int argc, char **argv)
{
    const char *mode = argc > 1 ? argv[1] : "(none)";
    for (unsigned i = 0; i < sizeof(modes) / sizeof(modes[0]); i++) {
        if (strcmp(mode, modes[i].name) == 0) {
            tap_print("# faults: %s", mode);
            modes[i].run();
            CHECK(0, "faults %s: still alive after the fault", mode);
            return tap_done();
        }
    }
    CHECK(0, "faults: unknown mode \"%s\" (pass one after -- on the kernel command line)", mode);
    return tap_done();
}
