"""Characters under a grey seal judged by their measured places (``_charbox``), and a grey
seal's lettering that is no remark (no OCR run, except one real crop read for the places)."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scanning import _charbox, _seal_proof
from scanning._charbox import Glyph
from scanning._ocr import Line
from scanning._remarktext import Choice, choose
from scanning._seal_proof import doubts, lettering, remark_findings
from scanning._seal_shape import Ring
from tests.scanning._fonts import SANS, needs_face

EM = 30.0  # page pixels per em on the made-up lines


def placed(text: str, x0: float = 100.0, gaps: dict[int, float] | None = None) -> list[Glyph]:
    """Glyphs of ``text`` set at their usual advance (CJK 1 em, digits ½ em), with ``gaps``
    (em) added before the given character indices."""
    out, x = [], x0
    for k, ch in enumerate(text):
        w = _charbox.width(ch) * EM
        x += (gaps or {}).get(k, 0.0) * EM
        out.append(Glyph(ch, x + w / 2))
        x += w
    return out


def box_of(gs: list[Glyph]) -> tuple[int, int, int, int]:
    return int(gs[0].x - EM / 2), 300, int(gs[-1].x + EM / 2), 300 + int(EM)


# -- the line's em and the room between two characters ------------------------------------------


def test_em_is_the_usual_distance_of_chinese_characters_or_twice_that_of_digits():
    assert _charbox.em(placed("证书遗失予以补发")) == pytest.approx(EM)
    assert _charbox.em(placed("2013年2月14日")) == pytest.approx(EM)
    assert _charbox.em(placed("2月1日")) is None  # too few pairs to say


def test_two_characters_at_their_usual_distance_leave_no_room_for_a_comma():
    tight = placed("申请同意")
    loose = placed("申请同意", gaps={2: 1.0})  # a full-width comma's place, empty on the read
    assert _charbox.tight(tight[1], tight[2], EM)
    assert not _charbox.tight(loose[1], loose[2], EM)


def test_a_digit_lost_between_two_leaves_its_half_em():
    tight = placed("2月14日")
    loose = placed("2月14日", gaps={3: 0.5})
    assert _charbox.tight(tight[2], tight[3], EM)
    assert not _charbox.tight(loose[2], loose[3], EM)


# -- a comma place under a grey seal ------------------------------------------------------------

TEXT = "原证书污损，经本人申请同意换发"


def _ring_over(gs: list[Glyph], first: int, last: int) -> Ring:
    """A seal whose chord over the line spans characters ``first``..``last``."""
    cx = (gs[first].x + gs[last].x) / 2
    return Ring(cx, 315, (gs[last].x - gs[first].x) / 2 + EM / 2)


def test_a_clause_run_on_without_a_comma_under_a_seal_is_read_when_nothing_fits_between():
    # 经本人申请同意换发: the comma is optional after 经…; under a grey seal the old check could not
    # tell a lost comma from none. The characters stand one em apart: nothing stood there.
    gs = placed(TEXT)
    ring = _ring_over(gs, 9, 12)  # over 申请同意
    ln = Line(TEXT, 0.99, box_of(gs))
    assert doubts(ln, True, True, [ring]) == (True, False)  # places estimated: doubt
    assert doubts(ln, True, True, [ring], gs) == (False, False)


def test_room_for_a_lost_comma_under_the_seal_stays_doubt():
    gs = placed(TEXT, gaps={11: 1.0})  # 申请 _ 同意: a comma's width empty
    ring = _ring_over(gs, 9, 12)
    assert doubts(Line(TEXT, 0.99, box_of(gs)), True, True, [ring], gs) == (True, False)


def test_places_of_another_reading_are_not_used():
    gs = placed("原证书污损，经本人申请，同意换发")  # a third reading that saw a comma
    ring = _ring_over(gs, 9, 12)
    ln = Line(TEXT, 0.99, box_of(placed(TEXT)))
    assert doubts(ln, True, True, [ring], gs)[0]


# -- a date under a grey seal -------------------------------------------------------------------

DATE = "2013年2月14日"


def test_a_one_digit_month_under_a_seal_is_read_when_no_digit_fits_beside_it():
    gs = placed(DATE)
    ring = _ring_over(gs, 4, 6)  # 年2月
    ln = Line(DATE, 0.99, box_of(gs))
    assert doubts(ln, True, True, [ring]) == (False, True)  # 2月 may have been 12月
    assert doubts(ln, True, True, [ring], gs) == (False, False)


def test_room_for_a_digit_beside_a_one_digit_month_stays_doubt():
    gs = placed(DATE, gaps={5: 0.5})  # 年 _ 2月: a 1 could stand there
    ring = _ring_over(gs, 4, 6)
    assert doubts(Line(DATE, 0.99, box_of(gs)), True, True, [ring], gs) == (False, True)


def test_glyphs_that_read_a_date_unit_as_another_still_place_its_digits():
    # The glyph view read 2025年2月9日 as …9月 (the seal's grey ink over 日): each glyph still
    # stands for one character, so the one-digit month and day are measured, not guessed.
    text = "2025年2月9日"
    gs = [*placed(text)[:-1], Glyph("月", placed(text)[-1].x)]
    ring = _ring_over(gs, 5, 8)  # 2月9日
    ln = Line(text, 0.99, box_of(gs))
    assert doubts(ln, True, True, [ring], gs) == (False, False)
    # room for a lost digit beside the day still doubts it (9日 may have been 19日)
    loose = placed(text, gaps={7: 0.5})
    loose = [*loose[:-1], Glyph("月", loose[-1].x)]
    assert doubts(Line(text, 0.99, box_of(loose)), True, True, [ring], loose) == (False, True)
    # a digit read as a unit is no such slip: the places are not the text's
    wrong = [*placed(text)[:7], Glyph("日", placed(text)[7].x), placed(text)[8]]
    assert doubts(ln, True, True, [ring], wrong) == (False, True)


def test_readings_that_differ_only_in_a_mark_under_the_star_agree_on_the_date():
    # One view read 年 as 第 under the seal's star; every view held the digits 2013 2 14.
    c = choose([_reading(DATE), _reading("2013第2月14日"), _reading("2013第2月14日")])
    assert c.text == DATE and c.corrected and c.same_digits and not c.doubt
    gs = placed(DATE)
    ring = _ring_over(gs, 4, 6)
    ln = Line(DATE, 0.99, box_of(gs))
    chosen = [(ln, Choice(DATE, True, glyphs=tuple(gs), same_digits=True))]
    assert remark_findings("annotations[0]", [ln], chosen, [ring]) == []
    other = [(ln, Choice(DATE, True, glyphs=tuple(gs), same_digits=False))]  # 2月 / 12月
    assert [f.field for f in remark_findings("annotations[0]", [ln], other, [ring])] == [
        "annotations[0].date"
    ]


def _reading(text: str):  # type: ignore[no-untyped-def]
    from scanning._ocr import Reading

    return Reading(text, 0.99)


# -- a grey seal's lettering ----------------------------------------------------------------------

SEAL = Ring(557, 252, 83)


def test_the_rim_lettering_read_as_one_tall_box_is_the_seals():
    # fin-other 0021: the arc 惠宁区教育局 read in one box was glued before the remark's text.
    assert lettering(Line("惠宁区教商居", 0.8, (473, 162, 635, 261)), [SEAL])
    assert not _seal_proof.curved("照片更换，经审核属实", (132, 295, 381, 326))
    # fin-other 0006: a long line of digits and text is no arc (digits are half an em)
    assert not _seal_proof.curved("2018年5月6日证书遗失，予以补发", (90, 193, 592, 246))
    # a remark line of the same width across the seal is straight: kept
    assert not lettering(Line("惠宁区教商居", 0.8, (473, 230, 635, 262)), [SEAL])


def test_the_centre_line_misread_is_the_seals_but_a_phrase_line_stays():
    # fin-wide 0023: 教师资格认定专用章 read 购师需格认定专定想 near the seal's centre.
    ring = Ring(554, 290, 86)
    assert lettering(Line("购师需格认定专定想", 0.6, (480, 310, 614, 346)), [ring])
    assert not lettering(Line("证书遗失，予以补发", 0.99, (480, 310, 614, 346)), [ring])


# -- places measured on a real crop -----------------------------------------------------------


@needs_face(SANS)
def test_places_measured_on_a_printed_line_show_a_missing_comma_as_room():
    font = ImageFont.truetype(SANS, 30, index=2)
    img = Image.new("RGB", (560, 60), "white")
    draw = ImageDraw.Draw(img)
    draw.text((20, 10), "证书遗失", font=font, fill="black")
    draw.text((20 + 5 * 30, 10), "予以补发", font=font, fill="black")  # one em left empty
    page = np.asarray(img)
    (gs,) = _charbox.glyphs(page, [(15, 8, 20 + 9 * 30 + 5, 52)])
    assert "".join(g.char for g in gs) == "证书遗失予以补发"
    size = _charbox.em(gs)
    assert size is not None and abs(size - 30) < 6
    assert all(_charbox.tight(a, b, size) for a, b in zip(gs[:3], gs[1:4], strict=True))
    assert not _charbox.tight(gs[3], gs[4], size)
    assert abs(gs[0].x - 35) < 8


# -- a wrap comma read at a line's end under the seal ---------------------------------------------


def test_a_read_wrap_comma_under_a_seal_before_a_clause_leaves_no_doubt():
    gs = placed("证书污损，")
    ring = _ring_over(gs, 2, 4)  # the seal over 污损，, the line's end
    ln = Line("证书污损，", 0.99, box_of(gs))
    assert doubts(ln, True, False, [ring], gs, nxt="经本人申请予以换发") == (False, False)
    # the next row opening mid-clause: a word may be lost after the comma
    assert doubts(ln, True, False, [ring], gs, nxt="本人申请予以换发") == (True, False)


# -- a registration date under a grey seal -------------------------------------------------------


def test_a_sticker_date_under_a_seal_is_read_when_its_digits_have_no_room(monkeypatch):
    from scanning._datescan import DateRead
    from scanning._layout import Row
    from scanning._stickers import Sticker

    text = "注册日期：2015年11月7日"
    gs = placed(text)
    ln = Line(text, 0.99, box_of(gs))
    ring = _ring_over(gs, 13, 14)  # over 7日: 7日 may have been 17日
    s = Sticker(rows=[Row((ln,))], date=DateRead("2015年11月7日", "2015-11-07"))
    assert _seal_proof.sticker_findings(s, 0, [ring])  # no page: doubt as before
    monkeypatch.setattr(_charbox, "glyphs", lambda img, boxes: [gs for _ in boxes])
    page = np.zeros((10, 10, 3), np.uint8)
    assert _seal_proof.sticker_findings(s, 0, [ring], page) == []
    loose = placed(text, gaps={13: 0.5})  # 月 _ 7日
    monkeypatch.setattr(_charbox, "glyphs", lambda img, boxes: [loose for _ in boxes])
    ring = _ring_over(loose, 13, 14)
    assert _seal_proof.sticker_findings(s, 0, [ring], page)


def test_half_the_heading_left_by_a_seal_is_no_remark_text():
    # fin-other (fresh seed) 0006: 备注 with 注 under a grey seal read 备, glued before 证书遗失.
    from scanning._remarks import entries

    lines = [Line("备", 0.99, (328, 105, 359, 138)),
             Line("2018年5月6日证书遗失，予以补发", 0.99, (90, 193, 592, 246))]
    (got,) = entries(lines)
    assert got.text == "证书遗失，予以补发"
    with_text = [lines[1], Line("原证书收回", 0.99, (90, 250, 300, 290))]
    assert entries(with_text)[0].text == "证书遗失，予以补发原证书收回"
