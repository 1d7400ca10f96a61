"""core.workers: pool workers end with the process that started them, however it ends."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.procs import alive

# Starts a 2-worker pool whose initializer also runs ``os.chdir("/")``, prints what the workers
# report, then waits to be killed. ``platform`` selects the kernel signal (linux) or the
# watcher thread (any other value; forked workers inherit the patched ``sys.platform``).
_SCRIPT = """
import os, sys, time
from concurrent.futures import ProcessPoolExecutor
from core.workers import pool_initializer
sys.platform = {platform!r}
with ProcessPoolExecutor(2, **pool_initializer(os.chdir, "/")) as pool:
    first = [pool.submit(os.getpid), pool.submit(os.getpid)]
    pids = {{f.result() for f in first}}
    while len(pids) < 2:
        pids.add(pool.submit(os.getpid).result())
    print(" ".join(map(str, sorted(pids))), pool.submit(os.getcwd).result(), flush=True)
    time.sleep(600)
"""


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("platform", ["linux", "other"])
def test_workers_end_when_their_parent_is_killed(tmp_path: Path, platform: str) -> None:
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen(
        [sys.executable, "-c", _SCRIPT.format(platform=platform)], cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(root)}, stdout=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        *pids, cwd = proc.stdout.readline().split()
        workers = [int(p) for p in pids]
        assert len(set(workers)) == 2 and proc.pid not in workers
        assert cwd == "/"  # the pool's own initializer ran after the tie to the parent
        assert all(alive(pid) for pid in workers)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait()
    deadline = time.monotonic() + 30  # a bound for a loaded host, not a timing assertion
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)
