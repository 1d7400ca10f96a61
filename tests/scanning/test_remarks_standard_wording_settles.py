"""A remark read in doubt settled to the one standard wording that fits it (session 16)."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest

from scanning import _ocr, _remarktext
from scanning._ocr import Reading
from scanning._remark_extend import GoesOn, _ends_closed
from scanning._remark_standard import settle
from scanning._remarks import entries
from scanning._sections import reread_remark
from tests.scanning._remark_lines import ISSUED, TITLE, ln, sure
from tests.scanning._remark_lines import reread as _reread

# -- the rule, on texts ------------------------------------------------------------------------


def test_lost_commas_are_put_back_from_the_one_standard_wording_where_a_view_saw_them():
    lines = [("原证书损坏予以换发", ["原证书损坏予以换发", "原证书损坏，予以换发"])]
    assert settle("原证书损坏予以换发", lines).text == "原证书损坏，予以换发"  # type: ignore[union-attr]
    seen = ["姓名变更，原证书收回予以换发", "姓名变更原证书收回，予以换发"]
    got = settle("姓名变更原证书收回予以换发", [("姓名变更原证书收回予以换发", seen)])
    assert got is not None and (got.text, got.marks) == ("姓名变更，原证书收回，予以换发", 2)


def test_a_comma_no_view_saw_is_not_put_back():
    # The office may have written none (证书遗失予以补发): only a person can tell.
    assert settle("原证书损坏予以换发") is None
    assert settle("原证书损坏予以换发", [("原证书损坏予以换发", ["原证书损坏予以换发"])]) is None
    one = [("姓名变更原证书收回予以换发", ["姓名变更，原证书收回予以换发"])]
    assert settle("姓名变更原证书收回予以换发", one) is None  # the second comma unseen


def test_a_misread_mark_is_set_right_and_a_closing_full_stop_kept_as_read():
    got = settle("持证人身份证号码已升位、以本证记载号码为准。")
    assert got is not None and got.text == "持证人身份证号码已升位，以本证记载号码为准。"


def test_one_look_alike_outside_every_phrase_is_settled_and_named():
    got = settle("原证书因保管不俱遗失，经本人申请，予以补发")
    assert got is not None
    assert (got.text, got.swapped) == ("原证书因保管不慎遗失，经本人申请，予以补发", "俱→慎")


def test_a_word_read_inside_a_known_phrase_is_never_replaced():
    # 照片 is a phrase of its own: 照片遗失 is read as written, not made 证书遗失.
    assert settle("照片遗失，予以补发") is None


def test_an_unlike_character_is_not_replaced():
    assert settle("原证书因保管不好遗失，经本人申请，予以补发") is None


def test_two_standard_wordings_with_the_same_words_stay_in_doubt():
    # 经本人申请予以补发 is written with and without the comma: the missing marks are unknown.
    assert settle("原证书遗失经本人申请予以补发") is None


def test_a_mark_the_standard_lacks_keeps_the_text_as_read():
    assert settle("证书污损，经本人申请，予以换发") is None


def test_a_standard_text_read_right_is_left_alone():
    assert settle("证书遗失，予以补发") is None
    assert settle("证书遗失，予以补发。") is None


def test_a_rival_reading_that_is_a_phrase_of_its_own_leaves_the_doubt():
    lines = [("证书遗失", ["证书遗失", "证书遗失，"]), ("予以补发", ["予以补发", "予以换发"])]
    assert settle("证书遗失予以补发", lines) is None
    assert settle("证书遗失予以补发", lines[:1]) is not None


def test_a_rival_reading_that_is_no_word_is_decided_by_the_wording():
    lines = [
        ("2019年1月6日原证书因保管不俱遗失，", ["2019年1月6日原证书国保管不俱遗失。"]),
        ("经本人申请，予以补发", ["经本人申请，予以补发"]),
    ]
    got = settle("原证书因保管不俱遗失，经本人申请，予以补发", lines)
    assert got is not None and got.swapped == "俱→慎"


# -- the rule in the remark reader -----------------------------------------------------------


def test_a_comma_at_a_wrap_no_view_read_is_not_put_back_and_sent_for_review(
    monkeypatch: pytest.MonkeyPatch,
):
    # 原证书损坏 / 予以换发: a hand-written comma at the wrap that no view read, or none written.
    head, tail = ln("原证书损坏", 60, 120, 200), ln("予以换发", 60, 170, 160)
    date = ln("2025年01月02日", 60, 70, 250)
    by_box = {
        str(head.box): [sure("原证书损坏"), sure("原证书损坏")],
        str(tail.box): [sure("予以换发"), sure("予以换发")],
        str(date.box): [sure("2025年01月02日"), sure("2025年01月02日")],
    }
    note, found, _ = _reread(monkeypatch, by_box, [date, head, tail])
    assert note == {"date": "2025-01-02", "text": "原证书损坏予以换发"}
    assert any(f.severity != "note" for f in found), found
    assert not any(f.code == "corrected_text" for f in found)
    # One view that read the comma is enough to put it back, as a note.
    by_box[str(head.box)] = [sure("原证书损坏，"), sure("原证书损坏")]
    note, found, _ = _reread(monkeypatch, by_box, [date, head, tail])
    assert note == {"date": "2025-01-02", "text": "原证书损坏，予以换发"}
    assert any(f.code == "corrected_text" for f in found), found


def test_a_text_no_standard_wording_settles_stays_flagged(monkeypatch: pytest.MonkeyPatch):
    text, date = ln("照片遗失予以补发", 60, 120, 300), ln("2025年01月02日", 60, 70, 250)
    by_box = {str(text.box): [sure(text.text)] * 2, str(date.box): [sure(date.text)] * 2}
    note, found, _ = _reread(monkeypatch, by_box, [date, text])
    assert note["text"] == "照片遗失予以补发"
    # the date line's readings are left to the date rules: no settling is claimed for them
    assert not any("standard" in (f.evidence or {}) for f in found)


# -- a seal over a wrap point of a standard wording ------------------------------------------


def _with_goes_on(monkeypatch: pytest.MonkeyPatch, texts: list[str], goes_on: GoesOn):
    lines = [ln("2024年03月23日", 60, 70, 250)]
    lines += [ln(t, 60, 120 + 50 * k, 30 * len(t)) for k, t in enumerate(texts)]
    by_box = {str(x.box): [sure(x.text)] * 2 for x in lines}

    def readings(pieces: list[tuple[Any, Any]], red: bool = True) -> list[list[Reading]]:
        return [by_box.get(str(box), [Reading("", 0.0)]) for _, box in pieces]

    monkeypatch.setattr(_ocr, "readings", readings)
    monkeypatch.setattr(
        _remarktext, "extend", lambda image, ls, ends=frozenset(), rings=(): (ls, goes_on)
    )
    [entry] = entries([TITLE, *lines], ISSUED)
    note, found, _ = reread_remark(None, entry, 0, ISSUED)  # type: ignore[arg-type]
    return note, [(f.code, f.field) for f in found if f.blocking]


def test_a_seal_over_the_wrap_of_a_standard_wording_is_no_reason_for_review(
    monkeypatch: pytest.MonkeyPatch,
):
    texts = ["原证书因保管不慎遗失，", "经本人申请，予以补发"]
    wrap = GoesOn(wraps=frozenset({(60, 120, 60 + 30 * len(texts[0]), 150)}))
    note, flags = _with_goes_on(monkeypatch, texts, wrap)
    assert note["text"] == "原证书因保管不慎遗失，经本人申请，予以补发" and flags == []


def test_a_seal_over_a_wrap_of_free_wording_or_over_the_end_still_flags(
    monkeypatch: pytest.MonkeyPatch,
):
    box = frozenset({(60, 120, 360, 150)})
    _, flags = _with_goes_on(monkeypatch, ["照片脱落，重新", "粘贴照片"], GoesOn(wraps=box))
    assert ("text_under_seal", "annotations[0].text") in flags
    texts = ["原证书因保管不慎遗失，", "经本人申请，予以补发"]
    _, flags = _with_goes_on(monkeypatch, texts, GoesOn(ends=True))
    assert ("text_under_seal", "annotations[0].text") in flags


def test_a_view_misreading_the_last_two_characters_under_a_seal_reads_nothing_past_them():
    page = np.full((100, 100, 3), 255, np.uint8)
    page[80:, 80:] = (200, 30, 35)  # a colour page: red ink in a corner
    line = "经本人申请，予以补发"
    assert _ends_closed(page, line, {line, "经本人申请，予以教书"})
    assert not _ends_closed(page, line, {line, "经本人申请，予教书书"})  # three: unknown
    assert not _ends_closed(page, line, {line, "经本人申请，予以补发书"})  # one more read


def test_readings_of_a_standard_wording_that_disagree_are_decided_by_it():
    lines = [
        ("2024年10月24日原证书因保管不慎遗失，", ["2024年10月24日原证书因保管不填遗失。"]),
        ("经本人申请，予以补发", ["经本人申请，予以补发"]),
    ]
    got = settle("原证书因保管不慎遗失，经本人申请，予以补发", lines)
    assert got is not None and (got.marks, got.swapped) == (0, "")
    # … but not whether the entry closes with a full stop: it is written either way.
    ends = [("证书遗失，予以补发", ["证书遗失，予以补发。"])]
    assert settle("证书遗失，予以补发", ends) is None


def test_of_two_wordings_with_the_same_words_the_one_read_with_its_marks_decides():
    lines = [("原证书遗失，经本人申请，", ["原证书遣失，经本人申请。"]), ("予以补发", ["予以补发"])]
    got = settle("原证书遗失，经本人申请，予以补发", lines)
    assert got is not None and got.text == "原证书遗失，经本人申请，予以补发"


def test_readings_that_differ_in_a_digit_are_never_decided_by_the_wording():
    lines = [("2024年10月24日证书遗失，", ["2024年10月21日证书遗夫，"]), ("予以补发", ["予以补发"])]
    assert settle("证书遗失，予以补发", lines) is None


def test_an_unsure_character_on_a_dated_line_is_not_decided_by_the_wording():
    lines = [("2022.12.09，证书遗失，", ["2022.12.09，证书遗失，"]), ("予以补发", ["予以补发"])]
    settled = settle("证书遗失，予以补发", lines, doubted=[0])
    assert settled is not None and not settled.decides  # the doubt (a digit maybe) stays
    settled = settle("证书遗失，予以补发", lines, doubted=[1])
    assert settled is not None and settled.decides


def test_a_date_line_whose_readings_differ_is_not_decided_by_the_wording(
    monkeypatch: pytest.MonkeyPatch,
):
    date, text = ln("2025年6月29日", 60, 70, 250), ln("经核查信息无误", 60, 120, 300)
    by_box = {
        str(date.box): [sure("2025年6月29日"), sure("2025年6月29日核")],
        str(text.box): [sure(text.text)] * 2,
    }
    note, found, _ = _reread(monkeypatch, by_box, [date, text])
    assert note["text"] == "经核查信息无误"
    # the date line's readings are left to the date rules: no settling is claimed for them
    assert not any("standard" in (f.evidence or {}) for f in found)


def test_a_single_line_short_of_its_wording_s_marks_is_sent_for_review(
    monkeypatch: pytest.MonkeyPatch,
):
    # 经核实身份证件号码已更正 on one line: the comma of 经核实， lost by every view (a phone
    # photo), nothing on the page proves it: a person looks, the text stays as read.
    text, date = ln("经核实身份证件号码已更正", 60, 120, 400), ln("2025年01月02日", 60, 70, 250)
    by_box = {str(text.box): [sure(text.text)] * 2, str(date.box): [sure(date.text)] * 2}
    note, found, _ = _reread(monkeypatch, by_box, [date, text])
    assert note["text"] == "经核实身份证件号码已更正"
    assert [f.code for f in found if f.field == "annotations[0].text" and f.blocking] == [
        "annotation_text"]
    by_box[str(text.box)] = [sure("经核实，身份证件号码已更正")] * 2  # read whole: nothing to say
    note, found, _ = _reread(monkeypatch, by_box, [date, text])
    assert not [f for f in found if f.blocking], found
