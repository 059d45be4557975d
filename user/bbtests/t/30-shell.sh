# The shell itself: pipelines, redirections (> >> < 2>&1 <> and descriptors), here-documents,
# command substitution, subshells, functions, control flow, expansions and exit statuses.
. "$BBT_HOME/lib.sh"

expect "a three-stage pipeline" "3" "$(printf 'b\na\nc\n' | sort | wc -l)"
expect "a pipeline's status is its last command's" "1 0" "$(true | false; a=$?; false | true; echo "$a $?")"
expect "! negates a pipeline's status" "0" "$(! false | false; echo $?)"
expect "a long pipeline carries 100000 lines" "100000 588895" "$(seq 1 100000 | cat | cat | cat | wc -l -c | awk '{ print $1, $2 }')"
expect "a reader that quits early ends the pipeline (SIGPIPE)" "y" "$(yes | head -n 1)"

echo first > out
echo second >> out
expect "> truncates and >> appends" "first
second" "$(cat out)"
echo third > out
expect "> truncates an existing file" "third" "$(cat out)"
expect "< reads stdin from a file" "third" "$(tr -d '\r' < out)"
expect "2>&1 sends errors into the pipe; 2>/dev/null drops them" "ls: nope: No such file or directory" "$(ls nope 2>&1; ls nope 2>/dev/null)"
expect "order of 2>&1 and > matters" "to-pipe" "$( { echo to-pipe >&2; echo dropped; } 2>&1 > /dev/null)"
expect "&> is not POSIX, but >file 2>&1 collects both" "out
err" "$( { echo out; echo err >&2; } > both 2>&1; cat both)"
expect "exec opens descriptors for the rest of the shell" "via fd 3
read back" "$(exec 3> fd3; echo 'via fd 3' >&3; exec 3>&-; cat fd3; exec 4< fd3; read -r x <&4; echo 'read back')"
expect "<> opens for reading and writing" "hello" "$(echo hello > rw; exec 5<> rw; read -r w <&5; echo "$w")"
expect ">| and set -C (noclobber)" "kept
replaced" "$(echo kept > nc; set -C; { echo lost > nc; } 2>/dev/null; cat nc; echo replaced >| nc; cat nc)"

name=wicket
expect "a here-document expands variables" "hello wicket
2 + 2 = 4" "$(cat <<END
hello $name
2 + 2 = $((2 + 2))
END
)"
expect "a quoted here-document does not" 'hello $name' "$(cat <<'END'
hello $name
END
)"
expect "<<- strips leading tabs" "indented" "$(cat <<-END
	indented
	END
)"
expect "a here-document feeds a loop" "1:a
2:b" "$(n=0; while read -r w; do n=$((n + 1)); echo "$n:$w"; done <<END
a
b
END
)"
expect "nested command substitution" "outer inner" "$(echo outer $(echo inner))"
expect "backquotes" "x" "`echo x`"
expect "a subshell does not change the parent" "parent" "$(v=parent; (v=child; cd /); echo "$v")"
expect "{ } groups run in the current shell" "changed" "$(v=old; { v=changed; }; echo "$v")"

f() { echo "args: $# [$1] [$2]"; return 3; }
expect "functions take arguments and return a status" "args: 2 [a b] [c]
3" "$(f 'a b' c; echo $?)"
expect "local variables" "inner outer" "$(g() { local v=inner; echo -n "$v "; }; v=outer; g; echo "$v")"
expect "recursion" "120" "$(fact() { if [ "$1" -le 1 ]; then echo 1; else echo $(( $1 * $(fact $(($1 - 1))) )); fi; }; fact 5)"
expect "if / elif / else" "two" "$(x=2; if [ $x = 1 ]; then echo one; elif [ $x = 2 ]; then echo two; else echo many; fi)"
expect "case with patterns" "txt gz other" "$(for f in a.txt b.gz c; do case $f in *.txt) printf 'txt ';; *.gz) printf 'gz ';; *) echo other;; esac; done)"
expect "for, while, until, break and continue" "1 3 5 | 3 2 1 | 0 1" "$(for i in 1 2 3 4 5 6; do [ $i = 6 ] && break; [ $((i % 2)) = 0 ] && continue; printf '%s ' $i; done; printf '| '; n=3; while [ $n -gt 0 ]; do printf '%s ' $n; n=$((n - 1)); done; printf '| '; until [ $n = 2 ]; do printf '%s' $n; n=$((n + 1)); [ $n = 1 ] && printf ' '; done)"
expect "arithmetic expansion" "17 -3 1 8 2" "$(echo $((3 * 5 + 2)) $((2 - 5)) $((7 > 3)) $((1 << 3)) $((17 % 5)))"
expect "parameter expansion" "file.tar gz /a/b c default set 11" "$(p=/a/b/c; f=file.tar.gz; echo ${f%.*} ${f##*.} ${p%/*} ${p##*/} ${unset:-default} ${p:+set} ${#f})"
expect "\"\$@\" keeps words, \$* joins them" "3
a b|c d|e" "$(set -- 'a b' 'c d' e; echo $#; IFS='|'; echo "$*")"
expect "quoting" 'a  b $HOME \$ x' "$(echo "a  b" '$HOME' "\\\$" x)"
expect "globbing and a pattern that matches nothing" "g1 g2 g3 nomatch*" "$(touch g1 g2 g3; echo g* nomatch*)"
expect "read splits fields with IFS" "a|b c" "$(echo 'a:b c' | { IFS=: read -r x y; echo "$x|$y"; })"
expect "set -e stops a script at the first failure" "before
1" "$(sh -ec 'echo before; false; echo after'; echo $?)"
expect "set -u rejects unset variables" "2" "$(sh -uc 'echo $nosuch' 2>/dev/null; echo $?)"
expect "exit statuses: true, false, exit N, a missing command" "0 1 42 127" "$(true; a=$?; false; b=$?; (exit 42); c=$?; nosuchcommand 2>/dev/null; echo "$a $b $c $?")"
expect "&& and || short-circuit" "yes no" "$(true && echo -n 'yes '; false && echo bad; false || echo no)"
expect "eval and command -v" "evaluated f missing" "$(eval 'x=evaluated'; f() { :; }; echo "$x $(command -v f) $(command -v nosuchcommand || echo missing)")"
expect "shift and positional parameters" "b c 2" "$(set -- a b c; shift; echo "$@ $#")"
expect "getopts" "a b=val rest" "$(set -- -a -b val rest; while getopts ab: o; do case $o in a) printf 'a ';; b) printf 'b=%s ' "$OPTARG";; esac; done; shift $((OPTIND - 1)); echo "$1")"
expect "sh -c with \$0 and arguments" "name x y" "$(sh -c 'echo $0 $1 $2' name x y)"
expect "sh reads a script from stdin" "from stdin 5" "$(echo 'echo from stdin $((2 + 3))' | sh)"
expect "[ ] string, number and file tests" "ok ok ok ok" "$([ abc = abc ] && [ 10 -gt 9 ] && printf ok) $([ -n x ] && [ -z '' ] && printf ok) $([ -d / ] && [ -f /etc/passwd ] && printf ok) $([ -x /bin/sh ] && [ ! -e /nonexistent ] && printf ok)"
expect "umask applies to new files" "0022 600" "$(echo "$(umask) $(umask 077; touch um; stat -c %a um)")"
expect "cd, pwd, OLDPWD and cd -" "/tmp /
/tmp" "$(cd /tmp; cd /; echo "$OLDPWD $PWD"; cd - )"
