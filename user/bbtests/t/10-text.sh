# Text tools: cat, echo, printf, sed, awk, grep, sort, uniq, wc, head, tail, cut, tr, seq, expr.
. "$BBT_HOME/lib.sh"

printf 'pear\napple\nfig\napple\nkiwi\n' > fruit
printf 'alpha 3\nbeta 10\ngamma 7\n' > table

expect "cat prints a file" "pear
apple
fig
apple
kiwi" "$(cat fruit)"
expect "cat joins files and - (stdin)" "x
alpha 3
beta 10
gamma 7" "$(echo x | cat - table)"
expect "cat -n numbers lines" "     1	pear
     2	apple" "$(head -n 2 fruit | cat -n)"
expect "echo -n and printf formats" "a-b 42 0x2a  3.50|" "$(echo -n a-b; printf ' %d %#x %5.2f|' 42 42 3.5)"
expect "sed substitutes and deletes" "PEAR
fig
kiwi" "$(sed -e '/apple/d' -e '1s/pear/PEAR/' fruit)"
expect "sed -n with a line range and a regex address" "apple
fig
/apple/" "$(sed -n '2,3p' fruit; echo /apple/ | sed -n '/apple/p')"
expect "sed -i edits a file in place" "pear
APPLE
fig
APPLE
kiwi" "$(cp fruit f2 && sed -i 's/apple/APPLE/g' f2 && cat f2)"
expect "awk sums a column and formats" "total 20 max beta" "$(awk '{ s += $2; if ($2 > m) { m = $2; n = $1 } } END { printf "total %d max %s\n", s, n }' table)"
expect "awk -F, fields, NR, NF and string functions" "1:B:3:ab
2:E:2:de" "$(printf 'a,b,c\nd,e\n' | awk -F, '{ print NR ":" toupper($2) ":" NF ":" substr($1 $2, 1, 2) }')"
expect "grep, grep -c, grep -v, grep -E" "apple
apple
2
pear
fig
kiwi
fig
kiwi" "$(grep apple fruit; grep -c apple fruit; grep -v apple fruit; grep -E '^(f|k)' fruit)"
expect "sort, sort -u, sort -n -k2, sort -r" "apple
apple
fig
kiwi
pear
apple fig kiwi pear
alpha 3
gamma 7
beta 10
pear" "$(sort fruit; sort -u fruit | tr '\n' ' ' | sed 's/ $//'; echo; sort -n -k2 table; sort -r fruit | head -n 1)"
expect "uniq -c counts adjacent lines" "      2 apple
      1 fig" "$(sort fruit | uniq -c | head -n 2)"
expect "wc counts lines, words and bytes" "5 5 26" "$(wc fruit | awk '{ print $1, $2, $3 }')"
expect "wc -l, -w, -c on stdin" "3
6
24" "$(wc -l < table; wc -w < table; wc -c < table)"
expect "head and tail" "pear
kiwi
apple
kiwi" "$(head -n 1 fruit; tail -n 1 fruit; tail -n 2 fruit)"
expect "tail -c and head -c" "iwi
pea" "$(tail -c 4 fruit; head -c 3 fruit; echo)"
expect "cut -d -f and cut -c" "3
10
7
alp" "$(cut -d' ' -f2 table; head -n 1 table | cut -c1-3)"
expect "tr translates, deletes and squeezes" "HELLO wrld a b" "$(echo hello | tr a-z A-Z) $(echo world | tr -d o) $(echo 'a    b' | tr -s ' ')"
expect "seq and expr" "1 3 5 7 9
42 4 3" "$(seq -s ' ' 1 2 9; echo "$(expr 6 \* 7) $(expr length abcd) $(expr 17 % 7 + 0)")"
expect "rev, tac, nl, paste" "olleh
kiwi
     1	pear
alpha 3	pear
beta 10	apple" "$(echo hello | rev; tac fruit | head -n 1; head -n 1 fruit | nl; head -n 2 table | paste - fruit | head -n 2)"
expect "od -c and hexdump -C show bytes" "0000000   h   i  \\n
0000003
00000000  68 69 0a                                          |hi.|
00000003" "$(echo hi | od -c; echo hi | hexdump -C)"
expect "base64 encodes and decodes" "aGVsbG8sIHdpY2tldAo=
hello, wicket" "$(echo 'hello, wicket' | base64; echo aGVsbG8sIHdpY2tldAo= | base64 -d)"
