/* ELF64 file structures (System V gABI and the x86-64 psABI) and the ELF checker that turns an
 * executable file image into a load plan for the exec path. elf_parse is pure logic: it reads
 * the file bytes only, so it runs unchanged in host unit tests; the loader maps the plan. */
#ifndef WICKET_ELF_H
#define WICKET_ELF_H
#include "types.h"

/* e_ident[] indices and values. */
#define EI_MAG0 0
#define EI_CLASS 4
#define EI_DATA 5
#define EI_VERSION 6
#define EI_OSABI 7
#define EI_NIDENT 16
#define ELFMAG "\177ELF"
#define SELFMAG 4
#define ELFCLASS64 2
#define ELFDATA2LSB 1
#define EV_CURRENT 1

/* e_type and e_machine. */
#define ET_EXEC 2
#define ET_DYN 3
#define EM_X86_64 62

/* p_type. */
#define PT_NULL 0
#define PT_LOAD 1
#define PT_DYNAMIC 2
#define PT_INTERP 3
#define PT_NOTE 4
#define PT_PHDR 6
#define PT_TLS 7
#define PT_GNU_EH_FRAME 0x6474e550
#define PT_GNU_STACK 0x6474e551
#define PT_GNU_RELRO 0x6474e552
#define PT_GNU_PROPERTY 0x6474e553

/* p_flags. Note the order differs from PROT_*: PF_X is 1 but PROT_EXEC is 4. */
#define PF_X 1
#define PF_W 2
#define PF_R 4

typedef struct {
    u8 e_ident[EI_NIDENT];
    u16 e_type;
    u16 e_machine;
    u32 e_version;
    u64 e_entry;
    u64 e_phoff;
    u64 e_shoff;
    u32 e_flags;
    u16 e_ehsize;
    u16 e_phentsize;
    u16 e_phnum;
    u16 e_shentsize;
    u16 e_shnum;
    u16 e_shstrndx;
} Elf64_Ehdr;

typedef struct {
    u32 p_type;
    u32 p_flags;
    u64 p_offset;
    u64 p_vaddr;
    u64 p_paddr;
    u64 p_filesz;
    u64 p_memsz;
    u64 p_align;
} Elf64_Phdr;

_Static_assert(sizeof(Elf64_Ehdr) == 64, "Elf64_Ehdr layout");
_Static_assert(sizeof(Elf64_Phdr) == 56, "Elf64_Phdr layout");

/* The mapping granule ELF segments are laid out for on x86_64. */
#define ELF_PAGE_SIZE 4096ull
/* Linux reads at most one page of program headers: 4096 / 56 = 73 entries. */
#define ELF_MAX_PHNUM (ELF_PAGE_SIZE / sizeof(Elf64_Phdr))
#define ELF_MAX_SEGMENTS 16

/* Segment protections, with the values of PROT_READ/PROT_WRITE/PROT_EXEC. */
#define ELF_PROT_READ 1
#define ELF_PROT_WRITE 2
#define ELF_PROT_EXEC 4

/* elf_segment.flags: the segment's first (last) page also holds bytes of the previous (next)
 * segment. The loader must then map that page once, with the union of both protections, and
 * copy both segments' file bytes into it rather than mapping file pages directly. */
#define ELF_SEG_SHARES_FIRST_PAGE 1u
#define ELF_SEG_SHARES_LAST_PAGE 2u

/* One PT_LOAD: memory [vaddr, vaddr+memsz) gets file bytes [offset, offset+filesz) at its start
 * and zeros after them. vaddr and offset are congruent modulo ELF_PAGE_SIZE. */
struct elf_segment {
    u64 vaddr, memsz, offset, filesz;
    u32 prot;       /* ELF_PROT_* bits */
    u32 flags;      /* ELF_SEG_SHARES_* bits */
};

/* The load plan. Addresses are as written in the file; for ET_DYN the caller adds a load bias
 * (a multiple of `align`) to entry, phdr_vaddr, lo, hi and every segment's vaddr. */
struct elf_image {
    u64 entry;           /* e_entry */
    u64 phdr_vaddr;      /* the program headers in memory (PT_PHDR, or the PT_LOAD holding
                          * them) for AT_PHDR; 0 if no segment maps them */
    u16 phnum, phentsize;
    bool is_dyn;         /* ET_DYN: a static PIE; the caller picks the bias */
    bool exec_stack;     /* PT_GNU_STACK with PF_X. Without PT_GNU_STACK the stack is not
                          * executable: Linux (since 5.8) only applies READ_IMPLIES_EXEC to
                          * 32-bit processes on x86. */
    bool has_interp;     /* PT_INTERP present: a dynamic executable, not supported yet */
    u64 align;           /* largest power-of-two p_align of the PT_LOADs, at least a page */
    u64 lo, hi;          /* page-aligned span of all PT_LOADs */
    unsigned nseg;
    struct elf_segment seg[ELF_MAX_SEGMENTS];   /* in ascending vaddr order */
};

/* Validates the ELF file image file[0..len) and fills *img. user_top is the first address
 * user space may not use. Returns 0, or -ENOEXEC when the file is not an x86_64 ELF executable
 * we can run or its headers are malformed or inconsistent, -EINVAL for segment layouts Linux's
 * loader rejects with EINVAL (filesz > memsz, offset and vaddr not congruent modulo the page
 * size, a segment ending above user_top or wrapping), or -ENOMEM when the image cannot fit the
 * address space (its span exceeds user_top / 2). */
int elf_parse(const u8 *file, size_t len, u64 user_top, struct elf_image *img);

/* A file of len bytes that elf_parse_source reads a header at a time: read copies n bytes at
 * off, a range the checker has already found to lie within the file. */
struct elf_source {
    size_t len;
    void (*read)(void *ctx, void *buf, size_t n, u64 off);
    void *ctx;
};
/* elf_parse for a file that is not in memory in one piece (a RAM file): reads the ELF header,
 * the program headers and a PT_INTERP name's last byte, nothing else. */
int elf_parse_source(const struct elf_source *src, u64 user_top, struct elf_image *img);

#endif
