"""Right remark entries no longer flagged where the readings prove them (issue 12, wave 10):
dates whose readings differ only in zero padding, and a wrap comma one reading saw as a dot."""

from __future__ import annotations

from scanning._ocr import Reading
from scanning._remarktext import Choice, choose

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
