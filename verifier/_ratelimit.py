"""Per-client rate limiting for the public endpoints: a token bucket per client address.

Buckets live in memory (one process), or in a SQLite file that the worker processes of one host
share (``ecert serve --workers N``), so N workers still give a client one budget. Several hosts
need a limit at their common proxy in front.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import threading
import time
from collections.abc import Callable
from pathlib import Path

from core.errors import RateLimited

__all__ = ["RateLimiter", "TooManyRequests"]

_MAX_CLIENTS = 100_000
log = logging.getLogger("ecert.verifier")


class TooManyRequests(RateLimited):
    """429 with the number of seconds after which a retry will be accepted."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"请求过于频繁，请 {retry_after} 秒后再试 too many requests; retry in "
                         f"{retry_after} s", retry_after=retry_after)
        self.retry_after = retry_after


class RateLimiter:
    """``per_minute`` requests per client, with bursts up to the same number.

    ``shared``: the SQLite file to keep the buckets in, for several processes on one host (its
    clock is then the wall clock, which all processes share); None keeps them in this process.
    """

    def __init__(self, per_minute: int, *, clock: Callable[[], float] | None = None,
                 shared: Path | None = None) -> None:
        self.capacity = float(max(per_minute, 1))
        self.rate = self.capacity / 60.0
        self._clock = clock or (time.monotonic if shared is None else time.time)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()
        self._shared = None if shared is None else SharedBuckets(shared)

    def hit(self, client: str, cost: float = 1.0) -> None:
        """Take ``cost`` tokens for ``client`` or raise TooManyRequests."""
        now = self._clock()
        if self._shared is not None:
            short = self._shared.take(client, cost, self.capacity, self.rate, now)
        else:
            with self._lock:
                short = self._take(client, cost, now)
        if short > 0:
            raise TooManyRequests(max(1, math.ceil(short / self.rate)))

    def _take(self, client: str, cost: float, now: float) -> float:
        tokens, last = self._buckets.get(client, (self.capacity, now))
        tokens = _refilled(tokens, last, now, self.capacity, self.rate)
        if tokens < cost:
            self._buckets[client] = (tokens, now)
            return cost - tokens
        if len(self._buckets) >= _MAX_CLIENTS and client not in self._buckets:
            self._buckets.clear()  # bounded memory; forgetting clients only loosens limits
        self._buckets[client] = (tokens - cost, now)
        return 0.0


def _refilled(tokens: float, last: float, now: float, capacity: float, rate: float) -> float:
    """A bucket's tokens at ``now``, refilled at ``rate`` per second since ``last``, capped.

    (A clock that stepped back, as the wall clock can, refills nothing.)
    """
    return min(capacity, tokens + max(0.0, now - last) * rate)


class SharedBuckets:
    """Token buckets in a SQLite file, taken atomically across processes (one per thread).

    The file holds nothing but client keys and token counts: it is not the registry, needs no
    durability (``synchronous=OFF``), and a bucket idle long enough to be full again is deleted.
    If the file cannot be used, requests are let through (a limiter must not take the service
    down) and the failure is logged.
    """

    #: Delete idle buckets once every this many takes (per process).
    SWEEP_EVERY = 1024

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()
        self._takes = 0
        self._warned = 0.0

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")
            conn.execute("CREATE TABLE IF NOT EXISTS bucket (client TEXT PRIMARY KEY, "
                         "tokens REAL NOT NULL, at REAL NOT NULL) WITHOUT ROWID")
            self._local.conn = conn
        return conn

    def take(self, client: str, cost: float, capacity: float, rate: float, now: float) -> float:
        """Take ``cost`` tokens; 0 when taken, else how many tokens are missing."""
        try:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute("SELECT tokens, at FROM bucket WHERE client = ?",
                                   (client,)).fetchone()
                tokens = capacity if row is None else \
                    _refilled(row[0], row[1], now, capacity, rate)
                short = max(0.0, cost - tokens)
                conn.execute("REPLACE INTO bucket (client, tokens, at) VALUES (?, ?, ?)",
                             (client, tokens if short else tokens - cost, now))
                self._takes += 1
                if self._takes % self.SWEEP_EVERY == 0:  # idle this long: full again
                    conn.execute("DELETE FROM bucket WHERE at < ?", (now - capacity / rate,))
                conn.execute("COMMIT")
            except BaseException:
                conn.execute("ROLLBACK")
                raise
        except (sqlite3.Error, OSError) as exc:
            if now - self._warned > 60:  # at most once a minute; never the client's address
                self._warned = now
                log.warning("rate-limit file %s unusable, requests let through: %s",
                            self.path, exc)
            return 0.0
        return short
