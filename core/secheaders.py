"""The security headers of every response, in one place (pure ASGI middleware).

Every answer gets ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer`` (a QR
link carries the credential in its path), ``X-Frame-Options: DENY`` and a Content Security
Policy that allows only the app's own scripts, styles, images and forms and no framing: a page
that acts (a staff confirmation, the teacher's download) cannot be clickjacked, and injected
markup cannot load anything from elsewhere. Pages with personal data (staff, teacher portal)
are never cached. A route may set a stricter header of its own (the sign-in page allows no
script at all); the middleware only fills in what the response has not set.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

__all__ = ["CONTENT_SECURITY_POLICY", "NO_STORE_PREFIXES", "SecurityHeaders", "headers_for"]

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

#: the app's own assets only; inline style attributes are used by the templates, inline scripts
#: nowhere; the camera scanner draws video frames (blob:/mediastream:) onto a canvas
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
    "img-src 'self' data: blob:; media-src 'self' blob: mediastream:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
    "frame-ancestors 'none'"
)
#: Swagger UI (development only) starts itself with an inline script
_DOCS_POLICY = CONTENT_SECURITY_POLICY.replace("script-src 'self'",
                                               "script-src 'self' 'unsafe-inline'")
#: staff pages and the teacher portal carry personal data: never kept by a browser or proxy
NO_STORE_PREFIXES = ("/admin", "/review", "/account", "/login", "/logout", "/holder",
                     "/api/admin", "/api/holder")

_BASE = (
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)


def _variant(docs: bool, no_store: bool) -> tuple[tuple[bytes, bytes], ...]:
    policy = _DOCS_POLICY if docs else CONTENT_SECURITY_POLICY
    out = [*_BASE, (b"content-security-policy", policy.encode())]
    if no_store:
        out.append((b"cache-control", b"no-store"))
    return tuple(out)


#: built once: (docs page?, never cached?) → headers
_VARIANTS = {(d, n): _variant(d, n) for d in (False, True) for n in (False, True)}


def headers_for(path: str) -> tuple[tuple[bytes, bytes], ...]:
    """The headers a response to ``path`` gets unless it set them itself."""
    return _VARIANTS[path == "/docs", path.startswith(NO_STORE_PREFIXES)]


class SecurityHeaders:
    """ASGI middleware adding :func:`headers_for` to every HTTP response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        extra = headers_for(scope.get("path", ""))

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name.lower() for name, _ in message.get("headers", ())}
                message["headers"] = [*message.get("headers", ()),
                                      *((k, v) for k, v in extra if k not in present)]
            await send(message)

        await self.app(scope, receive, send_with_headers)
