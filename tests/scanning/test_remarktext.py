"""Remark texts chosen among the recogniser's readings (hand-built readings, no OCR run)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from scanning import _ocr, _remarktext
from scanning._ocr import Line, Reading
from scanning._remarks import entries
from scanning._remarktext import choose
from scanning._sections import decode_remark, reread_remark

ISSUED = "2012-07-01"


def sure(text: str) -> Reading:
    """A reading the engine was sure of, character by character."""
    return Reading(text, 0.99, tuple(((c, 0.99),) for c in text))


def doubting(text: str, at: int, *alts: tuple[str, float]) -> Reading:
    """A reading unsure at position ``at``: the read character and the offered alternatives."""
    per = [((c, 0.99),) for c in text]
    per[at] = ((text[at], 0.45), *alts)
    return Reading(text, 0.9, tuple(per))


def test_an_offered_alternative_completing_a_phrase_is_chosen():
    # 楷体 期 read as 斯; the engine offered 期 (0.30) and 新: only 期 makes 出生日期.
    r = doubting("出生日斯已更正", 3, ("期", 0.30), ("新", 0.07))
    c = choose([r, r])
    assert (c.text, c.corrected, c.doubt) == ("出生日期已更正", True, "")


def test_a_character_the_engine_never_offered_is_not_written():
    # 卓 for ，予 under a seal: no alternative completes a phrase, so the doubt stays.
    r = doubting("卓以换发", 0, ("学", 0.22), ("孚", 0.09))
    c = choose([r, r])
    assert c.text == "卓以换发" and c.doubt


def test_two_offered_alternatives_completing_phrases_equally_stay_flagged():
    r = doubting("予以X发", 2, ("换", 0.3), ("补", 0.3))
    c = choose([r])
    assert c.text == "予以X发" and c.doubt


def test_readings_that_disagree_are_settled_by_the_phrase_they_form():
    # The page's reading lost 书; both re-readings have it.
    c = choose(
        [sure("姓名变更，原证收回"), sure("姓名变更，原证书收回"), sure("姓名变更，原证书收回")]
    )
    assert (c.text, c.corrected, c.doubt) == ("姓名变更，原证书收回", True, "")


def test_readings_that_disagree_equally_stay_flagged():
    # Neither reading completes a phrase: nothing prefers one, a person looks.
    c = choose([sure("经核查信息无讹"), sure("经核查信息无谈")])
    assert c.doubt
    # One of them does: it is chosen and the choice is recorded (corrected, no doubt).
    c = choose([sure("经核查信息无谋"), sure("经核查信息无误")])
    assert (c.text, c.corrected, c.doubt) == ("经核查信息无误", True, "")


def test_readings_disagreeing_in_digits_flag_the_date():
    c = choose([sure("2021.02.17出生日期已更正"), sure("2021.02.11出生日期已更正")])
    assert c.doubt and c.about == "date" and c.text == "2021.02.17出生日期已更正"


def test_sure_agreeing_readings_pass_unchanged():
    c = choose([sure("证书遗失，予以补发"), sure("证书遗失，予以补发")])
    assert (c.text, c.corrected, c.doubt) == ("证书遗失，予以补发", False, "")


def ln(text: str, x: int, y: int, w: int = 500, h: int = 30, r: Reading | None = None) -> Line:
    return Line(text, 0.96, (x, y, x + w, y + h), r.alternatives if r else ())


TITLE = ln("备注", 400, 20, 120, 40)
PAPER = np.full((400, 800, 3), 255, np.uint8)
PAPER[352:, 704:] = (200, 30, 35)  # a colour page: red ink far from the lines


def test_a_line_split_by_a_seal_is_joined_not_dropped_as_seal_ring():
    lines = [TITLE, ln("2019年09月30日", 60, 120, 250), ln("姓名变更，原证书收回", 60, 170, 350),
             ln("予以换发", 420, 168, 120)]  # fmt: skip
    [r] = entries(lines, ISSUED)
    assert r.text == "姓名变更，原证书收回予以换发"
    # The piece may as well be the seal's ring: the entry is marked for a person to look.
    assert r.under_seal


def test_a_short_box_far_right_of_the_text_is_still_seal_ring():
    lines = [TITLE, ln("2019年09月30日", 60, 120, 250), ln("姓名变更，原证书收回", 60, 170, 350),
             ln("教育局", 600, 168, 80)]  # fmt: skip
    [r] = entries(lines, ISSUED)
    assert r.text == "姓名变更，原证书收回"


def test_text_on_both_sides_of_a_date_is_flagged():
    # The second entry's date was lost under a seal: the date set apart at the right closes
    # the text above it, the text below is parted off; which side is its own is not proved.
    lines = [TITLE, ln("证书遗失，予以补发", 60, 120), ln("2023年10月4日", 600, 165, 250),
             ln("证书遗失，予以补发", 60, 260)]  # fmt: skip
    r, rest = entries(lines, ISSUED)
    assert rest.date is None and rest.text == "证书遗失，予以补发"
    _, found, _ = decode_remark(r, 0, ISSUED)
    assert "annotations[0].text" in {f.field for f in found if f.blocking}


def _fake_readings(by_text: dict[str, list[Reading]]) -> Any:
    def readings(pieces: list[tuple[Any, Any]], red: bool = True) -> list[list[Reading]]:
        return [by_text.get(str(box), [Reading("", 0.0)]) for _, box in pieces]

    return readings


def test_reread_remark_fixes_hand_written_text_and_notes_it(monkeypatch: pytest.MonkeyPatch):
    r = doubting("出生日斯已更正", 3, ("期", 0.30), ("新", 0.07))
    text = ln("2021.02.17 出生日斯已更正", 60, 120, 600)
    text = Line(text.text, text.score, text.box, ())  # the page reading carries no alternatives
    again = [Reading("2021.02.17出生日斯已更正", 0.95, ((("2", 0.99),),) * 10 + r.alternatives)]
    monkeypatch.setattr(_ocr, "readings", _fake_readings({str(text.box): again}))
    monkeypatch.setattr(
        _remarktext, "extend", lambda image, lines, ends=frozenset(), rings=(): (lines, False)
    )
    [entry] = entries([TITLE, text], ISSUED)
    note, found, _ = reread_remark(None, entry, 0, ISSUED)  # type: ignore[arg-type]
    assert note == {"date": "2021-02-17", "text": "出生日期已更正"}
    assert [f.severity for f in found] == ["note"]


def test_reread_remark_flags_a_row_that_goes_on(monkeypatch: pytest.MonkeyPatch):
    text = ln("证书污损，经本人申请予以换", 60, 120, 600)
    monkeypatch.setattr(_ocr, "readings", _fake_readings({str(text.box): [sure(text.text)]}))
    monkeypatch.setattr(
        _remarktext, "extend", lambda image, lines, ends=frozenset(), rings=(): (lines, True)
    )
    [entry] = entries([TITLE, ln("2024年03月08日", 60, 70, 250), text], ISSUED)
    note, found, _ = reread_remark(None, entry, 0, ISSUED)  # type: ignore[arg-type]
    # 予以换 is also 予以换发 without its last character: the wording puts it back, and both
    # reasons are named (no view read 发; the row may go on)
    assert note["text"] == "证书污损，经本人申请予以换发"
    assert [(f.code, f.field, f.severity) for f in found] == [
        ("corrected_text", "annotations[0].text", "warning"),
        ("text_under_seal", "annotations[0].text", "warning"),
    ]


def test_readings_differing_only_in_spacing_agree():
    c = choose([sure("2012年12月08日证书污损"), sure("2012年12月08日 证书污损")])
    assert (c.text, c.doubt) == ("2012年12月08日证书污损", "")


def _widened(text: str) -> Any:
    def readings(pieces: list[tuple[Any, Any]], red: bool = True) -> list[list[Reading]]:
        return [[sure(text), sure(text)] for _ in pieces]

    return readings


def test_a_comma_hidden_at_the_line_end_is_taken_when_the_widened_readings_agree(
    monkeypatch: pytest.MonkeyPatch,
):
    monkeypatch.setattr(_ocr, "readings", _widened("2012年12月08日证书污损，"))
    lines = [ln("2012年12月08日证书污损", 60, 120, 400), ln("经本人申请予以换发", 300, 170, 300)]
    got, goes_on = _remarktext.extend(PAPER, lines)
    assert [x.text for x in got][0] == "2012年12月08日证书污损，" and not goes_on


def test_characters_past_the_line_end_are_doubt_not_text(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(_ocr, "readings", _widened("经本人申请予以换发"))
    lines = [ln("经本人申请予以换", 60, 120, 300)]
    got, goes_on = _remarktext.extend(PAPER, lines)
    assert got[0].text == "经本人申请予以换" and goes_on


def test_a_running_head_above_the_centred_title_is_no_entry():
    lines = [
        ln("牛丑都奇种舞国味共另人半中", 194, 45, 400),
        ln("备注", 342, 92, 104, 60),
        ln("2023年10月8日", 90, 199, 183),
        ln("原证书破损严重，同意换发新证", 106, 244, 382),
    ]
    assert [(r.date and r.date.value, r.text) for r in entries(lines, ISSUED)] == [
        ("2023-10-08", "原证书破损严重，同意换发新证")
    ]


def test_a_seal_phrase_read_with_a_slip_is_no_remark_text():
    lines = [
        TITLE,
        ln("任教学科已更正", 60, 120, 300),
        ln("2025年05月20日", 600, 165, 250),
        ln("赖师资稿认定要用章", 620, 200, 180),
    ]
    assert [r.text for r in entries(lines, ISSUED)] == ["任教学科已更正"]


def test_two_characters_just_after_a_line_are_not_joined_but_flag_it():
    # 教育 from the seal's ring beside 证书遗失，予以补发: left out, the entry marked.
    lines = [TITLE, ln("证书遗失，予以补发", 60, 120, 300), ln("教育", 370, 122, 80),
             ln("2023年10月29日", 600, 165, 250)]  # fmt: skip
    [r] = entries(lines, ISSUED)
    assert r.text == "证书遗失，予以补发" and r.under_seal


def test_a_reading_that_lost_a_date_digit_does_not_outvote_the_date():
    c = choose([sure("2018.12.02"), sure("2018.12.0")])
    assert (c.text, c.doubt) == ("2018.12.02", "")


def test_a_seal_over_a_wrap_point_flags_but_over_a_read_line_end_does_not(
    monkeypatch: pytest.MonkeyPatch,
):
    sealed = PAPER.copy()
    sealed[100:220, 380:470] = (200, 30, 30)  # red seal ink right of both lines' ends
    lines = [ln("证书污损", 60, 120, 300), ln("经本人申请予以换发", 60, 170, 300)]
    monkeypatch.setattr(_ocr, "readings", lambda pieces, red=True: [[sure("证书污损")]])
    assert not _remarktext.extend(sealed, lines[:1])[1]  # last line, read through
    monkeypatch.setattr(
        _ocr,
        "readings",
        lambda pieces, red=True: [[sure("证书污损")], [sure("经本人申请予以换发")]],
    )
    assert bool(_remarktext.extend(sealed, lines)[1])  # a comma at the wrap may be lost


def _by_line(*texts: str) -> Any:
    """Widened readings, one agreeing pair per piece in order."""

    def readings(pieces: list[tuple[Any, Any]], red: bool = True) -> list[list[Reading]]:
        return [[sure(t), sure(t)] for t in texts[: len(pieces)]]

    return readings


def test_a_line_end_in_a_seal_read_through_is_no_doubt(monkeypatch: pytest.MonkeyPatch):
    last = ln("经本人申请予以换发", 60, 170, 300)
    monkeypatch.setattr(_ocr, "readings", _by_line("经本人申请予以换发"))
    assert not _remarktext.extend(PAPER, [last], frozenset({last.box}))[1]


def test_a_line_end_in_a_seal_that_ends_in_no_phrase_stays_doubt(monkeypatch: pytest.MonkeyPatch):
    # The seal hid 发 from every reading alike: agreement proves nothing here.
    last = ln("经本人申请予以换", 60, 170, 300)
    monkeypatch.setattr(_ocr, "readings", _by_line("经本人申请予以换"))
    assert bool(_remarktext.extend(PAPER, [last], frozenset({last.box}))[1])


def test_a_line_end_in_a_seal_in_greyscale_or_read_apart_stays_doubt(
    monkeypatch: pytest.MonkeyPatch,
):
    last = ln("经本人申请予以换发", 60, 170, 300)
    monkeypatch.setattr(_ocr, "readings", _by_line("经本人申请予以换发"))
    grey = PAPER[..., 0].copy()
    assert bool(_remarktext.extend(grey, [last], frozenset({last.box}))[1])
    apart = lambda pieces, red=True: [[sure("经本人申请予以换发"), sure("经本人申请予以补发")]]  # noqa: E731
    monkeypatch.setattr(_ocr, "readings", apart)
    assert bool(_remarktext.extend(PAPER, [last], frozenset({last.box}))[1])


def test_a_wrap_point_in_a_seal_is_read_through_only_when_its_comma_is_seen(
    monkeypatch: pytest.MonkeyPatch,
):
    lines = [ln("原证书因保管不慎遗失", 60, 120, 300), ln("经本人申请，予以补发", 60, 170, 300)]
    ends = frozenset(x.box for x in lines)
    monkeypatch.setattr(
        _ocr, "readings", _by_line("原证书因保管不慎遗失，", "经本人申请，予以补发")
    )
    got, goes_on = _remarktext.extend(PAPER, lines, ends)
    assert got[0].text.endswith("遗失，") and not goes_on
    monkeypatch.setattr(_ocr, "readings", _by_line("原证书因保管不慎遗失", "经本人申请，予以补发"))
    assert bool(_remarktext.extend(PAPER, lines, ends)[1])  # the comma may lie under the seal


def test_reread_remark_leaves_a_seal_end_to_the_widened_reading(monkeypatch: pytest.MonkeyPatch):
    text = ln("经本人申请予以换发", 60, 120, 600)
    monkeypatch.setattr(_ocr, "readings", _fake_readings({str(text.box): [sure(text.text)]}))
    asked: list[frozenset[Any]] = []
    monkeypatch.setattr(
        _remarktext,
        "extend",
        lambda image, lines, ends=frozenset(), rings=(): asked.append(ends) or (lines, False),
    )
    [entry] = entries([TITLE, ln("2024年03月08日", 60, 70, 250), text], ISSUED)
    entry.under_seal, entry.seal_ends = True, {text.box}
    _, found, _ = reread_remark(None, entry, 0, ISSUED)  # type: ignore[arg-type]
    assert asked == [frozenset({text.box})] and not [f for f in found if f.blocking]
    again = [sure(text.text), sure("经本人申请予以发")]  # readings under the seal disagree
    monkeypatch.setattr(_ocr, "readings", _fake_readings({str(text.box): again}))
    _, found, _ = reread_remark(None, entry, 0, ISSUED)  # type: ignore[arg-type]
    assert ("text_under_seal", "annotations[0].text") in [(f.code, f.field) for f in found]
    monkeypatch.setattr(_ocr, "readings", _fake_readings({str(text.box): [sure(text.text)]}))
    entry.split = True  # a line split by a seal: its carried piece may be seal ring
    _, found, _ = reread_remark(None, entry, 0, ISSUED)  # type: ignore[arg-type]
    assert ("text_under_seal", "annotations[0].text") in [(f.code, f.field) for f in found]


def test_a_widened_reading_that_lost_the_last_character_to_the_seal_is_no_doubt(
    monkeypatch: pytest.MonkeyPatch,
):
    sealed = PAPER.copy()
    sealed[100:220, 380:470] = (200, 30, 30)  # red seal ink right at the line's end
    last = ln("经核实，身份证件号码已更正", 60, 120, 330)
    dark = lambda pieces, red=True: [[sure(last.text), sure("经核实，身份证件号码已更")]]  # noqa: E731
    monkeypatch.setattr(_ocr, "readings", dark)
    assert not _remarktext.extend(sealed, [last])[1]  # the red channel read it through
    short = ln("经核实，身份证件号码已更", 60, 120, 330)
    lost = lambda pieces, red=True: [[sure(short.text), sure("经核实，身份证件号码已")]]  # noqa: E731
    monkeypatch.setattr(_ocr, "readings", lost)
    assert bool(_remarktext.extend(sealed, [short])[1])  # 正 may lie under the seal


def _by_start(texts: dict[int, str]) -> Any:
    """Widened readings chosen by the piece's left edge (an agreeing pair each)."""

    def readings(pieces: list[tuple[Any, Any]], red: bool = True) -> list[list[Reading]]:
        return [[sure(texts[box[0]]), sure(texts[box[0]])] for _, box in pieces]

    return readings


def test_a_seal_end_right_before_the_rest_of_its_line_is_no_line_end(
    monkeypatch: pytest.MonkeyPatch,
):
    # The detector cut one printed line at the seal; the boxes overlap by a few pixels.
    head = ln("2024年7月26日原证书损坏，", 59, 386, 358, 41)
    rest = ln("予以换发", 413, 390, 126, 36)
    seen = {59: "2024年7月26日原证书损坏，予以", 413: "予以换发"}
    monkeypatch.setattr(_ocr, "readings", _by_start(seen))
    assert not _remarktext.extend(PAPER, [head, rest], frozenset({head.box}))[1]
    apart = ln("予以换发", 560, 390, 126, 36)  # white space between: the seal may hide text
    seen[560] = "予以换发"
    assert bool(_remarktext.extend(PAPER, [head, apart], frozenset({head.box}))[1])


def test_a_choice_the_phrases_account_for_is_a_note_any_other_a_warning():
    from scanning._remark_read import _choice_findings
    from scanning._remarktext import Choice

    line = Line("经核实，身份证件号码己更正", 0.9, (0, 0, 100, 20))
    chosen = Choice("经核实，身份证件号码已更正", True)
    proven = _choice_findings("annotations[0]", [(line, chosen)])
    assert [(f.code, f.severity) for f in proven] == [("corrected_text", "note")]
    misread = Line("原证书损坏，予以换发", 0.9, (0, 0, 100, 20))
    left = _choice_findings("annotations[0]", [(misread, Choice("原证书损坏，予以换案", True))])
    assert [(f.code, f.severity) for f in left] == [("corrected_text", "warning")]
    assert left[0].field == "annotations[0].text"


def test_the_date_on_a_corrected_line_does_not_keep_the_choice_a_warning():
    from scanning._remark_read import _choice_findings
    from scanning._remarktext import Choice

    # Three readings, one without the comma after 严重: 年月日 are the date's, not free text.
    text = "2011年04月04日原证书破损严重，同意换发新证"
    line = Line("2011年04月04日 原证书破损严重，同意换发新证", 0.98, (0, 0, 400, 20))
    found = _choice_findings("annotations[0]", [(line, Choice(text, True))])
    assert [(f.code, f.severity) for f in found] == [("corrected_text", "note")]
    # Must still flag: a character outside every phrase beside the date (换案).
    odd = Choice("2011年04月04日原证书破损严重，同意换案新证", True)
    assert _choice_findings("annotations[0]", [(line, odd)])[0].severity == "warning"


def test_a_date_run_on_into_a_stray_digit_does_not_dispute_the_others():
    c = choose([sure("2023年7月12日"), sure("2023年7月12日"), sure("2023年7月122日")])
    assert (c.text, c.corrected, c.doubt) == ("2023年7月12日", True, "")
    # Must still flag: two clean readings whose dates differ in a digit.
    c = choose([sure("2023年7月12日"), sure("2023年7月22日")])
    assert c.doubt and c.about == "date"
