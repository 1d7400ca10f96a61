"""The teacher's portal at /holder: ask for a code, enter it, see the certificate and download
both files; the same answer for a number that does not exist; wrong, spent and expired codes;
the holder session's scope and life; CSRF."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

import issuer._holder as holder
from core import clock
from core.ratelimit import RateLimiter
from core.settings import load_settings
from ecert.app import create_app
from issuer._holder import HOLDER_LIMITS
from issuer._notify import CodeMessage, drain_deliveries
from tests.conftest import FROZEN_NOW
from tests.issuer._status_support import fake_credential, id_of, seed

N1, N2, UNKNOWN = "20151101042000001", "20151101042000002", "20151101042999999"


@pytest.fixture
def app(sqlite_registry: Engine, ecert_env: Path, outbox: list[CodeMessage]) -> object:
    numbers = seed(1, 2)
    fake_credential(numbers[0], ecert_env / "artifacts")
    return create_app()


def _client(app: object) -> TestClient:
    return TestClient(app, base_url="https://testserver", follow_redirects=False)  # type: ignore[arg-type]


@pytest.fixture
def client(app: object) -> TestClient:
    return _client(app)


def _token(page: httpx.Response) -> str:
    found = re.search(r'name="csrf_token" value="([0-9a-f]{64})"', page.text)
    assert found, page.text
    return found[1]


def _ask(client: TestClient, number: str, id_number: str, lang: str = "") -> httpx.Response:
    token = _token(client.get("/holder" + lang))
    r = client.post("/holder" + lang, data={"certificate_number": number, "id_number": id_number,
                                            "csrf_token": token})
    drain_deliveries()
    return r


def _enter(client: TestClient, code: str) -> httpx.Response:
    token = _token(client.get("/holder/code"))
    return client.post("/holder/code", data={"code": code, "csrf_token": token})


def _signed_in(client: TestClient, outbox: list[CodeMessage]) -> httpx.Response:
    assert _ask(client, N1, id_of(1)).status_code == 303
    r = _enter(client, outbox[-1].code)
    assert r.status_code == 303 and r.headers["location"] == "/holder/certificate"
    return r


def test_start_page_is_chinese_first_with_english(client: TestClient) -> None:
    page = client.get("/holder")
    assert page.status_code == 200
    assert "证书号码" in page.text and "证件号码" in page.text and "获取验证码" in page.text
    assert "办理说明" in page.text and 'name="viewport"' in page.text
    cookie = page.headers["set-cookie"]
    assert "ecert_holder_csrf=" in cookie and "HttpOnly" in cookie
    assert "Path=/holder" in cookie and "SameSite=strict" in cookie.replace("Strict", "strict")
    en = client.get("/holder?lang=en")
    assert "Certificate number" in en.text and "Send me a code" in en.text
    assert 'action="/holder?lang=en"' in en.text


def test_the_whole_flow_opens_the_certificate_and_both_downloads(
    client: TestClient, outbox: list[CodeMessage]
) -> None:
    asked = _ask(client, N1, id_of(1))
    assert asked.status_code == 303 and asked.headers["location"] == "/holder/code"
    code_page = client.get("/holder/code")
    assert "验证码已发送至发证机关登记的邮箱或手机" in code_page.text
    assert id_of(1) not in code_page.text and "0001" in code_page.text  # the number's last 4
    assert [m.certificate_number for m in outbox] == [N1]
    done = _enter(client, outbox[-1].code)
    session_cookie = done.headers["set-cookie"]
    assert "ecert_holder=" in session_cookie and "HttpOnly" in session_cookie
    assert "Path=/holder" in session_cookie and "Max-Age=900" in session_cookie
    page = client.get("/holder/certificate")
    assert page.status_code == 200
    text = page.text
    assert N1 in text and ">有效<" in text  # the status label (core.states)
    assert "定期注册合格" in text and "2027年08月31日" in text  # registration state, until
    assert "下载 PDF 电子证照" in text and "/holder/credential.json" in text
    trust = load_settings().public_url.rstrip("/") + "/trust"  # the public verifier's CA page
    assert f'href="{trust}"' in text and "/C/" in text  # the CA page and the QR page
    assert "2026-11-01 10:15" in text  # session end in CST (02:00 UTC + 15 min)
    assert id_of(1) not in text and "+00:00" not in text
    pdf = client.get("/holder/certificate.pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    assert pdf.headers["cache-control"] == "no-store"
    data = client.get("/holder/credential.json")  # one code, both downloads
    assert data.status_code == 200 and data.json()["certificate_number"] == N1
    assert client.get("/holder/certificate.pdf").status_code == 200  # again, same session


def test_english_certificate_page(client: TestClient, outbox: list[CodeMessage]) -> None:
    assert _ask(client, N1, id_of(1), "?lang=en").headers["location"] == "/holder/code?lang=en"
    token = _token(client.get("/holder/code?lang=en"))
    r = client.post("/holder/code?lang=en", data={"code": outbox[-1].code, "csrf_token": token})
    assert r.headers["location"] == "/holder/certificate?lang=en"
    page = client.get("/holder/certificate?lang=en")
    assert "My teacher certificate" in page.text
    seen = re.sub(r"<[^>]+>", "", page.text)  # what the person reads
    # state labels as the public verifier's English pages show them (core.states, capitalised)
    assert "StatusValid" in seen and "RegistrationRegistered (until 2027-08-31)" in seen
    # the qualification type's English name from core.rules; the subject stays as registered
    assert "QualificationSenior secondary school teacher qualification" in seen
    assert "教师资格" not in seen
    assert "Download the signed PDF" in page.text and "China Standard Time" in page.text
    # English quotes (never the wide Chinese “” on an English page), and a Latin font first
    assert '&#34;Use this certificate as a trusted root&#34;.' in page.text
    assert "“" not in seen and "”" not in seen
    assert 'html[lang=en] body{font-family:-apple-system,"Segoe UI"' in page.text


def test_words_and_dates_do_not_break_on_a_phone(client: TestClient,
                                                 outbox: list[CodeMessage]) -> None:
    """Header: the service name and the issuer each on their own small line; footer phrases and
    every date kept whole (white-space: nowrap)."""
    start = client.get("/holder").text
    assert '.nw{white-space:nowrap}' in start
    assert '<small class="nw" id="service">持证人服务</small>' in start
    assert re.search(r'<small class="issuer" id="issuer">[^<]+</small>', start)
    assert '<span class="nw">本服务不会通过电话或短信索要您的验证码。</span>' in start
    assert re.search(r'<a class="nw" href="[^"]+/trust">证书签发机构（CA）</a>', start)
    _signed_in(client, outbox)
    page = client.get("/holder/certificate").text
    assert '<span class="muted nw" id="registered-until">（有效期至 2027年08月31日）</span>' in page
    assert re.search(r'<dd class="nw">\d{4}年\d\d月\d\d日</dd>', page)  # issue date
    assert "word-break:break-all" not in page  # English words break only between words
    assert '<span class="nw">2026-11-01 10:15 （北京时间）</span>' in page  # session end
    en = client.get("/holder/certificate?lang=en").text
    assert '<span class="muted nw" id="registered-until">(until 2027-08-31)</span>' in en


def _shape(r: httpx.Response) -> tuple[int, str, tuple[str, ...], int]:
    cookies = tuple(sorted(c.split("=", 1)[0] for c in r.headers.get_list("set-cookie")))
    flow = next(c for c in r.headers.get_list("set-cookie") if c.startswith("ecert_holder_flow"))
    return r.status_code, r.headers["location"], cookies, len(flow)


def test_unknown_numbers_get_the_same_answer(app: object, outbox: list[CodeMessage]) -> None:
    answers = []
    for number, id_number in ((N1, id_of(1)), (N1, id_of(2)), (UNKNOWN, id_of(1)),
                              (N2, "110105199003070999")):
        client = _client(app)
        r = _ask(client, number, id_number)
        answers.append(_shape(r))
        page = client.get("/holder/code")
        text = re.sub(r'value="[0-9a-f]{64}"', "TOKEN", page.text)  # each browser's own token
        answers[-1] += (page.status_code, text.replace(number[-4:], "####"))  # type: ignore[assignment]
    assert len(set(answers)) == 1, answers
    assert [m.certificate_number for m in outbox] == [N1]  # only the match was sent a code


def test_unknown_number_cannot_sign_in(client: TestClient, outbox: list[CodeMessage]) -> None:
    _ask(client, UNKNOWN, id_of(1))
    r = _enter(client, "123456")
    assert r.status_code == 400 and "验证码不正确或已失效" in r.text


def test_wrong_code_then_right_code(client: TestClient, outbox: list[CodeMessage]) -> None:
    _ask(client, N1, id_of(1))
    code = outbox[-1].code
    wrong = _enter(client, f"{(int(code) + 1) % 10**6:06d}")
    assert wrong.status_code == 400 and "验证码不正确或已失效" in wrong.text
    assert not [c for c in wrong.headers.get_list("set-cookie") if c.startswith("ecert_holder=")]
    assert client.get("/holder/certificate").status_code == 303
    assert _enter(client, code).status_code == 303


def _seen(page: httpx.Response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", page.text))


def test_five_wrong_codes_spend_it(client: TestClient, outbox: list[CodeMessage]) -> None:
    _ask(client, N1, id_of(1))
    code = outbox[-1].code
    wrong = f"{(int(code) + 1) % 10**6:06d}"
    answers = [_enter(client, wrong) for _ in range(5)]
    for n, answer in zip((4, 3, 2, 1), answers, strict=False):  # the tries left, each time
        assert f"验证码不正确或已失效，还可尝试 {n} 次。" in _seen(answer)
        assert 'id="code"' in answer.text
    assert "错误次数过多" in answers[-1].text and "错误次数过多" not in answers[0].text
    assert "还可尝试" not in answers[-1].text and "重新获取验证码" in answers[-1].text
    assert 'id="code"' not in answers[-1].text  # no box for a code that cannot work any more
    reload = client.get("/holder/code")  # coming back to the page says the same
    assert "错误次数过多" in reload.text and 'id="code"' not in reload.text
    token = _token(reload)
    spent = client.post("/holder/code", data={"code": code, "csrf_token": token})
    assert spent.status_code == 400 and "错误次数过多" in spent.text  # the right code: spent
    again = client.post("/holder/resend", data={"csrf_token": token})  # a new code
    drain_deliveries()
    assert again.status_code == 303 and len(outbox) == 2
    fresh = client.get("/holder/code")  # a new code: the count starts again
    assert "错误次数过多" not in fresh.text and 'id="code"' in fresh.text
    token = _token(fresh)
    assert client.post("/holder/code", data={"code": outbox[-1].code,
                                             "csrf_token": token}).status_code == 303


def test_tries_left_in_english(client: TestClient, outbox: list[CodeMessage]) -> None:
    _ask(client, N1, id_of(1), "?lang=en")
    wrong = f"{(int(outbox[-1].code) + 1) % 10**6:06d}"
    seen = []
    for _ in range(5):
        token = _token(client.get("/holder/code?lang=en"))
        seen.append(_seen(client.post("/holder/code?lang=en",
                                      data={"code": wrong, "csrf_token": token})))
    assert "The code is wrong or no longer valid: 4 tries left." in seen[0]
    assert "1 try left." in seen[3]
    assert "Too many wrong codes" in seen[4] and '"Send a new code"' in seen[4].replace(
        "&#34;", '"')


def test_wrong_codes_answer_alike_for_an_unknown_number(app: object,
                                                        outbox: list[CodeMessage]) -> None:
    """The tries left are counted by the page itself (the flow cookie), so a number that
    matches nothing hears the same countdown, word for word, as a real one."""
    runs = []
    for number, id_number in ((N1, id_of(1)), (UNKNOWN, id_of(1)), (N1, id_of(2))):
        client = _client(app)
        _ask(client, number, id_number)
        pages = []
        for _ in range(6):
            r = _enter(client, "000000" if outbox[0].code != "000000" else "111111")
            text = re.sub(r'value="[0-9a-f]{64}"', "TOKEN", r.text)
            pages.append((r.status_code, text.replace(number[-4:], "####")))
        runs.append(tuple(pages))
    assert len(set(runs)) == 1
    assert "还可尝试 4 次" in runs[0][0][1] and "错误次数过多" in runs[0][5][1]


def test_expired_code_is_refused(client: TestClient, outbox: list[CodeMessage]) -> None:
    _ask(client, N1, id_of(1))
    code = outbox[-1].code
    token = _token(client.get("/holder/code"))
    clock.freeze(FROZEN_NOW + timedelta(minutes=9, seconds=59))
    wrong = client.post("/holder/code", data={"code": "000000" if code != "000000" else "111111",
                                              "csrf_token": token})
    assert wrong.status_code == 400
    clock.freeze(FROZEN_NOW + timedelta(minutes=10, seconds=1))
    late = client.post("/holder/code", data={"code": code, "csrf_token": token})
    assert late.status_code == 303 and late.headers["location"] == "/holder?expired=1"
    assert "页面已过期" in client.get("/holder?expired=1").text


def test_session_ends_after_fifteen_minutes(client: TestClient,
                                            outbox: list[CodeMessage]) -> None:
    _signed_in(client, outbox)
    clock.freeze(FROZEN_NOW + timedelta(minutes=14))
    assert client.get("/holder/certificate.pdf").status_code == 200
    clock.freeze(FROZEN_NOW + timedelta(minutes=15, seconds=1))
    gone = client.get("/holder/certificate.pdf")
    assert gone.status_code == 303 and gone.headers["location"] == "/holder?expired=1"


def test_session_is_scoped_and_cannot_be_forged(app: object,
                                                outbox: list[CodeMessage]) -> None:
    client = _client(app)
    _signed_in(client, outbox)
    value = client.cookies.get("ecert_holder")
    assert value
    # the cookie opens nothing outside /holder: the API still wants ID + number + code
    api = client.post("/api/holder/download", json={"id_number": "", "certificate_number": N1,
                                                    "code": "000000"})
    assert api.status_code in (403, 422)
    stranger = _client(app)
    assert stranger.get("/holder/certificate").status_code == 303
    stranger.cookies.set("ecert_holder", value[:-4] + "AAAA", path="/holder")
    assert stranger.get("/holder/certificate.pdf").status_code == 303
    token = _token(client.get("/holder/certificate"))
    out = client.post("/holder/sign-out", data={"csrf_token": token})
    assert out.status_code == 303
    assert client.get("/holder/certificate").status_code == 303


def test_forms_refuse_a_missing_or_foreign_token(app: object,
                                                 outbox: list[CodeMessage]) -> None:
    client = _client(app)
    client.get("/holder")
    data = {"certificate_number": N1, "id_number": id_of(1)}
    assert client.post("/holder", data=data).status_code == 403
    assert client.post("/holder", data={**data, "csrf_token": "0" * 64}).status_code == 403
    other = _client(app)
    other_token = _token(other.get("/holder"))  # another browser's token
    assert client.post("/holder", data={**data, "csrf_token": other_token}).status_code == 403
    token = _token(client.get("/holder"))
    foreign = client.post("/holder", data={**data, "csrf_token": token},
                          headers={"Origin": "https://evil.example"})
    assert foreign.status_code == 403
    cross = client.post("/holder", data={**data, "csrf_token": token},
                        headers={"Sec-Fetch-Site": "cross-site", "Origin": "null"})
    assert cross.status_code == 403 and "页面已过期或请求来源不正确" in cross.text
    assert outbox == []
    assert client.post("/holder", data={**data, "csrf_token": token}).status_code == 303


def test_bad_input_is_explained_and_keeps_the_number(client: TestClient,
                                                     outbox: list[CodeMessage]) -> None:
    r = _ask(client, "2015110104", "")
    assert r.status_code == 422
    assert "证书号码应为 17 位数字" in r.text and "请填写证件号码" in r.text
    assert 'value="2015110104"' in r.text and outbox == []


def test_portal_shares_the_api_rate_limit(client: TestClient, outbox: list[CodeMessage],
                                          monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(holder, "request_limiter", RateLimiter(HOLDER_LIMITS))
    assert [_ask(client, N1, id_of(1)).status_code for _ in range(5)] == [303] * 5
    limited = _ask(client, N2, id_of(2))
    assert limited.status_code == 429 and "请求过于频繁" in limited.text
    assert 1 <= int(limited.headers["Retry-After"]) <= 60


def test_code_page_needs_a_request_first(client: TestClient) -> None:
    r = client.get("/holder/code")
    assert r.status_code == 303 and r.headers["location"] == "/holder"


def test_a_revoked_certificate_shows_its_status_and_offers_no_download(
    client: TestClient, outbox: list[CodeMessage]
) -> None:
    from sqlmodel import select

    from core.db import session_scope
    from core.models import Certificate
    from core.states import QualificationStatus

    _signed_in(client, outbox)
    with session_scope() as session:
        cert = session.exec(select(Certificate).where(Certificate.number == N1)).one()
        cert.status = QualificationStatus.REVOKED
        session.add(cert)
    page = client.get("/holder/certificate")
    assert ">已撤销<" in page.text and "本证书当前状态不提供电子证照下载" in page.text
    assert "/holder/certificate.pdf" not in page.text
    refused = client.get("/holder/certificate.pdf")
    assert refused.status_code == 303 and refused.headers["location"] == "/holder/certificate"


def test_downloads_are_audited(client: TestClient, outbox: list[CodeMessage]) -> None:
    from tests.issuer._status_support import events

    _signed_in(client, outbox)
    client.get("/holder/certificate.pdf")
    client.get("/holder/credential.json")
    actions = [e.action for e in events("holder.")]
    assert actions == ["holder.portal.sign_in", "holder.download.pdf", "holder.download.json"]


def test_asking_through_the_page_does_the_same_work_for_any_details(
    app: object, sqlite_registry: Engine, outbox: list[CodeMessage],
    monkeypatch: pytest.MonkeyPatch
) -> None:
    """The counted work of the API's equal-work test (SQL statements without literals, HMACs,
    codes drawn), here for POST /holder, plus the queued delivery."""
    import issuer._holder_pages as pages
    from tests.issuer.test_holder_equal_work import Work

    client = _client(app)
    token = _token(client.get("/holder"))
    submitted: list[int] = []
    real_submit = pages.submit_delivery

    def counting_submit(*args: object) -> None:
        submitted.append(1)
        real_submit(*args)  # type: ignore[arg-type]

    def post(number: str, id_number: str) -> httpx.Response:
        return client.post("/holder", data={"certificate_number": number,
                                            "id_number": id_number, "csrf_token": token})

    post(N1, id_of(2))  # warm-up: first-use caches
    work = Work(sqlite_registry, monkeypatch)
    monkeypatch.setattr(pages, "submit_delivery", counting_submit)
    try:
        work.take()
        done = {}
        for name, (number, id_number) in {"match": (N1, id_of(1)), "wrong_id": (N1, id_of(2)),
                                          "unknown": (UNKNOWN, id_of(1)),
                                          "other_id": (N2, "110105199003070999")}.items():
            r = post(number, id_number)
            assert r.status_code == 303
            done[name] = work.take()
    finally:
        work.close()
    drain_deliveries()
    sql, calls = done["match"]
    assert sql and calls.get("hmac.new", 0) >= 3 and len(submitted) == 4
    for name, (other_sql, other_calls) in done.items():
        assert other_sql == sql, f"{name} runs other SQL than a match"
        assert other_calls == calls, f"{name} does other work than a match"


def test_the_sealed_ofd_is_offered_when_the_version_has_one(
    client: TestClient, outbox: list[CodeMessage], ecert_env: Path
) -> None:
    from sqlmodel import select

    from core.db import session_scope
    from core.models import Credential
    from tests.issuer._status_support import events

    _signed_in(client, outbox)
    assert "/holder/certificate.ofd" not in client.get("/holder/certificate").text
    assert client.get("/holder/certificate.ofd").status_code == 404  # this version has none
    relative = f"credentials/{N1}/v1.ofd"
    (ecert_env / "artifacts" / relative).write_bytes(b"PK\x03\x04 an OFD package")
    with session_scope() as s:
        cred = s.exec(select(Credential)).one()
        cred.ofd_path = relative
        s.add(cred)
    assert "下载 OFD 电子证照" in client.get("/holder/certificate").text
    ofd = client.get("/holder/certificate.ofd")
    assert ofd.status_code == 200 and ofd.content.startswith(b"PK")
    assert ofd.headers["content-type"] == "application/ofd"
    assert f'filename="{N1}-v1.ofd"' in ofd.headers["content-disposition"]
    assert [e.action for e in events("holder.download")] == ["holder.download.ofd"]
