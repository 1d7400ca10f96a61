"""Public routes: the QR landing page, the verify/lookup/bulk pages, the JSON API, the lists.

Every route goes through :class:`PublicRoute`: per-client rate limit (429 + Retry-After). Bodies
are bounded while they stream (:mod:`core.bodylimit`; upload routes declare their own limit).
Photos and PDFs are examined in the upload pool (:mod:`verifier._uploads`), never on the threads
that serve ``/C/``, and charged to the client by the work they caused; a full pool answers 503
``busy`` with Retry-After.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, HTTPException, Request, UploadFile
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.templating import Jinja2Templates
from jinja2 import ChoiceLoader, FileSystemLoader
from pydantic import BaseModel, Field, ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import UploadFile as StarletteUpload

from core.bodylimit import body_limit
from core.clock import utcnow
from core.errors import EcertError, InvalidInput
from core.pages import TEMPLATE_DIR as SHARED_TEMPLATES
from core.pages import page_templates
from core.ratelimit import TooManyRequests
from core.rules import VerifierResult
from core.web import app_settings
from core.workpool import Busy, WorkTimeout
from verifier import _routing, _uploads
from verifier._bulk import (
    REPORT_COLUMNS,
    ReportRow,
    file_row,
    is_roster,
    parse_roster,
    report_csv,
    report_xlsx,
    rows_for_roster,
)
from verifier._bulk_template import template_csv, template_xlsx
from verifier._limits import UPLOAD_RESERVE, Work, check_size
from verifier._messages import (
    ERRORS,
    ErrorText,
    amber_line,
    as_label,
    error_text,
    freshness_line,
    gender_name,
    page_checks,
    qualification_name,
    row_cells,
    row_note,
    shown,
    size_text,
)
from verifier._offline import ListUnavailable
from verifier._online import VerifierService
from verifier._routing import PublicRoute, charge
from verifier._schema import (
    LookupModel,
    LookupRequest,
    VerdictModel,
    VerifyTextRequest,
    lookup_model,
)
from verifier._trust_page import trust_material
from verifier._uploads import examine_upload, verdict_for
from verifier._vendor import vendor_router
from verifier._verdict import Lang, Verdict, pick_lang, registration_text, result_text
from verifier._wellknown import lists_router

__all__ = ["TEMPLATE_DIR", "ErrorText", "MalformedModel", "PublicRoute", "error_text",
           "pick_lang", "public_context", "public_templates", "router", "size_text",
           "verdict_status"]

_HERE = Path(__file__).parent
#: the public pages' templates (the layout ``base.html``, the home page ``index.html`` …)
TEMPLATE_DIR = _HERE / "templates"


def public_templates(*first: Path) -> Jinja2Templates:
    """The public pages' templates, with the shared filters (times in CST, state labels);
    templates in ``first`` come before them (the development home extends ``index.html``)."""
    env = page_templates(TEMPLATE_DIR)
    env.env.loader = ChoiceLoader([*(FileSystemLoader(str(d)) for d in first),
                                   FileSystemLoader(str(TEMPLATE_DIR)),
                                   FileSystemLoader(str(SHARED_TEMPLATES))])
    env.env.globals.update(result_text=result_text, registration_text=registration_text)
    return env


templates = public_templates()
templates.env.globals.update(row_note=row_note, row_cells=row_cells, as_label=as_label,
                             gender_name=gender_name, qualification_name=qualification_name)
_STATIC = {"verifier.css": "text/css", "scan.js": "text/javascript"}
#: Multipart framing on top of the file itself.
_FORM_OVERHEAD = 64 * 1024
#: Files in one bulk request, and their total size in single-upload limits.
BULK_MAX_FILES = 50
BULK_MAX_UPLOADS_BYTES = 5
#: A number+name lookup costs this many tokens: guessing numbers gets slow quickly.
LOOKUP_COST = 4.0
_XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _max_upload(app: Any) -> int:
    return int(app.state.settings.max_upload_bytes)  # the app's settings (ecert.app)


def _upload_body_limit(app: Any) -> int:
    return _max_upload(app) + _FORM_OVERHEAD


def _bulk_body_limit(app: Any) -> int:
    return BULK_MAX_UPLOADS_BYTES * _max_upload(app) + _FORM_OVERHEAD


router = APIRouter(route_class=PublicRoute, tags=["verify 证书核验"])


def _lang(request: Request, lang: str | None) -> Lang:
    return pick_lang(lang, request.headers.get("accept-language"))


async def _read_upload(request: Request, file: StarletteUpload) -> bytes:
    limit = app_settings(request).max_upload_bytes
    data = await file.read(limit + 1)
    check_size(len(data), limit)
    return data


# --- pages -----------------------------------------------------------------------------------


def public_context(request: Request, lang: Lang) -> dict[str, Any]:
    """What the public layout needs: the language, its query suffix, the issuer's name
    (ECERT_ISSUER_NAME / ECERT_ISSUER_NAME_EN; the CA certificate's O= stays on /trust)."""
    issuer = app_settings(request).issuer(lang)
    chosen = request.query_params.get("lang") in ("zh", "en") or lang == "en"
    return {"lang": lang, "q": f"?lang={lang}" if chosen else "", "issuer": issuer}


def _page(request: Request, template: str, lang: Lang, status: int = 200,
          **context: Any) -> HTMLResponse:
    return templates.TemplateResponse(request, template, {**public_context(request, lang),
                                                      **context}, status_code=status)


class _ErrorModel(BaseModel):
    code: str = Field(description="malformed | foreign_host")
    message: str


class MalformedModel(VerdictModel):
    """The HTTP 422 answer to input that is no credential: the verdict, plus ``error``."""

    error: _ErrorModel


def verdict_status(verdict: Verdict) -> int:
    """HTTP status of a verdict: input that is no credential at all, or one under another site's
    address, is the client's error (422, issue 11 items 7 and 14); every other verdict, even a
    failing one, is an answer (200)."""
    return 422 if VerifierResult(verdict.result).input_refused else 200


def _verdict_json(verdict: Verdict, lang: Lang) -> JSONResponse:
    body = verdict.to_dict(lang)
    status = verdict_status(verdict)
    if status != 200:  # the verdict's fields stay, plus the error shape every 4xx has
        detail = verdict.checks[0].detail if verdict.checks else verdict.result
        body["error"] = {"code": verdict.result, "message": detail}
    return JSONResponse(body, status_code=status)


def _verdict_page(request: Request, verdict: Verdict, lang: Lang, *,
                  show_photo: bool) -> HTMLResponse:
    photo = None
    if show_photo and verdict.photo and verdict.authentic:
        photo = "data:image/jpeg;base64," + base64.b64encode(verdict.photo).decode()
    since = _routing.service(request).status_since(verdict)
    response = _page(request, "verdict.html", lang, verdict_status(verdict), verdict=verdict,
                     photo=photo, checked_at=utcnow(), top=shown(verdict, lang),
                     amber=amber_line(verdict, lang), since=since,
                     checks=page_checks(verdict, lang), freshness=freshness_line(verdict, lang))
    response.headers["Cache-Control"] = "no-store"
    return response


def _error_page(request: Request, exc: EcertError, lang: Lang) -> HTMLResponse:
    retry = exc.retry_after if isinstance(exc, TooManyRequests | Busy) else None
    response = _page(request, "error.html", lang, status=exc.http_status, error=exc,
                     words=error_text(exc.code, exc.http_status), retry_after=retry,
                     known=exc.code in ERRORS,
                     limit=size_text(_max_upload(request.app)))
    if retry is not None:
        response.headers["Retry-After"] = str(retry)
    return response


def _wants_html(request: Request) -> bool:
    # The /bulk page's form posts to /api/verify/bulk: a browser there gets the error page,
    # although the path is one where core.web.wants_html answers JSON to everyone else.
    return "text/html" in request.headers.get("accept", "")


async def _verify_file(request: Request, service: VerifierService, data: bytes, *,
                       bulk: bool = False) -> Verdict:
    """An upload examined in the upload pool and charged by the work it caused: UPLOAD_RESERVE
    tokens up front (429 when short), the rest once the work is counted (possibly into debt)."""
    limiter = _routing.bulk_limiter(request) if bulk else _routing.limiter(request)
    client = _routing.client(request)
    with _uploads.client_slot(client):  # one client never holds the whole pool
        limiter.hit(client, UPLOAD_RESERVE)
        try:
            examined = await examine_upload(service, data)
        except Busy:
            limiter.debit(client, -UPLOAD_RESERVE)  # nothing was done
            raise
        except WorkTimeout:
            limiter.debit(client, Work(timed_out=True).units() - UPLOAD_RESERVE)
            raise
    limiter.debit(client, examined.work.units() - UPLOAD_RESERVE)
    return verdict_for(service, examined)


_HTML_ERRORS: dict[int | str, dict[str, Any]] = {
    code: {"description": "an error page (HTML), or a JSON error (rate limit, size)",
           "content": {"text/html": {}, "application/json": {}}} for code in (422, "4XX", "5XX")}


@router.get("/C/{digits}", response_class=HTMLResponse, summary="QR landing page (电子证照核验)",
            responses=_HTML_ERRORS)
@router.get("/c/{digits}", response_class=HTMLResponse, include_in_schema=False)
def qr_page(request: Request, digits: str, lang: str | None = None) -> HTMLResponse:
    """What a phone camera opens: the verdict at a glance, with the holder's photo."""
    chosen = _lang(request, lang)
    try:
        verdict = _routing.service(request).verify(digits, with_photo=True)
    except EcertError as exc:
        return _error_page(request, exc, chosen)
    return _verdict_page(request, verdict, chosen, show_photo=True)


@router.get("/", response_class=HTMLResponse, include_in_schema=False)
def home_page(request: Request, lang: str | None = None) -> HTMLResponse:
    """The public home: scan, look up by number, bulk verification, trust settings."""
    return _page(request, "index.html", _lang(request, lang))


@router.get("/verify", response_class=HTMLResponse, include_in_schema=False)
def verify_page(request: Request, lang: str | None = None) -> HTMLResponse:
    """Scan with the camera or upload a photo, screenshot or PDF."""
    return _page(request, "verify.html", _lang(request, lang))


@router.post("/verify", response_class=HTMLResponse, include_in_schema=False)
@body_limit(_upload_body_limit)
async def verify_form(
    request: Request, file: UploadFile | None = None,
    text: Annotated[str, Form(max_length=4000)] = "", lang: str | None = None,
) -> HTMLResponse:
    """The upload form's target (works without JavaScript)."""
    chosen = _lang(request, lang)
    try:
        verdict = await _verify_input(request, _routing.service(request), file, text)
    except EcertError as exc:
        return _error_page(request, exc, chosen)
    return _verdict_page(request, verdict, chosen, show_photo=False)


async def _verify_input(request: Request, service: VerifierService, file: UploadFile | None,
                        text: str) -> Verdict:
    if file is not None and file.filename:
        return await _verify_file(request, service, await _read_upload(request, file))
    if text.strip():
        return service.verify(text)
    raise InvalidInput("请上传文件或输入二维码内容 upload a file or paste the QR text",
                       field="file", rule="missing_input")


@router.get("/lookup", response_class=HTMLResponse, include_in_schema=False)
def lookup_page(request: Request, lang: str | None = None) -> HTMLResponse:
    """Number + name lookup form."""
    return _page(request, "lookup.html", _lang(request, lang), answer=None)


@router.post("/lookup", response_class=HTMLResponse, include_in_schema=False)
def lookup_form(
    request: Request, number: Annotated[str, Form(max_length=32)],
    name: Annotated[str, Form(max_length=64)], lang: str | None = None,
) -> HTMLResponse:
    """Number + name lookup, as a page."""
    chosen = _lang(request, lang)
    try:
        charge(request, LOOKUP_COST - 1)
        answer = lookup_model(_routing.service(request).lookup(number.strip(), name), chosen)
    except TooManyRequests:
        raise
    except EcertError as exc:
        return _error_page(request, exc, chosen)
    return _page(request, "lookup.html", chosen, answer=answer, number=number, name=name,
                 checked_at=utcnow())


@router.get("/bulk", response_class=HTMLResponse, include_in_schema=False)
def bulk_page(request: Request, lang: str | None = None) -> HTMLResponse:
    """Bulk verification form for employers."""
    return _page(request, "bulk.html", _lang(request, lang), rows=None)


@router.post("/bulk", response_class=HTMLResponse, include_in_schema=False)
@body_limit(_bulk_body_limit)
async def bulk_form(request: Request, files: list[UploadFile],
                    lang: str | None = None) -> HTMLResponse:
    """Bulk verification as a page: the results as a table, and the report to download."""
    chosen = _lang(request, lang)
    try:
        rows = await _bulk_rows(request, files[:BULK_MAX_FILES])
    except (TooManyRequests, Busy):
        raise
    except EcertError as exc:
        return _error_page(request, exc, chosen)
    csv_uri = "data:text/csv;base64," + base64.b64encode(report_csv(rows)).decode()
    xlsx_uri = f"data:{_XLSX};base64," + base64.b64encode(report_xlsx(rows)).decode()
    response = _page(request, "bulk.html", chosen, rows=rows, columns=REPORT_COLUMNS,
                     csv_uri=csv_uri, xlsx_uri=xlsx_uri, checked_at=utcnow())
    response.headers["Cache-Control"] = "no-store"
    return response


@router.get("/bulk/template.{ext}", include_in_schema=False)
def bulk_template(ext: str) -> Response:
    """The roster template (the expected columns and an example row), as CSV or XLSX."""
    if ext == "csv":
        return Response(template_csv(), media_type="text/csv; charset=utf-8", headers={
            "Content-Disposition": 'attachment; filename="ecert-roster-template.csv"'})
    if ext == "xlsx":
        return Response(template_xlsx(), media_type=_XLSX, headers={
            "Content-Disposition": 'attachment; filename="ecert-roster-template.xlsx"'})
    raise HTTPException(status_code=404)


@router.get("/trust", response_class=HTMLResponse, include_in_schema=False)
def trust_page(request: Request, lang: str | None = None) -> HTMLResponse:
    """How to trust the PDF signature: the CA certificate and root key, with fingerprints."""
    return _page(request, "trust.html", _lang(request, lang),
                 material=trust_material(_routing.service(request)))


_TRUST_FILES = {"ca.cer": "application/pkix-cert", "ca.pem": "application/x-pem-file",
                "root-key.pem": "application/x-pem-file"}


@router.get("/trust/{name}", include_in_schema=False)
def trust_file(request: Request, name: str) -> Response:
    """The CA certificate (DER ``ca.cer`` for Windows/Adobe, PEM ``ca.pem``) and the root key."""
    media = _TRUST_FILES.get(name)
    if media is None:
        raise HTTPException(status_code=404)
    material = trust_material(_routing.service(request))
    body = {"ca.cer": material.ca_der, "ca.pem": material.ca_pem,
            "root-key.pem": material.root_pem}[name]
    if body is None:
        raise ListUnavailable("尚未发布 not published yet (ecert publish)",
                              code="trust_list_unavailable")
    return Response(body, media_type=media, headers={
        "Content-Disposition": f'attachment; filename="ecert-{name}"',
        "Cache-Control": "public, max-age=3600"})


@router.get("/verify/static/{name}", include_in_schema=False)
def static_file(name: str) -> Response:
    """The page's CSS and progressive-enhancement script (a fixed list, no path walking)."""
    media = _STATIC.get(name)
    if media is None:
        raise HTTPException(status_code=404)
    body = (_HERE / "static" / name).read_bytes()
    return Response(body, media_type=media, headers={"Cache-Control": "public, max-age=3600"})


# --- JSON API --------------------------------------------------------------------------------

_VERIFY_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            "application/json": {"schema": VerifyTextRequest.model_json_schema()},
            "multipart/form-data": {"schema": {
                "type": "object", "required": ["file"],
                "properties": {"file": {"type": "string", "format": "binary",
                                        "description": "JPEG, PNG, WebP or PDF"}}}},
        },
    }
}


@router.post("/api/verify", response_model=VerdictModel, openapi_extra=_VERIFY_BODY,
             summary="Verify a credential (QR text, image or PDF)")
@body_limit(_upload_body_limit)
async def api_verify(request: Request, lang: str | None = None) -> Response:
    """``{"text": QR_TEXT}`` as JSON, or a multipart ``file`` (image or PDF) → the verdict.

    Input that is no credential at all answers 422: the verdict (``result`` malformed) plus
    ``error`` (code ``malformed``), see ``MalformedModel``.
    """
    chosen = _lang(request, lang)
    service = _routing.service(request)
    if request.headers.get("content-type", "").startswith("multipart/form-data"):
        _uploads.upload_pool().check_room()  # a full pool refuses before the body is even parsed
        form = await request.form(max_files=1, max_fields=4)
        upload = form.get("file")
        if not isinstance(upload, StarletteUpload):
            raise InvalidInput("缺少文件 missing form field 'file'", field="file",
                               rule="missing_input")
        verdict = await _verify_file(request, service, await _read_upload(request, upload))
    else:
        verdict = service.verify(_text_body(await request.body()))
    # The dict already has the model's shape (a test holds them equal); skipping the second
    # pydantic pass is a measurable share of the request on the hot path.
    return _verdict_json(verdict, chosen)


def _text_body(raw: bytes) -> str:
    try:
        return VerifyTextRequest.model_validate_json(raw).text
    except ValidationError:
        raise InvalidInput('请求须为 {"text": "..."} body must be JSON {"text": QR_TEXT} '
                           "(or a multipart file upload)", field="text",
                           rule="invalid_request") from None


@router.post("/api/lookup", response_model=LookupModel,
             summary="Status by certificate number and holder name")
def api_lookup(request: Request, body: LookupRequest, lang: str | None = None) -> LookupModel:
    """Status only (no photo); identical shape whether or not the number exists."""
    charge(request, LOOKUP_COST - 1)
    return lookup_model(_routing.service(request).lookup(body.number.strip(), body.name),
                        _lang(request, lang))


@router.post("/api/verify/bulk", summary="Bulk verification report (CSV or XLSX)",
             response_class=Response,
             responses={200: {"content": {"text/csv": {}, _XLSX: {}}}})
@body_limit(_bulk_body_limit)
async def api_bulk(
    request: Request, files: list[UploadFile],
    format: Annotated[str, Form(pattern="^(csv|xlsx)$")] = "csv",
) -> Response:
    """A CSV/XLSX roster of (certificate number, name), and/or images/PDFs → one report row each.

    Charged to the bulk bucket (MAX_ROWS entries an hour): a roster by its rows, a file by its
    work. A file that is neither a roster nor an image/PDF is refused (415 ``not_a_roster``).
    """
    try:
        rows = await _bulk_rows(request, files[:BULK_MAX_FILES])
    except (TooManyRequests, Busy):
        raise
    except EcertError as exc:
        if _wants_html(request):  # the /bulk form: an error page, not a JSON body
            return _error_page(request, exc, _lang(request, None))
        raise
    if format == "xlsx":
        return Response(report_xlsx(rows), headers=_attachment("xlsx"), media_type=_XLSX)
    return Response(report_csv(rows), media_type="text/csv; charset=utf-8",
                    headers=_attachment("csv"))


async def _bulk_rows(request: Request, files: list[UploadFile]) -> list[ReportRow]:
    service, rows = _routing.service(request), []
    for upload in files:
        data = await _read_upload(request, upload)
        name = upload.filename or "upload"
        if is_roster(data):
            pairs = parse_roster(data)
            _routing.bulk_limiter(request).hit(_routing.client(request), float(len(pairs)))
            rows += await run_in_threadpool(rows_for_roster, service, pairs)
            continue
        try:
            outcome: Verdict | EcertError = await _verify_file(request, service, data,
                                                               bulk=True)
        except (TooManyRequests, Busy):
            raise
        except EcertError as exc:  # one refused file is a row with its reason
            outcome = exc
        rows.append(file_row(name, outcome))
    return rows


def _attachment(ext: str) -> dict[str, str]:
    return {"Content-Disposition": f'attachment; filename="ecert-verification.{ext}"'}


router.include_router(lists_router)  # the signed lists and audit checkpoints
router.include_router(vendor_router)  # the camera scanner's pinned decoder (verifier._vendor)
