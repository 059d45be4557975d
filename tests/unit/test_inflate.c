/* Host tests for lib/inflate.c. Test vectors come from the host's gzip, run at test time over
 * data this test writes; what gzip never produces (stored blocks, header extras, invalid code
 * tables) is crafted by hand with a small bit writer. Corrupted and truncated inputs must fail
 * cleanly, which ASan checks as much as the return values do. */
/* UNIT-SOURCES: lib/inflate.c */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "tap.h"
#include "rng.h"
#include "inflate.h"
#include "kmalloc.h"
#include "uapi/errno.h"

#define MiB (1024 * 1024)
#define NO_LIMIT ((size_t)-1)

static char tmpdir[] = "/tmp/test_inflate.XXXXXX";
#define RNG_SEED 0x9e3779b97f4a7c15ull

/* Bitwise CRC-32, independent of the table-driven one under test. */
static u32 ref_crc32(const u8 *p, size_t n)
{
    u32 c = 0xffffffffu;
    for (size_t i = 0; i < n; i++) {
        c ^= p[i];
        for (int k = 0; k < 8; k++)
            c = (c >> 1) ^ (0xedb88320u & -(c & 1));
    }
    return ~c;
}

static void put_le32(u8 *p, u32 v)
{
    for (int i = 0; i < 4; i++)
        p[i] = (u8)(v >> (8 * i));
}

/* Compresses data with `gzip -c <opts>`; the file is named so that gzip records an FNAME. */
static u8 *gzip_host(const char *opts, const u8 *data, size_t n, size_t *gzlen)
{
    char path[128], cmd[256];
    snprintf(path, sizeof(path), "%s/data.txt", tmpdir);
    FILE *f = fopen(path, "wb");
    if (!f || fwrite(data, 1, n, f) != n || fclose(f))
        abort();
    snprintf(cmd, sizeof(cmd), "gzip -c %s %s", opts, path);
    FILE *p = popen(cmd, "r");
    if (!p)
        abort();
    size_t cap = n + 4096, len = 0, got;
    u8 *buf = malloc(cap);
    while ((got = fread(buf + len, 1, cap - len, p)) > 0)
        if ((len += got) == cap)
            buf = realloc(buf, cap *= 2);
    if (pclose(p) != 0)
        abort();
    *gzlen = len;
    return buf;
}

/* Runs gunzip and compares with the expected output; returns gunzip's result. */
static int expect_gunzip(const u8 *gz, size_t gzlen, size_t max, const u8 *want, size_t wantlen,
                         const char *what)
{
    u8 *out = NULL;
    size_t outlen = 0;
    int err = gunzip(gz, gzlen, max, &out, &outlen);
    if (err == 0) {
        CHECK(outlen == wantlen && memcmp(out, want, wantlen) == 0,
              "%s: output matches (%zu bytes)", what, outlen);
        kfree(out);
    } else {
        CHECK(0, "%s: gunzip failed with %d", what, err);
    }
    return err;
}

/* gunzip must fail with exactly `want_err`. */
static void expect_error(const u8 *gz, size_t gzlen, int want_err, const char *what)
{
    u8 *out = (u8 *)0x1;
    size_t outlen = 12345;
    int err = gunzip(gz, gzlen, NO_LIMIT, &out, &outlen);
    CHECK(err == want_err && out == (u8 *)0x1 && outlen == 12345,
          "%s: fails with %d (got %d)", what, want_err, err);
    if (err == 0)
        kfree(out);
}

static u8 *make_random(size_t n)
{
    u8 *p = malloc(n ? n : 1);
    for (size_t i = 0; i < n; i++)
        p[i] = (u8)rng();
    return p;
}

/* Word salad: compressible text with plenty of matches at all distances. */
static u8 *make_text(size_t n)
{
    static const char *words[] = { "the", "kernel", "inflates", "a", "gzip", "member",
        "initramfs", "with", "huffman", "codes", "and", "back", "references", "\n",
        "deflate", "stored", "block", "distance", "length", "literal," };
    u8 *p = malloc(n ? n : 1);
    size_t i = 0;
    while (i < n) {
        const char *w = words[rng() % ARRAY_SIZE(words)];
        for (size_t k = 0; w[k] && i < n; k++)
            p[i++] = (u8)w[k];
        if (i < n)
            p[i++] = ' ';
    }
    return p;
}

static void roundtrip(const char *name, const u8 *data, size_t n)
{
    static const char *levels[] = { "", "-1", "-9" };
    char what[96];
    for (size_t i = 0; i < ARRAY_SIZE(levels); i++) {
        size_t gzlen;
        u8 *gz = gzip_host(levels[i], data, n, &gzlen);
        snprintf(what, sizeof(what), "%s via gzip %s", name, levels[i][0] ? levels[i] : "-6");
        CHECK(is_gzip(gz, gzlen), "%s: is_gzip", what);
        expect_gunzip(gz, gzlen, NO_LIMIT, data, n, what);
        free(gz);
    }
}

static void test_roundtrips(void)
{
    size_t sizes[] = { 0, 1, 100, 70000, MiB };
    for (size_t i = 0; i < ARRAY_SIZE(sizes); i++) {
        char name[64];
        u8 *rnd = make_random(sizes[i]), *txt = make_text(sizes[i]);
        u8 *zero = calloc(1, sizes[i] ? sizes[i] : 1);
        snprintf(name, sizeof(name), "random %zu", sizes[i]);
        roundtrip(name, rnd, sizes[i]);
        snprintf(name, sizeof(name), "text %zu", sizes[i]);
        roundtrip(name, txt, sizes[i]);
        snprintf(name, sizeof(name), "zeros %zu", sizes[i]);
        roundtrip(name, zero, sizes[i]);
        free(rnd);
        free(txt);
        free(zero);
    }
}

static void test_is_gzip(void)
{
    const u8 good[] = { 0x1f, 0x8b, 8 }, bad_method[] = { 0x1f, 0x8b, 7 };
    CHECK(is_gzip(good, 3), "is_gzip: magic and method 8");
    CHECK(!is_gzip(good, 2), "is_gzip: too short");
    CHECK(!is_gzip(bad_method, 3), "is_gzip: other method");
    CHECK(!is_gzip((const u8 *)"070701", 6), "is_gzip: a cpio archive is not gzip");
}

/* Two members, and a padded image, as the kernel may be given. */
static void test_concatenation_and_padding(void)
{
    size_t la, lb, na = 5000, nb = 3000;
    u8 *a = make_text(na), *b = make_random(nb);
    u8 *ga = gzip_host("-9", a, na, &la), *gb = gzip_host("-1", b, nb, &lb);
    u8 *both = malloc(la + lb + 600), *want = malloc(na + nb);
    memcpy(both, ga, la);
    memcpy(both + la, gb, lb);
    memcpy(want, a, na);
    memcpy(want + na, b, nb);
    expect_gunzip(both, la + lb, NO_LIMIT, want, na + nb, "two concatenated members");
    memset(both + la + lb, 0, 600);
    expect_gunzip(both, la + lb + 600, NO_LIMIT, want, na + nb, "members plus zero padding");
    both[la + lb + 599] = 1;
    expect_error(both, la + lb + 600, -EINVAL, "trailing garbage after padding");
    memcpy(both + la + lb, "junk", 4);
    expect_error(both, la + lb + 4, -EINVAL, "trailing garbage right after a member");
    expect_error(both, 0, -EINVAL, "empty input");
    memset(both, 0, 64);
    expect_error(both, 64, -EINVAL, "padding only");
    free(a), free(b), free(ga), free(gb), free(both), free(want);
}

static void test_output_limit(void)
{
    size_t gzlen;
    u8 *zero = calloc(1, MiB), *gz = gzip_host("", zero, MiB, &gzlen);
    u8 *out;
    size_t outlen;
    CHECK_EQ(gunzip(gz, gzlen, MiB - 1, &out, &outlen), -E2BIG, "1 MiB into MiB-1: E2BIG");
    expect_gunzip(gz, gzlen, MiB, zero, MiB, "1 MiB into exactly 1 MiB");
    free(gz);
    gz = gzip_host("", zero, 0, &gzlen);
    expect_gunzip(gz, gzlen, 0, zero, 0, "empty output with max_out 0");
    free(gz);
    free(zero);
}

/* ---- hand-crafted streams ---- */

struct bitwriter {
    u8 buf[70000];
    size_t len;
    unsigned nbits;   /* bits used in buf[len] */
};

static void bw_put(struct bitwriter *w, u32 value, unsigned n)
{
    for (unsigned i = 0; i < n; i++) {
        if (w->nbits == 0)
            w->buf[w->len] = 0;
        w->buf[w->len] |= (u8)(((value >> i) & 1) << w->nbits);
        if (++w->nbits == 8) {
            w->nbits = 0;
            w->len++;
        }
    }
}

/* Huffman codes go most significant bit first. */
static void bw_code(struct bitwriter *w, u32 code, unsigned n)
{
    for (unsigned i = n; i-- > 0;)
        bw_put(w, (code >> i) & 1, 1);
}

static void bw_align(struct bitwriter *w)
{
    if (w->nbits) {
        w->nbits = 0;
        w->len++;
    }
}

/* The fixed literal/length code of RFC 1951 section 3.2.6. */
static void bw_fixed_sym(struct bitwriter *w, unsigned sym)
{
    if (sym < 144)
        bw_code(w, 0x30 + sym, 8);
    else if (sym < 256)
        bw_code(w, 0x190 + sym - 144, 9);
    else if (sym < 280)
        bw_code(w, sym - 256, 7);
    else
        bw_code(w, 0xc0 + sym - 280, 8);
}

static void bw_stored(struct bitwriter *w, bool final, const u8 *data, u16 n)
{
    bw_put(w, final, 1);
    bw_put(w, 0, 2);
    bw_align(w);
    w->buf[w->len++] = (u8)n;
    w->buf[w->len++] = (u8)(n >> 8);
    w->buf[w->len++] = (u8)~n;
    w->buf[w->len++] = (u8)(~n >> 8);
    memcpy(w->buf + w->len, data, n);
    w->len += n;
}

/* Wraps a raw DEFLATE stream into a gzip member with the given header flags and trailer. */
static size_t wrap_member(u8 *dst, u8 flags, const struct bitwriter *w, const u8 *plain,
                          size_t plainlen)
{
    static const u8 extra[] = { 4, 0, 'A', 'p', 0, 0 };
    size_t n = 0;
    u8 hdr[] = { 0x1f, 0x8b, 8, flags, 1, 2, 3, 4, 0, 3 };
    memcpy(dst, hdr, sizeof(hdr));
    n += sizeof(hdr);
    if (flags & 0x04) {
        memcpy(dst + n, extra, sizeof(extra));
        n += sizeof(extra);
    }
    if (flags & 0x08)
        n += (size_t)sprintf((char *)dst + n, "name.cpio") + 1;
    if (flags & 0x10)
        n += (size_t)sprintf((char *)dst + n, "a comment") + 1;
    if (flags & 0x02) {
        u32 hcrc = ref_crc32(dst, n);
        dst[n++] = (u8)hcrc;
        dst[n++] = (u8)(hcrc >> 8);
    }
    memcpy(dst + n, w->buf, w->len + (w->nbits != 0));
    n += w->len + (w->nbits != 0);
    put_le32(dst + n, ref_crc32(plain, plainlen));
    put_le32(dst + n + 4, (u32)plainlen);
    return n + 8;
}

static void test_stored_blocks(void)
{
    static struct bitwriter w;
    static u8 gz[140000];
    size_t n = 65535 + 10;
    u8 *plain = make_random(n);
    w.len = w.nbits = 0;
    bw_stored(&w, false, plain, 65535);
    bw_stored(&w, false, plain, 0);
    bw_stored(&w, true, plain + 65535, 10);
    size_t len = wrap_member(gz, 0, &w, plain, n);
    expect_gunzip(gz, len, NO_LIMIT, plain, n, "stored blocks (65535, empty, 10 bytes)");
    gz[10 + 2] ^= 0x01;     /* LEN no longer the complement of NLEN */
    expect_error(gz, len, -EINVAL, "stored block with bad NLEN");
    gz[10 + 2] ^= 0x01;
    expect_error(gz, len - 9, -EINVAL, "stored block truncated");

    /* A fixed block that ends mid-byte, then a stored block: the reader must realign. */
    w.len = w.nbits = 0;
    bw_put(&w, 0, 1);
    bw_put(&w, 1, 2);
    bw_fixed_sym(&w, 'x');
    bw_fixed_sym(&w, 256);
    bw_stored(&w, true, (const u8 *)"yz", 2);
    len = wrap_member(gz, 0, &w, (const u8 *)"xyz", 3);
    expect_gunzip(gz, len, NO_LIMIT, (const u8 *)"xyz", 3, "fixed block then stored block");
    free(plain);
}

/* "abcabcabc...": a literal run then an overlapping match. */
static void craft_fixed_match(struct bitwriter *w, unsigned dist_code)
{
    w->len = w->nbits = 0;
    bw_put(w, 1, 1);
    bw_put(w, 1, 2);
    bw_fixed_sym(w, 'a');
    bw_fixed_sym(w, 'b');
    bw_fixed_sym(w, 'c');
    bw_fixed_sym(w, 257 + 7);        /* length 10 */
    bw_code(w, dist_code, 5);
    bw_fixed_sym(w, 256);
}

static void test_header_fields(void)
{
    static struct bitwriter w;
    static u8 gz[256];
    const u8 *want = (const u8 *)"abcabcabcabca";
    craft_fixed_match(&w, 2);        /* distance 3 */
    size_t len = wrap_member(gz, 0x02 | 0x04 | 0x08 | 0x10, &w, want, 13);
    expect_gunzip(gz, len, NO_LIMIT, want, 13, "FHCRC+FEXTRA+FNAME+FCOMMENT, overlapping match");
    gz[20] ^= 0x20;     /* inside FNAME: the header CRC no longer matches */
    expect_error(gz, len, -EINVAL, "bad FHCRC");
    len = wrap_member(gz, 0x20, &w, want, 13);
    expect_error(gz, len, -EINVAL, "reserved flag bit set");
    len = wrap_member(gz, 0x08, &w, want, 13);
    expect_error(gz, 15, -EINVAL, "FNAME without its NUL");
    len = wrap_member(gz, 0, &w, want, 13);
    gz[2] = 7;
    expect_error(gz, len, -EINVAL, "compression method 7");
    gz[2] = 8;
    gz[len - 8] ^= 1;
    expect_error(gz, len, -EINVAL, "CRC32 mismatch");
    gz[len - 8] ^= 1;
    gz[len - 4] ^= 1;
    expect_error(gz, len, -EINVAL, "ISIZE mismatch");
}

static void test_bad_streams(void)
{
    static struct bitwriter w;
    static u8 gz[256];
    const u8 *want = (const u8 *)"abcabcabcabca";
    size_t len;

    craft_fixed_match(&w, 4);        /* distance 5, but only 3 bytes exist */
    len = wrap_member(gz, 0, &w, want, 13);
    expect_error(gz, len, -EINVAL, "distance too far back");
    craft_fixed_match(&w, 30);
    len = wrap_member(gz, 0, &w, want, 13);
    expect_error(gz, len, -EINVAL, "distance code 30");

    w.len = w.nbits = 0;
    bw_put(&w, 1, 1);
    bw_put(&w, 1, 2);
    bw_fixed_sym(&w, 286);
    len = wrap_member(gz, 0, &w, want, 0);
    expect_error(gz, len, -EINVAL, "length code 286");

    w.len = w.nbits = 0;
    bw_put(&w, 1, 1);
    bw_put(&w, 3, 2);
    len = wrap_member(gz, 0, &w, want, 0);
    expect_error(gz, len, -EINVAL, "block type 3");
}

/* A member of "x", then a member whose first symbol refers back into the previous one. */
static void test_no_reference_across_members(void)
{
    static struct bitwriter w;
    static u8 gz[256];
    w.len = w.nbits = 0;
    bw_put(&w, 1, 1);
    bw_put(&w, 1, 2);
    bw_fixed_sym(&w, 'x');
    bw_fixed_sym(&w, 256);
    size_t len = wrap_member(gz, 0, &w, (const u8 *)"x", 1);
    w.len = w.nbits = 0;
    bw_put(&w, 1, 1);
    bw_put(&w, 1, 2);
    bw_fixed_sym(&w, 257);
    bw_code(&w, 0, 5);
    bw_fixed_sym(&w, 256);
    len += wrap_member(gz + len, 0, &w, (const u8 *)"xxx", 3);
    expect_error(gz, len, -EINVAL, "match reaching into the previous member");
}

/* Starts a final dynamic block with the given HLIT and HDIST and all 19 code length code
 * lengths (indexed by symbol). */
static void dynamic_header(struct bitwriter *w, unsigned hlit, unsigned hdist, const u8 cl[19])
{
    static const u8 order[19] = { 16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14,
                                  1, 15 };
    w->len = w->nbits = 0;
    bw_put(w, 1, 1);
    bw_put(w, 2, 2);
    bw_put(w, hlit - 257, 5);
    bw_put(w, hdist - 1, 5);
    bw_put(w, 15, 4);
    for (int i = 0; i < 19; i++)
        bw_put(w, cl[order[i]], 3);
}

/* Code length code {0: "0", 1: "1"}; the n lengths are 1 for the symbols in `ones`. */
static const u8 cl_zero_one[19] = { [0] = 1, [1] = 1 };
static void lengths_zero_one(struct bitwriter *w, unsigned n, int one_a, int one_b)
{
    for (int i = 0; i < (int)n; i++)
        bw_code(w, i == one_a || i == one_b, 1);
}

static void test_dynamic_tables(void)
{
    static struct bitwriter w;
    static u8 gz[256];
    size_t len;

    /* Literal 0 and end-of-block get length 1; no distance codes at all (allowed). The block
     * then holds literal 0 ("0") and end-of-block ("1"). */
    dynamic_header(&w, 257, 1, cl_zero_one);
    lengths_zero_one(&w, 258, 0, 256);
    bw_code(&w, 0, 1);
    bw_code(&w, 1, 1);
    len = wrap_member(gz, 0, &w, (const u8 *)"", 1);
    expect_gunzip(gz, len, NO_LIMIT, (const u8 *)"", 1, "hand-made dynamic block");

    /* The same block declaring 287 literal/length codes, one more than DEFLATE has. */
    dynamic_header(&w, 287, 1, cl_zero_one);
    lengths_zero_one(&w, 288, 0, 256);
    bw_code(&w, 0, 1);
    bw_code(&w, 1, 1);
    len = wrap_member(gz, 0, &w, (const u8 *)"", 1);
    expect_error(gz, len, -EINVAL, "HLIT above 286");
    dynamic_header(&w, 257, 32, cl_zero_one);
    lengths_zero_one(&w, 257 + 32, 0, 256);
    bw_code(&w, 0, 1);
    bw_code(&w, 1, 1);
    len = wrap_member(gz, 0, &w, (const u8 *)"", 1);
    expect_error(gz, len, -EINVAL, "HDIST above 30");

    /* Literal 0 gets "0" and end-of-block "10": "11" is left unassigned. */
    static const u8 cl_three[19] = { [0] = 1, [1] = 2, [2] = 2 };
    dynamic_header(&w, 257, 1, cl_three);
    for (int i = 0; i < 258; i++)
        bw_code(&w, i == 0 ? 2 : i == 256 ? 3 : 0, i == 0 || i == 256 ? 2 : 1);
    bw_code(&w, 0, 1);
    bw_code(&w, 2, 2);
    len = wrap_member(gz, 0, &w, (const u8 *)"", 1);
    expect_error(gz, len, -EINVAL, "incomplete literal/length code");

    /* Without an end-of-block code the block could never end. */
    dynamic_header(&w, 257, 1, cl_zero_one);
    lengths_zero_one(&w, 258, 0, 1);
    len = wrap_member(gz, 0, &w, (const u8 *)"", 0);
    expect_error(gz, len, -EINVAL, "dynamic block without end-of-block code");

    static const u8 cl_zero_repeat[19] = { [0] = 1, [16] = 1 };
    dynamic_header(&w, 257, 1, cl_zero_repeat);
    bw_code(&w, 1, 1);       /* symbol 16: repeat the previous length, but there is none */
    len = wrap_member(gz, 0, &w, (const u8 *)"", 0);
    expect_error(gz, len, -EINVAL, "repeat code with no previous length");

    static const u8 cl_zero_run[19] = { [0] = 1, [18] = 1 };
    dynamic_header(&w, 257, 1, cl_zero_run);
    bw_code(&w, 1, 1);       /* 18: 11 + 127 zeros, twice, overruns the 258 lengths */
    bw_put(&w, 127, 7);
    bw_code(&w, 1, 1);
    bw_put(&w, 127, 7);
    len = wrap_member(gz, 0, &w, (const u8 *)"", 0);
    expect_error(gz, len, -EINVAL, "zero run past the end of the lengths");

    static const u8 cl_all_one[19] = { 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1 };
    dynamic_header(&w, 257, 1, cl_all_one);
    len = wrap_member(gz, 0, &w, (const u8 *)"", 0);
    expect_error(gz, len, -EINVAL, "over-subscribed code length code");
}

/* Every proper prefix of a member is truncated and must be rejected. */
static void test_truncations(void)
{
    size_t gzlen, n = 3000;
    u8 *txt = make_text(n), *gz = gzip_host("-9", txt, n, &gzlen);
    int failures = 0;
    for (size_t cut = 0; cut < gzlen; cut++) {
        u8 *copy = malloc(cut ? cut : 1);   /* exact size, so ASan sees any over-read */
        memcpy(copy, gz, cut);
        u8 *out;
        size_t outlen;
        int err = gunzip(copy, cut, NO_LIMIT, &out, &outlen);
        failures += err != -EINVAL;
        if (err == 0)
            kfree(out);
        free(copy);
    }
    CHECK(failures == 0, "all %zu truncations rejected with -EINVAL (%d were not)", gzlen,
          failures);
    free(txt);
    free(gz);
}

/* Corrupting any byte must either fail or, for bytes gunzip ignores (MTIME, XFL, OS, the
 * FNAME text), still give the right output. */
static void test_corruptions(void)
{
    size_t gzlen, n = 3000;
    u8 *txt = make_text(n), *gz = gzip_host("", txt, n, &gzlen);
    u8 *copy = malloc(gzlen);
    int wrong = 0, rejected = 0;
    for (size_t i = 0; i < gzlen; i++) {
        for (int flip = 0; flip < 8; flip++) {
            memcpy(copy, gz, gzlen);
            copy[i] ^= (u8)(1 << flip);
            u8 *out;
            size_t outlen;
            int err = gunzip(copy, gzlen, NO_LIMIT, &out, &outlen);
            if (err == 0) {
                wrong += outlen != n || memcmp(out, txt, n) != 0;
                kfree(out);
            } else {
                rejected++;
                wrong += err != -EINVAL;
            }
        }
    }
    CHECK(wrong == 0, "single bit flips: no wrong output or unexpected error (%d rejected)",
          rejected);
    CHECK(rejected > (int)(gzlen * 8) - 200, "single bit flips outside the header all rejected");
    free(copy);
    free(txt);
    free(gz);
}

/* Random multi-byte damage to a larger member: no crash, no acceptance. */
static void test_random_damage(void)
{
    size_t gzlen, n = 40000;
    u8 *txt = make_text(n), *gz = gzip_host("", txt, n, &gzlen);
    u8 *copy = malloc(gzlen);
    int accepted = 0;
    for (int iter = 0; iter < 3000; iter++) {
        memcpy(copy, gz, gzlen);
        int hits = 1 + rng() % 6;
        for (int h = 0; h < hits; h++)
            copy[30 + rng() % (gzlen - 30)] = (u8)rng();
        size_t len = iter % 2 ? gzlen : 30 + rng() % (gzlen - 30);
        u8 *out;
        size_t outlen;
        if (gunzip(copy, len, 200000, &out, &outlen) == 0) {
            accepted += outlen != n || memcmp(out, txt, n) != 0;
            kfree(out);
        }
    }
    CHECK(accepted == 0, "3000 randomly damaged members: none decoded to wrong data");
    free(copy);
    free(txt);
    free(gz);
}

int main(void)
{
    rng_state = RNG_SEED;
    if (!mkdtemp(tmpdir)) {
        perror("mkdtemp");
        return 1;
    }
    test_is_gzip();
    test_roundtrips();
    test_concatenation_and_padding();
    test_output_limit();
    test_stored_blocks();
    test_header_fields();
    test_bad_streams();
    test_no_reference_across_members();
    test_dynamic_tables();
    test_truncations();
    test_corruptions();
    test_random_damage();
    char cmd[128];
    snprintf(cmd, sizeof(cmd), "rm -rf %s", tmpdir);
    if (system(cmd) != 0)
        fprintf(stderr, "could not remove %s\n", tmpdir);
    return tap_end();
}
