"""Benchmark: size of the signed status list for 100,000 certificates, build and parse times.

Three populations, randomly placed with a fixed seed: (a) all valid + registered except 0.1 %
revoked -- the issue's "a few KB for 100,000 certificates when few are revoked"; (b) a realistic
mix of registration states; (c) mix (b) with 0.5 % of the booklets re-printed (补发/换发), which
the list names with their first credential version in force (key 8). ``run()`` returns the
figures; ``python -m bench.bench_statuslist`` prints a table. Times are CPU seconds of this
process, best of a few passes (the machine is shared).
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from core.rules import QualificationStatus, RegistrationState
from core.statuslist import StatusEntry, build_status_list, parse_status_list

CERTIFICATES = 100_000
SEED = 20261122
_Q, _R = QualificationStatus, RegistrationState
_VALID_REGISTERED = StatusEntry(_Q.VALID, _R.REGISTERED)
# (b): share of certificates per state; revoked/forfeited split the 1 % evenly.
MIX: tuple[tuple[float, StatusEntry], ...] = (
    (0.70, _VALID_REGISTERED),
    (0.15, StatusEntry(_Q.VALID, _R.NONE)),
    (0.08, StatusEntry(_Q.VALID, _R.LAPSED)),
    (0.05, StatusEntry(_Q.VALID, _R.DEFERRED)),
    (0.01, StatusEntry(_Q.VALID, _R.FAILED)),
    (0.005, StatusEntry(_Q.REVOKED, _R.NONE)),
    (0.005, StatusEntry(_Q.FORFEITED, _R.NONE)),
)
_NOW = datetime(2026, 11, 22, 10, tzinfo=UTC)


class _Root:
    algorithm: Literal["EdDSA"] = "EdDSA"
    kid = bytes(8)

    def __init__(self) -> None:
        self._key = Ed25519PrivateKey.from_private_bytes(bytes(range(32)))

    def sign(self, data: bytes) -> bytes:
        return self._key.sign(data)


def mostly_valid(count: int = CERTIFICATES, revoked: float = 0.001) -> dict[int, StatusEntry]:
    """(a) Indexes 1..count valid + registered, ``revoked`` of them (random) revoked."""
    entries = dict.fromkeys(range(1, count + 1), _VALID_REGISTERED)
    for index in random.Random(SEED).sample(range(1, count + 1), round(count * revoked)):
        entries[index] = StatusEntry(_Q.REVOKED, _R.NONE)
    return entries


def realistic_mix(count: int = CERTIFICATES) -> dict[int, StatusEntry]:
    """(b) Indexes 1..count with the shares of ``MIX``, shuffled with a fixed seed."""
    states: list[StatusEntry] = []
    for share, entry in MIX:
        states += [entry] * round(count * share)
    states = (states + [_VALID_REGISTERED] * count)[:count]
    random.Random(SEED).shuffle(states)
    return dict(zip(range(1, count + 1), states, strict=True))


def reprinted(count: int = CERTIFICATES, share: float = 0.005) -> dict[int, int]:
    """(c) ``share`` of indexes 1..count re-printed once or twice: index -> version in force."""
    rng = random.Random(SEED + 1)
    return {index: rng.choice((2, 2, 2, 3))
            for index in rng.sample(range(1, count + 1), round(count * share))}


def _build(entries: dict[int, StatusEntry], superseded: dict[int, int] | None = None) -> bytes:
    return build_status_list(
        entries,
        version=int(_NOW.timestamp()),
        issued_at=_NOW,
        next_update=_NOW + timedelta(hours=1),
        expires=_NOW + timedelta(days=2),
        signer=_Root(),
        superseded=superseded,
    )


def _cpu_ms(step: Callable[[], object], repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        step()
        best = min(best, time.process_time() - start)
    return round(best * 1000, 2)


def _figures(
    name: str, entries: dict[int, StatusEntry], superseded: dict[int, int] | None = None
) -> dict[str, Any]:
    data = _build(entries, superseded)
    return {
        f"{name}_bytes": len(data),
        f"{name}_kib": round(len(data) / 1024, 2),
        f"{name}_bits_per_certificate": round(8 * len(data) / len(entries), 3),
        f"{name}_build_ms": _cpu_ms(lambda: _build(entries, superseded)),
        f"{name}_parse_ms": _cpu_ms(lambda: parse_status_list(data)),
    }


def run() -> dict[str, Any]:
    """Figures for bench/results.json: list sizes for 100,000 certificates, build/parse times."""
    figures: dict[str, Any] = {"certificates": CERTIFICATES}
    figures.update(_figures("a_0_1pct_revoked", mostly_valid()))
    figures.update(_figures("b_realistic_mix", realistic_mix()))
    figures.update(_figures("c_mix_0_5pct_reprinted", realistic_mix(), reprinted()))
    size = figures["a_0_1pct_revoked_bytes"]
    figures["a_few_kb_claim_met"] = bool(size <= 4 * 1024)  # "a few KB": at most 4 KiB
    return figures


if __name__ == "__main__":
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"status list, {CERTIFICATES:,} certificates (single process)")
    table.add_column("figure")
    table.add_column("value", justify="right")
    for figure, value in run().items():
        table.add_row(figure, str(value))
    Console().print(table)
