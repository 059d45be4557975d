/* First instructions: the Multiboot v1 header, the 32-bit entry that QEMU's -kernel (and GRUB)
 * jumps to, and the switch to 64-bit long mode in the higher half.
 *
 * We use Multiboot's "a.out kludge" (flag bit 16): the header itself says where to load the image,
 * which lets a loader that refuses ELF64 (QEMU's multiboot loader) boot our ELF64 file. The linker
 * script keeps file offsets and physical addresses in step so the flat load is correct. */
#include "arch/x86.h"

#define MB_MAGIC 0x1badb002
#define MB_FLAGS ((1 << 0) | (1 << 1) | (1 << 16)) /* page-aligned modules, memory map, load addresses */
#define V2P(x) ((x) - KERNEL_VMA)

    .section .multiboot, "a"
    .balign 4
multiboot_header:
    .long MB_MAGIC
    .long MB_FLAGS
    .long -(MB_MAGIC + MB_FLAGS)
    .long multiboot_header          /* header_addr: this section runs at its physical address */
    .long _image_phys_start         /* load_addr */
    .long _image_load_end_phys      /* load_end_addr */
    .long _kernel_end_phys          /* bss_end_addr: the loader zeroes up to here */
    .long _start32                  /* entry_addr */

    .section .boot.text, "ax"
    .code32
    .globl _start32
_start32:
    cli
    cld
    mov %eax, %edi                  /* Multiboot magic, kept for kmain's first argument */
    mov %ebx, %esi                  /* physical address of the Multiboot info */
    mov $V2P(boot_stack_top), %esp

    /* Long mode needs CPUID leaf 0x80000001 EDX.LM; without it we cannot run at all. */
    mov $0x80000000, %eax
    cpuid
    cmp $0x80000001, %eax
    jb no_long_mode
    mov $0x80000001, %eax
    cpuid
    test $(1 << 29), %edx
    jz no_long_mode
    mov %edx, %ebp                  /* EDX bit 20 = NX, used below */

    call build_boot_page_tables

    mov %cr4, %eax
    or $(1 << 5), %eax              /* PAE, required for long mode */
    mov %eax, %cr4
    mov $V2P(boot_pml4), %eax
    mov %eax, %cr3

    mov $MSR_EFER, %ecx
    rdmsr
    or $(1 << 8), %eax              /* LME */
    test $(1 << 20), %ebp
    jz 1f
    or $(1 << 11), %eax             /* NXE, so page tables may carry the NX bit */
1:  wrmsr

    mov %cr0, %eax
    or $0x80010001, %eax            /* PG | WP | PE: write-protect applies to the kernel too */
    mov %eax, %cr0

    lgdt boot_gdt_ptr
    ljmp $0x08, $long_mode_entry

/* Map the first 1 GiB three times with 2 MiB pages: identity (for the jump), the direct map and
 * the kernel's higher half. kmain replaces these tables with precise ones. */
build_boot_page_tables:
    /* boot_pd: 512 entries of 2 MiB, present | writable | huge. */
    mov $V2P(boot_pd), %ebx
    xor %ecx, %ecx
1:  mov %ecx, %eax
    shl $21, %eax
    or $0x83, %eax
    mov %eax, (%ebx, %ecx, 8)
    movl $0, 4(%ebx, %ecx, 8)
    inc %ecx
    cmp $512, %ecx
    jne 1b

    mov $(V2P(boot_pd) + 3), %eax
    mov %eax, V2P(boot_pdpt_low)            /* PDPT_low[0] -> first GiB */
    mov %eax, V2P(boot_pdpt_high) + 510 * 8 /* 0xffffffff80000000 is PML4[511], PDPT[510] */
    mov $(V2P(boot_pdpt_low) + 3), %eax
    mov %eax, V2P(boot_pml4)                /* identity */
    mov %eax, V2P(boot_pml4) + 273 * 8      /* DIRECT_MAP 0xffff888000000000 is PML4[273] */
    mov $(V2P(boot_pdpt_high) + 3), %eax
    mov %eax, V2P(boot_pml4) + 511 * 8
    ret

no_long_mode:
    /* Nothing to print with yet but the serial port: say why we stop. */
    mov $V2P(no_lm_msg), %ebx
2:  movb (%ebx), %al
    test %al, %al
    jz 3f
    mov $0x3f8, %dx
    outb %al, %dx
    inc %ebx
    jmp 2b
3:  cli
    hlt
    jmp 3b

    .code64
long_mode_entry:
    /* Still running at the physical address; jump to the linked higher-half address. */
    movabs $higher_half_entry, %rax
    jmp *%rax

    .section .boot.rodata, "a"
no_lm_msg:
    .asciz "wicket: this CPU has no 64-bit long mode\r\n"
    .balign 8
boot_gdt:
    .quad 0
    .quad 0x00af9a000000ffff                /* 64-bit code, selector 0x08 for the far jump only */
boot_gdt_end:
boot_gdt_ptr:
    .word boot_gdt_end - boot_gdt - 1
    .long boot_gdt

    .section .text.entry, "ax"
    .code64
    .globl higher_half_entry
higher_half_entry:
    movabs $boot_stack_top, %rsp
    xor %ebp, %ebp                          /* terminates backtraces */
    /* edi = Multiboot magic, esi = info physical address: kmain's two arguments. */
    call kmain
4:  cli
    hlt
    jmp 4b

    .section .bss
    .balign 4096
    .globl boot_pml4
boot_pml4:      .skip 4096
boot_pdpt_low:  .skip 4096
boot_pdpt_high: .skip 4096
boot_pd:        .skip 4096
    .globl boot_stack_bottom
boot_stack_bottom:
    .skip 16384
    .globl boot_stack_top
boot_stack_top:
