/* In-VM tests of the address space: brk, mmap (anonymous private and shared, fixed and
 * hinted, file-backed), munmap, mprotect and madvise.
 *
 * There are no signals yet, so the tests never touch memory that might fault. They probe it
 * through the kernel instead: a page is readable when write() can copy a byte out of it, and
 * writable when read() from /dev/zero can copy a byte into it (both return -EFAULT otherwise). */
#include "tap.h"
#include <fcntl.h>
#include <sys/mman.h>

#define LINES_SIZE 10240L    /* /data/lines.txt: 320 lines of 32 bytes */
#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif
#define MADV_POPULATE_READ   22
#define MADV_POPULATE_WRITE  23
#define MADV_DONTNEED_LOCKED 24
#define MMAP_MIN_ADDR        0x10000L    /* Linux's default vm.mmap_min_addr */

static long probe_fd, zero_fd;

static long map(long addr, long len, long prot, long flags, long fd, long off)
{
    return sc6(SYS_mmap, addr, len, prot, flags, fd, off);
}

static long map_anon(long len, long prot)
{
    return map(0, len, prot, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
}

static int readable(long addr)
{
    return sc3(SYS_write, probe_fd, addr, 1) == 1;
}

/* Note: overwrites the byte at addr with 0 when the page is writable. */
static int writable(long addr)
{
    return sc3(SYS_read, zero_fd, addr, 1) == 1;
}

/* Records whether a mapping call returned a page-aligned address. Callers return at once when
 * it did not: the checks that follow would touch memory that is not there and kill init. */
static int mapped(long addr, const char *what)
{
    char got[40];
    if (addr < 0)
        tap_ret_str(addr, got, sizeof(got));
    else
        snprintf(got, sizeof(got), "%#lx", addr);
    return CHECK(addr > 0 && addr % PAGE == 0, "%s (got %s)", what, got);
}

static int all_bytes(const char *p, long len, char value)
{
    for (long i = 0; i < len; i++)
        if (p[i] != value)
            return 0;
    return 1;
}

static void test_brk(void)
{
    long start = sc1(SYS_brk, 0);
    if (!mapped(start, "brk(0) returns the page-aligned break") ||
        !CHECK_RET(sc1(SYS_brk, start + 3 * PAGE), start + 3 * PAGE, "grow the break by 3 pages"))
        return;
    CHECK(all_bytes((char *)start, 3 * PAGE, 0), "the new heap is zero-filled");
    memset((char *)start, 'h', 3 * PAGE);
    CHECK(writable(start + 3 * PAGE - 1), "its last byte is writable");
    CHECK_RET(sc1(SYS_brk, start + 3 * PAGE + 100), start + 3 * PAGE + 100,
              "an unaligned break is returned as asked");
    CHECK(writable(start + 3 * PAGE + 99), "the partial page is usable");
    CHECK_RET(sc1(SYS_brk, start + PAGE), start + PAGE, "shrink the break to 1 page");
    CHECK(!readable(start + PAGE), "the released pages are unmapped");
    CHECK(((char *)start)[PAGE - 1] == 'h', "the kept page keeps its contents");
    CHECK_RET(sc1(SYS_brk, start + 2 * PAGE), start + 2 * PAGE, "grow again");
    CHECK(all_bytes((char *)start + PAGE, PAGE, 0), "regrown memory is zero again");
    CHECK_RET(sc1(SYS_brk, start - (1L << 30)), start + 2 * PAGE,
              "a break below the heap start is refused (the current break is returned)");
    CHECK_RET(sc1(SYS_brk, -1L), start + 2 * PAGE, "brk(-1) is refused the same way");
    CHECK_RET(sc1(SYS_brk, 0x7ffffffff000L), start + 2 * PAGE, "a break into the stack area is refused");
    CHECK_RET(sc1(SYS_brk, start), start, "back to the start");
}

static void test_mmap_anon(void)
{
    long p = map_anon(3 * PAGE, PROT_READ | PROT_WRITE);
    if (!mapped(p, "mmap anonymous private memory"))
        return;
    CHECK(all_bytes((char *)p, 3 * PAGE, 0), "it is zero-filled");
    memset((char *)p, 'p', 3 * PAGE);
    CHECK(((char *)p)[3 * PAGE - 1] == 'p', "it is writable to the last byte");
    long q = map_anon(PAGE, PROT_READ | PROT_WRITE);
    CHECK(q + (long)PAGE <= p || q >= p + 3 * (long)PAGE, "a second mapping does not overlap the first");
    sc2(SYS_munmap, p, 3 * PAGE);
    sc2(SYS_munmap, q, PAGE);
    long s = map(0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (mapped(s, "mmap anonymous shared memory")) {
        CHECK(all_bytes((char *)s, 2 * PAGE, 0), "shared memory is zero-filled");
        memset((char *)s, 's', 2 * PAGE);
        CHECK(writable(s + 2 * PAGE - 1), "shared memory is writable");
        sc2(SYS_munmap, s, 2 * PAGE);
    }
    long z = map(0, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, zero_fd, 0);
    if (mapped(z, "mmap /dev/zero privately")) {
        CHECK(all_bytes((char *)z, PAGE, 0), "a private mapping of /dev/zero is zero memory");
        sc2(SYS_munmap, z, PAGE);
    }
    long big = map_anon(PAGE + 1, PROT_READ | PROT_WRITE);
    CHECK(big > 0 && writable(big + 2 * PAGE - 1), "a length is rounded up to whole pages");
    sc2(SYS_munmap, big, 2 * PAGE);
    long none = map_anon(PAGE, PROT_NONE);
    CHECK(none > 0 && !readable(none), "a PROT_NONE mapping exists but cannot be read");
    sc2(SYS_munmap, none, PAGE);
}

static void test_mmap_placement(void)
{
    long p = map_anon(4 * PAGE, PROT_READ | PROT_WRITE);
    if (!mapped(p, "mmap 4 pages"))
        return;
    memset((char *)p, 'x', 4 * PAGE);
    if (!CHECK_RET(map(p + PAGE, PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED,
                       -1, 0), p + PAGE, "MAP_FIXED over part of a mapping returns that address"))
        return;
    CHECK(all_bytes((char *)p + PAGE, PAGE, 0), "the replaced page is fresh zero memory");
    CHECK(((char *)p)[0] == 'x' && ((char *)p)[2 * PAGE] == 'x', "the pages around it are untouched");
    CHECK_RET(map(p, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0), -EEXIST,
              "MAP_FIXED_NOREPLACE over a mapping");
    sc2(SYS_munmap, p, 4 * PAGE);
    CHECK_RET(map(p + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0),
              p + PAGE, "MAP_FIXED_NOREPLACE on a free range");
    CHECK_RET(map(p + 2 * PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0), p + 2 * PAGE,
              "a free hint address is used as given");
    long other = map(p + PAGE, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(other > 0 && other != p + (long)PAGE && other != p + 2 * (long)PAGE,
          "a busy hint address is moved elsewhere (got %#lx)", other);
    CHECK_RET(map(p + 1, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0), -EINVAL,
              "MAP_FIXED at an unaligned address");
    long odd = map(p + 3 * PAGE + 5, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK(odd > 0 && odd % PAGE == 0, "an unaligned hint gives an aligned mapping (got %#lx)", odd);
    sc2(SYS_munmap, p, 4 * PAGE);
    sc2(SYS_munmap, other, PAGE);
    sc2(SYS_munmap, odd, PAGE);

    /* Nothing lives this low in a static program, so these hints are free. */
    long hinted = map(0x20000123L, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK_RET(hinted, 0x20000000L, "a free unaligned hint 0x20000123 is rounded down to its page");
    sc2(SYS_munmap, hinted, PAGE);
    long low = map(0x1000, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    CHECK_RET(low, MMAP_MIN_ADDR, "a hint below mmap_min_addr (0x1000) is raised to 0x10000");
    sc2(SYS_munmap, low, PAGE);
}

/* Which error wins when several apply, and the flags Linux refuses for some kinds of mapping. */
static void test_mmap_errors_order(long file_fd, long wronly)
{
    long path = sc3(SYS_open, "/data/lines.txt", O_PATH, 0);
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_PRIVATE, path, 0), -EBADF, "mmap an O_PATH fd");
    sc1(SYS_close, path);
    CHECK_RET(map(0, 0, PROT_READ, MAP_PRIVATE, wronly, 0), -EINVAL,
              "mmap length 0 of an O_WRONLY fd (the length is checked before the access mode)");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_SHARED | MAP_ANONYMOUS | MAP_GROWSDOWN, -1, 0), -EINVAL,
              "MAP_GROWSDOWN for shared anonymous memory");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_GROWSDOWN, file_fd, 0), -EINVAL,
              "MAP_GROWSDOWN for a file");
    long anon = map(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, -4096L);
    CHECK(anon > 0 && anon % PAGE == 0, "anonymous mmap at offset -4096 succeeds (got %ld)", anon);
    sc2(SYS_munmap, anon, PAGE);
    CHECK_RET(map(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, file_fd, 0x7ffffffffffff000L), -EOVERFLOW,
              "file mmap of 2 pages at offset 0x7ffffffffffff000 (past the largest offset)");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_PRIVATE, file_fd, -4096L), -EOVERFLOW, "file mmap at offset -4096");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0), -ENOMEM,
              "MAP_HUGETLB with no huge pages reserved");
}

static void test_mmap_errors(long file_fd)
{
    long wronly = sc3(SYS_open, "/tmp/memory.wronly", O_WRONLY | O_CREAT | O_TRUNC, 0644);
    long dir = open_or_note("/data", O_RDONLY, 0);
    CHECK_RET(map_anon(0, PROT_READ), -EINVAL, "mmap length 0");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_ANONYMOUS, -1, 0), -EINVAL, "mmap neither private nor shared");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_SHARED_VALIDATE | MAP_ANONYMOUS, -1, 0), -EINVAL,
              "MAP_SHARED_VALIDATE for anonymous memory");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 1), -EINVAL,
              "mmap with an unaligned offset, even anonymous");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_PRIVATE, file_fd, 100), -EINVAL, "file mmap at an unaligned offset");
    CHECK_RET(map_anon(-1L, PROT_READ), -ENOMEM, "mmap length -1");
    CHECK_RET(map_anon(1L << 47, PROT_READ), -ENOMEM, "mmap a length as large as user space");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_PRIVATE, 99, 0), -EBADF, "file mmap of a closed fd");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_PRIVATE, dir, 0), -ENODEV, "mmap a directory");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_PRIVATE, wronly, 0), -EACCES, "mmap an O_WRONLY fd");
    CHECK_RET(map(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, file_fd, 0), -EACCES,
              "writable MAP_SHARED of an O_RDONLY fd");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_SHARED_VALIDATE | 0x800000, file_fd, 0), -EOPNOTSUPP,
              "MAP_SHARED_VALIDATE with an unknown flag");
    long ok = map(0, PAGE, PROT_READ, MAP_SHARED_VALIDATE, file_fd, 0);
    CHECK(ok > 0, "MAP_SHARED_VALIDATE with known flags maps the file (got %ld)", ok);
    sc2(SYS_munmap, ok, PAGE);
    test_mmap_errors_order(file_fd, wronly);
    sc1(SYS_close, wronly);
    sc1(SYS_close, dir);
}

/* The byte of /data/lines.txt at `off`: line off/32 is "%04d abcdefghijklmnopqrstuvwxyz\n". */
static char lines_byte(long off)
{
    char line[40];
    snprintf(line, sizeof(line), "%04ld abcdefghijklmnopqrstuvwxyz\n", off / 32);
    return line[off % 32];
}

static void test_mmap_file(long fd)
{
    static char contents[LINES_SIZE];
    int same = 1;
    CHECK_RET(sc4(SYS_pread64, fd, contents, LINES_SIZE, 0), LINES_SIZE, "read /data/lines.txt");
    for (long i = 0; i < LINES_SIZE; i++)
        same &= contents[i] == lines_byte(i);
    CHECK(same, "its contents are the expected numbered lines");
    char *m = (char *)map(0, 3 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    if (!mapped((long)m, "mmap the whole file MAP_PRIVATE read-only"))
        return;
    CHECK(memcmp(m, contents, LINES_SIZE) == 0, "the mapping matches read()");
    CHECK(all_bytes(m + LINES_SIZE, 3 * PAGE - LINES_SIZE, 0), "the last page is zero past end of file");
    CHECK(!writable((long)m), "a PROT_READ mapping cannot be written");
    sc2(SYS_munmap, m, 3 * PAGE);

    m = (char *)map(0, PAGE, PROT_READ, MAP_PRIVATE, fd, PAGE);
    if (mapped((long)m, "mmap one page at offset 4096")) {
        CHECK(memcmp(m, contents + PAGE, PAGE) == 0, "it matches the file there");
        sc2(SYS_munmap, m, PAGE);
    }
    m = (char *)map(0, 4 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    if (mapped((long)m, "mmap 4 pages of a 2.5-page file")) {
        CHECK(readable((long)m + 2 * PAGE), "the file's last page is readable");
        CHECK_RET(sc3(SYS_write, probe_fd, m + 3 * PAGE, 1), -EFAULT,
                  "a page wholly past end of file cannot be accessed");
        sc2(SYS_munmap, m, 4 * PAGE);
    }
    m = (char *)map(0, 3 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (!mapped((long)m, "mmap the file MAP_PRIVATE read-write"))
        return;
    memcpy(m, "CHANGED", 7);
    char head[8] = {0};
    sc4(SYS_pread64, fd, head, 7, 0);
    CHECK(memcmp(m, "CHANGED", 7) == 0 && memcmp(head, "0000 ab", 7) == 0,
          "writing a private file mapping does not change the file");
    CHECK_RET(sc3(SYS_madvise, m, PAGE, MADV_DONTNEED), 0, "MADV_DONTNEED on a private file mapping");
    CHECK(memcmp(m, "0000 ab", 7) == 0, "it drops the private copy: the file's bytes are back");
    sc2(SYS_munmap, m, 3 * PAGE);
}

static void test_mmap_shared_file(void)
{
    char buf[8] = {0};
    long fd = sc3(SYS_open, "/tmp/memory.shared", O_RDWR | O_CREAT | O_TRUNC, 0644);
    sc3(SYS_write, fd, "0123456789", 10);
    char *m = (char *)map(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (!mapped((long)m, "mmap a /tmp file MAP_SHARED read-write"))
        return;
    CHECK(memcmp(m, "0123456789", 10) == 0, "the shared mapping shows the file's bytes");
    memcpy(m + 2, "ab", 2);
    sc4(SYS_pread64, fd, buf, 4, 0);
    CHECK(memcmp(buf, "01ab", 4) == 0, "a store into the mapping is seen by read()");
    sc4(SYS_pwrite64, fd, "XY", 2, 6);
    CHECK(memcmp(m + 6, "XY", 2) == 0, "write() is seen through the mapping");
    sc1(SYS_close, fd);
    CHECK(memcmp(m, "01ab", 4) == 0, "the mapping outlives close()");
    CHECK_RET(sc3(SYS_mprotect, m, PAGE, PROT_READ), 0, "mprotect a shared file mapping read-only");
    sc2(SYS_munmap, m, PAGE);

    fd = open_or_note("/tmp/memory.shared", O_RDONLY, 0);
    m = (char *)map(0, PAGE, PROT_READ, MAP_SHARED, fd, 0);
    CHECK_RET(sc3(SYS_mprotect, m, PAGE, PROT_READ | PROT_WRITE), -EACCES,
              "mprotect PROT_WRITE on a shared mapping of an O_RDONLY fd");
    sc2(SYS_munmap, m, PAGE);
    sc1(SYS_close, fd);
}

static void test_munmap(void)
{
    long p = map_anon(3 * PAGE, PROT_READ | PROT_WRITE);
    if (!mapped(p, "mmap 3 pages"))
        return;
    CHECK_RET(sc2(SYS_munmap, p + PAGE, PAGE), 0, "munmap the middle page of three");
    CHECK(readable(p) && !readable(p + PAGE) && readable(p + 2 * PAGE),
          "only the middle page is gone");
    CHECK_RET(sc2(SYS_munmap, p + PAGE, PAGE), 0, "munmap an unmapped range succeeds");
    CHECK_RET(sc2(SYS_munmap, p + 1, PAGE), -EINVAL, "munmap an unaligned address");
    CHECK_RET(sc2(SYS_munmap, p, 0), -EINVAL, "munmap length 0");
    CHECK_RET(sc2(SYS_munmap, 0x800000000000L, PAGE), -EINVAL, "munmap above user space");
    CHECK_RET(sc2(SYS_munmap, p, 3 * PAGE + 1), 0, "munmap with a length rounded up, across a hole");
    CHECK(!readable(p) && !readable(p + 2 * PAGE), "all three pages are gone");
}

static void test_mprotect(void)
{
    long p = map_anon(3 * PAGE, PROT_READ | PROT_WRITE);
    if (!mapped(p, "mmap 3 pages"))
        return;
    memset((char *)p, 'm', 3 * PAGE);
    CHECK_RET(sc3(SYS_mprotect, p + PAGE, PAGE, PROT_READ), 0, "mprotect the middle page PROT_READ");
    CHECK(readable(p + PAGE) && ((char *)p)[PAGE] == 'm', "it is still readable, contents kept");
    CHECK(!writable(p + PAGE), "it is no longer writable");
    CHECK(writable(p) && writable(p + 2 * PAGE), "its neighbours are still writable");
    CHECK_RET(sc3(SYS_mprotect, p + PAGE, PAGE, PROT_NONE), 0, "mprotect PROT_NONE");
    CHECK(!readable(p + PAGE), "a PROT_NONE page cannot be read");
    CHECK_RET(sc3(SYS_mprotect, p, 3 * PAGE, PROT_READ | PROT_WRITE), 0, "mprotect all three back to RW");
    CHECK(writable(p + PAGE) && ((char *)p)[PAGE + 1] == 'm', "the page is writable again, contents kept");
    CHECK_RET(sc3(SYS_mprotect, p + 1, PAGE, PROT_READ), -EINVAL, "mprotect an unaligned address");
    CHECK_RET(sc3(SYS_mprotect, p, PAGE, 0x10), -EINVAL, "mprotect with unknown bit 0x10");
    CHECK_RET(sc3(SYS_mprotect, p, PAGE, PROT_READ | PROT_GROWSDOWN), -EINVAL,
              "PROT_GROWSDOWN on an ordinary mapping");
    CHECK_RET(sc3(SYS_mprotect, p, 0, PROT_READ), 0, "mprotect length 0 does nothing");
    sc2(SYS_munmap, p + PAGE, PAGE);
    CHECK_RET(sc3(SYS_mprotect, p, 3 * PAGE, PROT_READ), -ENOMEM, "mprotect across a hole");
    CHECK(readable(p) && !writable(p), "the page before the hole was changed all the same");
    CHECK(writable(p + 2 * PAGE), "the page after the hole was not");
    CHECK_RET(sc3(SYS_mprotect, p + PAGE, PAGE, PROT_READ), -ENOMEM, "mprotect an unmapped page");
    sc2(SYS_munmap, p, 3 * PAGE);
}

static void test_madvise(void)
{
    long p = map_anon(2 * PAGE, PROT_READ | PROT_WRITE);
    long s = map(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (!mapped(p, "mmap 2 private pages") || !mapped(s, "mmap a shared page"))
        return;
    memset((char *)p, 'd', 2 * PAGE);
    CHECK_RET(sc3(SYS_madvise, p, PAGE, MADV_DONTNEED), 0, "MADV_DONTNEED on private anonymous memory");
    CHECK(all_bytes((char *)p, PAGE, 0), "the page reads back as zeros");
    CHECK(((char *)p)[PAGE] == 'd', "the next page is untouched");
    memset((char *)s, 'S', PAGE);
    CHECK_RET(sc3(SYS_madvise, s, PAGE, MADV_DONTNEED), 0, "MADV_DONTNEED on shared anonymous memory");
    CHECK(all_bytes((char *)s, PAGE, 'S'), "shared memory keeps its contents");
    CHECK_RET(sc3(SYS_madvise, p, PAGE, MADV_NORMAL), 0, "MADV_NORMAL");
    CHECK_RET(sc3(SYS_madvise, p, PAGE, MADV_RANDOM), 0, "MADV_RANDOM");
    CHECK_RET(sc3(SYS_madvise, p, PAGE, MADV_SEQUENTIAL), 0, "MADV_SEQUENTIAL");
    CHECK_RET(sc3(SYS_madvise, p, PAGE, MADV_WILLNEED), 0, "MADV_WILLNEED");
    CHECK_RET(sc3(SYS_madvise, p, 0, MADV_DONTNEED), 0, "madvise length 0");
    CHECK_RET(sc3(SYS_madvise, p + 1, PAGE, MADV_DONTNEED), -EINVAL, "madvise an unaligned address");
    CHECK_RET(sc3(SYS_madvise, p, PAGE, 1000), -EINVAL, "madvise with unknown advice 1000");
    sc2(SYS_munmap, p + PAGE, PAGE);
    CHECK_RET(sc3(SYS_madvise, p, 2 * PAGE, MADV_DONTNEED), -ENOMEM, "madvise a range with a hole");
    CHECK_RET(sc3(SYS_madvise, p + PAGE, PAGE, MADV_NORMAL), -ENOMEM, "madvise an unmapped page");
    sc2(SYS_munmap, p, PAGE);
    sc2(SYS_munmap, s, PAGE);

    p = map_anon(3 * PAGE, PROT_READ | PROT_WRITE);
    if (!mapped(p, "mmap 3 private pages"))
        return;
    memset((char *)p, 'd', 3 * PAGE);
    sc2(SYS_munmap, p + PAGE, PAGE);
    CHECK_RET(sc3(SYS_madvise, p, 3 * PAGE, MADV_DONTNEED), -ENOMEM, "MADV_DONTNEED over page, hole, page");
    CHECK(all_bytes((char *)p, PAGE, 0) && all_bytes((char *)p + 2 * PAGE, PAGE, 0),
          "both mapped pages are zeroed all the same");
    CHECK_RET(sc3(SYS_madvise, p, 3 * PAGE, MADV_POPULATE_READ), -ENOMEM, "MADV_POPULATE_READ over a hole");
    CHECK_RET(sc3(SYS_madvise, p, PAGE, MADV_REMOVE), -EINVAL, "MADV_REMOVE on private memory");
    static const struct { int advice; const char *name; } more[] = {
        {MADV_MERGEABLE, "MADV_MERGEABLE"}, {MADV_UNMERGEABLE, "MADV_UNMERGEABLE"},
        {MADV_POPULATE_READ, "MADV_POPULATE_READ"}, {MADV_POPULATE_WRITE, "MADV_POPULATE_WRITE"},
        {MADV_DONTNEED_LOCKED, "MADV_DONTNEED_LOCKED"},
    };
    for (unsigned i = 0; i < sizeof(more) / sizeof(more[0]); i++)
        CHECK_RET(sc3(SYS_madvise, p, PAGE, more[i].advice), 0, "madvise %s (%d) on a mapped page",
                  more[i].name, more[i].advice);
    sc2(SYS_munmap, p, 3 * PAGE);
}

/* MADV_POPULATE_* really fault the pages in. A write fault gives a private file mapping its
 * own copy, which later writes to the file no longer reach; a read fault of a page past the
 * end of the file fails as a touch would. */
static void test_madvise_populate(void)
{
    long fd = sc3(SYS_open, "/tmp/memory.populate", O_RDWR | O_CREAT | O_TRUNC, 0644);
    sc3(SYS_write, fd, "original", 8);
    char *m = (char *)map(0, 2 * PAGE, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
    if (!mapped((long)m, "mmap a one-page /tmp file privately, 2 pages long"))
        return;
    CHECK_RET(sc3(SYS_madvise, m, PAGE, MADV_POPULATE_WRITE), 0, "MADV_POPULATE_WRITE on the file's page");
    sc4(SYS_pwrite64, fd, "replaced", 8, 0);
    CHECK(memcmp(m, "original", 8) == 0, "the page was copied then: a later write() to the file is not seen");
    CHECK_RET(sc3(SYS_madvise, m + PAGE, PAGE, MADV_POPULATE_READ), -EFAULT,
              "MADV_POPULATE_READ of the page past end of file");
    sc2(SYS_munmap, m, 2 * PAGE);
    sc1(SYS_close, fd);
}

/* A MAP_SHARED mapping follows the file through truncation: the page past the new end is
 * inaccessible, and once new data is written the old mapping shows it and can store into it. */
static void test_shared_after_truncate(void)
{
    char buf[8] = {0};
    long fd = sc3(SYS_open, "/tmp/memory.trunc", O_RDWR | O_CREAT | O_TRUNC, 0644);
    sc3(SYS_write, fd, "hello world", 11);
    char *m = (char *)map(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
    if (!mapped((long)m, "mmap a /tmp file MAP_SHARED"))
        return;
    CHECK(memcmp(m, "hello world", 11) == 0, "the mapping shows the file");
    long again = sc3(SYS_open, "/tmp/memory.trunc", O_RDWR | O_TRUNC, 0);
    CHECK(!readable((long)m), "after open(O_TRUNC) the mapped page is past end of file: inaccessible");
    CHECK_RET(sc4(SYS_pwrite64, again, "NEWDATA", 7, 0), 7, "write new data into the truncated file");
    if (!CHECK(readable((long)m), "the mapped page is accessible again"))
        return;
    CHECK(memcmp(m, "NEWDATA", 7) == 0, "the mapping made before shows the new data");
    CHECK(all_bytes(m + 7, 4, 0), "the old bytes past the new end are gone (zero)");
    m[0] = 'Z';
    sc4(SYS_pread64, again, buf, 7, 0);
    CHECK(memcmp(buf, "ZEWDATA", 7) == 0, "a store through the mapping reaches the file (got \"%.7s\")", buf);
    sc2(SYS_munmap, m, PAGE);
    sc1(SYS_close, again);
    sc1(SYS_close, fd);
}

/* A MAP_PRIVATE mapping reads the file as it is when a page is first touched, so bytes the file
 * gained after mmap show in pages not touched yet, even one that was past end of file. */
static void test_private_sees_growth(void)
{
    static char fill[PAGE + 1000];
    long fd = sc3(SYS_open, "/tmp/memory.grow", O_RDWR | O_CREAT | O_TRUNC, 0644);
    sc3(SYS_write, fd, "abc", 3);
    char *m = (char *)map(0, 2 * PAGE, PROT_READ, MAP_PRIVATE, fd, 0);
    if (!mapped((long)m, "mmap a 3-byte /tmp file MAP_PRIVATE, 2 pages long"))
        return;
    memset(fill, 'q', sizeof(fill));
    CHECK_RET(sc4(SYS_pwrite64, fd, fill, sizeof(fill), 3), (long)sizeof(fill), "the file grows past a page");
    CHECK(m[10] == 'q', "the untouched first page shows the new bytes (got %#x)", m[10]);
    CHECK(readable((long)m + PAGE) && m[PAGE + 4] == 'q',
          "the second page, past end of file at mmap time, shows them too");
    sc2(SYS_munmap, m, 2 * PAGE);
    sc1(SYS_close, fd);
}

/* Which mappings each advice and flag applies to, as Linux decides it. */
static void test_advice_and_flags_by_mapping(long file_fd)
{
    long ro = map_anon(PAGE, PROT_READ), none = map_anon(PAGE, PROT_NONE);
    long shared = map(0, PAGE, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    long file = map(0, PAGE, PROT_READ, MAP_PRIVATE, file_fd, 0);
    CHECK_RET(sc3(SYS_madvise, ro, PAGE, MADV_POPULATE_WRITE), -EINVAL,
              "MADV_POPULATE_WRITE on a read-only mapping");
    CHECK_RET(sc3(SYS_madvise, none, PAGE, MADV_POPULATE_READ), -EINVAL,
              "MADV_POPULATE_READ on a PROT_NONE mapping");
    CHECK_RET(sc3(SYS_madvise, shared, PAGE, MADV_FREE), -EINVAL, "MADV_FREE on shared memory");
    CHECK_RET(sc3(SYS_madvise, file, PAGE, MADV_FREE), -EINVAL, "MADV_FREE on a file mapping");
    CHECK_RET(sc3(SYS_madvise, file, PAGE, MADV_WIPEONFORK), -EINVAL, "MADV_WIPEONFORK on a file mapping");
    CHECK_RET(sc3(SYS_madvise, ro, PAGE, MADV_WIPEONFORK), 0, "MADV_WIPEONFORK on private anonymous memory");
    CHECK_RET(map(0, PAGE, PROT_READ, MAP_PRIVATE | MAP_HUGETLB, file_fd, 0), -EINVAL,
              "MAP_HUGETLB on a RAM file");
    CHECK_RET(map(0, 0, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS | MAP_HUGETLB, -1, 0), -EINVAL,
              "MAP_HUGETLB of length 0 is EINVAL before anything else");
    sc2(SYS_munmap, ro, PAGE);
    sc2(SYS_munmap, none, PAGE);
    sc2(SYS_munmap, shared, PAGE);
    sc2(SYS_munmap, file, PAGE);
}

int main(void)
{
    probe_fd = sc3(SYS_open, "/tmp/memory.probe", O_RDWR | O_CREAT | O_TRUNC, 0644);
    zero_fd = open_or_note("/dev/zero", O_RDWR, 0);
    long lines = open_or_note("/data/lines.txt", O_RDONLY, 0);
    test_brk();
    test_mmap_anon();
    test_mmap_placement();
    test_mmap_errors(lines);
    test_mmap_file(lines);
    test_mmap_shared_file();
    test_munmap();
    test_mprotect();
    test_madvise();
    test_madvise_populate();
    test_shared_after_truncate();
    test_private_sees_growth();
    test_advice_and_flags_by_mapping(lines);
    return tap_done();
}
