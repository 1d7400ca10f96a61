"""An issue date written in Chinese numerals under a grey seal (二〇二二年九月二十二日, the ring
through its 〇 and its day): the page reads it with numerals lost (二二年九月二日); the print's
own line, cut from the darkest ink's rows, reads it whole. Hand-built readings; the third
view's recogniser is replaced by a stand-in that records what it was shown."""

from __future__ import annotations

from datetime import date

import numpy as np

from scanning import _grey, _ocr, _third_view
from scanning._decide import decode
from scanning._ocr import Reading
from tests.scanning.test_decode import accepted, codes

TODAY = date(2026, 12, 5)
WHOLE = "二〇二二年九月二十二日"
LOST = "二二年九月二日"  # 〇 and a 二 of the day gone under the ring, the year's 二〇 with them
BOOKLET = {
    "name": "吴仁", "gender": "男", "birth_date": "1985年09月07日",
    "id_number": "211224198509076058", "qualification_type": "高级中学教师资格",
    "subject": "物理", "certificate_number": "20226559141043756",
    "issuing_authority": "阿勒泰地区教育局",
}  # fmt: skip


def _decode(dates: list[Reading]) -> object:
    texts = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in BOOKLET.items()}
    return decode({**texts, "issue_date": dates}, TODAY)["issue_date"]


def test_a_whole_chinese_numeral_date_is_a_whole_reading_of_the_dark_view() -> None:
    assert _grey.whole("issue_date", Reading(WHOLE, 0.98))
    assert _grey.telling("issue_date", Reading(WHOLE, 0.98))
    assert not _grey.whole("issue_date", Reading(LOST, 0.98))  # no four-numeral year
    assert not _grey.whole("issue_date", Reading("二〇二二年十三月二日", 0.98))  # no month 13
    assert not _grey.telling("issue_date", Reading("二年九月日", 0.9))  # a glyph or two
    assert not _grey.telling("certificate_number", Reading("二〇二二一二三", 0.9))  # no digits


def test_two_whole_reads_of_the_line_outweigh_four_that_lost_numerals() -> None:
    dates = [Reading(LOST, 0.9)] * 4 + [Reading(WHOLE, 0.985), Reading(WHOLE, 0.982)]
    value = _decode(dates)
    assert accepted(value, "2022-09-22"), codes(value)


def test_the_short_reads_alone_leave_the_date_unread() -> None:
    value = _decode([Reading(LOST, 0.9)] * 4)
    assert value.value != "2022-09-22" and value.blocking


def test_two_whole_reads_that_disagree_on_the_day_stay_flagged() -> None:
    other = "二〇二二年九月二十三日"
    dates = [Reading(LOST, 0.9)] * 4 + [Reading(WHOLE, 0.985), Reading(other, 0.982)]
    assert _decode(dates).blocking


# -- the third view of such a date -------------------------------------------------------
BOX = (40, 40, 360, 80)


def _page(colour: bool = False) -> np.ndarray:
    """A page with one line of black print and a grey ring's arc across it."""
    page = np.full((200, 400), 243, np.uint8)
    page[52:68, 60:330:12] = 20  # the line's strokes
    page[:, 196:210] = 150  # the ring's stroke, lighter than the print
    rgb = np.repeat(page[..., None], 3, axis=2)
    if colour:
        rgb[..., 1][page == 150] = 60
    return rgb


def _third(monkeypatch, page: np.ndarray, first: str) -> tuple[Reading | None, list[tuple]]:  # type: ignore[no-untyped-def]
    shown: list[tuple] = []
    texts = iter([first, WHOLE])

    def recognise_all(images: list[np.ndarray]) -> list[Reading]:
        shown.extend(im.shape for im in images)
        return [Reading(next(texts), 0.99) for _ in images]

    monkeypatch.setattr(_ocr, "recognise_all", recognise_all)
    return _third_view.read((page, page), BOX, "issue_date"), shown


def test_on_a_grey_page_the_third_view_reads_the_dates_line_when_the_plain_read_lost_numerals(
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    got, shown = _third(monkeypatch, _page(), LOST)
    assert got is not None and got.text == WHOLE
    assert len(shown) == 2 and shown[1][0] < shown[0][0]  # the line cut: the strokes' rows only


def test_a_plain_read_of_a_whole_date_or_a_colour_page_keeps_the_plain_third_view(
    monkeypatch,  # type: ignore[no-untyped-def]
) -> None:
    got, shown = _third(monkeypatch, _page(), "二〇二二年九月二十三日")
    assert got is not None and got.text == "二〇二二年九月二十三日" and len(shown) == 1
    got, shown = _third(monkeypatch, _page(colour=True), LOST)
    assert got is not None and got.text == LOST and len(shown) == 1
