"""The one rate limiter: either policy in either store, all keys of a request or none."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from core.ratelimit import (
    MemoryStore,
    RateLimiter,
    SharedStore,
    SlidingWindow,
    Store,
    TokenBucket,
    TooManyRequests,
)


def _store(kind: str, tmp_path: Path) -> Store:
    return SharedStore(tmp_path / "limits.sqlite", "t") if kind == "shared" else MemoryStore()


@pytest.fixture(params=["memory", "shared"])
def kind(request: pytest.FixtureRequest) -> str:
    return str(request.param)


def test_sliding_window_holds_in_any_window(kind: str, tmp_path: Path) -> None:
    now = [0.0]
    limiter = RateLimiter(SlidingWindow(((2, 10.0),)), store=_store(kind, tmp_path),
                          clock=lambda: now[0])
    assert [limiter.check("k") for _ in range(2)] == [0.0, 0.0]
    now[0] = 4.0
    assert limiter.check("k") == pytest.approx(6.0)  # the first hit leaves the window at 10
    now[0] = 10.0  # both hits at 0 have left the window (0, 10]
    assert [limiter.check("k") for _ in range(2)] == [0.0, 0.0]
    assert limiter.check("k") == pytest.approx(10.0)


def test_a_request_takes_from_all_its_keys_or_none(kind: str, tmp_path: Path) -> None:
    now = [0.0]
    limiter = RateLimiter(SlidingWindow(((1, 60.0),)), store=_store(kind, tmp_path),
                          clock=lambda: now[0])
    assert limiter.check(["ip:a", "cert:1"]) == 0.0
    assert limiter.check(["ip:b", "cert:1"]) > 0  # the certificate's budget is spent …
    assert limiter.check(["ip:b", "cert:2"]) == 0.0  # … and ip:b was not charged for it


def test_workers_on_one_file_share_a_sliding_window(tmp_path: Path) -> None:
    """The holder routes keep their promise across worker processes (two limiters, one file)."""
    now = [100.0]
    path = tmp_path / "ratelimit.sqlite"
    workers = [RateLimiter(SlidingWindow(((3, 60.0),)), store=SharedStore(path, "holder"),
                           clock=lambda: now[0]) for _ in range(2)]
    assert [workers[n % 2].check("ip:a") for n in range(3)] == [0.0] * 3
    assert all(worker.check("ip:a") > 0 for worker in workers)


def test_token_bucket_debt_is_waited_out(kind: str, tmp_path: Path) -> None:
    now = [0.0]
    limiter = RateLimiter(TokenBucket(60), store=_store(kind, tmp_path), clock=lambda: now[0])
    limiter.hit("a")
    limiter.debit("a", 200.0)  # work charged afterwards: down to minus one bucket, no further
    with pytest.raises(TooManyRequests) as info:
        limiter.hit("a")
    assert info.value.retry_after == 61  # from -60 tokens to 1, at one a second
    limiter.debit("a", -200.0)  # given back: no more than a full bucket
    now[0] = 0.0
    for _ in range(60):
        limiter.hit("a")
    with pytest.raises(TooManyRequests):
        limiter.hit("a")


def test_a_file_in_the_old_layout_is_replaced(tmp_path: Path) -> None:
    path = tmp_path / "ratelimit.sqlite"
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE bucket (client TEXT PRIMARY KEY, tokens REAL NOT NULL, "
                     "at REAL NOT NULL) WITHOUT ROWID")
        conn.execute("INSERT INTO bucket VALUES ('a', 0.0, 0.0)")
    limiter = RateLimiter(TokenBucket(1), store=SharedStore(path), clock=lambda: 0.0)
    limiter.hit("a")  # a fresh budget, not "requests let through" on a broken table
    with pytest.raises(TooManyRequests):
        limiter.hit("a")


def test_a_store_factory_is_called_once_on_first_use() -> None:
    made: list[MemoryStore] = []

    def factory() -> MemoryStore:
        made.append(MemoryStore())
        return made[-1]

    limiter = RateLimiter(TokenBucket(1), store=factory, clock=lambda: 0.0)
    assert made == []
    limiter.hit("a")
    with pytest.raises(TooManyRequests):
        limiter.hit("a")
    assert len(made) == 1 and limiter.store is made[0]


def test_memory_store_stays_bounded() -> None:
    now = [0.0]
    limiter = RateLimiter(SlidingWindow(((1, 10.0),)), store=MemoryStore(max_keys=4),
                          clock=lambda: now[0])
    for n in range(4):
        limiter.check(f"k{n}")
    now[0] = 11.0  # all idle: dropped to make room
    limiter.check("new")
    store = limiter.store
    assert isinstance(store, MemoryStore) and list(store._states) == ["new"]
