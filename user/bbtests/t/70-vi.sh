# vi driven by keystrokes through a pipe: insert text, edit with normal-mode commands, write
# and quit, then check the file. vi's screen output is appended to a file, and each group of
# keys is sent only when the screen shows that the previous group was handled:
#   - keys that arrive before vi has drawn its first screen are taken as the answer to its
#     question about the terminal size, and lost;
#   - vi reads an Escape that arrives together with more keys as part of an escape sequence,
#     so an Escape must be read alone.
. "$BBT_HOME/lib.sh"

# keys KEYS SHOWN: empties the screen file, types KEYS (a printf format) and waits until the
# screen shows SHOWN, the sign that vi has handled them.
keys() {
    : > screen
    printf "$1"
    wait_for screen "$2" || echo "vi did not show '$2' after the keys '$1'" >&2
}

# vi_on FILE: waits for vi's first screen, whose status line names FILE.
vi_on() {
    wait_for screen "$1" || echo "vi never showed its first screen" >&2
}

: > screen
{
    vi_on new.txt
    keys 'ihello from vi\nsecond line' 'second line'
    keys '\033' '- new.txt'
    keys ':wq\r' 'new.txt'
} | vi new.txt >> screen
expect "vi creates a file with inserted text" "hello from vi
second line" "$(cat new.txt)"

printf 'one\ntwo\nthree\nfour\n' > edit.txt
: > screen
{
    vi_on edit.txt
    keys 'jdd' 'Delete'
    keys 'Gofive' 'five'
    keys '\033' '- edit.txt'
    keys ':%%s/one/ONE/\r' 'ONE'
    keys 'ggAx' 'x'
    keys '\033' '- edit.txt'
    keys '/thr\r' '2/4'
    keys 'cwTHREE' 'THREE'
    keys '\033' '- edit.txt'
    keys ':w copy.txt\r' 'copy.txt'
    keys ':wq\r' 'edit.txt'
} | vi edit.txt >> screen
expect "vi edits with dd, G, o, :s, A, / and cw" "ONEx
THREE
four
five" "$(cat edit.txt)"
expect "vi :w FILE writes a copy" "$(cat edit.txt)" "$(cat copy.txt)"

printf 'keep\n' > quit.txt
: > screen
{
    vi_on quit.txt
    keys 'dd' 'Delete'
    keys ':q!\r' 'quit.txt'
} | vi quit.txt >> screen
expect "vi :q! leaves the file as it was" "keep" "$(cat quit.txt)"
