"""Readings of a remark or sticker that disagree, settled only where the rules leave one
candidate (a note) and still flagged where two fit (no OCR run)."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from core.rules import Finding
from scanning import _ocr, _remarktext
from scanning._agree import disagreements, failed_keys, settle_date, windows
from scanning._ocr import Line, Reading
from scanning._remarktext import Choice, choose
from scanning._sticker_read import _one_sticker

QUALIFIED = {
    "conclusion": "注册合格", "valid_from": "2016-09-01", "valid_until": "2021-08-31",
    "authority": "泸定县教育局", "date": "2016-08-20",
}  # fmt: skip


def _second(period: str, authority: str, when: str) -> tuple[dict[str, object], list[Finding]]:
    rows = [
        "注册结论：注册合格",
        f"有效期：{period}",
        f"注册机关：{authority}",
        f"注册日期：{when}",
    ]
    lines = [Line(t, 0.98, (100, 300 + 40 * k, 500, 330 + 40 * k)) for k, t in enumerate(rows)]
    got = _one_sticker(0)(lines)
    assert got is not None
    return got


def _codes(found: list[Finding]) -> list[tuple[str, str, str]]:
    return [(f.code, f.field, f.severity) for f in found]


# -- stickers: a second reading that breaks a rule is no rival ---------------------------------


def test_a_second_reading_that_is_no_authority_does_not_dispute_the_first():
    entry, found = _second("2016.09.01至2021.08.31", "泸县教育", "2016年8月20日")
    assert entry["authority"] != QUALIFIED["authority"]
    broke = failed_keys(found, "registrations[0]")
    assert "authority" in broke
    got = disagreements(dict(QUALIFIED), entry, "registrations[0]", broke)
    assert _codes(got) == [("settled_reading", "registrations[0].authority", "note")]


def test_a_second_period_end_off_the_five_year_rule_does_not_dispute_the_first():
    entry, found = _second("2016.09.01至2021.08.01", "泸定县教育局", "2016年8月20日")
    broke = failed_keys(found, "registrations[0]")
    got = disagreements(dict(QUALIFIED), entry, "registrations[0]", broke)
    assert _codes(got) == [("settled_reading", "registrations[0].valid_until", "note")]


@pytest.mark.parametrize(("office", "code", "severity"), [
    ("巨野县教育局", "settled_reading", "note"),  # one of its candidates: no rival
    ("巨野县教委", "ocr_disagreement", "warning"),  # none of them: a rival still
])
def test_a_second_authority_near_several_offices_rivals_only_a_first_outside_them(
    office: str, code: str, severity: str
) -> None:
    # 巨野县教存局 may be 巨野县教体局 or 巨野县教育局: it offers nothing but those two
    first = {**QUALIFIED, "authority": office}
    entry, found = _second("2016.09.01至2021.08.31", "巨野县教存局", "2016年8月20日")
    broke = failed_keys(found, "registrations[0]", first)
    got = disagreements(first, entry, "registrations[0]", broke)
    assert _codes(got) == [(code, "registrations[0].authority", severity)]


def test_must_still_flag_two_readings_that_both_keep_every_rule():
    # 8月20日 / 8月26日: both real decision dates before the period: nothing chooses.
    entry, found = _second("2016.09.01至2021.08.31", "泸定县教育局", "2016年8月26日")
    broke = failed_keys(found, "registrations[0]")
    got = disagreements(dict(QUALIFIED), entry, "registrations[0]", broke)
    assert _codes(got) == [("ocr_disagreement", "registrations[0].date", "warning")]
    # A second reading that found no sticker at all is doubt as before.
    assert _codes(disagreements(dict(QUALIFIED), None, "registrations[0]")) == [
        ("ocr_disagreement", "registrations[0]", "warning")
    ]


# -- remark dates: the page order settles two real dates ---------------------------------------


def _date_choice() -> list[tuple[Line, Choice]]:
    c = choose([_sure("2021年4月18日"), _sure("2021年1月18日"), _sure("2021年4月18日")])
    assert c.about == "date" and c.doubt  # two real dates: the lexicon cannot choose
    return [(Line(c.text, 0.97, (100, 100, 300, 130)), c)]


def test_a_remark_date_only_one_reading_of_which_fits_the_page_order_is_taken():
    chosen = _date_choice()
    # The entry above is dated 2021-03-02: 2021-01-18 would break the order.
    [(ln, c)], notes = settle_date(chosen, ("2021-03-02", "2026-12-01"))
    assert ln.text == "2021年4月18日" and not c.doubt and c.corrected
    assert len(notes) == 1


def test_must_still_flag_a_remark_date_when_both_readings_fit_the_order():
    chosen = _date_choice()
    [(ln, c)], notes = settle_date(chosen, ("2020-01-01", "2026-12-01"))
    assert c.doubt and c.about == "date" and ln.text == "2021年4月18日" and notes == []


def test_windows_take_bounds_only_from_neighbours_whose_date_is_sure():
    notes = [{"date": "2019-05-10"}, {"date": "2021-01-18"}, {"date": "2021-06-01"}]
    doubt = Finding("ocr_disagreement", "annotations[1].date", "…", "warning")
    names = [f"annotations[{k}]" for k in range(3)]
    got = windows(notes, [[], [doubt], []], names, "2015-07-01", "2026-12-01")
    assert got == [None, ("2019-05-10", "2021-06-01"), None]
    # The entry below in doubt itself: it bounds nothing.
    below = Finding("date_format", "annotations[2].date", "…")
    got = windows(notes, [[], [doubt], [below]], names, "2015-07-01", "2026-12-01")
    assert got[1] == ("2019-05-10", "2026-12-01")


# -- remark text: a comma in either width, red seal lettering, a wrap at a seal ----------------


def _sure(text: str) -> Reading:
    return Reading(text, 0.99, tuple(((c, 0.99),) for c in text))


def test_a_comma_read_in_either_width_is_the_same_reading():
    c = choose([_sure("2023年12月09日证书污损，"), _sure("2023年12月09日证书污损,")])
    assert c == Choice("2023年12月09日证书污损，")
    comma = ((",", 0.6), ("，", 0.38))  # the engine split its belief between the two widths
    split = Reading("证书污损,", 0.99, (*(((ch, 0.99),) for ch in "证书污损"), comma))
    assert choose([split]) == Choice("证书污损，")


def test_must_still_flag_a_comma_only_some_readings_saw():
    c = choose([_sure("证书遗失，予以补发"), _sure("证书遗失予以补发")])
    assert c.doubt or c.corrected


def _two_views(plain: str, red: str) -> object:
    return lambda pieces, **_: [[_sure(plain), _sure(red)] for _ in pieces]


def _per_line(*views: tuple[str, str]) -> object:
    """Widened readings per line end, in order (plain view, red-channel view)."""
    return lambda pieces, **_: [[_sure(a), _sure(b)] for (a, b) in views[: len(pieces)]]


def _red_seal_page() -> np.ndarray:
    img = np.full((600, 800, 3), 243, np.uint8)
    cv2.circle(img, (560, 250), 80, (200, 30, 35), 8)  # a red seal's ring past the line end
    return img


def test_red_lettering_both_views_read_after_a_closing_phrase_is_no_doubt(
    monkeypatch: pytest.MonkeyPatch,
):
    ln = Line("民族信息已更正", 0.99, (85, 173, 515, 216))
    monkeypatch.setattr(_ocr, "readings", _two_views(ln.text + "省", ln.text + "省"))
    assert _remarktext.extend(_red_seal_page(), [ln]) == ([ln], False)


def test_must_still_flag_lettering_after_an_open_phrase_or_that_completes_one(
    monkeypatch: pytest.MonkeyPatch,
):
    ln = Line("民族信息已更正", 0.99, (85, 173, 515, 216))
    monkeypatch.setattr(_ocr, "readings", _two_views(ln.text + "为", ln.text + "为"))  # 更正为
    assert _remarktext.extend(_red_seal_page(), [ln])[1]
    open_ = Line("原证书破损严重，同意换发新证", 0.99, (85, 173, 515, 216))
    monkeypatch.setattr(_ocr, "readings", _two_views(open_.text + "省", open_.text + "省"))
    assert _remarktext.extend(_red_seal_page(), [open_])[1]
    # No red ink there: what both views read is no lettering.
    monkeypatch.setattr(_ocr, "readings", _two_views(ln.text + "省", ln.text + "省"))
    assert _remarktext.extend(np.full((600, 800, 3), 243, np.uint8), [ln])[1]


def test_a_wrap_at_a_seal_read_with_its_comma_before_a_clause_opener_is_read(
    monkeypatch: pytest.MonkeyPatch,
):
    first = Line("2023年12月09日证书污损，", 0.99, (85, 173, 515, 216))
    second = Line("经本人申请予以换发", 0.99, (85, 226, 400, 269))
    monkeypatch.setattr(_ocr, "readings", _two_views(first.text, first.text[:-1]))
    assert not _remarktext.extend(_red_seal_page(), [first, second])[1]


def test_must_still_flag_a_wrap_whose_next_row_opens_mid_clause(
    monkeypatch: pytest.MonkeyPatch,
):
    # 经 may lie under the seal after the comma: 本人申请 opens no clause.
    first = Line("2023年12月09日证书污损，", 0.99, (85, 173, 515, 216))
    second = Line("本人申请予以换发", 0.99, (85, 226, 400, 269))
    monkeypatch.setattr(_ocr, "readings", _two_views(first.text, first.text[:-1]))
    assert _remarktext.extend(_red_seal_page(), [first, second])[1]
    # A widened view reading a phrase past the comma is doubt too (同意 may be the text's).
    second = Line("经本人申请予以换发", 0.99, (85, 226, 400, 269))
    ends = ((first.text, first.text + "同意"), (second.text, second.text))
    monkeypatch.setattr(_ocr, "readings", _per_line(*ends))
    assert _remarktext.extend(_red_seal_page(), [first, second])[1]


# -- a digit the engine doubted: the calendar and the page order ------------------------------


def _doubting(text: str, at: int, alts: tuple[tuple[str, float], ...]) -> Reading:
    chars = tuple(alts if k == at else ((c, 0.99),) for k, c in enumerate(text))
    return Reading(text, 0.95, chars)


def test_a_doubted_year_digit_that_only_one_digit_makes_a_year_is_no_doubt():
    # 2?23: only 0 gives a year up to 2099; the engine's 0.50 is no reason for review.
    r = _doubting("2023年1月23日", 1, (("0", 0.50), ("9", 0.10), ("8", 0.04)))
    assert choose([r, r, r]) == Choice("2023年1月23日")


def test_a_doubted_month_digit_is_settled_by_the_page_order_or_flagged():
    r = _doubting("2023年4月23日", 5, (("4", 0.52), ("1", 0.30)))
    c = choose([r, r, r])
    assert c.about == "date" and c.doubt and "2023年1月23日" in c.options
    line = [(Line(c.text, 0.97, (100, 100, 300, 130)), c)]
    # The entry above is dated 2023-04-02 and the one below 2023-05-02: only April fits.
    [(ln, settled)], notes = settle_date(line, ("2023-04-02", "2023-05-02"))
    assert ln.text == "2023年4月23日" and not settled.doubt and notes
    # Must still flag: between the issue date and today any month fits.
    [(ln, kept)], notes = settle_date(line, ("2015-07-01", "2026-12-01"))
    assert kept.doubt and notes == []


# -- a sticker's authority: an education department (教育厅) is a province's -------------------


def _authority_of(name: str) -> tuple[object, list[tuple[str, str, str]]]:
    entry, found = _second("2016.09.01至2021.08.31", name, "2016年8月20日")
    return entry["authority"], _codes(found)


def test_a_district_authority_misread_in_its_suffix_is_snapped_to_its_bureau():
    # 教育汤: 教育局 or 教育厅 by shape, but a district has no 教育厅.
    name, found = _authority_of("南宁市青秀区教育汤")
    assert name == "南宁市青秀区教育局"
    assert found == [("corrected_authority", "registrations[0].authority", "note")]


def test_a_province_authority_misread_in_its_suffix_is_snapped_to_its_department():
    # A province takes 教育厅 only (no 教育局): the misread suffix has one fit, noted.
    name, found = _authority_of("广西壮族自治区教育汤")
    assert name == "广西壮族自治区教育厅"
    assert found == [("corrected_authority", "registrations[0].authority", "note")]


def test_must_still_flag_a_second_authority_near_other_real_ones():
    # 泸出县教育局 is no authority, but one character from 泸定县, 泸水县, 泸溪县 …: had the
    # first reading lost or changed a character, one of those may be the real one.
    entry, found = _second("2016.09.01至2021.08.31", "泸出县教育局", "2016年8月20日")
    broke = failed_keys(found, "registrations[0]")
    assert "authority" not in broke
    got = disagreements(dict(QUALIFIED), entry, "registrations[0]", broke)
    assert _codes(got) == [("ocr_disagreement", "registrations[0].authority", "warning")]


# -- a correction the phrases account for; a closing phrase no view reads past -----------------


def test_a_correction_only_where_phrases_chose_is_proved_though_other_words_are_unlisted():
    # 因 is in no phrase, but every reading agreed on it; 書/遺 differ only inside 原证书, 遗失.
    right = _sure("原证书因保管不慎遗失，")
    c = choose([_sure("原证書因保管不慎遺失，"), right, right])
    assert c.text == "原证书因保管不慎遗失，" and c.corrected and c.proved


def test_must_still_doubt_a_correction_where_an_unlisted_character_differed():
    # 珊/删 in a name is no phrase's choice: the lexicon cannot say which the paper holds.
    # (因/困 used to be this case; since wave 10 因保管不慎 is a remark phrase and chooses 因.)
    right = _sure("姓名由张山更正为张珊")
    c = choose([_sure("姓名由张山更正为张删"), right, right])
    assert c.corrected and not c.proved


def test_a_closing_phrase_no_widened_view_reads_past_is_read_to_its_end(
    monkeypatch: pytest.MonkeyPatch,
):
    ln = Line("2018年2月13日证书遗失，予以补发", 0.99, (85, 173, 515, 216))
    # The views differ inside the line (a comma), not past its end.
    monkeypatch.setattr(_ocr, "readings", _two_views("2018年2月13日证书遗失予以补发", ln.text))
    assert not _remarktext.extend(_red_seal_page(), [ln])[1]
    done = Line("经核实，身份证件号码已更正", 0.99, (85, 173, 515, 216))
    monkeypatch.setattr(_ocr, "readings", _two_views(done.text, "经核实，身份证件号码敷正"))
    assert not _remarktext.extend(_red_seal_page(), [done])[1]


def test_must_still_flag_an_open_end_a_differing_end_or_a_wrap(
    monkeypatch: pytest.MonkeyPatch,
):
    open_ = Line("2018年2月13日证书遗失，予以换", 0.99, (85, 173, 515, 216))  # 予以换(发)
    monkeypatch.setattr(_ocr, "readings", _two_views("2018年2月13日证书遗失予以换", open_.text))
    assert _remarktext.extend(_red_seal_page(), [open_])[1]
    ln = Line("2018年2月13日证书遗失，予以补发", 0.99, (85, 173, 515, 216))
    # One view stops short on a character the line does not hold: it says nothing of the
    # end. (A view as long as the line with only its last character misread, 予以补友, closes
    # it since wave 9: nothing is read past the end; test_confirm_end.)
    monkeypatch.setattr(_ocr, "readings", _two_views(ln.text, ln.text[:-2] + "友"))
    assert _remarktext.extend(_red_seal_page(), [ln])[1]
    # A line that wraps: its end is a wrap point, not the entry's close.
    below = Line("经本人申请", 0.99, (85, 226, 400, 269))
    monkeypatch.setattr(_ocr, "readings", _two_views("2018年2月13日证书遗失予以补发", ln.text))
    assert _remarktext.extend(_red_seal_page(), [ln, below])[1]


def test_red_lettering_after_a_wrap_comma_before_a_clause_opener_is_no_doubt(
    monkeypatch: pytest.MonkeyPatch,
):
    first = Line("原证书因保管不慎遗失，", 0.99, (85, 173, 515, 216))
    second = Line("经本人申请，予以补发", 0.99, (85, 226, 400, 269))
    ends = ((first.text + "雨山", first.text), (second.text, second.text))
    monkeypatch.setattr(_ocr, "readings", _per_line(*ends))
    assert not _remarktext.extend(_red_seal_page(), [first, second])[1]


def test_must_still_flag_red_lettering_at_a_wrap_without_its_comma_or_mid_clause(
    monkeypatch: pytest.MonkeyPatch,
):
    first = Line("原证书因保管不慎遗失", 0.99, (85, 173, 515, 216))  # the comma may be under it
    second = Line("经本人申请，予以补发", 0.99, (85, 226, 400, 269))
    ends = ((first.text + "雨山", first.text), (second.text, second.text))
    monkeypatch.setattr(_ocr, "readings", _per_line(*ends))
    assert _remarktext.extend(_red_seal_page(), [first, second])[1]
    first = Line("原证书因保管不慎遗失，", 0.99, (85, 173, 515, 216))
    second = Line("本人申请，予以补发", 0.99, (85, 226, 400, 269))  # 经 may be under it
    ends = ((first.text + "雨山", first.text), (second.text, second.text))
    monkeypatch.setattr(_ocr, "readings", _per_line(*ends))
    assert _remarktext.extend(_red_seal_page(), [first, second])[1]


def test_must_still_flag_a_date_inside_a_remark_sentence_the_page_order_does_not_bound():
    # 更正为2021年4月18日 is the text's date (a corrected birth or issue date), not the entry's:
    # the entries above and below say nothing about it, so the window chooses nothing.
    c = choose([_sure("更正为2021年4月18日"), _sure("更正为2021年1月18日"),
                _sure("更正为2021年4月18日")])
    assert c.about == "date" and c.doubt  # two real dates: the lexicon cannot choose
    chosen = [(Line(c.text, 0.97, (100, 100, 300, 130)), c)]
    [(ln, got)], notes = settle_date(chosen, ("2021-03-02", "2026-12-01"))
    assert got.doubt and notes == []
