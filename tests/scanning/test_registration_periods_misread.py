"""Registration periods read wrong (session 18): a dash read as a digit, a period lost beside
its label, a period end the neighbouring entries settle, a red seal's echo of a printed
period."""

from __future__ import annotations

import numpy as np

from core.rules import Finding
from scanning import _sticker_chain, _sticker_label_band
from scanning._ocr import Line
from scanning._sticker_read import _echoes
from scanning._stickers import group, row_pieces


def _range(text: str) -> tuple[str | None, str | None] | None:
    said = row_pieces(text)
    if len(said) != 1 or said[0].kind != "range":
        return None
    a, b = said[0].dates
    return a.value, b.value


# --- a dash read as a digit -------------------------------------------------------------


def test_dash_read_as_digit_splits_period_in_a_value_column() -> None:
    # the value alone (its label in a column of its own): split, the read dates kept as read
    assert _range("2018.09.0172028.08.31") == ("2018-09-01", "2028-08-31")
    assert _range("有效期2018.09.0172028.08.31") == ("2018-09-01", "2028-08-31")


def test_dash_read_as_digit_needs_two_dates_of_one_form() -> None:
    assert _range("2018.09.017202808.31") is None  # the second end is no whole dotted date
    assert row_pieces("20180901720230831") == []  # no separators: no place to split


def test_split_period_is_settled_by_rule_and_decision_date() -> None:
    lines = [
        Line("注册结果", 1.0, (99, 202, 211, 242)),
        Line("合格", 1.0, (279, 198, 351, 246)),
        Line("有效期", 1.0, (99, 296, 189, 338)),
        Line("2018.09.0172028.08.31", 0.96, (279, 287, 576, 341)),
        Line("注册部门", 1.0, (97, 388, 214, 431)),
        Line("监利市教育局", 0.97, (281, 385, 459, 430)),
        Line("日期", 1.0, (100, 484, 163, 524)),
        Line("2018.07.26", 1.0, (280, 482, 430, 524)),
    ]
    from scanning._sticker_decode import decode_sticker

    (s,) = group(lines)
    entry, found, _ = decode_sticker(s, 0)
    assert (entry["valid_from"], entry["valid_until"]) == ("2018-09-01", "2023-08-31")
    assert [f.code for f in found if f.field.endswith("valid_until")] == ["corrected_period"]


# --- a period lost beside its label -------------------------------------------------------


def test_lost_period_taken_when_readings_agree_on_a_whole_period() -> None:
    texts = ["2017年8月8日至2022年8月7", "2017年8月8日至2022年8月7日", "2017年8月8日至2022年8月7日"]
    assert _sticker_label_band.agreed("有效期限", texts) == "2017年8月8日至2022年8月7日"


def test_lost_period_left_unread_when_readings_differ_or_break_rule() -> None:
    # one reading gives another real date: no reading is taken
    good, other = "2017年8月8日至2022年8月7日", "2017年8月6日至2022年8月7日"
    texts = [good, good, other]
    assert _sticker_label_band.agreed("有效期限", texts) is None
    # a single reading is not enough; a pair that is no 5-year period never is
    assert _sticker_label_band.agreed("有效期限", ["2017年8月8日至2022年8月7日"]) is None
    assert _sticker_label_band.agreed("有效期限", ["2017年8月8日至2022年8月8日"] * 3) is None


def test_band_is_where_a_lone_period_label_has_its_value() -> None:
    lines = [
        Line("注册结论", 1.0, (87, 191, 178, 231)),
        Line("注册合格", 1.0, (218, 187, 313, 228)),
        Line("有效期限", 1.0, (88, 263, 177, 299)),
        Line("注册机关", 1.0, (88, 332, 177, 368)),
        Line("苏州市常熟市教育局", 1.0, (224, 332, 404, 363)),
    ]
    band = _sticker_label_band._band(lines[2], lines, 778)
    assert band is not None and band[0] > 177 and band[1] < 263 < 299 < band[3]
    # a value detected level with the label: nothing to look for
    lines.append(Line("2017年8月8日至2022年8月7日", 1.0, (221, 264, 490, 298)))
    assert _sticker_label_band._band(lines[2], lines, 778) is None
    # no ink in the band: nothing is read
    page = np.full((1100, 778, 3), 245, np.uint8)
    assert not _sticker_label_band._inked(page, band)


# --- a period end the neighbouring entries settle ---------------------------------------------


def _read(i: int, start: str, end: str, decided: str, broke: bool = False):
    entry = {"conclusion": "注册合格", "valid_from": start, "valid_until": end,
             "authority": "山东省淄博市博山区教育局", "date": decided}  # fmt: skip
    field = f"registrations[{i}].valid_until"
    found = [Finding("registration_period", field, "x")] if broke else []
    return entry, found, 0.99


def test_end_misread_settled_by_next_and_previous_entry() -> None:
    done = [
        _read(0, "2019-11-26", "2024-11-02", "2019-11-16", broke=True),
        _read(1, "2024-11-26", "2029-01-05", "2024-11-16", broke=True),
    ]
    out = _sticker_chain.settle_ends(done)
    assert [e["valid_until"] for e, *_ in out] == ["2024-11-25", "2029-11-25"]
    for i, (_, found, _) in enumerate(out):
        assert [(f.code, f.severity) for f in found] == [("corrected_period", "note")]
        assert found[0].field == f"registrations[{i}].valid_until"


def test_end_misread_stays_flagged_without_a_neighbour_that_agrees() -> None:
    alone = [_read(0, "2019-11-26", "2024-11-02", "2019-11-16", broke=True)]
    assert _sticker_chain.settle_ends(alone) == alone
    # the next entry starts on another day (a deferral between): no agreement
    gap = [alone[0], _read(1, "2025-03-01", "2030-02-28", "2025-02-10")]
    assert _sticker_chain.settle_ends(gap) == gap


def test_end_misread_stays_flagged_when_decision_date_grants_both_ways() -> None:
    # read 2019-11-26 .. 2024-11-29: the rule from the end gives start 2019-11-30, which the
    # decision date 2019-11-16 grants as well as 2019-11-26
    done = [
        _read(0, "2019-11-26", "2024-11-29", "2019-11-16", broke=True),
        _read(1, "2024-11-26", "2029-11-25", "2024-11-16"),
    ]
    assert _sticker_chain.settle_ends(done) == done


def test_end_far_from_the_rule_stays_flagged() -> None:
    done = [
        _read(0, "2019-11-26", "2027-03-02", "2019-11-16", broke=True),
        _read(1, "2024-11-26", "2029-11-25", "2024-11-16"),
    ]
    assert _sticker_chain.settle_ends(done) == done


# --- a red seal's echo of a printed period ---------------------------------------------------


def test_red_view_echo_of_printed_period_is_no_entry() -> None:
    printed = [{"conclusion": "注册合格", "valid_from": "2019-12-08", "valid_until": "2024-12-07",
                "authority": "聊城市教育局", "date": "2019-11-10"}]  # fmt: skip
    echo = {"conclusion": None, "valid_from": "2019-12-08", "valid_until": "2024-12-07",
            "authority": None, "date": None}  # fmt: skip
    found = [Finding("missing", "registrations[3].conclusion", "x"),
             Finding("stamp_read", "registrations[3]", "x", "note")]  # fmt: skip
    kept, f, c = _echoes(printed, [echo], found, 0.3, 3)
    assert kept == [] and [x.code for x in f] == ["stamp_echo"] and c == 1.0
    # a stamp that says anything of its own (a conclusion) is kept, findings and all
    stamp = {**echo, "conclusion": "注册合格"}
    assert _echoes(printed, [stamp], found, 0.3, 3) == ([stamp], found, 0.3)
    # a period no printed entry holds is kept
    other = {**echo, "valid_from": "2024-12-08", "valid_until": "2029-12-07"}
    assert _echoes(printed, [other], found, 0.3, 3)[0] == [other]


def test_serial_number_is_no_period() -> None:
    # a sticker's serial (12 digits, no separator) stays a number
    assert row_pieces("201437154606") == []


def test_chain_leaves_an_entry_other_than_qualified_alone() -> None:
    first = _read(0, "2019-11-26", "2024-11-02", "2019-11-16", broke=True)
    first = ({**first[0], "conclusion": "暂缓注册"}, first[1], first[2])
    done = [first, _read(1, "2024-11-26", "2029-11-25", "2024-11-16")]
    assert _sticker_chain.settle_ends(done) == done
