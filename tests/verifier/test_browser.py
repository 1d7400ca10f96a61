"""The public pages in a real headless Chromium: open a QR link; upload a photo of a print."""

from __future__ import annotations

from pathlib import Path

from tests.browser import MARKS, launch
from tests.verifier._support import photo_of_print, set_status
from tests.verifier.conftest import World

pytestmark = MARKS


def _digits(qr_text: str) -> str:
    return qr_text.rsplit("/C/", 1)[1]


def test_qr_link_and_photo_upload_in_chromium(server: str, world: World, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    good, revoked = world.issued[0], world.issued[1]
    set_status(revoked.number, status="revoked")
    photo = tmp_path / "photo.jpg"
    photo.write_bytes(photo_of_print(revoked.pdf))
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport={"width": 390, "height": 844},  # a phone in China
                                locale="zh-CN")
        page.goto(f"{server}/C/{_digits(good.qr_text)}")
        expect(page.locator("#state")).to_have_attribute("data-result", "valid")
        expect(page.locator("#headline")).to_contain_text("证书真实有效")
        expect(page.locator("img.photo")).to_be_visible()
        assert "*" in page.locator("#certificate").inner_text()
        assert good.id_number not in page.content()

        page.goto(f"{server}/verify")
        page.set_input_files("#file", str(photo))
        page.click("#submit")
        expect(page.locator("#state")).to_have_attribute("data-result", "revoked")
        expect(page.locator("#headline")).to_contain_text("撤销")
        assert revoked.number in page.locator("#certificate").inner_text()
        assert page.locator("img.photo").count() == 0
        browser.close()


def test_pages_work_without_javascript(server: str, world: World) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        context = browser.new_context(java_script_enabled=False, locale="en-US")
        page = context.new_page()
        page.goto(f"{server}/C/{_digits(world.issued[0].qr_text)}?lang=en")
        expect(page.locator("#headline")).to_contain_text("Genuine")
        page.goto(f"{server}/verify")
        page.fill("#text", world.issued[0].qr_text)
        page.click("#submit")
        expect(page.locator("#state")).to_have_attribute("data-result", "valid")
        browser.close()
