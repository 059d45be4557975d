/* The parts of the Multiboot v1 information structure Wicket reads (memory map, command line,
 * modules = the initramfs). All addresses in it are physical. */
#ifndef WICKET_MULTIBOOT_H
#define WICKET_MULTIBOOT_H
#include "types.h"

#define MULTIBOOT_BOOT_MAGIC 0x2badb002
#define MB_INFO_CMDLINE (1u << 2)
#define MB_INFO_MODS    (1u << 3)
#define MB_INFO_MMAP    (1u << 6)
#define MB_INFO_LOADER_NAME (1u << 9)

struct multiboot_info {
    u32 flags;
    u32 mem_lower, mem_upper;
    u32 boot_device;
    u32 cmdline;
    u32 mods_count, mods_addr;
    u32 syms[4];
    u32 mmap_length, mmap_addr;
    u32 drives_length, drives_addr;
    u32 config_table;
    u32 boot_loader_name;
} __attribute__((packed));

struct multiboot_mod {
    u32 start, end;
    u32 cmdline;
    u32 reserved;
} __attribute__((packed));

/* Each entry is preceded by its own size, which does not count the size field itself. */
struct multiboot_mmap_entry {
    u32 size;
    u64 addr, len;
    u32 type;           /* 1 = usable RAM */
} __attribute__((packed));

#endif
