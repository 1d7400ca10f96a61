"""Values under a grey seal: the value's own line of print re-read, an authority cut where its
name ends, a date padded unevenly doubted, a lone glyph under a date's label passed over.

The page is synthetic (small dark print, a seal's mid-grey lettering and ring over the number's
box, as a greyscale scan keeps them); only field crops are recognised, never a whole page.
"""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _fields, _grey, _info
from scanning._decide import decode
from scanning._fields import RawField
from scanning._ocr import Line, Reading
from scanning._pages import Role
from scanning._scan import Page
from scanning.sample import _fonts

NUMBER = "20144170221567810"  # 2014, Henan (41), 小学 type digit
GLUED = "2014417县教育"  # what the re-reads of the seal's box made of it on a real scan
BOX = (40, 150, 520, 230)  # the number's box, merged by the detector with the lettering below
OTHERS = {  # the fields the number must agree with, read alike three times
    "issue_date": "2014年12月20日",
    "qualification_type": "小学教师资格",
    "issuing_authority": "新蔡县教育局",
}


def grey_page(seal: int = 140, ink: int = 40) -> np.ndarray:
    """A greyscale page: a number in small dark print and, under it inside its box, a seal's
    lettering (新蔡县教育局 on an arc) and ring in grey ink (``seal``: its level)."""
    paper = Image.new("L", (640, 400), 240)
    ImageDraw.Draw(paper).text((60, 168), NUMBER, fill=ink,
                               font=_fonts.face("Noto Serif CJK SC", 20))
    stamp = Image.new("L", (640, 400), 240)
    draw, font = ImageDraw.Draw(stamp), _fonts.face("Noto Sans CJK SC", 30)
    for i, ch in enumerate("新蔡县教育局"):
        draw.text((190 + i * 36, 205 - int(14 * np.sin(i / 5 * np.pi))), ch, fill=seal, font=font)
    draw.ellipse((170, 170, 430, 430), outline=seal, width=5)
    img = np.minimum(np.asarray(paper), np.asarray(stamp)).astype(float)
    img = np.clip(img + np.random.default_rng(3).normal(0, 3, img.shape), 0, 255)
    return np.repeat(img.astype(np.uint8)[..., None], 3, axis=2)


def others() -> dict[str, list[Reading]]:
    return {k: [Reading(v, 0.99)] * 3 for k, v in OTHERS.items()}


def readings_of(page: np.ndarray) -> dict[str, list[Reading]]:
    """The readings of the number on ``page`` whose own reading of it was lost to the seal."""
    raw = {"certificate_number": RawField("", 0.0, BOX, 0)}
    pages = [Page(page, page, [Line(GLUED, 0.8, BOX)], Role.INFORMATION)]
    return _info.field_readings(pages, raw) | others()


def test_the_line_view_is_cut_to_the_values_print():
    view = _grey.line_view(grey_page(), BOX, 1.0)
    assert view is not None
    # the number's line (about 20 px of print and a margin), not the box's 80 px with the
    # seal's 30 px lettering under it; and no more than the number's width
    assert 20 <= view.shape[0] <= 40
    assert view.shape[1] < 260


def test_no_line_view_without_ink():
    blank = np.full((400, 640, 3), 240, np.uint8)
    assert _grey.line_view(blank, BOX) is None


def test_the_number_under_the_seals_lettering_is_read_from_its_line():
    got = readings_of(grey_page())
    value = decode(got)["certificate_number"]
    assert value.value == NUMBER and not value.blocking


def test_without_the_line_view_the_number_is_not_read(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(_grey, "LINE_SCALES", ())
    value = decode(readings_of(grey_page()))["certificate_number"]
    assert value.value != NUMBER and value.blocking


def test_two_line_reads_that_disagree_leave_the_number_flagged():
    other = NUMBER[:13] + "9" + NUMBER[14:]  # a free serial digit read otherwise
    got = {"certificate_number": [Reading("", 0.0), Reading(NUMBER, 0.97),
                                  Reading(other, 0.97)]} | others()
    assert decode(got)["certificate_number"].blocking


def test_a_date_padded_unevenly_is_not_read_whole():
    # 2016.06.1: a padded month beside a one-digit day lost a digit (2016.06.10) to the seal
    lost = [Reading("2016.06.1", 0.9)] * 2
    assert _grey.doubted("issue_date", lost)
    assert not _grey.doubted("issue_date", [Reading("2016.06.10", 0.9)] * 2)
    assert not _grey.doubted("issue_date", [Reading("2016.6.1", 0.9)] * 2)


def test_an_authority_is_whole_only_when_spelt_from_known_places():
    misread = [Reading("广西壮族自港风教育厅", 0.85)] * 2  # two alike, neither a real office
    assert _grey.doubted("issuing_authority", misread)
    assert not _grey.doubted("issuing_authority", [Reading("广西壮族自治区教育厅", 0.9)] * 2)


def test_an_authority_reading_is_cut_where_the_name_ends():
    glued = Reading("酒泉市教育局人定专用章", 0.95)  # the seal's 认定专用章 read after it
    assert _info.authority_end(glued).text == "酒泉市教育局"
    got = {"issuing_authority": [_info.authority_end(glued)] * 3}
    value = decode(got)["issuing_authority"]
    assert value.value == "酒泉市教育局" and not value.blocking


def test_without_the_cut_the_glued_authority_is_not_accepted():
    value = decode({"issuing_authority": [Reading("酒泉市教育局人定专用章", 0.95)] * 3})
    assert value["issuing_authority"].value != "酒泉市教育局"
    assert value["issuing_authority"].blocking


def test_an_authority_that_is_no_known_name_before_its_tail_is_not_cut():
    # 西壮族自治区教育厅 is no office's name (广 lost): nothing is cut, the field stays flagged
    lost = Reading("西壮族自治区教育厅微师资格", 0.65)
    assert _info.authority_end(lost) == lost
    assert decode({"issuing_authority": [lost] * 3})["issuing_authority"].blocking


def test_a_lone_glyph_under_a_dates_label_is_passed_over():
    # values printed under their labels; the seal's 林 (桂林市…) stands between the label
    # and the date
    lines = [
        Line("认定机关", 0.99, (80, 780, 160, 806)),
        Line("桂林市恭城瑶族自治县教育局", 0.99, (80, 810, 453, 860)),
        Line("发证日期", 0.97, (97, 871, 163, 898)),
        Line("林", 0.99, (76, 900, 106, 918)),
        Line("2000年12月27日", 0.99, (80, 922, 311, 954)),
        Line("证书编号", 0.99, (80, 700, 160, 726)),
        Line("20004505320204501", 0.99, (80, 734, 368, 760)),
    ]
    raw = _fields.info_fields(lines, 0)
    assert raw["issue_date"].text == "2000年12月27日"


def test_a_date_written_in_numerals_is_a_date_value():
    lines = [
        Line("认定机关", 0.99, (80, 780, 160, 806)),
        Line("某某县教育局", 0.99, (80, 810, 300, 840)),
        Line("发证日期", 0.97, (80, 871, 163, 898)),
        Line("二〇〇〇年十二月二十七日", 0.99, (80, 905, 360, 935)),
        Line("证书编号", 0.99, (80, 700, 160, 726)),
        Line("20004505320204501", 0.99, (80, 734, 368, 760)),
    ]
    assert _fields.info_fields(lines, 0)["issue_date"].text == "二〇〇〇年十二月二十七日"


def test_a_date_read_whole_sets_aside_the_readings_that_lost_a_digit():
    lost, whole = Reading("2016.06.1", 0.9), Reading("2016.06.10", 0.95)
    readings = [Reading("", 0.0), lost, lost, whole, whole]
    kept = _grey.kept("issue_date", readings)
    assert [r.text for r in kept] == ["", "2016.06.10", "2016.06.10"]
    value = decode({"issue_date": kept})["issue_date"]
    assert value.value == "2016-06-10"
    assert decode({"issue_date": readings})["issue_date"].blocking  # without the rule


def test_whole_dates_that_disagree_stay_flagged():
    readings = [Reading("2016.06.1", 0.9), Reading("2016.06.10", 0.95),
                Reading("2016.06.18", 0.95)]
    kept = _grey.kept("issue_date", readings)
    assert [r.text for r in kept] == ["2016.06.10", "2016.06.18"]
    assert decode({"issue_date": kept})["issue_date"].blocking


def test_a_second_views_reading_joins_only_when_it_tells_of_the_field():
    def tells(key: str, text: str) -> bool:
        return _grey.telling(key, Reading(text, 0.9))

    # a view of the print that lost the authority's first characters is noise: 1 was
    # snapped to 眉县教育局 for 白水县教育局, 西省教育厅 leaves 江 or 陕 open
    assert not tells("issuing_authority", "1")
    assert not tells("issuing_authority", "西省教育厅")
    assert tells("issuing_authority", "吉林省教育厅")
    assert not tells("certificate_number", "林")
    assert tells("certificate_number", "2018111742157244")  # a digit short: dissent
    assert not tells("issue_date", "てい")


def test_a_date_with_letters_read_for_digits_is_still_a_date_value():
    lines = [
        Line("发证日期", 0.97, (80, 871, 163, 898)),
        Line("ZOl5年b月7日", 0.8, (80, 905, 300, 935)),
        Line("证书编号", 0.99, (80, 700, 160, 726)),
        Line("20154505320204501", 0.99, (80, 734, 368, 760)),
        Line("认定机关", 0.99, (80, 780, 160, 806)),
        Line("某某县教育局", 0.99, (80, 810, 300, 840)),
    ]
    assert _fields.info_fields(lines, 0)["issue_date"].text == "ZOl5年b月7日"
