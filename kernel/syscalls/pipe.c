/* pipe and pipe2: a new pipe's two ends on the two lowest free descriptors (fs/pipe.c). */
#include "syscalls.h"
#include "pipe.h"
#include "uapi/fcntl.h"

/* pipe2's O_EXCL asks for a notification pipe, which needs Linux's watch queues; Wicket has
 * none and answers as a Linux built without them does. */
#define O_NOTIFICATION_PIPE O_EXCL

/* Both descriptors or neither: a second one that cannot be had, or a result that cannot be
 * written back, closes the first again. */
static long install_pair(struct file *rd, struct file *wr, bool cloexec, uptr fildes)
{
    struct fdtable *t = current_files();
    int limit = current_nofile_limit();
    int fds[2];
    fds[0] = fd_install(t, rd, file_rights_for(rd), cloexec, 0, limit);
    if (fds[0] < 0)
        return fds[0];
    fds[1] = fd_install(t, wr, file_rights_for(wr), cloexec, 0, limit);
    if (fds[1] < 0) {
        fd_close(t, fds[0]);
        return fds[1];
    }
    if (copy_to_user(fildes, fds, sizeof(fds))) {
        fd_close(t, fds[1]);
        fd_close(t, fds[0]);
        return -EFAULT;
    }
    return 0;
}

long sys_pipe2(uptr fildes, int flags)
{
    if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT | O_NOTIFICATION_PIPE))
        return -EINVAL;
    if (flags & O_NOTIFICATION_PIPE)
        return -ENOPKG;
    struct file *rd, *wr;
    long err = pipe_create((u32)flags, &rd, &wr);
    if (err)
        return err;
    err = install_pair(rd, wr, flags & O_CLOEXEC, fildes);
    file_put(rd);
    file_put(wr);
    return err;
}

long sys_pipe(uptr fildes)
{
    return sys_pipe2(fildes, 0);
}
