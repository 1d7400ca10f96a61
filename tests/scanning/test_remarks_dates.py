"""Remark texts and the dates in them (session 11, remarks12), from hand-built OCR lines.

A date inside a sentence (该证书于2019年5月遗失, 出生日期更正为1970年6月30日) is ordinary remark
wording and no reason for review; the remains of the entry's own date left in its text (a date
wrapped over two lines: …补发（2024年05月20 / 日）) are joined back when the pieces are there and
flagged when they are not. An ID number in the text is never the entry's date.
"""

from __future__ import annotations

from types import SimpleNamespace

from scanning._remark_doubt import odd_text
from scanning._remarks import chinese_punctuation
from tests.scanning.test_remarks import TITLE, flags, ln, read

TEXT = "原证书遗失，经本人申请予以补发"


def _odd(text: str) -> bool:
    return odd_text(SimpleNamespace(text=text, cells=[])) is not None  # type: ignore[arg-type]


def test_a_date_wrapped_over_two_lines_is_joined():
    # the 日 and the bracket's close went to the next line: it used to read …补发（日）, unflagged
    lines = [TITLE, ln(f"{TEXT}（2024年05月20", 60, 120, 760), ln("日）", 60, 162, 60)]
    assert read(lines) == [("2024-05-20", TEXT)]
    assert flags(lines) == [[]]
    # without brackets as well, and on one line the brackets around the date are no text
    lines = [TITLE, ln(f"{TEXT} 2024年05月20", 60, 120, 760), ln("日", 60, 162, 30)]
    assert read(lines) == [("2024-05-20", TEXT)]
    lines = [TITLE, ln(f"{TEXT}（2024年05月20日）", 60, 120, 800)]
    assert read(lines) == [("2024-05-20", TEXT)]
    assert flags(lines) == [[]]
    # the break elsewhere in the date, or before it: the pieces on the page are one date
    for first, second in (("（2024年05月2", "0日）"), ("（2024年", "05月20日）"),
                          ("（", "2024年05月20日）")):  # fmt: skip
        lines = [TITLE, ln(TEXT + first, 60, 120, 760), ln(second, 60, 162, 200)]
        assert read(lines) == [("2024-05-20", TEXT)], first
        assert flags(lines) == [[]]


def test_remains_of_a_date_in_the_text_stay_flagged():
    # the day is missing (…05月 / 日）): nothing to join, the text keeps （…日） → flagged
    lines = [TITLE, ln(f"{TEXT}（2024年05月", 60, 120, 760), ln("日）", 60, 162, 60)]
    assert flags(lines) == [["missing annotations[0].date", "annotation_text annotations[0].text"]]
    for text in (
        f"{TEXT}（日）",
        f"{TEXT}（）",
        f"{TEXT}（2024",
        f"{TEXT}，日",
        f"{TEXT}，5月20日",
        "姓名由“张三”变更为“张四",
        f"{TEXT}，2024年05月20日",
        "2024年01月29日民族予以换发",
        "身份证号码更正为",
    ):
        assert _odd(text), text


def test_a_date_inside_a_sentence_is_no_reason_to_look():
    texts = ["该证书于2019年5月遗失，已登报声明作废，准予补发", "出生日期更正为1970年6月30日",
             "出生日期由1970年6月3日更正为1970年6月30日",
             "该证书于2012年11月遗失，准予补发"]  # fmt: skip
    assert [t for t in texts if _odd(t)] == []
    for text in texts[:2]:
        lines = [TITLE, ln(text, 60, 120, 800), ln("2020年1月2日", 600, 165, 250)]
        assert read(lines) == [("2020-01-02", text)]
        assert flags(lines) == [[]]
    # not a real date, or a month of 13: digits a person checks
    assert _odd("该证书于2019年13月遗失") and _odd("出生日期更正为1970年2月30日")


def test_names_in_straight_quotes_read_as_chinese_quotes():
    lines = [TITLE, ln('姓名由"张三"变更为"张四"', 60, 120, 800), ln("2020年1月2日", 600, 165, 250)]
    assert read(lines) == [("2020-01-02", "姓名由“张三”变更为“张四”")]
    assert flags(lines) == [[]]
    assert chinese_punctuation('姓名由"张三变更为张四') == '姓名由"张三变更为张四'
    assert _odd('姓名由"张三变更为张四')  # a quote left open: flagged


def test_an_id_number_in_the_text_is_never_the_entrys_date():
    for idn in ("11010119900307123X", "110101199003071234"):  # all digits: no page number
        lines = [TITLE, ln("身份证号码更正为", 60, 120, 300), ln(idn, 60, 162, 400),
                 ln("2020年1月2日", 600, 205, 250)]  # fmt: skip
        assert read(lines) == [("2020-01-02", f"身份证号码更正为{idn}")]
        assert flags(lines) == [["annotation_text annotations[0].text"]]  # a person checks it


def test_a_list_comma_before_a_clause_is_a_misread_comma():
    # 、 for ， (fin-other 0016): every reading agreed, the text was accepted unflagged
    lines = [
        TITLE,
        ln("身份证号码已升位、经核对无误", 60, 120, 700),
        ln("2019年2月1日", 600, 165, 250),
    ]
    assert flags(lines) == [["annotation_text annotations[0].text"]]
    assert _odd("证书内页受潮破损、予以换发")
    # 、 inside a list of words stays ordinary wording
    assert not _odd("姓名、民族信息已更正") and not _odd("任教学科由政治、经济更正为历史")
