"""``make run``: the development web server and one job consumer, started and stopped together.

    python -m shop.tools.devserver [--host 127.0.0.1] [--port 5000]

runs ``flask --app app jobs worker`` and ``flask --app app run`` as child processes, each in a
process group of its own so that Ctrl-C reaches this process only. When either child exits,
or this process gets Ctrl-C, SIGTERM or SIGHUP, both children get SIGINT (the consumer lets a
running job finish), then SIGTERM and SIGKILL if they linger. On Linux the kernel also stops
the children if this process dies without cleaning up (``PR_SET_PDEATHSIG``), so no consumer
outlives ``make run``.
"""

from __future__ import annotations

import argparse
import ctypes
import os
import signal
import subprocess
import sys
import time
from collections.abc import Sequence

PR_SET_PDEATHSIG = 1
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)


def _child_setup(parent_pid: int):
    """Runs in each child between fork and exec: die with the parent (Linux)."""

    def setup() -> None:
        if sys.platform.startswith("linux"):
            try:
                libc = ctypes.CDLL(None, use_errno=True)
                libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)
            except (OSError, AttributeError):
                pass
        if os.getppid() != parent_pid:  # the parent died before prctl took effect
            os._exit(1)

    return setup


def _wait_all(children: Sequence[subprocess.Popen], seconds: float) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if all(child.poll() is not None for child in children):
            return True
        time.sleep(0.05)
    return all(child.poll() is not None for child in children)


def _signal_all(children: Sequence[subprocess.Popen], signum: int) -> None:
    for child in children:
        if child.poll() is None:
            try:
                child.send_signal(signum)
            except ProcessLookupError:
                pass


def stop_all(children: Sequence[subprocess.Popen], grace: float = 10.0) -> None:
    """SIGINT, then SIGTERM after ``grace`` seconds, then SIGKILL; returns when all exited."""
    for signum, wait in ((signal.SIGINT, grace), (signal.SIGTERM, 5.0),
                         (signal.SIGKILL, 5.0)):
        _signal_all(children, signum)
        if _wait_all(children, wait):
            return


def run_together(commands: Sequence[Sequence[str]], *, grace: float = 10.0,
                 env: dict[str, str] | None = None, cwd: str | None = None) -> int:
    """Start every command; when one exits or a stop signal arrives, stop them all.

    Returns the exit code of the child that exited first, or 0 when stopped by a signal."""
    received: list[int] = []

    def on_signal(signum, _frame) -> None:
        received.append(signum)

    previous = {signum: signal.signal(signum, on_signal) for signum in STOP_SIGNALS}
    children: list[subprocess.Popen] = []
    try:
        for command in commands:
            if received:
                break
            children.append(subprocess.Popen(
                list(command), env=env, cwd=cwd, process_group=0,
                preexec_fn=_child_setup(os.getpid())))
        exited = None
        while not received and exited is None:
            exited = next((c for c in children if c.poll() is not None), None)
            time.sleep(0.1)
        return 0 if exited is None else exited.returncode
    finally:
        stop_all(children, grace)
        for signum, handler in previous.items():
            signal.signal(signum, handler)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", default="5000")
    parser.add_argument("--workers", default="1", help="consumer worker threads")
    args = parser.parse_args(argv)
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    return run_together([
        [*flask, "jobs", "worker", "--workers", args.workers],
        [*flask, "run", "--host", args.host, "--port", args.port],
    ])


if __name__ == "__main__":
    sys.exit(main())
