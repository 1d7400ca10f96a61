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
    """``per_minute`` tokens per client, with bursts up to ``burst`` (default: the same number).

    A request takes its cost up front with :meth:`hit` (refused when short); work whose cost is
    known only afterwards (an upload's renders and searches) is settled with :meth:`debit`,
    which may leave the bucket in debt, so the client waits until it is paid off.

    ``shared``: the SQLite file to keep the buckets in, for several processes on one host (its
    clock is then the wall clock, which all processes share); None keeps them in this process.
    """

    def __init__(self, per_minute: float, *, burst: float | None = None,
                 clock: Callable[[], float] | None = None, shared: Path | None = None,
                 name: str = "bucket") -> None:
        self.capacity = float(max(burst if burst is not None else per_minute, 1))
        self.rate = max(float(per_minute), 1e-3) / 60.0
        self._clock = clock or (time.monotonic if shared is None else time.time)
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()
        self._shared = None if shared is None else SharedBuckets(shared, name)

    def hit(self, client: str, cost: float = 1.0) -> None:
        """Take ``cost`` tokens for ``client`` or raise TooManyRequests."""
        short = self._apply(client, cost, force=False)
        if short > 0:
            raise TooManyRequests(max(1, math.ceil(short / self.rate)))

    def debit(self, client: str, cost: float) -> None:
        """Take ``cost`` tokens (negative: give back) without refusing; the bucket may go into
        debt down to minus its capacity, which the client then waits out."""
        if cost:
            self._apply(client, cost, force=True)

    def _apply(self, client: str, cost: float, *, force: bool) -> float:
        now = self._clock()
        if self._shared is not None:
            return self._shared.take(client, cost, self.capacity, self.rate, now, force=force)
        with self._lock:
            return self._take(client, cost, now, force)

    def _take(self, client: str, cost: float, now: float, force: bool = False) -> float:
        tokens, last = self._buckets.get(client, (self.capacity, now))
        tokens = _refilled(tokens, last, now, self.capacity, self.rate)
        if force:
            self._buckets[client] = (_settled(tokens, cost, self.capacity), now)
            return 0.0
        if tokens < cost:
            self._buckets[client] = (tokens, now)
            return cost - tokens
        if len(self._buckets) >= _MAX_CLIENTS and client not in self._buckets:
            self._buckets.clear()  # bounded memory; forgetting clients only loosens limits
        self._buckets[client] = (tokens - cost, now)
        return 0.0


def _settled(tokens: float, cost: float, capacity: float) -> float:
    """Tokens after a forced take of ``cost``: no more than full, no deeper than one bucket."""
    return max(-capacity, min(capacity, tokens - cost))


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

    def __init__(self, path: Path, table: str = "bucket") -> None:
        if not table.isidentifier():
            raise ValueError(f"not a table name: {table!r}")
        self.path = path
        self.table = table
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
            conn.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (client TEXT PRIMARY KEY, "
                         "tokens REAL NOT NULL, at REAL NOT NULL) WITHOUT ROWID")
            self._local.conn = conn
        return conn

    def take(self, client: str, cost: float, capacity: float, rate: float, now: float, *,
             force: bool = False) -> float:
        """Take ``cost`` tokens; 0 when taken, else how many tokens are missing (``force``:
        take them anyway, see :meth:`RateLimiter.debit`)."""
        try:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                row = conn.execute(f"SELECT tokens, at FROM {self.table} WHERE client = ?",
                                   (client,)).fetchone()
                tokens = capacity if row is None else \
                    _refilled(row[0], row[1], now, capacity, rate)
                short = 0.0 if force else max(0.0, cost - tokens)
                left = _settled(tokens, cost, capacity) if force else \
                    (tokens if short else tokens - cost)
                conn.execute(f"REPLACE INTO {self.table} (client, tokens, at) VALUES (?, ?, ?)",
                             (client, left, now))
                self._takes += 1
                if self._takes % self.SWEEP_EVERY == 0:  # idle this long: full again
                    # full again by now (a bucket in debt takes longer): nothing to remember
                    conn.execute(f"DELETE FROM {self.table} WHERE tokens + (? - at) * ? >= ?",
                                 (now, rate, capacity))
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
