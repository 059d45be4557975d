# Tools that read the kernel's state through /proc and system calls: ps, top, free, df, mount
# (and a tmpfs mounted and unmounted), dmesg, uptime, hostname, uname, id, date, and the /proc
# files they use. Where numbers vary, the format is checked and the numbers must be sane.
. "$BBT_HOME/lib.sh"

# ps: the header, then one line per process ("%5u %-8.8s %s"), pids in order.
sleep 30 &
sleeper=$!
expect "ps prints its header first" "PID   USER     COMMAND" "$(ps | head -n 1)"
expect "ps shows a sleeping child with its command line" "$(printf '%5d root     sleep 30' "$sleeper")" "$(ps | awk -v p="$sleeper" '$1 == p')"
expect "ps shows this shell and init" "$(printf '%5d root     sh %s' $$ "$0")
1 root" "$(ps | awk -v p=$$ '$1 == p'; ps | awk '$1 == 1 { print $1, $2 }')"
expect "ps lists pids in increasing order" "sorted" "$(ps | awk 'NR > 1 { if ($1 <= last) bad = 1; last = $1 } END { if (!bad) print "sorted" }')"
expect "ps -o pid,ppid,stat,comm: the sleeper is a sleeping child of this shell" "$sleeper $$ S sleep" "$(ps -o pid,ppid,stat,comm | awk -v p="$sleeper" '$1 == p { print $1, $2, $3, $4 }')"
kill -STOP "$sleeper"
expect "a stopped process shows state T" "T" "$(ps -o pid,stat | awk -v p="$sleeper" '$1 == p { print $2 }')"
kill -CONT "$sleeper"
expect "SIGCONT makes it S again" "S" "$(ps -o pid,stat | awk -v p="$sleeper" '$1 == p { print $2 }')"
kill "$sleeper"
wait "$sleeper" 2>/dev/null
# A process that execs without reaping its child leaves a zombie until it exits.
sh -c 'sleep 0.1 & exec sleep 5' &
parent=$!
sleep 1
expect "an exited, unreaped child is a zombie (state Z) of the right parent" "$parent Z" "$(ps -o pid,ppid,stat | awk -v p="$parent" '$2 == p { print $2, $3 }')"
wait "$parent"
expect "once its parent is gone, the zombie is gone" "" "$(ps -o pid,ppid | awk -v p="$parent" '$2 == p')"

top=$(top -b -n 1)
expect_match "top -b -n 1: memory, CPU and load lines" \
    '^(Mem: [0-9]+K used, [0-9]+K free, [0-9]+K shrd, [0-9]+K buff, [0-9]+K cached|CPU: +[0-9]+% usr +[0-9]+% sys +[0-9]+% nic +[0-9]+% idle +[0-9]+% io +[0-9]+% irq +[0-9]+% sirq|Load average: [0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2} [0-9]+/[0-9]+ [0-9]+)$' \
    "$(echo "$top" | head -n 3)"
expect "top -b -n 1: the column header" "  PID  PPID USER     STAT   VSZ %VSZ %CPU COMMAND" "$(echo "$top" | sed -n 4p)"
expect "top -b -n 1 shows itself, a child of this shell" "$$ root R top -b -n 1" "$(echo "$top" | awk '/top -b -n 1$/ { print $2, $3, $4, $(NF-3), $(NF-2), $(NF-1), $NF }')"

free=$(free)
expect "free: the header" "              total        used        free      shared  buff/cache   available" "$(echo "$free" | head -n 1)"
expect_match "free: Mem and Swap lines of numbers" '^(Mem:( +[0-9]+){6}|Swap:( +[0-9]+){3})$' "$(echo "$free" | tail -n 2)"
expect "free: 256 MiB of RAM, less what the kernel keeps; used + free <= total" "sane" "$(echo "$free" | awk '/^Mem:/ { if ($2 > 100000 && $2 <= 262144 && $3 + $4 <= $2 && $4 > 0) print "sane" }')"
expect "free -m counts in MiB" "close" "$( (echo "$free"; free -m) | awk '/^Mem:/ { t[n++] = $2 } END { d = t[0] / 1024 - t[1]; if (d > -1 && d < 1) print "close" }')"

expect "df: the header" "Filesystem           1K-blocks      Used Available Use% Mounted on" "$(df | head -n 1)"
expect_match "df: /dev is a devtmpfs with numbers" '^devtmpfs +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+% /dev$' "$(df | grep ' /dev$')"

expect "mount lists proc and devtmpfs" "proc on /proc type proc
devtmpfs on /dev type devtmpfs" "$(mount | grep -E '^(proc|devtmpfs) ' | sed 's/ (.*//')"
expect "/proc/mounts has the same" "proc /proc proc
devtmpfs /dev devtmpfs" "$(grep -E '^(proc|devtmpfs) ' /proc/mounts | cut -d' ' -f1-3)"
mkdir mp
expect_status "mount -t tmpfs -o size=1m" 0 mount -t tmpfs -o size=1m scratch "$PWD/mp"
expect "mount shows the new tmpfs" "scratch on $PWD/mp type tmpfs" "$(mount | grep " $PWD/mp " | sed 's/ (.*//')"
expect_match "df shows its 1024 blocks, all free" "^scratch +1024 +0 +1024 +0% $PWD/mp\$" "$(df "$PWD/mp" | tail -n 1)"
dd if=/dev/zero of=mp/data bs=1024 count=100 2>/dev/null
expect "df counts 100 KiB written into it" "100 924" "$(df "$PWD/mp" | awk 'NR == 2 { print $3, $4 }')"
expect "a full tmpfs says so" "No space left on device" "$(dd if=/dev/zero of=mp/fill bs=1024 count=2000 2>&1 | grep -o 'No space left on device')"
expect_status "umount" 0 umount "$PWD/mp"
expect "after umount the files are gone and the directory is empty again" "" "$(ls -A mp; mount | grep " $PWD/mp ")"
expect_status "umount of a directory that is not mounted fails" 1 umount "$PWD/mp"

check "dmesg prints the kernel log" test "$(dmesg | wc -l)" -gt 0
expect_match "uptime: time, up, users and load" '^ [0-9]{2}:[0-9]{2}:[0-9]{2} up +([0-9]+ min|[0-9]+:[0-9]{2}), +0 users, +load average: [0-9]+\.[0-9]{2}, [0-9]+\.[0-9]{2}, [0-9]+\.[0-9]{2}$' "$(uptime)"
[ $PPID = 1 ] && expect "hostname (set by rcS from /etc/hostname)" "wicket" "$(hostname)"
expect "uname -s, -m; uname -n is the host name" "Linux x86_64 $(hostname)" "$(uname -s -m) $(uname -n)"
expect "id and whoami" "uid=0(root) gid=0(root)
root" "$(id; whoami)"
expect "date -u formats a given time" "1970-01-01 00:00:00 Thu
2024-02-29 12:00:00" "$(date -u -d @0 '+%Y-%m-%d %H:%M:%S %a'; date -u -d @1709208000 '+%Y-%m-%d %H:%M:%S')"
expect "date parses a time into seconds" "1709208000" "$(date -u -d '2024-02-29 12:00:00' +%s)"
check "the clock is past 2024 (read from the RTC at boot)" test "$(date +%s)" -gt 1704067200

expect "/proc/self is the reader's own directory" "same" "$(sh -c 'echo $$ > me; exec readlink /proc/self' > self; [ "$(cat self)" = "$(cat me)" ] && echo same)"
expect "/proc/PID/stat starts with pid, (comm) and state" "$$ (sh) S $PPID" "$(cut -d' ' -f1-4 /proc/$$/stat)"
expect "/proc/PID/cmdline holds the arguments, NUL-separated" "sh $0 " "$(tr '\0' ' ' < /proc/$$/cmdline)"
expect "/proc/PID/status names the process and its parent" "Name:	sh
PPid:	$PPID" "$(grep -E '^(Name|PPid):' /proc/$$/status)"
expect_match "/proc/meminfo, /proc/uptime and /proc/loadavg" '^(MemTotal: +[0-9]+ kB|MemFree: +[0-9]+ kB|[0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2}|[0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2} [0-9]+\.[0-9]{2} [0-9]+/[0-9]+ [0-9]+)$' "$(head -n 2 /proc/meminfo; cat /proc/uptime /proc/loadavg)"
expect "a process's directory goes away when it is reaped" "gone" "$(sh -c 'exit 0' & p=$!; wait $p; [ ! -e /proc/$p ] && echo gone)"
