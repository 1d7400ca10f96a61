"""Booklets accepted without review: false alarms removed, and the matching doubts still flagged.

Hand-built readings, no OCR (see ``test_decode`` for the clean record these cases vary)."""

from __future__ import annotations

from scanning._decide import decode
from scanning._fields import RawField
from scanning._info import page_reading
from scanning._ocr import Line, Reading
from scanning._validate import Value
from tests.scanning._views import views
from tests.scanning.test_decode import CERT, TODAY, TRUTH


def sure(text: str, rivals: dict[int, tuple[str, float]] | None = None) -> Reading:
    """A re-reading of ``text`` as the engine gives it: every character with a small floor of
    unlike runner-ups, and at ``rivals`` a named runner-up with its probability."""
    rivals = rivals or {}
    per = []
    for i, ch in enumerate(text):
        other, p = rivals.get(i, ("#", 0.002))
        per.append(((ch, 1.0 - p), (other, p)))
    return Reading(text, 0.99, tuple(per))


def decoded(**fields: list[Reading]) -> dict[str, Value]:
    readings = {k: [Reading(v, 0.98), Reading(v, 0.97)] for k, v in TRUTH.items()}
    return decode({**readings, **fields}, TODAY)


def flagged(v: Value) -> bool:
    return v.blocking


# -- a long number is not doubtful for its length -------------------------------------------
def test_certificate_read_alike_thrice_with_small_engine_doubts_is_accepted() -> None:
    # Each re-reading has 1 % runner-ups on two serial digits and 0.2 % on every digit: the
    # engine is sure of the serial. Before, a floor for every digit it never offered pushed
    # the reading's own share of a 17-digit number under 95 % and the serial was unconfirmed.
    r = sure(CERT, {12: ("8", 0.01), 14: ("9", 0.01)})
    out = decoded(certificate_number=[Reading(CERT, 0.99), *views(r, 2)])
    assert out["certificate_number"].value == CERT and not flagged(out["certificate_number"])


def test_certificate_serial_digit_the_engine_doubted_is_still_flagged() -> None:
    r = sure(CERT, {14: ("8", 0.12)})  # every re-reading: 12 % for another serial digit
    out = decoded(certificate_number=views(r, 3))
    assert flagged(out["certificate_number"])
    assert "unconfirmed" in {f.code for f in out["certificate_number"].findings}


def test_name_with_a_rival_character_above_five_percent_is_still_flagged() -> None:
    r = sure("胡吴珩", {1: ("昊", 0.07)})  # read alike thrice, the engine offered 昊 at 7 %
    assert flagged(decoded(name=views(r, 3))["name"])


def test_name_read_alike_with_tiny_engine_doubts_is_accepted() -> None:
    r = sure("欧阳明月")
    out = decoded(name=views(r, 3))
    assert out["name"].value == "欧阳明月" and not flagged(out["name"])


# -- the page's own reading carries the engine's alternatives --------------------------------
def _line(text: str, box: tuple[int, int, int, int], alts: dict[int, tuple[str, float]]
          ) -> Line:
    per = tuple(((ch, 1.0 - alts[i][1]), alts[i]) if i in alts else ((ch, 0.999),)
                for i, ch in enumerate(text))
    return Line(text, 0.95, box, per)


def test_page_reading_takes_the_alternatives_of_its_line() -> None:
    line = _line("姓名：胡吴珩", (10, 10, 200, 40), {4: ("昊", 0.2)})
    r = page_reading([line], RawField("胡吴珩", 0.95, (10, 10, 200, 40), 0))
    assert r.text == "胡吴珩" and r.alternatives[1] == (("吴", 0.8), ("昊", 0.2))


def test_page_reading_of_a_value_joined_from_two_boxes() -> None:
    lines = [_line("恩施土家族苗族自治州", (10, 10, 300, 40), {}),
             _line("教育局", (10, 45, 100, 75), {1: ("有", 0.3)})]
    raw = RawField("恩施土家族苗族自治州教育局", 0.95, (10, 10, 300, 75), 0)
    r = page_reading(lines, raw)
    assert len(r.alternatives) == len(r.text) and r.alternatives[11] == (("育", 0.7), ("有", 0.3))


def test_page_reading_not_found_in_its_lines_stands_without_alternatives() -> None:
    line = _line("姓名：张三", (10, 10, 200, 40), {})
    r = page_reading([line], RawField("张王", 0.9, (10, 10, 200, 40), 0))
    assert r == Reading("张王", 0.9)


def test_first_reading_with_an_engine_doubt_no_longer_confirms_a_name() -> None:
    # The page's line doubted 吴 (20 % 昊); one sure re-reading is then a single confirmation.
    # Before, the page's reading came without alternatives and counted as certain.
    line = _line("胡吴珩", (10, 10, 200, 40), {1: ("昊", 0.2)})
    first = page_reading([line], RawField("胡吴珩", 0.95, (10, 10, 200, 40), 0))
    assert flagged(decoded(name=[first, sure("胡吴珩")])["name"])
    assert not flagged(decoded(name=[Reading("胡吴珩", 0.95), sure("胡吴珩")])["name"])


# -- a reading whose engine doubted the free part disputes it --------------------------------
def test_name_the_page_reading_doubted_is_flagged_though_rereads_were_sure() -> None:
    # Seen on a scan: the page's line read 户 at 67 % (卢 33 %), both re-readings 户 at 99 %;
    # the booklet said 卢艳. Sure re-readings of one print do not outvote that doubt.
    line = _line("户艳", (10, 10, 100, 40), {0: ("卢", 0.33)})
    first = page_reading([line], RawField("户艳", 0.83, (10, 10, 100, 40), 0))
    again = sure("户艳", {0: ("卢", 0.01)})
    assert flagged(decoded(name=[first, *views(again, 2)])["name"])


def test_name_the_page_reading_barely_doubted_is_accepted() -> None:
    line = _line("卢艳", (10, 10, 100, 40), {0: ("户", 0.03)})
    first = page_reading([line], RawField("卢艳", 0.95, (10, 10, 100, 40), 0))
    again = sure("卢艳", {0: ("户", 0.01)})
    assert not flagged(decoded(name=[first, *views(again, 2)])["name"])


# -- a traditional form is not a rival (booklets are printed in simplified characters) --------
def test_name_whose_only_rival_is_the_traditional_form_is_accepted() -> None:
    # Each reading: 學 at 40 % beside 学. Before, 學 counted as a rival and flagged the name.
    r = sure("王学文", {1: ("學", 0.4)})
    out = decoded(name=views(r, 3))
    assert out["name"].value == "王学文" and not flagged(out["name"])


def test_name_read_in_the_traditional_form_beside_the_simplified_reads_simplified() -> None:
    r = Reading("王學文", 0.99, ((("王", 1.0),), (("學", 0.55), ("学", 0.45)), (("文", 1.0),)))
    out = decoded(name=views(r, 3))
    assert out["name"].value == "王学文" and not flagged(out["name"])


def test_name_with_a_rival_simplified_character_beside_a_traditional_form_is_flagged() -> None:
    # 學 (the same character) and 孝 (another one) offered: 孝 at 30 % is a real rival.
    r = Reading("王学文", 0.99, ((("王", 1.0),), (("学", 0.4), ("學", 0.3), ("孝", 0.3)),
                                 (("文", 1.0),)))
    out = decoded(name=views(r, 3))
    assert flagged(out["name"])
    assert "unconfirmed" in {f.code for f in out["name"].findings}
