"""The interactive test: a person at the serial console of `make run`'s image, played by a script.

tools/run-tests boots build/run.cpio with QEMU's serial port on a pipe (`-serial stdio`) and hands
the running QEMU to run_session(), which waits for the shell's prompt and types, as a person
would, command lines with a Backspace in them, Ctrl-C, Ctrl-Z and fg, a vi session, a nested
shell ended by Ctrl-D, and finally Ctrl-D at the login prompt, which must power the machine off.
After each step it checks the text on the screen. It exercises what no other test does: the
terminal's line discipline (echo, erase, kill, the signal characters), the controlling tty and
job control, and a full-screen program on a real terminal.

Results are TAP-like lines ("ok N - what"), as the in-VM programs print, handed to a callback;
the first failed step ends the session, since later steps depend on the shell being in a known
state. Run it with `tools/run-tests --linux --only interactive`.
"""
import re
import subprocess
import threading
import time

BOOT_TIMEOUT = 300      # seconds from QEMU's start to the first prompt (TCG is slow)
STEP_TIMEOUT = 60       # seconds for the screen to show what one step should produce
SETTLE = 2.0            # seconds a started command gets before a key is sent to it

ESCAPE_SEQUENCE = re.compile(r"\x1b(\[[0-9;?]*[A-Za-z]|[A-Za-z=>])")
LOGIN_PROMPT = r"root@[^:\s]*:~# $"     # /etc/profile: PS1='\u@\h:\w\$ '
NESTED_PROMPT = r"\n~ # $"              # a plain `sh` keeps ash's default PS1
CTRL_C, CTRL_D, CTRL_U, CTRL_Z, ERASE, ESC = "\x03", "\x04", "\x15", "\x1a", "\x7f", "\x1b"


class StepFailed(Exception):
    pass


class Console:
    """QEMU's serial port: keys typed into its stdin, the screen read from its stdout by a
    thread. The screen is looked at as text without carriage returns and terminal escapes."""

    def __init__(self, proc):
        self.proc = proc
        self.raw = bytearray()
        self.closed = False
        self.changed = threading.Condition()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self):
        while True:
            data = self.proc.stdout.read1(4096)
            with self.changed:
                if data:
                    self.raw += data
                else:
                    self.closed = True
                self.changed.notify_all()
            if not data:
                return

    def _screen(self, start):
        text = bytes(self.raw[start:]).decode("utf-8", errors="replace").replace("\r", "")
        return ESCAPE_SEQUENCE.sub("", text)

    def text(self, start=0):
        with self.changed:
            return self._screen(start)

    def mark(self):
        """A position in the output; expect() looks only at what came after it."""
        with self.changed:
            return len(self.raw)

    def type(self, keys):
        self.proc.stdin.write(keys.encode())
        self.proc.stdin.flush()

    def expect(self, pattern, since, timeout=STEP_TIMEOUT):
        """Waits until the screen after `since` matches the regex; returns the match or None."""
        regex = re.compile(pattern, re.M)
        deadline = time.monotonic() + timeout
        with self.changed:
            while True:
                m = regex.search(self._screen(since))
                left = deadline - time.monotonic()
                if m or self.closed or left <= 0:
                    return m
                self.changed.wait(min(left, 1.0))


class Session:
    """One run of the script: numbered results, and the screen since each step began."""

    def __init__(self, console, report):
        self.console = console
        self.report = report
        self.count = self.failed = 0

    def result(self, ok, what):
        self.count += 1
        self.failed += 0 if ok else 1
        self.report(f"{'ok' if ok else 'not ok'} {self.count} - {what}")

    def step(self, what, keys, pattern, timeout=STEP_TIMEOUT, since=None):
        """Types keys and checks that the screen then matches pattern; a failure ends the session
        after showing the screen's last lines."""
        start = self.console.mark() if since is None else since
        if keys:
            self.console.type(keys)
        m = self.console.expect(pattern, start, timeout)
        self.result(m is not None, what)
        if m is None:
            self.report(f"#   expected the screen to match: {pattern!r}")
            for line in self.console.text(start).split("\n")[-15:]:
                self.report("#     |" + line)
            raise StepFailed(what)
        return m

    def command(self, what, line, output):
        """Types a command line and Enter; the output (a regex) must appear, then the prompt."""
        start = self.console.mark()
        self.step(what, line + "\r", output + r"(.*\n)*" + LOGIN_PROMPT, since=start)

    def start(self, line):
        """Types a command line that keeps running, and gives it time to start."""
        start = self.console.mark()
        self.console.type(line + "\r")
        if self.console.expect(r"\n", start) is None:
            self.result(False, f"the shell echoes {line!r} and runs it")
            raise StepFailed(line)
        time.sleep(SETTLE)
        return start


def line_editing(s):
    s.command("the shell's terminal is the serial line", "tty", r"^/dev/ttyS0$")
    s.command("Backspace in the shell's line editor: 'echo helo<BS>lo' prints hello",
              f"echo helo{ERASE}lo", r"^hello$")
    s.start('read x; echo "[$x]"')
    s.step("Backspace in the terminal's own line editing (canonical mode, for read): "
           "'abd<BS>c' reads abc", f"abd{ERASE}c\r", r"^\[abc\]$(.*\n)*" + LOGIN_PROMPT)
    s.start('read x; echo "[$x]"')
    s.step("Ctrl-U erases the line in canonical mode: 'junk<^U>ok' reads ok",
           f"junk{CTRL_U}ok\r", r"^\[ok\]$(.*\n)*" + LOGIN_PROMPT)


def job_control(s):
    s.start("sleep 100")
    s.step("Ctrl-C ends a foreground sleep and the prompt comes back", CTRL_C, LOGIN_PROMPT)
    s.command("...and $? is 130 (128 + SIGINT)", "echo $?", r"^130$")
    s.start("sleep 100")
    s.step("Ctrl-Z stops a foreground sleep: the shell reports it Stopped", CTRL_Z,
           r"\[1\]\+ +Stopped +sleep 100\n(.*\n)*" + LOGIN_PROMPT)
    s.command("jobs lists it as Stopped", "jobs", r"^\[1\]\+ +Stopped +sleep 100$")
    start = s.start("fg")
    s.step("fg resumes it in the foreground", None, r"^sleep 100$", since=start)
    s.step("Ctrl-C then ends it", CTRL_C, LOGIN_PROMPT)
    s.command("...with status 130", "echo $?", r"^130$")
    s.command("and no job is left", "jobs; echo no-more-jobs", r"jobs; echo no-more-jobs\nno-more-jobs$")


def vi_session(s):
    s.step("vi opens a new file", "vi /tmp/note.txt\r", r"- /tmp/note.txt")
    s.step("i enters insert mode", "i", r"I /tmp/note.txt")
    s.step("typed text appears", "hello from vi", r"hello from vi")
    s.step("Escape leaves insert mode", ESC, r"- /tmp/note.txt \[Modified\]")
    s.step(":wq writes the file and returns to the shell", ":wq\r",
           r"'/tmp/note.txt' 1L, 14C(.*\n)*.*" + LOGIN_PROMPT)
    s.command("cat shows what was typed in vi", "cat /tmp/note.txt", r"^hello from vi$")


def ending(s):
    s.step("a nested shell starts", "sh\r", NESTED_PROMPT)
    s.step("Ctrl-D at its empty prompt ends it", CTRL_D, LOGIN_PROMPT)
    s.command("...with status 0", "echo $?", r"^0$")
    s.step("Ctrl-D at the login shell's empty prompt ends the session", CTRL_D,
           r"session: the shell exited; powering off")


def run_session(proc, report):
    """Drives the console of a booted QEMU (stdin and stdout piped) through every step, reporting
    result lines through report() and ending with '# done P passed, F failed'. Returns the text
    of the whole screen."""
    console = Console(proc)
    s = Session(console, report)
    try:
        s.step("the login shell's prompt appears on the serial console", None,
               r"Welcome to Wicket(.*\n)*" + LOGIN_PROMPT, timeout=BOOT_TIMEOUT, since=0)
        for part in (line_editing, job_control, vi_session, ending):
            part(s)
        try:
            proc.wait(timeout=STEP_TIMEOUT)
            s.result(True, "the machine powers off and QEMU exits")
        except subprocess.TimeoutExpired:
            s.result(False, f"the machine powers off and QEMU exits (still running after "
                            f"{STEP_TIMEOUT} s)")
    except StepFailed:
        pass
    except OSError as e:     # QEMU went away while keys were being typed
        s.result(False, f"typing at the console: {e}")
    report(f"# done {s.count - s.failed} passed, {s.failed} failed")
    return console.text()
