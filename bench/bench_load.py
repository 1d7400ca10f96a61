"""Keep it held (issue 11): the public verifier under mixed load while hostile uploads run.

A real uvicorn server (the verifier app, one worker) on loopback; for DURATION seconds 16
connections send ``GET /C/…`` and ``POST /api/verify`` (3 : 1) at a steady offered rate, while
20 more connections post hostile PDFs (big blank pages, many busy pages, a signed PDF with 300
duplicate signature fields) as fast as they are answered. The legitimate traffic must see no
error; hostile uploads may be refused (4xx, 503 ``busy``), never answered 5xx otherwise.
Reported: errors, ``/C/`` and ``/api/verify`` p50/p99 (and ``/C/`` alone first, for DURATION/3
seconds without the hostile uploads, as the baseline of this host at this moment), the hostile
answers by status, CPU seconds of the server and its upload workers, and the resident memory of
both at start and end.

The rate limit is raised for the run (the legitimate clients all come from 127.0.0.1; the limit
is tested in tests/verifier/test_dos.py); each attacker comes from its own loopback address, so
what holds the hostile uploads back is the upload pool, the per-client upload slots and the work
budget, which is what this bench is about. Targets: 0 errors, ``/C/`` p99 < 50 ms, RSS
flat (end within 20 % + 30 MB of start).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import multiprocessing
import os
import random
import subprocess
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from bench._server import ROOT, demo_registry, ecert, issue_all, serve

DURATION = float(os.environ.get("ECERT_BENCH_LOAD_SECONDS", "60"))
BASELINE = DURATION / 3
CONNECTIONS = 16
HOSTILE = 20
OFFERED_PER_S = 160.0  # legitimate requests per second over the 16 connections
CERTIFICATES = 16
P99_TARGET_MS = 50.0

_SERVER = """
import sys, uvicorn
uvicorn.run("ecert.app:create_verifier_app", factory=True, host="127.0.0.1",
            port=int(sys.argv[1]), workers=1, log_level="warning", access_log=False)
"""


def _world(home: Path) -> tuple[list[str], bytes]:
    """A demo registry, issued and published: the QR texts and one signed PDF."""
    demo_registry(home, CERTIFICATES)
    lines = issue_all()
    ecert("publish", "--actor", "bench")
    return [str(x["qr_text"]) for x in lines], Path(lines[0]["pdf"]).read_bytes()


def _hostile_pdfs(signed: bytes) -> list[bytes]:
    from tests.verifier.test_dos import blank_pages, busy_pages, duplicate_signature_fields

    return [blank_pages(4, 2000.0), busy_pages(20), duplicate_signature_fields(signed, 300)]


def _rss_mb(pid: int) -> float:
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def _children(pid: int) -> list[int]:
    try:
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(pid)], capture_output=True,
                             text=True, check=False).stdout
    except OSError:
        return []
    return [int(x) for x in out.split()]


def _memory(pid: int) -> dict[str, float]:
    workers = _children(pid)
    return {"server_mb": round(_rss_mb(pid), 1),
            "upload_workers_mb": round(sum(_rss_mb(w) for w in workers), 1),
            "upload_workers": len(workers)}


def _pct(values: list[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(len(ordered) * q))] * 1000, 2)


async def _legit(url: str, texts: list[str], until: float, lat: dict[str, list[float]],
                 errors: Counter[str]) -> None:
    interval = CONNECTIONS / OFFERED_PER_S
    async with httpx.AsyncClient(base_url=url, timeout=30.0,
                                 limits=httpx.Limits(max_connections=CONNECTIONS)) as http:

        async def connection(index: int) -> None:
            rng = random.Random(index)
            due = time.perf_counter() + rng.random() * interval
            while due < until:
                await asyncio.sleep(max(0.0, due - time.perf_counter()))
                due += interval
                text = rng.choice(texts)
                kind = "api" if rng.random() < 0.25 else "qr"
                start = time.perf_counter()
                try:
                    if kind == "qr":
                        response = await http.get("/C/" + text.rsplit("/C/", 1)[1])
                    else:
                        response = await http.post("/api/verify", json={"text": text})
                except httpx.HTTPError as exc:
                    errors[f"{kind}:{type(exc).__name__}"] += 1
                    continue
                lat[kind].append(time.perf_counter() - start)
                if response.status_code != 200:
                    errors[f"{kind}:{response.status_code}"] += 1

        await asyncio.gather(*(connection(i) for i in range(CONNECTIONS)))


async def _hostile(url: str, pdfs: list[bytes], until: float, answers: Counter[str]) -> None:
    async def attacker(index: int) -> None:
        # each attacker from its own loopback address: 20 clients, not one (per-client caps)
        transport = httpx.AsyncHTTPTransport(local_address=f"127.0.0.{10 + index}")
        async with httpx.AsyncClient(base_url=url, timeout=60.0, transport=transport) as http:
            n = index
            while time.perf_counter() < until:
                pdf = pdfs[n % len(pdfs)]
                n += 1
                try:
                    response = await http.post("/api/verify", files={
                        "file": ("x.pdf", pdf, "application/pdf")})
                except httpx.HTTPError as exc:
                    answers[type(exc).__name__] += 1
                    await asyncio.sleep(0.1)
                    continue
                code = ""
                with contextlib.suppress(ValueError, KeyError, TypeError, AttributeError):
                    body = response.json()
                    code = body.get("error", {}).get("code", "") or body.get("result", "")
                answers[f"{response.status_code} {code}".strip()] += 1
                if response.status_code in (429, 503):  # a polite attacker would wait
                    await asyncio.sleep(0.05)

    await asyncio.gather(*(attacker(i) for i in range(HOSTILE)))


def _hostile_process(url: str, pdfs: list[bytes], seconds: float, out: Any) -> None:
    """The attackers' process: post hostile PDFs for ``seconds``, send back the answer counts."""
    answers: Counter[str] = Counter()
    asyncio.run(_hostile(url, pdfs, time.perf_counter() + seconds, answers))
    out.send(dict(answers))


def _cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _baseline(url: str, texts: list[str]) -> dict[str, float]:
    """The same legitimate load alone, first: on a shared host this is what 'held' compares to."""
    lat: dict[str, list[float]] = {"qr": [], "api": []}
    errors: Counter[str] = Counter()
    asyncio.run(_legit(url, texts, time.perf_counter() + BASELINE, lat, errors))
    return {"qr_p50_ms": _pct(lat["qr"], 0.50), "qr_p99_ms": _pct(lat["qr"], 0.99),
            "errors": sum(errors.values())}


def _drive(url: str, pid: int, texts: list[str], pdfs: list[bytes]) -> dict[str, Any]:
    # warm up: the app, the registry connection, and one upload (the pool starts its worker)
    for text in texts[:4]:
        httpx.post(url + "/api/verify", json={"text": text}, timeout=30.0)
    httpx.post(url + "/api/verify", files={"file": ("x.pdf", pdfs[0], "application/pdf")},
               timeout=120.0)
    baseline = _baseline(url, texts)
    before = _memory(pid)
    cpu = {p: _cpu_seconds(p) for p in [pid, *_children(pid)]}
    lat: dict[str, list[float]] = {"qr": [], "api": []}
    errors: Counter[str] = Counter()
    answers: Counter[str] = Counter()

    # The attackers run in a process of their own: sharing the measuring client's event loop,
    # their traffic would show up as latency of the legitimate requests.
    context = multiprocessing.get_context("spawn")
    receiver, sender = context.Pipe(duplex=False)
    attackers = context.Process(target=_hostile_process, args=(url, pdfs, DURATION, sender))
    started = time.perf_counter()
    attackers.start()
    generator_cpu = time.process_time()
    asyncio.run(_legit(url, texts, time.perf_counter() + DURATION, lat, errors))
    generator_cpu = time.process_time() - generator_cpu
    answers.update(receiver.recv())
    attackers.join(30)
    elapsed = time.perf_counter() - started
    after = _memory(pid)
    server_cpu = _cpu_seconds(pid) - cpu[pid]
    workers_cpu = sum(_cpu_seconds(p) - cpu.get(p, 0.0) for p in _children(pid))
    qr_p99 = _pct(lat["qr"], 0.99)
    total_before = before["server_mb"] + before["upload_workers_mb"]
    total_after = after["server_mb"] + after["upload_workers_mb"]
    hostile_5xx = sum(n for k, n in answers.items() if k[:1] == "5" and not k.startswith("503"))
    return {
        "seconds": round(elapsed, 1), "connections": CONNECTIONS, "hostile_connections": HOSTILE,
        "offered_per_s": OFFERED_PER_S,
        "legit_requests": len(lat["qr"]) + len(lat["api"]) + sum(errors.values()),
        "legit_errors": sum(errors.values()), "legit_error_kinds": dict(errors),
        "qr_p50_ms": _pct(lat["qr"], 0.50), "qr_p99_ms": qr_p99,
        "api_p50_ms": _pct(lat["api"], 0.50), "api_p99_ms": _pct(lat["api"], 0.99),
        "hostile_answers": dict(answers), "hostile_5xx_other_than_busy": hostile_5xx,
        "baseline_without_hostile": baseline, "server_cpu_s": round(server_cpu, 1),
        "upload_workers_cpu_s": round(workers_cpu, 1),
        "measuring_client_cpu_s": round(generator_cpu, 1), "load_average": os.getloadavg()[0],
        "rss_start": before, "rss_end": after,
        "meets_target": (not errors and hostile_5xx == 0 and qr_p99 < P99_TARGET_MS
                         and total_after <= total_before * 1.2 + 30),
    }


def run() -> dict[str, Any]:
    """Build a demo world, start the verifier, run the mixed and hostile load."""
    with tempfile.TemporaryDirectory(prefix="ecert-bench-load-") as tmp:
        home = Path(tmp) / "home"
        saved = dict(os.environ)
        try:
            texts, signed = _world(home)
            pdfs = _hostile_pdfs(signed)
            env = {**os.environ, "ECERT_HOME": str(home), "ECERT_ENV": "development",
                   "ECERT_PUBLIC_RATE_LIMIT": "100000000", "PYTHONPATH": str(ROOT)}
            env.pop("ECERT_DATABASE_URL", None)
            with serve(_SERVER, env=env) as (url, pid):
                return _drive(url, pid, texts, pdfs)
        finally:
            os.environ.clear()
            os.environ.update(saved)


if __name__ == "__main__":
    print(json.dumps(run(), indent=2, ensure_ascii=False))
