/* mount and umount2: arguments are copied and checked in Linux's order, then fs/mount.c does
 * the work. The options (the data argument) are copied as a string; tmpfs reads them. */
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

/* The options, as a string of at most a page less its last byte, as Linux takes them. Linux
 * copies what it can: the first byte must be readable (else EFAULT), and a string running into
 * an unreadable page ends there. */
static long copy_mount_data(uptr data, char **out)
{
    *out = NULL;
    if (!data.addr)
        return 0;
    char *s = kzalloc(PAGE_SIZE);
    if (!s)
        return -ENOMEM;
    if (copy_from_user(s, data, 1)) {
        kfree(s);
        return -EFAULT;
    }
    if (strncpy_from_user(s, data, PAGE_SIZE - 1) == -EFAULT) {
        size_t readable = 0;
        while (readable < PAGE_SIZE - 1 && !copy_from_user(&s[readable], uptr_add(data, readable), 1))
            readable++;
        s[readable] = '\0';
    }
    *out = s;
    return 0;
}

static long mount_at(const char *source, uptr dir_name, const char *type, unsigned long flags,
                     char *data)
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
    return kern_mount(source, type, flags, data, target);
}

long sys_mount(uptr dev_name, uptr dir_name, uptr type, unsigned long flags, uptr data)
{
    char *ktype, *ksource = NULL, *kdata = NULL;
    long err = copy_mount_string(type, &ktype);
    if (!err)
        err = copy_mount_string(dev_name, &ksource);
    if (!err)
        err = copy_mount_data(data, &kdata);
    if (!err)
        err = mount_at(ksource, dir_name, ktype, flags, kdata);
    kfree(ktype);
    kfree(ksource);
    kfree(kdata);
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
