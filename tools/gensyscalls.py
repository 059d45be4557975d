#!/usr/bin/env python3
"""Generate Wicket's system-call tables, headers and reference from the one definition list.

kernel/syscalls/syscalls.master names every system call once (format: docs/syscall-list-format.md).
This script checks the list strictly -- a mistake there would silently become a wrong dispatch
table -- and then writes, under --outdir:

  syscall_meta.h          types shared by the tables and the dispatcher (kinds, flags, promises,
                          rights, struct syscall_info, the table's slots)
  syscall_protos.h        `long sys_x(...)` for every implemented call
  syscall_table.c         argument-casting wrappers, the dispatch table, the metadata table
  syscall_nr.h            NR_x (x86_64) and NR_GENERIC_x (aarch64/riscv64) numbers
  syscall_args.h          plain-C argument descriptors for user-space tests and fuzzers
  uapi/wicket_syscalls.h  SYS_wicket_x numbers of Wicket's own calls, for user space

and the Markdown reference given by --docs. Outputs depend only on the list, so they are
byte-for-byte reproducible (tests/unit/test_gensyscalls.py compares them with golden files).
Python 3 standard library only.
"""

import argparse
import os
import re
import sys
from dataclasses import dataclass, field

MAX_ARGS = 6
EXT_BASE = 1024          # Wicket's own calls start here, clear of any Linux number.
EXT_PREFIX = "wicket_"   # ...and are named so they can never collide with a Linux call.

# Argument kind -> C type of the handler parameter. The order fixes the enum values.
KIND_CTYPES = {
    "int": "int", "uint": "unsigned int", "long": "long", "ulong": "unsigned long",
    "size": "size_t", "off": "long", "fd": "int", "dirfd": "int", "pid": "int",
    "flags": "int", "mode": "unsigned int", "addr": "unsigned long",
    "uptr_in": "uptr", "uptr_out": "uptr", "uptr_inout": "uptr", "path": "uptr", "str": "uptr",
}
KINDS = list(KIND_CTYPES)
FD_KINDS = ("fd", "dirfd")    # the only kinds that name a descriptor, so the only ones with rights

# Flags, in bit order. See docs/syscall-list-format.md for what each promises the dispatcher.
FLAGS = ["noreturn", "restart", "nolock", "unimpl"]

# Pledge promises, in enum order; `always` must stay 0 (the gate's fast test).
PROMISES = [
    "always", "stdio", "rpath", "wpath", "cpath", "dpath", "fattr", "chown", "flock",
    "proc", "exec", "id", "tty", "unix", "inet", "sendfd", "recvfd", "prot_exec",
    "settime", "ipc", "debug", "admin", "error",
]

# Capability rights on descriptors, in bit order.
RIGHTS = ["read", "write", "seek", "stat", "mmap", "ioctl", "fcntl", "lookup"]

# The generated struct syscall_info stores these sets in fixed-width fields.
assert len(FLAGS) <= 8 and len(PROMISES) <= 32 and len(RIGHTS) <= 16

# Names that would not compile as C parameter names (keywords, and types the prototypes use).
C_KEYWORDS = set("""auto break case char const continue default do double else enum extern float
    for goto if inline int long register restrict return short signed sizeof static struct switch
    typedef union unsigned void volatile while _Bool _Complex _Imaginary bool uptr size_t""".split())

IDENT = r"[A-Za-z_][A-Za-z0-9_]*"
HEADER_RE = re.compile(r"^(\d+)\s+(\d+|-)\s+(" + IDENT + r")\((.*)\)\s*(.*)$")
ERRNO_RE = re.compile(r"^E[A-Z0-9]+$")


class ListError(Exception):
    """A mistake in the list, reported as `file:line: message`."""


@dataclass
class Arg:
    kind: str
    name: str
    rights: list


@dataclass
class Call:
    line: int
    nr: int
    generic: int          # -1 when the generic table lacks the call
    name: str
    args: list
    promises: list        # the first is the primary promise; any one admits the call
    flags: list
    summary: str = ""
    errors: list = field(default_factory=list)

    @property
    def implemented(self):
        return "unimpl" not in self.flags

    @property
    def is_extension(self):
        return self.nr >= EXT_BASE


# ---------------------------------------------------------------------------------------------
# Parsing and checking
# ---------------------------------------------------------------------------------------------

def load_errno_names(path):
    """The errno names the kernel defines; a description may only cite these."""
    with open(path, encoding="utf-8") as f:
        return {m.group(1) for m in re.finditer(r"#define\s+(E[A-Z0-9]+)\s+\d+", f.read())}


def parse_arg(text, where):
    """Parse `kind[:right+right] name`."""
    parts = text.split()
    if len(parts) != 2:
        raise ListError(f"{where}: argument '{text}' is not 'kind name'")
    kind_spec, name = parts
    kind, _, right_spec = kind_spec.partition(":")
    if kind not in KIND_CTYPES:
        raise ListError(f"{where}: unknown argument kind '{kind}' (known: {' '.join(KINDS)})")
    if not re.fullmatch(IDENT, name) or name in C_KEYWORDS:
        raise ListError(f"{where}: bad argument name '{name}'")
    rights = right_spec.split("+") if right_spec else []
    for right in rights:
        if right not in RIGHTS:
            raise ListError(f"{where}: unknown right '{right}' (known: {' '.join(RIGHTS)})")
        if kind not in FD_KINDS:
            raise ListError(f"{where}: right '{right}' on argument '{name}' of kind {kind}: "
                            "rights apply only to fd and dirfd arguments")
    if len(set(rights)) != len(rights):
        raise ListError(f"{where}: right repeated on argument '{name}'")
    return Arg(kind, name, rights)


def parse_args(text, where):
    text = text.strip()
    if not text:
        return []
    args = [parse_arg(part.strip(), where) for part in text.split(",")]
    if len(args) > MAX_ARGS:
        raise ListError(f"{where}: {len(args)} arguments; a system call takes at most {MAX_ARGS} "
                        "(pass a struct whose first field is its size instead)")
    names = [a.name for a in args]
    if len(set(names)) != len(names):
        raise ListError(f"{where}: argument names repeat")
    return args


def parse_keywords(words, where):
    """Split the words after the signature into the promise (with alternatives) and flags."""
    promises, flags = None, []
    for word in words:
        if word in FLAGS:
            if word in flags:
                raise ListError(f"{where}: flag '{word}' given twice")
            flags.append(word)
        elif word.split("|")[0] in PROMISES:
            if promises is not None:
                raise ListError(f"{where}: two promises; write alternatives as one word, a|b")
            promises = word.split("|")
            for p in promises:
                if p not in PROMISES:
                    raise ListError(f"{where}: unknown promise '{p}'")
            if len(set(promises)) != len(promises):
                raise ListError(f"{where}: promise repeated in '{word}'")
            if "always" in promises and len(promises) > 1:
                raise ListError(f"{where}: 'always' admits every process; it takes no alternatives")
        else:
            raise ListError(f"{where}: unknown keyword '{word}' (not a promise or a flag)")
    if promises is None:
        raise ListError(f"{where}: no promise (every call names one, or 'always')")
    return promises, flags


def parse_header(line, where):
    m = HEADER_RE.match(line)
    if not m:
        raise ListError(f"{where}: cannot parse entry; "
                        "expected 'NR GENERIC name(args) promise flags'")
    nr_text, generic_text, name, arg_text, rest = m.groups()
    promises, flags = parse_keywords(rest.split(), where)
    generic = -1 if generic_text == "-" else int(generic_text)
    return Call(0, int(nr_text), generic, name, parse_args(arg_text, where), promises, flags)


def parse_description(call, text, where, errno_names):
    """`Sentence. EFOO EBAR`: trailing errno names are the errors, the rest the summary."""
    words = text.split()
    errors = []
    while words and ERRNO_RE.match(words[-1]):
        errors.insert(0, words.pop())
    summary = " ".join(words)
    if not summary.endswith("."):
        raise ListError(f"{where}: description of '{call.name}' must be a sentence ending in '.'")
    if '"' in summary or "\\" in summary or "|" in summary:
        raise ListError(f"{where}: description may not contain '\"', '\\' or '|'")
    for err in errors:
        if err not in errno_names:
            raise ListError(f"{where}: unknown errno '{err}'")
    if len(set(errors)) != len(errors):
        raise ListError(f"{where}: errno repeated in the description of '{call.name}'")
    call.summary, call.errors = summary, errors


def check_numbering(call, previous, where, seen_names, seen_generic):
    """Numbers strictly increase; names and generic numbers are unique; extensions stay apart."""
    if previous is not None and call.nr == previous.nr:
        raise ListError(f"{where}: duplicate number {call.nr} (also line {previous.line})")
    if previous is not None and call.nr < previous.nr:
        raise ListError(f"{where}: number {call.nr} is out of order (after {previous.nr})")
    if call.name in seen_names:
        raise ListError(f"{where}: duplicate name '{call.name}' "
                        f"(also line {seen_names[call.name]})")
    if call.name.startswith(EXT_PREFIX) and call.nr < EXT_BASE:
        raise ListError(f"{where}: extension '{call.name}' numbered {call.nr}, below {EXT_BASE}")
    if call.nr >= EXT_BASE and not call.name.startswith(EXT_PREFIX):
        raise ListError(f"{where}: number {call.nr} is in the extension range; "
                        f"its name must start with '{EXT_PREFIX}'")
    if call.is_extension and call.generic != call.nr:
        raise ListError(f"{where}: extension '{call.name}' must use the same number on every "
                        f"architecture (give {call.nr} as its generic number too)")
    if call.generic >= 0 and call.generic in seen_generic:
        raise ListError(f"{where}: duplicate generic number {call.generic} "
                        f"(also line {seen_generic[call.generic]})")


def finish_entry(call, description, path, errno_names):
    """Parse the indented lines gathered under an entry: (first line number, joined text)."""
    if description is None:
        raise ListError(f"{path}:{call.line}: entry '{call.name}' has no description line")
    lineno, text = description
    parse_description(call, text, f"{path}:{lineno}", errno_names)


def parse_master(path, errno_names):
    """Read the list: an entry line starts in column 0; the indented lines under it are its
    description, then its errors, joined into one."""
    calls, seen_names, seen_generic = [], {}, {}
    description = None
    with open(path, encoding="utf-8") as f:
        lines = f.read().split("\n")
    for lineno, raw in enumerate(lines, 1):
        where = f"{path}:{lineno}"
        line = raw.rstrip()
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line[0] in " \t":
            if not calls:
                raise ListError(f"{where}: description line without an entry above it")
            first = description[0] if description else lineno
            description = (first, (description[1] + " " if description else "") + line.strip())
            continue
        if calls:
            finish_entry(calls[-1], description, path, errno_names)
        call = parse_header(line, where)
        call.line = lineno
        check_numbering(call, calls[-1] if calls else None, where, seen_names, seen_generic)
        seen_names[call.name] = lineno
        if call.generic >= 0:
            seen_generic[call.generic] = lineno
        calls.append(call)
        description = None
    if not calls:
        raise ListError(f"{path}: the list is empty")
    finish_entry(calls[-1], description, path, errno_names)
    return calls


# ---------------------------------------------------------------------------------------------
# C output
# ---------------------------------------------------------------------------------------------

def banner(master, what):
    return (f"/* {what}\n * Generated by tools/gensyscalls.py from {os.path.basename(master)}: "
            "edit the list, not this file. */\n")


def c_enum_name(prefix, word):
    return prefix + word.upper()


def c_string(text):
    return '"' + text + '"' if text is not None else "NULL"


def handler_params(call):
    if not call.args:
        return "void"
    return ", ".join(f"{KIND_CTYPES[a.kind]} {a.name}" for a in call.args)


def range_counts(calls):
    """How many slots each range takes: numbers up to the highest listed one in that range."""
    linux = [c.nr for c in calls if not c.is_extension]
    ext = [c.nr for c in calls if c.is_extension]
    return (max(linux) + 1 if linux else 0), (max(ext) - EXT_BASE + 1 if ext else 0)


def slot_of(nr, linux_count):
    return nr if nr < EXT_BASE else linux_count + nr - EXT_BASE


SLOT_FUNCTIONS = """/* The table has a slot for every number of two ranges, Linux's (0 up) and Wicket's own
 * (SYSCALL_EXT_BASE up), and none for the numbers between them, so a call to a number in that
 * gap is refused before any table is read. Slot s < SYSCALL_LINUX_COUNT holds number s; the
 * extension range follows it. Every slot is filled (holes dispatch to sys_ni_syscall). */
static inline u32 syscall_slot(u32 nr)              /* SYSCALL_SLOTS when nr has no slot */
{
    if (nr < SYSCALL_LINUX_COUNT)
        return nr;
%s    return SYSCALL_SLOTS;
}

static inline u32 syscall_slot_nr(u32 slot)
{
    return slot < SYSCALL_LINUX_COUNT ? slot : slot - SYSCALL_LINUX_COUNT + SYSCALL_EXT_BASE;
}
"""

# Left out when there are no extensions, where it would compare an unsigned number with 0.
EXT_SLOT_TEST = """    if (nr - SYSCALL_EXT_BASE < SYSCALL_EXT_COUNT)
        return nr - SYSCALL_EXT_BASE + SYSCALL_LINUX_COUNT;
"""


def gen_meta(calls, master):
    linux_count, ext_count = range_counts(calls)
    out = [banner(master, "System-call metadata types, shared by the generated tables and the "
                  "dispatcher."),
           "#ifndef WICKET_GEN_SYSCALL_META_H\n#define WICKET_GEN_SYSCALL_META_H\n",
           "/* Slots of the two ranges: Linux's numbers 0 up to the highest listed one, then",
           " * Wicket's from SYSCALL_EXT_BASE up to the highest listed one. */",
           f"#define SYSCALL_LINUX_COUNT {linux_count}",
           f"#define SYSCALL_EXT_BASE {EXT_BASE}",
           f"#define SYSCALL_EXT_COUNT {ext_count}",
           "#define SYSCALL_SLOTS (SYSCALL_LINUX_COUNT + SYSCALL_EXT_COUNT)",
           f"#define SYSCALL_MAX_ARGS {MAX_ARGS}\n",
           "#ifndef __ASSEMBLY__     /* the entry code (syscall.S) needs only the numbers above */",
           '#include "types.h"\n',
           "/* Every table entry takes the six raw argument registers. */",
           "typedef long (*syscall_fn)(unsigned long, unsigned long, unsigned long,",
           "                           unsigned long, unsigned long, unsigned long);\n",
           "/* Holes and unimplemented calls dispatch here; it returns -ENOSYS. */",
           "long sys_ni_syscall(unsigned long, unsigned long, unsigned long,",
           "                    unsigned long, unsigned long, unsigned long);\n",
           "/* How each argument is read: its C type in the handler, and whether it points at user"
           "\n * memory (uptr_in is read, uptr_out written, path and str are NUL-terminated). */",
           "enum syscall_arg_kind {"]
    out += [f"    {c_enum_name('SC_ARG_', k)}," for k in KINDS]
    out += ["    SC_ARG_KIND_COUNT", "};\n",
            "/* Flag bits; see docs/syscall-list-format.md. */", "enum syscall_flag {"]
    out += [f"    {c_enum_name('SC_', fl)} = 1u << {i}," for i, fl in enumerate(FLAGS)]
    out += ["};\n", "/* Pledge promises. PROMISE_ALWAYS is 0: such calls pass every pledge. */",
            "enum promise {"]
    out += [f"    {c_enum_name('PROMISE_', p)}," for p in PROMISES]
    out += ["    PROMISE_COUNT", "};", "#define PROMISE_BIT(p) (1u << (p))\n",
            "/* Capability rights a descriptor argument must carry. */", "enum fd_right {"]
    out += [f"    {c_enum_name('FD_RIGHT_', r)} = 1u << {i}," for i, r in enumerate(RIGHTS)]
    out += ["};", f"#define FD_RIGHT_COUNT {len(RIGHTS)}\n"]
    out += gen_info_struct()
    out += ["/* Both indexed by slot (syscall_slot). */",
            "extern const syscall_fn syscall_table[SYSCALL_SLOTS];",
            "extern const struct syscall_info syscall_info[SYSCALL_SLOTS];",
            "extern const char *const syscall_arg_kind_names[SC_ARG_KIND_COUNT];",
            "extern const char *const promise_names[PROMISE_COUNT];",
            "extern const char *const fd_right_names[FD_RIGHT_COUNT];\n",
            SLOT_FUNCTIONS % (EXT_SLOT_TEST if ext_count else ""),
            "#endif /* __ASSEMBLY__ */",
            "#endif"]
    return "\n".join(out) + "\n"


def gen_info_struct():
    return ["/* What the dispatcher, tracer, /proc and pledge need to know about one number.",
            " * A hole has name == NULL. */",
            "struct syscall_info {",
            "    const char *name;",
            "    const char *summary;                 /* one sentence, for docs and tools */",
            "    const char *arg_names[SYSCALL_MAX_ARGS];",
            "    u8 arg_kinds[SYSCALL_MAX_ARGS];      /* enum syscall_arg_kind */",
            "    u16 arg_rights[SYSCALL_MAX_ARGS];    /* enum fd_right mask, fd/dirfd args only */",
            "    u8 nargs;",
            "    u8 flags;                            /* enum syscall_flag mask */",
            "    u8 promise;                          /* enum promise: the primary one */",
            "    u32 promises;                        /* PROMISE_BIT mask: any one admits */",
            "    s16 generic_nr;                      /* asm-generic number, -1 if none */",
            "    bool implemented;",
            "};\n"]


def gen_protos(calls, master):
    out = [banner(master, "Prototypes of the system-call handlers the kernel implements."),
           "#ifndef WICKET_GEN_SYSCALL_PROTOS_H\n#define WICKET_GEN_SYSCALL_PROTOS_H\n",
           '#include "uaccess.h"\n']
    out += [f"long sys_{c.name}({handler_params(c)});" for c in calls if c.implemented]
    out += ["\n#endif"]
    return "\n".join(out) + "\n"


def cast_arg(arg, reg):
    ctype = KIND_CTYPES[arg.kind]
    if ctype == "uptr":
        return f"(uptr){{{reg}}}"
    if ctype == "unsigned long":
        return reg
    return f"({ctype}){reg}"


def gen_wrapper(call):
    head = f"static long entry_{call.name}("
    regs = [f"unsigned long a{i}" for i in range(MAX_ARGS)]
    indent = " " * len(head)
    args = ", ".join(cast_arg(a, f"a{i}") for i, a in enumerate(call.args))
    return (f"{head}{', '.join(regs[:3])},\n{indent}{', '.join(regs[3:])})\n"
            f"{{\n    return sys_{call.name}({args});\n}}\n")


def gen_dispatch_rows(calls, linux_count):
    """Table rows by slot; runs of holes collapse into one GNU range designator. A row of the
    extension range names its number, since there the slot differs from it."""
    rows, next_slot = [], 0
    for call in calls:
        slot = slot_of(call.nr, linux_count)
        if call.is_extension and next_slot < linux_count:
            next_slot = linux_count
        if slot > next_slot:
            span = f"{next_slot}" if slot - 1 == next_slot else f"{next_slot} ... {slot - 1}"
            rows.append(f"    [{span}] = sys_ni_syscall,")
        number = f"{call.nr} " if call.is_extension else ""
        target = (f"entry_{call.name}," if call.implemented
                  else f"sys_ni_syscall,  /* {number}{call.name} */")
        if call.implemented and number:
            target += f"  /* {call.nr} */"
        rows.append(f"    [{slot}] = {target}")
        next_slot = slot + 1
    return rows


def gen_info_row(call, linux_count):
    names = ", ".join(c_string(a.name) for a in call.args) or "NULL"
    kinds = ", ".join(c_enum_name("SC_ARG_", a.kind) for a in call.args) or "0"
    rights = ", ".join(" | ".join(c_enum_name("FD_RIGHT_", r) for r in a.rights) or "0"
                       for a in call.args) or "0"
    flags = " | ".join(c_enum_name("SC_", fl) for fl in call.flags) or "0"
    promises = " | ".join(f"PROMISE_BIT({c_enum_name('PROMISE_', p)})" for p in call.promises)
    return "\n".join([
        f"    [{slot_of(call.nr, linux_count)}] = {{{f'  /* {call.nr} */' if call.is_extension else ''}",
        f"        .name = {c_string(call.name)}, .nargs = {len(call.args)},",
        f"        .arg_names = {{ {names} }},",
        f"        .arg_kinds = {{ {kinds} }},",
        f"        .arg_rights = {{ {rights} }},",
        f"        .flags = {flags},",
        f"        .promise = {c_enum_name('PROMISE_', call.promises[0])}, .promises = {promises},",
        f"        .generic_nr = {call.generic}, .implemented = {str(call.implemented).lower()},",
        f"        .summary = {c_string(call.summary)},",
        "    },"])


def gen_name_table(ctype_decl, words):
    return [f"{ctype_decl} = {{"] + [f'    "{w}",' for w in words] + ["};\n"]


def gen_table(calls, master):
    out = [banner(master, "The system-call dispatch table and the metadata of every number."),
           '#include "syscall_meta.h"', '#include "syscall_protos.h"\n',
           "/* Wrappers ignore the registers their call does not take. */",
           '#pragma GCC diagnostic ignored "-Wunused-parameter"\n']
    linux_count, _ = range_counts(calls)
    out += [gen_wrapper(c) for c in calls if c.implemented]
    out += ["const syscall_fn syscall_table[SYSCALL_SLOTS] = {"]
    out += gen_dispatch_rows(calls, linux_count)
    out += ["};\n", "const struct syscall_info syscall_info[SYSCALL_SLOTS] = {"]
    out += [gen_info_row(c, linux_count) for c in calls]
    out += ["};\n"]
    out += gen_name_table("const char *const syscall_arg_kind_names[SC_ARG_KIND_COUNT]", KINDS)
    out += gen_name_table("const char *const promise_names[PROMISE_COUNT]", PROMISES)
    out += gen_name_table("const char *const fd_right_names[FD_RIGHT_COUNT]", RIGHTS)
    return "\n".join(out).rstrip("\n") + "\n"


def gen_nr(calls, master):
    out = [banner(master, "System-call numbers: NR_x on x86_64, NR_GENERIC_x in the asm-generic "
                  "table\n * (aarch64, riscv64). Plain #defines, so assembly may include it too."),
           "#ifndef WICKET_GEN_SYSCALL_NR_H\n#define WICKET_GEN_SYSCALL_NR_H\n"]
    out += [f"#define NR_{c.name} {c.nr}" for c in calls]
    out += [""]
    out += [f"#define NR_GENERIC_{c.name} {c.generic}" for c in calls if c.generic >= 0]
    out += ["\n#endif"]
    return "\n".join(out) + "\n"


def gen_args_header(calls, master):
    """User-space copy of the argument kinds: no kernel headers, so musl programs can use it."""
    implemented = [c for c in calls if c.implemented]
    out = [banner(master, "Argument descriptors of every implemented system call, for user-space"
                  " tests\n * (EFAULT probes) and fuzzers. Plain C data; the enum values equal "
                  "the kernel's SC_ARG_*."),
           "#ifndef WICKET_GEN_SYSCALL_ARGS_H\n#define WICKET_GEN_SYSCALL_ARGS_H\n",
           "enum sysarg_kind {"]
    out += [f"    {c_enum_name('SYSARG_', k)}," for k in KINDS]
    out += ["};\n", "enum sysarg_flag {"]
    out += [f"    {c_enum_name('SYSARG_F_', fl)} = 1u << {i}," for i, fl in enumerate(FLAGS)]
    out += ["};\n", "struct sysarg_call {", "    int nr;", "    const char *name;",
            "    int nargs;", f"    enum sysarg_kind kinds[{MAX_ARGS}];", "    unsigned flags;",
            "};\n", "static const struct sysarg_call sysarg_calls[] = {"]
    for c in implemented:
        kinds = ", ".join(c_enum_name("SYSARG_", a.kind) for a in c.args) or "0"
        flags = " | ".join(c_enum_name("SYSARG_F_", fl) for fl in c.flags) or "0"
        out.append(f'    {{ {c.nr}, "{c.name}", {len(c.args)}, {{ {kinds} }}, {flags} }},')
    out += ["};", f"#define SYSARG_NCALLS {len(implemented)}\n", "#endif"]
    return "\n".join(out) + "\n"


def gen_uapi(calls, master):
    ext = [c for c in calls if c.is_extension]
    out = [banner(master, "Numbers of Wicket's own system calls (from 1024, the same on every "
                  "architecture),\n * for user programs: syscall(SYS_wicket_x, ...)."),
           "#ifndef WICKET_UAPI_WICKET_SYSCALLS_H\n#define WICKET_UAPI_WICKET_SYSCALLS_H\n",
           f"#define WICKET_SYSCALL_BASE {EXT_BASE}\n"]
    if ext:
        out += [f"#define SYS_{c.name} {c.nr}" for c in ext]
    else:
        out += ["/* No extension calls yet. */"]
    out += ["\n#endif"]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------
# Markdown reference
# ---------------------------------------------------------------------------------------------

def md_args(call):
    return "`(" + ", ".join(f"{a.kind} {a.name}" for a in call.args) + ")`"


def md_row(call):
    rights = "; ".join(f"{a.name}: {'+'.join(a.rights)}" for a in call.args if a.rights) or ""
    status = "implemented" if call.implemented else "**ENOSYS**"
    flags = [fl for fl in call.flags if fl != "unimpl"]
    desc = call.summary + (" Errors: " + " ".join(call.errors) + "." if call.errors else "")
    if flags:
        desc += " _(" + ", ".join(flags) + ")_"
    generic = str(call.generic) if call.generic >= 0 else "-"
    return (f"| {call.nr} | {generic} | `{call.name}` | {md_args(call)} | "
            f"{' or '.join(call.promises)} | {rights} | {status} | {desc} |")


def gen_docs(calls, master):
    implemented = sum(1 for c in calls if c.implemented)
    ext = sum(1 for c in calls if c.is_extension)
    out = ["# Wicket system calls", "",
           f"Generated by `tools/gensyscalls.py` from `{os.path.basename(master)}`; edit the list, "
           "not this file. The list's format, the promises and the rights are explained in "
           "[syscall-list-format.md](syscall-list-format.md).", "",
           f"- Calls listed: {len(calls)} ({len(calls) - ext} Linux, {ext} Wicket extensions)",
           f"- Implemented: {implemented}",
           f"- Not implemented (return `-ENOSYS`): {len(calls) - implemented}",
           f"- Dispatch table: {sum(range_counts(calls))} slots ({range_counts(calls)[0]} for "
           f"numbers 0 and up, {range_counts(calls)[1]} for {EXT_BASE} and up)", "",
           "Columns: the x86_64 number, the asm-generic number used by aarch64 and riscv64 "
           "(`-` when that table lacks the call), the arguments as `kind name`, the "
           "pledge promise that admits the call, the capability rights required on descriptor "
           "arguments, and whether Wicket implements it.", "",
           "| x86_64 | generic | name | arguments | promise | rights | status | description |",
           "|---:|---:|---|---|---|---|---|---|"]
    out += [md_row(c) for c in calls]
    return "\n".join(out) + "\n"


# ---------------------------------------------------------------------------------------------

def write_file(path, text):
    os.makedirs(os.path.dirname(path) or ".", exist_ok=True)
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        f.write(text)


def default_errno_header():
    return os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "include", "uapi",
                        "errno.h")


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--master", required=True, help="the definition list")
    ap.add_argument("--outdir", required=True, help="directory for the generated C files")
    ap.add_argument("--docs", required=True, help="path of the Markdown reference to write")
    ap.add_argument("--errno", default=default_errno_header(),
                    help="errno header whose names descriptions may cite")
    opts = ap.parse_args()
    try:
        calls = parse_master(opts.master, load_errno_names(opts.errno))
    except ListError as e:
        print(f"gensyscalls: {e}", file=sys.stderr)
        return 1
    outputs = {
        "syscall_meta.h": gen_meta, "syscall_protos.h": gen_protos,
        "syscall_table.c": gen_table, "syscall_nr.h": gen_nr, "syscall_args.h": gen_args_header,
        os.path.join("uapi", "wicket_syscalls.h"): gen_uapi,
    }
    for name, generate in outputs.items():
        write_file(os.path.join(opts.outdir, name), generate(calls, opts.master))
    write_file(opts.docs, gen_docs(calls, opts.master))
    return 0


if __name__ == "__main__":
    sys.exit(main())
