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
 *   compat      `syscall` from 32-bit compatibility mode     Wicket: -ENOSYS, exit status 38;
 *                                                            Linux: SIGSEGV (see below)
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

/* A 64-bit process may far-jump to the 32-bit user code segment and execute `syscall` there.
 * Under QEMU (as on AMD CPUs) that enters the kernel through MSR_CSTAR, a second door that must
 * be guarded like the first. Wicket has no 32-bit table and answers -ENOSYS straight back; this
 * mode then exits with status 38. Linux runs the 32-bit call (20 is getpid) but returns to the
 * 32-bit vDSO's landing pad, which a 64-bit process does not have, so the process gets SIGSEGV.
 * Either way the kernel must survive it. The 32-bit code needs a stack below 4 GiB. */
char compat_stack[4096] __attribute__((aligned(16)));
long compat_saved_rsp;
int compat_result;
long syscall_from_compat_mode(void);
__asm__(
    ".text\n"
    "syscall_from_compat_mode:\n"
    "    pushq %rbx\n"
    "    pushq %rbp\n"
    "    movq %rsp, compat_saved_rsp(%rip)\n"
    "    leaq compat_stack+4096(%rip), %rsp\n"
    /* A far jump through memory, not lretq: QEMU's TCG pops a far-return frame with a
     * supervisor access, which SMAP (-cpu max) refuses on a user stack. */
    "    ljmpl *compat_entry(%rip)\n"
    ".section .rodata\n"
    "compat_entry: .long 1f\n"
    "    .word 0x23\n"                       /* USER32_CS */
    ".text\n"
    ".code32\n"
    "1:  movl $20, %eax\n"
    "    syscall\n"
    "    movl %eax, compat_result\n"
    "    ljmp $0x33, $2f\n"                  /* back to USER_CS, 64-bit mode */
    ".code64\n"
    "2:  movq compat_saved_rsp(%rip), %rsp\n"
    "    popq %rbp\n"
    "    popq %rbx\n"
    "    movslq compat_result(%rip), %rax\n"
    "    ret\n");

static void fault_compat(void)
{
    long r = syscall_from_compat_mode();
    tap_print("# syscall from compatibility mode returned %ld", r);
    syscall(SYS_exit_group, -r);
}

static const struct { const char *name; void (*run)(void); } modes[] = {
    {"segv", fault_segv}, {"ud2", fault_ud2}, {"div0", fault_div0}, {"hlt", fault_hlt},
    {"gp", fault_gp}, {"wrro", fault_wrro}, {"exit", fault_exit}, {"exit_group", fault_exit_group},
    {"compat", fault_compat},
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
