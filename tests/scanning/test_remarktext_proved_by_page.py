"""Remark texts read right are not flagged for what the page itself proves (session 14): a wrap
inside one word, 审核同意 closing its clause, a zero in two code points, a date's separator, a
reading that only lost characters two others agree on. Hand-built readings, no OCR run."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _remarktext
from scanning._ocr import Line, Reading
from scanning._remark_doubt import lost_comma, text_doubt
from scanning._remark_phrases import across, opens_clause
from scanning._remarktext import choose
from scanning._seal_proof import lost_wrap_comma


def sure(text: str) -> Reading:
    return Reading(text, 0.99, tuple(((c, 0.99),) for c in text))


def at(text: str, k: int, *alts: tuple[str, float]) -> Reading:
    """A reading sure of every character but the one at ``k``, which has ``alts``."""
    per: list[tuple[tuple[str, float], ...]] = [((c, 0.99),) for c in text]
    per[k] = alts
    return Reading(text, 0.93, tuple(per))


def ln(text: str, x: int, y: int, w: int = 400, h: int = 30) -> Line:
    return Line(text, 0.96, (x, y, x + w, y + h))


# -- a wrap inside one word ----------------------------------------------------------------------


def test_a_phrase_across_a_wrap_is_found_and_a_clause_break_is_not():
    assert across("原证书遗失，经本人申请，予以补", "发") == "予以补发"
    assert across("原证书遗失，经本人申请，予以", "补发") == "予以补发"
    assert across("育局审核同意，补发教师资格", "证书") == "教师资格证书"
    assert across("原证书因保管不慎遗失", "经本人申请，予以补发") is None
    assert across("予以补发", "原证书作废") is None
    assert across("照片脱落，重新粘贴照片并加盖钢", "印") == "钢印"
    assert across("证书污损", "同意换发") is None


def _red_seal_right_of(lines: list[Line]) -> np.ndarray:
    page = np.full((400, 800, 3), 255, np.uint8)
    for x in lines:
        page[x.box[1] - 5 : x.box[3] + 5, x.box[2] : x.box[2] + 60] = (200, 30, 30)
    return page


def test_a_seal_over_a_wrap_inside_one_word_is_no_doubt(monkeypatch: pytest.MonkeyPatch):
    # 予以补 / 发: the seal right of 补 hides nothing, or the next row would not finish the word.
    lines = [ln("原证书遗失，经本人申请，予以补", 60, 120), ln("发（2023年11月25日）", 60, 170)]
    page = _red_seal_right_of(lines[:1])
    views = [[sure(lines[0].text), sure("原证书遗失，经本人申请：我台")], [sure(lines[1].text)] * 2]
    monkeypatch.setattr(_ocr, "readings", lambda pieces, red=True: views[: len(pieces)])
    assert not _remarktext.extend(page, lines)[1]
    # The same seal over a wrap between two clauses (遗失 / 经本人申请): its comma may be lost.
    lines = [ln("原证书因保管不慎遗失", 60, 120), ln("经本人申请，予以补发", 60, 170)]
    views = [[sure(lines[0].text), sure("原证书因保管不慎遗")], [sure(lines[1].text)] * 2]
    monkeypatch.setattr(_ocr, "readings", lambda pieces, red=True: views[: len(pieces)])
    assert _remarktext.extend(page, lines)[1]


def test_readings_that_differ_inside_a_word_the_next_row_finishes_are_proved():
    line = "原证书遗失，经本人申请，予以补"
    c = choose([sure(line), sure(line), sure("原证书遗失，经本人申请：我台")], "发")
    assert (c.text, c.corrected, c.doubt, c.proved) == (line, True, "", True)
    # Without the next row 予以补 is no phrase: not proved.
    assert not choose([sure(line), sure(line), sure("原证书遗失，经本人申请：我台")]).proved


# -- 审核同意，: the verb closing its clause -------------------------------------------------------


def test_an_opener_verb_a_comma_follows_opens_no_clause():
    text = "经本人申请，韶关市乐昌市教育局审核同意，补发教师资格证书"
    assert lost_comma(text) is None
    assert text_doubt(text) is None
    assert opens_clause(text, text.index("同意")) is None
    assert opens_clause("经本人申请，予以补发", 0) == "经本人申请"  # a clause whole
    # Still flagged: 同意 opening its clause, 予以 after a clause, each without the comma.
    assert lost_comma("原证书破损严重同意换发新证") == "同意"
    assert lost_comma("姓名变更，原证书收回予以换发") == "予以"


def test_a_wrap_before_审核同意_closing_its_clause_wants_no_comma():
    def entry(*texts: str) -> list[Line]:
        return [ln(t, 100, 300 + 50 * k) for k, t in enumerate(texts)]

    wrapped = entry("经本人申请，白山市抚松县教育局审核", "同意，补发教师资格证书")
    assert not lost_wrap_comma(wrapped)
    assert lost_wrap_comma(entry("原证书破损严重", "同意换发新证"))


# -- a date's zero and separators ----------------------------------------------------------------


def test_a_zero_split_between_its_two_code_points_is_no_doubt():
    text = "（二〇一○年七月二十六日）"
    k = text.index("○")
    c = choose([at(text, k, ("○", 0.52), ("〇", 0.44)), sure(text)])
    assert c.doubt == ""
    # A zero against another numeral is still doubt (二〇一一年 is a real date too).
    assert choose([at(text, k, ("○", 0.52), ("一", 0.44))]).doubt


def test_a_date_separator_without_a_digit_offered_is_no_doubt():
    c = choose([at("2023.05.19", 7, (".", 0.55), (" ", 0.009)), sure("2023.05.19")])
    assert c.doubt == ""
    # A digit offered for it is doubt: 2023.05119 is no date, but the place was hard to read.
    assert choose([at("2023.05.19", 7, (".", 0.55), ("1", 0.3))]).doubt


def test_a_date_word_other_views_read_as_another_character_is_no_doubt():
    # 2023年12月15日 under a grey seal: two views read its 年 as 集, the page's own reading is
    # unsure of it but offers no digit there; the date's value is its digits, read alike.
    first = at("2023年12月15日", 4, ("年", 0.55), ("集", 0.4))
    c = choose([first, sure("2023集12月15日"), sure("2023集12月15日")])
    assert (c.text, c.doubt, c.same_digits) == ("2023年12月15日", "", True)
    # A digit offered in the 月's place is doubt: 2023年12115日 is no date, but 12 or 121 …
    assert choose([at("2023年12月15日", 7, ("月", 0.55), ("1", 0.3))]).doubt


def test_a_date_disagreement_names_the_reading_that_differs():
    c = choose([sure("2020年11月25日"), sure("2020年11月25日"), sure("2020年1月25日")])
    assert c.doubt == "几次识别的日期数字不一致：“2020年11月25日” / “2020年1月25日”"


# -- a reading that lost characters -------------------------------------------------------------


def test_a_reading_that_only_lost_characters_two_others_agree_on_is_proved():
    full = "持证人身份证号码已升位，以本证记载"
    c = choose([sure(full), sure("持证人身份证号码已升位证记载"), sure(full)])
    assert (c.text, c.corrected, c.doubt, c.proved) == (full, True, "", True)
    # One reading against one is no proof; nor a reading that differs in a character.
    assert not choose([sure(full), sure("持证人身份证号码已升位证记载")]).proved
    other = "特证人身份证号码已升位，以本证记载"
    assert not choose([sure(full), sure(other), sure(full)]).proved
    # A character only the re-reads have at the line's edge: a glyph the box cut (寺 for 持).
    cut = "寺证人曾用名“郝雪”"
    assert not choose([sure(cut[1:]), sure(cut), sure(cut)]).proved


def test_a_mark_a_reading_saw_and_the_choice_lost_is_not_proved_by_a_phrase():
    # 。 closing the entry, read once and lost by two re-reads: 证书 beside it proves nothing.
    line = "核同意，补发教师资格证书"
    c = choose([sure(line + "。"), sure(line), sure(line)])
    assert (c.text, c.corrected, c.proved) == (line, True, False)


def test_a_traditional_form_of_the_chosen_character_is_no_disagreement():
    line = "经本人申请，吴堡县教育局审"
    c = choose(
        [sure(line), sure("經本人申請，吳堡縣教育局宙"), sure("經本人申請，吳堡縣教育局宙")],
        "核同意",
    )
    assert (c.text, c.proved) == (line, True)  # 审 of 审核 across the wrap; 縣 is 县
    assert not choose([sure(line), sure("經本人申請，吳堡縣教育局宙")]).proved  # 审 unproved


def test_a_seal_read_past_a_wrap_inside_one_word_is_no_text(monkeypatch: pytest.MonkeyPatch):
    # 原证书作 / 废: the widened views read the seal's lettering after 作 (作数, 作教).
    lines = [ln("因原证书污损，予以换发，原证书作", 60, 120), ln("废。", 60, 170, 60)]
    page = _red_seal_right_of(lines[:1])
    views = [[sure(lines[0].text + "数"), sure(lines[0].text + "教")], [sure("废。")] * 2]
    monkeypatch.setattr(_ocr, "readings", lambda pieces, red=True: views[: len(pieces)])
    assert not _remarktext.extend(page, lines)[1]
    lines = [ln("因原证书污损，予以换发，原证书", 60, 120), ln("作废。", 60, 170, 90)]
    views = [[sure(lines[0].text + "数"), sure(lines[0].text + "教")], [sure("作废。")] * 2]
    monkeypatch.setattr(_ocr, "readings", lambda pieces, red=True: views[: len(pieces)])
    assert _remarktext.extend(page, lines)[1]  # 原证书 / 作废: no word across the wrap
