"""Per-client rate limiting for the public endpoints: a token bucket per client address.

In-process and per worker: good enough against casual scraping and enumeration; a deployment
behind a proxy adds its own limit in front (the proxy's address would otherwise be one client).
"""

from __future__ import annotations

import math
import threading
import time
from collections.abc import Callable

from core.errors import RateLimited

__all__ = ["RateLimiter", "TooManyRequests"]

_MAX_CLIENTS = 100_000


class TooManyRequests(RateLimited):
    """429 with the number of seconds after which a retry will be accepted."""

    def __init__(self, retry_after: int) -> None:
        super().__init__(f"请求过于频繁，请 {retry_after} 秒后再试 too many requests; retry in "
                         f"{retry_after} s", retry_after=retry_after)
        self.retry_after = retry_after


class RateLimiter:
    """``per_minute`` requests per client, with bursts up to the same number."""

    def __init__(self, per_minute: int, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.capacity = float(max(per_minute, 1))
        self.rate = self.capacity / 60.0
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._lock = threading.Lock()

    def hit(self, client: str, cost: float = 1.0) -> None:
        """Take ``cost`` tokens for ``client`` or raise TooManyRequests."""
        now = self._clock()
        with self._lock:
            tokens, last = self._buckets.get(client, (self.capacity, now))
            tokens = min(self.capacity, tokens + (now - last) * self.rate)
            if tokens < cost:
                self._buckets[client] = (tokens, now)
                raise TooManyRequests(max(1, math.ceil((cost - tokens) / self.rate)))
            if len(self._buckets) >= _MAX_CLIENTS and client not in self._buckets:
                self._buckets.clear()  # bounded memory; forgetting clients only loosens limits
            self._buckets[client] = (tokens - cost, now)
