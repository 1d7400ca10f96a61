"""Driving an ASGI app by hand: a body handed out chunk by chunk, counting what was pulled."""

from __future__ import annotations

import asyncio
import itertools
import json
from collections.abc import Iterator
from typing import Any

CHUNK = 16 * 1024


def call(app: Any, path: str, chunks: Iterator[bytes],
         headers: list[tuple[bytes, bytes]] | None = None) -> tuple[int, dict[str, Any], int]:
    """POST ``chunks`` to ``path``; (status, JSON body, bytes the app pulled from the client)."""
    pulled = 0
    sent: list[dict[str, Any]] = []
    ended = False

    async def receive() -> dict[str, Any]:
        nonlocal pulled, ended
        if ended:
            await asyncio.sleep(0)
            return {"type": "http.disconnect"}
        chunk = next(chunks, None)
        if chunk is None:
            ended = True
            return {"type": "http.request", "body": b"", "more_body": False}
        pulled += len(chunk)
        return {"type": "http.request", "body": chunk, "more_body": True}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
             "method": "POST", "scheme": "http", "path": path, "raw_path": path.encode(),
             "query_string": b"", "root_path": "", "server": ("test", 80),
             "client": ("127.0.0.1", 5000),
             "headers": headers or [(b"transfer-encoding", b"chunked")]}
    asyncio.run(app(scope, receive, send))
    starts = [m for m in sent if m["type"] == "http.response.start"]
    assert len(starts) == 1, sent
    body = b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body")
    return starts[0]["status"], json.loads(body or b"{}"), pulled


def endless() -> Iterator[bytes]:
    return itertools.repeat(b"x" * CHUNK)
