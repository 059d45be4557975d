/* procfs: the /proc tree, made of inodes created on lookup and kept in a cache, and files whose
 * text is generated when they are opened (a snapshot, so reads at any offset agree). Symlinks
 * (/proc/self, exe, cwd, fd/N) get their target recomputed at every lookup, which is how path
 * resolution and readlink reach them. The entries themselves are in procfs_sys.c (the root
 * directory) and procfs_pid.c (a process's directory). */
#include "procfs.h"
#include "procfs_internal.h"
#include "file.h"
#include "kmalloc.h"
#include "kstring.h"
#include "printk.h"
#include "uapi/dirent.h"
#include "uapi/errno.h"
#include "uapi/limits.h"
#include <stdarg.h>

#define PROC_SUPER_MAGIC 0x9fa0
/* The largest text a file may generate. */
#define PROC_TEXT_MAX (4u << 20)

/* Inode kinds: the root, a process directory, an fd symlink, or an entry of a table (the kind
 * is then the table's number times TABLE_KIND plus the entry's index). */
enum { KIND_ROOT = 1, KIND_PID_DIR, KIND_FD_LINK };
#define TABLE_KIND 0x100u

static const struct proc_table *const tables[PROC_TABLES] = {
    [PROC_TABLE_ROOT] = &proc_root_table, [PROC_TABLE_PID] = &proc_pid_table,
    [PROC_TABLE_SYS] = &proc_sys_table, [PROC_TABLE_SYS_KERNEL] = &proc_sys_kernel_table,
    [PROC_TABLE_WICKET] = &proc_wicket_table,
};

static struct inode *proc_lookup(struct inode *dir, const char *name, size_t len);
static int proc_iterate(struct inode *dir, u64 *pos, ramfs_emit_fn emit, void *ctx);
static int proc_open(struct file *f);
static size_t proc_dir_name(struct inode *dir, char *buf, size_t size);

const struct fs_type proc_type = {
    .name = "proc", .magic = PROC_SUPER_MAGIC, .nodev = true, .lookup = proc_lookup,
    .iterate = proc_iterate, .open = proc_open, .dir_name = proc_dir_name,
};

/* ---- text ---- */

void text_printf(struct text *t, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    size_t room = t->len < t->size ? t->size - t->len : 0;
    int n = vsnprintf(room ? t->buf + t->len : NULL, room, fmt, ap);
    va_end(ap);
    if (n > 0)
        t->len += (size_t)n;
}

void text_bytes(struct text *t, const void *bytes, size_t n)
{
    if (t->len < t->size)
        memcpy(t->buf + t->len, bytes, MIN(n, t->size - t->len));
    t->len += n;
}

/* ---- the inode cache ---- */

static struct inode **cache;
static size_t cache_len, cache_cap;
static u64 next_proc_ino = 1;

static struct inode *cache_find(struct superblock *sb, u32 kind, int pid, int fd)
{
    for (size_t i = 0; i < cache_len; i++) {
        struct inode *ino = cache[i];
        if (ino->sb == sb && ino->proc.kind == kind && ino->proc.pid == pid && ino->proc.fd == fd)
            return ino;
    }
    return NULL;
}

static void inode_release(struct inode *ino)
{
    if (S_ISLNK(ino->mode))
        kfree(ino->lnk.target);
    if (S_ISDIR(ino->mode) && ino->parent != ino)
        ino->parent->refs--;    /* directories hold their parent, for ".." */
    kfree(ino);
}

/* Is the process (and, for an fd link, the descriptor) an inode shows still there? */
static bool still_shown(const struct inode *ino)
{
    if (ino->proc.pid == 0)
        return true;
    struct process *p = proc_find(ino->proc.pid);
    if (!p)
        return false;
    if (ino->proc.kind != KIND_FD_LINK)
        return true;
    return p->files && fd_get(p->files, ino->proc.fd, 0);
}

/* Frees the inodes nobody holds whose process or descriptor is gone. Lookups return inodes
 * without a reference, so this runs only at the start of a lookup, before one is handed out. */
static void cache_collect(void)
{
    for (size_t i = 0; i < cache_len; ) {
        struct inode *ino = cache[i];
        if (ino->refs == 0 && !still_shown(ino)) {
            cache[i] = cache[--cache_len];
            inode_release(ino);
            i = 0;              /* a freed directory may have freed its parent's last hold */
        } else {
            i++;
        }
    }
}

static struct inode *inode_make(struct superblock *sb, struct inode *parent, u32 kind, int pid,
                                int fd, u32 mode)
{
    if (cache_len == cache_cap) {
        size_t cap = cache_cap ? cache_cap * 2 : 64;
        struct inode **grown = krealloc(cache, cap * sizeof(*grown));
        if (!grown)
            return NULL;
        cache = grown, cache_cap = cap;
    }
    struct inode *ino = kzalloc(sizeof(*ino));
    if (!ino)
        return NULL;
    ino->sb = sb;
    ino->ino = next_proc_ino++;
    ino->mode = mode;
    ino->nlink = S_ISDIR(mode) ? 2 : 1;     /* never 0: inode_put leaves these to the cache */
    ino->proc.kind = kind, ino->proc.pid = pid, ino->proc.fd = fd;
    fs_now(&ino->mtime);
    ino->atime = ino->ctime = ino->mtime;
    ino->parent = parent ? parent : ino;
    if (parent && S_ISDIR(mode))
        inode_get(parent);
    cache[cache_len++] = ino;
    return ino;
}

static struct inode *inode_for(struct inode *dir, u32 kind, int pid, int fd, u32 mode)
{
    struct inode *ino = cache_find(dir->sb, kind, pid, fd);
    return ino ? ino : inode_make(dir->sb, dir, kind, pid, fd, mode);
}

struct superblock *procfs_new(void)
{
    struct superblock *sb = kzalloc(sizeof(*sb));
    if (!sb)
        return NULL;
    *sb = (struct superblock){ .type = &proc_type, .dev = fs_anon_dev() };
    sb->root = inode_make(sb, NULL, KIND_ROOT, 0, 0, S_IFDIR | 0555);
    if (!sb->root) {
        kfree(sb);
        return NULL;
    }
    return sb;
}

void procfs_destroy(struct superblock *sb)
{
    for (size_t i = 0; i < cache_len; ) {
        if (cache[i]->sb == sb) {
            struct inode *ino = cache[i];
            cache[i] = cache[--cache_len];
            if (S_ISLNK(ino->mode))
                kfree(ino->lnk.target);
            kfree(ino);
        } else {
            i++;
        }
    }
    kfree(sb);
}

/* ---- generating ---- */

/* Runs gen into a kmalloc'd buffer grown until the text fits; NULL without memory. */
static char *generate(void (*gen)(struct text *, struct process *), struct process *p,
                      size_t *len)
{
    for (size_t size = 4096; size <= PROC_TEXT_MAX; size *= 2) {
        struct text t = { kmalloc(size), size, 0 };
        if (!t.buf)
            return NULL;
        gen(&t, p);
        if (t.len <= size) {
            *len = t.len;
            return t.buf;
        }
        kfree(t.buf);
    }
    return NULL;
}

static const struct proc_entry *entry_of(const struct inode *ino)
{
    u32 k = ino->proc.kind;
    return k >= TABLE_KIND ? &tables[k / TABLE_KIND]->entries[k % TABLE_KIND] : NULL;
}

/* The table listing a directory's contents: PROC_TABLE_*, or 0 for an fd directory. */
static u32 table_of_dir(const struct inode *dir)
{
    if (dir->proc.kind == KIND_ROOT)
        return PROC_TABLE_ROOT;
    if (dir->proc.kind == KIND_PID_DIR)
        return PROC_TABLE_PID;
    return entry_of(dir)->table;
}

/* fd links have no table entry; their generator needs the descriptor as well. */
static struct inode *fd_link_inode;
static void gen_fd_link(struct text *t, struct process *p)
{
    proc_fd_target(t, p, fd_link_inode->proc.fd);
}

/* Recomputes a symlink's target; false when there is none (lookup then says ENOENT). */
static bool refresh_link(struct inode *ino)
{
    struct process *p = ino->proc.pid ? proc_find(ino->proc.pid) : NULL;
    fd_link_inode = ino;
    const struct proc_entry *e = entry_of(ino);
    size_t len;
    char *target = generate(e ? e->gen : gen_fd_link, p, &len);
    if (!target || len == 0 || len >= PATH_MAX) {
        kfree(target);
        return false;
    }
    target[len] = '\0';     /* generate's buffer is at least 4096 bytes, past len < PATH_MAX */
    /* A walk may still be reading the old text (a link whose target passes through itself),
     * so an unchanged target is kept. Within one walk nothing changes, so it always is. */
    if (ino->lnk.target && strcmp(ino->lnk.target, target) == 0) {
        kfree(target);
        return true;
    }
    kfree(ino->lnk.target);
    ino->lnk.target = target;
    ino->size = len;
    return true;
}

/* ---- lookup ---- */

static bool parse_number(const char *name, size_t len, int *out)
{
    if (len == 0 || len > 9 || (name[0] == '0' && len > 1))
        return false;
    int v = 0;
    for (size_t i = 0; i < len; i++) {
        if (name[i] < '0' || name[i] > '9')
            return false;
        v = v * 10 + (name[i] - '0');
    }
    *out = v;
    return true;
}

/* The entry called name in table number t, as an inode of dir; NULL if there is none. */
static struct inode *lookup_in_table(struct inode *dir, u32 t, const char *name, size_t len)
{
    const struct proc_table *table = tables[t];
    for (size_t i = 0; i < table->count; i++) {
        const struct proc_entry *e = &table->entries[i];
        if (strlen(e->name) == len && memcmp(e->name, name, len) == 0)
            return inode_for(dir, t * TABLE_KIND + (u32)i, dir->proc.pid, 0, e->mode);
    }
    return NULL;
}

static struct inode *lookup_pid(struct inode *dir, const char *name, size_t len)
{
    int pid;
    if (!parse_number(name, len, &pid) || !proc_find(pid))
        return NULL;
    return inode_for(dir, KIND_PID_DIR, pid, 0, S_IFDIR | 0555);
}

static struct inode *lookup_in_fd_dir(struct inode *dir, const char *name, size_t len)
{
    struct process *p = proc_find(dir->proc.pid);
    int fd;
    if (!parse_number(name, len, &fd) || !p->files || !fd_get(p->files, fd, 0))
        return NULL;
    return inode_for(dir, KIND_FD_LINK, dir->proc.pid, fd, S_IFLNK | 0700);
}

static struct inode *proc_lookup(struct inode *dir, const char *name, size_t len)
{
    cache_collect();
    if (!S_ISDIR(dir->mode) || !still_shown(dir))
        return NULL;
    u32 t = table_of_dir(dir);
    struct inode *ino = t ? lookup_in_table(dir, t, name, len) : lookup_in_fd_dir(dir, name, len);
    if (!ino && t == PROC_TABLE_ROOT)
        ino = lookup_pid(dir, name, len);
    if (ino && S_ISLNK(ino->mode) && !refresh_link(ino))
        return NULL;
    return ino;
}

static size_t proc_dir_name(struct inode *dir, char *buf, size_t size)
{
    if (dir->proc.kind == KIND_PID_DIR)
        return (size_t)snprintf(buf, size, "%d", dir->proc.pid);
    const struct proc_entry *e = entry_of(dir);
    return strlcpy(buf, e ? e->name : "", size);
}

/* ---- listing ---- */

/* Positions: 0 ".", 1 "..", 2 + i the i-th table entry, PID_POS + pid a process, and in an fd
 * directory 2 + fd. A process's position does not move when others come and go. */
#define PID_POS 0x10000u

static int emit_inode(struct inode *ino, const char *name, ramfs_emit_fn emit, void *ctx)
{
    return ino ? emit(ctx, name, strlen(name), ino->ino, IFTODT(ino->mode)) : -ENOMEM;
}

static int list_table(struct inode *dir, u64 *pos, u32 t, ramfs_emit_fn emit, void *ctx)
{
    const struct proc_table *table = tables[t];
    for (; *pos < 2 + table->count; (*pos)++) {
        const struct proc_entry *e = &table->entries[*pos - 2];
        u32 kind = t * TABLE_KIND + (u32)(*pos - 2);
        struct inode *ino = inode_for(dir, kind, dir->proc.pid, 0, e->mode);
        int r = emit_inode(ino, e->name, emit, ctx);
        if (r)
            return r;
    }
    return 0;
}

/* The process with the smallest pid at or above from, or NULL. */
static struct process *next_process(int from)
{
    struct process *best = NULL;
    for (struct process *p = proc_first(); p; p = p->next_proc)
        if (p->pid >= from && (!best || p->pid < best->pid))
            best = p;
    return best;
}

static int list_processes(struct inode *dir, u64 *pos, ramfs_emit_fn emit, void *ctx)
{
    if (*pos < PID_POS)
        *pos = PID_POS;
    struct process *p;
    while ((p = next_process((int)(*pos - PID_POS))) != NULL) {
        char name[16];
        snprintf(name, sizeof(name), "%d", p->pid);
        struct inode *ino = inode_for(dir, KIND_PID_DIR, p->pid, 0, S_IFDIR | 0555);
        int r = emit_inode(ino, name, emit, ctx);
        if (r)
            return r;
        *pos = PID_POS + (u64)p->pid + 1;
    }
    return 0;
}

static int list_fds(struct inode *dir, u64 *pos, ramfs_emit_fn emit, void *ctx)
{
    struct fdtable *t = proc_find(dir->proc.pid)->files;
    for (; t && *pos < 2 + (u64)t->size; (*pos)++) {
        int fd = (int)(*pos - 2);
        if (!t->slots[fd].file)
            continue;
        char name[16];
        snprintf(name, sizeof(name), "%d", fd);
        int r = emit_inode(inode_for(dir, KIND_FD_LINK, dir->proc.pid, fd, S_IFLNK | 0700), name,
                           emit, ctx);
        if (r)
            return r;
    }
    return 0;
}

static int proc_iterate(struct inode *dir, u64 *pos, ramfs_emit_fn emit, void *ctx)
{
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    if (!still_shown(dir))
        return -ENOENT;
    for (; *pos < 2; (*pos)++) {
        bool dot = *pos == 0;
        int r = emit(ctx, dot ? "." : "..", dot ? 1 : 2, (dot ? dir : dir->parent)->ino, DT_DIR);
        if (r)
            return r < 0 ? r : 0;
    }
    u32 t = table_of_dir(dir);
    int r = t ? list_table(dir, pos, t, emit, ctx) : list_fds(dir, pos, emit, ctx);
    if (!r && t == PROC_TABLE_ROOT)
        r = list_processes(dir, pos, emit, ctx);
    return r < 0 ? r : 0;
}

/* ---- open files: a snapshot of the text ---- */

struct snapshot {
    char *text;
    size_t len;
};

static long snapshot_read(struct file *f, uptr buf, size_t len, u64 *pos)
{
    struct snapshot *s = f->private;
    if (*pos >= s->len)
        return 0;
    size_t n = MIN(len, s->len - (size_t)*pos);
    if (copy_to_user(buf, s->text + *pos, n))
        return -EFAULT;
    *pos += n;
    return (long)n;
}

/* Linux lets root open these files for writing, and then the write fails with EIO. */
static long snapshot_write(struct file *f, uptr buf, size_t len, u64 *pos) { return -EIO; }

static void snapshot_release(struct file *f)
{
    struct snapshot *s = f->private;
    kfree(s->text);
    kfree(s);
}

static const struct file_ops snapshot_ops = {
    .read = snapshot_read, .write = snapshot_write, .release = snapshot_release, .seekable = true,
};

static int proc_open(struct file *f)
{
    struct inode *ino = f->inode;
    if (S_ISDIR(ino->mode))
        return 0;
    struct process *p = ino->proc.pid ? proc_find(ino->proc.pid) : NULL;
    if (ino->proc.pid && !p)
        return -ENOENT;
    struct snapshot *s = kmalloc(sizeof(*s));
    if (!s)
        return -ENOMEM;
    s->text = generate(entry_of(ino)->gen, p, &s->len);
    if (!s->text) {
        kfree(s);
        return -ENOMEM;
    }
    f->ops = &snapshot_ops;
    f->private = s;
    return 0;
}
