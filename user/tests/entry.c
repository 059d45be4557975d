/* In-VM tests of the system-call entry and return contract, which every C library relies on:
 * after `syscall`, RAX holds the result, RCX the address of the next instruction, R11 the
 * RFLAGS the call was made with, and every other register what it held before -- whichever way
 * the kernel took: the fast path, the general one (numbers outside Linux's range, sampled
 * calls), an error result, a signal delivered on the way out, a restarted call, or a call made
 * with the trap flag set. Nothing the kernel computed may be left in a register. */
#define _GNU_SOURCE
#include "tap.h"
#include <signal.h>
#include <stdbool.h>
#include <sched.h>
#include <sys/time.h>

/* Register order in struct probe. */
enum { R_RAX, R_RBX, R_RCX, R_RDX, R_RSI, R_RDI, R_RBP, R_R8, R_R9, R_R10, R_R11, R_R12, R_R13,
       R_R14, R_R15, R_COUNT };
static const char *const reg_names[R_COUNT] = {
    "rax", "rbx", "rcx", "rdx", "rsi", "rdi", "rbp", "r8", "r9", "r10", "r11", "r12", "r13",
    "r14", "r15",
};

struct probe {
    uint64_t in[R_COUNT];       /* loaded just before `syscall` (RAX is the number) */
    uint64_t out[R_COUNT];      /* found just after it */
    uint64_t flags_before;      /* RFLAGS as `syscall` found them */
    uint64_t extra_flags;       /* ORed into RFLAGS for the call (the trap flag) */
};
#define PROBE_OUT 120
#define PROBE_FLAGS 240
#define PROBE_EXTRA 248
_Static_assert(__builtin_offsetof(struct probe, out) == PROBE_OUT, "asm offsets");
_Static_assert(__builtin_offsetof(struct probe, flags_before) == PROBE_FLAGS, "asm offsets");
_Static_assert(__builtin_offsetof(struct probe, extra_flags) == PROBE_EXTRA, "asm offsets");

void entry_probe(struct probe *p);
extern const char entry_probe_after[];

/* Loads every general register from p->in, makes the call, stores every register in p->out.
 * Written whole in assembly, so no compiler-chosen register is live across the call. */
__asm__(
    ".text\n"
    ".globl entry_probe\n"
    "entry_probe:\n"
    "    push %rbx\n push %rbp\n push %r12\n push %r13\n push %r14\n push %r15\n"
    "    push %rdi\n"
    "    pushfq\n"
    "    movq 248(%rdi), %rax\n"
    "    orq %rax, (%rsp)\n"
    "    movq (%rsp), %rax\n"
    "    movq %rax, 240(%rdi)\n"
    "    movq 8(%rdi), %rbx\n movq 16(%rdi), %rcx\n movq 24(%rdi), %rdx\n"
    "    movq 32(%rdi), %rsi\n movq 48(%rdi), %rbp\n movq 56(%rdi), %r8\n"
    "    movq 64(%rdi), %r9\n movq 72(%rdi), %r10\n movq 80(%rdi), %r11\n"
    "    movq 88(%rdi), %r12\n movq 96(%rdi), %r13\n movq 104(%rdi), %r14\n"
    "    movq 112(%rdi), %r15\n movq 0(%rdi), %rax\n movq 40(%rdi), %rdi\n"
    "    popfq\n"
    "    syscall\n"
    ".globl entry_probe_after\n"
    "entry_probe_after:\n"
    "    push %rdi\n"
    "    movq 8(%rsp), %rdi\n"
    "    movq %rax, 120(%rdi)\n movq %rbx, 128(%rdi)\n movq %rcx, 136(%rdi)\n"
    "    movq %rdx, 144(%rdi)\n movq %rsi, 152(%rdi)\n movq %rbp, 168(%rdi)\n"
    "    movq %r8, 176(%rdi)\n movq %r9, 184(%rdi)\n movq %r10, 192(%rdi)\n"
    "    movq %r11, 200(%rdi)\n movq %r12, 208(%rdi)\n movq %r13, 216(%rdi)\n"
    "    movq %r14, 224(%rdi)\n movq %r15, 232(%rdi)\n"
    "    popq %rax\n movq %rax, 160(%rdi)\n"
    "    popq %rdi\n"
    "    pop %r15\n pop %r14\n pop %r13\n pop %r12\n pop %rbp\n pop %rbx\n"
    "    ret\n");

#define RFLAGS_TF 0x100ul

/* Makes the call nr(a0..a5) with recognizable values in every other register. */
static void probe_call(struct probe *p, uint64_t nr, const uint64_t args[6], uint64_t extra_flags)
{
    for (int i = 0; i < R_COUNT; i++)
        p->in[i] = 0x5a5a000000000000ull | ((uint64_t)i << 32) | (0xc0de0000u + (unsigned)i);
    static const int arg_regs[6] = { R_RDI, R_RSI, R_RDX, R_R10, R_R8, R_R9 };
    for (int i = 0; i < 6; i++)
        if (args)
            p->in[arg_regs[i]] = args[i];
    p->in[R_RAX] = nr;
    p->extra_flags = extra_flags;
    entry_probe(p);
}

/* Checks the contract for one call; `what` names it. */
static void check_contract(const struct probe *p, long want_rax, const char *what)
{
    CHECK_RET((long)p->out[R_RAX], want_rax, "%s: RAX holds the result", what);
    CHECK(p->out[R_RCX] == (uint64_t)entry_probe_after,
          "%s: RCX holds the return address (%#lx)", what, (unsigned long)p->out[R_RCX]);
    CHECK(p->out[R_R11] == p->flags_before, "%s: R11 holds the caller's RFLAGS (%#lx, want %#lx)",
          what, (unsigned long)p->out[R_R11], (unsigned long)p->flags_before);
    int changed = -1;
    for (int i = 0; i < R_COUNT && changed < 0; i++)
        if (i != R_RAX && i != R_RCX && i != R_R11 && p->out[i] != p->in[i])
            changed = i;
    CHECK(changed < 0, "%s: every other register is preserved%s%s", what,
          changed < 0 ? "" : ", not ", changed < 0 ? "" : reg_names[changed]);
}

static void test_plain_calls(void)
{
    struct probe p;
    probe_call(&p, SYS_getppid, NULL, 0);
    check_contract(&p, getppid(), "getppid");
    probe_call(&p, SYS_getpid | (1ull << 32), NULL, 0);
    check_contract(&p, getpid(), "getpid with bits above 31 set in RAX (only EAX counts)");
    uint64_t bad_fd[6] = { (uint64_t)-1, 0, 0, 0, 0, 0 };
    probe_call(&p, SYS_close, bad_fd, 0);
    check_contract(&p, -EBADF, "close(-1), an error result");
    probe_call(&p, 1000, NULL, 0);
    check_contract(&p, -ENOSYS, "number 1000, between the ranges");
    probe_call(&p, 1024, NULL, 0);
    check_contract(&p, -ENOSYS, "number 1024, reserved for the benchmark's floor");
    probe_call(&p, 0xffffffffull, NULL, 0);
    check_contract(&p, -ENOSYS, "number 0xffffffff");
}

/* Statistics sample the first call of a number and every 64th after it through the general
 * path, so 130 calls take it at least twice. */
static void test_sampled_calls(void)
{
    uint64_t fifo[6] = { SCHED_FIFO, 0, 0, 0, 0, 0 };
    int bad = -1;
    for (int i = 0; i < 130 && bad < 0; i++) {
        struct probe p;
        probe_call(&p, SYS_sched_get_priority_max, fifo, 0);
        bool ok = p.out[R_RAX] == 99 && p.out[R_RCX] == (uint64_t)entry_probe_after &&
                  p.out[R_R11] == p.flags_before;
        for (int r = 0; r < R_COUNT; r++)
            ok &= r == R_RAX || r == R_RCX || r == R_R11 || p.out[r] == p.in[r];
        if (!ok)
            bad = i;
    }
    CHECK(bad < 0, "130 calls of sched_get_priority_max keep the contract (first failure: %d)", bad);
}

static volatile sig_atomic_t handled, traps;

static void on_usr1(int sig) { handled = sig; }

static void on_trap(int sig, siginfo_t *si, void *ucv)
{
    (void)sig, (void)si;
    ucontext_t *uc = ucv;
    traps++;
    uc->uc_mcontext.gregs[REG_EFL] &= ~(long)RFLAGS_TF;    /* one step is enough */
}

static void set_handler(int sig, void (*fn)(int), int flags)
{
    struct sigaction sa = { .sa_handler = fn, .sa_flags = flags };
    sigemptyset(&sa.sa_mask);
    sigaction(sig, &sa, NULL);
}

/* The signal is delivered on the way out of kill: the handler runs, rt_sigreturn rewrites the
 * frame, and the kernel must still return the registers kill was called with. */
static void test_signal_on_return(void)
{
    set_handler(SIGUSR1, on_usr1, 0);
    uint64_t args[6] = { (uint64_t)getpid(), SIGUSR1, 0, 0, 0, 0 };
    struct probe p;
    handled = 0;
    probe_call(&p, SYS_kill, args, 0);
    CHECK(handled == SIGUSR1, "kill(self): the handler ran before kill returned");
    check_contract(&p, 0, "kill(self) with a handler");
    signal(SIGUSR1, SIG_DFL);
}

/* A blocking read interrupted by SIGALRM under SA_RESTART is restarted by the kernel (RIP moved
 * back onto the syscall instruction, RAX the number again) and then returns normally. */
static int restart_pipe[2];

static void on_alarm(int sig)
{
    handled = sig;
    write(restart_pipe[1], "x", 1);
}

static void test_restarted_call(void)
{
    char byte = 0;
    if (pipe(restart_pipe) != 0) {
        CHECK(0, "pipe for the restart test");
        return;
    }
    set_handler(SIGALRM, on_alarm, SA_RESTART);
    handled = 0;
    struct itimerval it = { .it_value = { .tv_usec = 20000 } };
    setitimer(ITIMER_REAL, &it, NULL);
    uint64_t args[6] = { (uint64_t)restart_pipe[0], (uint64_t)&byte, 1, 0, 0, 0 };
    struct probe p;
    probe_call(&p, SYS_read, args, 0);
    CHECK(handled == SIGALRM && byte == 'x', "read: interrupted by SIGALRM, restarted, got the byte");
    check_contract(&p, 1, "read restarted under SA_RESTART");
    signal(SIGALRM, SIG_DFL);
    close(restart_pipe[0]);
    close(restart_pipe[1]);
}

/* With the trap flag set the kernel must return through IRET (SYSRET cannot deliver the step
 * trap where it belongs); the process gets SIGTRAP, and the call's contract holds. */
static void test_trap_flag(void)
{
    struct sigaction sa = { .sa_sigaction = on_trap, .sa_flags = SA_SIGINFO };
    sigemptyset(&sa.sa_mask);
    sigaction(SIGTRAP, &sa, NULL);
    traps = 0;
    struct probe p;
    probe_call(&p, SYS_getppid, NULL, RFLAGS_TF);
    CHECK(traps >= 1, "a call made with TF set: SIGTRAP arrives (%d)", (int)traps);
    check_contract(&p, getppid(), "getppid with TF set");
    uint64_t flags;
    __asm__ volatile("pushfq; popq %0" : "=r"(flags));
    CHECK(!(flags & RFLAGS_TF), "the handler's cleared TF stays clear");
    signal(SIGTRAP, SIG_DFL);
}

int main(void)
{
    test_plain_calls();
    test_sampled_calls();
    test_signal_on_return();
    test_restarted_call();
    test_trap_flag();
    return tap_done();
}
