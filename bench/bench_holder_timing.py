"""Holder code requests: can response time tell whether an (ID number, certificate) pair matches?

A real uvicorn issuer process on loopback (1 worker, no access log, rate limit lifted for the
run) answers ``POST /api/holder/request-code`` for four kinds of request, sent in a shuffled
order by one keep-alive client: a matching pair, a wrong ID number for an existing certificate,
an unknown certificate number, and a matching pair of a revoked certificate. Figures: the median
and p90 latency per kind, and the accuracy of the best one-request threshold classifier
(match vs wrong ID): the threshold is fitted on one half of the samples and scored on the
other, balanced over both kinds; 0.5 means the timing tells nothing. The issue measured 0.94.
"""

from __future__ import annotations

import os
import random
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

from bench._server import ROOT, demo_registry, serve

HOLDERS = 16
SAMPLES = 1500  # per kind
WARMUP = 200
TARGET_ACCURACY = 0.60  # a one-request guess should be barely better than a coin

_SERVER = """
import sys, uvicorn
import issuer.api
from core.ratelimit import RateLimiter, SlidingWindow
issuer.api.request_limiter = RateLimiter(SlidingWindow(((10**9, 60.0),)))
from ecert.app import create_issuer_app
uvicorn.run(create_issuer_app(), host="127.0.0.1", port=int(sys.argv[1]), workers=1,
            log_level="error", access_log=False)
"""


def _world(home: Path) -> list[tuple[str, str, str]]:
    """A demo registry; (ID number, certificate number, status) of each holder."""
    from sqlmodel import select

    from core.db import session_scope
    from core.identity import vault_for
    from core.models import Certificate, Holder
    from core.settings import load_settings

    demo_registry(home, HOLDERS)
    vault = vault_for(load_settings().secret)
    with session_scope() as session:
        rows = session.exec(select(Certificate, Holder).where(
            Certificate.holder_id == Holder.id)).all()
        out = [(vault.decrypt(h.id_cipher), c.number, c.status) for c, h in rows]
        revoked = session.get(Certificate, rows[-1][0].id)
        assert revoked is not None
        revoked.status = "revoked"  # the bench only needs the state, not the workflow
        session.add(revoked)
    return [*out[:-1], (out[-1][0], out[-1][1], "revoked")]


def _requests(holders: list[tuple[str, str, str]]) -> list[tuple[str, dict[str, str]]]:
    rng = random.Random(11)
    valid = [h for h in holders if h[2] == "valid"]
    revoked = [h for h in holders if h[2] == "revoked"]
    kinds: list[tuple[str, dict[str, str]]] = []
    for i in range(SAMPLES):
        own, other = valid[i % len(valid)], valid[(i + 1) % len(valid)]
        gone = revoked[i % len(revoked)]
        unknown = own[1][:-5] + f"{90000 + i % 9999:05d}"
        kinds += [
            ("match", {"id_number": own[0], "certificate_number": own[1]}),
            ("wrong_id", {"id_number": other[0], "certificate_number": own[1]}),
            ("unknown_certificate", {"id_number": own[0], "certificate_number": unknown}),
            ("revoked", {"id_number": gone[0], "certificate_number": gone[1]}),
        ]
    rng.shuffle(kinds)
    return kinds


def _measure(url: str, holders: list[tuple[str, str, str]]) -> dict[str, list[float]]:
    """Latency (seconds) of every request, by kind; every answer must be the same 202."""
    plan = _requests(holders)
    times: dict[str, list[float]] = {}
    answers: set[tuple[int, str]] = set()
    with httpx.Client(base_url=url, timeout=10.0) as http:
        for _, body in plan[:WARMUP]:
            http.post("/api/holder/request-code", json=body)
        for kind, body in plan:
            start = time.perf_counter()
            response = http.post("/api/holder/request-code", json=body)
            times.setdefault(kind, []).append(time.perf_counter() - start)
            answers.add((response.status_code, response.text))
    if len(answers) != 1 or next(iter(answers))[0] != 202:
        raise RuntimeError(f"answers differ between kinds: {answers}")
    return times


def _accuracy(positive: list[float], negative: list[float]) -> float:
    """Balanced accuracy of the best threshold fitted on even samples, scored on odd ones."""
    train_p, train_n, test_p, test_n = positive[::2], negative[::2], positive[1::2], negative[1::2]

    def score(t: float, slower: bool, p: list[float], n: list[float]) -> float:
        hit_p = sum((x > t) == slower for x in p) / len(p)
        hit_n = sum((x > t) != slower for x in n) / len(n)
        return (hit_p + hit_n) / 2

    candidates = sorted(set(train_p) | set(train_n))[::max(1, (len(train_p) * 2) // 400)]
    best = max(((t, s) for t in candidates for s in (True, False)),
               key=lambda ts: score(ts[0], ts[1], train_p, train_n))
    return score(best[0], best[1], test_p, test_n)


def run() -> dict[str, Any]:
    """Build a demo registry, serve it, and time request-code for each kind of request."""
    with tempfile.TemporaryDirectory(prefix="ecert-bench-holder-") as tmp:
        home = Path(tmp) / "home"
        saved = dict(os.environ)
        try:
            holders = _world(home)
            env = {**os.environ, "PYTHONPATH": str(ROOT)}
            with serve(_SERVER, env=env) as (url, _pid):
                times = _measure(url, holders)
        finally:
            os.environ.clear()
            os.environ.update(saved)
    ms = {k: [x * 1000 for x in v] for k, v in times.items()}
    accuracy = _accuracy(ms["match"], ms["wrong_id"])
    return {
        "median_ms": {k: round(statistics.median(v), 3) for k, v in sorted(ms.items())},
        "p90_ms": {k: round(statistics.quantiles(v, n=10)[-1], 3) for k, v in sorted(ms.items())},
        "one_request_accuracy_match_vs_wrong_id": round(accuracy, 3),
        "one_request_accuracy_match_vs_unknown": round(
            _accuracy(ms["match"], ms["unknown_certificate"]), 3),
        "samples_per_kind": SAMPLES,
        "meets_target": accuracy <= TARGET_ACCURACY,
    }


if __name__ == "__main__":
    import json

    print(json.dumps(run(), indent=2))
