"""Issue 11 items 5, 6 and 13: no cheap way to take the public verifier down.

Hostile PDFs (huge blank pages, many busy pages, hundreds of duplicate signature fields) get
bounded handling — asserted on the counts of work done, never on timings; bodies are bounded
while they stream; uploads run in a small separate pool that answers 503 ``busy`` when full; the
rate limit is charged by the work an upload caused; bulk rosters are parsed strictly and the
documented 1,000 rows are reachable.
"""

from __future__ import annotations

import csv
import io
import random
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from tests.asgi_body import CHUNK, call, endless
from tests.verifier.conftest import World


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    from ecert.app import create_verifier_app

    with TestClient(create_verifier_app()) as test_client:
        yield test_client


def blank_pages(count: int = 4, side: float = 2000.0) -> bytes:
    """A tiny PDF of big blank pages (each costs pixels to render and search, nothing to send)."""
    import pymupdf

    doc = pymupdf.open()
    for _ in range(count):
        doc.new_page(width=side, height=side)
    return doc.tobytes(garbage=4, deflate=True)


def busy_pages(count: int = 20, side: float = 1900.0) -> bytes:
    """Pages of grey noise: no QR anywhere, the most search work per page."""
    import pymupdf

    rng = random.Random(11)
    doc = pymupdf.open()
    for _ in range(count):
        page = doc.new_page(width=side, height=side)
        ops = [f"{rng.random():.2f} g {rng.uniform(0, side):.0f} {rng.uniform(0, side):.0f} "
               f"6 6 re f" for _ in range(400)]
        pymupdf.TOOLS._insert_contents(page, "\n".join(ops).encode(), overlay=1)
    return doc.tobytes(garbage=4, deflate=True)


def duplicate_signature_fields(signed: bytes, count: int = 300) -> bytes:
    """The signed PDF plus an update adding ``count`` signature fields that share its signature."""
    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter

    writer = IncrementalPdfFileWriter(io.BytesIO(signed), strict=False)
    form_ref = writer.root.raw_get("/AcroForm")
    form = form_ref.get_object()
    value = form["/Fields"][0].get_object().raw_get("/V")
    for index in range(count):
        field = generic.DictionaryObject({
            generic.NameObject("/FT"): generic.NameObject("/Sig"),
            generic.NameObject("/T"): generic.TextStringObject(f"dup{index}"),
            generic.NameObject("/V"): value})
        form["/Fields"].append(writer.add_object(field))
    if isinstance(form_ref, generic.IndirectObject):
        writer.mark_update(form_ref)
    else:
        writer.update_root()
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


# --- bounded work per upload -------------------------------------------------------------------


def test_big_blank_pages_render_within_the_pixel_budget() -> None:
    from verifier._decode import NoQrFound, decode_upload
    from verifier._limits import PAGE_PIXELS, Work

    work = Work()
    with pytest.raises(NoQrFound):
        decode_upload(blank_pages(), work)
    assert work.pages == 4
    assert work.pixels <= 4 * PAGE_PIXELS  # 2000 pt at 150 dpi would be 17 MP a page
    assert work.fallbacks == 0  # no ink: the slow search has nothing to find


def test_many_busy_pages_stop_at_the_page_and_pixel_budget() -> None:
    from verifier._decode import NoQrFound, decode_upload
    from verifier._limits import MAX_FALLBACKS, MAX_PAGES_EXAMINED, RENDER_BUDGET, Work

    work = Work()
    with pytest.raises(NoQrFound):
        decode_upload(busy_pages(), work)
    assert 0 < work.pages <= MAX_PAGES_EXAMINED
    assert work.pixels <= RENDER_BUDGET and work.fallbacks <= MAX_FALLBACKS


def test_a_signed_booklet_is_found_on_its_first_examined_page(world: World) -> None:
    from verifier._decode import decode_upload
    from verifier._limits import Work

    work = Work()
    decoded = decode_upload(world.issued[0].pdf.read_bytes(), work)
    assert decoded.texts and (work.pages, work.fallbacks) == (1, 0)  # the QR page is the last


def test_duplicate_signature_fields_are_not_each_validated(world: World) -> None:
    from core.clock import utcnow
    from core.settings import load_settings
    from keys import check_pdf_signature
    from keys._pdfcheck import MAX_SIGNATURES
    from verifier._online import VerifierService

    signed = world.issued[0].pdf.read_bytes()
    hostile = duplicate_signature_fields(signed)
    ca = VerifierService(load_settings()).trust(utcnow()).ca_certificate
    assert ca is not None
    result = check_pdf_signature(hostile, trust_roots=[ca])
    assert not result.ok and result.signatures == 0
    assert "too many signatures" in result.message and str(MAX_SIGNATURES) in result.message
    assert check_pdf_signature(signed, trust_roots=[ca]).signatures == 1


def test_hostile_pdfs_get_bounded_answers_over_http(client: TestClient, world: World) -> None:
    blank = client.post("/api/verify", files={"file": ("b.pdf", blank_pages(), "application/pdf")})
    assert blank.status_code == 422 and blank.json()["result"] == "malformed"
    assert "no_qr_found" in blank.json()["checks"][0]["detail"]
    hostile = duplicate_signature_fields(world.issued[0].pdf.read_bytes())
    body = client.post("/api/verify", files={"file": ("d.pdf", hostile, "application/pdf")}).json()
    check = next(c for c in body["checks"] if c["name"] == "pdf_signature")
    assert check["outcome"] == "fail" and "too many signatures" in check["detail"]


def test_uploads_are_charged_by_work_done(client: TestClient) -> None:
    from core.ratelimit import RateLimiter, TokenBucket

    client.app.state.verifier_limiter = RateLimiter(TokenBucket(14), clock=lambda: 0.0)  # type: ignore[attr-defined]
    text = {"text": "not a credential"}
    assert all(client.post("/api/verify", json=text).status_code == 422 for _ in range(2))
    pdf = blank_pages()
    first = client.post("/api/verify", files={"file": ("b.pdf", pdf, "application/pdf")})
    assert first.status_code == 422 and first.json()["result"] == "malformed"
    # 14 tokens: 2 text requests, then the PDF's renders and searches; no room for a second PDF
    second = client.post("/api/verify", files={"file": ("b.pdf", pdf, "application/pdf")})
    assert second.status_code == 429 and int(second.headers["retry-after"]) >= 1


def test_a_full_upload_pool_answers_503_busy(client: TestClient,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    from core.workpool import Busy
    from verifier import _uploads

    class Full:
        def check_room(self) -> None:
            raise Busy(7)

        async def run(self, *args: object) -> None:
            raise Busy(7)

    monkeypatch.setattr(_uploads, "upload_pool", lambda: Full())
    response = client.post("/api/verify", files={"file": ("b.pdf", blank_pages(1),
                                                          "application/pdf")})
    assert response.status_code == 503 and response.json()["error"]["code"] == "busy"
    assert response.headers["retry-after"] == "7"
    page = client.post("/verify", files={"file": ("b.pdf", blank_pages(1), "application/pdf")},
                       headers={"accept": "text/html"})
    assert page.status_code == 503 and "<html" in page.text.lower()


# --- bodies bounded while they stream ----------------------------------------------------------


def test_endless_chunked_verify_body_gets_413_unbuffered(world: World,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    from core.bodylimit import DEFAULT_BODY_LIMIT
    from ecert.app import create_verifier_app

    monkeypatch.setenv("ECERT_MAX_UPLOAD_BYTES", "200000")
    app = create_verifier_app()
    for path in ("/api/verify", "/api/lookup"):
        status, body, pulled = call(app, path, endless())
        assert status == 413 and body["error"]["code"] == "body_too_large", path
        assert pulled <= body["error"]["limit"] + CHUNK
    assert call(app, "/api/verify", endless())[1]["error"]["limit"] >= 200000
    assert call(app, "/api/lookup", endless())[1]["error"]["limit"] == DEFAULT_BODY_LIMIT
    status, _, pulled = call(app, "/C/123", endless())  # no body expected: never read
    assert status in (405, 413) and pulled <= 1024 * 1024 + CHUNK


# --- bulk: strict roster parsing, the documented maximum reachable -----------------------------


def test_binary_file_on_bulk_is_a_clear_4xx(client: TestClient) -> None:
    junk = bytes(range(256)) * 40
    for name, kind in (("roster.csv", "text/csv"), ("data.bin", "application/octet-stream")):
        response = client.post("/api/verify/bulk", files=[("files", (name, junk, kind))])
        assert response.status_code == 415, name
        error = response.json()["error"]
        assert error["code"] == "not_a_roster" and "CSV" in error["message"]
    page = client.post("/api/verify/bulk", files=[("files", ("r.csv", junk, "text/csv"))],
                       headers={"accept": "text/html"})
    assert page.status_code == 415 and "CSV" in page.text and "<html" in page.text.lower()


def test_roster_without_a_data_row_is_refused(client: TestClient) -> None:
    response = client.post("/api/verify/bulk", files=[
        ("files", ("r.csv", "证书编号,姓名\n".encode(), "text/csv"))])
    assert response.status_code == 422 and response.json()["error"]["code"] == "empty_roster"


def test_a_roster_at_the_documented_maximum_is_accepted(client: TestClient) -> None:
    from verifier._bulk import MAX_ROWS

    lines = ["证书编号,姓名", *(f"{20260000000000000 + i},张三" for i in range(MAX_ROWS))]
    roster = "\n".join(lines).encode()
    response = client.post("/api/verify/bulk", files=[("files", ("r.csv", roster, "text/csv"))])
    assert response.status_code == 200, response.text[:300]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert len(rows) == MAX_ROWS + 1
    too_many = "\n".join([*lines, "20269999999999999,李四"]).encode()
    over = client.post("/api/verify/bulk", files=[("files", ("r.csv", too_many, "text/csv"))])
    assert over.status_code == 422 and over.json()["error"]["code"] == "too_many_rows"


def test_parse_roster_reads_xlsx_and_refuses_what_is_no_roster() -> None:
    from openpyxl import Workbook

    from core.errors import InvalidInput
    from verifier._bulk import is_roster, parse_roster

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["证书编号", "姓名"])
    sheet.append(["20260000000000001", "张三"])
    sheet.append(["20260000000000002", "李四"])
    out = io.BytesIO()
    book.save(out)
    assert is_roster(out.getvalue())
    assert parse_roster(out.getvalue()) == [("20260000000000001", "张三"),
                                            ("20260000000000002", "李四")]
    sheet.append([20260000000000003, "王五"])  # typed as a number: Excel keeps 15 digits
    out = io.BytesIO()
    book.save(out)
    with pytest.raises(InvalidInput) as lost:
        parse_roster(out.getvalue())
    assert lost.value.code == "roster_number_as_float"
    assert not is_roster(blank_pages(1))
    for junk in (b"PK\x03\x04" + bytes(200), b"\x00\x01\x02" * 100):
        with pytest.raises(InvalidInput) as refused:
            parse_roster(junk)
        assert (refused.value.code, refused.value.http_status) == ("not_a_roster", 415)


def test_one_client_cannot_hold_every_upload_slot(client: TestClient,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    import asyncio
    import threading
    from concurrent.futures import ThreadPoolExecutor

    from core.workpool import Busy
    from verifier import _uploads

    release, started = threading.Event(), threading.Semaphore(0)

    class Slow:
        def check_room(self) -> None:
            pass

        async def run(self, *args: object) -> None:
            started.release()
            while not release.is_set():
                await asyncio.sleep(0.01)
            raise Busy(1)

    monkeypatch.setattr(_uploads, "upload_pool", lambda: Slow())
    pdf = blank_pages(1)

    def post() -> object:
        return client.post("/api/verify", files={"file": ("b.pdf", pdf, "application/pdf")})

    with ThreadPoolExecutor(_uploads.MAX_UPLOADS_PER_CLIENT) as threads:
        held = [threads.submit(post) for _ in range(_uploads.MAX_UPLOADS_PER_CLIENT)]
        for _ in held:
            assert started.acquire(timeout=60)
        refused = client.post("/api/verify", files={"file": ("b.pdf", pdf, "application/pdf")})
        release.set()
        assert [f.result().status_code for f in held] == [503] * len(held)  # type: ignore[attr-defined]
    assert refused.status_code == 429
    assert refused.json()["error"]["code"] == "uploads_in_progress"
    assert refused.headers["retry-after"] == "1"


def test_a_decoder_crash_on_hostile_bytes_is_a_refusal(monkeypatch: pytest.MonkeyPatch) -> None:
    from verifier import _uploads

    def broken(data: bytes, work: object) -> None:
        raise RuntimeError("mupdf: cannot render page")

    monkeypatch.setattr(_uploads, "decode_upload", broken)
    examined = _uploads.examine(blank_pages(1), [])
    assert examined.error is not None and examined.error[:1] == ("unreadable_upload",)
    assert examined.error[2] == 422
