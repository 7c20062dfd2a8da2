"""``make run``'s launcher starts the web server and the consumer together and never leaves
either behind: not when one of them exits, not when it is stopped, not when it is killed."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from shop.tools import devserver

PROJECT_ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

# A child that records its pid and then waits; with "ignore-int" it shrugs off SIGINT.
CHILD = """
import os, signal, sys, time
if "ignore-int" in sys.argv:
    signal.signal(signal.SIGINT, signal.SIG_IGN)
open(sys.argv[1], "w").write(str(os.getpid()))
exit_after = float(sys.argv[2])
time.sleep(exit_after) if exit_after else signal.pause()
sys.exit(3)
"""

LAUNCHER = """
import json, sys
from shop.tools.devserver import run_together
commands, grace = json.loads(sys.argv[1])
sys.exit(run_together(commands, grace=grace))
"""


def _alive(pid: int) -> bool:
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"  # a zombie has exited
    except FileNotFoundError:
        return False


def _wait_for(predicate, seconds: float = 10.0) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return predicate()


def _launch(tmp_path, children: list[tuple[float, bool]], grace: float = 5.0):
    pid_files = [tmp_path / f"child{i}.pid" for i in range(len(children))]
    commands = [[sys.executable, "-c", CHILD, str(path), str(exit_after)]
                + (["ignore-int"] if ignore_int else [])
                for path, (exit_after, ignore_int) in zip(pid_files, children, strict=True)]
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, json.dumps([commands, grace])],
                                cwd=PROJECT_ROOT)
    assert _wait_for(lambda: all(p.exists() and p.read_text() for p in pid_files)), \
        "the children did not start"
    return launcher, [int(p.read_text()) for p in pid_files]


def _cleanup(launcher, pids) -> None:
    if launcher.poll() is None:
        launcher.kill()
        launcher.wait(5)
    for pid in pids:
        if _alive(pid):
            os.kill(pid, signal.SIGKILL)


pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGHUP])
def test_stopping_the_launcher_stops_both(tmp_path, signum):
    launcher, pids = _launch(tmp_path, [(0, False), (0, False)])
    try:
        assert all(_alive(pid) for pid in pids)
        launcher.send_signal(signum)
        assert launcher.wait(10) == 0
        assert _wait_for(lambda: not any(_alive(pid) for pid in pids))
    finally:
        _cleanup(launcher, pids)


def test_when_one_exits_the_other_is_stopped(tmp_path):
    launcher, pids = _launch(tmp_path, [(0, False), (0.5, False)])
    try:
        assert launcher.wait(10) == 3  # the code of the child that exited
        assert _wait_for(lambda: not any(_alive(pid) for pid in pids))
    finally:
        _cleanup(launcher, pids)


def test_a_child_that_ignores_sigint_is_terminated_after_the_grace_period(tmp_path):
    launcher, pids = _launch(tmp_path, [(0, True), (0, False)], grace=0.5)
    try:
        started = time.monotonic()
        launcher.send_signal(signal.SIGTERM)
        assert launcher.wait(10) == 0
        assert time.monotonic() - started < 5
        assert _wait_for(lambda: not any(_alive(pid) for pid in pids))
    finally:
        _cleanup(launcher, pids)


def test_killing_the_launcher_outright_still_stops_the_children(tmp_path):
    launcher, pids = _launch(tmp_path, [(0, False), (0, False)])
    try:
        launcher.kill()  # SIGKILL: no clean-up runs in the launcher
        launcher.wait(5)
        assert _wait_for(lambda: not any(_alive(pid) for pid in pids)), \
            "children outlived the launcher"
    finally:
        _cleanup(launcher, pids)


def test_make_run_starts_a_consumer_beside_the_server(monkeypatch):
    started = []
    monkeypatch.setattr(devserver, "run_together", lambda commands: started.extend(commands))
    devserver.main(["--host", "127.0.0.1", "--port", "5099"])
    worker, server = started
    assert worker[1:] == ["-m", "flask", "--app", "app", "jobs", "worker", "--workers", "1"]
    assert server[1:] == ["-m", "flask", "--app", "app", "run", "--host", "127.0.0.1",
                          "--port", "5099"]
