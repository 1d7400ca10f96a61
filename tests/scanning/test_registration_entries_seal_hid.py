"""Registration entries a seal or a stroke left half read (session 19).

- a conclusion cut short under a seal (不合) is the one conclusion it is a part of, and an
  office's row the seal's lettering runs on into (灵台易教育局章) loses that 章;
- a 年…月 date whose day runs on into more digits (2018年08月112日1) is unreadable, not the
  first two digits taken silently;
- an office row a seal hid from the detector between two rows is read where it stands;
- a seal's ring lettering read as a line beside a sure printed office does not lower the
  entry's confidence;
- a stamp with no seal beside it, on a page whose every seal is another entry's, prints no office.
"""

from __future__ import annotations

from types import SimpleNamespace
from typing import Any

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _ocr, _stamp_alone, _sticker_gap
from scanning._ocr import Line, Reading
from scanning._seal_ring import RingName
from scanning._seal_shape import Ring
from scanning._sticker_conclusion import near_conclusion
from scanning._sticker_decode import decode_sticker
from scanning._sticker_rows import row_pieces
from scanning._stickers import group
from tests.scanning._fonts import cjk_font


def _decode(rows: list[Line], **kw: Any) -> tuple[dict[str, Any], list[Any], float]:
    (s,) = group(rows)
    return decode_sticker(s, 0, **kw)


def test_a_conclusion_cut_short_is_the_one_it_is_part_of():
    assert near_conclusion("不合") == "注册不合格"
    assert near_conclusion("缓注册") == "暂缓注册"
    # a part of 注册合格 alone may be 注册不合格 with 不 lost: unread
    assert near_conclusion("注册合") is None
    assert near_conclusion("注册") is None


def test_a_failed_registration_under_a_seal_reads_whole():
    rows = [
        Line("注册结论：不合", 1.0, (91, 308, 266, 342)),
        Line("注册有效期：无", 1.0, (91, 349, 268, 386)),
        Line("注册部门：灵台易教育局章", 0.94, (93, 396, 421, 427)),
        Line("日期：2025.08.10", 1.0, (95, 440, 293, 469)),
    ]
    entry, found, conf = _decode(rows)
    assert entry["conclusion"] == "注册不合格"
    assert entry["authority"] == "灵台县教育局"
    assert not any(f.blocking or f.severity == "warning" for f in found)
    assert conf >= 0.9


def test_a_seal_word_after_an_office_is_dropped():
    (piece,) = row_pieces("注册部门：灵台县教育局章")
    assert piece.text == "灵台县教育局"


def test_a_day_that_runs_on_into_digits_is_unreadable():
    rows = [
        Line("注册结论：注册合格", 1.0, (66, 176, 389, 225)),
        Line("注册有效期2018年09月01日", 1.0, (66, 257, 480, 305)),
        Line("至2023年08月31日", 1.0, (269, 342, 507, 388)),
        Line("审核机关阿克陶县教育局", 1.0, (66, 422, 467, 472)),
        Line("日期2018年08月112日1", 1.0, (66, 508, 480, 554)),
    ]
    entry, found, _ = _decode(rows)
    assert entry["date"] is None  # not 2018-08-11: the day is 11 or 12, nothing tells
    assert any(f.field == "registrations[0].date" and f.blocking for f in found)
    rows[-1] = Line("日期2018年08月12日", 1.0, (66, 508, 480, 554))
    assert _decode(rows)[0]["date"] == "2018-08-12"


GAP_ROWS = [
    Line("审核结论：合格", 1.0, (173, 261, 303, 292)),
    Line("有效期：2021-11-04至2026-11-03", 1.0, (174, 299, 458, 331)),
    Line("2021年9月20日", 1.0, (221, 379, 350, 409)),
]


def _gap_page(office: bool = True) -> np.ndarray:
    """A grey sticker whose office row stands under a grey seal's rim."""
    img = Image.new("L", (760, 480), 236)
    d = ImageDraw.Draw(img)
    f = cjk_font(22)
    for ln in GAP_ROWS:
        d.text((ln.box[0] + 2, ln.box[1] + 3), ln.text, font=f, fill=40)
    if office:
        d.text((176, 340), "注册机构：玉树藏族自治州称多县教育局", font=f, fill=40)
    for r in (80, 76):
        d.ellipse((560 - r, 340 - r, 560 + r, 340 + r), outline=110, width=3)
    return np.repeat(np.asarray(img)[..., None], 3, axis=2)


def _office(lines: list[Line]) -> str | None:
    (s,) = group(lines)
    return s.authority.text if s.authority else None


def test_an_office_row_a_seal_hid_is_read_where_it_stands():
    assert _office(GAP_ROWS) is None
    assert _office(_sticker_gap.found(_gap_page(), GAP_ROWS)) == "玉树藏族自治州称多县教育局"


def test_no_row_in_the_gap_adds_nothing():
    assert _sticker_gap.found(_gap_page(office=False), GAP_ROWS) == GAP_ROWS


@pytest.mark.parametrize(
    "said",
    [
        # two offices' whole names
        ["注册机构：称多县教育局", "注册机构：称多县教育局", "注册机构：称多县",
         "注册机构：称", "注册机构：玉树藏族自治州称多县教育局", "注册机构：称多县教育局"],
        # a reading that says something else than the row's beginning
        ["注册机构：称多县教育局", "注册机构：称多县教育局", "注册机构：称多县",
         "注册机构：称多县教", "注册机构：秋多县教育", "注册机构：称多县教育局"],
    ],
)  # fmt: skip
def test_readings_that_disagree_add_nothing(monkeypatch: pytest.MonkeyPatch, said: list[str]):
    texts = iter(said)

    def readings(pieces: list[Any], red: bool = True) -> list[list[Reading]]:
        return [[Reading(next(texts), 0.99), Reading(next(texts), 0.99)] for _ in pieces]

    monkeypatch.setattr(_ocr, "readings", readings)
    assert _sticker_gap.found(_gap_page(), GAP_ROWS) == GAP_ROWS
    assert _sticker_gap.agreed(["称多县教育局", "称多县教育局", "称多县教"]) == "称多县教育局"


def test_a_ring_read_as_a_line_beside_a_sure_office_keeps_the_confidence():
    rows = [
        Line("注册结论：注册合格", 1.0, (116, 221, 280, 247)),
        Line("有效期：2022/9/1-2027/8/31", 1.0, (119, 265, 346, 292)),
        Line("东河县教育局", 0.744, (427, 245, 587, 340)),  # the seal's arc, misread
        Line("注册机构：五河县教育局", 1.0, (116, 308, 312, 334)),
        Line("2022年7月13日", 1.0, (161, 354, 286, 380)),
    ]
    entry, _, conf = _decode(rows, offices=["五河县教育局"])
    assert entry["authority"] == "五河县教育局"
    assert conf >= 0.9
    # an office the booklet does not hold for sure: the arc's low score still counts
    assert _decode(rows)[2] < 0.9


STAMPS = [
    [Line("定期注册合格", 1.0, (291, 223, 429, 257)), Line("2016.09.01", 1.0, (296, 255, 422, 288)),
     Line("至2021.08.31", 1.0, (286, 287, 434, 320))],
    [Line("定期注册合格", 1.0, (291, 508, 431, 545)), Line("2021.03.22", 1.0, (300, 541, 427, 576)),
     Line("至2026.03.21", 1.0, (291, 574, 437, 609))],
    [Line("定期注册合格", 1.0, (286, 802, 427, 841)), Line("2026.09.01", 1.0, (291, 836, 419, 871)),
     Line("至2031.08.31", 1.0, (281, 868, 428, 904))],
]  # fmt: skip
FRAMES = ((276, 213, 448, 330), (76, 194, 658, 456), (277, 497, 452, 620), (76, 487, 658, 750),
          (269, 792, 444, 915), (76, 780, 658, 1043))  # fmt: skip
RINGS = [Ring(669.0, 369.0, 78.0), Ring(587.0, 628.0, 76.0)]  # beside stamps 0 and 1


def _stamp_page() -> tuple[Any, list[Any]]:
    lines = [ln for s in STAMPS for ln in s]
    stickers = group(lines)
    assert len(stickers) == 3
    return SimpleNamespace(red_ink=SimpleNamespace(rings=(), frames=FRAMES)), stickers


def test_a_stamp_beside_no_seal_when_every_seal_is_another_entrys():
    page, stickers = _stamp_page()
    sure = RingName("佳木斯市抚远市教育局", ("佳木斯市抚远市教育局",) * 2)
    seals = {0: sure, 1: sure}
    assert _stamp_alone.others_seals(page, RINGS, stickers, 2, seals)
    # a seal whose ring was not read for sure may be this stamp's: no
    assert not _stamp_alone.others_seals(page, RINGS, stickers, 2, {0: sure,
                                         1: RingName(None, ("佳木斯市抚", "木斯市"))})  # fmt: skip
    # a seal beside no entry may be this stamp's: no
    assert not _stamp_alone.others_seals(page, [*RINGS, Ring(690, 850, 70)], stickers, 2, seals)
    # the stamp a seal stands beside is not alone
    assert not _stamp_alone.others_seals(page, RINGS, stickers, 1, seals)


def test_a_date_stamps_date_whose_year_lost_a_digit_stays_the_entrys_date():
    rows = [
        Line("注册结论：合格", 1.0, (79, 203, 255, 254)),
        Line("有效期：2014.9.1—2019.8.31", 1.0, (83, 262, 449, 302)),
        Line("014.03.13", 0.997, (332, 318, 472, 357)),  # the 2 under the stamp's ring
    ]
    (s,) = group(rows)
    assert s.date is not None and s.date.text == "014.03.13" and s.date.value is None
    (piece,) = row_pieces("014.03.13")
    assert piece.dates[0].problem == "date_format"  # unreadable as it stands: flagged


def _run_on_rows(start: str, end: str) -> list[Line]:
    return [
        Line("注册结论：注册合格", 1.0, (66, 176, 389, 225)),
        Line(f"注册有效期{start}", 1.0, (66, 257, 480, 305)),
        Line(f"至{end}", 1.0, (269, 342, 507, 388)),
        Line("审核机关阿克陶县教育局", 1.0, (66, 422, 467, 472)),
        Line("日期2018年08月12日", 1.0, (66, 508, 480, 554)),
    ]


def test_a_period_whose_days_ran_on_is_the_one_the_rule_leaves():
    # 01日 read 101日1, 31日 read 1318: of every day each run can hold, one period is 5 years
    entry, found, _ = _decode(_run_on_rows("2018年09月101日1", "2023年08月1318"))
    assert (entry["valid_from"], entry["valid_until"]) == ("2018-09-01", "2023-08-31")
    assert any(f.code == "corrected_period" for f in found)
    assert not any(f.blocking for f in found)


def test_a_period_whose_days_ran_on_two_ways_stays_flagged():
    # 11→10 and 12→11 both keep the rule: nothing tells which
    entry, found, _ = _decode(_run_on_rows("2018年09月112日", "2023年09月1011日"))
    assert entry["valid_from"] is None or entry["valid_until"] is None
    assert any(f.blocking for f in found)
