/* Wicket's boot order, top to bottom: each step needs only the ones above it. */
#include "types.h"
#include "multiboot.h"
#include "serial.h"
#include "printk.h"
#include "power.h"
#include "mm.h"
#include "kmalloc.h"
#include "ktime.h"
#include "vdso.h"
#include "tty.h"
#include "random.h"
#include "arch/cpu.h"
#include "arch/x86.h"
#include "fs.h"
#include "file.h"
#include "inflate.h"
#include "proc.h"
#include "ksched.h"
#include "exec.h"
#include "cmdline.h"
#include "syscall_stats.h"
#include "kstring.h"
#include "mount.h"
#include "uapi/fcntl.h"
#include "uapi/errno.h"

#define WICKET_RELEASE "6.1.0-wicket"
#define MAX_INITRAMFS (512ull << 20)

static struct inode *unpack_initramfs(const struct multiboot_info *mbi)
{
    struct inode *root = ramfs_new_root();
    if (!root)
        panic("out of memory for the root filesystem");
    mount_set_root(root);
    if (!(mbi->flags & MB_INFO_MODS) || mbi->mods_count == 0) {
        printk("[wicket] no initramfs given (-initrd): the root filesystem is empty\n");
        return root;
    }
    const struct multiboot_mod *mod = phys_to_virt(mbi->mods_addr);
    const u8 *data = phys_to_virt(mod->start);
    size_t len = mod->end - mod->start;
    u8 *unzipped = NULL;
    if (is_gzip(data, len)) {
        int err = gunzip(data, len, MAX_INITRAMFS, &unzipped, &len);
        if (err)
            panic("initramfs: gzip data is corrupt (error %d)", err);
        data = unzipped;
    }
    int err = cpio_unpack(data, len, root);
    if (err)
        panic("initramfs: unpacking failed (error %d)", err);
    kfree(unzipped);
    pmm_free_pages(mod->start & ~(PAGE_SIZE - 1), (ALIGN_UP((u64)mod->end, PAGE_SIZE) - (mod->start & ~(PAGE_SIZE - 1))) / PAGE_SIZE);
    printk("[wicket] initramfs: %zu bytes unpacked\n", len);
    return root;
}

/* QEMU's Multiboot loader puts the kernel's own path before the arguments (GRUB does not), and
 * Linux's command line has no such word: drop it when QEMU loaded us. */
static const char *kernel_arguments(const struct multiboot_info *mbi)
{
    const char *line = phys_to_virt(mbi->cmdline);
    bool qemu = (mbi->flags & MB_INFO_LOADER_NAME) &&
                !strncmp(phys_to_virt(mbi->boot_loader_name), "qemu", 4);
    const char *space = strchr(line, ' ');
    if (!qemu)
        return line;
    return space ? space + 1 : "";
}

/* Like Linux, init gets /dev/console as fds 0, 1 and 2. */
static void open_console(struct process *p)
{
    struct inode *ino;
    struct file *f;
    if (path_lookup(p->root, p->root, "/dev/console", LOOKUP_FOLLOW, &ino) ||
        file_open_inode(ino, O_RDWR, &f)) {
        printk("[wicket] warning: unable to open an initial console\n");
        return;
    }
    f->path = path_absolute(p->root, p->root, "/dev/console");
    for (int fd = 0; fd < 3; fd++)
        fd_install(p->files, f, file_rights_for(f), false, fd, 3);
    file_put(f);
}

/* rdinit first, then init=, then the usual places, as Linux tries them. */
static void start_init(struct process *p, struct boot_params *bp)
{
    const char *candidates[] = { bp->rdinit, bp->init, "/sbin/init", "/etc/init", "/bin/init", "/bin/sh" };
    for (size_t i = 0; i < ARRAY_SIZE(candidates); i++) {
        if (!candidates[i])
            continue;
        bp->init_argv[0] = candidates[i];
        struct exec_args args;
        int err = exec_args_from_kernel(&args, bp->init_argv, bp->init_envp, p);
        if (!err)
            err = exec_program(p, p->root, candidates[i], true, &args);
        exec_args_free(&args);
        if (!err)
            return;
        if (err != -ENOENT)
            printk("[wicket] failed to execute %s (error %d)\n", candidates[i], err);
    }
    panic("no working init found; pass init= (see README.md)");
}

void kmain(u32 magic, u32 mbi_phys)
{
    serial_init();
    printk("\n[wicket] Wicket %s booting\n", WICKET_RELEASE);
    if (magic != MULTIBOOT_BOOT_MAGIC)
        panic("not started by a Multiboot loader (magic %x)", magic);
    const struct multiboot_info *mbi = phys_to_virt(mbi_phys);

    cpu_detect_features();
    gdt_init();
    idt_init();
    acpi_init();
    pmm_init(mbi);
    paging_init();
    smap_patch_sites(cpu_features.smap);
    cpu_enable_protections();
    syscall_init();
    time_init();
    vdso_init();
    tty_init();
    random_init();

    static char cmdline[1024];
    if (mbi->flags & MB_INFO_CMDLINE)
        strlcpy(cmdline, kernel_arguments(mbi), sizeof(cmdline));
    printk("[wicket] command line: %s\n", cmdline);
    struct boot_params bp = { 0 };
    cmdline_parse(cmdline, &bp);
    if (bp.bench_floor)
        syscall_enable_bench_floor();
    if (bp.no_syscall_stats)
        syscall_stats_disable();

    struct inode *root = unpack_initramfs(mbi);
    struct process *init = proc_create_init(root);
    cpu0.current = init->main_thread;
    init->main_thread->slice = SCHED_SLICE_TICKS;
    cpu_set_kernel_stack((u64)(init->main_thread->frame + 1));
    open_console(init);
    start_init(init, &bp);
    printk("[wicket] starting %s as pid 1 at %lu us since boot\n", init->comm, ktime_ns() / 1000);
    return_to_user(init->main_thread->frame);
}
