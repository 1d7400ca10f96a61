"""Third-party browser code the public pages use, vendored and pinned (no CDN).

The camera scanner (``static/scan.js``) decodes QR codes in the page with jsQR where the browser
has no ``BarcodeDetector`` (Safari, WeChat's browser, Firefox). The file is the npm package's
``dist/jsQR.js``, unchanged; ``static/vendor/jsqr/VERSION`` records where it came from and its
sha256, which ``tests/verifier/test_vendor_pin.py`` checks against what this route serves.

URLs carry the version, so a browser may keep them for a year: a new version is a new URL.
Only the names below are served (no path walking), through the public routes' rate limit.
"""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter
from fastapi.responses import Response

from verifier._routing import PublicRoute

__all__ = ["JSQR_URL", "VENDOR_DIR", "vendor_router"]

VENDOR_DIR = Path(__file__).parent / "static" / "vendor"
JSQR_URL = "/verify/static/vendor/jsqr-1.4.0.js"
#: served name → (file under VENDOR_DIR, media type)
_FILES = {
    "jsqr-1.4.0.js": ("jsqr/jsQR.js", "text/javascript; charset=utf-8"),
    "jsqr-1.4.0.LICENSE.txt": ("jsqr/LICENSE", "text/plain; charset=utf-8"),
}
_CACHE = "public, max-age=31536000, immutable"

vendor_router = APIRouter(route_class=PublicRoute)  # rate-limited like every public route


@vendor_router.get("/verify/static/vendor/{name}", include_in_schema=False)
def vendor_file(name: str) -> Response:
    """A vendored file by its versioned name (404 for any other name)."""
    entry = _FILES.get(name)
    if entry is None:
        return Response(status_code=404)
    path, media = entry
    body = (VENDOR_DIR / path).read_bytes()
    return Response(body, media_type=media,
                    headers={"Cache-Control": _CACHE, "X-Content-Type-Options": "nosniff"})
