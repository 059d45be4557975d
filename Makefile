# Wicket build. `make run` boots the busybox shell, `make test` runs every test; see README.md.
# Both install missing Debian packages first (tools/ensure-deps).

BUILD      := build
CC         := gcc
HOSTCC     := gcc
MUSLCC     := musl-gcc
PYTHON     := python3
QEMU       := qemu-system-x86_64

GEN        := $(BUILD)/gen
KCFLAGS    := -std=gnu11 -O2 -g -Wall -Wextra -Werror=implicit-function-declaration \
              -Wno-unused-parameter -ffreestanding -fno-pic -fno-pie -mcmodel=kernel \
              -mno-red-zone -mno-mmx -mno-sse -mno-sse2 -mno-80387 -fno-stack-protector \
              -fno-omit-frame-pointer -fno-strict-aliasing -fno-builtin-printf \
              -nostdinc -isystem $(shell $(CC) -print-file-name=include) \
              -Iinclude -I$(GEN) -MMD -MP
KLDFLAGS   := -nostdlib -static -no-pie -Wl,--build-id=none -z max-page-size=0x1000 -z noexecstack -T arch/x86_64/kernel.ld

KDIRS      := arch/x86_64 kernel kernel/syscalls mm fs lib security ipc
KSRCS      := $(foreach d,$(KDIRS),$(wildcard $(d)/*.c) $(wildcard $(d)/*.S))
KOBJS      := $(patsubst %,$(BUILD)/k/%.o,$(KSRCS)) $(BUILD)/k/gen/syscall_table.c.o

# Generated from the single syscall definition list (kernel/syscalls/syscalls.master).
GEN_OUT    := $(GEN)/syscall_table.c $(GEN)/syscall_protos.h $(GEN)/syscall_nr.h \
              $(GEN)/syscall_meta.h $(GEN)/syscall_args.h $(GEN)/uapi/wicket_syscalls.h
SYSCALL_MASTER := kernel/syscalls/syscalls.master

.PHONY: all kernel user deps run run-linux demo test unit test-linux bench debug iso clean
all: kernel user

deps:
	@tools/ensure-deps

kernel: $(BUILD)/kernel

$(GEN_OUT) docs/syscalls.md &: $(SYSCALL_MASTER) tools/gensyscalls.py
	@mkdir -p $(GEN)
	@$(if $(Q),echo "  GEN     $(GEN) docs/syscalls.md")
	$(Q)$(PYTHON) tools/gensyscalls.py --master $(SYSCALL_MASTER) --outdir $(GEN) --docs docs/syscalls.md

# `make V=1` shows every command.
Q := $(if $(V),,@)

$(BUILD)/k/%.c.o: %.c | $(GEN_OUT)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

$(BUILD)/k/%.S.o: %.S | $(GEN_OUT)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  AS      $<")
	$(Q)$(CC) $(KCFLAGS) -D__ASSEMBLY__ -c $< -o $@

$(BUILD)/k/gen/syscall_table.c.o: $(GEN)/syscall_table.c
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  CC      $<")
	$(Q)$(CC) $(KCFLAGS) -c $< -o $@

# The vDSO (arch/x86_64/vdso): a user-mode shared object, position independent and without
# relocations, that arch/x86_64/vdso_image.S embeds in the kernel.
VDSO_SRC   := arch/x86_64/vdso/vdso.c arch/x86_64/vdso/clock_gettime.S
VDSO_CFLAGS := -std=gnu11 -O2 -fPIC -shared -nostdlib -ffreestanding -fno-stack-protector -fno-builtin \
              -fvisibility=hidden -fno-asynchronous-unwind-tables -Wall -Wextra -Wno-unused-parameter -Iinclude \
              -Wl,-T,arch/x86_64/vdso/vdso.lds -Wl,--version-script=arch/x86_64/vdso/vdso.map \
              -Wl,--hash-style=both -Wl,-soname=linux-vdso.so.1 -Wl,--no-undefined -Wl,-Bsymbolic \
              -Wl,-z,max-page-size=4096 -Wl,-z,noexecstack -Wl,--build-id=none
$(BUILD)/vdso.so: $(VDSO_SRC) arch/x86_64/vdso/vdso.lds arch/x86_64/vdso/vdso.map include/vdso_data.h
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  VDSO    $@")
	$(Q)$(HOSTCC) $(VDSO_CFLAGS) -o $@ $(VDSO_SRC)
$(BUILD)/k/arch/x86_64/vdso_image.S.o: $(BUILD)/vdso.so
$(BUILD)/k/arch/x86_64/vdso_image.S.o: KCFLAGS += -DVDSO_IMAGE='"$(BUILD)/vdso.so"'

# Two links: the first with an empty symbol table, whose `nm` output becomes the table of the
# second. The table sits after all code, so no function moves between the two.
$(BUILD)/k/ksyms0.S: tools/mkksyms.py
	@mkdir -p $(dir $@)
	$(PYTHON) tools/mkksyms.py > $@

$(BUILD)/kernel.stage1: $(KOBJS) $(BUILD)/k/ksyms0.o arch/x86_64/kernel.ld
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(KLDFLAGS) -o $@ $(KOBJS) $(BUILD)/k/ksyms0.o -lgcc

$(BUILD)/k/ksyms.S: $(BUILD)/kernel.stage1 tools/mkksyms.py
	$(Q)nm -n $< > $@.nm
	$(Q)$(PYTHON) tools/mkksyms.py $@.nm > $@

$(BUILD)/k/%.o: $(BUILD)/k/%.S
	$(Q)$(CC) -c $< -o $@

$(BUILD)/kernel: $(KOBJS) $(BUILD)/k/ksyms.o
	@$(if $(Q),echo "  LD      $@")
	$(Q)$(CC) $(KLDFLAGS) -o $@ $(KOBJS) $(BUILD)/k/ksyms.o -lgcc

# ---- user programs (static musl) ----
UCFLAGS    := -std=gnu11 -O2 -g -Wall -Wextra -static -Iuser -Iuser/tests -I$(GEN)
USER_PROGS := $(patsubst user/%.c,$(BUILD)/user/%,$(wildcard user/*.c))
USER_TESTS := $(patsubst user/tests/%.c,$(BUILD)/user/tests/%,$(wildcard user/tests/*.c))
BENCH_PROGS := $(patsubst user/bench/%.c,$(BUILD)/user/bench/%,$(wildcard user/bench/*.c))
user: $(USER_PROGS) $(USER_TESTS) $(BENCH_PROGS)

$(BUILD)/user/%: user/%.c $(wildcard user/*.h user/tests/*.h) | $(GEN_OUT)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  MUSLCC  $<")
	$(Q)$(MUSLCC) $(UCFLAGS) -o $@ $<

# ---- host unit tests ----
# Each tests/unit/test_*.c names the kernel files it exercises on a line
#   /* UNIT-SOURCES: fs/cpio.c fs/ramfs.c */
# and is linked with them and tests/unit/shim.c, under ASan and UBSan.
HCFLAGS    := -std=gnu11 -g -O1 -Wall -Wextra -Wno-unused-parameter -fsanitize=address,undefined \
              -fno-sanitize-recover=all -DWICKET_HOST_TEST -Iinclude -I$(GEN) -Itests/unit
UNIT_TESTS := $(patsubst tests/unit/%.c,$(BUILD)/unit/%,$(wildcard tests/unit/test_*.c))
unit_sources = $(shell sed -n 's@.*UNIT-SOURCES:\(.*\)\*/.*@\1@p' $(1))

.SECONDEXPANSION:
$(BUILD)/unit/%: tests/unit/%.c $$(call unit_sources,tests/unit/%.c) tests/unit/shim.c $(wildcard tests/unit/*.h) | $(GEN_OUT)
	@mkdir -p $(dir $@)
	@$(if $(Q),echo "  HOSTCC  $<")
	$(Q)$(HOSTCC) $(HCFLAGS) -o $@ $< $(call unit_sources,$<) tests/unit/shim.c

unit: $(UNIT_TESTS)

# ---- running ----
ACCEL := $(shell grep -qwE 'vmx|svm' /proc/cpuinfo && echo kvm || echo tcg)
QEMU_ARGS := -accel $(ACCEL) -m 256 -nographic -no-reboot -serial mon:stdio

$(BUILD)/demo.cpio: $(USER_PROGS) tools/mkcpio.py user/demo.initramfs
	$(PYTHON) tools/mkcpio.py user/demo.initramfs $@

# The busybox image: user/run.initramfs plus busybox and its applet links. Debian's
# /bin/busybox (busybox-static) is copied in at build time, and tools/busybox-links asks that
# copy for its applets. The test suite's image (tools/run-tests --only busybox) adds user/bbtests.
BUSYBOX    := /bin/busybox
RUN_FILES  := $(shell find user/run -type f)
BBTESTS_FILES := $(shell find user/bbtests -type f)

$(BUILD)/busybox: $(BUSYBOX)
	@mkdir -p $(dir $@)
	cp $< $@

$(BUILD)/busybox.list: $(BUILD)/busybox tools/busybox-links
	$(PYTHON) tools/busybox-links $(BUILD)/busybox > $@.tmp && mv $@.tmp $@

$(BUILD)/run.cpio: user/run.initramfs $(BUILD)/busybox.list $(RUN_FILES) $(USER_PROGS) tools/mkcpio.py
	cat $(BUILD)/busybox.list user/run.initramfs > $(BUILD)/run.list
	$(PYTHON) tools/mkcpio.py $(BUILD)/run.list $@

$(BUILD)/bbtests.cpio: user/run.initramfs $(BUILD)/busybox.list user/bbtests/initramfs.list \
                       $(RUN_FILES) $(BBTESTS_FILES) $(USER_PROGS) tools/mkcpio.py
	cat $(BUILD)/busybox.list user/run.initramfs user/bbtests/initramfs.list > $(BUILD)/bbtests.list
	$(PYTHON) tools/mkcpio.py $(BUILD)/bbtests.list $@

# Debian's Linux boots the same image (`rdinit=`: see docs/testing.md); the newest /boot/vmlinuz.
LINUX_KERNEL = $$(ls -v /boot/vmlinuz-* | tail -n 1)

# The busybox shell on the serial console. Ctrl-D or `poweroff` ends it and QEMU.
run: deps
	@$(MAKE) --no-print-directory kernel $(BUILD)/run.cpio
	$(QEMU) $(QEMU_ARGS) -kernel $(BUILD)/kernel -initrd $(BUILD)/run.cpio \
	    -append "console=ttyS0 init=/init"

run-linux: deps
	@WICKET_NEED_LINUX=1 tools/ensure-deps
	@$(MAKE) --no-print-directory $(BUILD)/run.cpio
	$(QEMU) $(QEMU_ARGS) -kernel $(LINUX_KERNEL) -initrd $(BUILD)/run.cpio \
	    -append "console=ttyS0 rdinit=/init panic=-1 quiet"

# The first demo: one static program as init that walks through the basic syscalls.
demo: deps
	@$(MAKE) --no-print-directory all $(BUILD)/demo.cpio
	$(QEMU) $(QEMU_ARGS) -kernel $(BUILD)/kernel -initrd $(BUILD)/demo.cpio \
	    -append "console=ttyS0 init=/init"

# The VM tests run on QEMU's default CPU (no SMAP/SMEP: the uaccess stac/clac are patched out)
# and on `-cpu max` (SMAP, SMEP and RDRAND on), so both uaccess paths are exercised.
test: deps
	@$(MAKE) --no-print-directory all unit
	$(PYTHON) tools/run-tests --kernel $(BUILD)/kernel --cpu default --cpu max

# Instructions per operation on Wicket and on Debian's Linux, both under QEMU's -icount.
$(BUILD)/bench.cpio: $(BENCH_PROGS) tools/mkcpio.py user/bench/bench.initramfs
	$(PYTHON) tools/mkcpio.py user/bench/bench.initramfs $@

bench: deps
	@WICKET_NEED_LINUX=1 WICKET_NEED_BENCH=1 tools/ensure-deps
	@$(MAKE) --no-print-directory kernel $(BUILD)/bench.cpio
	$(PYTHON) tools/bench --kernel $(BUILD)/kernel

test-linux: deps
	@WICKET_NEED_LINUX=1 tools/ensure-deps
	@$(MAKE) --no-print-directory all
	$(PYTHON) tools/run-tests --linux

# A bootable ISO (GRUB, BIOS) with the kernel and the demo initramfs, for real machines.
$(BUILD)/wicket.iso: $(BUILD)/kernel $(BUILD)/demo.cpio tools/grub.cfg
	@mkdir -p $(BUILD)/iso/boot/grub
	cp $(BUILD)/kernel $(BUILD)/iso/boot/wicket
	cp $(BUILD)/demo.cpio $(BUILD)/iso/boot/initramfs.cpio
	cp tools/grub.cfg $(BUILD)/iso/boot/grub/grub.cfg
	grub-mkrescue -o $@ $(BUILD)/iso 2>/dev/null

iso: deps
	@WICKET_NEED_ISO=1 tools/ensure-deps
	@$(MAKE) --no-print-directory $(BUILD)/wicket.iso
	@echo "boot it with: qemu-system-x86_64 -cdrom $(BUILD)/wicket.iso -nographic"

debug: deps
	@$(MAKE) --no-print-directory all $(BUILD)/demo.cpio
	@echo "QEMU waits for gdb on :1234; in another terminal run: gdb -x tools/gdbinit"
	$(QEMU) $(QEMU_ARGS) -s -S -kernel $(BUILD)/kernel -initrd $(BUILD)/demo.cpio \
	    -append "console=ttyS0 init=/init"

clean:
	rm -rf $(BUILD)

-include $(shell find $(BUILD)/k -name '*.d' 2>/dev/null)
