"""Right remark entries no longer flagged where the readings prove them (issue 12, wave 10):
dates whose readings differ only in zero padding, and a wrap comma one reading saw as a dot."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr
from scanning._ocr import Line, Reading
from scanning._remarks import entries
from scanning._remarktext import Choice, choose, extend

LOST = "2024年07月14日原证书因保管不慎遗失"


def sure(text: str) -> Reading:
    return Reading(text, 0.95)


# -- zero padding --------------------------------------------------------------------------------


def test_readings_of_one_date_differing_in_padding_agree():
    # 0035_IMG.pdf (seed 707070): 2024.9.17 / 2024.09.17 were a digit disagreement.
    c = choose([sure("2024.9.17"), sure("2024.09.17")])
    assert (c.text, c.doubt) == ("2024.9.17", "")


def test_readings_of_two_dates_still_disagree():
    # 2024.1.17 / 2024.11.17: a lost 1 makes another date; both are options.
    c = choose([sure("2024.1.17"), sure("2024.11.17")])
    assert c.about == "date" and c.doubt and c.options == ("2024.1.17", "2024.11.17")
    # A third reading with another day keeps the padding pair in doubt too.
    c = choose([sure("2024.9.17"), sure("2024.09.17"), sure("2024.09.11")])
    assert c.about == "date" and c.doubt


# -- the comma at a wrap -------------------------------------------------------------------------


def test_a_wrap_comma_read_as_a_dot_is_the_comma_before_a_clause():
    # 0009_scan.tif (seed 602214): 遗失， / 遗失. tied; the next row opens 经本人申请.
    c = choose([sure(LOST + "，"), sure(LOST + ".")], "经本人申请，予以补发")
    assert c == Choice(LOST + "，", True, proved=True)
    c = choose([sure(LOST + "."), sure(LOST + "，")], "予以补发")
    assert c.text == LOST + "，" and not c.doubt


def test_the_tie_stays_in_doubt_without_a_clause_after_or_with_a_full_stop():
    # The last line of an entry (nothing follows), a next row opening mid-clause (本人申请: a
    # word may be lost), and 。 against ， (two marks of Chinese) stay a disagreement.
    for readings, nxt in (
        ([LOST + "，", LOST + "."], None),
        ([LOST + "，", LOST + "."], "本人申请，予以补发"),
        ([LOST + "，", LOST + "。"], "经本人申请，予以补发"),
    ):
        c = choose([sure(t) for t in readings], nxt)
        assert c.doubt.startswith("几次识别结果不一致"), (readings, nxt)


# -- digits outside the date ---------------------------------------------------------------------


def test_stray_digits_in_a_garbled_text_give_way_to_the_phrased_reading():
    # 0028_IMG.pdf (seed 602214): the page read 民08己更正 (hand-written 族信息已), the re-read
    # 民族信息已更正; both hold 2025年5月4日, so the digits are no date disagreement.
    c = choose([sure("2025年5月4日民08己更正"), sure("2025年5月4日民族信息已更正")])
    assert (c.text, c.doubt, c.proved) == ("2025年5月4日民族信息已更正", "", True)


def test_digits_the_choice_would_keep_or_another_date_stay_in_doubt():
    # Digits of the text itself (a number corrected) that the readings differ on, and readings
    # of two different dates, are never settled by the phrases.
    c = choose([sure("2025年5月4日号码更正为1234"), sure("2025年5月4日号码更正为1235")])
    assert c.about == "date" and c.doubt
    c = choose([sure("2025年5月4日民08己更正"), sure("2025年5月14日民族信息已更正")])
    assert c.about == "date" and c.doubt


# -- a seal's centre line joined to a remark ----------------------------------------------------

TITLE = Line("备注栏", 0.9, (347, 106, 462, 155))
DATED = Line("2025年06月17日", 0.9, (127, 160, 400, 200))


def read(*more: Line) -> list[tuple[str | None, str | None, bool]]:
    got = entries([TITLE, DATED, *more], "2010-01-01")
    return [(r.date.value if r.date else None, r.text, r.under_seal) for r in got]


def test_a_seal_centre_line_glued_onto_the_remark_is_cut_and_the_end_doubted():
    # 0006_scan.pdf (seed 602214): 原证书损坏，予以换发教师资格认定专 — the seal's centre line
    # (教师资格认定专用章, cut after 专) read into the entry.
    glued = Line("原证书损坏，予以换发教师资格认定专", 0.9, (127, 217, 644, 268))
    assert read(glued) == [("2025-06-17", "原证书损坏，予以换发", True)]
    alone = Line("教师资格认定专", 0.9, (427, 230, 550, 270))
    line = Line("原证书损坏，予以换发", 0.9, (127, 217, 420, 268))
    assert read(line, alone)[0][:2] == ("2025-06-17", "原证书损坏，予以换发")


def test_text_that_only_resembles_a_seal_line_stays():
    # 专 after another word, or 认定 inside the text, is remark text.
    line = Line("学历由中专更正为大专", 0.9, (127, 217, 600, 268))
    assert read(line) == [("2025-06-17", "学历由中专更正为大专", False)]


# -- the closing phrase the detector missed ------------------------------------------------------

PAGE = np.full((400, 800, 3), 250, np.uint8)
CUT = Line("2018.12.30 证书遗失，", 0.99, (59, 225, 436, 276))


def fake_views(monkeypatch: pytest.MonkeyPatch, by_width: dict[int, list[str]]) -> None:
    """Widened re-reads: what each view reads, by how far right the box reaches."""

    def readings(pieces, red=True):  # type: ignore[no-untyped-def]
        out = []
        for _, box in pieces:
            reach = max((w for w in by_width if w <= box[2]), default=None)
            texts = by_width[reach] if reach is not None else ["2018.12.30 证书遗失，"] * 2
            out.append([Reading(t, 0.97) for t in texts])
        return out

    monkeypatch.setattr(_ocr, "readings", readings)


def test_a_closing_phrase_past_the_box_is_read_with_the_box_widened(monkeypatch):
    # 0016_scan.tif (seed 602214): the detector's box stopped at 证书遗失，; 1.6 heights more
    # read 予以, four heights the whole 予以补发 (then the seal's lettering, left out).
    fake_views(monkeypatch, {500: ["2018.12.30 证书遗失，予以"] * 2,
                             600: ["2018.12.30 证书遗失，予以补发教师"] * 2})  # fmt: skip
    lines, goes_on = extend(PAGE, [CUT])
    assert lines[0].text == "2018.12.30 证书遗失，予以补发" and goes_on


def test_views_that_differ_or_add_no_phrase_leave_the_line_as_read(monkeypatch):
    differ = ["2018.12.30 证书遗失，予以补发", "2018.12.30 证书遗失，予以补友"]
    fake_views(monkeypatch, {500: ["2018.12.30 证书遗失，予以"] * 2, 600: differ})
    lines, goes_on = extend(PAGE, [CUT])
    assert lines[0].text == CUT.text and goes_on
    fake_views(monkeypatch, {500: ["2018.12.30 证书遗失，江西"] * 2,
                             600: ["2018.12.30 证书遗失，江西省教育厅"] * 2})  # fmt: skip
    lines, goes_on = extend(PAGE, [CUT])
    assert lines[0].text == CUT.text and goes_on


# -- show-through read past a line's end ---------------------------------------------------------


def test_characters_read_past_the_end_in_faint_ink_are_no_writing(monkeypatch):
    # 0015_scan.pdf (seed 707070): 经本人申请，予以补发 + 主出 — the other side's 出生 seen
    # through the paper right of the line, read by the widened views.
    line = Line("经本人申请，予以补发", 0.96, (362, 249, 662, 300))
    page = np.full((400, 800, 3), 250, np.uint8)
    page[252:298:3, 362:660] = 40  # the line's print
    page[255:295:3, 680:740] = 215  # show-through
    fake_views(monkeypatch, {700: ["经本人申请，予以补发主出", "经本人申请，以社发主出"]})
    assert extend(page, [line]) == ([line], False)
    page[255:295:3, 680:740] = 60  # dark as writing: the line may go on
    assert extend(page, [line])[1]


# -- 因保管不慎 ----------------------------------------------------------------------------------


def test_a_reading_that_lost_yin_gives_way_to_the_phrase():
    # 0023_scan.tif (seed 919191): two readings 原证书因保管不慎遗失， and the red channel's
    # 原证书保管不慎遗失，; 因保管不慎 is the remark's wording, so the choice is proved (a note).
    full = "2013年7月17日原证书因保管不慎遗失，"
    c = choose([sure(full), sure(full), sure("2013年7月17日原证书保管不慎遗失，")])
    assert (c.text, c.doubt, c.proved) == (full, "", True)


def test_two_phrased_readings_of_the_line_stay_in_doubt():
    # 遗失 / 丢失 are both remark words: the phrases cannot choose, a person looks.
    c = choose([sure("原证书因保管不慎遗失，"), sure("原证书因保管不慎丢失，")])
    assert c.doubt.startswith("几次识别结果不一致")
