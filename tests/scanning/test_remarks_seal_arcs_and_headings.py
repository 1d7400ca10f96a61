"""Remark (备注) entries: a seal's arc lettering joins no entry, registration box headings are no
entry, a red line replaces the page reader's piece of it, a date whose dots were lost is one
date, traditional forms are one character, a sure comma another view lost is kept, the chosen
text keeps its own reading's score, two phrases that fit leave the choice unproven, and a
grey seal's lighter ink cleared proves the date it crosses."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import (
    _ocr,
    _red_remarks,
    _remark_dates,
    _remarks,
    _remarktext,
    _seal_clear,
    _sealtext,
)
from scanning._ocr import Line, Reading
from scanning._remark_phrases import across
from scanning._remark_read import _choice_findings
from scanning._seal_shape import Ring
from tests.scanning._fonts import cjk_font

BLANK = np.full((700, 800, 3), 245, dtype=np.uint8)


def _sure(text: str, p: float = 1.0) -> tuple[tuple[tuple[str, float], ...], ...]:
    return tuple(((ch, p),) for ch in text)


# --- a seal's arc lettering read in one loose box ------------------------------------------


RING = Ring(666.7, 238.1, 77.2)
ARC = Line("阳道市教育司", 0.71, (584, 150, 749, 239))  # the rim's top, its box poking out
TEXT = Line("照片脱落，重新粘贴并加盖钢印", 1.0, (84, 176, 460, 213))


def test_an_arc_of_ring_lettering_read_in_one_box_joins_no_remark() -> None:
    got = _sealtext.unlettered(BLANK, [TEXT, ARC], [RING])
    assert got == [TEXT]


def test_a_flat_line_inside_the_ring_stays() -> None:
    flat = Line("任教学科更正为美术", 1.0, (600, 170, 740, 205))  # as tall as a line of print
    assert _sealtext.unlettered(BLANK, [TEXT, flat], [RING]) == [TEXT, flat]


# --- registration box headings seen on a remarks page ----------------------------------------


def test_registration_box_headings_are_no_entry() -> None:
    lines = [
        Line("备注栏", 1.0, (340, 71, 477, 126)),
        Line("第一", 1.0, (874, 165, 907, 187)),
        Line("第二次", 1.0, (861, 464, 908, 489)),
        Line("第三次", 1.0, (850, 765, 905, 790)),
    ]
    assert _remarks.entries(lines, "2023-11-03") == []


# --- a red remark the page reader read in part ------------------------------------------------


def test_a_red_row_replaces_the_piece_the_page_reader_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    page = [
        Line("备注", 1.0, (297, 89, 448, 144)),
        Line("因原证书污损，", 0.98, (100, 222, 265, 249)),
        Line("作废。", 0.82, (98, 256, 159, 289)),
    ]
    red = [
        Line("因原证书污损，予以换发，原证书", 0.99, (98, 221, 457, 252)),
        Line("作废。", 0.99, (95, 254, 165, 292)),
        Line("2002.02.07", 0.99, (476, 320, 595, 352)),
    ]
    monkeypatch.setattr(_red_remarks, "outside_seals", lambda image: (image, ()))
    monkeypatch.setattr(_ocr, "read", lambda image, keep=None: red)
    got = _red_remarks.added(BLANK, page)
    assert [ln.text for ln in got] == ["备注", *(ln.text for ln in red)]
    assert got[2].score == 0.99


# --- a numeric date whose dots the views lost -------------------------------------------------


def test_a_date_read_with_its_dots_lost_is_mended(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = Line("5021 12.5", 0.88, (548, 323, 670, 372))  # the ring's stroke read as 5
    views = [Reading("2021 12 5", 0.84), Reading("2021 12 5", 0.82)]
    monkeypatch.setattr(_ocr, "readings", lambda pieces, red=True: [views for _ in pieces])
    assert [ln.text for ln in _remark_dates.mend(BLANK, [broken])] == ["2021.12.5"]


def test_digits_apart_that_make_no_date_stay_broken(monkeypatch: pytest.MonkeyPatch) -> None:
    broken = Line("5021 12.5", 0.88, (548, 323, 670, 372))
    views = [Reading("2021 13 5", 0.84), Reading("2021 13 5", 0.82)]  # no month 13
    monkeypatch.setattr(_ocr, "readings", lambda pieces, red=True: [views for _ in pieces])
    assert _remark_dates.mend(BLANK, [broken]) == [broken]


# --- the choice among readings ----------------------------------------------------------------


def test_a_traditional_form_is_the_simplified_character_another_reading_has() -> None:
    page = Reading("该证书遗失，已在报刊登载遗", 0.99)
    views = [
        Reading("该证书遗失，已在报刊登载遺", 0.97),
        Reading("该证书遗失，已在报刊登载遺", 0.96),
    ]
    c = _remarktext.choose([page, *views])
    assert c.text == "该证书遗失，已在报刊登载遗" and not c.doubt


LONG = "持证人身份证号码已升位，以本证记载"
SHORT = "持证人身份证号码已升位以本证记载"


def test_a_sure_comma_one_view_lost_is_kept() -> None:
    garbled = Reading("持证人身份证号码已升位个记载", 0.97, _sure("持证人身份证号码已升位个记载"))
    c = _remarktext.choose([Reading(LONG, 1.0, _sure(LONG)), garbled,
                            Reading(SHORT, 0.96, _sure(SHORT))])  # fmt: skip
    assert (c.text, c.doubt, c.proved) == (LONG, "", True)


def test_an_unsure_comma_leaves_the_doubt() -> None:
    alts = tuple(((ch, 0.7), ("。", 0.2)) if ch == "，" else ((ch, 1.0),) for ch in LONG)
    c = _remarktext.choose([Reading(LONG, 0.98, alts), Reading(SHORT, 0.96, _sure(SHORT))])
    assert c.doubt


def test_the_chosen_text_keeps_the_score_of_the_reading_that_says_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    line = Line("经本申请，予以补发", 0.84, (379, 256, 656, 294), _sure("经本申请，予以补发", 0.84))
    views = [Reading("经本人申请，予以补发", 0.99), Reading("经本人申请，予以补发", 0.88)]
    monkeypatch.setattr(_ocr, "readings", lambda pieces, red=True: [views for _ in pieces])
    ((got, choice),) = _remarktext.reread(None, [line])  # type: ignore[arg-type]
    assert (got.text, got.score, choice.proved) == ("经本人申请，予以补发", 0.99, True)


def test_a_choice_two_phrases_fit_is_not_proved() -> None:
    # 予以补发 outvotes 予以换发: both are remark phrases, so the lexicon proves neither.
    c = _remarktext.choose([
        Reading("原证书遗失，予以换发", 0.97),
        Reading("原证书遗失，予以补发", 0.98),
        Reading("原证书遗失，予以补发", 0.96),
    ])  # fmt: skip
    assert c.text == "原证书遗失，予以补发" and c.rivalled and not c.proved
    line = Line(c.text, 0.97, (0, 0, 10, 10))
    (finding,) = _choice_findings("annotations[0]", [(line, c)])
    assert (finding.code, finding.severity) == ("corrected_text", "warning")


def test_a_wrap_inside_the_phrase_of_a_wrong_record_is_one_word() -> None:
    assert across("任教学科更正为幼儿园，原记载", "有误") == "原记载有误"


# --- a grey seal's lighter ink cleared from a date --------------------------------------------


def _sealed_date(seal_grey: int) -> tuple[np.ndarray, Line, Ring]:
    img = Image.new("L", (520, 220), 246)
    d = ImageDraw.Draw(img)
    d.text((40, 80), "2016年06月28日", font=cjk_font(40), fill=20)
    ring = Ring(60.0, 100.0, 70.0)  # its right stroke runs through the year's digits
    d.ellipse((ring.cx - ring.r, ring.cy - ring.r, ring.cx + ring.r, ring.cy + ring.r),
              outline=seal_grey, width=5)  # fmt: skip
    page = np.repeat(np.asarray(img)[..., None], 3, axis=2)
    return page, Line("2016年06月28日", 0.99, (36, 78, 340, 130)), ring


def test_a_date_read_alike_with_the_lighter_seal_ink_cleared_is_proved() -> None:
    page, line, ring = _sealed_date(140)
    assert _seal_clear.same_dates(page, [line], [ring])


def test_a_seal_as_dark_as_the_print_proves_nothing() -> None:
    page, line, ring = _sealed_date(25)
    assert _seal_clear.cleared(page, line.box, [ring]) is None
    assert not _seal_clear.same_dates(page, [line], [ring])
