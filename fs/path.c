/* Path resolution with Linux's rules: components, ".", "..", trailing slashes and symlinks, and
 * the reverse walk from a directory to its absolute name for getcwd.
 *
 * The walk is a loop over components, never a recursion: following a symlink in the middle of
 * a path saves the rest of the path on a small stack and continues with the link's target. At
 * most MAX_SYMLINKS links are followed per lookup, which also bounds that stack. */
#include "fs.h"
#include "kstring.h"
#include "printk.h"
#include "kmalloc.h"
#include "uapi/errno.h"
#include "uapi/limits.h"

/* Linux's limit on symlinks followed during one lookup. */
#define MAX_SYMLINKS 40

/* A piece of path text still to walk: [p, end). */
struct piece {
    const char *p, *end;
};

struct walk {
    struct inode *root;         /* where "/" and ".." at the top lead */
    struct inode *cur;          /* the directory the next component is looked up in */
    unsigned flags;             /* LOOKUP_*; a trailing slash adds both */
    int links;                  /* symlinks followed so far */
    struct piece now;           /* the text being walked */
    /* Rests of the texts that symlinks interrupted, innermost last. Invariant: each holds
     * at least one more component, so the component ending `now` is final exactly when the
     * stack is empty. */
    struct piece saved[MAX_SYMLINKS];
    int depth;
};

static void skip_slashes(struct piece *pc)
{
    while (pc->p < pc->end && *pc->p == '/')
        pc->p++;
}

/* True when pc has no component left, only slashes at most. */
static bool piece_done(struct piece pc)
{
    skip_slashes(&pc);
    return pc.p == pc.end;
}

/* Starts walking text [p, end): an absolute path begins at root. */
static void walk_begin(struct walk *w, const char *p, const char *end)
{
    if (p < end && *p == '/')
        w->cur = w->root;
    w->now = (struct piece){ p, end };
}

/* Takes the next component into [*name, *name + *len); false when the path has none left. */
static bool next_component(struct walk *w, const char **name, size_t *len)
{
    skip_slashes(&w->now);
    if (w->now.p == w->now.end) {
        if (w->depth == 0)
            return false;
        w->now = w->saved[--w->depth];
        skip_slashes(&w->now);
        assert(w->now.p < w->now.end);      /* the invariant on saved[] */
    }
    *name = w->now.p;
    while (w->now.p < w->now.end && *w->now.p != '/')
        w->now.p++;
    *len = (size_t)(w->now.p - *name);
    return true;
}

/* Continues the walk inside symlink link, which was found in w->cur. */
static int follow_link(struct walk *w, struct inode *link)
{
    if (++w->links > MAX_SYMLINKS)
        return -ELOOP;
    if (!piece_done(w->now)) {
        assert(w->depth < MAX_SYMLINKS);
        w->saved[w->depth++] = w->now;
    }
    const char *target = link->lnk.target;
    walk_begin(w, target, target + link->size);
    return 0;
}

/* A directory with filesystems mounted on it stands for the root of the topmost one. */
static struct inode *cross_mounts_down(struct inode *ino)
{
    while (ino->mounted)
        ino = ino->mounted->root;
    return ino;
}

/* ".." from dir: the root of a mounted filesystem leads to the parent of the directory it is
 * mounted on (climbing through stacked mounts), and nothing climbs above root. */
static struct inode *dot_dot(struct inode *root, struct inode *dir)
{
    while (dir != root && dir == dir->sb->root && dir->sb->covered)
        dir = dir->sb->covered;
    return dir == root ? root : cross_mounts_down(dir->parent);
}

/* Looks up one component in w->cur, handling "." and "..". */
static int step(struct walk *w, const char *name, size_t len, struct inode **out)
{
    if (!S_ISDIR(w->cur->mode))
        return -ENOTDIR;
    if (len == 1 && name[0] == '.') {
        *out = w->cur;
    } else if (len == 2 && name[0] == '.' && name[1] == '.') {
        *out = dot_dot(w->root, w->cur);
    } else if (len > NAME_MAX) {
        return -ENAMETOOLONG;
    } else {
        *out = fs_lookup(w->cur, name, len);
        if (!*out)
            return -ENOENT;
        *out = cross_mounts_down(*out);
    }
    return 0;
}

/* Walks whatever w holds to its end. */
static int walk_run(struct walk *w, struct inode **out)
{
    const char *name;
    size_t len;
    while (next_component(w, &name, &len)) {
        bool final = w->depth == 0 && piece_done(w->now);
        if (final && w->now.p < w->now.end)     /* written with a trailing slash */
            w->flags |= LOOKUP_FOLLOW | LOOKUP_DIRECTORY;
        struct inode *ino;
        int err = step(w, name, len, &ino);
        if (err)
            return err;
        if (S_ISLNK(ino->mode) && (!final || (w->flags & LOOKUP_FOLLOW))) {
            err = follow_link(w, ino);
            if (err)
                return err;
            continue;
        }
        if (final) {
            if ((w->flags & LOOKUP_DIRECTORY) && !S_ISDIR(ino->mode))
                return -ENOTDIR;
            *out = ino;
            return 0;
        }
        w->cur = ino;
    }
    *out = w->cur;      /* the text named no component: "/" or a link to "/" */
    return 0;
}

static int walk_text(struct inode *root, struct inode *start, const char *p, const char *end,
                     unsigned flags, struct inode **out)
{
    struct walk w = { .root = root, .cur = start, .flags = flags };
    walk_begin(&w, p, end);
    return walk_run(&w, out);
}

int path_lookup(struct inode *root, struct inode *start, const char *path, unsigned flags,
                struct inode **out)
{
    if (path[0] == '\0')
        return -ENOENT;
    return walk_text(root, start, path, path + strlen(path), flags, out);
}

int path_lookup_parent(struct inode *root, struct inode *start, const char *path,
                       struct inode **parent, const char **last, size_t *lastlen)
{
    if (path[0] == '\0')
        return -ENOENT;
    const char *end = path + strlen(path);
    while (end > path && end[-1] == '/')
        end--;
    if (end == path) {          /* only slashes: the root itself */
        *parent = root;
        *last = path;
        *lastlen = 0;
        return 0;
    }
    const char *name = end;
    while (name > path && name[-1] != '/')
        name--;
    int err = walk_text(root, start, path, name, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, parent);
    if (err)
        return err;
    if (!S_ISDIR((*parent)->mode))
        return -ENOTDIR;
    *last = name;
    *lastlen = (size_t)(end - name);
    return 0;
}

/* ---- getcwd ---- */

/* The name of directory dir in its parent, into buf; its length. Live directories always
 * have one. */
static size_t name_in_parent(struct inode *dir, char *buf, size_t size)
{
    if (dir->sb->type->dir_name)
        return dir->sb->type->dir_name(dir, buf, size);
    struct inode *parent = dir->parent;
    for (size_t i = 0; i < parent->dir.count; i++) {
        const struct dentry *e = &parent->dir.children[i];
        if (e->inode == dir) {
            memcpy(buf, e->name, e->namelen);
            return e->namelen;
        }
    }
    panic("path_of: directory %llu missing from its parent", (unsigned long long)dir->ino);
}

/* Writes text before buf[*at], moving *at back; false when it does not fit. */
static bool prepend(char *buf, size_t *at, const char *text, size_t len)
{
    if (*at < len)
        return false;
    *at -= len;
    memcpy(buf + *at, text, len);
    return true;
}

long path_of(struct inode *root, struct inode *dir, char *buf, size_t size)
{
    if (!S_ISDIR(dir->mode))
        return -ENOTDIR;
    if (dir->nlink == 0)
        return -ENOENT;
    size_t at = size;
    bool fits = prepend(buf, &at, "", 1);
    bool reachable = true;
    char name[NAME_MAX + 1];
    for (struct inode *d = dir; fits && d != root; d = d->parent) {
        while (d != root && d == d->sb->root && d->sb->covered)
            d = d->sb->covered;     /* a mounted root is named by its mount point */
        if (d == root)
            break;
        if (d->parent == d) {
            reachable = false;
            break;
        }
        size_t len = name_in_parent(d, name, sizeof(name));
        fits = prepend(buf, &at, name, len) && prepend(buf, &at, "/", 1);
    }
    if (fits && at == size - 1)
        fits = prepend(buf, &at, "/", 1);
    if (fits && !reachable)
        fits = prepend(buf, &at, "(unreachable)", 13);
    if (!fits)
        return -ERANGE;
    memmove(buf, buf + at, size - at);
    return (long)(size - at);
}

/* ---- the name an open file was opened by ---- */

/* Appends component [c, c + len) to the absolute path out[0..*len), applying "." and "..". */
static bool append_component(char *out, size_t *len, const char *c, size_t clen)
{
    if (clen == 1 && c[0] == '.')
        return true;
    if (clen == 2 && c[0] == '.' && c[1] == '.') {
        while (*len > 0 && out[*len - 1] != '/')
            (*len)--;
        if (*len > 0)
            (*len)--;
        return true;
    }
    if (*len + 1 + clen >= PATH_MAX)
        return false;
    out[(*len)++] = '/';
    memcpy(out + *len, c, clen);
    *len += clen;
    return true;
}

char *path_absolute(struct inode *root, struct inode *start, const char *path)
{
    char *out = kmalloc(PATH_MAX);
    if (!out)
        return NULL;
    size_t len = 0;
    if (path[0] != '/') {
        long n = path_of(root, start, out, PATH_MAX);
        if (n < 0 || out[0] != '/') {
            kfree(out);
            return NULL;
        }
        len = n == 2 ? 0 : (size_t)n - 1;   /* "/" itself contributes nothing before "/name" */
    }
    for (const char *p = path; *p; ) {
        while (*p == '/')
            p++;
        const char *c = p;
        while (*p && *p != '/')
            p++;
        if (p > c && !append_component(out, &len, c, (size_t)(p - c))) {
            kfree(out);
            return NULL;
        }
    }
    if (len == 0)
        out[len++] = '/';
    out[len] = '\0';
    return out;
}
