"""What the HTTP benches share: a demo registry, ``ecert`` commands run in process, and a real
server started in a child process."""

from __future__ import annotations

import contextlib
import io
import json
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx

__all__ = ["ROOT", "demo_registry", "ecert", "free_port", "issue_all", "serve"]

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve(script: str, *args: str, env: dict[str, str], health: str = "/healthz",
          stderr: int | None = subprocess.DEVNULL) -> Iterator[tuple[str, int]]:
    """Run ``python -c script PORT *args`` from the project root; yield (base URL, pid) once
    ``health`` answers, and stop the server afterwards."""
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-c", script, str(port), *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=stderr)
    url = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(url + health, timeout=1.0).status_code == 200:
                    break
            time.sleep(0.1)
        yield url, proc.pid
    finally:
        proc.terminate()
        proc.wait(timeout=20)


def ecert(*args: str) -> str:
    """Run ``ecert ARGS`` in this process; its stdout, or RuntimeError with its tail."""
    from ecert.cli import main

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        code = main(list(args))
    if code != 0:
        raise RuntimeError(f"ecert {' '.join(args)} failed: {out.getvalue()[-500:]}")
    return out.getvalue()


def demo_registry(home: Path, count: int) -> None:
    """Point this process at a new development registry in ``home`` with ``count`` demo records."""
    os.environ.update(ECERT_HOME=str(home), ECERT_ENV="development")
    os.environ.pop("ECERT_DATABASE_URL", None)
    ecert("init", "--demo", str(count))


def issue_all() -> list[dict[str, Any]]:
    """``ecert issue --all`` on one worker: one JSON object per issued certificate."""
    out = ecert("issue", "--all", "--json", "--workers", "1")
    return [json.loads(line) for line in out.splitlines() if line.startswith("{")]
