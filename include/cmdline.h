/* The kernel command line, split as Linux splits it: parameters the kernel knows, and the rest
 * handed to init (words without '=' and everything after "--" as arguments, name=value words as
 * environment). */
#ifndef WICKET_CMDLINE_H
#define WICKET_CMDLINE_H
#define CMDLINE_MAX_ARGS 32

struct boot_params {
    const char *rdinit;         /* rdinit=: the initramfs program, default "/init" */
    const char *init;           /* init=: tried when rdinit does not exist */
    const char *init_argv[CMDLINE_MAX_ARGS + 2];    /* [0] is filled with the program */
    const char *init_envp[CMDLINE_MAX_ARGS + 3];
    bool quiet;
    bool bench_floor;           /* wicket.bench_floor=1: the benchmark's syscall entry (make bench) */
    bool no_syscall_stats;      /* wicket.stats=0: per-syscall statistics off */
};
void cmdline_parse(char *cmdline, struct boot_params *bp);
#endif
