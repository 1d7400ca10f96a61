"""Registration stickers of several designs, read from hand-built OCR lines (no OCR run)."""

from __future__ import annotations

from datetime import date

import pytest

from scanning._datescan import read_date
from scanning._ocr import Line
from scanning._period_rule import settle_period
from scanning._sections import decode_sticker, disagreements, registrations
from scanning._stickers import group, row_pieces

TODAY = date(2026, 12, 1)


def ln(text: str, x: int, y: int, w: int = 400, h: int = 30) -> Line:
    return Line(text, 0.97, (x, y, x + w, y + h))


def decode(lines: list[Line]) -> list[tuple[dict[str, object], list[str]]]:
    out = []
    for i, s in enumerate(group(lines)):
        entry, found, _ = decode_sticker(s, i, TODAY)
        out.append((entry, [f"{f.code} {f.field}" for f in found if f.blocking]))
    return out


def stacked(*texts: str, x: int = 60, y: int = 100, pitch: int = 50) -> list[Line]:
    """A labelled sticker's lines one under the other; authority and date added when absent."""
    rest = [t for t in ("注册机关：泸定县教育局", "注册日期：2016年8月20日")
            if not any(t[:4] in u for u in texts)]  # fmt: skip
    return [ln(t, x, y + i * pitch) for i, t in enumerate([*texts, *rest])]


QUALIFIED = {
    "conclusion": "注册合格", "valid_from": "2016-09-01", "valid_until": "2021-08-31",
    "authority": "泸定县教育局", "date": "2016-08-20",
}  # fmt: skip


@pytest.mark.parametrize(
    "text",
    [
        "2016.09.01", "2016-09-01", "2016/9/1", "2016年9月1日", "2016 年 9 月 1 日",
        "二〇一六年九月一日", "２０１６．０９．０１", "2016。09。01", "20160901", "2016年09月01",
    ],
)  # fmt: skip
def test_every_printed_date_form_reads_the_same_day(text):
    assert read_date(text).value == "2016-09-01"


def test_letters_read_for_digits_corrected_only_when_one_date_fits():
    fixed = read_date("2O16.O9.0l")
    assert fixed.value == "2016-09-01" and fixed.corrected
    assert read_date("2019年11月24F").value == "2019-11-24"  # 日 read as F
    both = read_date("2016年S月1日")  # S: 5 or 8, both real months
    assert both.value is None and both.problem == "date_ambiguous"
    assert read_date("2016年13月1日").value is None


@pytest.mark.parametrize(
    "valid",
    [
        "有效期限：2016年9月1日至2021年8月31日",
        "有效期：2016.09.01–2021.08.31",
        "有效期：2016.09.01—2021.08.31",
        "有效期限：2016-09-01 至 2021-08-31",
        "有效期：2016/9/1~2021/8/31",
        "有效期：2016.09.01～2021.08.31",
        "有效期：2016.09.01一2021.08.31",  # the dash read as 一
        "有效期：2016.09.01到2021.08.31",
    ],
)
def test_labelled_sticker_with_every_period_form(valid):
    lines = [
        ln("定期注册", 300, 20, 200),
        ln("注册结论：注册合格", 60, 120),
        ln(valid, 60, 190, 700),
        ln("注册机关：泸定县教育局", 60, 260),
        ln("注册日期：2016年8月20日", 60, 330),
    ]
    assert decode(lines) == [(QUALIFIED, [])]


@pytest.mark.parametrize(
    ("first", "second"),
    [("有效期：2016.09.01", "至2021.08.31"), ("有效期：2016.09.01 至", "2021.08.31"),
     ("有效期限：", "2016年9月1日至2021年8月31日")],
)  # fmt: skip
def test_period_split_over_two_lines(first, second):
    lines = [
        ln("注册结论：合格", 60, 120),
        ln(first, 60, 190),
        ln(second, 60, 235),
        ln("注册机关：泸定县教育局", 60, 300),
        ln("注册日期：2016年8月20日", 60, 370),
    ]
    assert decode(lines) == [(QUALIFIED, [])]


def test_label_less_sticker_on_one_line_and_stacked():
    one = [ln("合格 2016.09.01—2021.08.31 泸定县教育局 2016年8月20日", 40, 100, 900)]
    stacked = [
        ln("注册合格", 60, 100, 200),
        ln("2016.09.01-2021.08.31", 60, 150),
        ln("泸定县教育局", 60, 200),
        ln("2016年8月20日", 60, 250),
    ]
    assert decode(one) == decode(stacked) == [(QUALIFIED, [])]


def test_two_label_less_stickers_one_under_the_other_never_merge():
    lines = [
        ln("注册合格", 60, 100, 200),
        ln("2016.09.01-2021.08.31", 60, 150),
        ln("泸定县教育局", 60, 200),
        ln("2016年8月20日", 60, 250),
        ln("暂缓注册", 60, 300, 200),  # no extra space between the stickers
        ln("泸定县教育局", 60, 350),
        ln("2021年8月10日", 60, 400),
    ]
    got = decode(lines)
    assert [e["conclusion"] for e, _ in got] == ["注册合格", "暂缓注册"]
    assert got[1] == ({"conclusion": "暂缓注册", "valid_from": None, "valid_until": None,
                       "authority": "泸定县教育局", "date": "2021-08-10"}, [])  # fmt: skip


def test_two_stickers_side_by_side_split_into_columns():
    left = [ln("注册合格", 40, 100, 200), ln("2016.09.01-2021.08.31", 40, 150, 300),
            ln("泸定县教育局", 40, 200, 300), ln("2016年8月20日", 40, 250, 300)]  # fmt: skip
    right = [ln("不合格", 500, 100, 200), ln("泸定县教育局", 500, 150, 300),
             ln("2021年8月10日", 500, 200, 300)]  # fmt: skip
    got = decode(left + right)
    assert [e["conclusion"] for e, _ in got] == ["注册合格", "注册不合格"]
    assert got[0] == (QUALIFIED, [])


def test_turned_and_shifted_sticker_boxes_still_group():
    # A sticker turned ~3°: the label and value boxes of one line sit at different heights,
    # and the whole sticker is shifted left of its printed box.
    lines = [
        ln("注册结论：", 10, 118, 160, 34), ln("注册合格", 180, 110, 160, 34),
        ln("有效期限：", 10, 185, 160, 34), ln("2016年9月1日至2021年8月31日", 180, 172, 520, 44),
        ln("注册机关：", 10, 252, 160, 34), ln("泸定县教育局", 180, 244, 260, 38),
        ln("注册日期：", 10, 320, 160, 34), ln("2016年8月20日", 180, 312, 260, 38),
    ]  # fmt: skip
    assert decode(lines) == [(QUALIFIED, [])]


def test_stickers_separated_by_white_space_split_even_when_incomplete():
    # The first sticker's period and date were not read; the second's conclusion was not read.
    lines = [
        ln("注册结论：注册合格", 60, 100),
        ln("注册机关：泸定县教育局", 60, 140),
        ln("有效期：2021.09.01至2026.08.31", 60, 400),
        ln("注册日期：2021年8月20日", 60, 440),
    ]
    got = decode(lines)
    assert len(got) == 2
    assert "registration_period registrations[0].valid_from" in got[0][1]
    assert "missing registrations[1].conclusion" in got[1][1]


def test_deferred_sticker_with_a_period_is_flagged():
    lines = stacked("注册结论：暂缓注册", "有效期：2016.09.01至2021.08.31")
    [(entry, flags)] = decode(lines)
    assert entry["conclusion"] == "暂缓注册"
    assert "registration_period registrations[0].valid_from" in flags


def test_dashes_in_the_period_box_of_a_failed_sticker_are_no_period():
    lines = stacked("注册结论：注册不合格", "有效期限：——")
    [(entry, flags)] = decode(lines)
    assert entry["valid_from"] is None and flags == []


def test_period_end_not_five_years_after_start_is_flagged():
    lines = stacked("结论：注册合格", "有效期：2016.09.01至2020.08.31")
    [(entry, flags)] = decode(lines)
    assert flags == ["registration_period registrations[0].valid_until"]


def test_one_misread_digit_of_the_period_fixed_by_the_five_year_rule():
    decided = "2016-08-20"
    fixed = ("2016-09-01", "2021-08-31", "valid_from")
    assert settle_period("2016-09-07", "2021-08-31", decided) == fixed
    assert settle_period("2016-09-01", "2027-08-31", decided) == (
        "2016-09-01",
        "2021-08-31",
        "valid_until",
    )  # 1 and 7 differ by one stroke
    # 2021-03-31 could be the end misread (8→3) or the start misread (2016-04-01, 4→9).
    assert settle_period("2016-09-01", "2021-03-31", decided)[2] is None
    # Without a decision date before the start, the rule alone does not change a digit.
    assert settle_period("2016-09-07", "2021-08-31", None)[2] is None
    assert settle_period("2016-09-07", "2021-08-31", "2016-09-20")[2] is None
    # Two shape-alike fixes both fit (2021-01-01 or 2016-07-02): nothing is changed.
    assert settle_period("2016-01-02", "2021-07-01", "2015-12-01") == (
        "2016-01-02",
        "2021-07-01",
        None,
    )


def test_misread_period_digit_fixed_and_recorded_as_a_note():
    lines = stacked("结论：注册合格", "有效期：2016.09.07至2021.08.31")
    [s] = group(lines)
    entry, found, conf = decode_sticker(s, 0, TODAY)
    assert entry == QUALIFIED
    assert [(f.code, f.field, f.severity) for f in found] == [
        ("corrected_period", "registrations[0].valid_from", "note")
    ]
    assert 0.9 <= conf < 0.97


def test_qualified_without_a_period_and_unreadable_date_are_flagged():
    lines = [ln("注册结论：注册合格", 60, 100), ln("注册机关：泸定县教育局", 60, 150),
             ln("注册日期：2016年1S月20日", 60, 200)]  # fmt: skip
    [(entry, flags)] = decode(lines)
    assert entry["date"] is None
    assert "registration_period registrations[0].valid_from" in flags
    assert (
        "date_format registrations[0].date" in flags
        or "date_ambiguous registrations[0].date" in flags
    )


def test_authority_snapped_only_when_one_place_name_fits():
    lines = [ln("合格 2016.09.01—2021.08.31 泸定县教育局 2016年8月20日", 40, 100, 900)]
    misread = [Line(lines[0].text.replace("泸定县", "泸定昙"), 0.97, lines[0].box)]
    [(entry, flags)] = decode(misread)
    assert entry["authority"] == "泸定县教育局" and flags == []
    # 武江市 is one character from 武汉市, 镇江市, 九江市 …: flagged, never guessed.
    several = [Line(lines[0].text.replace("泸定县", "武江市"), 0.97, lines[0].box)]
    [(entry, flags)] = decode(several)
    assert entry["authority"] == "武江市教育局"
    assert flags == ["authority_ambiguous registrations[0].authority"]


def test_readings_that_mean_the_same_agree():
    first = dict(QUALIFIED)
    assert disagreements(first, dict(QUALIFIED), "registrations[0]") == []
    other = {**QUALIFIED, "valid_until": "2021-08-30"}
    [f] = disagreements(first, other, "registrations[0]")
    assert f.field == "registrations[0].valid_until" and f.blocking


def test_two_spellings_of_the_same_reading_decode_alike():
    a = decode(stacked("注册结论：合格", "有效期：2016.09.01至2021.08.31", "注册日期：2016-08-20"))
    b = decode(stacked("注册结论:注册合格", "有效期：2016年9月1日至2021年8月31日"))
    assert a == b == [(QUALIFIED, [])]


def test_raw_fields_view_kept_for_callers():
    stickers = registrations([ln("结论：注册合格", 10, 10), ln("有效期：2016.09.01", 10, 50),
                              ln("至2021.08.31", 10, 90)], 4)  # fmt: skip
    assert stickers[0]["valid"].text == "2016.09.01至2021.08.31"
    assert stickers[0]["conclusion"].page == 4


def test_row_pieces_tell_labels_from_values():
    kinds = [p.kind for p in row_pieces("注册结论：注册合格 有效期：2016.09.01")]
    assert kinds == ["conclusion", "start"]
    assert row_pieces("定期注册") == []


def test_period_end_with_a_lost_digit_completed_by_the_rule_only_with_a_decision_date():
    lines = stacked("结论：注册合格", "注册有效期：2016年09月01日至021年08月31日")
    [s] = group(lines)
    entry, found, _ = decode_sticker(s, 0, TODAY)
    assert entry == QUALIFIED
    assert [(f.code, f.field, f.severity) for f in found] == [
        ("corrected_period", "registrations[0].valid_until", "note")
    ]
    # No decision date to support it: the unreadable end is only suggested, and flagged.
    [(entry, flags)] = decode(lines[:2] + lines[2:3])
    assert "date_suggested registrations[0].valid_until" in flags


def test_other_label_generations():
    lines = [ln("注册结果", 71, 206, 100), ln("注册不合格", 265, 202, 140),
             ln("有效期限", 72, 305, 100), ln("注册机关", 71, 406, 100),
             ln("泸定县教育局", 265, 402, 160), ln("审核日期", 72, 507, 100),
             ln("2016年11月5日", 265, 503, 170)]  # fmt: skip
    [(entry, flags)] = decode(lines)
    assert entry == {"conclusion": "注册不合格", "valid_from": None, "valid_until": None,
                     "authority": "泸定县教育局", "date": "2016-11-05"}  # fmt: skip
    assert flags == []


def test_a_date_recognised_twice_over_itself_is_one_date():
    texts = ["注册结果：合格", "注册有效期：2020年01月01日", "至2024年12月31至2024年12月31日",
             "注册机关：泸定县教育局", "注册日期：2019年12月01日"]  # fmt: skip
    [(entry, flags)] = decode(stacked(*texts))
    assert (entry["valid_from"], entry["valid_until"]) == ("2020-01-01", "2024-12-31")
    assert flags == []


def test_a_seal_ring_read_as_an_office_name_is_no_sticker():
    seal = [ln("行政审批专用章", 420, 170, 130, 80), ln("泸定县教有局", 420, 300, 200)]
    lines = stacked("注册结论：暂缓注册", "注册机关：泸定县教育局", "注册日期：2017年11月15日")
    got = decode(lines + seal)
    assert len(got) == 1
    assert got[0][0]["authority"] == "泸定县教育局"
    assert got[0][1] == ["unassigned registrations[0]"]  # a person looks at the extra name


def test_seal_text_ending_inside_a_word_is_no_office_name():
    lines = [
        ln("合格", 101, 726, 52, 34),
        ln("有效期：2021年9月1日", 103, 761, 204, 34),
        ln("至2026年8月31日", 147, 798, 160, 28),
        ln("注册部门：泸定县教育局", 103, 831, 229, 30),
        ln("自资格专局录", 277, 852, 108, 33),
        ln("日期：2021年08月08日", 104, 867, 205, 30),
    ]
    [(entry, flags)] = decode(lines)
    assert entry == {"conclusion": "注册合格", "valid_from": "2021-09-01",
                     "valid_until": "2026-08-31", "authority": "泸定县教育局",
                     "date": "2021-08-08"}  # fmt: skip
    assert flags == []


def test_period_end_with_one_shape_alike_digit_completed_by_the_rule():
    # 2021.08.81 is no date; 2021-08-31 (3 read as 8) is the 5-year end of 2016-09-01.
    lines = stacked("结论：注册合格", "有效期：2016.09.01至2021.08.81")
    [s] = group(lines)
    entry, found, _ = decode_sticker(s, 0, TODAY)
    assert entry == QUALIFIED
    assert [(f.code, f.severity) for f in found] == [("corrected_period", "note")]
    # Must still flag: two digits off (2021.03.81), or no decision date to support it.
    [(entry, flags)] = decode(stacked("结论：注册合格", "有效期：2016.09.01至2021.03.81"))
    assert entry["valid_until"] != "2021-08-31"
    assert any(f.startswith("date_") and "valid_until" in f for f in flags)
    [(entry, flags)] = decode(lines[:2] + lines[2:3])
    assert any(f.startswith("date_suggested") and "valid_until" in f for f in flags)


def test_a_lost_character_is_settled_by_another_sticker_of_the_booklet():
    # 城河区 is no district; 城子河区 (鸡西市) is, and another sticker of this booklet names it.
    (s,) = group(stacked("注册结论：合格", "有效期：2016.09.01至2021.08.31",
                         "注册机关：城河区教育局"))
    alone, found_alone, _ = decode_sticker(s, 0, TODAY)
    assert alone["authority"] == "城河区教育局" and any(f.blocking for f in found_alone)
    entry, found, _ = decode_sticker(s, 0, TODAY, others=["城子河区教育局", "城河区教育局"])
    assert entry["authority"] == "城子河区教育局"
    assert [(f.code, f.severity) for f in found] == [("corrected_authority", "note")]
    # another sticker naming an unrelated authority decides nothing (two that fit: see
    # test_stickers_rules)
    _, found_other, _ = decode_sticker(s, 0, TODAY, others=["泸定县教育局"])
    assert any(f.blocking for f in found_other)
