"""In a real headless Chromium: the page image beside the form is the page holding the fields
(not the cover), focusing a field shows the page that holds it with its box marked (CSS only,
no scripts), and a batch's unflagged records are approved in one go."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import session_scope
from core.models import AuditEvent, Certificate
from ecert.cli import main
from tests.browser import MARKS, launch, serve
from tests.factories import record, write_jsonl

from ._review_support import review_app, scanned_record

pytestmark = MARKS
SIZE = (800, 1100)
NAME_BOX, DATE_BOX = [120, 200, 360, 250], [100, 600, 420, 650]
PAGES = ["pages/b_p0.png", "pages/b_p1.png", "pages/b_p2.png"]  # cover, information, remarks
FLAGGED = scanned_record(
    1, pages=PAGES,
    evidence={"name": {"page": 1, "box": NAME_BOX}, "issue_date": {"page": 2, "box": DATE_BOX}},
    findings=[{"code": "ocr_disagreement", "field": "name", "message": "两次识别结果不一致",
               "severity": "error"},
              {"code": "date_doubt", "field": "issue_date", "message": "日期可能误读",
               "severity": "warning"},
              {"code": "photo_background", "field": "photo", "message": "2020 年前的蓝底照片",
               "severity": "note"}],
)
CLEAN = [record(2), record(3)]
NUMBER = FLAGGED["certificate_number"]


def _scan_folder(folder: Path) -> Path:
    (folder / "pages").mkdir(parents=True)
    (folder / "photos").mkdir()
    for i, name in enumerate(PAGES):
        page = Image.new("RGB", SIZE, ("#7a1f1f" if i == 0 else "white"))
        ImageDraw.Draw(page).text((40, 40), f"PAGE {i}", fill="black")
        page.save(folder / name)
    Image.new("RGB", (295, 413), "white").save(folder / "photos" / "photo.png")
    return write_jsonl(folder / "records.jsonl", [FLAGGED, *CLEAN])


@pytest.fixture
def server(sqlite_registry: Engine, tmp_path: Path) -> Iterator[str]:
    path = _scan_folder(tmp_path / "scan")
    assert main(["records", "import", str(path), "--batch", "school-a"]) == 0
    with serve(review_app()) as url:
        yield url


def _signed_in(pw: Any, server: str, role: str = "clerk") -> tuple[Any, Any]:
    browser = launch(pw)
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    from core.db import engine_for
    from core.settings import load_settings
    from tests.staffing import browser_sign_in, make_staff

    make_staff(engine_for(load_settings()), f"王芳-{role}", role, "11")
    browser_sign_in(page, server, f"王芳-{role}")
    return browser, page


def test_the_page_holding_the_field_sits_beside_the_form(server: str, tmp_path: Path) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser, page = _signed_in(pw, server)
        try:
            page.goto(f"{server}/review/{NUMBER}")
            info, cover, remarks = (page.locator(f"#page-{i}") for i in (1, 0, 2))
            expect(info).to_be_visible()  # the information page, not the cover
            expect(cover).to_be_hidden()
            expect(remarks).to_be_hidden()
            img, form = info.locator("img").bounding_box(), page.locator("#correct").bounding_box()
            assert img and form and img["x"] + img["width"] <= form["x"]  # side by side
            assert form["y"] < img["y"] + img["height"]
            # every finding at once, each naming its field and rule; the note last
            items = page.locator("#findings li")
            expect(items).to_have_count(3)
            expect(items.nth(0)).to_have_attribute("data-rule", "ocr_disagreement")
            expect(items.nth(2)).to_have_attribute("data-field", "photo")

            page.focus("#in-issue_date")
            expect(remarks).to_be_visible()
            expect(info).to_be_hidden()
            _assert_marked(page.locator('.box[data-field="issue_date"]'))
            page.screenshot(path=str(tmp_path / "focus-date.png"))

            page.focus("#in-name")
            expect(info).to_be_visible()
            expect(remarks).to_be_hidden()
            _assert_marked(page.locator('.box[data-field="name"]'))
        finally:
            browser.close()


def _assert_marked(box: Any) -> None:
    from playwright.sync_api import expect

    expect(box).to_be_visible()
    style = box.evaluate("b => { const s = getComputedStyle(b); "
                         "return [s.outlineStyle, s.outlineWidth]; }")
    assert style == ["solid", "4px"]


def test_bulk_approval_of_the_unflagged_records_of_a_batch(server: str) -> None:
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as pw:
        browser, page = _signed_in(pw, server, role="reviewer")
        try:
            page.goto(f"{server}/review?batch=school-a")
            button = page.locator("#approve-unflagged")
            expect(button).to_contain_text("2 条")
            button.click()
            expect(page.locator("#bulk-result")).to_contain_text("已批量审核通过 2 条")
            expect(page.locator("#no-unflagged")).to_be_visible()
        finally:
            browser.close()
    clean = {r["certificate_number"] for r in CLEAN}
    with session_scope() as s:
        states = {c.number: c.review_state for c in s.exec(select(Certificate)).all()}
        events = s.exec(select(AuditEvent).where(AuditEvent.action == "records.approve")).all()
    assert {n for n, st in states.items() if st == "approved"} == clean
    assert sorted(e.entity_id for e in events) == sorted(clean)  # one event per record
