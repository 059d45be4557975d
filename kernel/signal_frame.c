/* The x86_64 signal frame, laid out exactly as Linux's rt_sigframe so that C libraries and
 * debuggers read it unchanged: building it when a handler runs, and rt_sigreturn, which
 * restores the interrupted context from it.
 *
 * From the top of the chosen stack (below the 128-byte red zone, or the alternate stack's
 * top): the 512-byte FXSAVE image, 64-byte aligned; then the frame, placed so that the
 * handler starts with RSP + 8 a multiple of 16, as after a call. The frame's first word is
 * the handler's return address, the C library's sa_restorer, which calls rt_sigreturn. */
#include "ksignal.h"
#include "proc.h"
#include "ksched.h"
#include "syscalls.h"
#include "kstring.h"
#include "arch/regs.h"
#include "arch/x86.h"
#include "uapi/errno.h"

struct sigcontext_x86 {
    u64 r8, r9, r10, r11, r12, r13, r14, r15;
    u64 rdi, rsi, rbp, rbx, rdx, rax, rcx, rsp, rip, eflags;
    u16 cs, gs, fs, ss;
    u64 err, trapno, oldmask, cr2;
    u64 fpstate;                /* user address of the FXSAVE image, 0 for none */
    u64 reserved[8];
};

struct stack_x86 {
    u64 sp;
    int flags;
    u64 size;
};

struct ucontext_x86 {
    u64 flags;
    u64 link;
    struct stack_x86 stack;
    struct sigcontext_x86 mcontext;
    sigset_k sigmask;
};

struct rt_sigframe {
    u64 pretcode;
    struct ucontext_x86 uc;
    u8 info[SIGINFO_SIZE];
};
_Static_assert(sizeof(struct rt_sigframe) == 440, "Linux's x86_64 rt_sigframe size");
_Static_assert(__builtin_offsetof(struct rt_sigframe, uc.mcontext) == 48, "uc_mcontext offset");
_Static_assert(__builtin_offsetof(struct rt_sigframe, uc.sigmask) == 304, "uc_sigmask offset");

/* uc_flags: the frame saves SS and sigreturn restores it as saved (no XSAVE state). */
#define UC_SIGCONTEXT_SS     0x2
#define UC_STRICT_RESTORE_SS 0x4

#define FXSAVE_SIZE 512
#define FXSAVE_SW_RESERVED 464  /* bytes 464..511: FXSAVE leaves them; Linux marks XSAVE there */
#define FXSAVE_MXCSR 24
#define FXSAVE_MXCSR_MASK 28
#define RED_ZONE 128
/* Flags rt_sigreturn takes from the frame; the rest (IF, IOPL, VM ...) stay the kernel's. */
#define RFLAGS_USER_BITS (0x1u | 0x4u | 0x10u | 0x40u | 0x80u | RFLAGS_TF | RFLAGS_DF | \
                          0x800u | RFLAGS_AC | RFLAGS_RF)
#define USER_CANONICAL_END (1ull << 47)

struct fx_image { u8 bytes[FXSAVE_SIZE]; } __attribute__((aligned(64)));

static bool within_altstack(struct thread *t, u64 sp)
{
    return sp > t->altstack_sp && sp - t->altstack_sp <= t->altstack_size;
}

/* An SS_AUTODISARM stack is disarmed while in use, so the code cannot be running on it. */
static bool on_altstack(struct thread *t, u64 sp)
{
    return !(t->altstack_flags & (int)SS_AUTODISARM) && within_altstack(t, sp);
}

int signal_altstack_flags(struct thread *t, u64 sp)
{
    if (!t->altstack_size)
        return SS_DISABLE;
    return on_altstack(t, sp) ? SS_ONSTACK : 0;
}

int signal_altstack_set(struct thread *t, u64 ss_sp, int flags, u64 size, u64 sp)
{
    if (on_altstack(t, sp))
        return -EPERM;
    int mode = flags & ~(int)SS_AUTODISARM;
    if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
        return -EINVAL;
    if (mode == SS_DISABLE) {
        ss_sp = size = 0;
    } else if (size < MINSIGSTKSZ) {
        return -ENOMEM;
    }
    t->altstack_sp = ss_sp;
    t->altstack_size = size;
    t->altstack_flags = flags & (int)SS_AUTODISARM;
    return 0;
}

/* Where the FXSAVE image goes; 0 when an alternate stack would overflow. */
static u64 fpstate_address(struct thread *t, const struct regs *r, const struct k_sigaction *a)
{
    u64 sp = r->rsp - RED_ZONE;
    bool entering = false;
    if ((a->flags & SA_ONSTACK) && signal_altstack_flags(t, sp) == 0) {
        sp = t->altstack_sp + t->altstack_size;
        entering = true;
    }
    bool nested = on_altstack(t, sp);
    u64 fp = (sp - FXSAVE_SIZE) & ~63ull;
    u64 frame = ((fp - sizeof(struct rt_sigframe)) & ~15ull) - 8;
    if ((entering || nested) && !within_altstack(t, frame))
        return 0;
    return fp;
}

/* The registers the handler interrupts, in sigcontext's order, into a zeroed sigcontext:
 * stored one by one, since a compound literal would be built aside and copied. */
static void save_registers(struct sigcontext_x86 *sc, const struct regs *r, sigset_k mask,
                           const struct ksiginfo *info)
{
    sc->r8 = r->r8, sc->r9 = r->r9, sc->r10 = r->r10, sc->r11 = r->r11, sc->r12 = r->r12;
    sc->r13 = r->r13, sc->r14 = r->r14, sc->r15 = r->r15, sc->rdi = r->rdi, sc->rsi = r->rsi;
    sc->rbp = r->rbp, sc->rbx = r->rbx, sc->rdx = r->rdx, sc->rax = r->rax, sc->rcx = r->rcx;
    sc->rsp = r->rsp, sc->rip = r->rip, sc->eflags = r->rflags;
    sc->cs = (u16)r->cs, sc->ss = (u16)r->ss;
    sc->oldmask = mask;
    if (r->vector < 32) {       /* an exception: what the CPU reported */
        sc->trapno = r->vector;
        sc->err = r->orig_rax;
        if (r->vector == 14)
            sc->cr2 = info->addr;
    }
}

static void fill_frame(struct rt_sigframe *f, const struct regs *r, int sig,
                       const struct ksiginfo *info, const struct k_sigaction *a,
                       sigset_k saved_mask, u64 fp)
{
    struct thread *t = current_thread();
    memset(f, 0, sizeof(*f));
    f->pretcode = a->restorer;
    f->uc.flags = UC_SIGCONTEXT_SS | UC_STRICT_RESTORE_SS;
    f->uc.stack.sp = t->altstack_sp;
    f->uc.stack.flags = signal_altstack_flags(t, r->rsp) | t->altstack_flags;
    f->uc.stack.size = t->altstack_size;
    save_registers(&f->uc.mcontext, r, saved_mask, info);
    f->uc.mcontext.fpstate = fp;
    f->uc.sigmask = saved_mask;
    struct ksiginfo k = *info;
    k.signo = sig;
    signal_info_to_user(&k, f->info);
}

int signal_setup_frame(struct regs *r, int sig, const struct ksiginfo *info,
                       const struct k_sigaction *a, sigset_k saved_mask)
{
    struct thread *t = current_thread();
    u64 fp = fpstate_address(t, r, a);
    if (!fp || !(a->flags & SA_RESTORER))   /* x86_64 has no default return trampoline */
        return -EFAULT;
    u64 frame = ((fp - sizeof(struct rt_sigframe)) & ~15ull) - 8;
    struct fx_image fx;
    struct rt_sigframe f;
    __asm__ volatile("fxsave64 %0" : "=m"(fx));
    memset(fx.bytes + FXSAVE_SW_RESERVED, 0, FXSAVE_SIZE - FXSAVE_SW_RESERVED);
    fill_frame(&f, r, sig, info, a, saved_mask, fp);
    if (copy_to_user(uptr_of(fp), &fx, sizeof(fx)) || copy_to_user(uptr_of(frame), &f, sizeof(f)))
        return -EFAULT;
    if (t->altstack_flags & (int)SS_AUTODISARM) {
        t->altstack_sp = t->altstack_size = 0;
        t->altstack_flags = 0;
    }
    r->rdi = (u64)sig;
    r->rsi = frame + __builtin_offsetof(struct rt_sigframe, info);
    r->rdx = frame + __builtin_offsetof(struct rt_sigframe, uc);
    r->rax = 0;
    r->rsp = frame;
    r->rip = a->handler;
    r->cs = USER_CS;
    r->ss = USER_DS;
    r->rflags &= ~(RFLAGS_DF | RFLAGS_TF | RFLAGS_RF);
    thread_fpu_reset(t);            /* the handler starts with a clean FPU, as on Linux */
    return 0;
}

/* Loads the saved FPU image; a reserved MXCSR bit would fault FXRSTOR, so it is refused. */
static int restore_fpu(struct thread *t, u64 fp)
{
    if (!fp) {
        thread_fpu_reset(t);
        return 0;
    }
    struct fx_image fx, live;
    if (copy_from_user(&fx, uptr_of(fp), sizeof(fx)))
        return -EFAULT;
    __asm__ volatile("fxsave64 %0" : "=m"(live));
    u32 mask, mxcsr;
    memcpy(&mask, live.bytes + FXSAVE_MXCSR_MASK, 4);
    memcpy(&mxcsr, fx.bytes + FXSAVE_MXCSR, 4);
    if (!mask)
        mask = 0xffbf;
    if (mxcsr & ~mask)
        return -EINVAL;
    __asm__ volatile("fxrstor64 %0" :: "m"(fx));
    return 0;
}

static void restore_registers(struct regs *r, const struct sigcontext_x86 *sc)
{
    r->r8 = sc->r8; r->r9 = sc->r9; r->r10 = sc->r10; r->r11 = sc->r11;
    r->r12 = sc->r12; r->r13 = sc->r13; r->r14 = sc->r14; r->r15 = sc->r15;
    r->rdi = sc->rdi; r->rsi = sc->rsi; r->rbp = sc->rbp; r->rbx = sc->rbx;
    r->rdx = sc->rdx; r->rax = sc->rax; r->rcx = sc->rcx; r->rsp = sc->rsp;
    r->rip = sc->rip;
    r->rflags = (r->rflags & ~(u64)RFLAGS_USER_BITS) | (sc->eflags & RFLAGS_USER_BITS);
    r->cs = USER_CS;
    r->ss = USER_DS;
    r->orig_rax = (u64)-1;      /* not a system call: nothing to restart */
}

long sys_rt_sigreturn(void)
{
    struct thread *t = current_thread();
    struct regs *r = t->frame;
    struct rt_sigframe f;
    thread_add_work(t, WORK_FRAME); /* whatever happens below, the frame is not what syscall saved */
    /* The handler's `ret` popped pretcode: the frame starts 8 bytes below RSP. */
    if (copy_from_user(&f, uptr_of(r->rsp - 8), sizeof(f)) ||
        f.uc.mcontext.rip >= USER_CANONICAL_END) {
        signal_force_segv(0);
        return 0;
    }
    signal_set_blocked(t, f.uc.sigmask);
    restore_registers(r, &f.uc.mcontext);
    if (restore_fpu(t, f.uc.mcontext.fpstate)) {
        signal_force_segv(0);
        return (long)r->rax;
    }
    /* As Linux, a refused alternate-stack setting is ignored (only the frame's memory counts). */
    signal_altstack_set(t, f.uc.stack.sp, f.uc.stack.flags, f.uc.stack.size, r->rsp);
    return (long)r->rax;
}
