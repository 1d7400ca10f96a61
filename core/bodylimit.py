"""Request-body limits enforced while the body streams in (pure ASGI middleware).

A size check on ``Content-Length`` alone is no limit: a chunked body declares no length, and a
framework that buffers it (``await request.body()``, the multipart parser's spool) holds it all
before any check runs. :class:`BodyLimit` counts the bytes of every request as they arrive, for
every route: a declared length over the limit is refused before a byte is read, and a body that
passes the limit while streaming is refused at that chunk. The refusal is a 413 with
``{"error": {"code": "body_too_large", "limit": N}}``; the app then sees the client as gone and
whatever it answers is dropped, and the server closes the connection (the rest of the body is
never read).

Routes that take uploads declare their own limit with :func:`body_limit`; every other route gets
the middleware's default (enough for any JSON body the API takes). The app may pass ``page``: a
function that words the refusal for the request (an HTML page for a browser) or returns None
for the JSON answer.
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any, TypeVar

__all__ = ["DEFAULT_BODY_LIMIT", "BodyLimit", "RefusalPage", "body_limit"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]
F = TypeVar("F", bound=Callable[..., Any])
#: (scope, limit) → (content type, body) of the refusal, or None for the JSON one
RefusalPage = Callable[[Scope, int], tuple[bytes, bytes] | None]

#: Any route that did not declare a limit: JSON bodies are a few KB.
DEFAULT_BODY_LIMIT = 1024 * 1024
_ATTRIBUTE = "__ecert_body_limit__"


def body_limit(limit: int | Callable[[Any], int]) -> Callable[[F], F]:
    """Declare a route's body limit in bytes (a callable gets the app: its settings)."""

    def mark(endpoint: F) -> F:
        setattr(endpoint, _ATTRIBUTE, limit)
        return endpoint

    return mark


class BodyLimit:
    """ASGI middleware: 413 ``body_too_large`` as soon as a request body passes its limit."""

    def __init__(self, app: ASGIApp, *, default: int = DEFAULT_BODY_LIMIT,
                 page: RefusalPage | None = None) -> None:
        self.app = app
        self.default = default
        self.page = page
        self._declared: list[tuple[str, Any, int | Callable[[Any], int]]] | None = None

    def limit_for(self, scope: Scope) -> int:
        """The limit of the route this request goes to (the default when none declared one)."""
        if self._declared is None:
            self._declared = _declared_limits(scope.get("app"))
        path = scope.get("path", "")
        for prefix, route, limit in self._declared:
            if not path.startswith(prefix):
                continue
            match, _ = route.matches({**scope, "path": path[len(prefix):]} if prefix else scope)
            if match.name == "FULL":
                return limit(scope.get("app")) if callable(limit) else limit
        return self.default

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope)
        declared = _content_length(scope)
        if declared is not None and declared > limit:
            await _refuse(send, limit, self._page(scope, limit))
            return
        # the refusal is worded only when there is one (a page render on every request would
        # put a template on the hot path)
        await _Guard(limit, receive, send, lambda: self._page(scope, limit)).run(self.app, scope)

    def _page(self, scope: Scope, limit: int) -> tuple[bytes, bytes] | None:
        return self.page(scope, limit) if self.page is not None else None


class _Guard:
    """One request: counts received bytes, refuses once over, then mutes the app."""

    def __init__(self, limit: int, receive: Receive, send: Send,
                 page: Callable[[], tuple[bytes, bytes] | None] = lambda: None) -> None:
        self.limit = limit
        self.page = page
        self.received = 0
        self.refused = False
        self.started = False
        self._receive = receive
        self._send = send

    async def run(self, app: ASGIApp, scope: Scope) -> None:
        try:
            await app(scope, self.receive, self.send)
        except Exception:
            if not self.refused:
                raise
            # The app failed reading a body we cut off (a client-gone error): already answered.

    async def receive(self) -> Message:
        if self.refused:
            return {"type": "http.disconnect"}
        message = await self._receive()
        if message["type"] == "http.request":
            self.received += len(message.get("body", b""))
            if self.received > self.limit:
                self.refused = True
                if not self.started:
                    await _refuse(self._send, self.limit, self.page())
                return {"type": "http.disconnect"}
        return message

    async def send(self, message: Message) -> None:
        if self.refused:
            return  # the 413 went out instead
        if message["type"] == "http.response.start":
            self.started = True
        await self._send(message)


def _declared_limits(app: Any) -> list[tuple[str, Any, int | Callable[[Any], int]]]:
    """(prefix, route, limit) of every route that declared a limit, included routers too."""
    out: list[tuple[str, Any, int | Callable[[Any], int]]] = []

    def walk(routes: Any, prefix: str) -> None:
        for route in routes or ():
            inner = getattr(route, "original_router", None)  # FastAPI's included router
            if inner is not None:
                context = getattr(route, "include_context", None)
                walk(inner.routes, prefix + (getattr(context, "prefix", "") or ""))
                continue
            limit = getattr(getattr(route, "endpoint", None), _ATTRIBUTE, None)
            if limit is not None:
                out.append((prefix, route, limit))

    walk(getattr(app, "routes", None), "")
    return out


def _content_length(scope: Scope) -> int | None:
    for name, value in scope.get("headers", ()):
        if name.lower() == b"content-length":
            text = value.decode("latin-1").strip()
            return int(text) if text.isdigit() else None
    return None


async def _refuse(send: Send, limit: int, page: tuple[bytes, bytes] | None = None) -> None:
    if page is not None:
        content_type, body = page
    else:
        content_type = b"application/json"
        body = json.dumps({"error": {
            "code": "body_too_large", "limit": limit,
            "message": f"请求体过大 request body over the limit of {limit} bytes"}},
            ensure_ascii=False).encode()
    await send({"type": "http.response.start", "status": 413, "headers": [
        (b"content-type", content_type), (b"content-length", str(len(body)).encode()),
        (b"connection", b"close")]})
    await send({"type": "http.response.body", "body": body})
