#!/usr/bin/env python3
"""Write a cpio "newc" archive (the initramfs format Linux and Wicket unpack) from a spec file.

Usage: python3 tools/mkcpio.py SPEC OUT.cpio [--gzip]

The spec has one entry per line, in the order they go into the archive; `#` starts a comment:

    dir   /dev                 0755 0 0
    nod   /dev/console         0600 0 0 c 5 1        (c or b, then major and minor)
    file  /init build/user/init 0755 0 0             (source path relative to the repo root)
    slink /bin/sh /bin/busybox 0777 0 0              (the target is stored as the link's data)
    pipe  /tmp/fifo            0644 0 0              (a named FIFO)

Every entry's parent directory must be declared earlier (or be the root), because unpackers
create entries in archive order and cannot create a file inside a directory that does not exist
yet. The archive records the owner and mode written in the spec rather than the builder's, so no
root privileges are needed, and every mtime is 0 so the output is byte-for-byte reproducible.
"""
import argparse
import gzip
import os
import stat
import sys

REPO_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

# Fields of the fixed newc header after the "070701" magic, each written as 8 hex digits.
HEADER_FIELDS = ("ino", "mode", "uid", "gid", "nlink", "mtime", "filesize",
                 "devmajor", "devminor", "rdevmajor", "rdevminor", "namesize", "check")


class SpecError(Exception):
    pass


def pad4(data):
    """newc aligns both the name (counted with the header) and the data to 4 bytes."""
    return data + b"\0" * (-len(data) % 4)


def newc_entry(ino, name, mode, uid=0, gid=0, data=b"", rdev=(0, 0), nlink=1):
    """One archive member: header, NUL-terminated name, then the data, each part padded."""
    encoded = name.encode() + b"\0"
    values = dict(ino=ino, mode=mode, uid=uid, gid=gid, nlink=nlink, mtime=0,
                  filesize=len(data), devmajor=0, devminor=0, rdevmajor=rdev[0],
                  rdevminor=rdev[1], namesize=len(encoded), check=0)
    header = b"070701" + b"".join(b"%08X" % values[f] for f in HEADER_FIELDS)
    return pad4(header + encoded) + pad4(data)


def parse_mode(text, lineno):
    try:
        mode = int(text, 8)
    except ValueError:
        raise SpecError(f"line {lineno}: mode {text!r} is not octal")
    if mode & ~0o7777:
        raise SpecError(f"line {lineno}: mode {text!r} has bits beyond 07777")
    return mode


def parse_ids(words, lineno):
    try:
        return int(words[0]), int(words[1])
    except ValueError:
        raise SpecError(f"line {lineno}: uid/gid must be numbers, got {words[0]!r} {words[1]!r}")


def archive_name(path, lineno):
    """Names are stored without the leading slash, as the kernel's own generator does."""
    if not path.startswith("/") or path == "/" or "//" in path or path.endswith("/"):
        raise SpecError(f"line {lineno}: {path!r} must be an absolute path like /dir/name")
    if any(part in (".", "..") for part in path.split("/")):
        raise SpecError(f"line {lineno}: {path!r} must not contain . or .. components")
    return path[1:]


def read_source(path, lineno):
    full = os.path.join(REPO_ROOT, path)
    try:
        with open(full, "rb") as f:
            return f.read()
    except OSError as e:
        raise SpecError(f"line {lineno}: cannot read {path}: {e.strerror}")


# Each parser takes the words after the keyword and returns (path, mode, uid, gid, data, rdev).
def parse_dir(words, lineno):
    path, mode, ids = words[0], words[1], words[2:4]
    return path, stat.S_IFDIR | parse_mode(mode, lineno), *parse_ids(ids, lineno), b"", (0, 0)


def parse_file(words, lineno):
    path, source, mode, ids = words[0], words[1], words[2], words[3:5]
    data = read_source(source, lineno)
    return path, stat.S_IFREG | parse_mode(mode, lineno), *parse_ids(ids, lineno), data, (0, 0)


def parse_slink(words, lineno):
    path, target, mode, ids = words[0], words[1], words[2], words[3:5]
    return (path, stat.S_IFLNK | parse_mode(mode, lineno), *parse_ids(ids, lineno),
            target.encode(), (0, 0))


def parse_nod(words, lineno):
    path, mode, ids, kind, major, minor = words[0], words[1], words[2:4], words[4], words[5], words[6]
    kinds = {"c": stat.S_IFCHR, "b": stat.S_IFBLK}
    if kind not in kinds:
        raise SpecError(f"line {lineno}: device type must be c or b, got {kind!r}")
    try:
        rdev = (int(major), int(minor))
    except ValueError:
        raise SpecError(f"line {lineno}: major/minor must be numbers")
    return path, kinds[kind] | parse_mode(mode, lineno), *parse_ids(ids, lineno), b"", rdev


def parse_pipe(words, lineno):
    path, mode, ids = words[0], words[1], words[2:4]
    return path, stat.S_IFIFO | parse_mode(mode, lineno), *parse_ids(ids, lineno), b"", (0, 0)


# keyword -> (number of words after it, parser)
ENTRY_KINDS = {"dir": (4, parse_dir), "file": (5, parse_file),
               "slink": (5, parse_slink), "nod": (7, parse_nod), "pipe": (4, parse_pipe)}


def parse_spec(text):
    """Yield (lineno, path, mode, uid, gid, data, rdev) for every entry line."""
    for lineno, line in enumerate(text.splitlines(), 1):
        words = line.split("#", 1)[0].split()
        if not words:
            continue
        kind, args = words[0], words[1:]
        if kind not in ENTRY_KINDS:
            raise SpecError(f"line {lineno}: unknown entry type {kind!r}")
        count, parser = ENTRY_KINDS[kind]
        if len(args) != count:
            raise SpecError(f"line {lineno}: {kind} takes {count} fields, got {len(args)}")
        yield (lineno, *parser(args, lineno))


def build_archive(spec_text):
    """Return the uncompressed archive bytes for a spec, checking parents and duplicates."""
    out, seen_dirs, seen = [], {""}, set()
    for ino, (lineno, path, mode, uid, gid, data, rdev) in enumerate(parse_spec(spec_text), 1):
        name = archive_name(path, lineno)
        parent = name.rpartition("/")[0]
        if parent not in seen_dirs:
            raise SpecError(f"line {lineno}: parent directory /{parent} of {path} not declared")
        if name in seen:
            raise SpecError(f"line {lineno}: {path} declared twice")
        seen.add(name)
        is_dir = stat.S_ISDIR(mode)
        if is_dir:
            seen_dirs.add(name)
        out.append(newc_entry(ino, name, mode, uid, gid, data, rdev, nlink=2 if is_dir else 1))
    out.append(newc_entry(0, "TRAILER!!!", 0))
    return b"".join(out)


def main():
    parser = argparse.ArgumentParser(description="Build a cpio newc archive from a spec file.")
    parser.add_argument("spec")
    parser.add_argument("output")
    parser.add_argument("--gzip", action="store_true", help="gzip-compress the archive")
    args = parser.parse_args()
    try:
        with open(args.spec) as f:
            archive = build_archive(f.read())
    except (OSError, SpecError) as e:
        sys.exit(f"mkcpio: {args.spec}: {e}")
    if args.gzip:
        archive = gzip.compress(archive, mtime=0)
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    tmp = args.output + ".tmp"
    with open(tmp, "wb") as f:
        f.write(archive)
    os.replace(tmp, args.output)


if __name__ == "__main__":
    main()
