# Processes from the shell: background jobs (&, $!, wait), signals and their exit statuses
# (128 + N), traps (INT, TERM, USR1, EXIT), kill, sleep and timeout.
. "$BBT_HOME/lib.sh"

expect "a background job runs while the shell goes on" "foreground
background" "$( (sleep 1; echo background) & echo foreground; wait)"
expect "wait \$! returns the job's exit status" "5" "$( (exit 5) & wait $!; echo $?)"
expect "\$! is the background job's pid, and it is a child" "child" "$(sh -c 'sleep 5 & p=$!; [ "$(cut -d" " -f4 /proc/$p/stat)" = $$ ] && echo child; kill $p')"
expect "wait with no operand waits for every job" "1 2 3 done" "$(for i in 1 2 3; do (sleep 1; echo $i > job$i) & done; wait; cat job1 job2 job3 | tr '\n' ' '; echo done)"
expect "parallel jobs finish in their own order" "fast
slow" "$( (sleep 2; echo slow) & (sleep 1; echo fast) & wait)"
expect "kill -0 tells whether a process exists" "alive gone" "$( { sleep 5 & p=$!; kill -0 $p && printf 'alive '; kill $p; wait $p; kill -0 $p || echo gone; } 2>/dev/null)"

# A process killed by signal N has status 128 + N in the shell. (The shell ignores SIGQUIT.)
# The shell reports such deaths ("Terminated") on stderr, which these checks silence.
for sig in HUP:1 INT:2 KILL:9 USR1:10 SEGV:11 USR2:12 PIPE:13 ALRM:14 TERM:15; do
    name=${sig%:*} num=${sig#*:}
    expect "a shell killed by SIG$name has status $((128 + num))" "$((128 + num))" \
        "$( { sh -c "kill -$name \$\$; sleep 5"; echo $?; } 2>/dev/null)"
done
expect "kill sends TERM by default to a background job" "143" "$( { sleep 10 & p=$!; kill $p; wait $p; echo $?; } 2>/dev/null)"
expect "kill -s and kill -N" "138 137" "$( { sleep 10 & p=$!; kill -s USR1 $p; wait $p; a=$?; sleep 10 & p=$!; kill -9 $p; wait $p; echo "$a $?"; } 2>/dev/null)"
expect "kill -l names signals and statuses" "TERM
KILL
INT" "$(kill -l 15; kill -l 137; kill -l 130)"
expect_status "kill of a missing process fails" 1 kill 99999

expect "trap runs on INT, TERM and USR1, and the script goes on" "INT
TERM
USR1
after" "$(sh -c 'trap "echo INT" INT; trap "echo TERM" TERM; trap "echo USR1" USR1; kill -INT $$; kill -TERM $$; kill -USR1 $$; echo after')"
expect "an EXIT trap runs at the end, also after exit N" "body
cleanup
7" "$(sh -c 'trap "echo cleanup" EXIT; echo body; exit 7'; echo $?)"
expect "an EXIT trap runs when a TERM trap exits" "term
exit
3" "$(sh -c 'trap "echo exit" EXIT; trap "echo term; exit 3" TERM; kill $$; echo not-reached'; echo $?)"
expect "trap '' ignores a signal, trap - restores it" "still here
143" "$( { sh -c 'trap "" TERM; kill $$; echo still here; trap - TERM; kill $$; echo not-reached'; echo $?; } 2>/dev/null)"
expect "a trap interrupts wait; wait then returns 128 + N" "trapped
138" "$(sh -c 'trap "echo trapped" USR1; sleep 10 & s=$!; (sleep 1; kill -USR1 $$) & wait $s; r=$?; kill $s; echo $r' 2>/dev/null)"
expect "trap with no arguments lists the traps" "trap -- 'echo bye' EXIT
trap -- 'echo int' INT" "$(sh -c 'trap "echo bye" EXIT; trap "echo int" INT; trap; trap - EXIT')"

expect "sleep waits at least its time" "ok" "$(s=$(date +%s); sleep 2; e=$(date +%s); [ $((e - s)) -ge 1 ] && [ $((e - s)) -le 30 ] && echo ok)"
expect "sleep accepts fractions" "0" "$(sleep 0.2; echo $?)"
expect "timeout lets a quick command finish" "done
0" "$(timeout 10 sh -c 'echo done'; echo $?)"
expect "timeout ends a slow one with TERM (143)" "143" "$( { timeout 1 sleep 10; echo $?; } 2>/dev/null)"
expect "timeout -s KILL (137)" "137" "$( { timeout -s KILL 1 sleep 10; echo $?; } 2>/dev/null)"
expect "a process sees its parent die: it is reparented" "reparented" "$(sh -c 'sleep 5 & echo $! > orphan' ; sleep 1; p=$(cat orphan); pp=$(cut -d' ' -f4 /proc/$p/stat); [ "$pp" != $$ ] && echo reparented)"
expect "setsid runs a command in a new session and process group" "new session" "$(setsid sh -c 'set -- $(cut -d" " -f5,6 /proc/$$/stat); [ "$1" = $$ ] && [ "$2" = $$ ] && echo new session')"
