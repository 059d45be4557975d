# File management: mkdir -p, touch, cp -a, mv, rm -r, ln -s, chmod, stat, ls, find, xargs, du,
# and archives and checksums: tar, gzip, md5sum, sha256sum, cmp, diff.
. "$BBT_HOME/lib.sh"

expect_status "mkdir -p creates nested directories" 0 mkdir -p a/b/c
check "the nested directory exists" test -d a/b/c
expect_status "mkdir of an existing directory fails" 1 mkdir a
echo one > a/one.txt
echo two > a/b/two.txt
touch a/b/c/empty
ln -s ../one.txt a/b/link
expect "find lists the tree in order" "a
a/b
a/b/c
a/b/c/empty
a/b/link
a/b/two.txt
a/one.txt" "$(find a | sort)"
expect "find -type f, -type l, -name, -maxdepth" "a/b/c/empty
a/b/two.txt
a/one.txt
a/b/link
a/one.txt" "$(find a -type f | sort; find a -type l; find a -maxdepth 1 -name '*.txt')"
expect "ls lists names sorted, one per line into a pipe" "b
one.txt" "$(ls a)"
expect "ls -l shows type, mode, links, size and link target" "-rw-r--r-- 1 4 a/one.txt
lrwxrwxrwx 1 10 a/b/link -> ../one.txt" "$(ls -l a/one.txt | awk '{ print $1, $2, $5, $9 }'; ls -l a/b/link | awk '{ print $1, $2, $5, $9, $10, $11 }')"
expect "readlink and cat through a symlink" "../one.txt
one" "$(readlink a/b/link; cat a/b/link)"
expect "cp -a copies a tree with its links and modes" "a2/b/link -> ../one.txt
one
two" "$(chmod 640 a/one.txt && cp -a a a2 && echo "a2/b/link -> $(readlink a2/b/link)" && cat a2/one.txt a2/b/two.txt)"
expect "cp -a keeps the mode" "640" "$(stat -c %a a2/one.txt)"
expect "mv renames a file and moves it into a directory" "moved
a2/b/c/renamed.txt" "$(mv a2/one.txt a2/moved.txt && echo moved > a2/moved.txt && mv a2/moved.txt a2/b/c/renamed.txt && cat a2/b/c/renamed.txt && find a2 -name renamed.txt)"
expect "rm -r removes a tree" "gone" "$(rm -r a2 && test ! -e a2 && echo gone)"
expect_status "rm of a missing file fails" 1 rm nonexistent
expect_status "rm -f of a missing file succeeds" 0 rm -f nonexistent
expect_status "rmdir of a non-empty directory fails" 1 rmdir a
expect "chmod in octal and symbolic forms" "755 -rwxr-xr-x
700 -rwx------
744 -rwxr--r--" "$(touch m; chmod 755 m; stat -c '%a %A' m; chmod go-rx m; stat -c '%a %A' m; chmod a+r m; stat -c '%a %A' m)"
expect "touch creates an empty file; -d sets its time" "0
2021-03-04 05:06:07" "$(touch new; stat -c %s new; touch -d '2021-03-04 05:06:07' new; date -r new '+%Y-%m-%d %H:%M:%S')"
expect "ln makes a hard link: two names, one inode" "2 same" "$(echo x > h1; ln h1 h2; stat -c %h h1) $([ "$(stat -c %i h1)" = "$(stat -c %i h2)" ] && echo same)"
expect "dd copies blocks" "3+0 records in
3+0 records out
1536" "$(dd if=/dev/zero of=zeros bs=512 count=3 2>&1 | head -n 2; stat -c %s zeros)"
expect "du counts the blocks of a file" "2048" "$(dd if=/dev/zero of=two-mb bs=1024 count=2048 2>/dev/null && du -k two-mb | cut -f1)"
expect "xargs runs a command on its input words" "a/b/c/empty a/b/two.txt a/one.txt" "$(find a -type f | sort | xargs echo)"
expect "xargs -n 1 runs it once per word" "<1>
<2>
<3>" "$(echo 1 2 3 | xargs -n 1 printf '<%s>\n')"
expect "find -exec and xargs -I" "a/one.txt:one
[two]" "$(find a -name one.txt -exec grep -H one {} \; ; echo two | xargs -I{} echo '[{}]')"

# Archives and checksums: a tree goes through tar and gzip and comes back identical.
printf 'line %d\n' $(seq 1 500) > a/b/lines.txt
expect "md5sum and sha256sum of known data" "b1946ac92492d2347c6235b4d2611184  -
5891b5b522d5df086d0ff0b110fbd9d21bb4fc7163af34d08286a2e846f6be03  -" "$(echo hello | md5sum; echo hello | sha256sum)"
md5sum $(find a -type f | sort) > sums
expect_status "tar -c writes an archive" 0 tar -cf a.tar a
expect "tar -t lists it" "a/
a/b/
a/b/c/
a/b/c/empty
a/b/lines.txt
a/b/link
a/b/two.txt
a/one.txt" "$(tar -tf a.tar | sort)"
expect_status "gzip compresses" 0 gzip -9 a.tar
check "the compressed archive is smaller than the data" test "$(stat -c %s a.tar.gz)" -lt 3000
expect "gzip -t and gunzip -c" "ok" "$(gzip -t a.tar.gz && gunzip -c a.tar.gz > b.tar && echo ok)"
mkdir out
expect_status "tar -xzf extracts the gzipped archive" 0 tar -xzf a.tar.gz -C out
expect "the extracted files have the same checksums" "$(sed 's|  |  out/|' sums)" "$(cd out && md5sum $(find a -type f | sort) | sed 's|  |  out/|')"
expect "md5sum -c verifies the files" "a/b/lines.txt: OK" "$(cd out && md5sum -c ../sums | grep lines)"
expect "the extracted symlink and mode survive" "../one.txt 640" "$(readlink out/a/b/link) $(stat -c %a out/a/one.txt)"
expect_status "cmp of identical files" 0 cmp a/b/lines.txt out/a/b/lines.txt
expect "diff -u shows a change" "-line 2
+line two" "$(sed 's/^line 2$/line two/' a/b/lines.txt > changed; diff -u a/b/lines.txt changed | grep '^[-+]line')"
expect_status "diff of different files exits 1" 1 diff a/b/lines.txt changed
