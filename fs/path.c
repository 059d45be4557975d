/* Path resolution with Linux's rules: components, ".", "..", trailing slashes and symlinks, and
 * the reverse walk from a directory to its absolute name for getcwd.
 *
 * The walk is a loop over components, never a recursion: following a symlink in the middle of
 * a path saves the rest of the path on a small stack and continues with the link's target. At
 * most MAX_SYMLINKS links are followed per lookup, which also bounds that stack. */
#include "fs.h"
#include "kstring.h"
#include "printk.h"
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

/* Looks up one component in w->cur, handling "." and "..". */
static int step(struct walk *w, const char *name, size_t len, struct inode **out)
{
    if (!S_ISDIR(w->cur->mode))
        return -ENOTDIR;
    if (len == 1 && name[0] == '.') {
        *out = w->cur;
    } else if (len == 2 && name[0] == '.' && name[1] == '.') {
        *out = w->cur == w->root ? w->root : w->cur->parent;
    } else if (len > NAME_MAX) {
        return -ENAMETOOLONG;
    } else {
        *out = ramfs_lookup(w->cur, name, len);
        if (!*out)
            return -ENOENT;
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
    if ((size_t)(end - name) > NAME_MAX)
        return -ENAMETOOLONG;
    *last = name;
    *lastlen = (size_t)(end - name);
    return 0;
}

/* ---- getcwd ---- */

/* The entry naming directory dir in its parent. Live directories always have one. */
static const struct dentry *name_in_parent(struct inode *dir)
{
    struct inode *parent = dir->parent;
    for (size_t i = 0; i < parent->dir.count; i++)
        if (parent->dir.children[i].inode == dir)
            return &parent->dir.children[i];
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
    for (struct inode *d = dir; fits && d != root; d = d->parent) {
        if (d->parent == d) {
            reachable = false;
            break;
        }
        const struct dentry *e = name_in_parent(d);
        fits = prepend(buf, &at, e->name, e->namelen) && prepend(buf, &at, "/", 1);
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
