/* tmpfs's mount options, read as Linux 6.1 reads them: size= (bytes with an optional k/m/g/t/p/e
 * suffix, or a percentage of RAM), nr_blocks= (pages, same suffixes), nr_inodes=, mode= (octal),
 * uid= and gid=. The generic words that ask for nothing different here (rw, async, nolazytime,
 * nomand) are accepted; anything else, or an option without its value, is EINVAL.
 *
 * nr_inodes= is checked and accepted but no inode limit is kept: tmpfs here counts no inodes,
 * and statfs reports f_files 0 as for an unlimited tmpfs. */
#include "tmpfs_options.h"
#include "mm.h"
#include "uapi/limits.h"
#include "kstring.h"
#include "uapi/errno.h"

static int digit_value(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return 99;
}

/* An unsigned number in base (0: C's prefixes pick 16, 8 or 10); *end is left after it. */
static u64 parse_unsigned(const char *s, int base, const char **end)
{
    if (base == 0) {
        base = 10;
        if (s[0] == '0') {
            bool hex = (s[1] == 'x' || s[1] == 'X') && digit_value(s[2]) < 16;
            base = hex ? 16 : 8;
            s += hex ? 2 : 0;
        }
    }
    u64 v = 0;
    for (; digit_value(*s) < base; s++)
        v = v * (u64)base + (u64)digit_value(*s);
    *end = s;
    return v;
}

/* A size with an optional binary suffix (k, m, g, t, p, e, either case); *end after it. */
static u64 parse_size(const char *s, const char **end)
{
    static const char suffixes[] = "kmgtpe";
    u64 v = parse_unsigned(s, 0, end);
    for (int i = 0; suffixes[i]; i++) {
        if ((**end | 0x20) == suffixes[i]) {
            v <<= 10 * (i + 1);
            (*end)++;
            break;
        }
    }
    return v;
}

/* size=: bytes rounded up to pages, or N% of the machine's RAM. */
static int parse_size_option(const char *value, u64 *pages)
{
    const char *end;
    u64 bytes = parse_size(value, &end);
    if (*end == '%') {
        bytes = (bytes << 12) * pmm_total_pages() / 100;
        end++;
    }
    if (*end)
        return -EINVAL;
    *pages = ALIGN_UP(bytes, (u64)PAGE_SIZE) / PAGE_SIZE;
    return 0;
}

/* A whole 32-bit number in base (0 or 8), with an optional '+' as Linux's kstrtouint takes. */
static int parse_u32(const char *value, int base, u32 *out)
{
    const char *end;
    if (*value == '+')
        value++;
    if (!*value)
        return -EINVAL;
    u64 v = parse_unsigned(value, base, &end);
    if (*end || end == value || v > UINT32_MAX)
        return -EINVAL;
    *out = (u32)v;
    return 0;
}

/* An id for uid= or gid=: (u32)-1 is no valid id. */
static int parse_id(const char *value, u32 *id, bool *set)
{
    int err = parse_u32(value, 0, id);
    if (!err && *id == UINT32_MAX)
        err = -EINVAL;
    *set = !err;
    return err;
}

static bool is_generic_no_op(const char *key)
{
    return !strcmp(key, "rw") || !strcmp(key, "async") || !strcmp(key, "nolazytime") ||
           !strcmp(key, "nomand");
}

static int parse_one(const char *key, const char *value, struct tmpfs_options *out)
{
    const char *end;
    if (!value)
        return is_generic_no_op(key) ? 0 : -EINVAL;
    if (!*value)
        return -EINVAL;
    if (!strcmp(key, "size"))
        return parse_size_option(value, &out->max_pages);
    if (!strcmp(key, "nr_blocks")) {
        out->max_pages = parse_size(value, &end);
        return *end ? -EINVAL : 0;
    }
    if (!strcmp(key, "nr_inodes")) {
        parse_size(value, &end);
        return *end ? -EINVAL : 0;
    }
    if (!strcmp(key, "mode")) {
        int err = parse_u32(value, 8, &out->mode);
        out->mode &= 07777;
        out->set_mode = !err;
        return err;
    }
    if (!strcmp(key, "uid"))
        return parse_id(value, &out->uid, &out->set_uid);
    if (!strcmp(key, "gid"))
        return parse_id(value, &out->gid, &out->set_gid);
    return -EINVAL;
}

int tmpfs_parse_options(char *data, struct tmpfs_options *out)
{
    *out = (struct tmpfs_options){ 0 };
    for (char *opt = data; opt && *opt; ) {
        char *comma = strchr(opt, ',');
        if (comma)
            *comma = '\0';
        char *eq = strchr(opt, '=');
        if (eq)
            *eq = '\0';
        /* Empty options (",,") are skipped, as Linux skips them. */
        int err = *opt ? parse_one(opt, eq ? eq + 1 : NULL, out) : 0;
        if (err)
            return err;
        opt = comma ? comma + 1 : NULL;
    }
    return 0;
}
