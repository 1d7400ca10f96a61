"""Information-page dates under a grey seal (greyscale scans): a date one lost digit away from
another real date is flagged unless the ID number proves it (no OCR run)."""

from __future__ import annotations

import cv2
import numpy as np

from core.rules import Finding
from scanning._fields import RawField
from scanning._info_seal import flag_dates, hidden
from scanning._ocr import Line
from scanning._seal_shape import Ring
from scanning._validate import Value

W, H = 760, 1100
BOX = (100, 300, 700, 330)  # the date's line (label and value) on the synthetic page
DAY_RING = (640, 315)  # a seal centred over the day's digits
ID = "110101201510020017"


def page(ring: tuple[int, int] | None = DAY_RING, colour: bool = False) -> np.ndarray:
    """A greyscale page: paper, one line of print blocks, a grey seal ring of a real seal's
    size over it (or a red one on a colour page)."""
    img = np.full((H, W), 243, np.uint8)
    for x in range(BOX[0], BOX[2] - 20, 30):
        cv2.rectangle(img, (x + 3, BOX[1] + 4), (x + 24, BOX[3] - 4), 20, 2)
    rgb = np.repeat(img[..., None], 3, axis=2)
    if ring is not None:
        cv2.circle(rgb, ring, 100, (200, 30, 35) if colour else (120, 120, 120), 7)
    noise = np.random.default_rng(7).normal(0, 4, (H, W, 1))  # one noise for all channels
    return np.clip(rgb + noise, 0, 255).astype(np.uint8)


def line(text: str) -> Line:
    return Line(text, 0.99, BOX)


def values(key: str, iso: str, ident: Value | None = None) -> dict[str, Value]:
    out = {key: Value(iso, 0.97, [])}
    if ident is not None:
        out["id_number"] = ident
    return out


def flagged(v: Value) -> bool:
    return any(f.code == "text_under_seal" and f.severity == "warning" for f in v.findings)


def run(img: np.ndarray, key: str, text: str, got: dict[str, Value]) -> dict[str, Value]:
    label = "出生日期：" if key == "birth_date" else "发证日期："
    raw = {key: RawField(text, 0.99, BOX, 0)}
    flag_dates(img, [line(label + text)], raw, got)
    return got


def test_a_date_under_a_ring_that_may_have_lost_a_digit_is_flagged():
    got = run(page(), "issue_date", "2015年10月2日", values("issue_date", "2015-10-02"))
    assert flagged(got["issue_date"])
    f = next(x for x in got["issue_date"].findings if x.code == "text_under_seal")
    assert "批准日期" in f.message and "印章" in f.message and f.field == "issue_date"
    assert got["issue_date"].confidence <= 0.5


def test_the_same_date_without_a_ring_is_not_flagged():
    got = run(page(ring=None), "issue_date", "2015年10月2日", values("issue_date", "2015-10-02"))
    assert not got["issue_date"].findings


def test_a_birth_date_equal_to_a_sure_id_segment_is_not_flagged():
    ident = Value(ID, 0.99, [])
    got = run(page(), "birth_date", "2015年10月2日", values("birth_date", "2015-10-02", ident))
    assert not flagged(got["birth_date"])


def test_a_birth_date_the_id_does_not_prove_is_flagged():
    restored = Value(ID, 0.99, [Finding("corrected", "id_number", "补全", "note",
                                        {"rule": "出生日期与校验码"})])
    doubtful = Value(ID, 0.5, [Finding("unconfirmed", "id_number", "请核对", "warning")])
    for ident in (restored, doubtful, Value("110101201510120017", 0.99, [])):
        got = run(page(), "birth_date", "2015年10月2日", values("birth_date", "2015-10-02", ident))
        assert flagged(got["birth_date"])


def test_a_colour_page_is_untouched():
    got = run(page(colour=True), "issue_date", "2015年10月2日", values("issue_date", "2015-10-02"))
    assert not got["issue_date"].findings


def test_digits_under_the_ring_that_no_digit_makes_another_date_are_proved():
    raw = RawField("2015年10月28日", 0.99, BOX, 0)
    ring = Ring(640, 315, 100)
    assert hidden(raw, [line("发证日期：2015年10月28日")], [ring], "2015-10-28") is None


def test_a_ring_over_the_label_only_leaves_the_date_alone():
    raw = RawField("2015年10月2日", 0.99, BOX, 0)
    text = "发证日期：2015年10月2日"
    assert hidden(raw, [line(text)], [Ring(120, 315, 60)], "2015-10-02") is None
    assert hidden(raw, [line(text)], [Ring(640, 315, 100)], "2015-10-02") == "2015年10月2日"


def test_a_restored_date_the_page_never_read_whole_is_flagged():
    # The seal hid the year's first digits and the day's last (02年11月2 for 2012年11月25日):
    # the certificate number restores the year, nothing the day.
    raw = RawField("02年11月2", 0.99, BOX, 0)
    ring = [Ring(640, 315, 100)]
    assert hidden(raw, [line("发证日期：02年11月2")], ring, "2012-11-02") == "02年11月2"
    assert hidden(raw, [line("发证日期：02年11月28")], ring, "2012-11-28") is None
    assert hidden(RawField("", 0.5, BOX, 0), [], ring, "2012-11-02") == "2012-11-02"
