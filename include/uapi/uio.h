/* struct iovec for readv/writev and friends. */
#ifndef WICKET_UAPI_UIO_H
#define WICKET_UAPI_UIO_H
#include "../types.h"
#include "../uaccess.h"

/* The base is a user address, so it is a uptr here: a vector copied in from user space cannot be
 * dereferenced by mistake. uptr wraps one pointer-sized integer, so the layout is C's
 * { void *iov_base; size_t iov_len; }. */
struct iovec {
    uptr iov_base;
    size_t iov_len;
};

/* The most vectors one call accepts (more is -EINVAL). */
#define UIO_MAXIOV 1024

#endif
