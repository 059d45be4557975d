/* gzip decompression (RFC 1952 framing around RFC 1951 DEFLATE), used to unpack a compressed
 * initramfs. Freestanding: the same code runs in the kernel and in host unit tests. */
#ifndef WICKET_INFLATE_H
#define WICKET_INFLATE_H
#include "types.h"

/* True when in[] starts like a gzip member (magic 1f 8b, method 8 = deflate). */
bool is_gzip(const u8 *in, size_t inlen);

/* Decompress one or more concatenated gzip members from in[0..inlen); trailing zero bytes after
 * the last member are allowed (initramfs images are often padded), anything else is not.
 * On success *out is a kmalloc'ed buffer of *outlen bytes (free it with kfree) and 0 is
 * returned. Otherwise *out is untouched and the result is -EINVAL for corrupt input (bad header,
 * bad block type, bad code lengths, distance too far back, truncation, CRC32 or ISIZE mismatch,
 * trailing garbage), -ENOMEM, or -E2BIG when the output would exceed max_out bytes. */
int gunzip(const u8 *in, size_t inlen, size_t max_out, u8 **out, size_t *outlen);

#endif
