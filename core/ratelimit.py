"""The one rate limiter: a policy (how much a key may do) over a store (where the state lives).

Policies: :class:`TokenBucket` (a budget that refills, may be charged after the work, as the
public verifier does for uploads) and :class:`SlidingWindow` ("at most N in any T seconds", as
the holder-download routes promise). Stores: :class:`MemoryStore` (one process) and
:class:`SharedStore` (a SQLite file that the worker processes of one host share, so N workers
still give a client one budget; several hosts need a limit at their common proxy).

A policy is pure: it maps a key's state (a tuple of floats; None for a key not seen) and the
time to a new state, so one store serves both, and either policy runs in either store.
"""

from __future__ import annotations

import logging
import math
import sqlite3
import struct
import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol, runtime_checkable

from core.errors import RateLimited

__all__ = [
    "MemoryStore",
    "Policy",
    "RateLimiter",
    "SharedStore",
    "SlidingWindow",
    "Store",
    "TokenBucket",
    "TooManyRequests",
    "store_at",
]

log = logging.getLogger("ecert.ratelimit")
State = tuple[float, ...]
#: Folds the fresh states of the keys of one request into the states to keep, and the seconds
#: to wait (0: taken).
Step = Callable[[list[State | None]], tuple[list[State], float]]


class TooManyRequests(RateLimited):
    """429 with the number of seconds after which a retry will be accepted."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"请求过于频繁，请 {retry_after} 秒后再试 too many requests; retry in "
                         f"{retry_after} s", retry_after=retry_after)
        self.retry_after = retry_after


# ---- policies ---------------------------------------------------------------------------------


class Policy(Protocol):
    """How much a key may do; pure functions of a key's state and the time."""

    def refresh(self, state: State | None, now: float) -> State:
        """The state at ``now`` (refilled, or old hits dropped); None: a key not seen."""
        ...

    def wait(self, state: State, cost: float, now: float) -> float:
        """0 when ``cost`` fits a refreshed ``state``, else the seconds until it would."""
        ...

    def spend(self, state: State, cost: float, now: float) -> State:
        """A refreshed ``state`` after ``cost`` is taken (possibly beyond the budget)."""
        ...

    def idle_at(self, state: State) -> float:
        """When the state becomes the same as a key never seen (then it can be forgotten)."""
        ...


@dataclass(frozen=True)
class TokenBucket:
    """``per_minute`` tokens, bursts up to ``burst`` (default: the same number). A forced
    charge may leave the bucket in debt, down to minus its capacity. State: (tokens, at)."""

    per_minute: float
    burst: float | None = None

    @property
    def capacity(self) -> float:
        return float(max(self.burst if self.burst is not None else self.per_minute, 1))

    @property
    def rate(self) -> float:
        """Tokens per second."""
        return max(float(self.per_minute), 1e-3) / 60.0

    def refresh(self, state: State | None, now: float) -> State:
        if state is None:
            return (self.capacity, now)
        tokens, last = state
        # (a clock that stepped back, as the wall clock can, refills nothing)
        return (min(self.capacity, tokens + max(0.0, now - last) * self.rate), now)

    def wait(self, state: State, cost: float, now: float) -> float:
        short = cost - state[0]
        return short / self.rate if short > 0 else 0.0

    def spend(self, state: State, cost: float, now: float) -> State:
        return (max(-self.capacity, min(self.capacity, state[0] - cost)), now)

    def idle_at(self, state: State) -> float:
        tokens, at = state
        return at + (self.capacity - tokens) / self.rate


@dataclass(frozen=True)
class SlidingWindow:
    """Every rule ``(requests, seconds)`` holds in any window of that many seconds. State: the
    times of the hits within the longest window, oldest first (a cost counts as that many)."""

    rules: tuple[tuple[int, float], ...]

    @property
    def horizon(self) -> float:
        return max(seconds for _, seconds in self.rules)

    def refresh(self, state: State | None, now: float) -> State:
        if not state:
            return ()
        start = now - self.horizon
        return state if state[0] > start else tuple(t for t in state if t > start)

    def wait(self, state: State, cost: float, now: float) -> float:
        need = max(1, math.ceil(cost))
        wait = 0.0
        for limit, seconds in self.rules:
            recent = [t for t in state if t > now - seconds]
            if len(recent) + need > limit:
                # the hit that must leave this window for ``need`` more to fit
                index = len(recent) + need - limit - 1
                wait = max(wait, recent[index] + seconds - now if index < len(recent) else
                           seconds)
        return wait

    def spend(self, state: State, cost: float, now: float) -> State:
        if cost < 0:  # given back: forget the latest hits
            return state[: max(0, len(state) - math.ceil(-cost))]
        return state + (now,) * math.ceil(cost)

    def idle_at(self, state: State) -> float:
        return state[-1] + self.horizon if state else -math.inf


# ---- stores -----------------------------------------------------------------------------------


@runtime_checkable
class Store(Protocol):
    """Where the states live: ``update`` applies ``step`` to the keys' states atomically."""

    #: the clock this store's states are stamped with (processes sharing one share its clock)
    clock: Callable[[], float]

    def update(self, keys: list[str], step: Step, idle_at: Callable[[State], float],
               now: float) -> float:
        """Run ``step`` over the keys' states as one atomic change; return its wait."""
        ...


class MemoryStore:
    """States in this process, bounded: when full, idle keys are dropped, else the oldest half
    (forgetting a key only loosens its limit)."""

    def __init__(self, max_keys: int = 100_000) -> None:
        self.clock: Callable[[], float] = time.monotonic
        self._states: dict[str, State] = {}
        self._max_keys = max_keys
        self._lock = threading.Lock()

    def update(self, keys: list[str], step: Step, idle_at: Callable[[State], float],
               now: float) -> float:
        with self._lock:
            states, wait = step([self._states.get(key) for key in keys])
            for key, state in zip(keys, states, strict=True):
                if key not in self._states and len(self._states) >= self._max_keys:
                    self._evict(idle_at, now)
                self._states[key] = state
            return wait

    def _evict(self, idle_at: Callable[[State], float], now: float) -> None:
        idle = [k for k, s in self._states.items() if idle_at(s) <= now]
        for key in idle or list(self._states)[: len(self._states) // 2]:
            del self._states[key]


class SharedStore:
    """States in a SQLite file, changed atomically across processes (one connection per thread).

    The file holds nothing but keys and numbers: it is not the registry, needs no durability
    (``synchronous=OFF``), and a state idle long enough to be like a new key's is deleted. If
    the file cannot be used, requests are let through (a limiter must not take the service
    down) and the failure is logged.
    """

    #: Delete idle states once every this many updates (per process).
    SWEEP_EVERY = 1024

    def __init__(self, path: Path, table: str = "bucket") -> None:
        if not table.isidentifier():
            raise ValueError(f"not a table name: {table!r}")
        self.clock: Callable[[], float] = time.time  # the one clock all processes share
        self.path = path
        self.table = table
        self._local = threading.local()
        self._updates = 0
        self._warned = -math.inf

    def _connection(self) -> sqlite3.Connection:
        conn: sqlite3.Connection | None = getattr(self._local, "conn", None)
        if conn is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            conn = sqlite3.connect(self.path, timeout=2.0, isolation_level=None)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=OFF")
            columns = [row[1] for row in conn.execute(f"PRAGMA table_info({self.table})")]
            if columns and columns != ["client", "state", "idle"]:  # an older layout
                conn.execute(f"DROP TABLE {self.table}")
            conn.execute(f"CREATE TABLE IF NOT EXISTS {self.table} (client TEXT PRIMARY KEY, "
                         "state BLOB NOT NULL, idle REAL NOT NULL) WITHOUT ROWID")
            self._local.conn = conn
        return conn

    def update(self, keys: list[str], step: Step, idle_at: Callable[[State], float],
               now: float) -> float:
        try:
            conn = self._connection()
            conn.execute("BEGIN IMMEDIATE")
            try:
                wait = self._update(conn, keys, step, idle_at, now)
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
        return wait

    def _update(self, conn: sqlite3.Connection, keys: list[str], step: Step,
                idle_at: Callable[[State], float], now: float) -> float:
        found: list[State | None] = []
        for key in keys:
            row = conn.execute(f"SELECT state FROM {self.table} WHERE client = ?",
                               (key,)).fetchone()
            found.append(None if row is None else _unpack(row[0]))
        states, wait = step(found)
        conn.executemany(f"REPLACE INTO {self.table} (client, state, idle) VALUES (?, ?, ?)",
                         [(k, _pack(s), idle_at(s)) for k, s in zip(keys, states, strict=True)])
        self._updates += 1
        if self._updates % self.SWEEP_EVERY == 0:
            conn.execute(f"DELETE FROM {self.table} WHERE idle <= ?", (now,))
        return wait


def _pack(state: State) -> bytes:
    return struct.pack(f"<{len(state)}d", *state)


def _unpack(data: bytes) -> State:
    return struct.unpack(f"<{len(data) // 8}d", data)


def store_at(path: Path | None, table: str = "bucket") -> Store:
    """A :class:`SharedStore` in ``path`` (a table per limiter), or a :class:`MemoryStore`."""
    return MemoryStore() if path is None else SharedStore(path, table)


# ---- the limiter ------------------------------------------------------------------------------


class RateLimiter:
    """``policy`` applied per key, its states in ``store`` (default: in memory).

    A request takes its cost from every key it names (a client address, a certificate …) or
    from none: :meth:`check` answers the seconds to wait, :meth:`hit` raises TooManyRequests.
    Work whose cost is known only afterwards is settled with :meth:`debit`, never refused.
    ``store`` may be a zero-argument factory, called on first use (e.g. from the settings).
    """

    def __init__(self, policy: Policy, *, store: Store | Callable[[], Store] | None = None,
                 clock: Callable[[], float] | None = None) -> None:
        self.policy = policy
        self._store: Store | None = None
        self._factory: Callable[[], Store] | None = None
        if store is None:
            self._store = MemoryStore()
        elif isinstance(store, Store):
            self._store = store
        else:
            self._factory = store
        self._clock = clock
        self._lock = threading.Lock()

    @property
    def store(self) -> Store:
        """Where this limiter's states live (made by the factory on first use)."""
        if self._store is None:
            with self._lock:
                if self._store is None:
                    assert self._factory is not None
                    self._store = self._factory()
        return self._store

    def check(self, keys: str | Iterable[str], cost: float = 1.0) -> float:
        """Take ``cost`` from every key and return 0, or the seconds to wait (nothing taken)."""
        return self._apply(keys, cost, force=False)

    def hit(self, keys: str | Iterable[str], cost: float = 1.0) -> None:
        """Take ``cost`` from every key or raise TooManyRequests (whole seconds, at least 1)."""
        wait = self._apply(keys, cost, force=False)
        if wait > 0:
            raise TooManyRequests(max(1, math.ceil(wait)))

    def debit(self, keys: str | Iterable[str], cost: float) -> None:
        """Take ``cost`` (negative: give back) without refusing."""
        if cost:
            self._apply(keys, cost, force=True)

    def _apply(self, keys: str | Iterable[str], cost: float, *, force: bool) -> float:
        names = [keys] if isinstance(keys, str) else list(keys)
        store, policy = self.store, self.policy
        now = (self._clock or store.clock)()

        def step(found: list[State | None]) -> tuple[list[State], float]:
            states = [policy.refresh(state, now) for state in found]
            wait = 0.0 if force else max((policy.wait(s, cost, now) for s in states),
                                         default=0.0)
            if wait > 0:
                return states, wait
            return [policy.spend(s, cost, now) for s in states], 0.0

        return store.update(names, step, policy.idle_at, now)
