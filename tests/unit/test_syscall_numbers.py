#!/usr/bin/env python3
"""Host test: the numbers in kernel/syscalls/syscalls.master are Linux's numbers.

Static Linux binaries reach Wicket through these numbers, so one wrong number is a wrong call.
Checks, printed as TAP (one line per call, so a mismatch names it):
  - every call in Debian's <asm/unistd_64.h> (Linux x86_64) is listed under the same number;
  - nothing else is listed below the extension range (1024), where only Linux calls belong;
  - the generic column equals the call's number in <asm-generic/unistd.h> as a 64-bit
    architecture sees it, and is '-' exactly when that table lacks the call.

The generic table has #if blocks; the C preprocessor evaluates them with the feature macros
arm64 defines (riscv64 defines the same ones except __ARCH_WANT_RENAMEAT, so it lacks renameat).
The list is read with the generator's own parser, so this tests what the build uses.
"""

import os
import re
import shutil
import subprocess
import sys

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
sys.path.insert(0, os.path.join(ROOT, "tools"))
sys.dont_write_bytecode = True   # leave no __pycache__ in the source tree
import gensyscalls  # noqa: E402  (needs the path above)

MASTER = os.path.join(ROOT, "kernel", "syscalls", "syscalls.master")
ERRNO_H = os.path.join(ROOT, "include", "uapi", "errno.h")
X86_64_H = "/usr/include/x86_64-linux-gnu/asm/unistd_64.h"
GENERIC_H = "asm-generic/unistd.h"
GENERIC_FEATURES = ["__ARCH_WANT_RENAMEAT", "__ARCH_WANT_NEW_STAT", "__ARCH_WANT_SET_GET_RLIMIT",
                    "__ARCH_WANT_SYS_CLONE3", "__ARCH_WANT_MEMFD_SECRET"]
NOT_CALLS = {"syscalls", "arch_specific_syscall"}   # counters, not system calls

count = failed = 0


def tap(ok, what):
    global count, failed
    count += 1
    failed += 0 if ok else 1
    print(f"{'' if ok else 'not '}ok {count} - {what}")
    return ok


def linux_x86_64_numbers():
    with open(X86_64_H, encoding="utf-8") as f:
        return {m.group(1): int(m.group(2))
                for m in re.finditer(r"^#define __NR_(\w+)\s+(\d+)\s*$", f.read(), re.M)}


def linux_generic_numbers():
    """Preprocess the generic header and resolve aliases such as __NR_fcntl -> __NR3264_fcntl."""
    command = ["gcc", "-E", "-dM", *("-D" + f for f in GENERIC_FEATURES),
               "-include", GENERIC_H, "-x", "c", os.devnull]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    macros = dict(re.findall(r"^#define (__NR\w*) (\S+)$", output, re.M))
    numbers = {}
    for macro, value in macros.items():
        name = macro[len("__NR_"):]
        if not macro.startswith("__NR_") or name in NOT_CALLS:
            continue
        while not value.isdigit():
            value = macros[value]
        numbers[name] = int(value)
    return numbers


def shown(number):
    return str(number) if number >= 0 else "-"


def main():
    # A different list may be named on the command line, to see this test catch a bad one.
    master = sys.argv[1] if len(sys.argv) > 1 else MASTER
    linux = linux_x86_64_numbers()
    try:
        calls = gensyscalls.parse_master(master, gensyscalls.load_errno_names(ERRNO_H))
    except gensyscalls.ListError as error:
        tap(False, f"the list parses: {error}")
        print(f"# {count - failed} passed, {failed} failed")
        return 1
    listed = {c.name: c for c in calls}
    tap(len(linux) > 300, f"read {len(linux)} calls from {X86_64_H}")

    for name, number in sorted(linux.items(), key=lambda item: item[1]):
        call = listed.get(name)
        got = "missing" if call is None else f"listed as {call.nr}"
        tap(call is not None and call.nr == number, f"{name}: x86_64 {number} ({got})")

    strangers = [c for c in calls if c.nr < gensyscalls.EXT_BASE and c.name not in linux]
    for call in strangers:
        tap(False, f"{call.name}: listed as {call.nr}, below {gensyscalls.EXT_BASE}, "
            "but Linux has no such call")
    if not strangers:
        tap(True, "no non-Linux call below the extension range")

    if shutil.which("gcc") is None:
        tap(True, "generic numbers # SKIP gcc not found")
    else:
        generic = linux_generic_numbers()
        for call in calls:
            if call.is_extension:
                continue
            want = generic.get(call.name, -1)
            tap(call.generic == want,
                f"{call.name}: generic {shown(want)} (listed as {shown(call.generic)})")

    print(f"# {count - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
