"""A date two sure readings confirm and one reading disputes only by a lost digit
(2000年11月2日 beside 2000年11月26日): the decoder flags it and names the short reading; the
print's characters' places settle it where the short group stands a digit wider than read
(``_date_lost_measured``), and not where the print holds the short date."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from core.rules import Finding
from scanning._charbox import Glyph
from scanning._date_lost_measured import settle
from scanning._date_no_rival import LOST
from scanning._date_width import group_full
from scanning._fields import RawField
from scanning._validate import Value
from tests.scanning._fonts import cjk_font
from tests.scanning.test_confirm_dates import _issue
from tests.scanning.test_decode import CERT, codes, run

AT = (250, 300)


def _page(text: str) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A white page with ``text`` printed at ``AT``; the text's box."""
    img = Image.new("L", (700, 500), 255)
    d = ImageDraw.Draw(img)
    d.text(AT, text, font=cjk_font(28), fill=20)
    x0, y0, x1, y1 = d.textbbox(AT, text, font=cjk_font(28))
    grey = np.asarray(img, np.uint8)
    return np.repeat(grey[..., None], 3, axis=2), (x0 - 4, y0 - 6, x1 + 4, y1 + 6)


def _doubted(short: str) -> Value:
    doubt = Finding("unconfirmed", "issue_date", "批准日期未得到两次一致的可靠识别", "warning",
                    {"readings": [short], LOST: [short]})
    return Value("2000-11-26", 0.5, [doubt])


def test_the_decoder_names_a_reading_that_only_lost_a_digit() -> None:
    out = run(issue_date=_issue("2000年11月2日", "2000年11月26日", "2000年11月26日"),
              certificate_number="2000" + CERT[4:])
    doubt = next(f for f in out["issue_date"].findings if f.code == "unconfirmed")
    assert doubt.evidence[LOST] == ["2000年11月2日"]


def test_a_reading_of_another_digit_is_not_named() -> None:
    out = run(issue_date=_issue("2000年11月28日", "2000年11月26日", "2000年11月26日"),
              certificate_number="2000" + CERT[4:])
    assert "unconfirmed" in codes(out["issue_date"])
    assert all(LOST not in f.evidence for f in out["issue_date"].findings)


def test_the_print_showing_both_digits_settles_it() -> None:
    img, box = _page("2000年11月26日")
    values = {"issue_date": _doubted("2000年11月2日")}
    settle(img, {"issue_date": RawField("2000年11月26日", 0.97, box, 0)}, values)
    v = values["issue_date"]
    assert not v.blocking and "digit_count_measured" in codes(v) and v.value == "2000-11-26"


def test_a_print_of_the_short_date_keeps_the_flag() -> None:
    img, box = _page("2000年11月2日")
    values = {"issue_date": _doubted("2000年11月2日")}
    settle(img, {"issue_date": RawField("2000年11月2日", 0.97, box, 0)}, values)
    assert values["issue_date"].blocking


def _run(day_end: float) -> list[Glyph]:
    """2000年11月26日 placed at 30 px an em, its 日 at ``day_end`` (full print: 187.5)."""
    xs = [0, 15, 30, 45, 67.5, 90, 105, 127.5, 150, 165, day_end]
    return [Glyph(ch, x) for ch, x in zip("2000年11月26日", xs, strict=True)]


def test_a_group_as_wide_as_its_digits_is_full() -> None:
    assert group_full(_run(187.5), "2000年11月26日", 8, 10)


def test_a_group_with_room_for_one_digit_only_is_not() -> None:
    # 月 and 日 stand 1.5 em apart: the print holds one digit, whatever the read made of it.
    assert not group_full(_run(172.5), "2000年11月26日", 8, 10)
