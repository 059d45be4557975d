#!/usr/bin/env python3
"""Host test of tools/gensyscalls.py, the syscall-list generator.

Three kinds of check, printed as TAP:
  golden   each tests/unit/gen/golden/<case>/syscalls.master must generate exactly the files
           under <case>/expected/ (byte for byte, no file missing or extra), which must compile;
           a case's probe.c, if any, is built with its generated table and run;
  refusal  each tests/unit/gen/refuse/*.master must make the generator fail, naming the line
           given by its `# expect-line: N` header and the text given by `# expect: ...`;
  real     the real kernel/syscalls/syscalls.master generates, its C compiles, its user-space
           header compiles as plain C, and the committed docs/syscalls.md is up to date.

Run `python3 tests/unit/test_gensyscalls.py --update` to rewrite the golden outputs after an
intended change to the generator; review the diff before committing it.
"""

import difflib
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", ".."))
GENERATOR = os.path.join(ROOT, "tools", "gensyscalls.py")
GEN_DIR = os.path.join(ROOT, "tests", "unit", "gen")
MASTER = os.path.join(ROOT, "kernel", "syscalls", "syscalls.master")
DOCS = os.path.join(ROOT, "docs", "syscalls.md")

count = failed = 0


def tap(ok, what, diagnostics=""):
    global count, failed
    count += 1
    failed += 0 if ok else 1
    print(f"{'' if ok else 'not '}ok {count} - {what}")
    if not ok and diagnostics:
        for line in diagnostics.rstrip("\n").split("\n"):
            print(f"#   {line}")
    return ok


def run_generator(master, outdir, docs):
    return subprocess.run([sys.executable, GENERATOR, "--master", master, "--outdir", outdir,
                           "--docs", docs], capture_output=True, text=True)


def generate_tree(master, tree):
    """Generate into `tree`, with the docs page as tree/syscalls.md like the golden layout."""
    return run_generator(master, tree, os.path.join(tree, "syscalls.md"))


def files_under(tree):
    found = []
    for dirpath, _, names in os.walk(tree):
        found += [os.path.relpath(os.path.join(dirpath, n), tree) for n in names]
    return sorted(found)


def read(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def first_difference(want_path, got_path):
    diff = difflib.unified_diff(read(want_path).splitlines(), read(got_path).splitlines(),
                                "expected", "generated", lineterm="", n=1)
    return "\n".join(list(diff)[:20])


def check_golden_case(case, scratch, update):
    case_dir = os.path.join(GEN_DIR, "golden", case)
    expected = os.path.join(case_dir, "expected")
    got = os.path.join(scratch, case)
    result = generate_tree(os.path.join(case_dir, "syscalls.master"), got)
    if not tap(result.returncode == 0, f"golden {case}: generator succeeds", result.stderr):
        return
    if update:
        shutil.rmtree(expected, ignore_errors=True)
        shutil.copytree(got, expected)
    want_files, got_files = files_under(expected), files_under(got)
    tap(want_files == got_files, f"golden {case}: generates exactly the expected files",
        f"expected {want_files}\ngenerated {got_files}")
    for name in want_files:
        if name in got_files:
            same = read(os.path.join(expected, name)) == read(os.path.join(got, name))
            tap(same, f"golden {case}: {name} matches",
                "" if same else first_difference(os.path.join(expected, name),
                                                 os.path.join(got, name)))
    compile_generated(got, f"golden {case}")
    if os.path.exists(os.path.join(case_dir, "probe.c")):
        run_probe(case_dir, got, f"golden {case}")


def run_probe(case_dir, tree, label):
    """Build the case's probe.c with its generated table and run it on the host."""
    if shutil.which("gcc") is None:
        tap(True, f"{label}: probe # SKIP gcc not found")
        return
    binary = os.path.join(tree, "probe")
    build = subprocess.run(["gcc", "-std=gnu11", "-Wall", "-Wextra", "-Wno-unused-parameter",
                            "-Werror", "-fsanitize=address,undefined", "-fno-sanitize-recover=all",
                            "-I" + os.path.join(ROOT, "include"), "-I" + tree, "-o", binary,
                            os.path.join(case_dir, "probe.c"),
                            os.path.join(tree, "syscall_table.c")], capture_output=True, text=True)
    if not tap(build.returncode == 0, f"{label}: probe.c builds with the generated table",
               build.stderr):
        return
    run = subprocess.run([binary], capture_output=True, text=True)
    tap(run.returncode == 0, f"{label}: probe runs the table and metadata correctly",
        run.stdout + run.stderr)


def compile_generated(tree, label):
    """The table must compile as kernel C, and the argument header as plain user-space C."""
    if shutil.which("gcc") is None:
        tap(True, f"{label}: compile check # SKIP gcc not found")
        return
    kernel = subprocess.run(["gcc", "-std=gnu11", "-Wall", "-Wextra", "-Werror", "-ffreestanding",
                             "-fsyntax-only", "-I" + os.path.join(ROOT, "include"), "-I" + tree,
                             os.path.join(tree, "syscall_table.c")], capture_output=True, text=True)
    tap(kernel.returncode == 0, f"{label}: syscall_table.c compiles", kernel.stderr)
    user_cc = "musl-gcc" if shutil.which("musl-gcc") else "gcc"
    probe = '#include "syscall_args.h"\n#include "uapi/wicket_syscalls.h"\n' \
            "int main(void) { return sysarg_calls[0].nargs < 0; }\n"
    user = subprocess.run([user_cc, "-std=c99", "-pedantic", "-Wall", "-Wextra", "-Werror",
                           "-fsyntax-only", "-I" + tree, "-x", "c", "-"],
                          input=probe, capture_output=True, text=True)
    tap(user.returncode == 0, f"{label}: syscall_args.h and uapi header compile as plain C "
        f"({user_cc})", user.stderr)


def expectations(path):
    line, text = None, None
    for raw in read(path).split("\n"):
        if raw.startswith("# expect-line:"):
            line = int(raw.split(":", 1)[1])
        elif raw.startswith("# expect:"):
            text = raw.split(":", 1)[1].strip()
    return line, text


def check_refusal(name, scratch):
    path = os.path.join(GEN_DIR, "refuse", name)
    line, text = expectations(path)
    if not tap(line is not None and text, f"refuse {name}: has expect-line and expect headers"):
        return
    result = generate_tree(path, os.path.join(scratch, "refuse-" + name))
    where = f"{path}:{line}: " if line else f"{path}: "
    ok = result.returncode != 0 and where in result.stderr and text in result.stderr
    tap(ok, f"refuse {name}: fails with '{text}' at line {line}",
        f"exit {result.returncode}, stderr: {result.stderr.strip()}")


def check_real_list(scratch):
    tree = os.path.join(scratch, "real")
    result = generate_tree(MASTER, tree)
    if not tap(result.returncode == 0, "real list: generator succeeds", result.stderr):
        return
    compile_generated(tree, "real list")
    again = os.path.join(scratch, "real-again")
    generate_tree(MASTER, again)
    same = all(read(os.path.join(tree, f)) == read(os.path.join(again, f))
               for f in files_under(tree))
    tap(same, "real list: output is deterministic")
    current = os.path.exists(DOCS) and read(DOCS) == read(os.path.join(tree, "syscalls.md"))
    tap(current, "real list: docs/syscalls.md is up to date (run make to regenerate it)")


def main():
    update = "--update" in sys.argv[1:]
    with tempfile.TemporaryDirectory(prefix="gensyscalls-test-") as scratch:
        for case in sorted(os.listdir(os.path.join(GEN_DIR, "golden"))):
            check_golden_case(case, scratch, update)
        for name in sorted(os.listdir(os.path.join(GEN_DIR, "refuse"))):
            check_refusal(name, scratch)
        check_real_list(scratch)
    print(f"# {count - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
