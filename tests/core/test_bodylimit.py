"""Issue 11 item 6: request bodies are counted while they stream, and refused (413) the moment
they pass the limit, whatever the framing (chunked or Content-Length) and whatever the route.

The app is driven at the ASGI level with a ``receive`` that hands out chunks on demand, so the
tests can count how much of a body was ever pulled: an endless body must end after one chunk
past the limit, and a declared oversized body must not be read at all.
"""

from __future__ import annotations

import asyncio
from typing import Any

from fastapi import FastAPI, Request

from core.bodylimit import DEFAULT_BODY_LIMIT, BodyLimit, body_limit
from tests.asgi_body import CHUNK, call, endless


def _app(default: int = 64 * 1024) -> FastAPI:
    app = FastAPI()
    app.add_middleware(BodyLimit, default=default)

    @app.post("/small")
    async def small(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    @app.post("/upload/{name}")
    @body_limit(lambda _app: 256 * 1024)
    async def upload(request: Request, name: str) -> dict[str, int]:
        return {"size": len(await request.body())}

    return app


def test_endless_chunked_body_is_cut_at_the_limit() -> None:
    status, body, pulled = call(_app(), "/small", endless())
    assert status == 413 and body["error"]["code"] == "body_too_large"
    assert body["error"]["limit"] == 64 * 1024
    assert pulled <= 64 * 1024 + CHUNK  # one chunk past the limit, never the whole body


def test_declared_length_over_the_limit_is_refused_unread() -> None:
    headers = [(b"content-length", str(10**9).encode())]
    status, body, pulled = call(_app(), "/small", endless(), headers)
    assert (status, body["error"]["code"], pulled) == (413, "body_too_large", 0)


def test_a_body_under_the_limit_passes_untouched() -> None:
    chunks = iter([b"a" * 1000, b"b" * 2000])
    assert call(_app(), "/small", chunks)[:2] == (200, {"size": 3000})


def test_a_route_can_allow_more_and_is_still_bounded() -> None:
    allowed = iter([b"x" * CHUNK] * 10)  # 160 KiB: over the default, under the route's limit
    assert call(_app(), "/upload/a", allowed)[:2] == (200, {"size": 10 * CHUNK})
    status, body, pulled = call(_app(), "/upload/a", endless())
    assert (status, body["error"]["limit"]) == (413, 256 * 1024)
    assert pulled <= 256 * 1024 + CHUNK


def test_unknown_routes_and_other_methods_are_bounded_too() -> None:
    status, _, pulled = call(_app(), "/nowhere", endless())
    assert status in (404, 413) and pulled <= 64 * 1024 + CHUNK


def test_default_limit_is_small_but_fits_json() -> None:
    assert 64 * 1024 <= DEFAULT_BODY_LIMIT <= 4 * 1024 * 1024


def test_lifespan_passes_through() -> None:
    seen: list[str] = []

    async def inner(scope: dict[str, Any], receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    asyncio.run(BodyLimit(inner)({"type": "lifespan"}, None, None))
    assert seen == ["lifespan"]


def test_the_refusal_is_worded_only_when_there_is_one() -> None:
    """The app's page function (an HTML 413 for browsers) runs for a refused body, never for
    the requests that pass: it is no per-request cost."""
    worded: list[int] = []

    def page(_scope: Any, limit: int) -> None:
        worded.append(limit)  # None: the JSON answer

    app = FastAPI()
    app.add_middleware(BodyLimit, default=64 * 1024, page=page)

    @app.post("/small")
    async def small(request: Request) -> dict[str, int]:
        return {"size": len(await request.body())}

    for _ in range(3):
        assert call(app, "/small", iter([b"a" * 1000]))[0] == 200
    assert worded == []
    assert call(app, "/small", endless())[0] == 413
    assert worded == [64 * 1024]
