"""An issue date every view read with characters lost (二〇年八月十一日 for 二〇一一年八月十一日):
the decoder restores the certificate number's year and leaves every date of it the readings
fit (八月十一日, 二十一日, 三十一日) ambiguous; where the lost characters stood on the paper
settles it (``_date_lost_placed``) only when one date leaves them room."""

from __future__ import annotations

from datetime import date

import numpy as np
from PIL import Image, ImageDraw

from core.rules import Finding
from scanning._charbox import Glyph
from scanning._date_lost_placed import placed_date, settle
from scanning._fields import RawField
from scanning._validate import Value
from tests.scanning.test_confirm_dates import _issue
from tests.scanning.test_decode import CERT, TODAY, codes, run

CERT_2011 = "2011" + CERT[4:]
EM = 24.0


def _run(text: str, skip: dict[int, int]) -> list[Glyph]:
    """Glyphs of ``text`` one em apart, with ``skip[i]`` ems left empty before character i."""
    out, x = [], 100.0
    for i, ch in enumerate(text):
        x += EM * skip.get(i, 0)
        out.append(Glyph(ch, x))
        x += EM
    return out


def test_lost_characters_with_room_only_in_the_year_leave_one_date() -> None:
    # 二〇 … 年 three ems apart (一一 lost), 月 and 十 side by side: no 二 of 二十一 lost there.
    assert placed_date(_run("二〇年八月十一日", {2: 2}), "2011", TODAY) == "2011-08-11"
    # the year's start lost before the first glyph, 十 and 日 side by side (not 二十一日)
    assert placed_date(_run("一一年六月二十日", {}), "2011", TODAY) == "2011-06-20"


def test_room_where_a_day_numeral_may_be_lost_leaves_it_undecided() -> None:
    # 月 and 十 two ems apart: 二 or 三 of 二十一, 三十一 may stand there.
    assert placed_date(_run("二〇年八月十一日", {2: 2, 5: 1}), "2011", TODAY) is None


def test_a_read_whose_year_is_not_the_numbers_leaves_no_date() -> None:
    assert placed_date(_run("二〇三年八月十一日", {3: 1}), "2011", date(2026, 1, 1)) is None


def _page(text: str) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A white page with ``text`` printed on it; the text's box."""
    from tests.scanning._fonts import cjk_font

    img = Image.new("L", (800, 400), 255)
    d = ImageDraw.Draw(img)
    d.text((150, 200), text, font=cjk_font(28), fill=20)
    x0, y0, x1, y1 = d.textbbox((150, 200), text, font=cjk_font(28))
    grey = np.asarray(img, np.uint8)
    return np.repeat(grey[..., None], 3, axis=2), (x0 - 4, y0 - 6, x1 + 4, y1 + 6)


def _settled(printed: str) -> dict[str, object]:
    read = _issue("二〇年八月十一日", "二〇年八月十一日")
    values = run(issue_date=read, certificate_number=CERT_2011)
    assert "ambiguous" in codes(values["issue_date"])  # 八月十一日, 二十一日 or 三十一日
    img, box = _page(printed)
    settle(img, {"issue_date": RawField(printed, 0.9, box, 0)}, {"issue_date": read}, values,
           TODAY)
    return values  # type: ignore[return-value]


def test_a_print_whose_day_is_whole_settles_the_restored_date() -> None:
    v = _settled("二〇一一年八月十一日")["issue_date"]
    assert not v.blocking and v.value == "2011-08-11"  # type: ignore[attr-defined]
    assert "lost_places_measured" in codes(v)  # type: ignore[arg-type]


def test_a_print_with_room_before_the_day_stays_flagged() -> None:
    # A blank where 二 of 二十一 would stand (a seal's ink hid it from every view).
    v = _settled("二〇一一年八月\u3000十一日")["issue_date"]
    assert v.blocking  # type: ignore[attr-defined]


def test_a_date_some_view_read_whole_is_left_to_the_decoder() -> None:
    # 2024年月19日 lost its month; the views that read it whole may all have misread 4 as 3:
    # the glyph read's places cannot confirm what only one kind of read wrote.
    read = _issue("2024年月19日", "2024年3月19日")
    doubt = Finding("unconfirmed", "issue_date", "批准日期未得到两次一致的可靠识别", "warning", {})
    values = {"issue_date": Value("2024-03-19", 0.5, [doubt]),
              "certificate_number": Value("2024" + CERT[4:], 1.0, [])}
    img, box = _page("2024年3月19日")
    settle(img, {"issue_date": RawField("2024年3月19日", 0.9, box, 0)}, {"issue_date": read},
           values, TODAY)
    assert values["issue_date"].blocking and "lost_places_measured" not in codes(
        values["issue_date"])
