/* Runs the dispatch table generated for this golden case on the host: test_gensyscalls.py
 * compiles it with expected/syscall_table.c and runs it. Golden bytes only show the text is
 * unchanged; this shows the text does the right thing -- each wrapper casts the registers to the
 * handler's types (a 64-bit -100 arrives as the int AT_FDCWD), holes and unimplemented calls
 * return -ENOSYS, and the metadata says what the list says. Prints each failed check and
 * exits 1 if any failed. */
#include "syscall_meta.h"
#include "syscall_protos.h"
#include "../../probe.h"

/* What the last handler received, as the handler's own types printed back to longs. */
static long seen[6];

static long record(long a, long b, long c, long d, long e, long f)
{
    seen[0] = a, seen[1] = b, seen[2] = c, seen[3] = d, seen[4] = e, seen[5] = f;
    return 1000;
}

long sys_read(int fd, uptr buf, size_t count)
{
    return record(fd, (long)buf.addr, (long)count, 0, 0, 0);
}
long sys_open(uptr filename, int flags, unsigned int mode)
{
    return record((long)filename.addr, flags, mode, 0, 0, 0);
}
long sys_close(int fd) { return record(fd, 0, 0, 0, 0, 0); }
long sys_mmap(unsigned long addr, size_t len, unsigned long prot, unsigned long flags, int fd,
              long off)
{
    return record((long)addr, (long)len, (long)prot, (long)flags, fd, off);
}
long sys_getpid(void) { return record(0, 0, 0, 0, 0, 0); }
long sys_exit(int error_code) { return record(error_code, 0, 0, 0, 0, 0); }
long sys_kill(int pid, int sig) { return record(pid, sig, 0, 0, 0, 0); }
long sys_openat(int dfd, uptr filename, int flags, unsigned int mode)
{
    return record(dfd, (long)filename.addr, flags, mode, 0, 0);
}
long sys_splice(int fd_in, uptr off_in, int fd_out, uptr off_out, size_t len, unsigned int flags)
{
    return record(fd_in, (long)off_in.addr, fd_out, (long)off_out.addr, (long)len, flags);
}
long sys_memfd_create(uptr uname, unsigned int flags)
{
    return record((long)uname.addr, flags, 0, 0, 0, 0);
}


static long call(unsigned nr, unsigned long a0, unsigned long a1, unsigned long a2,
                 unsigned long a3, unsigned long a4, unsigned long a5)
{
    for (int i = 0; i < 6; i++)
        seen[i] = -1;
    return syscall_table[nr](a0, a1, a2, a3, a4, a5);
}

static void check_dispatch(void)
{
    check(call(0, 5, 0x1000, 10, 7, 7, 7) == 1000 && seen[0] == 5 && seen[1] == 0x1000 &&
          seen[2] == 10, "read gets fd, buf, count");
    call(257, (unsigned long)-100, 0x2000, 0x4242, 0x1ff, 0, 0);
    check(seen[0] == -100 && seen[2] == 0x4242 && seen[3] == 0x1ff,
          "openat gets AT_FDCWD as -100");
    call(3, 0xffffffff00000003ul, 0, 0, 0, 0, 0);
    check(seen[0] == 3, "close truncates fd to int as Linux does");
    call(9, 0x7000, 4096, 3, 0x22, (unsigned long)-1, 8192);
    check(seen[4] == -1 && seen[5] == 8192 && seen[3] == 0x22, "mmap gets fd -1 and offset");
    call(275, 1, 0x10, 2, 0x20, 99, 5);
    check(seen[0] == 1 && seen[2] == 2 && seen[4] == 99 && seen[5] == 5,
          "splice gets six arguments");
    check(call(1, 0, 0, 0, 0, 0, 0) == -ENOSYS, "a hole returns -ENOSYS");
    check(call(7, 0, 0, 0, 0, 0, 0) == -ENOSYS, "an unimplemented call returns -ENOSYS");
    check(call(101, 0, 0, 0, 0, 0, 0) == -ENOSYS, "ptrace (unimpl) returns -ENOSYS");
}

static void check_metadata(void)
{
    check(SYSCALL_LINUX_COUNT == 320 && SYSCALL_EXT_COUNT == 0 && SYSCALL_SLOTS == 320,
          "the table has a slot for every number up to the highest, and no extension range");
    check(syscall_slot(319) == 319 && syscall_slot(320) == SYSCALL_SLOTS &&
          syscall_slot(1024) == SYSCALL_SLOTS && syscall_slot(0xffffffffu) == SYSCALL_SLOTS,
          "numbers past the table have no slot");
    check(syscall_info[1].name == NULL && !syscall_info[1].implemented, "a hole has no name");
    check(syscall_info[7].name && !syscall_info[7].implemented &&
          (syscall_info[7].flags & SC_UNIMPL) && (syscall_info[7].flags & SC_RESTART),
          "poll flags");
    check(syscall_info[2].generic_nr == -1 && syscall_info[0].generic_nr == 63, "generic numbers");
    check(syscall_info[2].promise == PROMISE_RPATH &&
          syscall_info[2].promises == (PROMISE_BIT(PROMISE_RPATH) | PROMISE_BIT(PROMISE_WPATH) |
                                       PROMISE_BIT(PROMISE_CPATH)), "open promise alternatives");
    check(syscall_info[60].promise == PROMISE_ALWAYS && (syscall_info[60].flags & SC_NORETURN),
          "exit is always allowed and never returns");
    check(syscall_info[275].arg_rights[0] == (FD_RIGHT_READ | FD_RIGHT_SEEK) &&
          syscall_info[275].arg_rights[2] == FD_RIGHT_WRITE &&
          syscall_info[275].arg_rights[1] == 0, "splice rights");
    check(syscall_info[257].arg_kinds[0] == SC_ARG_DIRFD &&
          syscall_info[257].arg_kinds[1] == SC_ARG_PATH, "openat kinds");
    check(syscall_info[9].nargs == 6 && syscall_info[39].nargs == 0, "argument counts");
}

int main(void)
{
    check_dispatch();
    check_metadata();
    return failures ? 1 : 0;
}
