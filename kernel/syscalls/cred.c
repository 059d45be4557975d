/* Credentials: the real, effective, saved and file-system user and group ids and the
 * supplementary groups. Everything starts as root; a process that gives up root keeps only the
 * moves POSIX allows an unprivileged process (to its own real, effective or saved id). */
#include "syscalls.h"
#include "kmalloc.h"
#include "kstring.h"

#define NGROUPS_MAX 65536
#define ID_UNCHANGED ((u32)-1)

static bool privileged(const struct process *p) { return p->euid == 0; }

/* An unprivileged process may only switch among its own three ids. */
static bool id_allowed(u32 id, u32 real, u32 eff, u32 saved, bool priv)
{
    return id == ID_UNCHANGED || priv || id == real || id == eff || id == saved;
}

/* One family of ids: the user ids or the group ids of a process. */
struct ids { u32 *real, *eff, *saved, *fs; };

static struct ids user_ids(struct process *p) { return (struct ids){ &p->uid, &p->euid, &p->suid, &p->fsuid }; }
static struct ids group_ids(struct process *p) { return (struct ids){ &p->gid, &p->egid, &p->sgid, &p->fsgid }; }

static bool allowed(struct ids ids, u32 id, bool priv)
{
    return id_allowed(id, *ids.real, *ids.eff, *ids.saved, priv);
}

/* setresuid's and setresgid's core; the other set*id calls are special cases of it. */
static long set_ids(struct ids ids, u32 r, u32 e, u32 s)
{
    bool priv = privileged(current_proc());
    if (!allowed(ids, r, priv) || !allowed(ids, e, priv) || !allowed(ids, s, priv))
        return -EPERM;
    if (r != ID_UNCHANGED) *ids.real = r;
    if (e != ID_UNCHANGED) *ids.eff = e;
    if (s != ID_UNCHANGED) *ids.saved = s;
    *ids.fs = *ids.eff;
    return 0;
}

static long set_uids(u32 r, u32 e, u32 s) { return set_ids(user_ids(current_proc()), r, e, s); }
static long set_gids(u32 r, u32 e, u32 s) { return set_ids(group_ids(current_proc()), r, e, s); }

long sys_setresuid(unsigned int ruid, unsigned int euid, unsigned int suid) { return set_uids(ruid, euid, suid); }
long sys_setresgid(unsigned int rgid, unsigned int egid, unsigned int sgid) { return set_gids(rgid, egid, sgid); }

/* setuid: root sets all three; others only the effective id. */
long sys_setuid(unsigned int uid)
{
    if (uid == ID_UNCHANGED)
        return -EINVAL;
    return privileged(current_proc()) ? set_uids(uid, uid, uid) : set_uids(ID_UNCHANGED, uid, ID_UNCHANGED);
}

long sys_setgid(unsigned int gid)
{
    if (gid == ID_UNCHANGED)
        return -EINVAL;
    return privileged(current_proc()) ? set_gids(gid, gid, gid) : set_gids(ID_UNCHANGED, gid, ID_UNCHANGED);
}

/* setreuid/setregid: the saved id follows the new effective id when the real one is set or
 * the effective one changes to something other than the old real id. */
static long set_real_effective(struct ids ids, u32 r, u32 e)
{
    if (!privileged(current_proc()) && r != ID_UNCHANGED && r != *ids.real && r != *ids.eff)
        return -EPERM;
    u32 saved = (r != ID_UNCHANGED || (e != ID_UNCHANGED && e != *ids.real)) ?
                (e != ID_UNCHANGED ? e : *ids.eff) : ID_UNCHANGED;
    return set_ids(ids, r, e, saved);
}

long sys_setreuid(unsigned int ruid, unsigned int euid)
{
    return set_real_effective(user_ids(current_proc()), ruid, euid);
}

long sys_setregid(unsigned int rgid, unsigned int egid)
{
    return set_real_effective(group_ids(current_proc()), rgid, egid);
}

static long put_three(uptr a, uptr b, uptr c, u32 x, u32 y, u32 z)
{
    if (put_user(x, a) || put_user(y, b) || put_user(z, c))
        return -EFAULT;
    return 0;
}

long sys_getresuid(uptr ruid, uptr euid, uptr suid)
{
    struct process *p = current_proc();
    return put_three(ruid, euid, suid, p->uid, p->euid, p->suid);
}

long sys_getresgid(uptr rgid, uptr egid, uptr sgid)
{
    struct process *p = current_proc();
    return put_three(rgid, egid, sgid, p->gid, p->egid, p->sgid);
}

/* setfsuid and setfsgid return the previous value whether or not the change was allowed. */
static long set_fs_id(struct ids ids, u32 id)
{
    u32 old = *ids.fs;
    if (id != ID_UNCHANGED && allowed(ids, id, privileged(current_proc())))
        *ids.fs = id;
    return old;
}

long sys_setfsuid(unsigned int uid) { return set_fs_id(user_ids(current_proc()), uid); }
long sys_setfsgid(unsigned int gid) { return set_fs_id(group_ids(current_proc()), gid); }

long sys_getgroups(int gidsetsize, uptr grouplist)
{
    struct process *p = current_proc();
    if (gidsetsize < 0)
        return -EINVAL;
    if (gidsetsize == 0)
        return p->ngroups;
    if (gidsetsize < p->ngroups)
        return -EINVAL;
    if (copy_to_user(grouplist, p->groups, p->ngroups * sizeof(u32)))
        return -EFAULT;
    return p->ngroups;
}

long sys_setgroups(int gidsetsize, uptr grouplist)
{
    struct process *p = current_proc();
    if (gidsetsize < 0 || gidsetsize > NGROUPS_MAX)
        return -EINVAL;
    if (!privileged(p))
        return -EPERM;
    u32 *groups = gidsetsize ? kmalloc(gidsetsize * sizeof(u32)) : NULL;
    if (gidsetsize && !groups)
        return -ENOMEM;
    if (gidsetsize && copy_from_user(groups, grouplist, gidsetsize * sizeof(u32))) {
        kfree(groups);
        return -EFAULT;
    }
    kfree(p->groups);
    p->groups = groups;
    p->ngroups = gidsetsize;
    return 0;
}
