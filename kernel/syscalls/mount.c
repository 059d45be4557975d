/* mount and umount2: arguments are copied and checked in Linux's order, then fs/mount.c does
 * the work. Mount options (the data argument) are read but no filesystem here takes any. */
#include "syscalls.h"
#include "mount.h"
#include "kmalloc.h"
#include "mm.h"
#include "uapi/limits.h"
#include "uapi/mount.h"
#include "uapi/fcntl.h"

/* A mount string argument (type, source): NULL stays NULL; at most a page, as Linux copies. */
static long copy_mount_string(uptr u, char **out)
{
    *out = NULL;
    if (!u.addr)
        return 0;
    char *s = kmalloc(PAGE_SIZE);
    if (!s)
        return -ENOMEM;
    long n = strncpy_from_user(s, u, PAGE_SIZE);
    if (n < 0 || n == PAGE_SIZE) {
        kfree(s);
        return n < 0 ? n : -EINVAL;
    }
    *out = s;
    return 0;
}

/* The options page must be readable at least at its start (Linux copies what it can). */
static long check_mount_data(uptr data)
{
    u8 first;
    if (!data.addr)
        return 0;
    return copy_from_user(&first, data, 1);
}

static long mount_at(const char *source, uptr dir_name, const char *type, unsigned long flags)
{
    char *path;
    long err = getname(dir_name, &path);
    if (err)
        return err;
    struct inode *start, *target;
    err = path[0] ? path_start(AT_FDCWD, path, &start) : -ENOENT;
    if (!err)
        err = path_lookup(current_proc()->root, start, path, LOOKUP_FOLLOW, &target);
    kfree(path);
    if (err)
        return err;
    if (!type)
        return -EINVAL;
    return kern_mount(source, type, flags, target);
}

long sys_mount(uptr dev_name, uptr dir_name, uptr type, unsigned long flags, uptr data)
{
    char *ktype, *ksource = NULL;
    long err = copy_mount_string(type, &ktype);
    if (!err)
        err = copy_mount_string(dev_name, &ksource);
    if (!err)
        err = check_mount_data(data);
    if (!err)
        err = mount_at(ksource, dir_name, ktype, flags);
    kfree(ktype);
    kfree(ksource);
    return err;
}

/* MNT_EXPIRE (unmount on the second of two calls if unused in between) is not done. */
long sys_umount2(uptr name, int flags)
{
    if (flags & ~(MNT_FORCE | MNT_DETACH | UMOUNT_NOFOLLOW))
        return -EINVAL;
    char *path;
    long err = getname(name, &path);
    if (err)
        return err;
    struct inode *start, *target;
    err = path[0] ? path_start(AT_FDCWD, path, &start) : -ENOENT;
    if (!err)
        err = path_lookup(current_proc()->root, start, path,
                          (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &target);
    kfree(path);
    return err ? err : kern_umount(target, flags);
}
