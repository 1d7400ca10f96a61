"""The employer's journey in a real headless Chromium (issue 14, "Done when"): a photo without a
QR code is answered "try again", not a red forgery; the English QR page is readable on a 390 px
phone (the value column is wide, the technical details collapsed)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np

from tests.browser import MARKS, launch
from tests.verifier.conftest import World

pytestmark = MARKS

PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 768}


def _digits(qr_text: str) -> str:
    return qr_text.rsplit("/C/", 1)[1]


def _photo_without_qr(path: Path) -> Path:
    import cv2

    rng = np.random.default_rng(7)  # a grey desk with some texture, no code anywhere
    image = (180 + rng.integers(-20, 20, size=(480, 640))).astype(np.uint8)
    cv2.rectangle(image, (120, 100), (520, 380), 240, -1)
    cv2.imwrite(str(path), image)
    return path


def test_employer_uploads_a_photo_without_a_qr_and_is_told_to_retry(
    server: str, tmp_path: Path
) -> None:
    from playwright.sync_api import expect, sync_playwright

    photo = _photo_without_qr(tmp_path / "desk.jpg")
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport=PHONE, locale="zh-CN")
        page.goto(f"{server}/")
        page.click("#entry-scan")
        page.set_input_files("#file", str(photo))
        page.click("#submit")
        state = page.locator("#state")
        expect(state).to_have_attribute("data-kind", "no_qr")
        expect(page.locator("#headline")).to_contain_text("未在照片中找到二维码")
        expect(page.locator("#tips")).to_contain_text("光线")
        assert "red" not in (state.get_attribute("class") or "")
        assert page.locator("#state .mark").inner_text() != "✖"
        # nothing was checked, so no check rows: the red ✖ stays the forgery signal
        expect(page.locator("#checks li")).to_have_count(0)
        assert "✖" not in page.locator("body").inner_text()
        retry = page.locator("#retry")
        expect(retry).to_be_visible()
        retry.click()
        expect(page.locator("#upload-form")).to_be_visible()  # back at the upload form
        browser.close()


def test_english_qr_page_is_readable_on_a_phone(server: str, world: World) -> None:
    from playwright.sync_api import expect, sync_playwright

    url = f"{server}/C/{_digits(world.issued[0].qr_text)}?lang=en"
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport=PHONE, locale="en-US")
        page.goto(url)
        expect(page.locator("#headline")).to_contain_text("Genuine")
        value = page.locator("#certificate dd#number").bounding_box()
        label = page.locator("#certificate dt").first.bounding_box()
        assert value is not None and label is not None
        assert value["width"] >= 250, value  # the value column is the width of the card
        number = page.locator("#number").inner_text()
        assert len(number) == 17 and "\n" not in number
        row = page.locator("#number").evaluate("e => e.getClientRects().length")
        assert row == 1  # the 17 digits on one line
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        body = page.locator("body").inner_text()
        assert "COSE_Sign1" not in body and "kid" not in body  # collapsed
        assert "China Standard Time" in body
        page.click("#technical summary")
        assert "COSE_Sign1" in page.locator("body").inner_text()

        desktop = browser.new_page(viewport=DESKTOP, locale="en-US")
        desktop.goto(url)
        first = desktop.locator("#certificate dl.fields > div").first
        label_box = first.locator("dt").bounding_box()
        value_box = first.locator("dd").bounding_box()
        assert label_box is not None and value_box is not None
        assert value_box["x"] > label_box["x"] + label_box["width"]  # two columns side by side
        browser.close()


def test_employer_checks_a_roster_and_downloads_the_report(server: str, world: World,
                                                          tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    item = world.issued[0]
    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport=DESKTOP, locale="zh-CN", accept_downloads=True)
        page.goto(f"{server}/bulk")
        with page.expect_download() as template:
            page.click("a[href='/bulk/template.csv']")
        lines = Path(template.value.path()).read_text(encoding="utf-8-sig").splitlines()
        assert lines[0].startswith("证书编号")
        name = page.request.post(f"{server}/api/verify", data={"text": item.qr_text}).json()[
            "certificate"]["name"]
        roster = tmp_path / "roster.csv"
        roster.write_text(f"{lines[0]}\n{item.number},{name}\n{'3' * 17},某人\n",
                          encoding="utf-8")
        page.set_input_files("#files", str(roster))
        page.click("#bulk-submit")
        table = page.locator("#bulk-results table")
        expect(table).to_contain_text(item.number)
        expect(table.locator("tbody tr")).to_have_count(2)
        expect(table.locator("tbody tr").nth(1)).to_contain_text("查无此证书")
        with page.expect_download() as report:
            page.click("#download-csv")
        assert report.value.suggested_filename == "ecert-verification.csv"
        assert item.number in Path(report.value.path()).read_text(encoding="utf-8-sig")
        browser.close()


def _same_row(a: dict[str, float], b: dict[str, float]) -> bool:
    """Two boxes overlap vertically (they sit on one row)."""
    return a["y"] < b["y"] + b["height"] and b["y"] < a["y"] + a["height"]


def test_phone_header_keeps_the_language_switch_on_the_title_row(server: str,
                                                                   world: World) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        for lang in ("zh", "en"):
            page = browser.new_page(viewport=PHONE)
            page.goto(f"{server}/C/{_digits(world.issued[0].qr_text)}?lang={lang}")
            brand = page.locator("header .brand").bounding_box()
            switch = page.locator("#lang-switch").bounding_box()
            nav = page.locator("header nav").bounding_box()
            assert brand and switch and nav
            assert _same_row(brand, switch), (brand, switch)  # not alone on a second line
            assert switch["x"] > brand["x"] + brand["width"] - 1  # at the right of the title
            assert switch["x"] + switch["width"] <= PHONE["width"]
            assert nav["y"] >= brand["y"] + brand["height"] - 1  # the sections below
            assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
            # the header names the configured issuer, not the CA's technical name
            assert "ecert" not in page.locator("header").inner_text().lower()
            page.close()
        wide = browser.new_page(viewport=DESKTOP)
        wide.goto(f"{server}/")
        brand = wide.locator("header .brand").bounding_box()
        switch = wide.locator("#lang-switch").bounding_box()
        nav = wide.locator("header nav").bounding_box()
        assert brand and switch and nav
        assert _same_row(brand, nav) and _same_row(nav, switch)  # one row on a desktop
        assert switch["x"] > nav["x"]  # language last
        browser.close()


def test_public_error_page_has_the_public_header_readable_on_navy(server: str) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = launch(pw)
        page = browser.new_page(viewport=PHONE, locale="zh-CN")
        answer = page.goto(f"{server}/no-such-page")
        assert answer is not None and answer.status == 404
        header = page.locator("header")
        assert "教师资格电子证照服务（开发环境）" in header.inner_text()
        assert page.locator('header a[href="/verify"]').count() == 1
        assert page.locator('header a[href="/"]').count() >= 1
        # every text in the header is (near) white on the navy band, not grey
        colours = page.eval_on_selector_all(
            "header *:not([aria-hidden])", "els => els.filter(e => [...e.childNodes].some("
            "n => n.nodeType === 3 && n.textContent.trim())).map(e => getComputedStyle(e).color)")
        assert len(colours) >= 4
        for colour in colours:
            red, green, blue = (int(v) for v in re.findall(r"\d+", colour)[:3])
            assert min(red, green, blue) >= 200, colour
        assert page.locator("#technical").count() == 0  # nothing to detail on a 404
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        browser.close()
