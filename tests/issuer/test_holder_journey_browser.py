"""The teacher's journey in a real browser (Debian's Chromium, phone-sized): ask for a code at
/holder, read it from the e-mail a local SMTP server received over STARTTLS, enter it, see the
certificate, download the signed PDF; `pdfsig` then reports its signature valid. On the way: a
wrong code says how many tries are left, and at 390 px no phrase, date or header line breaks."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlmodel import select

import issuer._holder as holder
from core.db import session_scope
from core.identity import vault_for
from core.models import Certificate, Holder
from core.ratelimit import RateLimiter
from core.settings import load_settings
from issuer._contacts import seed_demo_contacts
from issuer._holder import HOLDER_LIMITS
from issuer._notify import configure_notifier
from tests.browser import MARKS, launch, serve
from tests.issuer.test_notify_gateways import PASSWORD, USER, smtp_server

pytestmark = [*MARKS, pytest.mark.skipif(shutil.which("pdfsig") is None,
                                         reason="poppler-utils (pdfsig) not installed")]


def _kept_whole(page: Any, *selectors: str) -> None:
    """At 390 px nothing sticks out sideways, and each of these phrases or dates sits on one
    line (an inline element broken across lines has one box per line)."""
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    for selector in selectors:
        for box in page.locator(selector).all():
            assert box.evaluate("e => e.getClientRects().length") == 1, (
                selector, box.inner_text())


def test_teacher_gets_a_code_by_email_and_downloads_a_valid_signed_pdf(
    ecert_env: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from playwright.sync_api import expect, sync_playwright

    from ecert.app import create_app
    from ecert.cli import main

    assert main(["init", "--demo", "1"]) == 0
    assert main(["issue", "--all", "--workers", "1"]) == 0
    settings = load_settings()
    with session_scope() as session:
        seed_demo_contacts(session, "ecert-init", secret=load_settings().secret)
        cert, person = session.exec(select(Certificate, Holder).join(
            Holder, Holder.id == Certificate.holder_id)).one()  # type: ignore[arg-type]
        number, id_number = cert.number, vault_for(settings.secret).decrypt(person.id_cipher)
    monkeypatch.setattr(holder, "request_limiter", RateLimiter(HOLDER_LIMITS))
    monkeypatch.setattr(holder, "download_limiter", RateLimiter(HOLDER_LIMITS))
    configure_notifier(None)  # the notifier the settings name: SMTP
    with smtp_server(tmp_path) as box:
        for name, value in {"NOTIFIER": "smtp", "SMTP_HOST": "127.0.0.1",
                            "SMTP_PORT": str(box.port), "SMTP_FROM": "noreply@example.test",
                            "SMTP_USERNAME": USER, "SMTP_PASSWORD": PASSWORD,
                            "SMTP_CA_FILE": str(box.ca_file)}.items():
            monkeypatch.setenv(f"ECERT_{name}", value)
        with serve(create_app()) as base, sync_playwright() as pw:
            browser = launch(pw)
            page = browser.new_page(viewport={"width": 390, "height": 844},
                                    accept_downloads=True)
            page.goto(f"{base}/holder")
            expect(page.locator("h1")).to_have_text("下载我的教师资格电子证照")
            page.fill("#certificate_number", number)
            page.fill("#id_number", id_number)
            page.get_by_role("button", name="获取验证码").click()
            expect(page.get_by_role("status")).to_contain_text("验证码已发送至发证机关登记的邮箱或手机")
            assert box.arrived.wait(15), "no e-mail arrived"
            (mail,) = box.messages
            assert mail.rcpt_tos == [f"holder-{person.id}@example.test"] and mail.tls
            assert mail.message["Subject"] == "教师资格电子证照下载验证码"
            code = box.codes()[0]
            page.fill("#code", "000000" if code != "000000" else "111111")
            page.get_by_role("button", name="确认").click()
            expect(page.get_by_role("alert")).to_contain_text("还可尝试 4 次")
            _kept_whole(page, "#tries-left", "#service", "footer .nw")
            page.fill("#code", code)
            page.get_by_role("button", name="确认").click()
            expect(page.locator("h1")).to_have_text("我的教师资格证书")
            _kept_whole(page, "#service", "footer .nw", "dd.nw", "#registered-until")
            expect(page.locator("dl.fields")).to_contain_text(number)
            expect(page.locator("dl.fields")).to_contain_text("有效")
            expect(page.get_by_role("link", name="打开本证书的核验页面")).to_be_visible()
            with page.expect_download() as download:
                page.get_by_role("link", name="下载 PDF 电子证照（带电子签名）").click()
            pdf = tmp_path / "downloaded.pdf"
            download.value.save_as(pdf)
            assert download.value.suggested_filename.startswith(number)
            page.goto(f"{base}/holder/certificate?lang=en")
            expect(page.locator("h1")).to_have_text("My teacher certificate")
            expect(page.locator("#status")).to_have_text("Valid")
            _kept_whole(page, "#service", "footer .nw", "dd.nw", "#registered-until")
            browser.close()
    assert pdf.read_bytes().startswith(b"%PDF")
    out = subprocess.run(["pdfsig", str(pdf)], capture_output=True, text=True, check=False)
    assert "Signature is Valid" in out.stdout, out.stdout + out.stderr
    assert "Total document signed" in out.stdout
