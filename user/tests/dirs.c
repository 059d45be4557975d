/* In-VM tests of directories and names: getdents64, getcwd, chdir, readlink and readlinkat,
 * on the initramfs data tree (/data/dir holds a.txt, b.txt and sub/; /data/link -> hello.txt,
 * /data/abslink -> /data/hello.txt, /data/dirlink -> dir, /data/loop1 <-> /data/loop2). */
#include "tap.h"
#include <fcntl.h>
#include <stddef.h>

struct dirent64_raw {
    uint64_t d_ino;
    int64_t d_off;
    unsigned short d_reclen;
    unsigned char d_type;
    char d_name[];
};

#define DT_DIR_ 4
#define DT_REG_ 8

/* Walks one getdents64 result; returns the number of entries and sets *well_formed when every
 * name is in `want` (a NULL-terminated list) and every entry has a sane inode number, record
 * length and type (names with a dot, other than . and .., are files in our tree). */
static int walk_entries(const char *buf, long len, const char *const *want, int *well_formed)
{
    int count = 0;
    *well_formed = 1;
    for (long off = 0; off < len; count++) {
        const struct dirent64_raw *d = (const void *)(buf + off);
        int expected_type = strchr(d->d_name, '.') && strcmp(d->d_name, ".") && strcmp(d->d_name, "..")
                            ? DT_REG_ : DT_DIR_;
        int known = 0;
        for (int i = 0; want[i]; i++)
            known |= strcmp(want[i], d->d_name) == 0;
        if (!known || d->d_reclen % 8 || d->d_ino == 0 || d->d_type != expected_type)
            *well_formed = 0;
        if (d->d_reclen == 0)
            return -1;
        off += d->d_reclen;
    }
    return count;
}

static const char *const dir_names[] = {".", "..", "a.txt", "b.txt", "sub", NULL};

static void test_getdents_listing(void)
{
    static char buf[4096];
    int well_formed;
    long fd = open_or_note("/data/dir", O_RDONLY | O_DIRECTORY, 0);
    long n = sc3(SYS_getdents64, fd, buf, sizeof(buf));
    CHECK(n > 0, "getdents64 on /data/dir returns entries (got %ld)", n);
    CHECK(walk_entries(buf, n, dir_names, &well_formed) == 5, "it returns exactly 5 entries");
    CHECK(well_formed, "names, types, inode numbers and 8-byte-aligned record lengths are right");
    CHECK_RET(sc3(SYS_getdents64, fd, buf, sizeof(buf)), 0, "the next call returns 0 (end)");
    CHECK_RET(sc3(SYS_lseek, fd, 0, SEEK_SET), 0, "lseek rewinds the directory");
    CHECK_RET(sc3(SYS_getdents64, fd, buf, sizeof(buf)), n, "the listing is the same again");

    const struct dirent64_raw *second = (const void *)(buf + ((struct dirent64_raw *)buf)->d_reclen);
    CHECK(sc3(SYS_lseek, fd, second->d_off, SEEK_SET) == second->d_off,
          "lseek to the second entry's d_off");
    CHECK(walk_entries(buf, sc3(SYS_getdents64, fd, buf, sizeof(buf)), dir_names, &well_formed) == 3,
          "listing resumes after the second entry (3 left)");
    sc1(SYS_close, fd);

    fd = open_or_note("/data/emptydir", O_RDONLY | O_DIRECTORY, 0);
    static const char *const dots[] = {".", "..", NULL};
    n = sc3(SYS_getdents64, fd, buf, sizeof(buf));
    CHECK(walk_entries(buf, n, dots, &well_formed) == 2 && well_formed,
          "an empty directory lists just . and ..");
    sc1(SYS_close, fd);
}

/* With a buffer that holds one entry at a time, repeated calls still return them all. */
static void test_getdents_small_buffer(void)
{
    char buf[32];
    int total = 0, ok = 1, well_formed;
    long fd = open_or_note("/data/dir", O_RDONLY | O_DIRECTORY, 0);
    CHECK_RET(sc3(SYS_getdents64, fd, buf, 1), -EINVAL, "getdents64 with a 1-byte buffer");
    CHECK_RET(sc3(SYS_getdents64, fd, buf, 0), -EINVAL, "getdents64 with a 0-byte buffer");
    for (int i = 0; i < 10; i++) {
        long n = sc3(SYS_getdents64, fd, buf, sizeof(buf));
        if (n <= 0)
            break;
        total += walk_entries(buf, n, dir_names, &well_formed);
        ok &= well_formed;
    }
    CHECK(total == 5 && ok, "a 32-byte buffer returns all 5 entries one call at a time (got %d)", total);
    CHECK_RET(sc3(SYS_getdents64, fd, buf, 1), 0, "at the end even a 1-byte buffer returns 0");

    EFAULT_EACH(BP_WRITES & ~BP_MASK(BP_STRADDLE), 64,
                (sc3(SYS_lseek, fd, 0, SEEK_SET), sc3(SYS_getdents64, fd, bp, 64)),
                "getdents64 into a bad buffer");
    sc3(SYS_lseek, fd, 0, SEEK_SET);
    CHECK_RET(sc3(SYS_getdents64, fd, bad_ptr(BP_STRADDLE, 64), 64), 24,
              "getdents64 into a straddling buffer returns the entries that fit (\".\")");
    CHECK_RET(sc3(SYS_getdents64, fd, buf, sizeof(buf)), 24, "the next call continues with \"..\"");
    CHECK(strcmp(((struct dirent64_raw *)buf)->d_name, "..") == 0, "that entry is \"..\"");
    sc1(SYS_close, fd);

    fd = open_or_note("/data/hello.txt", O_RDONLY, 0);
    CHECK_RET(sc3(SYS_getdents64, fd, buf, sizeof(buf)), -ENOTDIR, "getdents64 on a file");
    sc1(SYS_close, fd);
    fd = open_or_note("/tmp/dirs.wronly", O_WRONLY | O_CREAT, 0644);
    CHECK_RET(sc3(SYS_getdents64, fd, buf, sizeof(buf)), -ENOTDIR,
              "getdents64 on an O_WRONLY file (not a directory, rather than not readable)");
    sc1(SYS_close, fd);
    CHECK_RET(sc3(SYS_getdents64, 99, buf, sizeof(buf)), -EBADF, "getdents64 on a closed fd");
}

static void test_getcwd_chdir(void)
{
    char buf[64];
    CHECK_RET(sc2(SYS_getcwd, buf, sizeof(buf)), 2, "getcwd at start returns 2 (\"/\" and NUL)");
    CHECK(strcmp(buf, "/") == 0, "init starts in / (got \"%s\")", buf);
    CHECK_RET(sc2(SYS_getcwd, buf, 1), -ERANGE, "getcwd with a 1-byte buffer");
    CHECK_RET(sc2(SYS_getcwd, NULL, 0), -ERANGE, "getcwd(NULL, 0): the size is checked first");
    CHECK_RET(sc1(SYS_chdir, "/data/dir"), 0, "chdir /data/dir");
    CHECK_RET(sc2(SYS_getcwd, buf, sizeof(buf)), 10, "getcwd returns the length with the NUL");
    CHECK(strcmp(buf, "/data/dir") == 0, "getcwd is /data/dir (got \"%s\")", buf);
    CHECK_RET(sc2(SYS_getcwd, buf, 9), -ERANGE, "getcwd with no room for the NUL");
    long fd = sc3(SYS_open, "a.txt", O_RDONLY, 0);
    CHECK(fd >= 0, "relative open after chdir (got %ld)", fd);
    sc1(SYS_close, fd);
    EFAULT_EACH(BP_WRITES, 16, sc2(SYS_getcwd, bp, 16), "getcwd into a bad buffer");
    CHECK_RET(sc1(SYS_chdir, "sub"), 0, "relative chdir sub");
    sc2(SYS_getcwd, buf, sizeof(buf));
    CHECK(strcmp(buf, "/data/dir/sub") == 0, "getcwd is /data/dir/sub (got \"%s\")", buf);
    CHECK_RET(sc1(SYS_chdir, "../.."), 0, "chdir ../..");
    sc2(SYS_getcwd, buf, sizeof(buf));
    CHECK(strcmp(buf, "/data") == 0, "getcwd is /data (got \"%s\")", buf);
    CHECK_RET(sc1(SYS_chdir, "dirlink"), 0, "chdir through a symlink");
    sc2(SYS_getcwd, buf, sizeof(buf));
    CHECK(strcmp(buf, "/data/dir") == 0, "getcwd shows the resolved path (got \"%s\")", buf);
    CHECK_RET(sc1(SYS_chdir, "/data/hello.txt"), -ENOTDIR, "chdir to a file");
    CHECK_RET(sc1(SYS_chdir, "/data/missing"), -ENOENT, "chdir to a missing path");
    CHECK_RET(sc1(SYS_chdir, ""), -ENOENT, "chdir to an empty path");
    CHECK_RET(sc1(SYS_chdir, "/data/loop1"), -ELOOP, "chdir to a symlink loop");
    EFAULT_EACH(BP_READS, 0, sc1(SYS_chdir, bp), "chdir to a bad path");
    sc2(SYS_getcwd, buf, sizeof(buf));
    CHECK(strcmp(buf, "/data/dir") == 0, "failed chdirs leave the directory alone (got \"%s\")", buf);
    CHECK_RET(sc1(SYS_chdir, "/"), 0, "chdir back to /");
    sc2(SYS_getcwd, buf, sizeof(buf));
    CHECK(strcmp(buf, "/") == 0, "back in / (got \"%s\")", buf);
}

static void test_readlink(void)
{
    char buf[32];
    memset(buf, '#', sizeof(buf));
    CHECK_RET(sc3(SYS_readlink, "/data/link", buf, sizeof(buf)), 9, "readlink a relative symlink");
    CHECK(memcmp(buf, "hello.txt#", 10) == 0, "it stores the target without a NUL");
    CHECK_RET(sc3(SYS_readlink, "/data/abslink", buf, sizeof(buf)), 15, "readlink an absolute symlink");
    CHECK(memcmp(buf, "/data/hello.txt", 15) == 0, "the absolute target is returned as stored");
    memset(buf, '#', sizeof(buf));
    CHECK_RET(sc3(SYS_readlink, "/data/link", buf, 4), 4, "readlink into a 4-byte buffer truncates");
    CHECK(memcmp(buf, "hell#", 5) == 0, "only 4 bytes are written");
    CHECK_RET(sc3(SYS_readlink, "/data/loop1", buf, sizeof(buf)), 5, "readlink does not follow the last link");
    CHECK_RET(sc3(SYS_readlink, "/data/link", buf, 0), -EINVAL, "readlink with bufsiz 0");
    CHECK_RET(sc3(SYS_readlink, "/data/link", buf, -1), -EINVAL, "readlink with bufsiz -1");
    CHECK_RET(sc3(SYS_readlink, "/data/hello.txt", buf, sizeof(buf)), -EINVAL, "readlink a regular file");
    CHECK_RET(sc3(SYS_readlink, "/data/dir", buf, sizeof(buf)), -EINVAL, "readlink a directory");
    CHECK_RET(sc3(SYS_readlink, "/data/missing", buf, sizeof(buf)), -ENOENT, "readlink a missing path");
    CHECK_RET(sc3(SYS_readlink, "", buf, sizeof(buf)), -ENOENT, "readlink an empty path");
    CHECK_RET(sc3(SYS_readlink, "/data/hello.txt/x", buf, sizeof(buf)), -ENOTDIR, "readlink through a file");
    EFAULT_EACH(BP_READS, 0, sc3(SYS_readlink, bp, buf, sizeof(buf)), "readlink a bad path");
    EFAULT_EACH(BP_WRITES, 16, sc3(SYS_readlink, "/data/link", bp, 16), "readlink into a bad buffer");
}

static void test_readlinkat(void)
{
    char buf[32];
    long dir = open_or_note("/data", O_RDONLY | O_DIRECTORY, 0);
    long file = open_or_note("/data/hello.txt", O_RDONLY, 0);
    CHECK_RET(sc4(SYS_readlinkat, dir, "link", buf, sizeof(buf)), 9, "readlinkat relative to a dir fd");
    CHECK(memcmp(buf, "hello.txt", 9) == 0, "readlinkat returns the target");
    CHECK_RET(sc4(SYS_readlinkat, AT_FDCWD, "data/abslink", buf, sizeof(buf)), 15, "readlinkat AT_FDCWD");
    CHECK_RET(sc4(SYS_readlinkat, 99, "link", buf, sizeof(buf)), -EBADF, "readlinkat relative to a closed fd");
    CHECK_RET(sc4(SYS_readlinkat, file, "link", buf, sizeof(buf)), -ENOTDIR, "readlinkat relative to a file fd");
    CHECK_RET(sc4(SYS_readlinkat, 99, "/data/link", buf, sizeof(buf)), 9,
              "readlinkat ignores dirfd for an absolute path");
    CHECK_RET(sc4(SYS_readlinkat, dir, "", buf, sizeof(buf)), -ENOENT,
              "readlinkat with an empty path on a directory fd");
    CHECK_RET(sc4(SYS_readlinkat, dir, "link", buf, 0), -EINVAL, "readlinkat with bufsiz 0");
    CHECK_RET(sc4(SYS_readlinkat, dir, "hello.txt", buf, sizeof(buf)), -EINVAL, "readlinkat a regular file");
    EFAULT_EACH(BP_READS, 0, sc4(SYS_readlinkat, dir, bp, buf, sizeof(buf)), "readlinkat a bad path");
    EFAULT_EACH(BP_WRITES, 16, sc4(SYS_readlinkat, dir, "link", bp, 16), "readlinkat into a bad buffer");
    sc1(SYS_close, dir);
    sc1(SYS_close, file);
}

static void test_getdents_o_path(void)
{
    char buf[256];
    long fd = sc3(SYS_open, "/data", O_PATH | O_DIRECTORY, 0);
    CHECK_RET(sc3(SYS_getdents64, fd, buf, sizeof(buf)), -EBADF, "getdents64 on an O_PATH directory fd");
    sc1(SYS_close, fd);
}

int main(void)
{
    test_getdents_listing();
    test_getdents_small_buffer();
    test_getdents_o_path();
    test_getcwd_chdir();
    test_readlink();
    test_readlinkat();
    return tap_done();
}
