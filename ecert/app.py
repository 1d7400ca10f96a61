"""FastAPI app factories: issuer (internal, authenticated), verifier (public), or both.

This module is the composition root for the web side: it is the only web module that imports
several packages.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.templating import Jinja2Templates
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException as StarletteHTTPException

from core.bodylimit import BodyLimit
from core.db import translate
from core.errors import EcertError
from core.secheaders import SecurityHeaders
from core.settings import Settings, load_settings
from core.web import asks_for_page, wants_html
from ecert._openapi import ERROR_RESPONSES

__all__ = ["create_app", "create_issuer_app", "create_verifier_app", "install_error_handlers"]

log = logging.getLogger("ecert")
_HTTP_CODES = {400: "bad_request", 404: "not_found", 405: "method_not_allowed",
               413: "upload_too_large", 415: "unsupported_media_type"}


def _error_response(exc: EcertError) -> JSONResponse:
    retry_after = exc.details.get("retry_after")
    headers = {"Retry-After": str(retry_after)} if isinstance(retry_after, int) else None
    return JSONResponse(status_code=exc.http_status, content={"error": exc.to_dict()},
                        headers=headers)


#: pages behind the staff sign-in (a 403 there offers the way back to the console)
_STAFF_PATHS = ("/admin", "/review", "/account", "/login")


def _error_templates() -> Jinja2Templates:
    global _TEMPLATES
    if _TEMPLATES is None:
        from core.pages import TEMPLATE_DIR, page_templates

        _TEMPLATES = page_templates(TEMPLATE_DIR)
    return _TEMPLATES


_TEMPLATES: Jinja2Templates | None = None


def _error_page(request: Request, status: int, code: str, *, reason: str = "",
                detail: str = "", headers: Mapping[str, str] | None = None,
                retry_after: int | None = None) -> Response:
    """The shared HTML error page (core/templates/error.html), in Chinese with English; the
    words come from the verifier's one message table (verifier.api.error_text)."""
    from verifier.api import error_text, size_text

    limit = None
    if code in ("upload_too_large", "body_too_large", "image_too_large", "pdf_page_too_large"):
        limit = size_text(int(request.app.state.settings.max_upload_bytes))
    page = _error_templates().TemplateResponse(request, "error.html", {
        "status": status, "code": code, "words": error_text(code, status), "reason": reason,
        "detail": detail, "retry_after": retry_after, "limit": limit,
        "path": request.url.path, "staff_page": request.url.path.startswith(_STAFF_PATHS),
    }, status_code=status, headers=dict(headers or {}))
    page.headers["Cache-Control"] = "no-store"
    return page


def _too_large_page(scope: Mapping[str, Any], limit: int) -> tuple[bytes, bytes] | None:
    """The body-limit middleware's 413 as the HTML error page for a browser (it answers before
    any route or handler runs, so it has only the ASGI scope); None: JSON for API clients."""
    path = str(scope.get("path", ""))
    accept = next((v.decode("latin-1") for k, v in scope.get("headers", ())
                   if k.lower() == b"accept"), "")
    if not asks_for_page(path, accept):
        return None
    from verifier.api import error_text, size_text

    html = _error_templates().get_template("error.html").render({
        "status": 413, "code": "body_too_large", "words": error_text("body_too_large", 413),
        "reason": "", "detail": "", "retry_after": None, "limit": size_text(limit),
        "path": path, "staff_page": path.startswith(_STAFF_PATHS),
        "settings": getattr(getattr(scope.get("app"), "state", None), "settings", None)})
    return b"text/html; charset=utf-8", html.encode()


def _ecert_answer(request: Request, exc: EcertError) -> Response:
    if not wants_html(request):
        return _error_response(exc)
    retry = exc.details.get("retry_after")
    retry_after = retry if isinstance(retry, int) else None
    headers = {"Retry-After": str(retry_after)} if retry_after is not None else None
    # who was refused what, and why (core.policy's Chinese message), is for the person to read;
    # other messages (often technical) stay under the details
    shown = exc.message if exc.http_status in (401, 403) else ""
    return _error_page(request, exc.http_status, exc.code, reason=shown, detail=exc.message,
                       headers=headers, retry_after=retry_after)


def install_error_handlers(app: FastAPI) -> None:
    """Every error becomes a JSON body with a machine-readable ``code`` for API clients, and an
    HTML page in Chinese with English for browsers (Accept: text/html, outside /api/); never a
    traceback."""

    @app.exception_handler(EcertError)
    async def _ecert_error(request: Request, exc: EcertError) -> Response:
        return _ecert_answer(request, exc)

    @app.exception_handler(SQLAlchemyError)
    async def _database_error(request: Request, exc: SQLAlchemyError) -> Response:
        # a query outside a session scope (the verifier's read-only lookups): a busy pool or a
        # database that went away is a 503 the client can retry, like inside one
        mapped = translate(exc)
        if mapped is None:
            raise exc  # a programming error: the 500 handler below logs it
        return _ecert_answer(request, mapped)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(request: Request, exc: StarletteHTTPException) -> Response:
        # Starlette's own refusals (unknown route, wrong method, a multipart body it cannot
        # parse) in the one error shape, so every 4xx carries a machine-readable code
        if exc.status_code < 400:  # a redirect raised as an exception (review sign-in)
            return await http_exception_handler(request, exc)
        code = _HTTP_CODES.get(exc.status_code, "http_error")
        if wants_html(request):
            return _error_page(request, exc.status_code, code, detail=str(exc.detail),
                               headers=exc.headers)
        return JSONResponse(status_code=exc.status_code, headers=exc.headers, content={
            "error": {"code": code, "message": str(exc.detail)}})

    @app.exception_handler(RequestValidationError)
    async def _validation(request: Request, exc: RequestValidationError) -> Response:
        problems = [{"field": ".".join(str(p) for p in e["loc"]), "message": e["msg"]}
                    for e in exc.errors()]
        if wants_html(request):
            return _error_page(request, 422, "invalid_request", detail="; ".join(
                f"{p['field']}: {p['message']}" for p in problems))
        return JSONResponse(status_code=422, content={"error": {
            "code": "invalid_request", "message": "the request is not valid",
            "problems": problems}})

    @app.exception_handler(Exception)
    async def _unexpected(request: Request, exc: Exception) -> Response:
        log.error("unhandled %s: %s", type(exc).__name__, exc)
        if wants_html(request):
            return _error_page(request, 500, "internal_error")
        return JSONResponse(status_code=500, content={"error": {
            "code": "internal_error", "message": "internal error; the incident was logged"}})


def _base(title: str, settings: Settings | None) -> FastAPI:
    # validated at start-up (production refuses dev secrets), then passed down through app.state
    settings = settings or load_settings()
    # Production publishes no API browser: the interactive docs describe the admin surface.
    dev = not settings.is_production
    app = FastAPI(title=title, version="0.1.0", responses=ERROR_RESPONSES,
                  docs_url=None, redoc_url=None,
                  openapi_url="/openapi.json" if dev else None)
    app.state.settings = settings
    if dev:
        _api_browser(app, title)
    install_error_handlers(app)
    _shared_assets(app)
    # bodies bounded while they stream (issue 11 item 6); a browser is told so on a page
    app.add_middleware(BodyLimit, page=_too_large_page)
    app.add_middleware(SecurityHeaders)  # outermost: the 413 above gets them too

    @app.get("/healthz", include_in_schema=False)
    def healthz() -> dict[str, str]:
        return {"status": "ok"}

    return app


def _shared_assets(app: FastAPI) -> None:
    """The stylesheet and scripts the shared page layouts use (core/static), from the app."""
    from fastapi.staticfiles import StaticFiles

    from core.pages import STATIC_DIR, STATIC_URL

    app.mount(STATIC_URL, StaticFiles(directory=str(STATIC_DIR)), name="core-static")


def _api_browser(app: FastAPI, title: str) -> None:
    """Swagger UI at /docs from the assets packaged in the ``swagger-ui-py`` wheel: no CDN, so
    the page works on a host without internet."""
    from importlib.resources import files

    from fastapi.openapi.docs import get_swagger_ui_html
    from fastapi.responses import HTMLResponse
    from fastapi.staticfiles import StaticFiles

    assets = str(files("swagger_ui") / "static")
    app.mount(_DOCS_ASSETS, StaticFiles(directory=assets), name="docs-assets")

    @app.get("/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url="/openapi.json", title=f"{title} — API",
            swagger_js_url=f"{_DOCS_ASSETS}/swagger-ui-bundle.js",
            swagger_css_url=f"{_DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{_DOCS_ASSETS}/favicon-32x32.png")


_DOCS_ASSETS = "/docs-assets"


def _issuer_routers(app: FastAPI) -> None:
    from ecert._signin import router as signin_router
    from issuer.api import (
        admin_router,
        console_router,
        holder_pages_router,
        holder_router,
        records_router,
        share_router,
        start_notifier,
    )

    # the holders' code delivery is built now: a broken SMTP/SMS set-up fails at start, not at
    # a teacher's first request
    start_notifier(app.state.settings)
    from ecert._share_verify import router as share_verify_router
    from issuer.registration_pages import console_router as cycle_console_router
    from issuer.registration_pages import holder_router as holder_apply_router
    from issuer.registration_pages import notice_router
    from scanning.api import router as scanning_router

    for router in (signin_router, records_router, scanning_router, admin_router, holder_router,
                   holder_pages_router, console_router, cycle_console_router,
                   holder_apply_router, notice_router, share_router, share_verify_router):
        app.include_router(router)


def _verifier_routers(app: FastAPI) -> None:
    from verifier.api import router as verifier_router

    app.include_router(verifier_router)


def _warn_placeholders(settings: Settings) -> None:
    """Production still on the placeholder licence-type code: identifiers are made, but no
    government platform will take them (docs/INTEROP.md)."""
    from core.licence_id import PLACEHOLDER_TYPE_CODE

    if settings.is_production and settings.licence_type_code == PLACEHOLDER_TYPE_CODE:
        log.warning("ECERT_LICENCE_TYPE_CODE is the placeholder %s: licence identifiers will not "
                    "be accepted by government platforms until the published code is set",
                    PLACEHOLDER_TYPE_CODE)


def create_issuer_app(settings: Settings | None = None) -> FastAPI:
    """The internal service: admin API and review pages (authenticated, role/region-scoped)."""
    app = _base("ecert issuer", settings)
    _issuer_routers(app)
    _warn_placeholders(app.state.settings)
    return app


def create_verifier_app(settings: Settings | None = None) -> FastAPI:
    """The public service: no private keys, read-only registry access."""
    app = _base("ecert verifier", settings)
    _verifier_routers(app)
    return app


def create_app(settings: Settings | None = None) -> FastAPI:
    """Development: issuer and verifier on one port, with a home page."""
    from ecert.home import router as home_router

    app = _base("ecert", settings)
    if not app.state.settings.is_production:  # it lists holders' names and verification links
        app.include_router(home_router)
    _issuer_routers(app)
    _verifier_routers(app)
    _warn_placeholders(app.state.settings)
    return app
