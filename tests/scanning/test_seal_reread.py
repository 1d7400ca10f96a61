"""A date under a grey seal proved by independent re-reads with the seal pushed back
(``_seal_reread``): accepted when the views spell it alike and its digits show none lost,
flagged (``text_under_seal``) when they disagree or a digit may be gone."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning._fields import RawField
from scanning._info_seal import flag_dates
from scanning._ocr import Line
from scanning._seal_reread import agreed
from scanning._validate import Value
from tests.scanning._fonts import cjk_font

# -- the rule, on reads given as text ----------------------------------------------------------


def test_padded_reads_of_two_kinds_prove_the_date():
    got = agreed([("plain", "2016年01月29日"), ("line", "2016年01月29日")], "2016-01-29")
    assert got is not None and got.text == "2016年01月29日" and not got.measured
    assert got.kinds == ("line", "plain")


def test_a_misread_separator_still_spells_the_same_digits():
    # 年 read E by the print-line view: the digit groups are what make the date.
    got = agreed([("plain", "2019年02月22日"), ("line", "2019E02月22E")], "2019-02-22")
    assert got is not None


def test_reads_of_one_kind_only_prove_nothing():
    assert agreed([("line", "2016年01月29日"), ("line", "2016年01月29日")], "2016-01-29") is None


def test_a_read_of_other_digits_keeps_the_doubt():
    reads = [("plain", "2016年01月29日"), ("line", "2016年01月29日"), ("dark", "2016年01月28日")]
    assert agreed(reads, "2016-01-29") is None
    # seal strokes read as digits after the date are dissent too (2017年07月9811)
    reads = [("line", "2017年07月08日"), ("plain", "2017年07月08日"), ("dark", "2017年07月0811")]
    assert agreed(reads, "2017-07-08") is None


def test_reads_padded_differently_keep_the_doubt():
    # 2024.8.05 beside 2024.08.05: one view lost or gained a digit under the seal's stroke.
    reads = [("plain", "2024.8.05"), ("dark", "2024.8.05"), ("line", "2024.08.05")]
    assert agreed(reads, "2024-08-05") is None


def test_reads_without_a_date_say_nothing():
    reads = [("plain", "2016年01月29日"), ("dark", "教育局"), ("line", "2016年01月29日")]
    assert agreed(reads, "2016-01-29") is not None


def test_an_unpadded_date_needs_the_characters_places():
    reads = [("plain", "2015年1月29日"), ("line", "2015年1月29日")]
    assert agreed(reads, "2015-01-29") is None  # 2015年11月29日 may have lost its 1
    assert agreed(reads, "2015-01-29", lambda text: None) is None  # places unknown
    roomy = agreed(reads, "2015-01-29", lambda text: lambda k: False)
    assert roomy is None  # room for a digit between 年 and 1
    tight = agreed(reads, "2015-01-29", lambda text: lambda k: True)
    assert tight is not None and tight.measured


# -- on a rendered greyscale page -------------------------------------------------------------

W, H = 760, 700
PRINT, SEAL = 25, 70  # 8-bit grey of the print and of a dark seal (a greyscale scan)
AT = (250, 400)  # where the date's value is printed
TEXT = "2016年01月29日"


def _page(text: str = TEXT, hiding: bool = False) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A greyscale information page: the issue date's label and value, a dark grey seal (ring,
    star, lettering) whose ring runs through the value's day; the value's box. Inks add up
    where they cross (the print stays darkest) unless the seal is ``hiding`` the print there
    (pressed over it as a film that the print does not show through)."""
    img = Image.new("L", (W, H), 240)
    d = ImageDraw.Draw(img)
    d.text((80, AT[1]), "批准日期", font=cjk_font(28), fill=PRINT)
    d.text(AT, text, font=cjk_font(28), fill=PRINT)
    x0, y0, x1, y1 = d.textbbox(AT, text, font=cjk_font(28))
    seal = Image.new("L", (W, H), 255)
    s = ImageDraw.Draw(seal)
    cx, cy, r = x1 + 60, y0 - 10, 105  # the ring runs through the day
    s.ellipse((cx - r, cy - r, cx + r, cy + r), outline=SEAL, width=6)
    s.regular_polygon((cx, cy, 28), 5, fill=SEAL)
    s.text((cx - 75, cy + 45), "行政审批专用章", font=cjk_font(20), fill=SEAL)
    ink, stamp = np.asarray(img, np.float64), np.asarray(seal, np.float64)
    both = np.where(stamp < 255, stamp, ink) if hiding else np.minimum(ink, stamp)
    noise = np.random.default_rng(3).normal(0, 3, (H, W))
    grey = np.clip(both + noise, 0, 255).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=2), (x0 - 4, y0 - 6, x1 + 4, y1 + 6)


def _flag(img: np.ndarray, box: tuple[int, int, int, int], text: str, iso: str) -> Value:
    # The page's detector lost the value under the seal (read nothing): the decided value
    # came from re-reads, so nothing on the page printed it whole.
    raw = {"issue_date": RawField("", 0.0, box, 0)}
    values = {"issue_date": Value(iso, 0.97, [])}
    flag_dates(img, [Line("批准日期", 0.99, (80, AT[1], 200, AT[1] + 40))], raw, values)
    return values["issue_date"]


def _codes(v: Value) -> set[tuple[str, str]]:
    return {(f.code, f.severity) for f in v.findings}


def test_a_date_under_a_dark_grey_seal_read_alike_by_every_view_is_proved():
    img, box = _page()
    v = _flag(img, box, TEXT, "2016-01-29")
    assert ("seal_reread", "note") in _codes(v)
    assert not v.blocking and v.confidence > 0.5


def test_a_value_the_views_do_not_read_stays_flagged():
    # The decided value is not what the re-reads spell (a digit misread elsewhere): dissent.
    img, box = _page()
    v = _flag(img, box, TEXT, "2016-01-28")
    assert ("text_under_seal", "warning") in _codes(v)
    assert v.confidence <= 0.5


def test_views_that_disagree_keep_the_flag():
    # The seal's ring pressed over the day's 9 as a film: its darkest-ink view loses the 9
    # (2016年01月2日) while the page as printed reads 2016年01月29日 — the views disagree.
    img, box = _page(hiding=True)
    v = _flag(img, box, TEXT, "2016-01-29")
    assert ("text_under_seal", "warning") in _codes(v)


def test_a_digit_the_seal_hides_is_not_proved_away():
    # 2016年11月29日 with the seal's stroke as dark as the print over the month's first 1: what
    # the views read (2016年1月29日, or the stroke as a digit) is no proof of 2016-01-29.
    img, box = _page("2016年11月29日")
    x = AT[0] + 4 * 16 + 30  # the month's first digit, after 2016 and 年 (28 px font)
    img[box[1] : box[3], x - 2 : x + 14] = PRINT + 10
    v = _flag(img, box, "2016年11月29日", "2016-01-29")
    assert ("text_under_seal", "warning") in _codes(v)


def test_a_remark_or_sticker_date_line_is_proved_only_as_the_decided_date():
    from scanning._seal_proof import reread_date

    img, box = _page()
    ln = Line(TEXT, 0.99, box)
    assert reread_date(img, ln, "2016-01-29")
    assert not reread_date(img, ln, "2016-01-28")  # the entry decided another date
    assert not reread_date(img, ln, None) and not reread_date(None, ln, "2016-01-29")
