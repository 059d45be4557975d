/* The ELF checker: validates an x86_64 ELF executable held in memory and describes how to load
 * it (struct elf_image, see include/elf.h). It only reads the file bytes, never user memory or
 * page tables, so the exec path can run it before the point of no return and host unit tests
 * can feed it hostile files.
 *
 * Linux's loader performs most segment checks while mapping, after the old image is gone, so a
 * bad segment there kills the process with SIGSEGV. Doing them all here first lets execve fail
 * cleanly; the error codes are the ones Linux's checks use (ENOEXEC for the headers, EINVAL for
 * impossible segment layouts, ENOMEM for images the address space cannot hold). A few rules go
 * beyond Linux because a loader that tolerates them gains nothing: PT_LOADs must be in
 * ascending order without overlapping bytes, must lie within the file, and the entry point
 * must be in an executable segment.
 *
 * The checker reads only the headers (and the last byte of a PT_INTERP name) through a source,
 * so exec never copies a whole program to parse it. */
#include "elf.h"
#include "kstring.h"
#include "uapi/errno.h"

#define PAGE_DOWN(x) ALIGN_DOWN((u64)(x), ELF_PAGE_SIZE)
#define PAGE_UP(x) ALIGN_UP((u64)(x), ELF_PAGE_SIZE)
#define INTERP_PATH_MAX 4096     /* PATH_MAX: Linux's limit on a PT_INTERP string */

/* An image spanning more than half the user address space would leave no room for the stack,
 * the mmap area and a heap; Linux would fail such an image with ENOMEM when it maps the span
 * (ET_DYN) or reserves the bss (vm_brk). Any real program is many orders of magnitude smaller. */
static u64 max_span(u64 user_top)
{
    return user_top / 2;
}

/* The file is read through copies: its bytes need not be aligned for direct struct access. */
static void read_phdr(const struct elf_source *src, const Elf64_Ehdr *eh, unsigned i, Elf64_Phdr *ph)
{
    src->read(src->ctx, ph, sizeof(*ph), eh->e_phoff + (u64)i * sizeof(*ph));
}

static bool range_in_file(u64 offset, u64 size, size_t len)
{
    return offset <= len && size <= len - offset;
}

/* The ELF header: identity, type, machine, and a program header table inside the file. */
static int check_ehdr(const struct elf_source *src, size_t len, Elf64_Ehdr *eh)
{
    if (len < sizeof(*eh))
        return -ENOEXEC;
    src->read(src->ctx, eh, sizeof(*eh), 0);
    if (memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 || eh->e_ident[EI_CLASS] != ELFCLASS64 ||
        eh->e_ident[EI_DATA] != ELFDATA2LSB || eh->e_ident[EI_VERSION] != EV_CURRENT ||
        eh->e_version != EV_CURRENT)
        return -ENOEXEC;
    if ((eh->e_type != ET_EXEC && eh->e_type != ET_DYN) || eh->e_machine != EM_X86_64)
        return -ENOEXEC;
    if (eh->e_phentsize != sizeof(Elf64_Phdr) || eh->e_phnum == 0 ||
        eh->e_phnum > ELF_MAX_PHNUM)
        return -ENOEXEC;
    if (!range_in_file(eh->e_phoff, (u64)eh->e_phnum * sizeof(Elf64_Phdr), len))
        return -ENOEXEC;
    return 0;
}

static u32 prot_of(u32 p_flags)
{
    return (p_flags & PF_R ? ELF_PROT_READ : 0) | (p_flags & PF_W ? ELF_PROT_WRITE : 0) |
           (p_flags & PF_X ? ELF_PROT_EXEC : 0);
}

/* The per-segment checks Linux's loader makes, in its order and with its errors. */
static int check_load_layout(const Elf64_Phdr *ph, size_t len, u64 user_top)
{
    /* A file-backed segment is mapped from file page PAGE_DOWN(offset) at PAGE_DOWN(vaddr),
     * which only works if both sit at the same offset within their page. */
    if (ph->p_filesz && (ph->p_vaddr - ph->p_offset) % ELF_PAGE_SIZE)
        return -EINVAL;
    if (ph->p_vaddr >= user_top || ph->p_filesz > ph->p_memsz || ph->p_memsz > user_top ||
        user_top - ph->p_memsz < ph->p_vaddr)
        return -EINVAL;
    if (!range_in_file(ph->p_offset, ph->p_filesz, len))
        return -ENOEXEC;
    return 0;
}

/* Appends a PT_LOAD to the plan after the previous one, noting a page they share. */
static int add_load(struct elf_image *img, const Elf64_Phdr *ph)
{
    if (ph->p_memsz == 0)
        return 0;    /* maps nothing; Linux skips it too */
    if (img->nseg == ELF_MAX_SEGMENTS)
        return -ENOEXEC;
    struct elf_segment *seg = &img->seg[img->nseg];
    *seg = (struct elf_segment){ .vaddr = ph->p_vaddr, .memsz = ph->p_memsz,
                                 .offset = ph->p_offset, .filesz = ph->p_filesz,
                                 .prot = prot_of(ph->p_flags) };
    if (img->nseg > 0) {
        struct elf_segment *prev = seg - 1;
        u64 prev_end = prev->vaddr + prev->memsz;
        if (seg->vaddr < prev_end)
            return -ENOEXEC;    /* out of order or overlapping */
        if (PAGE_DOWN(seg->vaddr) < PAGE_UP(prev_end)) {
            prev->flags |= ELF_SEG_SHARES_LAST_PAGE;
            seg->flags |= ELF_SEG_SHARES_FIRST_PAGE;
        }
    }
    /* Linux aligns an ET_DYN bias to the largest power-of-two p_align, at least a page. */
    if (ph->p_align && !(ph->p_align & (ph->p_align - 1)) && ph->p_align > img->align)
        img->align = ph->p_align;
    img->nseg++;
    return 0;
}

/* PT_INTERP names the dynamic linker: a NUL-terminated path of 2..PATH_MAX bytes. */
static int check_interp(const struct elf_source *src, size_t len, const Elf64_Phdr *ph)
{
    if (ph->p_filesz < 2 || ph->p_filesz > INTERP_PATH_MAX ||
        !range_in_file(ph->p_offset, ph->p_filesz, len))
        return -ENOEXEC;
    u8 last;
    src->read(src->ctx, &last, 1, ph->p_offset + ph->p_filesz - 1);
    return last == '\0' ? 0 : -ENOEXEC;
}

/* Where AT_PHDR points, found as Linux does: the (last) PT_LOAD whose file bytes hold e_phoff. */
static void note_phdr_vaddr(const Elf64_Ehdr *eh, const Elf64_Phdr *ph, struct elf_image *img)
{
    if (ph->p_offset <= eh->e_phoff && eh->e_phoff - ph->p_offset < ph->p_filesz)
        img->phdr_vaddr = eh->e_phoff - ph->p_offset + ph->p_vaddr;
}

static int scan_phdrs(const struct elf_source *src, size_t len, const Elf64_Ehdr *eh,
                      u64 user_top, struct elf_image *img)
{
    for (unsigned i = 0; i < eh->e_phnum; i++) {
        Elf64_Phdr ph;
        int err = 0;
        read_phdr(src, eh, i, &ph);
        if (ph.p_type == PT_LOAD) {
            note_phdr_vaddr(eh, &ph, img);
            err = check_load_layout(&ph, len, user_top);
            if (!err)
                err = add_load(img, &ph);
        } else if (ph.p_type == PT_INTERP && !img->has_interp) {
            err = check_interp(src, len, &ph);
            img->has_interp = true;
        } else if (ph.p_type == PT_GNU_STACK) {
            img->exec_stack = (ph.p_flags & PF_X) != 0;
        }
        if (err)
            return err;
    }
    return 0;
}

/* The entry point must be code: inside a segment mapped executable. */
static bool entry_is_code(const struct elf_image *img)
{
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct elf_segment *s = &img->seg[i];
        if ((s->prot & ELF_PROT_EXEC) && img->entry >= s->vaddr &&
            img->entry - s->vaddr < s->memsz)
            return true;
    }
    return false;
}

int elf_parse_source(const struct elf_source *src, u64 user_top, struct elf_image *img)
{
    Elf64_Ehdr eh;
    int err = check_ehdr(src, src->len, &eh);
    if (err)
        return err;
    memset(img, 0, sizeof(*img));
    img->entry = eh.e_entry;
    img->phnum = eh.e_phnum;
    img->phentsize = eh.e_phentsize;
    img->is_dyn = eh.e_type == ET_DYN;
    img->align = ELF_PAGE_SIZE;
    if ((err = scan_phdrs(src, src->len, &eh, user_top, img)))
        return err;
    if (img->nseg == 0)
        return -ENOEXEC;
    const struct elf_segment *last = &img->seg[img->nseg - 1];
    img->lo = PAGE_DOWN(img->seg[0].vaddr);
    img->hi = PAGE_UP(last->vaddr + last->memsz);
    if (img->hi - img->lo > max_span(user_top))
        return -ENOMEM;
    if (!entry_is_code(img))
        return -ENOEXEC;
    return 0;
}

static void read_memory(void *ctx, void *buf, size_t n, u64 off)
{
    memcpy(buf, (const u8 *)ctx + off, n);
}

int elf_parse(const u8 *file, size_t len, u64 user_top, struct elf_image *img)
{
    struct elf_source src = { len, read_memory, (void *)file };
    return elf_parse_source(&src, user_top, img);
}
