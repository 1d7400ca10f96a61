"""Registration entries recorded with round date stamps (issue 12).

- A stamp far right of an entry that prints only its conclusion (注册结论：不合格) was no
  entry's date: it became an entry of its own ("?None") and the entry lost its date.
- A date row that ran into the ring's edge read as a letter (=2014.08.29回) was no date row, so
  the ring around it was never read.
- A date read again from a padded crop took in the ring's edge and lost its last digit
  (2024.10.2m for 2024.10.22): the entry was flagged as read two ways.
- A ring that lost the letter telling 山西 from 江西 and 陕西 named none, although another
  entry of the same booklet is 山西省教育厅.
"""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _date_stamp, _sticker_views
from scanning._ocr import Line
from scanning._office_match import booklet_tie, match
from scanning._sections import decode_sticker
from scanning._stickers import group
from tests.scanning._fonts import cjk_font
from tests.scanning.test_registration_office_date_stamp import FIELD, _entry

# fourth generator 0003_bw's page as read: two entries printing only their conclusion, each
# with a date stamp far right in its box
_PAGE = [
    ("第一次注册", (67, 195, 145, 220)),
    ("暂缓注册", (185, 210, 312, 253)),
    ("注册结论：", (87, 223, 175, 250)),
    ("2015.11.06", (546, 319, 684, 368)),
    ("定期注册", (564, 364, 653, 405)),
    ("第二次注册", (67, 483, 146, 507)),
    ("不合格", (187, 500, 281, 537)),
    ("注册结论：", (84, 507, 177, 541)),
    ("2016.11.26", (545, 605, 677, 649)),
    ("定期注册", (561, 648, 649, 687)),
    ("第三次注册", (67, 768, 146, 796)),
]


def _lines(rows: list[tuple[str, tuple[int, int, int, int]]]) -> list[Line]:
    return [Line(t, 0.99, box) for t, box in rows]


def test_a_stamp_far_right_of_a_conclusion_is_that_entrys_date():
    got = [decode_sticker(s, i)[0] for i, s in enumerate(group(_lines(_PAGE)))]
    assert [(e["conclusion"], e["date"]) for e in got] == [
        ("暂缓注册", "2015-11-06"), ("注册不合格", "2016-11-26")]  # fmt: skip


def test_a_stamp_beyond_wide_goes_to_the_one_entry_level_with_it():
    far = ("2015.11.06", (680, 319, 818, 368))  # more than WIDE line heights right
    got = group(_lines([*_PAGE[:3], far]))
    assert [(s.conclusion is None, s.date and s.date.value) for s in got] == [
        (False, "2015-11-06")]  # fmt: skip
    # two entries level with it: test_sticker_decision_date_alone (it stays apart)


@pytest.mark.parametrize(
    ("text", "letters", "row"),
    [
        ("=2014.08.29回", "山西省临汾市教育局", True),  # 回: no letter of the booklet's offices
        ("=2014.08.29回", "", False),  # no office known: a letter may be the name's
        ("2014.08.29局", "山西省临汾市教育局", False),  # a letter of the office: another row
        ("2014.08.29回回", "山西省临汾市教育局", False),  # two letters: a name's part
    ],
)
def test_a_date_row_with_one_stray_mark(text, letters, row):
    assert _date_stamp._date_only(text, "2014.08.29", frozenset(letters)) is row


@pytest.mark.parametrize(
    ("first", "again", "cut"),
    [
        ("2024.10.22", "2024.10.2m", True),  # the ring's edge read as m over the last digit
        ("2016.02.28", "2016.02.2", True),  # the last digit lost
        ("2024.10.22", "2024.10.21", False),  # another digit: a rival
        ("2024.10.22", "2024.10.02", False),  # a digit read another way, not lost
        ("2024.10.22", "2024.1.2m", False),  # more than the last lost
        ("2024.10.2", "2024.10.m", False),  # the first holds no whole padded date
    ],
)
def test_cut_short(first, again, cut):
    assert _sticker_views.cut_short(first, again) is cut


def _stamped(again: str, image: np.ndarray | None = None):
    rows = [("注册结论：合格", (80, 100, 300, 140)),
            ("有效期：2024.12.25—2029.12.24", (80, 150, 480, 190)),
            ("2024.10.22", (540, 160, 680, 200))]  # fmt: skip
    (s,) = group(_lines(rows))
    entry, _, _ = decode_sticker(s, 1)
    other = {**entry, "date": "2024-10-02"}
    again_lines = [*_lines(rows[:2]), Line(again, 0.9, rows[2][1])]
    page = SimpleNamespace(second_view=np.full((300, 800, 3), 255, np.uint8)
                           if image is None else image)  # fmt: skip
    return entry, _sticker_views.settled(page, s, again_lines, entry, other, "registrations[1]")


def test_a_second_reading_cut_short_by_the_ring_is_no_rival():
    entry, (other, notes) = _stamped("2024.10.2m")
    assert other is not None and other["date"] == entry["date"] == "2024-10-22"
    assert [(f.code, f.severity) for f in notes] == [("settled_reading", "note")]


def test_a_second_reading_with_another_digit_stays_a_rival():
    _, (other, notes) = _stamped("2024.10.21")  # and the third view (a blank) reads nothing
    assert other is not None and other["date"] == "2024-10-02" and not notes


def _printed(day: str) -> np.ndarray:
    img = Image.new("RGB", (800, 300), (255, 255, 255))
    ImageDraw.Draw(img).text((546, 166), day, font=cjk_font(24), fill=(30, 30, 30))
    return np.asarray(img)


def test_a_third_view_of_the_dates_own_box_settles_two_readings():
    entry, (other, notes) = _stamped("2024.10.20m2", _printed("2024.10.22"))
    assert other is not None and other["date"] == "2024-10-22"
    assert notes and notes[0].evidence and notes[0].evidence.get("third") == "2024-10-22"


def test_a_third_view_that_reads_another_date_settles_nothing():
    _, (other, notes) = _stamped("2024.10.20m2", _printed("2024.10.02"))
    assert other is not None and other["date"] == "2024-10-02" and not notes


SHANXI = "山西省教育厅"


@pytest.mark.parametrize(
    ("reads", "sure", "office"),
    [
        (["西省教育", "西省教育", "心西省教育一"], [SHANXI], SHANXI),  # 山 lost: the entry decides
        (["西省教育厅", "西省教育厅"], [SHANXI], SHANXI),
        (["西省教育", "西省教育"], [SHANXI, "陕西省教育厅"], None),  # two booklet offices tie
        (["江西省教育", "西省教育"], [SHANXI], None),  # a read shows 江: no tie to settle
        (["江西省教育厅", "西省教育厅"], [SHANXI], None),  # exactly another office
        (["西省教育"], [SHANXI], None),  # one read
        (["西省教育", "西省教育"], [], None),  # no other entry
        (["太原市教育", "太原市教育"], [SHANXI], None),  # the booklet's office does not fit
    ],
)
def test_booklet_tie(reads, sure, office):
    assert booklet_tie(reads, sure).name == office


def test_the_vocabulary_alone_still_leaves_the_tie_open():
    assert match("西省教育", [SHANXI]).name is None


def test_a_ring_that_lost_its_first_letter_takes_the_office_another_entry_holds():
    image, lines = _entry("西省教育")
    (s,) = group(lines)
    s1, found = _date_stamp.named(image, s, [SHANXI], FIELD)
    assert s1.authority is None and found[0].code == "authority_ambiguous"  # as before
    s2, found = _date_stamp.named(image, s, [SHANXI], FIELD, [SHANXI])
    assert s2.authority is not None and s2.authority.text == SHANXI
    assert [(f.code, f.severity) for f in found] == [("corrected_authority", "note")]


def test_a_ring_naming_another_province_is_not_pulled_to_the_booklets():
    image, lines = _entry("江西省教育厅")
    (s,) = group(lines)
    s2, _ = _date_stamp.named(image, s, [SHANXI], FIELD, [SHANXI])
    assert s2.authority is None or s2.authority.text == "江西省教育厅"


# fourth generator 0030_gray: a grey seal over the office lowered its row's score to 0.897
_SEALED = [
    ("注册结论 合格", 1.0, (239, 218, 380, 257)),
    ("有效期 自2016年9月1日", 1.0, (237, 250, 475, 280)),
    ("至2021年8月31日", 1.0, (320, 286, 475, 320)),
    ("注册机关 西安市新城区教育局", 0.897, (238, 331, 497, 391)),
    ("注册时间 2016年7月18日", 1.0, (232, 393, 448, 431)),
]
OFFICE = "西安市新城区教育局"


def _confidence(offices: list[str], others: list[str], rows=_SEALED) -> float:
    (s,) = group([Line(t, score, box) for t, score, box in rows])
    entry, found, conf = decode_sticker(s, 0, offices=offices, others=others)
    assert entry["authority"] == OFFICE and not any(f.blocking for f in found)
    return conf


def test_a_sealed_office_row_that_spells_the_booklets_office_is_no_doubt():
    assert _confidence([OFFICE], [OFFICE]) >= 0.9
    assert _confidence([], [OFFICE, OFFICE]) >= 0.9  # another sticker names it too


def test_a_sealed_office_row_no_other_source_names_stays_in_doubt():
    assert _confidence([], [OFFICE]) < 0.9  # only this sticker says so
    assert _confidence(["西安市碑林区教育局"], [OFFICE]) < 0.9


def test_a_low_score_on_another_row_still_counts():
    rows = [*_SEALED[:4], ("注册时间 2016年7月18日", 0.85, (232, 393, 448, 431))]
    assert _confidence([OFFICE], [OFFICE], rows) < 0.9


def _lost(first: str, printed: str | None):
    rows = [("暂缓注册", (88, 62, 199, 104)), ("有效期：无", (91, 111, 224, 143)),
            ("注册机关：榕城区教育局", (92, 149, 372, 181)),
            (first, (93, 196, 386, 240))]  # fmt: skip
    img = Image.new("RGB", (500, 300), (255, 255, 255))
    if printed:
        ImageDraw.Draw(img).text((97, 204), printed, font=cjk_font(24), fill=(30, 30, 30))
    (s,) = group(_lines(rows))
    page = SimpleNamespace(second_view=np.asarray(img))
    return _sticker_views.lost_date(page, s, "registrations[0].date")


def test_a_decision_date_that_lost_a_digit_is_taken_when_two_views_agree():
    s, notes = _lost("注册日期：2024年月29日", "注册日期：2024年7月29日")
    assert s.date is not None and s.date.value == "2024-07-29"
    assert [(f.code, f.severity) for f in notes] == [("settled_reading", "note")]
    entry, found, _ = decode_sticker(s, 0)
    assert entry["date"] == "2024-07-29" and not any(f.blocking for f in found)


@pytest.mark.parametrize(
    ("first", "printed"),
    [
        ("注册日期：2025年月29日", "注册日期：2024年7月29日"),  # a character changed, not lost
        ("注册日期：2024年月29日", None),  # the views read nothing
    ],
)
def test_a_decision_date_the_views_do_not_complete_stays_unread(first, printed):
    s, notes = _lost(first, printed)
    assert s.date is not None and s.date.value is None and not notes
