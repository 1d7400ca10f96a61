"""A remark's date a seal cut down to a remnant (二〇, 六年五月九) still ends its entry: the
entry keeps its own text and is flagged for its unreadable date, never merged with the next."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _remark_remnant
from scanning._ocr import Line, Reading
from scanning._remark_remnant import remnant
from tests.scanning._remark_lines import reread, sure
from tests.scanning.test_remarks import TITLE, flags, ln, read


def _hand(first_date: str, second_date: str) -> list:
    """Two hand-written entries, each date on a row of its own at the right under its text."""
    return [
        TITLE,
        ln("原证遗失，经本人申请予以补发，证书号", 105, 179, 590, 59),
        ln("码不变", 101, 236, 112, 47),
        ln(first_date, 390, 291, 68 if len(first_date) < 4 else 330, 41),
        ln("出生日期更正为1995年9月6日，特", 105, 360, 508, 42),
        ln("此说明", 108, 407, 108, 45),
        ln(second_date, 475, 460, 227, 38),
    ]


def test_a_year_start_left_by_a_seal_ends_its_entry_with_an_unreadable_date():
    lines = _hand("二〇", "2025年9月29日")
    assert read(lines) == [
        (None, "原证遗失，经本人申请予以补发，证书号码不变"),
        ("2025-09-29", "出生日期更正为1995年9月6日，特此说明"),
    ]
    first, second = flags(lines)
    assert "date_format annotations[0].date" in first and second == []


def test_a_date_that_lost_characters_under_a_seal_closes_the_last_entry():
    lines = _hand("二〇二五年九月十八日", "二〇二年一月二十九")
    assert read(lines) == [
        ("2025-09-18", "原证遗失，经本人申请予以补发，证书号码不变"),
        (None, "出生日期更正为1995年9月6日，特此说明"),
    ]
    assert "date_format annotations[1].date" in flags(lines)[1]


def test_numerals_at_the_margin_are_a_wrapped_line_not_a_date():
    # A wrapped line starts where the text starts: 一月十一日 there is the text's own date.
    lines = [
        TITLE,
        ln("出生日期更正为一九七五年", 105, 179, 500, 45),
        ln("一月十一日", 105, 226, 200, 45),
        ln("2019年5月10日", 475, 280, 227, 38),
    ]
    [(when, text)] = read(lines)
    assert when == "2019-05-10" and text is not None and text.startswith("出生日期更正为")


def test_what_counts_as_a_remnant():
    pieces = ("二〇", "二〇一", "一九九", "六年五月九", "二〇一年五月二十一", "二〇二年一月二十九")
    for piece in pieces:
        assert remnant(piece), piece
    for piece in ("二", "十一", "五月", "县数", "二〇一九年三月五日", "2019年5月", "特此说明"):
        assert not remnant(piece), piece


_WHOLE = "二〇二五年九月十八日"


def _strip_reads(monkeypatch: pytest.MonkeyPatch, strip: str, views: list[str]) -> None:
    """The row read as a strip gives ``strip``; its box read again gives ``views``."""
    monkeypatch.setattr(_ocr, "read", lambda img, keep=None: [Line(strip, 0.98, (383, 4, 716, 54))])
    monkeypatch.setattr(
        _ocr, "readings", lambda pieces, red=True: [[Reading(v, 0.95) for v in views]]
    )


def test_a_remnant_is_read_whole_from_its_row_when_every_reading_agrees(monkeypatch):
    lines = _hand("二〇", "2025年9月29日")[1:]
    _strip_reads(monkeypatch, _WHOLE, [_WHOLE, _WHOLE])
    mended = _remark_remnant.mend(np.zeros((600, 800), np.uint8), lines)
    assert mended[2].text == _WHOLE and mended[2].box == (383, 285, 716, 335)
    assert read([TITLE, *mended])[0] == ("2025-09-18", "原证遗失，经本人申请予以补发，证书号码不变")


def test_a_remnant_stays_unread_when_the_readings_of_its_row_differ(monkeypatch):
    lines = _hand("二〇", "2025年9月29日")[1:]
    image = np.zeros((600, 800), np.uint8)
    _strip_reads(monkeypatch, _WHOLE, [_WHOLE, "二〇二五年九月十六日"])
    assert _remark_remnant.mend(image, lines) == lines
    _strip_reads(monkeypatch, _WHOLE + "县", [_WHOLE, _WHOLE])  # more than the date: not it
    assert _remark_remnant.mend(image, lines) == lines


def test_a_remnant_read_again_as_no_date_keeps_the_page_reading(monkeypatch):
    # 二十一 re-read as 工十一: neither a date nor a remnant, the row would join the text.
    lines = _hand("二〇", "2025年9月29日")[1:3] + [ln("二〇一年五月二十一", 346, 291, 372, 43)]
    note, found, _ = reread(
        monkeypatch, {str(lines[2].box): [sure("二〇一年五月工十一")] * 2}, lines
    )
    assert note == {"date": None, "text": "原证遗失，经本人申请予以补发，证书号码不变"}
    assert "date_format" in [f.code for f in found]


def test_a_date_row_lost_whole_between_two_texts_cuts_them_apart():
    # Each date stood on a row of its own under its text; two were lost whole under seals.
    lines = [
        TITLE,
        ln("经核实，持证人性别更正为“女”", 92, 183, 417, 46),
        ln("任教学科由“英语”更正为“生物学”", 103, 296, 433, 47),
        ln("出生日期更正为1953年7月23日，特此说", 88, 409, 568, 51),
        ln("明", 91, 459, 43, 42),
        ln("2017年4月23日", 531, 508, 220, 44),
    ]
    assert read(lines) == [
        (None, "经核实，持证人性别更正为“女”"),
        (None, "任教学科由“英语”更正为“生物学”"),
        ("2017-04-23", "出生日期更正为1953年7月23日，特此说明"),
    ]
    assert [f[0] for f in flags(lines)[:2]] == [
        "missing annotations[0].date",
        "missing annotations[1].date",
    ]


def test_lines_of_one_entry_at_an_even_wide_spacing_stay_one_entry():
    # Wide leading on the whole page: no gap stands out, nothing was lost between the lines.
    lines = [
        TITLE,
        ln("原证书因保管不慎遗失，经本人申请，", 60, 120, 560, 40),
        ln("予以补发", 60, 200, 140, 40),
        ln("2019年5月10日", 600, 280, 250, 40),
    ]
    assert read(lines) == [("2019-05-10", "原证书因保管不慎遗失，经本人申请，予以补发")]


def test_a_remnant_the_detector_cut_in_two_is_one_unreadable_date():
    lines = _hand("二〇二五年九月十八日", "2025年9月29日")[:4]
    lines += [
        ln("出生日期更正为1965年2月27", 120, 360, 466, 47),
        ln("日，特此说明", 118, 415, 210, 42),
    ]
    lines += [ln("七年八月十二", 412, 462, 286, 50), ln("二〇", 347, 475, 68, 33)]
    assert read(lines)[1] == (None, "出生日期更正为1965年2月27日，特此说明")
