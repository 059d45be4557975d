/* Power off through ACPI S5: find the FADT for the PM1 control ports and the DSDT's \_S5 package
 * for the sleep type, then write SLP_TYP | SLP_EN. Read once at boot, while the boot page tables
 * still map low memory where the firmware keeps the tables. */
#include "power.h"
#include "arch/x86.h"
#include "kstring.h"
#include "printk.h"

struct sdt_header {
    char signature[4];
    u32 length;
    u8 revision, checksum;
    char oem[6], oem_table[8];
    u32 oem_revision, creator, creator_revision;
} __attribute__((packed));

static u16 pm1a_cnt, pm1b_cnt;
static u16 slp_typ_a, slp_typ_b;

#define SLP_EN (1u << 13)

static const u8 *find_rsdp(void)
{
    for (u64 pa = 0xe0000; pa < 0x100000; pa += 16)
        if (!memcmp(phys_to_virt(pa), "RSD PTR ", 8))
            return phys_to_virt(pa);
    u64 ebda = (u64)(*(const u16 *)phys_to_virt(0x40e)) << 4;
    for (u64 pa = ebda; ebda && pa < ebda + 1024; pa += 16)
        if (!memcmp(phys_to_virt(pa), "RSD PTR ", 8))
            return phys_to_virt(pa);
    return NULL;
}

static const struct sdt_header *find_table(const struct sdt_header *rsdt, const char *sig)
{
    size_t n = (rsdt->length - sizeof(*rsdt)) / 4;
    const u32 *entries = (const u32 *)(rsdt + 1);
    for (size_t i = 0; i < n; i++) {
        const struct sdt_header *t = phys_to_virt(entries[i]);
        if (!memcmp(t->signature, sig, 4))
            return t;
    }
    return NULL;
}

/* \_S5_ is `NameOp "_S5_" PackageOp PkgLength NumElements SLP_TYPa SLP_TYPb ...`, where each
 * value is a BytePrefix (0x0a) byte or a bare Zero/One opcode. */
static u8 aml_small_int(const u8 **p)
{
    if (**p == 0x0a) {
        (*p)++;
        return *(*p)++;
    }
    return *(*p)++;
}

static bool parse_s5(const struct sdt_header *dsdt)
{
    const u8 *aml = (const u8 *)(dsdt + 1);
    size_t len = dsdt->length - sizeof(*dsdt);
    for (size_t i = 0; i + 8 < len; i++) {
        if (memcmp(aml + i, "_S5_", 4) || aml[i + 4] != 0x12)
            continue;
        const u8 *p = aml + i + 5;
        p += ((*p >> 6) & 3) + 1;       /* PkgLength: 1 to 4 bytes */
        p++;                            /* NumElements */
        slp_typ_a = aml_small_int(&p);
        slp_typ_b = aml_small_int(&p);
        return true;
    }
    return false;
}

void acpi_init(void)
{
    const u8 *rsdp = find_rsdp();
    if (!rsdp)
        return;
    const struct sdt_header *rsdt = phys_to_virt(*(const u32 *)(rsdp + 16));
    const struct sdt_header *fadt = find_table(rsdt, "FACP");
    if (!fadt)
        return;
    const u8 *f = (const u8 *)fadt;
    pm1a_cnt = (u16)*(const u32 *)(f + 64);
    pm1b_cnt = (u16)*(const u32 *)(f + 68);
    if (!parse_s5(phys_to_virt(*(const u32 *)(f + 40))))
        pm1a_cnt = 0;
}

_Noreturn void power_off(void)
{
    irq_disable();
    if (pm1a_cnt) {
        outw(pm1a_cnt, (u16)((slp_typ_a << 10) | SLP_EN));
        if (pm1b_cnt)
            outw(pm1b_cnt, (u16)((slp_typ_b << 10) | SLP_EN));
    }
    /* Known QEMU and Bochs PM ports, should the tables be missing. */
    outw(0x604, 0x2000);
    outw(0xb004, 0x2000);
    /* The machine goes off a moment after the write: give it time before declaring failure. */
    for (u64 start = rdtsc(); rdtsc() - start < 4000000000ull; )
        cpu_relax();
    printk("[wicket] power off failed; halting\n");
    for (;;)
        halt();
}

_Noreturn void machine_restart(void)
{
    irq_disable();
    for (int i = 0; i < 1000 && (inb(0x64) & 0x02); i++)
        cpu_relax();
    outb(0x64, 0xfe);                   /* keyboard controller: pulse the reset line */
    /* If that did not work, a triple fault will: load an empty IDT and trap. */
    struct { u16 limit; u64 base; } __attribute__((packed)) none = { 0, 0 };
    __asm__ volatile("lidt %0; int3" :: "m"(none));
    for (;;)
        halt();
}
