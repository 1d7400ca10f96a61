"""Seals found by shape on greyscale pages, and what they leave unproved (no OCR run)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from scanning import _ocr, _remarktext
from scanning._ocr import Line, Reading
from scanning._remarks import entries
from scanning._seal_proof import doubts, lettering, under
from scanning._seal_shape import Ring, is_grey, rings
from scanning._sections import reread_remark

W, H = 760, 1100
LINE = (100, 300, 700, 330)  # a remark line's box on the synthetic page


def page(ring: tuple[int, int] | None = (430, 315), grey: int = 120) -> np.ndarray:
    """A greyscale page (three equal channels): paper, one line of black print blocks, a
    grey seal ring of a real seal's size (28 mm on a 102 mm page) over the line."""
    img = np.full((H, W), 243, np.uint8)
    for x in range(LINE[0], LINE[2] - 20, 30):  # character-sized blocks of print
        cv2.rectangle(img, (x + 3, LINE[1] + 4), (x + 24, LINE[3] - 4), 20, 2)
    if ring is not None:
        cv2.circle(img, ring, 100, grey, 7)
        cv2.putText(img, "*", (ring[0] - 15, ring[1] + 15), cv2.FONT_HERSHEY_SIMPLEX, 2, grey, 4)
    noise = np.random.default_rng(7).normal(0, 4, img.shape)
    img = np.clip(img + noise, 0, 255).astype(np.uint8)
    return np.repeat(img[..., None], 3, axis=2)


def test_a_grey_ring_over_a_line_is_found():
    found = rings(page())
    assert len(found) == 1
    r = found[0]
    assert abs(r.cx - 430) < 8 and abs(r.cy - 315) < 8 and abs(r.r - 100) < 10
    assert r.crosses(LINE) is not None


def test_a_faint_ring_or_plain_print_is_no_seal():
    assert rings(page(ring=None)) == []
    assert rings(page(grey=236)) == []  # bleed-through from the other side of the leaf


def test_a_table_grid_is_no_seal():
    img = np.full((H, W), 243, np.uint8)
    for k in range(8):
        cv2.line(img, (60, 100 + 110 * k), (700, 100 + 110 * k), 30, 2)
    for x in (60, 200, 450, 700):
        cv2.line(img, (x, 100), (x, 870), 30, 2)
    assert rings(np.repeat(img[..., None], 3, axis=2)) == []


def test_a_colour_page_is_left_to_the_red_channel():
    img = page()
    img[..., 1:] = np.clip(img[..., 1:].astype(int) - 60, 0, 255).astype(np.uint8)
    cv2.circle(img, (200, 700), 90, (200, 30, 35), 7)
    assert not is_grey(img) and rings(img) == []


# -- what a ring over a line leaves unproved -----------------------------------------------------

RING = Ring(430, 315, 100)


def line(text: str) -> Line:
    return Line(text, 0.95, LINE)


def test_the_characters_under_the_ring_are_located():
    text = "原证书因保管不慎遗失经本人申请，予以补发"
    at = under(text, line(text), *RING.crosses(LINE))  # type: ignore[misc]
    assert "".join(text[k] for k in at) == "不慎遗失经本人申请，"


def test_a_lost_comma_under_a_grey_seal_is_doubt():
    # The one wrong remark that went out unflagged: 遗失，经本人申请 read 遗失经本人申请 under a
    # grey seal, every reading agreeing.
    text = "原证书因保管不慎遗失经本人申请，予以补发"
    assert doubts(line(text), agreed=True, last=True, rings=[RING]) == (True, False)


def test_one_clause_read_in_full_under_a_grey_seal_is_proved():
    text = "本人申请，身份证件号码已更正"
    assert doubts(line(text), agreed=True, last=True, rings=[RING]) == (False, False)


def test_must_still_flag_readings_that_disagree_or_an_unknown_word():
    text = "本人申请，身份证件号码已更正"
    assert doubts(line(text), agreed=False, last=True, rings=[RING]) == (True, False)
    assert doubts(line("本人申请，身份证件号妈已更正"), True, True, [RING])[0]


def test_a_line_ending_under_the_seal():
    end = Ring(690, 315, 100)
    assert doubts(line("经核实，身份证件号码已更正"), True, True, [end]) == (False, False)
    # At a wrap point the comma, or after 予以换 the last character, may be lost.
    assert doubts(line("原证书因保管不慎遗失"), True, False, [end])[0]
    assert doubts(line("原证书因保管不慎遗失经本人申请予以换"), True, True, [end])[0]


def test_a_seal_just_past_the_last_line_may_hide_how_the_entry_goes_on():
    # 证书遗失，予以补发 with the whole of ，予以补发 under a grey seal that begins past the
    # detected line: every reading says 证书遗失, and it was accepted without review.
    past = Ring(805, 315, 100)  # its ring starts a few pixels right of the line's box
    assert past.crosses(LINE) is None
    assert doubts(line("2020.06.17证书遗失"), True, True, [past]) == (True, False)
    # A line that ends in a closing phrase ends the entry there; a line the entry goes on from
    # (not its last) is left to the wrap rules.
    assert doubts(line("2020.06.17证书遗失，予以补发"), True, True, [past]) == (False, False)
    assert doubts(line("原证书因保管不慎遗失，"), True, False, [past]) == (False, False)


def test_an_opening_phrase_ending_the_last_line_under_the_seal_is_doubt():
    end = Ring(690, 315, 100)
    assert doubts(line("2020.06.17证书遗失"), True, True, [end])[0]


def test_a_date_under_the_seal_must_show_a_lost_digit():
    end = Ring(690, 315, 100)
    assert doubts(line("经核实，身份证件号码已更正2020年04月12日"), True, True, [end]) == (
        False,
        False,
    )
    # 2020年4月2日 may be 2020年4月12日 that lost its 1 under the seal: doubt.
    assert doubts(line("经核实，身份证件号码已更正2020年4月2日"), True, True, [end])[1]
    # 2020年5月 under it: 15月 is no month, 05月 the same one, so nothing can be lost there.
    assert doubts(Line("2020年5月12日", 0.9, (600, 300, 760, 330)), True, True, [end]) == (
        False,
        False,
    )


def test_a_date_opening_the_line_needs_no_comma():
    at_start = Ring(330, 315, 100)
    assert doubts(line("2020年04月12日经核实，身份证件号码已更正"), True, True, [at_start]) == (
        False,
        False,
    )


def test_a_line_the_ring_misses_is_untouched():
    below = Ring(430, 700, 100)
    read = line("原证书因保管不慎遗失经本人申请予以补发")
    assert doubts(read, True, True, [below]) == (False, False)


def _sure(text: str) -> Reading:
    return Reading(text, 0.99, tuple(((c, 0.99),) for c in text))


def test_reread_remark_flags_a_grey_seal_over_a_lost_comma(monkeypatch: pytest.MonkeyPatch):
    date = Line("2015年08月03日", 0.97, (100, 250, 330, 280))
    text = Line("原证书因保管不慎遗失经本人申请，予以补发", 0.97, LINE)
    said = {date.box: date.text, text.box: text.text}
    monkeypatch.setattr(
        _ocr, "readings", lambda pieces, red=True: [[_sure(said[box])] for _, box in pieces]
    )
    monkeypatch.setattr(
        _remarktext, "extend", lambda image, ls, ends=frozenset(), rings=(): (ls, False)
    )
    (r,) = entries([date, text], "2010-01-01")
    img = page()
    _, found, _ = reread_remark(img, r, 0, "2010-01-01", rings(img))
    assert ("text_under_seal", "annotations[0].text") in [(f.code, f.field) for f in found]
    note, clean, _ = reread_remark(img, r, 0, "2010-01-01", [])
    # The same entry on a colour page: the red channel has checked the seal's place; the text
    # still lacks the comma before 经本人申请, which any reading may drop (``lost_comma``) and
    # no reading saw, so the standard wording does not put it back: a person looks.
    assert note["text"] == "原证书因保管不慎遗失经本人申请，予以补发"
    assert [(f.code, f.field) for f in clean] == [("annotation_text", "annotations[0].text")]


# -- a grey seal's own lettering --------------------------------------------------------------

SEAL = Ring(600, 300, 100)


def test_a_grey_seals_centre_line_and_rim_lettering_are_no_remark_text():
    assert lettering(Line("行政审要专注章", 0.6, (540, 320, 660, 360)), [SEAL])
    assert lettering(Line("古自治区教", 0.9, (530, 200, 670, 240)), [SEAL])  # along the rim


def test_must_still_keep_a_remark_line_inside_a_seal():
    # A short wrapped line wholly under the seal holds a remark phrase: it is text.
    assert not lettering(Line("予以补发", 0.95, (550, 285, 650, 315)), [SEAL])
    assert not lettering(Line("2020年04月12日", 0.95, (540, 320, 660, 350)), [SEAL])
    assert not lettering(Line("行政审批专用章", 0.9, (540, 320, 660, 360)), [])  # no ring


def _widened_to(text: str) -> object:
    return lambda pieces, red=True: [[_sure(text), _sure(text)] for _ in pieces]


def test_seal_lettering_read_past_a_line_end_is_no_doubt(monkeypatch: pytest.MonkeyPatch):
    ln = Line("姓名变更，原证书收回，予以换发", 0.99, (72, 223, 472, 257))
    monkeypatch.setattr(_ocr, "readings", _widened_to("姓名变更，原证书收回，予以换发教"))
    img = np.full((600, 800, 3), 243, np.uint8)
    assert _remarktext.extend(img, [ln], rings=[Ring(468, 293, 95)]) == ([ln], False)
    assert _remarktext.extend(img, [ln])[1]  # no ring found: the added character is doubt


def test_must_still_flag_a_phrase_going_on_under_a_grey_seal(monkeypatch: pytest.MonkeyPatch):
    ln = Line("原证书收回，予以换发", 0.99, (72, 223, 472, 257))
    monkeypatch.setattr(_ocr, "readings", _widened_to("原证书收回，予以换发新证"))
    img = np.full((600, 800, 3), 243, np.uint8)
    assert _remarktext.extend(img, [ln], rings=[Ring(468, 293, 95)])[1]


def test_a_sticker_date_under_a_grey_seal_that_may_have_lost_a_digit_is_flagged():
    from scanning._seal_proof import sticker_findings as _grey_sticker
    from scanning._stickers import group

    def sticker(date: str) -> object:
        rows = ["注册结论：注册合格", "有效期：2016年09月01日至2021年08月31日",
                "注册机关：大宁县教育局", f"注册日期：{date}"]  # fmt: skip
        (s,) = group([Line(t, 0.98, (100, 300 + 40 * k, 500, 330 + 40 * k))
                      for k, t in enumerate(rows)])  # fmt: skip
        return s

    over_date = [Ring(450, 440, 90)]
    flagged = _grey_sticker(sticker("2016年7月5日"), 0, over_date)  # type: ignore[arg-type]
    assert [(f.code, f.field) for f in flagged] == [("text_under_seal", "registrations[0].date")]
    assert _grey_sticker(sticker("2016年07月05日"), 0, over_date) == []  # type: ignore[arg-type]
    assert _grey_sticker(sticker("2016年7月5日"), 0, []) == []  # type: ignore[arg-type]


def _two_views(plain: str, red: str) -> object:
    return lambda pieces, **_: [[_sure(plain), _sure(red)] for _ in pieces]


def test_red_seal_lettering_one_view_reads_past_the_end_is_no_doubt(
    monkeypatch: pytest.MonkeyPatch,
):
    ln = Line("原证书破损严重，同意换发新证", 0.99, (85, 173, 515, 216))
    img = np.full((600, 800, 3), 243, np.uint8)
    cv2.circle(img, (560, 250), 80, (200, 30, 35), 8)  # a red seal's ring past the line end
    monkeypatch.setattr(_ocr, "readings", _two_views(ln.text, ln.text + "区"))
    assert _remarktext.extend(img, [ln]) == ([ln], False)
    # Must still flag: no red ink there, or the addition completes a phrase (新证 + 书 → 证书),
    # or both views read more.
    assert _remarktext.extend(np.full((600, 800, 3), 243, np.uint8), [ln])[1]
    monkeypatch.setattr(_ocr, "readings", _two_views(ln.text, ln.text + "书"))
    assert _remarktext.extend(img, [ln])[1]
    monkeypatch.setattr(_ocr, "readings", _two_views(ln.text + "区", ln.text + "区"))
    assert _remarktext.extend(img, [ln])[1]


def test_words_of_one_clause_run_on_without_a_comma():
    text = "2019年12月4日原证书破损严重，同意换发新证"
    assert doubts(line(text), True, True, [Ring(456, 304, 83)]) == (False, False)
    # Must still flag: 姓名变更原证书收回 (the comma before 原证书 lost under the seal).
    assert doubts(line("姓名变更原证书收回，予以换发"), True, True, [Ring(300, 304, 83)])[0]


def test_a_wrap_without_its_comma_is_doubt():
    from scanning._seal_proof import lost_wrap_comma

    def entry(*texts: str) -> list[Line]:
        return [Line(t, 0.99, (100, 300 + 50 * k, 500, 335 + 50 * k)) for k, t in enumerate(texts)]

    assert lost_wrap_comma(entry("2017年4月5日姓名变更", "原证书收回，予以换发"))
    assert lost_wrap_comma(entry("原证书因保管不慎遗失", "经本人申请，予以补发"))
    # The comma read at the wrap, a wrap inside a clause, or a date line above: no doubt.
    assert not lost_wrap_comma(entry("2017年4月5日姓名变更，", "原证书收回，予以换发"))
    assert not lost_wrap_comma(entry("经本人申", "请予以换发"))
    assert not lost_wrap_comma(entry("2017年4月5日", "原证书收回，予以换发"))


def test_a_remark_date_whose_year_lost_a_digit_is_suggested_and_flagged():
    from scanning._sections import decode_remark

    lines = [Line("原证书因保管不慎遗失，", 0.99, (91, 220, 465, 269)),
             Line("经本人申请，予以补发", 0.99, (90, 271, 431, 312)),
             Line("223年12月03日", 0.99, (473, 334, 703, 381))]  # fmt: skip
    (r,) = entries(lines, "2010-01-01")
    entry, found, _ = decode_remark(r, 0, "2010-01-01")
    assert entry["date"] == "2023-12-03"
    assert [(f.code, f.field) for f in found if f.blocking] == [
        ("date_suggested", "annotations[0].date")
    ]
    # Must still flag without a suggestion when several years fit (201年 → 2001, 2010 … 2019).
    lines[2] = Line("201年12月03日", 0.99, (473, 334, 703, 381))
    (r,) = entries(lines, "2000-01-01")
    entry, found, _ = decode_remark(r, 0, "2000-01-01")
    assert entry["date"] is None and any(f.code == "date_format" for f in found)


def _mottled_seal(img: np.ndarray, centre: tuple[int, int], r: int) -> None:
    """A lightly pressed seal: its ring mottled (ink missing in spots) and paler than the
    dark lettering that runs around inside it, and a thin inner ring under the lettering."""
    ring = np.zeros_like(img)
    cv2.circle(ring, centre, r, 255, 7)
    spots = np.random.default_rng(3).random(img.shape) < 0.35  # where the ink did not take
    img[(ring > 0) & ~spots] = 165
    cv2.circle(img, centre, int(0.62 * r), 190, 2)
    for k in range(11):  # the office's name, character by character along the rim
        a = np.pi * (0.85 + 1.3 * k / 10)
        x, y = int(centre[0] + 0.8 * r * np.cos(a)), int(centre[1] + 0.8 * r * np.sin(a))
        cv2.rectangle(img, (x - 9, y - 9), (x + 9, y + 9), 40, -1)


def test_a_mottled_ring_paler_than_its_lettering_is_found():
    img = np.full((H, W), 243, np.uint8)
    _mottled_seal(img, (430, 315), 100)
    found = rings(np.repeat(img[..., None], 3, axis=2))
    assert len(found) == 1
    assert abs(found[0].cx - 430) < 8 and abs(found[0].cy - 315) < 8


def test_a_filled_round_shape_is_no_seal():
    # The holder's head in a greyscale photo: ink all the way in from its outer edge.
    img = np.full((H, W), 243, np.uint8)
    cv2.ellipse(img, (380, 500), (80, 100), 0, 0, 360, 120, -1)
    noise = np.random.default_rng(5).normal(0, 4, img.shape)
    img = np.clip(img + noise, 0, 255).astype(np.uint8)
    assert rings(np.repeat(img[..., None], 3, axis=2)) == []
