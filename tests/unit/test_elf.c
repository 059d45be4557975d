/* Host tests for kernel/elf.c. Real static musl executables (plain and static-PIE) are built at
 * test time and their load plans are checked value by value against what `readelf -lW` says;
 * then copies with one header field broken at a time must be rejected with Linux's error, and
 * randomly damaged headers must never crash the checker or yield an inconsistent plan. */
/* UNIT-SOURCES: kernel/elf.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "tap.h"
#include "rng.h"
#include "elf.h"
#include "uaccess.h"
#include "uapi/errno.h"

#define PAGE 4096ull

static char tmpdir[] = "/tmp/test_elf.XXXXXX";
#define RNG_SEED 0x2545f4914f6cdd1dull

/* ---- building and reading real binaries ---- */

static const char program[] =
    "#include <stdio.h>\n"
    "static char bss[5000];\n"
    "int data = 42;\n"
    "int main(int argc, char **argv) { bss[argc] = 1; printf(\"%d %s\\n\", data, argv[0]);"
    " return bss[1]; }\n";

/* Builds the test program with extra musl-gcc flags; returns its path (static storage). */
static const char *build(const char *name, const char *flags)
{
    static char paths[8][160];
    static int used;
    char *out = paths[used++ % 8], cmd[1024];
    snprintf(out, sizeof(paths[0]), "%s/%s", tmpdir, name);
    snprintf(cmd, sizeof(cmd), "musl-gcc -O2 -o %s %s %s/prog.c", out, flags, tmpdir);
    if (system(cmd) != 0) {
        fprintf(stderr, "failed: %s\n", cmd);
        exit(1);
    }
    return out;
}

/* Debian's musl-gcc specs ignore -static-pie (the result needs ld-musl and libc.so), so a
 * static PIE is linked by hand: rcrt1.o relocates itself, ld gets -static -pie. */
static const char *build_static_pie(void)
{
    static char flags[768];
    const char *m = "/usr/lib/x86_64-linux-musl";
    snprintf(flags, sizeof(flags),
             "-fPIE -static-pie -nostartfiles -Wl,-static,-pie,--no-dynamic-linker,-z,text "
             "%s/rcrt1.o %s/crti.o $(gcc -print-file-name=crtbeginS.o) "
             "$(gcc -print-file-name=crtendS.o) %s/crtn.o", m, m, m);
    return build("static-pie", flags);
}

static u8 *load_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f || fseek(f, 0, SEEK_END) || (*len = (size_t)ftell(f)) == 0)
        exit(1);
    u8 *buf = malloc(*len);
    rewind(f);
    if (fread(buf, 1, *len, f) != *len)
        exit(1);
    fclose(f);
    return buf;
}

struct load_fact {
    u64 offset, vaddr, filesz, memsz, align;
    u32 prot;
};

/* What readelf -lW reports about a file. */
struct facts {
    bool dyn, interp, has_stack, stack_x;
    u64 entry, phoff;
    unsigned phnum, nload;
    struct load_fact load[ELF_MAX_SEGMENTS];
};

/* "R E" arrives as separate tokens; the last token of the line is the alignment. */
static u32 prot_of_tokens(char **tok, int from, int to)
{
    u32 prot = 0;
    for (int i = from; i < to; i++)
        for (const char *c = tok[i]; *c; c++)
            prot |= *c == 'R' ? ELF_PROT_READ : *c == 'W' ? ELF_PROT_WRITE :
                    *c == 'E' ? ELF_PROT_EXEC : 0;
    return prot;
}

static void parse_phdr_line(char *line, struct facts *f)
{
    char *tok[16];
    int n = 0;
    for (char *t = strtok(line, " \n"); t && n < 16; t = strtok(NULL, " \n"))
        tok[n++] = t;
    if (n < 7)
        return;
    if (!strcmp(tok[0], "INTERP"))
        f->interp = true;
    if (!strcmp(tok[0], "GNU_STACK")) {
        f->has_stack = true;
        f->stack_x = prot_of_tokens(tok, 6, n - 1) & ELF_PROT_EXEC;
    }
    if (!strcmp(tok[0], "LOAD")) {
        struct load_fact *l = &f->load[f->nload++];
        l->offset = strtoull(tok[1], NULL, 16);
        l->vaddr = strtoull(tok[2], NULL, 16);
        l->filesz = strtoull(tok[4], NULL, 16);
        l->memsz = strtoull(tok[5], NULL, 16);
        l->align = strtoull(tok[n - 1], NULL, 16);
        l->prot = prot_of_tokens(tok, 6, n - 1);
    }
}

static void read_facts(const char *path, struct facts *f)
{
    char cmd[256], line[512];
    memset(f, 0, sizeof(*f));
    snprintf(cmd, sizeof(cmd), "readelf -lW %s", path);
    FILE *p = popen(cmd, "r");
    while (p && fgets(line, sizeof(line), p)) {
        unsigned long long a, b;
        if (strstr(line, "Elf file type is DYN"))
            f->dyn = true;
        if (sscanf(line, "Entry point 0x%llx", &a) == 1)
            f->entry = a;
        if (sscanf(line, "There are %llu program headers, starting at offset %llu", &a, &b) == 2)
            f->phnum = (unsigned)a, f->phoff = b;
        if (line[0] == ' ' && line[1] == ' ' && line[2] != ' ')
            parse_phdr_line(line, f);
    }
    if (!p || pclose(p) != 0 || f->nload == 0)
        exit(1);
}

/* Compares the plan with readelf's facts, every field by value. */
static void check_plan(const char *what, const struct elf_image *img, const struct facts *f)
{
    u64 phdr = 0, align = PAGE;
    const struct load_fact *last = &f->load[f->nload - 1];
    CHECK_EQ(img->entry, f->entry, "entry");
    CHECK(img->phnum == f->phnum && img->phentsize == 56, "%s: phnum %u", what, f->phnum);
    CHECK(img->is_dyn == f->dyn && img->has_interp == f->interp, "%s: type and interp", what);
    CHECK(img->exec_stack == (f->has_stack && f->stack_x), "%s: exec_stack", what);
    CHECK_EQ(img->nseg, f->nload, "number of segments");
    for (unsigned i = 0; i < f->nload && i < img->nseg; i++) {
        const struct load_fact *l = &f->load[i];
        const struct elf_segment *s = &img->seg[i];
        CHECK(s->vaddr == l->vaddr && s->memsz == l->memsz && s->offset == l->offset &&
              s->filesz == l->filesz && s->prot == l->prot,
              "%s: segment %u = vaddr %#llx memsz %#llx offset %#llx filesz %#llx prot %u",
              what, i, (unsigned long long)l->vaddr, (unsigned long long)l->memsz,
              (unsigned long long)l->offset, (unsigned long long)l->filesz, l->prot);
        if (l->offset <= f->phoff && f->phoff < l->offset + l->filesz)
            phdr = f->phoff - l->offset + l->vaddr;
        if (l->align > align)
            align = l->align;
    }
    CHECK_EQ(img->phdr_vaddr, phdr, "phdr_vaddr from the PT_LOAD holding e_phoff");
    CHECK_EQ(img->align, align, "align");
    CHECK(img->lo == (f->load[0].vaddr & ~(PAGE - 1)) &&
          img->hi == ((last->vaddr + last->memsz + PAGE - 1) & ~(PAGE - 1)),
          "%s: span [%#llx, %#llx)", what, (unsigned long long)img->lo,
          (unsigned long long)img->hi);
}

static void check_binary(const char *what, const char *path)
{
    size_t len;
    u8 *file = load_file(path, &len);
    struct facts f;
    struct elf_image img;
    read_facts(path, &f);
    int err = elf_parse(file, len, USER_TOP, &img);
    CHECK_EQ(err, 0, what);
    if (err == 0)
        check_plan(what, &img, &f);
    free(file);
}

/* ---- corrupting copies ---- */

struct copy {
    u8 *buf;
    size_t len;
    Elf64_Ehdr eh;
};

static void copy_of(struct copy *c, const u8 *file, size_t len)
{
    c->buf = malloc(len);
    c->len = len;
    memcpy(c->buf, file, len);
    memcpy(&c->eh, file, sizeof(c->eh));
}

static void put_ehdr(struct copy *c)
{
    memcpy(c->buf, &c->eh, sizeof(c->eh));
}

static Elf64_Phdr get_phdr(const struct copy *c, unsigned i)
{
    Elf64_Phdr ph;
    memcpy(&ph, c->buf + c->eh.e_phoff + i * sizeof(ph), sizeof(ph));
    return ph;
}

static void put_phdr(struct copy *c, unsigned i, const Elf64_Phdr *ph)
{
    memcpy(c->buf + c->eh.e_phoff + i * sizeof(*ph), ph, sizeof(*ph));
}

/* Index of the n-th PT_LOAD (n = -1: the last one). */
static unsigned load_index(const struct copy *c, int n)
{
    unsigned found = 0;
    int last = -1;
    for (unsigned i = 0; i < c->eh.e_phnum; i++) {
        if (get_phdr(c, i).p_type != PT_LOAD)
            continue;
        if ((int)found++ == n)
            return i;
        last = (int)i;
    }
    if (n >= 0 || last < 0)
        abort();
    return (unsigned)last;
}

/* Parses the copy (exactly its length, so ASan sees over-reads), checks the error, frees it. */
static void expect(struct copy *c, int want, const char *what)
{
    struct elf_image img;
    u8 *exact = malloc(c->len ? c->len : 1);
    memcpy(exact, c->buf, c->len);
    int err = elf_parse(exact, c->len, USER_TOP, &img);
    CHECK(err == want, "%s: %d (got %d)", what, want, err);
    free(exact);
    free(c->buf);
}

static void test_header_corruptions(const u8 *file, size_t len)
{
    struct copy c;
    static const struct { unsigned index; u8 value; const char *what; } ident[] = {
        { 0, 0x7e, "bad magic" }, { 3, 'f', "bad magic (last byte)" },
        { EI_CLASS, 1, "ELFCLASS32" }, { EI_DATA, 2, "big-endian" },
        { EI_VERSION, 0, "EI_VERSION 0" } };
    for (size_t i = 0; i < ARRAY_SIZE(ident); i++) {
        copy_of(&c, file, len);
        c.buf[ident[i].index] = ident[i].value;
        expect(&c, -ENOEXEC, ident[i].what);
    }
    static const struct { u16 type, machine; const char *what; } kinds[] = {
        { 1, EM_X86_64, "ET_REL" }, { 4, EM_X86_64, "ET_CORE" }, { 0, EM_X86_64, "ET_NONE" },
        { ET_EXEC, 3, "EM_386" }, { ET_EXEC, 183, "EM_AARCH64" } };
    for (size_t i = 0; i < ARRAY_SIZE(kinds); i++) {
        copy_of(&c, file, len);
        c.eh.e_type = kinds[i].type;
        c.eh.e_machine = kinds[i].machine;
        put_ehdr(&c);
        expect(&c, -ENOEXEC, kinds[i].what);
    }
    copy_of(&c, file, len);
    c.eh.e_version = 0;
    put_ehdr(&c);
    expect(&c, -ENOEXEC, "e_version 0");
}

/* Applies `edit` to the ELF header of a copy and expects `want`. */
#define EXPECT_EHDR_EDIT(want, what, edit) \
    do {                                   \
        copy_of(&c, file, len);            \
        edit;                              \
        put_ehdr(&c);                      \
        expect(&c, (want), (what));        \
    } while (0)

static void test_phdr_table_corruptions(const u8 *file, size_t len)
{
    struct copy c;
    EXPECT_EHDR_EDIT(-ENOEXEC, "phnum 0", c.eh.e_phnum = 0);
    EXPECT_EHDR_EDIT(-ENOEXEC, "phnum 74 (more than a page of headers)", c.eh.e_phnum = 74);
    EXPECT_EHDR_EDIT(-ENOEXEC, "phnum 65535", c.eh.e_phnum = 0xffff);
    EXPECT_EHDR_EDIT(-ENOEXEC, "phentsize 32", c.eh.e_phentsize = 32);
    EXPECT_EHDR_EDIT(-ENOEXEC, "phentsize 64", c.eh.e_phentsize = 64);
    EXPECT_EHDR_EDIT(-ENOEXEC, "phoff at the end of the file", c.eh.e_phoff = len);
    EXPECT_EHDR_EDIT(-ENOEXEC, "table runs past the end", c.eh.e_phoff = len - 56);
    EXPECT_EHDR_EDIT(-ENOEXEC, "phoff far beyond the file", c.eh.e_phoff = 1ull << 40);
    EXPECT_EHDR_EDIT(-ENOEXEC, "phoff + table size wraps", c.eh.e_phoff = ~0ull - 8);

    Elf64_Ehdr eh;
    memcpy(&eh, file, sizeof(eh));
    size_t table_end = eh.e_phoff + (size_t)eh.e_phnum * 56, data_end = 0;
    for (unsigned i = 0; i < eh.e_phnum; i++) {
        Elf64_Phdr ph;
        memcpy(&ph, file + eh.e_phoff + i * sizeof(ph), sizeof(ph));
        if (ph.p_type == PT_LOAD && ph.p_offset + ph.p_filesz > data_end)
            data_end = ph.p_offset + ph.p_filesz;
    }
    size_t cuts[] = { 0, 4, 63, eh.e_phoff + 1, table_end - 1, table_end, data_end / 2,
                      data_end - 1 };
    for (size_t i = 0; i < ARRAY_SIZE(cuts); i++) {
        char what[64];
        copy_of(&c, file, len);
        c.len = cuts[i];
        snprintf(what, sizeof(what), "truncated to %zu bytes", cuts[i]);
        expect(&c, -ENOEXEC, what);
    }
}

/* Applies `edit` to the n-th PT_LOAD of a copy and expects `want`. */
#define EXPECT_LOAD_EDIT(n, want, what, edit)            \
    do {                                                 \
        copy_of(&c, file, len);                          \
        unsigned idx_ = load_index(&c, (n));             \
        Elf64_Phdr ph = get_phdr(&c, idx_);              \
        edit;                                            \
        put_phdr(&c, idx_, &ph);                         \
        expect(&c, (want), (what));                      \
    } while (0)

static void test_segment_corruptions(const u8 *file, size_t len)
{
    struct copy c;
    u64 top = USER_TOP;
    EXPECT_LOAD_EDIT(-1, -EINVAL, "filesz > memsz", ph.p_filesz = ph.p_memsz + 1);
    EXPECT_LOAD_EDIT(-1, -ENOEXEC, "offset+filesz past EOF",
                     (ph.p_filesz = len, ph.p_memsz = len));
    EXPECT_LOAD_EDIT(-1, -ENOEXEC, "offset far beyond the file (offset+filesz wraps)",
                     ph.p_offset = 0xfffffffffffff000ull + (ph.p_vaddr & (PAGE - 1)));
    EXPECT_LOAD_EDIT(0, -EINVAL, "offset not congruent to vaddr", ph.p_offset += 1);
    EXPECT_LOAD_EDIT(0, -EINVAL, "vaddr not congruent to offset", ph.p_vaddr += 8);
    EXPECT_LOAD_EDIT(-1, -EINVAL, "segment at user_top",
                     ph.p_vaddr = top + (ph.p_vaddr & (PAGE - 1)));
    EXPECT_LOAD_EDIT(-1, -EINVAL, "segment crossing user_top",
                     (ph.p_vaddr = top - PAGE + (ph.p_vaddr & (PAGE - 1)), ph.p_memsz = PAGE));
    EXPECT_LOAD_EDIT(-1, -EINVAL, "empty segment at user_top",
                     (ph.p_vaddr = top, ph.p_memsz = 0, ph.p_filesz = 0));
    EXPECT_LOAD_EDIT(-1, -EINVAL, "vaddr+memsz overflows", ph.p_memsz = ~0ull - 100);
    EXPECT_LOAD_EDIT(-1, -EINVAL, "memsz above user_top", ph.p_memsz = top + 1);
    EXPECT_LOAD_EDIT(-1, -ENOMEM, "huge memsz (span over user_top/2)",
                     ph.p_memsz = top / 2);
    EXPECT_LOAD_EDIT(-1, 0, "large but sane bss (1 GiB)", ph.p_memsz = 1ull << 30);
    EXPECT_LOAD_EDIT(1, -ENOEXEC, "overlapping segments", {
        Elf64_Phdr first = get_phdr(&c, load_index(&c, 0));
        u64 delta = ph.p_vaddr - (first.p_vaddr + first.p_memsz - 16);
        ph.p_vaddr -= delta;
        ph.p_offset -= delta;
    });
    EXPECT_LOAD_EDIT(1, -ENOEXEC, "PT_LOADs out of order", {
        unsigned other = load_index(&c, 0);
        Elf64_Phdr first = get_phdr(&c, other);
        put_phdr(&c, other, &ph);
        ph = first;
    });
}

/* The entry point and the set of PT_LOADs. */
static void test_entry_and_loads(const u8 *file, size_t len)
{
    struct copy c;
    copy_of(&c, file, len);
    c.eh.e_entry = 0;
    put_ehdr(&c);
    expect(&c, -ENOEXEC, "entry 0");
    copy_of(&c, file, len);
    Elf64_Phdr data = get_phdr(&c, load_index(&c, -1));
    c.eh.e_entry = data.p_vaddr;
    put_ehdr(&c);
    expect(&c, -ENOEXEC, "entry in the (non-executable) data segment");
    copy_of(&c, file, len);
    for (unsigned i = 0; i < c.eh.e_phnum; i++) {
        Elf64_Phdr ph = get_phdr(&c, i);
        if (ph.p_type == PT_LOAD && (ph.p_flags & PF_X)) {
            ph.p_flags &= ~PF_X;
            put_phdr(&c, i, &ph);
        }
    }
    expect(&c, -ENOEXEC, "no executable segment");
    copy_of(&c, file, len);
    for (unsigned i = 0; i < c.eh.e_phnum; i++) {
        Elf64_Phdr ph = get_phdr(&c, i);
        if (ph.p_type == PT_LOAD) {
            ph.p_type = PT_NULL;
            put_phdr(&c, i, &ph);
        }
    }
    expect(&c, -ENOEXEC, "no PT_LOAD at all");
}

/* Stack executability: PT_GNU_STACK decides; without it x86_64 Linux maps it non-executable. */
static void test_stack(const u8 *file, size_t len, const char *execstack_path)
{
    struct copy c;
    struct elf_image img;
    copy_of(&c, file, len);
    for (unsigned i = 0; i < c.eh.e_phnum; i++) {
        Elf64_Phdr ph = get_phdr(&c, i);
        if (ph.p_type == PT_GNU_STACK) {
            ph.p_type = PT_NULL;
            put_phdr(&c, i, &ph);
        }
    }
    CHECK(elf_parse(c.buf, c.len, USER_TOP, &img) == 0 && !img.exec_stack,
          "no PT_GNU_STACK: stack not executable");
    free(c.buf);
    check_binary("-z execstack binary", execstack_path);
    u8 *x = load_file(execstack_path, &len);
    CHECK(elf_parse(x, len, USER_TOP, &img) == 0 && img.exec_stack,
          "PT_GNU_STACK with PF_X: executable stack");
    free(x);
}

/* ld -z noseparate-code packs headers and text into one segment; moving the data segment down
 * a page makes it start in the page where the text ends, which the plan must flag. */
static void test_shared_page(const char *path)
{
    size_t len;
    u8 *file = load_file(path, &len);
    struct copy c;
    struct elf_image img;
    check_binary("-z noseparate-code binary", path);
    copy_of(&c, file, len);
    unsigned text = load_index(&c, 0), data = load_index(&c, 1);
    Elf64_Phdr t = get_phdr(&c, text), d = get_phdr(&c, data);
    u64 text_end = t.p_vaddr + t.p_memsz;
    d.p_vaddr = (text_end & ~(PAGE - 1)) + (d.p_vaddr & (PAGE - 1));
    if (d.p_vaddr < text_end)
        d.p_vaddr += PAGE;      /* next congruent address past the text, maybe same page */
    put_phdr(&c, data, &d);
    int err = elf_parse(c.buf, c.len, USER_TOP, &img);
    bool shared = (d.p_vaddr & ~(PAGE - 1)) == ((text_end - 1) & ~(PAGE - 1));
    CHECK(err == 0 && img.nseg == 2, "segments sharing a page are accepted");
    CHECK(!shared || (img.seg[0].flags == ELF_SEG_SHARES_LAST_PAGE &&
                      img.seg[1].flags == ELF_SEG_SHARES_FIRST_PAGE),
          "shared page flagged on both segments (shared=%d)", shared);
    free(c.buf);
    free(file);
}

/* ---- synthetic files ---- */

/* An ELF with `nload` one-page PT_LOADs (the first holds the file and the code) and its
 * program headers at `phoff`; with interp_size > 0, also a PT_INTERP of that size pointing at
 * "/lib/ld.so" and its NUL. */
static size_t synthetic(u8 *buf, unsigned nload, u64 phoff, u64 interp_size)
{
    static const char interp[] = "/lib/ld.so";
    Elf64_Ehdr eh = { .e_ident = { 0x7f, 'E', 'L', 'F', ELFCLASS64, ELFDATA2LSB, EV_CURRENT },
                      .e_type = ET_EXEC, .e_machine = EM_X86_64, .e_version = EV_CURRENT,
                      .e_entry = 0x400800, .e_phoff = phoff, .e_ehsize = 64,
                      .e_phentsize = 56, .e_phnum = (u16)(nload + (interp_size > 0)) };
    size_t len = 4096;
    memset(buf, 0, len);
    memcpy(buf, &eh, sizeof(eh));
    for (unsigned i = 0; i < nload; i++) {
        Elf64_Phdr ph = { .p_type = PT_LOAD, .p_flags = i ? PF_R | PF_W : PF_R | PF_X,
                          .p_offset = 0, .p_vaddr = 0x400000 + i * PAGE,
                          .p_filesz = i ? 0 : len, .p_memsz = PAGE, .p_align = PAGE };
        memcpy(buf + phoff + i * 56, &ph, sizeof(ph));
    }
    if (interp_size) {
        Elf64_Phdr ph = { .p_type = PT_INTERP, .p_offset = 3000, .p_filesz = interp_size };
        memcpy(buf + phoff + nload * 56, &ph, sizeof(ph));
        memcpy(buf + 3000, interp, sizeof(interp));
    }
    return len;
}

static void test_synthetic(void)
{
    static u8 buf[4096];
    struct elf_image img;
    size_t len = synthetic(buf, 16, 64, 0);
    CHECK(elf_parse(buf, len, USER_TOP, &img) == 0 && img.nseg == 16 &&
          img.hi - img.lo == 16 * PAGE, "16 PT_LOADs fit the plan");
    len = synthetic(buf, 17, 64, 0);
    CHECK_EQ(elf_parse(buf, len, USER_TOP, &img), -ENOEXEC, "17 PT_LOADs: ENOEXEC");
    len = synthetic(buf, 3, 65, 0);
    CHECK(elf_parse(buf, len, USER_TOP, &img) == 0 && img.phdr_vaddr == 0x400041,
          "unaligned e_phoff is read safely and located in memory");
    len = synthetic(buf, 2, 64, 11);
    CHECK(elf_parse(buf, len, USER_TOP, &img) == 0 && img.has_interp, "PT_INTERP noted");
    len = synthetic(buf, 2, 64, 10);
    CHECK_EQ(elf_parse(buf, len, USER_TOP, &img), -ENOEXEC, "PT_INTERP without NUL");
    len = synthetic(buf, 2, 64, 1);
    CHECK_EQ(elf_parse(buf, len, USER_TOP, &img), -ENOEXEC, "PT_INTERP of one byte");
    len = synthetic(buf, 2, 64, 4097);
    CHECK_EQ(elf_parse(buf, len, USER_TOP, &img), -ENOEXEC, "PT_INTERP past the file");
}

/* ---- random damage ---- */

static bool plan_is_consistent(const struct elf_image *img, size_t len)
{
    if (img->nseg == 0 || img->nseg > ELF_MAX_SEGMENTS || img->lo > img->hi ||
        img->hi > USER_TOP || img->hi - img->lo > USER_TOP / 2)
        return false;
    for (unsigned i = 0; i < img->nseg; i++) {
        const struct elf_segment *s = &img->seg[i];
        if (s->filesz > s->memsz || s->offset > len || s->filesz > len - s->offset ||
            s->vaddr < img->lo || s->vaddr + s->memsz > img->hi ||
            (i && s->vaddr < img->seg[i - 1].vaddr + img->seg[i - 1].memsz))
            return false;
    }
    return true;
}

static void test_random_damage(const u8 *file, size_t len)
{
    int bad = 0, accepted = 0;
    u8 *copy = malloc(len);
    for (int iter = 0; iter < 20000; iter++) {
        memcpy(copy, file, len);
        for (int h = 1 + rng() % 4; h > 0; h--)
            copy[rng() % 512] = (u8)(rng() % 3 ? rng() : (rng() & 1 ? 0 : 0xff));
        size_t n = iter % 4 ? len : rng() % len;
        struct elf_image img;
        if (elf_parse(copy, n, USER_TOP, &img) == 0) {
            accepted++;
            bad += !plan_is_consistent(&img, n);
        }
    }
    CHECK(bad == 0, "20000 damaged headers: every accepted plan is consistent (%d accepted)",
          accepted);
    free(copy);
}

int main(void)
{
    rng_state = RNG_SEED;
    char path[160];
    if (!mkdtemp(tmpdir))
        return 1;
    snprintf(path, sizeof(path), "%s/prog.c", tmpdir);
    FILE *f = fopen(path, "w");
    if (!f || fputs(program, f) < 0 || fclose(f))
        return 1;
    const char *stat = build("static", "-static");
    const char *pie = build_static_pie();
    const char *dyn = build("dynamic-pie", "-fPIE -static-pie");
    const char *xstack = build("execstack", "-static -Wl,-z,execstack");
    const char *packed = build("packed", "-static -Wl,-z,noseparate-code");

    check_binary("static musl binary", stat);
    check_binary("static-pie musl binary", pie);
    check_binary("musl-gcc -static-pie (really dynamic: PT_INTERP)", dyn);
    size_t len;
    u8 *file = load_file(stat, &len);
    test_header_corruptions(file, len);
    test_phdr_table_corruptions(file, len);
    test_segment_corruptions(file, len);
    test_entry_and_loads(file, len);
    test_stack(file, len, xstack);
    test_shared_page(packed);
    test_synthetic();
    test_random_damage(file, len);
    free(file);
    file = load_file(pie, &len);
    test_random_damage(file, len);
    free(file);

    snprintf(path, sizeof(path), "rm -rf %s", tmpdir);
    if (system(path) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return tap_end();
}
