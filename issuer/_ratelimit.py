"""A small in-process sliding-window rate limiter for the holder-download routes.

It lives in one process: with several workers each keeps its own windows, so the effective limit
is multiplied by the worker count (put a shared limiter at the proxy for that deployment).
"""

from __future__ import annotations

import threading
import time
from collections import deque
from collections.abc import Callable, Iterable

__all__ = ["DEFAULT_RULES", "SlidingWindowLimiter"]

#: (requests, seconds): 5 a minute and 20 an hour per key.
DEFAULT_RULES: tuple[tuple[int, float], ...] = ((5, 60.0), (20, 3600.0))


class SlidingWindowLimiter:
    """Counts hits per key in sliding windows; ``hit`` says how long to wait when over."""

    def __init__(
        self, rules: Iterable[tuple[int, float]] = DEFAULT_RULES, *,
        clock: Callable[[], float] = time.monotonic, max_keys: int = 100_000,
    ) -> None:
        self._rules = tuple(sorted(rules, key=lambda r: r[1]))
        self._horizon = max(seconds for _, seconds in self._rules)
        self._clock = clock
        self._max_keys = max_keys
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def _retry_after(self, hits: deque[float], now: float) -> float:
        wait = 0.0
        for limit, seconds in self._rules:
            recent = [t for t in hits if t > now - seconds]
            if len(recent) >= limit:
                wait = max(wait, recent[-limit] + seconds - now)
        return wait

    def hit(self, keys: Iterable[str]) -> float:
        """Record one request for every key and return 0, or the seconds to wait (no record)."""
        now = self._clock()
        with self._lock:
            queues = [self._queue(key, now) for key in keys]
            wait = max((self._retry_after(q, now) for q in queues), default=0.0)
            if wait > 0:
                return wait
            for q in queues:
                q.append(now)
            return 0.0

    def _queue(self, key: str, now: float) -> deque[float]:
        q = self._hits.get(key)
        if q is None:
            if len(self._hits) >= self._max_keys:
                self._evict(now)
            q = self._hits[key] = deque()
        while q and q[0] <= now - self._horizon:
            q.popleft()
        return q

    def _evict(self, now: float) -> None:
        """Drop idle keys; if every key is busy, drop the oldest half (bounded memory)."""
        idle = [k for k, q in self._hits.items() if not q or q[-1] <= now - self._horizon]
        for key in idle or list(self._hits)[: len(self._hits) // 2]:
            del self._hits[key]

    def reset(self) -> None:
        """Forget every window (tests, or an operator after an incident)."""
        with self._lock:
            self._hits.clear()
