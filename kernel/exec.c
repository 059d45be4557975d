/* The ELF loader and the initial stack. Segments become VMAs that demand paging fills from the
 * file, so loading costs nothing per page until it is touched; bss is the part of each mapping
 * past the file bytes, which reads as zero. */
#include "exec.h"
#include "elf.h"
#include "vm.h"
#include "mm.h"
#include "fs.h"
#include "random.h"
#include "kstring.h"
#include "kmalloc.h"
#include "ksched.h"
#include "printk.h"
#include "vdso.h"
#include "uaccess.h"
#include "arch/cpu.h"
#include "uapi/errno.h"
#include "uapi/auxv.h"
#include "uapi/mman.h"
#include "uapi/stat.h"
#include "uapi/limits.h"

/* Where Linux puts a static PIE without address randomisation: two thirds of the user range. */
#define ET_DYN_BASE 0x555555554000ull
#define STACK_GUARD_GAP (256 * PAGE_SIZE)
#define MMAP_GAP (128ull << 20)


/* A shared boundary page holds the previous segment's tail and this segment's head: fill it now
 * with both, since lazy filling knows only one file range per page. */
static int load_shared_page(struct mm *mm, struct inode *file, const struct elf_segment *s, u64 bias)
{
    u64 va = s->vaddr + bias, page = ALIGN_DOWN(va, PAGE_SIZE);
    struct vma *prev = vma_find(mm, page);
    if (!prev)
        return -ENOEXEC;
    u32 prot = prev->prot | s->prot;
    if (vm_protect(mm, page, PAGE_SIZE, prot) || vm_handle_fault(mm, page, false, false))
        return -ENOMEM;
    u64 *pte = pt_entry(mm->pml4, page, false);
    u8 *kpage = phys_to_virt(*pte & PTE_ADDR_MASK);
    size_t n = MIN(s->filesz, page + PAGE_SIZE - va);
    ramfs_read(file, kpage + (va - page), n, s->offset);
    return 0;
}

static int map_segment(struct mm *mm, struct inode *file, const struct elf_segment *s, u64 bias)
{
    u64 va = s->vaddr + bias;
    u64 start = ALIGN_DOWN(va, PAGE_SIZE);
    u64 file_end = ALIGN_UP(va + s->filesz, PAGE_SIZE), mem_end = ALIGN_UP(va + s->memsz, PAGE_SIZE);
    u64 head = va - start;
    if (s->flags & ELF_SEG_SHARES_FIRST_PAGE) {
        int err = load_shared_page(mm, file, s, bias);
        if (err)
            return err;
        start += PAGE_SIZE;
    }
    int err = 0;
    if (file_end > start) {
        u64 skip = start - ALIGN_DOWN(va, PAGE_SIZE);
        err = vm_map_fixed(mm, start, file_end - start, s->prot, 0, file, s->offset - head + skip,
                           s->filesz + head - MIN(skip, s->filesz + head));
    }
    if (!err && mem_end > MAX(file_end, start))
        err = vm_map_fixed(mm, MAX(file_end, start), mem_end - MAX(file_end, start), s->prot, 0, NULL, 0, 0);
    return err;
}

static int load_elf(struct mm *mm, struct inode *file, const struct elf_image *img, u64 *bias)
{
    *bias = img->is_dyn ? ET_DYN_BASE - img->lo : 0;
    for (unsigned i = 0; i < img->nseg; i++) {
        int err = map_segment(mm, file, &img->seg[i], *bias);
        if (err)
            return err;
    }
    mm->brk_start = mm->brk = img->hi + *bias;
    return 0;
}

static int setup_stack_vma(struct mm *mm, const struct process *p, bool exec_stack)
{
    u64 size = MIN(p->rlim[RLIMIT_STACK].rlim_cur, 1ull << 30);
    size = ALIGN_UP(MAX(size, 128 * 1024), PAGE_SIZE);
    mm->stack_top = USER_TOP;
    mm->mmap_base = mm->stack_top - MAX(size, MMAP_GAP) - STACK_GUARD_GAP;
    u32 prot = PROT_READ | PROT_WRITE | (exec_stack ? PROT_EXEC : 0);
    return vm_map_fixed(mm, mm->stack_top - size, size, prot, VMA_STACK, NULL, 0, 0);
}

/* The stack is written through copy_to_user into the new (already active) address space. */
struct stack_builder { u64 sp; bool fault; };

static u64 push_bytes(struct stack_builder *b, const void *data, size_t len)
{
    b->sp -= len;
    if (copy_to_user(uptr_of(b->sp), data, len))
        b->fault = true;
    return b->sp;
}

static u64 push_string(struct stack_builder *b, const char *s) { return push_bytes(b, s, strlen(s) + 1); }

struct aux { u64 type, value; };

static size_t fill_auxv(struct aux *a, const struct process *p, const struct elf_image *img, u64 bias,
                        u64 random_at, u64 execfn_at, u64 platform_at, u64 vdso_at)
{
    size_t n = 0;
    a[n++] = (struct aux){ AT_SYSINFO_EHDR, vdso_at };
    a[n++] = (struct aux){ AT_HWCAP, cpu_features.hwcap };
    a[n++] = (struct aux){ AT_PAGESZ, PAGE_SIZE };
    a[n++] = (struct aux){ AT_CLKTCK, 100 };
    a[n++] = (struct aux){ AT_PHDR, img->phdr_vaddr ? img->phdr_vaddr + bias : 0 };
    a[n++] = (struct aux){ AT_PHENT, img->phentsize };
    a[n++] = (struct aux){ AT_PHNUM, img->phnum };
    a[n++] = (struct aux){ AT_BASE, 0 };
    a[n++] = (struct aux){ AT_FLAGS, 0 };
    a[n++] = (struct aux){ AT_ENTRY, img->entry + bias };
    a[n++] = (struct aux){ AT_UID, p->uid };
    a[n++] = (struct aux){ AT_EUID, p->euid };
    a[n++] = (struct aux){ AT_GID, p->gid };
    a[n++] = (struct aux){ AT_EGID, p->egid };
    a[n++] = (struct aux){ AT_SECURE, 0 };
    a[n++] = (struct aux){ AT_RANDOM, random_at };
    a[n++] = (struct aux){ AT_HWCAP2, 0 };
    a[n++] = (struct aux){ AT_EXECFN, execfn_at };
    a[n++] = (struct aux){ AT_PLATFORM, platform_at };
    a[n++] = (struct aux){ AT_MINSIGSTKSZ, 2048 };
    a[n++] = (struct aux){ AT_NULL, 0 };
    return n;
}

/* Pushes the strings of v (n of them) and records their user addresses in at[0..n). */
static void push_strings(struct stack_builder *b, char *const *v, size_t n, u64 *at)
{
    for (size_t i = n; i-- > 0; )
        at[i] = push_string(b, v[i]);
    at[n] = 0;
}

/* Layout, from the top: execfn, env strings, arg strings, platform, 16 random bytes, then
 * (16-byte aligned) argc, argv[], NULL, envp[], NULL, auxv pairs. */
static int build_stack(struct mm *mm, const struct process *p, const struct elf_image *img, u64 bias,
                       const char *path, const struct exec_args *a, u64 *sp_out)
{
    u64 vdso_at = vdso_map(mm);
    if (!vdso_at)
        return -ENOMEM;
    u64 *ptrs = kmalloc((a->argc + a->envc + 2) * sizeof(u64));
    if (!ptrs)
        return -ENOMEM;
    struct stack_builder b = { mm->stack_top - sizeof(u64), false };
    u64 execfn_at = push_string(&b, path);
    mm->env_end = b.sp;
    push_strings(&b, a->envp, a->envc, ptrs + a->argc + 1);
    mm->env_start = mm->arg_end = b.sp;
    push_strings(&b, a->argv, a->argc, ptrs);
    mm->arg_start = b.sp;
    u64 platform_at = push_string(&b, "x86_64");
    u8 rnd[16];
    random_bytes(rnd, sizeof(rnd));
    u64 random_at = push_bytes(&b, rnd, sizeof(rnd));
    struct aux auxv[24];
    size_t auxc = fill_auxv(auxv, p, img, bias, random_at, execfn_at, platform_at, vdso_at);
    b.sp = ALIGN_DOWN(b.sp, 16);
    size_t words = 1 + (a->argc + 1) + (a->envc + 1) + 2 * auxc;
    if (words & 1)
        b.sp -= 8;                      /* so that the final sp, at argc, is 16-byte aligned */
    push_bytes(&b, auxv, auxc * sizeof(struct aux));
    push_bytes(&b, ptrs + a->argc + 1, (a->envc + 1) * sizeof(u64));
    push_bytes(&b, ptrs, (a->argc + 1) * sizeof(u64));
    u64 argc64 = a->argc;
    push_bytes(&b, &argc64, sizeof(argc64));
    kfree(ptrs);
    *sp_out = b.sp;
    return b.fault ? -EFAULT : 0;
}

static void reset_user_frame(struct thread *t, u64 entry, u64 sp)
{
    memset(t->frame, 0, sizeof(*t->frame));
    thread_add_work(t, WORK_FRAME);
    t->frame->rip = entry;
    t->frame->rsp = sp;
    t->frame->cs = USER_CS;
    t->frame->ss = USER_DS;
    t->frame->rflags = RFLAGS_IF | RFLAGS_RESERVED1;
    t->frame->vector = VECTOR_SYSCALL;
    t->fs_base = t->gs_base = 0;
    wrmsr(MSR_FS_BASE, 0);
    wrmsr(MSR_KERNEL_GS_BASE, 0);
}

static void read_ram_file(void *ctx, void *buf, size_t n, u64 off)
{
    ramfs_read(ctx, buf, n, off);
}

/* Only the headers are read: the segments are mapped from the file and filled on demand. */
static int parse_elf(struct inode *ino, struct elf_image *img)
{
    struct elf_source src = { ino->size, read_ram_file, ino };
    return elf_parse_source(&src, USER_TOP, img);
}

/* Builds the new address space while the old one stays intact; makes it p's only on success. */
static int load_program(struct process *p, struct inode *file, const char *path,
                        const struct exec_args *a, const struct elf_image *img)
{
    struct mm *mm = mm_create(), *old = p->mm;
    if (!mm)
        return -ENOMEM;
    p->mm = mm;             /* page faults while building resolve against the new space */
    mm_activate(mm);
    u64 bias, sp;
    int err = load_elf(mm, file, img, &bias);
    if (!err)
        err = setup_stack_vma(mm, p, img->exec_stack);
    if (!err)
        err = build_stack(mm, p, img, bias, path, a, &sp);
    if (err) {
        p->mm = old;
        write_cr3(virt_to_phys(old ? old->pml4 : kernel_pml4()));
        mm_destroy(mm);
        return err;
    }
    mm_put(old);
    reset_user_frame(p->main_thread, img->entry + bias, sp);
    return 0;
}

int exec_elf(struct process *p, struct inode *file, const char *path, const struct exec_args *a)
{
    struct elf_image img;
    int err = parse_elf(file, &img);
    if (err)
        return err;
    if (img.has_interp)
        return -ENOEXEC;    /* dynamic executables need an interpreter loader (not yet) */
    return load_program(p, file, path, a, &img);
}
