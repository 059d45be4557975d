/* The vDSO image (arch/x86_64/vdso, built by the Makefile as build/vdso.so), embedded in the
 * kernel; kernel/vdso.c copies it into the pages it maps into every program. */
    .section .rodata
    .balign 4096
    .globl vdso_image_start, vdso_image_end
vdso_image_start:
    .incbin "build/vdso.so"
vdso_image_end:
