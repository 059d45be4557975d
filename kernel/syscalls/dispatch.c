/* The system-call dispatcher's general path: the whole policy order of a call in one screen.
 *
 *   1. find the number's slot (Linux 6.1 looks only at the low 32 bits of RAX; a number outside
 *      both ranges of the table -- Linux's and Wicket's own from 1024 -- is -ENOSYS at once),
 *   2. count the call in the per-syscall statistics (include/syscall_stats.h: one byte add;
 *      the first call of a number and every 64th after it take the sampled path, timed),
 *   3. call the handler through the generated table (holes and unimplemented calls reach
 *      sys_ni_syscall), with the six argument registers of the x86_64 ABI,
 *   4. store the result in the frame's RAX for the return path, and count an error result,
 *   5. with interrupts off, handle pending work: rescheduling, then signal delivery (which also
 *      turns an interrupted call's -ERESTART* into -EINTR or a restart); a handler that
 *      rewrote the frame (execve, rt_sigreturn) set WORK_FRAME, so this step runs for it too.
 * The entry code (arch/x86_64/syscall.S) runs steps 1 to 5 itself for a number in Linux's range
 * that is not to be sampled, and sends every other call here with the frame untouched; a new
 * step (tracing, the pledge gate; the generated syscall_info table already carries what they
 * need) either joins both or sends its calls here. */
#include "syscall_meta.h"
#include "arch/regs.h"
#include "file.h"
#include "proc.h"
#include "ksched.h"
#include "syscall_stats.h"
#include "uapi/errno.h"

_Static_assert(FD_RIGHT_READ == RIGHT_READ && FD_RIGHT_WRITE == RIGHT_WRITE &&
               FD_RIGHT_LOOKUP == RIGHT_LOOKUP, "generated rights match the descriptor rights");

/* Returns whether pending work ran, which may have rewritten the frame, so the return path
 * must check it before using sysret. */
bool syscall_dispatch(struct regs *r)
{
    u32 slot = syscall_slot((u32)r->orig_rax);
    if (likely(slot < SYSCALL_SLOTS)) {
        long ret;
        if (likely(!syscall_stats_enter(slot)))
            ret = syscall_table[slot](r->rdi, r->rsi, r->rdx, r->r10, r->r8, r->r9);
        else
            ret = syscall_stats_sampled_call(r);
        r->rax = (u64)ret;
        if (unlikely((unsigned long)ret >= -4095ul))
            syscall_stats_error(r);
    }
    /* Interrupts stay off from this check to sysret/iret, so work raised by an interrupt
     * (a tick, a signal from the terminal) is either seen here or waits for the next entry. */
    irq_disable();
    if (likely(!current_thread()->work))
        return false;
    exit_to_user_mode(r);
    return true;
}

long sys_ni_syscall(unsigned long a0, unsigned long a1, unsigned long a2,
                    unsigned long a3, unsigned long a4, unsigned long a5)
{
    return -ENOSYS;
}
