/* The vDSO image (arch/x86_64/vdso, built by the Makefile as $(BUILD)/vdso.so, whose path it
 * passes as VDSO_IMAGE), embedded in the kernel; kernel/vdso.c copies it into the pages it maps
 * into every program. */
    .section .rodata
    .balign 4096
    .globl vdso_image_start, vdso_image_end
vdso_image_start:
    .incbin VDSO_IMAGE
vdso_image_end:
