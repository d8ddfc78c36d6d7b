#!/usr/bin/env python3
"""Run a command; when it ends, write the CPU time it used (user + system, in seconds) into
a file: GNU time's %U + %S, to the microsecond rather than to the hundredth.

    python3 cpu_time.py OUT COMMAND [ARG...]

scripts/bench.sh runs both sides of a file transfer this way. SIGTERM is passed on to the
command, so a server started this way stops as it would on its own. The exit status is
the command's (128 + N if signal N ended it, as a shell reports it).
"""
import os
import signal
import subprocess
import sys

out, command = sys.argv[1], sys.argv[2:]
child = None


def pass_on(signum, frame):
    if child is not None and child.returncode is None:
        try:
            os.kill(child.pid, signum)
        except ProcessLookupError:
            pass  # it has just ended


# Before the child starts, so that no SIGTERM finds this program without its handler.
signal.signal(signal.SIGTERM, pass_on)
child = subprocess.Popen(command)
# wait4(): the child's exit status and its resource usage, its threads and its own
# children included. (Not its peak memory: ru_maxrss would count this Python's too.)
_, status, usage = os.wait4(child.pid, 0)
child.returncode = status  # reaped: no signal is passed on to its pid from now on
with open(out, "w") as f:
    f.write(f"{usage.ru_utime + usage.ru_stime:.6f}\n")
code = os.waitstatus_to_exitcode(status)
sys.exit(128 - code if code < 0 else code)
