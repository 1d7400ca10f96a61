"""Plumbing every public route shares: the app's :class:`VerifierService`, the per-client rate
limiters (one for requests, one for bulk entries) and :class:`PublicRoute`, which charges each
request and turns a limit or a full upload pool into 429/503 with Retry-After. Each is made once
per app, from the settings the app was built with."""

from __future__ import annotations

from collections.abc import Callable, Coroutine
from typing import Any

from fastapi import Request
from fastapi.responses import JSONResponse, Response
from fastapi.routing import APIRoute

from core.ratelimit import RateLimiter, TokenBucket, TooManyRequests, store_at
from core.web import app_settings, client_key
from core.workpool import Busy
from verifier._bulk import MAX_ROWS
from verifier._online import VerifierService

__all__ = ["PublicRoute", "bulk_limiter", "charge", "client", "limiter", "service"]


def service(request: Request) -> VerifierService:
    """The app's verification service (its list files and read-only registry)."""
    state = request.app.state
    made = getattr(state, "verifier_service", None)
    if made is None:
        made = state.verifier_service = VerifierService(app_settings(request))
    assert isinstance(made, VerifierService)
    return made


def limiter(request: Request) -> RateLimiter:
    """The app's public request limiter (created on first use from the settings)."""
    state = request.app.state
    limiter = getattr(state, "verifier_limiter", None)
    if limiter is None:
        settings = app_settings(request)
        limiter = RateLimiter(TokenBucket(settings.public_rate_limit),
                              store=store_at(settings.rate_limit_file))
        state.verifier_limiter = limiter
    assert isinstance(limiter, RateLimiter)
    return limiter


def bulk_limiter(request: Request) -> RateLimiter:
    """Bulk work has its own bucket: MAX_ROWS entries at once (the documented maximum is
    reachable in one request), refilled at MAX_ROWS an hour."""
    state = request.app.state
    limiter = getattr(state, "verifier_bulk_limiter", None)
    if limiter is None:
        limiter = RateLimiter(TokenBucket(MAX_ROWS / 60, burst=MAX_ROWS),
                              store=store_at(app_settings(request).rate_limit_file, "bulk_bucket"))
        state.verifier_bulk_limiter = limiter
    assert isinstance(limiter, RateLimiter)
    return limiter


def client(request: Request) -> str:
    """The key a client is limited by (its address; IPv6 by /64)."""
    return client_key(request)


def charge(request: Request, cost: float) -> None:
    """Take ``cost`` rate-limit tokens from this client (beyond the one every request takes)."""
    limiter(request).hit(client(request), cost)


class PublicRoute(APIRoute):
    """Rate limit around every public route; 429/503 answers carry Retry-After."""

    def get_route_handler(self) -> Callable[[Request], Coroutine[Any, Any, Response]]:
        original = super().get_route_handler()

        async def handler(request: Request) -> Response:
            try:
                charge(request, 1.0)
                return await original(request)
            except (TooManyRequests, Busy) as exc:
                return JSONResponse({"error": exc.to_dict()}, status_code=exc.http_status,
                                    headers={"Retry-After": str(exc.retry_after)})

        return handler
