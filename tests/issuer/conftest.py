"""Fixtures of the issuer tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import issuer._holder as holder
import issuer.api as api
from core.ratelimit import RateLimiter, SlidingWindow
from issuer._notify import CodeMessage, configure_notifier, drain_deliveries
from tests.issuer._holder_support import Recorder


@pytest.fixture
def outbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[CodeMessage]]:
    """The codes sent during the test (a Recorder installed as the notifier), with limits
    lenient enough for a test's many requests (the API's and the portal's limiters both)."""
    recorder = Recorder()
    configure_notifier(recorder)
    lenient = SlidingWindow(((1000, 60.0),))
    for module in (api, holder):
        monkeypatch.setattr(module, "request_limiter", RateLimiter(lenient))
        monkeypatch.setattr(module, "download_limiter", RateLimiter(lenient))
    yield recorder.sent
    drain_deliveries()
    configure_notifier(None)
