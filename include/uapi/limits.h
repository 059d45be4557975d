/* Size limits user space relies on. */
#ifndef WICKET_UAPI_LIMITS_H
#define WICKET_UAPI_LIMITS_H

#define PATH_MAX  4096      /* bytes in a path, the NUL included */
#define NAME_MAX  255       /* bytes in one path component */
#define PIPE_BUF  4096      /* writes up to this size to a pipe are atomic */
#define PAGE_SIZE 4096

#endif
