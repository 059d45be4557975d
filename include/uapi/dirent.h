/* The record getdents64 writes, and the d_type values. */
#ifndef WICKET_UAPI_DIRENT_H
#define WICKET_UAPI_DIRENT_H
#include "../types.h"

/* Records are packed back to back in the caller's buffer. d_reclen is the whole record rounded up
 * to 8 bytes so the next record's d_ino is aligned; d_off is the position to seek to for the
 * entry after this one. */
struct linux_dirent64 {
    u64 d_ino;
    s64 d_off;
    u16 d_reclen;
    u8 d_type;
    char d_name[];          /* NUL-terminated, at offset 19 */
};

/* The record length for a name of namelen bytes (the NUL included here). */
static inline size_t linux_dirent64_reclen(size_t namelen)
{
    return ALIGN_UP(offsetof(struct linux_dirent64, d_name) + namelen + 1, (size_t)8);
}

#define DT_UNKNOWN 0
#define DT_FIFO    1
#define DT_CHR     2
#define DT_DIR     4
#define DT_BLK     6
#define DT_REG     8
#define DT_LNK     10
#define DT_SOCK    12
#define DT_WHT     14

/* d_type is the file-type nibble of st_mode. */
#define IFTODT(mode) (((mode) & 0170000) >> 12)

#endif
