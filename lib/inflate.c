/* gunzip: the gzip member format of RFC 1952 wrapped around the DEFLATE format of RFC 1951.
 * The kernel uses it to unpack a gzip-compressed initramfs.
 *
 * The input may be hostile, so every read of the compressed stream is bounded: the bit reader
 * feeds zero bytes once the input runs out and counts them, and the decoder checks after each
 * symbol that none of those invented bits were consumed. Output grows in a kmalloc'ed buffer
 * capped at the caller's limit; back-references are checked against what this member has
 * produced so far.
 *
 * Huffman codes are decoded through a table indexed by the next FAST_BITS bits of input, which
 * resolves almost every symbol in one lookup; longer codes fall back to walking the canonical
 * code length by length. */
#include "inflate.h"
#include "kmalloc.h"
#include "kstring.h"
#include "uapi/errno.h"

#define MAX_CODE_BITS 15        /* DEFLATE codes are at most 15 bits long */
#define FAST_BITS 9             /* codes up to this length resolve in one table lookup */
#define NUM_LITLEN_CODES 288    /* 0-255 literals, 256 end of block, 257-285 lengths, 2 unused */
#define NUM_DIST_CODES 32       /* 0-29 used; the fixed code defines 30 and 31 but forbids them */
#define NUM_CODELEN_CODES 19
#define MAX_HLIT 286
#define MAX_HDIST 30
#define END_OF_BLOCK 256
#define FIRST_LENGTH_CODE 257

/* gzip header flag bits (RFC 1952 section 2.3.1). */
#define GZ_FHCRC 0x02
#define GZ_FEXTRA 0x04
#define GZ_FNAME 0x08
#define GZ_FCOMMENT 0x10
#define GZ_FRESERVED 0xe0
#define GZ_HEADER_SIZE 10
#define GZ_TRAILER_SIZE 8

/* A canonical Huffman code. fast[] entries hold (length << 9) | symbol, or 0 when the code
 * starting with those bits is longer than FAST_BITS (or unassigned). */
struct huffman {
    u16 count[MAX_CODE_BITS + 1];   /* how many codes have each length */
    u16 symbol[NUM_LITLEN_CODES];   /* symbols in canonical code order */
    u16 fast[1u << FAST_BITS];
};
#define FAST_LEN_SHIFT 9
#define FAST_SYM_MASK 0x1ff

/* Reads the stream least significant bit first, as DEFLATE packs it. */
struct bitreader {
    const u8 *in;
    size_t len, pos;     /* pos: next input byte not yet in the bit buffer */
    u64 bits;
    unsigned nbits;
    size_t padding;      /* zero bytes invented past the end of the input */
};

struct outbuf {
    u8 *data;
    size_t len, cap, max;
};

struct inflater {
    struct bitreader br;
    struct outbuf out;
    size_t member_start;                 /* output offset where the current member began */
    struct huffman litlen, dist, codelen;
    struct huffman fixed_litlen, fixed_dist;
    bool fixed_built;
    u8 lens[MAX_HLIT + MAX_HDIST];
    u32 crc_table[256];
};

/* RFC 1951 section 3.2.5: base values and extra bits of the length and distance codes. */
static const u16 length_base[29] = {
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31,
    35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258 };
static const u8 length_extra[29] = {
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0 };
static const u16 dist_base[30] = {
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769,
    1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577 };
static const u8 dist_extra[30] = {
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12,
    13, 13 };
/* The order in which a dynamic block lists the code length code's own lengths (3.2.7). */
static const u8 codelen_order[NUM_CODELEN_CODES] = {
    16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15 };

/* ---- CRC-32 (the reflected polynomial 0xEDB88320 of ISO 3309, as gzip uses) ---- */

/* The table lives in the per-call state rather than in a global so that no initialisation
 * order or concurrency question arises; building it costs about 2k operations. */
static void crc32_init(u32 table[256])
{
    for (u32 n = 0; n < 256; n++) {
        u32 c = n;
        for (int k = 0; k < 8; k++)
            c = (c & 1) ? 0xedb88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
}

static u32 crc32(const u32 table[256], const u8 *p, size_t n)
{
    u32 c = 0xffffffffu;
    for (size_t i = 0; i < n; i++)
        c = table[(c ^ p[i]) & 0xff] ^ (c >> 8);
    return c ^ 0xffffffffu;
}

static u32 get_le32(const u8 *p)
{
    return (u32)p[0] | (u32)p[1] << 8 | (u32)p[2] << 16 | (u32)p[3] << 24;
}

/* ---- bit reader ---- */

static void br_refill(struct bitreader *br)
{
    while (br->nbits <= 56) {
        u64 byte = 0;
        if (br->pos < br->len)
            byte = br->in[br->pos++];
        else
            br->padding++;
        br->bits |= byte << br->nbits;
        br->nbits += 8;
    }
}

/* True once a bit beyond the real input has been consumed: the stream is truncated. Padding
 * bytes sit at the top of the buffer, so that happened iff fewer bits remain than padding. */
static bool br_overrun(const struct bitreader *br)
{
    return br->nbits < br->padding * 8;
}

static void br_drop(struct bitreader *br, unsigned n)
{
    br->bits >>= n;
    br->nbits -= n;
}

/* Reads n <= 32 bits. */
static u32 br_get(struct bitreader *br, unsigned n)
{
    if (br->nbits < n)
        br_refill(br);
    u32 v = (u32)(br->bits & ((1ull << n) - 1));
    br_drop(br, n);
    return v;
}

/* Skips to the next byte boundary and hands the whole bytes still buffered back to the input,
 * so that byte-oriented parsing (stored blocks, the gzip trailer) can continue at br->pos. */
static int br_unload(struct bitreader *br)
{
    br_drop(br, br->nbits % 8);
    if (br_overrun(br))
        return -EINVAL;
    br->pos -= br->nbits / 8 - br->padding;
    br->bits = 0;
    br->nbits = 0;
    br->padding = 0;
    return 0;
}

/* ---- Huffman codes ---- */

static unsigned reverse_bits(unsigned code, unsigned len)
{
    unsigned r = 0;
    for (unsigned i = 0; i < len; i++, code >>= 1)
        r = (r << 1) | (code & 1);
    return r;
}

/* Fills the lookup table. Codes are assigned in canonical order (section 3.2.2) and sent most
 * significant bit first, so a code's table slots are its bit-reversal plus every pattern of
 * the bits that follow it. */
static void huffman_fill_fast(struct huffman *h)
{
    unsigned code = 0, index = 0;
    memset(h->fast, 0, sizeof(h->fast));
    for (unsigned len = 1; len <= FAST_BITS; len++, code <<= 1) {
        for (unsigned k = 0; k < h->count[len]; k++, code++) {
            u16 entry = (u16)(len << FAST_LEN_SHIFT | h->symbol[index++]);
            for (unsigned slot = reverse_bits(code, len); slot < (1u << FAST_BITS);
                 slot += 1u << len)
                h->fast[slot] = entry;
        }
    }
}

/* Builds the code for symbols 0..n-1 from their code lengths (0 = unused). A set of lengths
 * that over-subscribes the code space is invalid; one that leaves it incomplete is accepted
 * only with at most one code, which RFC 1951 allows for a distance code of a single symbol
 * (or none). Decoding an unassigned bit pattern later fails cleanly. */
static int huffman_build(struct huffman *h, const u8 *lens, unsigned n)
{
    u16 next[MAX_CODE_BITS + 2];
    int unclaimed = 1;
    unsigned used = 0;

    memset(h->count, 0, sizeof(h->count));
    for (unsigned i = 0; i < n; i++)
        h->count[lens[i]]++;
    for (unsigned len = 1; len <= MAX_CODE_BITS; len++) {
        unclaimed = unclaimed * 2 - h->count[len];
        if (unclaimed < 0)
            return -EINVAL;
        used += h->count[len];
    }
    if (unclaimed > 0 && used > 1)
        return -EINVAL;
    next[1] = 0;
    for (unsigned len = 1; len <= MAX_CODE_BITS; len++)
        next[len + 1] = next[len] + h->count[len];
    for (unsigned i = 0; i < n; i++)
        if (lens[i])
            h->symbol[next[lens[i]]++] = (u16)i;
    huffman_fill_fast(h);
    return 0;
}

/* Canonical decoding one bit at a time, for codes longer than FAST_BITS: at each length, the
 * codes of that length are the consecutive values starting at `first`. */
static int huffman_decode_slow(struct bitreader *br, const struct huffman *h)
{
    int code = 0, first = 0, index = 0;
    for (unsigned len = 1; len <= MAX_CODE_BITS; len++) {
        code |= (int)((br->bits >> (len - 1)) & 1);
        int count = h->count[len];
        if (code - first < count) {
            br_drop(br, len);
            return h->symbol[index + code - first];
        }
        index += count;
        first = (first + count) << 1;
        code <<= 1;
    }
    return -EINVAL;
}

/* Returns the next symbol, or -EINVAL for a bit pattern no code was assigned. */
static int huffman_decode(struct bitreader *br, const struct huffman *h)
{
    if (br->nbits < MAX_CODE_BITS)
        br_refill(br);
    u16 entry = h->fast[br->bits & ((1u << FAST_BITS) - 1)];
    if (entry) {
        br_drop(br, entry >> FAST_LEN_SHIFT);
        return entry & FAST_SYM_MASK;
    }
    return huffman_decode_slow(br, h);
}

/* ---- output ---- */

/* Makes room for n more bytes, doubling the buffer so that copying stays linear overall. */
static int out_reserve(struct outbuf *o, size_t n)
{
    if (n <= o->cap - o->len)
        return 0;
    if (n > o->max - o->len)
        return -E2BIG;
    size_t want = o->len + n;
    size_t cap = o->cap ? o->cap : 4096;
    while (cap < want)
        cap = cap > o->max / 2 ? o->max : cap * 2;
    cap = MIN(cap, o->max);
    u8 *p = o->data ? krealloc(o->data, cap) : kmalloc(cap);
    if (!p)
        return -ENOMEM;
    o->data = p;
    o->cap = cap;
    return 0;
}

static int out_byte(struct outbuf *o, u8 byte)
{
    if (unlikely(o->len == o->cap)) {
        int err = out_reserve(o, 1);
        if (err)
            return err;
    }
    o->data[o->len++] = byte;
    return 0;
}

/* Appends len bytes copied from dist bytes back. The regions may overlap (dist < len repeats
 * a pattern), so the copy goes forwards byte by byte. */
static int out_match(struct inflater *z, size_t dist, size_t len)
{
    if (dist > z->out.len - z->member_start)
        return -EINVAL;
    int err = out_reserve(&z->out, len);
    if (err)
        return err;
    u8 *dst = z->out.data + z->out.len;
    const u8 *src = dst - dist;
    for (size_t i = 0; i < len; i++)
        dst[i] = src[i];
    z->out.len += len;
    return 0;
}

/* ---- blocks ---- */

/* A length symbol has been read; read its extra bits, the distance, and copy. */
static int inflate_match(struct inflater *z, int sym, const struct huffman *dist)
{
    unsigned lcode = (unsigned)sym - FIRST_LENGTH_CODE;
    if (lcode >= ARRAY_SIZE(length_base))
        return -EINVAL;
    size_t len = length_base[lcode] + br_get(&z->br, length_extra[lcode]);
    int dcode = huffman_decode(&z->br, dist);
    if (dcode < 0)
        return dcode;
    if ((unsigned)dcode >= ARRAY_SIZE(dist_base))
        return -EINVAL;
    size_t distance = dist_base[dcode] + br_get(&z->br, dist_extra[dcode]);
    if (br_overrun(&z->br))
        return -EINVAL;
    return out_match(z, distance, len);
}

/* Decodes one Huffman-coded block's symbols up to and including its end-of-block code. */
static int inflate_codes(struct inflater *z, const struct huffman *litlen,
                         const struct huffman *dist)
{
    for (;;) {
        int sym = huffman_decode(&z->br, litlen);
        int err;
        if (sym < 0)
            return sym;
        if (sym < END_OF_BLOCK)
            err = out_byte(&z->out, (u8)sym);
        else if (sym == END_OF_BLOCK)
            return br_overrun(&z->br) ? -EINVAL : 0;
        else
            err = inflate_match(z, sym, dist);
        if (err)
            return err;
        if (br_overrun(&z->br))
            return -EINVAL;
    }
}

/* BTYPE 00: byte-aligned LEN, NLEN (its complement), then LEN raw bytes. */
static int inflate_stored(struct inflater *z)
{
    struct bitreader *br = &z->br;
    if (br_unload(br) || br->len - br->pos < 4)
        return -EINVAL;
    const u8 *p = br->in + br->pos;
    u16 len = (u16)(p[0] | p[1] << 8), nlen = (u16)(p[2] | p[3] << 8);
    if ((u16)(len ^ nlen) != 0xffff)
        return -EINVAL;
    br->pos += 4;
    if (len > br->len - br->pos)
        return -EINVAL;
    int err = out_reserve(&z->out, len);
    if (err)
        return err;
    memcpy(z->out.data + z->out.len, br->in + br->pos, len);
    z->out.len += len;
    br->pos += len;
    return 0;
}

/* BTYPE 01: the fixed code of section 3.2.6, built once per call on first use. */
static int inflate_fixed(struct inflater *z)
{
    if (!z->fixed_built) {
        u8 lens[NUM_LITLEN_CODES];
        memset(lens, 8, 144);
        memset(lens + 144, 9, 256 - 144);
        memset(lens + 256, 7, 280 - 256);
        memset(lens + 280, 8, NUM_LITLEN_CODES - 280);
        huffman_build(&z->fixed_litlen, lens, NUM_LITLEN_CODES);
        memset(lens, 5, NUM_DIST_CODES);
        huffman_build(&z->fixed_dist, lens, NUM_DIST_CODES);
        z->fixed_built = true;
    }
    return inflate_codes(z, &z->fixed_litlen, &z->fixed_dist);
}

/* Reads `total` literal/length and distance code lengths, coded with the code length code:
 * 0-15 are lengths, 16 repeats the previous length 3-6 times, 17 and 18 give runs of zeros. */
static int read_code_lengths(struct inflater *z, unsigned total)
{
    unsigned i = 0;
    while (i < total) {
        int sym = huffman_decode(&z->br, &z->codelen);
        if (sym < 0)
            return sym;
        if (sym < 16) {
            z->lens[i++] = (u8)sym;
            continue;
        }
        u8 value = 0;
        unsigned repeat;
        if (sym == 16) {
            if (i == 0)
                return -EINVAL;
            value = z->lens[i - 1];
            repeat = 3 + br_get(&z->br, 2);
        } else if (sym == 17) {
            repeat = 3 + br_get(&z->br, 3);
        } else {
            repeat = 11 + br_get(&z->br, 7);
        }
        if (repeat > total - i)
            return -EINVAL;
        memset(z->lens + i, value, repeat);
        i += repeat;
    }
    return br_overrun(&z->br) ? -EINVAL : 0;
}

/* BTYPE 10: the block starts with the description of its own codes (section 3.2.7). */
static int inflate_dynamic(struct inflater *z)
{
    unsigned hlit = br_get(&z->br, 5) + 257;
    unsigned hdist = br_get(&z->br, 5) + 1;
    unsigned hclen = br_get(&z->br, 4) + 4;
    u8 codelen_lens[NUM_CODELEN_CODES] = { 0 };
    int err;

    if (hlit > MAX_HLIT || hdist > MAX_HDIST)
        return -EINVAL;
    for (unsigned i = 0; i < hclen; i++)
        codelen_lens[codelen_order[i]] = (u8)br_get(&z->br, 3);
    if ((err = huffman_build(&z->codelen, codelen_lens, NUM_CODELEN_CODES)))
        return err;
    if ((err = read_code_lengths(z, hlit + hdist)))
        return err;
    if (z->lens[END_OF_BLOCK] == 0)
        return -EINVAL;      /* a block that cannot end */
    if ((err = huffman_build(&z->litlen, z->lens, hlit)) ||
        (err = huffman_build(&z->dist, z->lens + hlit, hdist)))
        return err;
    return inflate_codes(z, &z->litlen, &z->dist);
}

/* Inflates the blocks of one DEFLATE stream, then leaves the reader byte-aligned after it. */
static int inflate_blocks(struct inflater *z)
{
    bool last;
    do {
        last = br_get(&z->br, 1);
        unsigned type = br_get(&z->br, 2);
        int err;
        if (br_overrun(&z->br))
            return -EINVAL;
        if (type == 0)
            err = inflate_stored(z);
        else if (type == 1)
            err = inflate_fixed(z);
        else if (type == 2)
            err = inflate_dynamic(z);
        else
            err = -EINVAL;
        if (err)
            return err;
    } while (!last);
    return br_unload(&z->br);
}

/* ---- gzip framing ---- */

bool is_gzip(const u8 *in, size_t inlen)
{
    return inlen >= 3 && in[0] == 0x1f && in[1] == 0x8b && in[2] == 8;
}

/* Steps *pos past a NUL-terminated field (FNAME, FCOMMENT). */
static int skip_zstring(const u8 *in, size_t len, size_t *pos)
{
    size_t n = strnlen((const char *)in + *pos, len - *pos);
    if (n == len - *pos)
        return -EINVAL;
    *pos += n + 1;
    return 0;
}

/* Parses a member header at br.pos: magic, method, flags, then the optional fields. */
static int gzip_header(struct inflater *z)
{
    const u8 *in = z->br.in;
    size_t len = z->br.len, start = z->br.pos, pos = start;

    if (len - pos < GZ_HEADER_SIZE || !is_gzip(in + pos, len - pos))
        return -EINVAL;
    u8 flags = in[pos + 3];
    if (flags & GZ_FRESERVED)
        return -EINVAL;
    pos += GZ_HEADER_SIZE;
    if (flags & GZ_FEXTRA) {
        if (len - pos < 2)
            return -EINVAL;
        size_t xlen = in[pos] | (size_t)in[pos + 1] << 8;
        pos += 2;
        if (xlen > len - pos)
            return -EINVAL;
        pos += xlen;
    }
    if ((flags & GZ_FNAME) && skip_zstring(in, len, &pos))
        return -EINVAL;
    if ((flags & GZ_FCOMMENT) && skip_zstring(in, len, &pos))
        return -EINVAL;
    if (flags & GZ_FHCRC) {
        if (len - pos < 2)
            return -EINVAL;
        u32 want = in[pos] | (u32)in[pos + 1] << 8;
        if ((crc32(z->crc_table, in + start, pos - start) & 0xffff) != want)
            return -EINVAL;
        pos += 2;
    }
    z->br.pos = pos;
    return 0;
}

/* Checks the member trailer: CRC-32 and size (mod 2^32) of this member's output. */
static int gzip_trailer(struct inflater *z)
{
    const u8 *p = z->br.in + z->br.pos;
    size_t n = z->out.len - z->member_start;

    if (z->br.len - z->br.pos < GZ_TRAILER_SIZE)
        return -EINVAL;
    if (get_le32(p) != crc32(z->crc_table, z->out.data + z->member_start, n) ||
        get_le32(p + 4) != (u32)n)
        return -EINVAL;
    z->br.pos += GZ_TRAILER_SIZE;
    return 0;
}

static bool only_zeros(const u8 *p, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (p[i])
            return false;
    return true;
}

/* Inflates members until the input ends or only zero padding remains. */
static int gzip_members(struct inflater *z)
{
    struct bitreader *br = &z->br;
    do {
        int err;
        z->member_start = z->out.len;
        if ((err = gzip_header(z)) || (err = inflate_blocks(z)) || (err = gzip_trailer(z)))
            return err;
    } while (!only_zeros(br->in + br->pos, br->len - br->pos));
    return 0;
}

/* The last four bytes of an unpadded input are the last member's ISIZE. For the usual single
 * member that is the exact output size, which spares regrowth and its peak memory; otherwise
 * it is only a guess that growth corrects. DEFLATE cannot expand data more than 1032:1, which
 * bounds how much a forged ISIZE can make us allocate up front. */
static size_t initial_capacity(const u8 *in, size_t inlen, size_t max_out)
{
    size_t guess = MAX(inlen, (size_t)2048) * 2;
    if (inlen >= GZ_HEADER_SIZE + GZ_TRAILER_SIZE) {
        u32 isize = get_le32(in + inlen - 4);
        if (isize && isize / 1032 <= inlen)
            guess = isize;
    }
    return MIN(guess, max_out);
}

int gunzip(const u8 *in, size_t inlen, size_t max_out, u8 **out, size_t *outlen)
{
    struct inflater *z = kzalloc(sizeof(*z));
    if (!z)
        return -ENOMEM;
    z->br.in = in;
    z->br.len = inlen;
    z->out.max = max_out;
    crc32_init(z->crc_table);

    int err = out_reserve(&z->out, initial_capacity(in, inlen, max_out));
    if (!err)
        err = gzip_members(z);
    /* Even an empty result is a buffer the caller can kfree (max_out 0 allocates nothing). */
    if (!err && !z->out.data && !(z->out.data = kmalloc(1)))
        err = -ENOMEM;
    if (err) {
        kfree(z->out.data);
    } else {
        *out = z->out.data;
        *outlen = z->out.len;
    }
    kfree(z);
    return err;
}
