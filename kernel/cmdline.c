/* Splitting the kernel command line (modified in place: words are NUL-terminated). */
#include "types.h"
#include "cmdline.h"
#include "kstring.h"

static char *next_word(char **s)
{
    while (**s == ' ')
        (*s)++;
    if (!**s)
        return NULL;
    char *w = *s;
    while (**s && **s != ' ')
        (*s)++;
    if (**s)
        *(*s)++ = '\0';
    return w;
}

static bool take_param(struct boot_params *bp, const char *w)
{
    static const char *const kernel_params[] = { "console=", "panic=", "loglevel=", "root=",
                                                 "earlyprintk=", "mem=", "nokaslr" };
    if (!strncmp(w, "init=", 5)) {
        bp->init = w + 5;
        return true;
    }
    if (!strncmp(w, "rdinit=", 7)) {
        bp->rdinit = w + 7;
        return true;
    }
    if (!strncmp(w, "wicket.bench_floor=", 19)) {
        bp->bench_floor = !strcmp(w + 19, "1");
        return true;
    }
    if (!strcmp(w, "wicket.stats=0") || !strcmp(w, "wicket.stats=1")) {
        bp->no_syscall_stats = w[13] == '0';
        return true;
    }
    if (!strcmp(w, "quiet")) {
        bp->quiet = true;
        return true;
    }
    for (size_t i = 0; i < ARRAY_SIZE(kernel_params); i++)
        if (!strncmp(w, kernel_params[i], strlen(kernel_params[i])))
            return true;
    return false;
}

void cmdline_parse(char *cmdline, struct boot_params *bp)
{
    size_t argc = 1, envc = 0;
    bool after_dashes = false;
    bp->rdinit = "/init";
    bp->init_envp[envc++] = "HOME=/";
    bp->init_envp[envc++] = "TERM=linux";
    for (char *w; cmdline && (w = next_word(&cmdline)); ) {
        if (!after_dashes && !strcmp(w, "--")) {
            after_dashes = true;
            continue;
        }
        if (!after_dashes && take_param(bp, w))
            continue;
        if (!after_dashes && strchr(w, '=')) {
            if (envc < CMDLINE_MAX_ARGS)
                bp->init_envp[envc++] = w;
        } else if (argc <= CMDLINE_MAX_ARGS) {
            bp->init_argv[argc++] = w;
        }
    }
    bp->init_argv[argc] = NULL;
    bp->init_envp[envc] = NULL;
}
