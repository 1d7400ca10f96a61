"""The public pages as a citizen reads them (issue 14 item 4): the home page, the verdict in plain
words with the technical detail collapsed, times in China Standard Time, distinct outcomes for a
photo without a QR code and a forgery, HTML error pages for browsers (JSON for API clients),
bulk results on the page with roster templates, and the /trust downloads."""

from __future__ import annotations

import hashlib
import io
import re
from collections.abc import Iterator
from typing import Any

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from core.errors import InvalidInput, PermissionDenied
from core.ratelimit import TooManyRequests
from tests.verifier._support import set_status, tampered
from tests.verifier.conftest import World

BROWSER = {"accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}
#: what a person must never read on a public page (outside the technical details)
DEVELOPER_TEXT = ("COSE_Sign1", "EdDSA", "kid", "+00:00", "unknown", "bytes", "format pass",
                  "trust_list", "no_qr_found", "malformed", "invalid_signature")


@pytest.fixture
def app(world: World) -> FastAPI:
    from ecert.app import create_verifier_app

    return create_verifier_app()


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def visible(html: str) -> str:
    """The text a person reads: without the collapsed technical details, styles and scripts."""
    html = re.sub(r"<details\b.*?</details>", " ", html, flags=re.S)
    html = re.sub(r"<(style|script)\b.*?</\1>", " ", html, flags=re.S)
    text = re.sub(r"<[^>]+>", " ", html)
    return re.sub(r"\s+", " ", text.replace("&#39;", "'").replace("&amp;", "&"))


def technical(html: str) -> str:
    match = re.search(r"<details\b[^>]*>(.*?)</details>", html, flags=re.S)
    assert match, "no technical details"
    return match.group(0)


def digits(qr_text: str) -> str:
    return qr_text.rsplit("/C/", 1)[1]


def png(image: Any) -> bytes:
    import cv2

    ok, data = cv2.imencode(".png", np.asarray(image, dtype=np.uint8))
    assert ok
    return bytes(data.tobytes())


def holder_name(client: TestClient, qr_text: str) -> str:
    return str(client.post("/api/verify", json={"text": qr_text}).json()["certificate"]["name"])


# --- home ------------------------------------------------------------------------------------


def test_home_page_offers_scan_lookup_bulk_and_trust(client: TestClient) -> None:
    page = client.get("/")
    assert page.status_code == 200
    text = visible(page.text)
    assert "教师资格证书电子证照核验" in text
    # the issuer's name is the configured one (development default), never the CA's "ecert …"
    assert "教师资格电子证照服务（开发环境）" in text and "ecert" not in text.lower()
    for href in ("/verify", "/lookup", "/bulk", "/trust"):
        assert f'href="{href}"' in page.text, href
    assert "扫码或上传" in text and "按编号查询" in text and "批量核验" in text
    english = visible(client.get("/?lang=en").text)
    assert "Scan or upload" in english and "Bulk verification" in english


def test_development_home_is_the_public_home_plus_a_development_box(world: World) -> None:
    from ecert.app import create_app

    page = TestClient(create_app()).get("/")
    assert page.status_code == 200
    public, _, dev = page.text.partition('id="development"')
    assert "扫码或上传" in public and 'href="/lookup"' in public
    for href in ("/login", "/admin", "/review", "/holder", "/docs"):
        assert f'href="{href}"' in dev, href
    assert "/C/" in dev and "/C/" not in public  # demo QR links only in the development box


def test_development_home_lists_the_development_sign_ins(world: World) -> None:
    from core.settings import load_settings
    from ecert.app import create_app

    settings = load_settings()
    (settings.home / ".dev-staff-accounts").write_text(
        "# development staff sign-ins (/login): name, role, region, password\n"
        "reviewer\treviewer\t41\tecert-dev-2026\n", encoding="utf-8")
    page = TestClient(create_app(settings)).get("/")
    _, _, dev = page.text.partition('id="development"')
    assert "reviewer" in dev and "审核人员" in dev and "ecert-dev-2026" in dev


# --- the verdict -----------------------------------------------------------------------------


def test_verdict_in_plain_chinese_with_technical_details_collapsed(
    client: TestClient, world: World
) -> None:
    page = client.get(f"/C/{digits(world.issued[0].qr_text)}?lang=zh")
    assert page.status_code == 200
    text = visible(page.text)
    assert re.search(r'<p class="big" id="state-word">有效</p>', page.text)
    assert "真伪：真实" in text
    for words in ("签名有效", "签发机构可信", "未被撤销", "状态信息为最新", "北京时间"):
        assert words in text, words
    assert re.search(r"核验时间 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d 北京时间", text)
    for word in DEVELOPER_TEXT:
        assert word not in text, word
    details = technical(page.text)
    assert "<details " in page.text and " open" not in details.split(">", 1)[0]
    assert "技术详情 Technical details" in details
    assert "COSE_Sign1 EdDSA" in details and "kid" in details  # still there, for who asks
    # the state and registration come from core.states labels, as on every other path
    assert 'id="result-label">有效<' in page.text


def test_verdict_in_english_reads_on_its_own(client: TestClient, world: World) -> None:
    page = client.get(f"/C/{digits(world.issued[0].qr_text)}?lang=en")
    text = visible(page.text)
    for words in ("Signature valid", "Issued by a trusted authority", "Not revoked",
                  "China Standard Time", "Authenticity: genuine"):
        assert words in text, words
    for word in DEVELOPER_TEXT:
        assert word not in text, word
    # the language stays chosen on every link of the page
    assert 'href="/verify?lang=en"' in page.text and 'href="/lookup?lang=en"' in page.text


def test_revoked_is_red_with_its_state_and_still_genuine(client: TestClient,
                                                         world: World) -> None:
    item = world.issued[0]
    set_status(item.number, status="revoked")
    page = client.get(f"/C/{digits(item.qr_text)}?lang=zh")
    assert 'class="state red"' in page.text and 'data-kind="genuine"' in page.text
    text = visible(page.text)
    assert "已撤销" in text and "真伪：真实" in text and "资格状态：已撤销" in text
    assert "注册状态：" not in text  # a revoked qualification shows no registration in force


def test_forged_code_is_red_and_says_so(client: TestClient, world: World) -> None:
    page = client.post("/verify?lang=zh", data={"text": tampered(world.issued[0].qr_text)})
    assert 'class="state red"' in page.text and 'data-kind="forged"' in page.text
    text = visible(page.text)
    assert "签名无效" in text and "伪造" in text
    assert 'id="retry"' not in page.text  # nothing to retry: the code itself is bad


def test_photo_without_a_qr_code_asks_to_try_again(client: TestClient) -> None:
    blank = png(np.full((240, 320), 230))
    page = client.post("/verify?lang=zh", files={"file": ("photo.png", blank, "image/png")})
    assert 'class="state neutral"' in page.text and 'data-kind="no_qr"' in page.text
    # nothing was checked: no check rows at all, so no red ✖ (the forgery signal)
    assert "state red" not in page.text and "✖" not in visible(page.text)
    assert 'class="fail"' not in page.text and "核验项目" not in visible(page.text)
    text = visible(page.text)
    assert "未在照片中找到二维码" in text and "光线" in text and "占满画面" in text
    assert re.search(r'<a class="button" id="retry" href="/verify[^"]*">', page.text)
    english = visible(client.post("/verify?lang=en", files={
        "file": ("photo.png", blank, "image/png")}).text)
    assert "No QR code found in your photo — try again" in english
    # the API answer is unchanged: a malformed verdict naming no_qr_found
    body = client.post("/api/verify", files={"file": ("photo.png", blank, "image/png")}).json()
    assert body["result"] == "malformed" and "no_qr_found" in body["checks"][0]["detail"]


def test_a_qr_code_that_is_not_ours_is_neither_no_qr_nor_forged(client: TestClient) -> None:
    import qrcode

    image = qrcode.make("https://example.com/menu", box_size=6).convert("L")
    page = client.post("/verify?lang=zh", files={"file": ("qr.png", png(image), "image/png")})
    assert 'data-kind="unreadable"' in page.text and 'class="state neutral"' in page.text
    text = visible(page.text)
    assert "不是本系统的电子证照二维码" in text and "未在照片中找到二维码" not in text
    assert "✖" not in text and 'class="fail"' not in page.text  # neutral rows, not red


def test_times_are_china_standard_time(client: TestClient, world: World) -> None:
    from core import clock

    page = client.get(f"/C/{digits(world.issued[0].qr_text)}?lang=zh")
    now = clock.utcnow()
    shown = re.search(r"核验时间 (\d{4}-\d\d-\d\d \d\d:\d\d)", visible(page.text))
    assert shown is not None
    from core.pages import cst

    assert shown.group(1) == cst(now)  # UTC+8, not the stored UTC


# --- errors ----------------------------------------------------------------------------------


def _raising(app: FastAPI) -> FastAPI:
    def too_many() -> None:
        raise TooManyRequests(7)

    def refused() -> None:
        raise PermissionDenied("审核人员（reviewer）无权签发 (role reviewer may not issue)",
                               code="role_not_allowed")

    def too_large() -> None:
        exc = InvalidInput("文件过大 upload is 99 bytes, limit 9", field="file",
                           rule="upload_too_large")
        exc.http_status = 413
        raise exc

    def broken() -> None:
        raise RuntimeError("boom")

    app.add_api_route("/test/too-many", too_many)
    app.add_api_route("/admin/test-refused", refused)
    app.add_api_route("/test/too-large", too_large)
    app.add_api_route("/test/broken", broken)
    app.add_api_route("/api/test/too-many", too_many)
    return app


def test_error_pages_are_html_for_browsers_and_json_for_api_clients(app: FastAPI) -> None:
    client = TestClient(_raising(app), raise_server_exceptions=False)
    missing = client.get("/no-such-page", headers=BROWSER)
    assert missing.status_code == 404 and missing.headers["content-type"].startswith("text/html")
    assert "页面不存在" in missing.text and "Page not found" in missing.text
    assert 'href="/"' in missing.text
    api = client.get("/no-such-page")
    assert api.status_code == 404 and api.json()["error"]["code"] == "not_found"
    under_api = client.get("/api/no-such-thing", headers=BROWSER)
    assert under_api.json()["error"]["code"] == "not_found"

    wrong = client.put("/verify", headers=BROWSER)
    assert wrong.status_code == 405 and "不支持此操作" in wrong.text

    busy = client.get("/test/too-many", headers=BROWSER)
    assert busy.status_code == 429 and busy.headers["retry-after"] == "7"
    assert "请求过于频繁" in busy.text and "请在 7 秒后重试" in busy.text
    assert "try again in 7 seconds" in busy.text
    busy_api = client.get("/api/test/too-many", headers=BROWSER)
    assert busy_api.json()["error"]["code"] == "rate_limited"
    assert busy_api.headers["retry-after"] == "7"

    refused = client.get("/admin/test-refused", headers=BROWSER)
    assert refused.status_code == 403
    assert "无权执行此操作" in refused.text and "审核人员（reviewer）无权签发" in refused.text
    assert 'href="/admin"' in refused.text
    assert client.get("/admin/test-refused").json()["error"]["code"] == "role_not_allowed"

    large = client.get("/test/too-large", headers=BROWSER)
    assert large.status_code == 413 and "文件过大" in large.text and "10 MB" in large.text

    broken = client.get("/test/broken", headers=BROWSER)
    assert broken.status_code == 500 and "服务器内部错误" in broken.text
    assert "boom" not in broken.text
    assert client.get("/test/broken").json()["error"]["code"] == "internal_error"
    for page in (missing, wrong, busy, refused, large, broken):
        assert "<html" in page.text
        # the public header: the issuer's configured name, links home and to verify
        assert 'id="issuer"' in page.text and "教师资格电子证照服务（开发环境）" in page.text
        assert 'href="/verify"' in page.text and 'href="/"' in page.text
        assert "ecert" not in visible(page.text).lower()
    # technical details only where there is something to detail, and collapsed
    for page in (busy, refused, large):
        assert "技术详情" in page.text and "<details " in page.text
        assert " open" not in technical(page.text).split(">", 1)[0]
    for page in (missing, wrong, broken):
        assert "技术详情" not in page.text


def test_upload_too_large_on_the_verify_page_says_the_limit(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ecert.app import create_verifier_app

    monkeypatch.setenv("ECERT_MAX_UPLOAD_BYTES", str(200 * 1024))
    client = TestClient(create_verifier_app())
    big = b"\x89PNG\r\n\x1a\n" + bytes(210 * 1024)
    page = client.post("/verify?lang=zh", files={"file": ("big.png", big, "image/png")})
    assert page.status_code == 413 and "文件过大" in visible(page.text)
    assert "大小上限为 200 KB" in visible(page.text)


def test_a_body_far_over_the_limit_is_refused_on_a_page_too(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The body-limit middleware answers before any route runs: a browser still gets the page
    (saying the route's limit), an API client the JSON code."""
    from ecert.app import create_verifier_app

    monkeypatch.setenv("ECERT_MAX_UPLOAD_BYTES", str(200 * 1024))
    client = TestClient(create_verifier_app())
    huge = bytes(4 * 1024 * 1024)
    page = client.post("/verify", files={"file": ("big.png", huge, "image/png")},
                       headers={"accept": "text/html"})
    assert page.status_code == 413 and page.headers["content-type"].startswith("text/html")
    assert "文件过大" in visible(page.text) and "<html" in page.text
    assert client.app.state.settings.issuer_name in visible(page.text)  # the public header
    api = client.post("/api/verify", content=huge, headers={"content-type": "application/json"})
    assert api.status_code == 413 and api.json()["error"]["code"] == "body_too_large"


# --- bulk ------------------------------------------------------------------------------------


def test_bulk_results_on_the_page_and_downloadable(client: TestClient, world: World) -> None:
    import base64

    item = world.issued[0]
    name = holder_name(client, item.qr_text)
    roster = f"证书编号,姓名\n{item.number},{name}\n{'3' * 17},某人\n".encode()
    page = client.post("/bulk?lang=zh", files=[("files", ("r.csv", roster, "text/csv"))])
    assert page.status_code == 200 and 'id="bulk-results"' in page.text
    rows = re.findall(r"<tr class=\"(\w+)\">(.*?)</tr>", page.text, flags=re.S)
    assert len(rows) == 2
    assert item.number in rows[0][1] and "有效" in rows[0][1]
    assert "查无此证书" in rows[1][1] and rows[1][0] == "bad"
    csv_uri = re.search(r'id="download-csv" href="data:text/csv;base64,([^"]+)"', page.text)
    assert csv_uri is not None
    report = base64.b64decode(csv_uri.group(1)).decode("utf-8-sig")
    assert item.number in report and "查无此证书" in report
    assert re.search(r'id="download-xlsx" href="data:application/vnd\.openxmlformats', page.text)
    # the English page shows the same rows in English (the report file keeps its labels)
    english = client.post("/bulk?lang=en", files=[("files", ("r.csv", roster, "text/csv"))])
    rows = re.findall(r"<tr class=\"(\w+)\">(.*?)</tr>", english.text, flags=re.S)
    assert "Not found" in rows[1][1] and "Fail" in rows[1][1]
    assert "有效" not in rows[0][1] and "qualification" in rows[0][1]


def test_bulk_refused_file_reads_in_plain_words(client: TestClient) -> None:
    broken = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    page = client.post("/bulk?lang=zh", files=[("files", ("scan.png", broken, "image/png"))])
    rows = re.findall(r"<tr class=\"(\w+)\">(.*?)</tr>", page.text, flags=re.S)
    assert len(rows) == 1 and rows[0][0] == "bad"
    assert "无法读取该文件" in rows[0][1] and "unreadable" not in rows[0][1]


def test_bulk_templates_hold_the_expected_columns_and_an_example(client: TestClient) -> None:
    from openpyxl import load_workbook

    from verifier._bulk import parse_roster

    page = client.get("/bulk")
    assert 'href="/bulk/template.xlsx"' in page.text and 'href="/bulk/template.csv"' in page.text
    csv_file = client.get("/bulk/template.csv")
    assert csv_file.status_code == 200 and "attachment" in csv_file.headers["content-disposition"]
    assert csv_file.content.decode("utf-8-sig").splitlines()[0].startswith("证书编号")
    xlsx = client.get("/bulk/template.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content)).active
    assert sheet is not None and str(sheet["A1"].value).startswith("证书编号")
    assert sheet["A2"].data_type == "s"  # text: Excel keeps all 17 digits
    assert parse_roster(csv_file.content) == parse_roster(xlsx.content)
    assert len(parse_roster(csv_file.content)[0][0]) == 17


# --- trust -----------------------------------------------------------------------------------


def test_trust_page_offers_the_ca_and_root_key_with_fingerprints(client: TestClient,
                                                                 world: World) -> None:
    from cryptography import x509

    page = client.get("/trust?lang=zh")
    text = visible(page.text)
    assert page.status_code == 200
    for words in ("Adobe", "福昕", "WPS", "SHA-256", "受信任的根证书颁发机构"):
        assert words in text, words
    assert text.index("信任电子证照 PDF 的签名") < text.index("Adobe")  # Chinese first
    der = client.get("/trust/ca.cer")
    assert der.status_code == 200 and der.headers["content-type"] == "application/pkix-cert"
    cert = x509.load_der_x509_certificate(der.content)
    assert cert.extensions.get_extension_for_class(x509.BasicConstraints).value.ca
    published = x509.load_pem_x509_certificate((world.public / "ca.pem").read_bytes())
    assert cert == published  # the same CA `ecert publish` wrote
    digest = hashlib.sha256(der.content).hexdigest().upper()
    shown = re.search(r'id="ca-fingerprint">([0-9A-F:]+)<', page.text)
    assert shown is not None and shown.group(1).replace(":", "") == digest
    pem = client.get("/trust/ca.pem")
    assert x509.load_pem_x509_certificate(pem.content) == cert
    root = client.get("/trust/root-key.pem")
    assert root.content == (world.public / "root-key.pem").read_bytes()
    root_shown = re.search(r'id="root-fingerprint">([0-9A-F:]+)<', page.text)
    assert root_shown is not None
    assert root_shown.group(1).replace(":", "") == hashlib.sha256(root.content).hexdigest().upper()
    assert client.get("/trust/other.pem", headers=BROWSER).status_code == 404
    # the same public files for machines, beside the signed lists
    assert client.get("/.well-known/ecert/ca.pem").content == (world.public / "ca.pem").read_bytes()
    assert client.get("/.well-known/ecert/root-key.pem").content == root.content


# --- one message table -----------------------------------------------------------------------


def test_every_check_and_error_code_has_plain_words() -> None:
    """The checks the verifier writes and the codes its pages can answer with are all in
    verifier._messages (a new one must be worded there, not shown raw)."""
    from pathlib import Path

    from verifier._messages import CHECKS, ERRORS

    root = Path(__file__).parents[2]
    sources = "".join(p.read_text(encoding="utf-8") for p in (root / "verifier").glob("*.py"))
    names = set(re.findall(r'Check\("([a-z_]+)"', sources))
    assert names - {name for name, _ in CHECKS} <= {"registration"}  # worded from the verdict
    core = "".join((root / "core" / f).read_text(encoding="utf-8") for f in (
        "errors.py", "ratelimit.py", "workpool.py", "web.py", "policy.py", "bodylimit.py"))
    codes = set(re.findall(r'(?:rule|code)\s*=\s*"([a-z_]+)"', sources + core))
    verdicts = {"malformed", "wrong_prefix", "error"}  # verdicts, not errors; the base class
    assert codes - verdicts - set(ERRORS) == set()


# --- the polish after looking at the screenshots (issue 14 item 4) ---------------------------


def _field(html: str, ident: str) -> str:
    match = re.search(rf'id="{ident}">([^<]*)<', html)
    assert match, ident
    return match.group(1)


def test_english_page_translates_what_has_an_english_form(client: TestClient,
                                                          world: World) -> None:
    from core.rules import QualificationType

    body = client.post("/api/verify", json={"text": world.issued[0].qr_text}).json()["certificate"]
    page = client.get(f"/C/{digits(world.issued[0].qr_text)}?lang=en").text
    assert _field(page, "gender") == {"男": "Male", "女": "Female"}[body["gender"]]
    qtype = QualificationType(body["qualification_type"])
    assert _field(page, "qualification") == qtype.english and "qualification" in qtype.english
    assert _field(page, "result-label") == "Valid"  # the label, capitalised: not raw "valid"
    assert _field(page, "state-word") == "Valid"
    registration = _field(page, "registration-state")
    assert registration[:1].isupper() or registration == "—"
    # proper nouns stay Chinese: the subject and the authority's name
    assert body["subject"] in visible(page)
    zh = client.get(f"/C/{digits(world.issued[0].qr_text)}?lang=zh").text
    assert _field(zh, "gender") == body["gender"] and _field(zh, "qualification") == qtype.label
    # every type has an English name
    assert all(t.english.endswith("qualification") for t in QualificationType)


def test_revoked_says_revoked_once_with_the_revocation_date(client: TestClient,
                                                             world: World) -> None:
    from datetime import date

    from core.db import session_scope
    from core.models import StatusEvent
    from core.states import StatusEventKind
    from tests.verifier._support import certificate_id

    item = world.issued[0]
    set_status(item.number, status="revoked")
    url = f"/C/{digits(item.qr_text)}"
    page = client.get(url + "?lang=en").text
    assert _field(page, "state-word") == "Revoked"
    assert _field(page, "headline") == "This certificate has been revoked"
    assert _field(page, "result-label") == "Revoked"
    assert 'id="since"' not in page  # no decision recorded: no date is made up
    with session_scope() as session:
        session.add(StatusEvent(certificate_id=certificate_id(item.number),
                                kind=StatusEventKind.REVOCATION,
                                effective_date=date(2026, 10, 30), reason="测试",
                                decision_document="测试〔2026〕1号", created_by="test"))
    page = client.get(url + "?lang=en").text
    assert "Revoked on: 2026-10-30" in visible(page) and _field(page, "since-date") == "2026-10-30"
    zh = visible(client.get(url + "?lang=zh").text)
    assert "撤销日期：2026年10月30日" in zh and "撤销日期 2026年10月30日" in zh
    assert "测试〔2026〕1号" not in zh  # the decision document stays with the authority


def test_registration_needing_attention_is_said_once_in_the_card_and_once_in_the_fields(
    client: TestClient, world: World
) -> None:
    pages = {item.number: client.get(f"/C/{digits(item.qr_text)}?lang=zh").text
             for item in world.issued}
    amber = [n for n, p in pages.items()
             if 'data-tone="amber"' in p and 'id="state-word">有效<' in p]
    green = [n for n, p in pages.items() if 'data-tone="green"' in p]
    assert amber and green, "the demo world has a valid certificate with a registration to mind"
    page = pages[amber[0]]
    registration = _field(page, "registration-state")
    text = visible(page)
    assert text.count(registration) == 2  # the card and the field list, not the checks again
    assert "黄色表示" in text and "定期注册需要注意" in text  # what amber means under 有效
    item = next(i for i in world.issued if i.number == amber[0])
    english = client.get(f"/C/{digits(item.qr_text)}?lang=en").text
    assert visible(english).count(_field(english, "registration-state")) == 2
    assert "Amber means" in visible(english)
    assert "黄色表示" not in visible(pages[green[0]])


def test_issuer_name_is_the_configured_one_on_every_layout(
    world: World, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ecert.app import create_app

    monkeypatch.setenv("ECERT_ISSUER_NAME", "某某省教育厅")
    monkeypatch.setenv("ECERT_ISSUER_NAME_EN", "X Provincial Department of Education")
    client = TestClient(create_app())
    for path in ("/", "/verify", f"/C/{digits(world.issued[0].qr_text)}", "/holder", "/login",
                 "/no-such-page"):
        page = client.get(path, headers=BROWSER)
        assert "某某省教育厅" in page.text, path
        assert "省级教师资格电子证照中心" not in visible(page.text), path
    for path in ("/?lang=en", "/holder?lang=en"):
        assert "X Provincial Department of Education" in client.get(path).text, path
    # /trust still shows what the CA certificate itself says (made before the name changed)
    trust = client.get("/trust").text
    assert "O=教师资格电子证照服务（开发环境）" in trust and "O=某某省教育厅" not in trust


def test_error_page_without_a_request_names_the_issuer_when_given_the_settings(
    tmp_path: Any,
) -> None:
    """The body-limit middleware renders the page from the ASGI scope alone: with the app's
    settings passed it still carries the issuer's name; without, the header stays whole."""
    from core.pages import TEMPLATE_DIR, page_templates
    from core.settings import Settings
    from verifier.api import error_text

    template = page_templates(TEMPLATE_DIR).get_template("error.html")
    context = {"status": 413, "code": "body_too_large", "reason": "", "detail": "",
               "words": error_text("body_too_large", 413), "retry_after": None,
               "limit": "10 MB", "path": "/verify", "staff_page": False}
    named = template.render({**context, "settings": Settings(home=tmp_path,
                                                             issuer_name="某某省教育厅")})
    assert "某某省教育厅" in named and 'href="/verify"' in named
    bare = template.render(context)
    assert 'id="issuer"' not in bare and "教师资格证书电子证照核验" in bare
    assert "技术详情" not in bare  # no detail to show
