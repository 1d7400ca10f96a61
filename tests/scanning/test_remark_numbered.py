"""Numbered remarks (1．2019年3月5日，…): each number opens one entry, the number is no text.
Hand-built OCR lines, no OCR run."""

from __future__ import annotations

import pytest

from scanning._remark_numbered import lead, opens
from tests.scanning.test_remarks import TITLE, flags, ln, read

LOST = "该证书遗失，已在报刊登载遗失声明，准予补发，原证书号码不变"
ASKED = "因原证书污损，经本人申请，予以换发，原证书作废"


def test_numbered_entries_split_their_dates_taken_and_wrapped_lines_joined():
    # Raw read: one dateless entry "1．2016-04-28，该证书…2．2019-11-15，…" (flagged, wrong).
    lines = [
        TITLE,
        ln(f"1．2016-04-28，{LOST[:-2]}", 60, 100, 560), ln(LOST[-2:], 60, 135, 40),
        ln(f"2、2019-11-15，{ASKED[:16]}", 60, 180, 560), ln(ASKED[16:], 60, 215, 300),
        ln("3.2022年7月24日，照片脱落，重新粘贴照片并加盖钢印", 60, 260, 520),
    ]  # fmt: skip
    photo = "照片脱落，重新粘贴照片并加盖钢印"
    assert read(lines) == [("2016-04-28", LOST), ("2019-11-15", ASKED), ("2022-07-24", photo)]
    assert flags(lines) == [[], [], []]


@pytest.mark.parametrize("number", ["（1）", "(2)", "一、", "十二、", "①", "1，", "12．"])
def test_every_printed_enumerator_before_the_date_is_no_text(number):
    lines = [TITLE, ln(f"{number}2020年03月26日，原证书遗失，经本人申请，予以补发", 60, 100)]
    assert read(lines) == [("2020-03-26", "原证书遗失，经本人申请，予以补发")]


def test_a_number_inside_the_sentence_and_a_date_in_the_text_stay():
    text = "第2次申请补发，原证书于2018年3月5日遗失"
    lines = [TITLE, ln(f"1．2019年6月1日，{text}", 60, 100, 560)]
    assert read(lines) == [("2019-06-01", text)]
    # a row that opens with a number of quantity, not an entry's number, keeps it
    lines = [TITLE, ln("2019年6月1日", 60, 100, 150), ln("1.5倍学时已补足，予以认定", 60, 140)]
    assert read(lines) == [("2019-06-01", "1.5倍学时已补足，予以认定")]


def test_a_number_in_a_box_of_its_own_before_the_date_is_the_entrys_number():
    # a table's 序号 column: 1 | 2019-05-10 | text, three boxes on one row (the lone number box
    # is dropped before pairing, as it was before numbered remarks were read: a guard)
    lines = [
        TITLE,
        ln("1", 40, 100, 20), ln("2019-05-10", 80, 100, 150), ln("原证书遗失，予以补发", 260, 100),
        ln("2", 40, 150, 20), ln("2021-03-02", 80, 150, 150), ln("原证书污损，予以换发", 260, 150),
    ]  # fmt: skip
    assert read(lines) == [("2019-05-10", "原证书遗失，予以补发"),
                           ("2021-03-02", "原证书污损，予以换发")]  # fmt: skip
    assert flags(lines) == [[], []]


@pytest.mark.parametrize("row", ["12021年01月25日，原证书遗失", "1 2021年01月25日，原证书遗失",
                                 "122021-01-25，原证书遗失"])  # fmt: skip
def test_a_number_whose_mark_was_lost_before_a_real_date_is_the_entrys_number(row):
    # Raw read: no date (12021 is no year) or "1 2021…" text, one dateless flagged entry.
    lines = [TITLE, ln(row, 60, 100)]
    assert read(lines) == [("2021-01-25", "原证书遗失")]
    assert flags(lines) == [[]]


@pytest.mark.parametrize("row", ["12021年13月25日，原证书遗失", "1 2021年13月25日，原证书遗失"])
def test_a_bare_number_before_no_real_date_stays_with_its_row_and_is_flagged(row):
    # No real date follows: the 1 could be the text's or the date's, so nothing is cut.
    lines = [TITLE, ln(row, 60, 100)]
    [(date, text)] = read(lines)
    assert date is None and text is not None and text.replace(" ", "") == row.replace(" ", "")
    assert flags(lines)[0]


def test_a_numbered_row_whose_date_was_lost_opens_its_own_flagged_entry():
    lines = [
        TITLE,
        ln("1．2019年3月5日，原证书遗失，予以补发", 60, 100),
        ln("2、经本人申请，予以换发", 60, 150),
    ]  # fmt: skip
    assert read(lines) == [("2019-03-05", "原证书遗失，予以补发"), (None, "经本人申请，予以换发")]
    got = flags(lines)
    assert got[0] == [] and "missing annotations[1].date" in got[1]


def test_the_enumerator_shapes():
    assert lead("1．") and lead(" 3、") and lead("（4）") and lead("⑤") and lead("一、")
    assert not lead("1") and not lead("第2次") and not lead("证书遗失，") and not lead("12")
    assert opens("2、经本人申请") == 2 and opens("（3）照片脱落") == 3
    assert opens("1.5倍") == 0 and opens("2019年") == 0 and opens("第2次") == 0
