# Helpers for the busybox test suite, sourced by every test file (user/bbtests/t/*.sh).
#
# Each check prints one TAP-like line, "ok N - FILE: what" or "not ok N - FILE: what", which
# tools/run-tests reads from the console; a failed comparison adds "#" lines showing what was
# expected and what came instead. N runs across all files: the count lives in $BBT_DIR (set by
# the driver, /bbtests/run), since each file runs in a shell of its own.
#
# Checks compare exact output wherever the output is fixed. Commands are run through $(...),
# which drops trailing newlines, so expected strings are written without them.

: "${BBT_DIR:?run the tests through /bbtests/run}"
: "${BBT_FILE:=$(basename "$0" .sh)}"

# bbt_result ok|"not ok" WHAT: counts and prints one result.
bbt_result() {
    read -r bbt_n < "$BBT_DIR/count"
    bbt_n=$((bbt_n + 1))
    echo "$bbt_n" > "$BBT_DIR/count"
    if [ "$1" != ok ]; then
        read -r bbt_f < "$BBT_DIR/failed"
        echo $((bbt_f + 1)) > "$BBT_DIR/failed"
    fi
    echo "$1 $bbt_n - $BBT_FILE: $2"
}

# bbt_show LABEL TEXT: prints TEXT as comment lines, so multi-line output stays readable.
bbt_show() {
    echo "#   $1:"
    printf '%s\n' "$2" | sed 's/^/#     |/'
}

# expect WHAT EXPECTED ACTUAL: the output must be exactly EXPECTED.
expect() {
    if [ "$2" = "$3" ]; then
        bbt_result ok "$1"
    else
        bbt_result "not ok" "$1"
        bbt_show expected "$2"
        bbt_show got "$3"
    fi
}

# expect_status WHAT STATUS COMMAND [ARGS...]: the command must exit with STATUS. Its output
# is discarded, and shown only if the status is wrong.
expect_status() {
    bbt_what=$1 bbt_want=$2
    shift 2
    bbt_out=$("$@" 2>&1)
    bbt_got=$?
    if [ "$bbt_got" = "$bbt_want" ]; then
        bbt_result ok "$bbt_what (status $bbt_want)"
    else
        bbt_result "not ok" "$bbt_what (status $bbt_want, got $bbt_got)"
        bbt_show output "$bbt_out"
    fi
}

# expect_match WHAT REGEX ACTUAL: every line of ACTUAL must match the extended REGEX, and there
# must be at least one line. For output that varies (numbers, times, pids).
expect_match() {
    if [ -n "$3" ] && ! printf '%s\n' "$3" | grep -qvE "$2"; then
        bbt_result ok "$1"
    else
        bbt_result "not ok" "$1"
        bbt_show "every line matching" "$2"
        bbt_show got "$3"
    fi
}

# check WHAT COMMAND [ARGS...]: the command must succeed (a test such as `[ $n -gt 0 ]`).
check() {
    bbt_what=$1
    shift
    if "$@"; then
        bbt_result ok "$bbt_what"
    else
        bbt_result "not ok" "$bbt_what"
        bbt_show "failed" "$*"
    fi
}

# wait_for FILE TEXT [TENTHS]: waits until FILE contains TEXT, up to TENTHS tenths of a second
# (default 300); fails if it never does. For driving programs that answer in their own time.
wait_for() {
    bbt_tries=${3:-300}
    while [ "$bbt_tries" -gt 0 ]; do
        grep -qF -- "$2" "$1" 2>/dev/null && return 0
        sleep 0.1
        bbt_tries=$((bbt_tries - 1))
    done
    return 1
}
