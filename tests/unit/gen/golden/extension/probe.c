/* Runs the table generated for the extension case on the host (test_gensyscalls.py builds it
 * with the generated syscall_table.c): Wicket's range from 1024 takes the slots right after
 * Linux's range, the numbers between the two ranges have no slot, a hole inside the extension
 * range returns -ENOSYS, and the metadata of an extension slot is that call's. Prints each
 * failed check and exits 1 if any failed. */
#include "syscall_meta.h"
#include "syscall_protos.h"
#include "../../probe.h"

static long hello_len = -1;

long sys_read(int fd, uptr buf, size_t count) { return 0; }
long sys_wicket_hello(uptr msg, size_t len)
{
    hello_len = (long)len;
    return 7;
}


int main(void)
{
    check(SYSCALL_LINUX_COUNT == 1 && SYSCALL_EXT_COUNT == 3 && SYSCALL_SLOTS == 4,
          "one slot for Linux's range, three for 1024..1026");
    check(syscall_slot(0) == 0 && syscall_slot(1024) == 1 && syscall_slot(1026) == 3,
          "extension numbers follow Linux's range");
    check(syscall_slot(1) == SYSCALL_SLOTS && syscall_slot(1023) == SYSCALL_SLOTS &&
          syscall_slot(1027) == SYSCALL_SLOTS && syscall_slot(0xffffffffu) == SYSCALL_SLOTS,
          "numbers outside both ranges have no slot");
    for (unsigned slot = 0; slot < SYSCALL_SLOTS; slot++)
        check(syscall_slot(syscall_slot_nr(slot)) == slot, "slot and number map both ways");
    check(syscall_table[syscall_slot(1024)](0, 11, 0, 0, 0, 0) == 7 && hello_len == 11,
          "wicket_hello dispatches through its slot");
    check(syscall_table[syscall_slot(1025)](0, 0, 0, 0, 0, 0) == -ENOSYS,
          "a hole in the extension range returns -ENOSYS");
    check(syscall_table[syscall_slot(1026)](0, 0, 0, 0, 0, 0) == -ENOSYS,
          "an unimplemented extension returns -ENOSYS");
    check(syscall_info[syscall_slot(1026)].name && !syscall_info[syscall_slot(1025)].name,
          "metadata by slot");
    return failures ? 1 : 0;
}
