# Running programs: #! scripts (with an argument on the #! line, nested interpreters), plain
# executable text run by the shell itself (ENOEXEC), what the shell reports for files it cannot
# run (126) or cannot find (127), exec, the environment, and exec through symlinks.
. "$BBT_HOME/lib.sh"

dir=$(pwd)

printf '#!/bin/sh\necho "script $0 $# $*"\n' > plain.sh
chmod +x plain.sh
expect "a #!/bin/sh script gets its path as \$0 and its arguments" "script ./plain.sh 2 a b" "$(./plain.sh a b)"
expect "the same script by absolute path and through PATH" "script $dir/plain.sh 0 
script $dir/plain.sh 1 x" "$("$dir/plain.sh"; PATH=$dir:$PATH plain.sh x)"

# The kernel passes the interpreter, then the one optional argument from the #! line, then the
# script's path as given, then the script's own arguments.
printf '#!/bin/echo hello\n' > echo-arg
chmod +x echo-arg
expect "a #! line with an argument" "hello ./echo-arg a b" "$(./echo-arg a b)"
printf '#!/bin/echo two words\n' > echo-words
chmod +x echo-words
expect "the rest of a #! line is one argument" "two words ./echo-words" "$(./echo-words)"
printf '#!  /bin/echo   spaced\n' > echo-spaced
chmod +x echo-spaced
expect "blanks around the interpreter are skipped" "spaced ./echo-spaced" "$(./echo-spaced)"

# An interpreter that is itself a #! script: the kernel resolves the chain.
printf '#!%s/echo-arg nested\n' "$dir" > nested
chmod +x nested
expect "a script whose interpreter is a script" "hello $dir/echo-arg nested ./nested x" "$(./nested x)"
printf '#!%s/nested deeper\n' "$dir" > deeper
chmod +x deeper
expect "three levels of interpreters" "hello $dir/echo-arg nested $dir/nested deeper ./deeper" "$(./deeper)"

printf '#!/bin/sh -e\nfalse\necho not reached\n' > dash-e
chmod +x dash-e
expect "#!/bin/sh -e: the option reaches the shell" "1" "$(./dash-e; echo $?)"
printf '#!/usr/bin/awk -f\n{ print NR ": " $0 }\n' > numbered
chmod +x numbered
expect "#!/usr/bin/awk -f runs an awk program" "1: x
2: y" "$(printf 'x\ny\n' | ./numbered)"

printf 'echo "no #! line, run by the shell: $1"\n' > bare
chmod +x bare
expect "an executable text file without #! is run by the shell (ENOEXEC)" "no #! line, run by the shell: arg" "$(./bare arg)"

printf '#!/bin/sh\necho ran\n' > noexec
chmod 644 noexec
expect "a file without execute permission: status 126" "126" "$(./noexec 2>/dev/null; echo $?)"
expect "...with the shell's message" "sh: ./noexec: Permission denied" "$(sh -c ./noexec 2>&1)"
expect "sh FILE runs it anyway" "ran" "$(sh noexec)"
expect "a missing command: status 127" "127" "$(./missing 2>/dev/null; echo $?)"
expect "...with the shell's message" "sh: ./missing: not found" "$(sh -c ./missing 2>&1)"
expect "a command not in PATH: 127" "127" "$(nosuchcommand 2>/dev/null; echo $?)"
printf '#!/nonexistent/interpreter\n' > badinterp
chmod +x badinterp
expect "a script whose interpreter is missing: 127" "127" "$(./badinterp 2>/dev/null; echo $?)"
mkdir adir
expect "a directory: 126" "126" "$("$dir/adir" 2>/dev/null; echo $?)"
printf '\177ELF\002\001\001\000garbage' > badelf
chmod +x badelf
expect "a truncated ELF file is refused (ENOEXEC; the shell then fails to read it as a script)" "127" "$(./badelf 2>/dev/null; echo $?)"

expect "exec replaces the shell" "replaced" "$(sh -c 'exec echo replaced; echo not reached')"
expect "exec keeps the pid" "same" "$(sh -c 'p=$$; exec sh -c "[ \$\$ = $p ] && echo same"')"
expect "env sets, unsets and clears the environment" "bar
unset
0" "$(FOO=bar sh -c 'echo $FOO'; FOO=bar env -u FOO sh -c 'echo ${FOO:-unset}'; env -i env | wc -l)"
expect "exported variables reach children, others do not" "exported|" "$(A=exported; B=local; export A; sh -c 'echo "$A|$B"')"
expect "programs run through their applet symlinks" "direct
/bin/busybox" "$(/bin/echo direct; readlink /bin/echo)"
expect "busybox runs an applet named by its first argument" "via busybox" "$(/bin/busybox echo via busybox)"
expect "a symlink to a script runs the script" "script ./link.sh 0 " "$(ln -s plain.sh link.sh; ./link.sh)"
big=$(seq -s x 1 10000)
export big
expect "a large environment and argument list pass through exec" "2000 ${#big}" "$(sh -c 'echo $# ${#big}' sh $(seq 1 2000))"
