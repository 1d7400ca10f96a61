"""Greyscale information pages: fields under a grey seal read again from their darkest ink.

The pages are synthetic (black print, a mid-grey seal ring and lettering over it); only the
field's crop is recognised, never a whole page.
"""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw

from scanning import _grey, _info
from scanning._decide import decode
from scanning._fields import RawField
from scanning._ocr import Line, Reading
from scanning._pages import Role
from scanning._scan import Page
from scanning.sample import _fonts

NUMBER = "20125140122610197"  # 2012, Sichuan (51), 小学 type digit
BOX = (50, 180, 700, 230)
OTHERS = {  # the fields the number must agree with, read alike three times
    "issue_date": "2012年10月21日",
    "qualification_type": "小学教师资格",
    "issuing_authority": "木里藏族自治县教育局",
}


def grey_page(seal: int = 150, ink: int = 25, colour: bool = False) -> np.ndarray:
    """A greyscale page: a number in black print, a seal's ring, stroke and lettering over it
    in grey ink (``seal``: its level; as dark as the print when equal to ``ink``)."""
    paper = Image.new("L", (760, 400), 243)
    font = _fonts.face("Noto Sans CJK SC", 30)
    ImageDraw.Draw(paper).text((60, 188), NUMBER, fill=ink, font=font)
    stamp = np.full((400, 760), 243, np.uint8)
    cv2.circle(stamp, (330, 260), 95, seal, 6, cv2.LINE_AA)
    cv2.putText(stamp, "SEAL", (420, 230), cv2.FONT_HERSHEY_SIMPLEX, 1.4, seal, 4, cv2.LINE_AA)
    cv2.line(stamp, (270, 190), (400, 230), seal, 5)
    img = np.minimum(np.asarray(paper), stamp)  # inks add up: the print stays the darkest
    noise = np.random.default_rng(7).normal(0, 3, img.shape)
    img = np.clip(img + noise, 0, 255).astype(np.uint8)
    rgb = np.repeat(img[..., None], 3, axis=2)
    if colour:  # a red seal: the page has colour, and the red channel pales it already
        rgb[..., 1][stamp == seal] = 60
    return rgb


def readings_of(page: np.ndarray, read: str) -> dict[str, list[Reading]]:
    """The field readings of a page whose own reading of the number is ``read``."""
    raw = {"certificate_number": RawField(read, 0.9, BOX, 0)}
    pages = [Page(page, page, [Line(read, 0.9, BOX)], Role.INFORMATION)]
    got = _info.field_readings(pages, raw)
    return got | {k: [Reading(v, 0.99)] * 3 for k, v in OTHERS.items()}


def test_the_dark_view_whitens_the_grey_seal_and_keeps_the_print():
    view = _grey.dark_ink(grey_page(), BOX)
    assert view is not None
    grey = view[..., 0]
    dark = grey < 80
    assert dark.sum() > 500  # the digits' strokes
    near = cv2.dilate(dark.astype(np.uint8), np.ones((7, 7), np.uint8)) > 0
    assert (~near & (grey < 200)).sum() == 0  # no seal ink left away from the print
    # both dark cuts, then the print's own line at two scales
    assert [r.text for r in _grey.dark_readings(grey_page(), BOX)] == [NUMBER] * 4


def test_no_dark_view_without_a_lighter_second_ink():
    assert _grey.dark_ink(grey_page(seal=25), BOX) is None  # seal as dark as the print
    assert _grey.dark_ink(grey_page(seal=243), BOX) is None  # no seal at all


def test_a_number_with_the_seals_lettering_glued_on_is_read_from_the_dark_ink():
    # The page and its re-reads take the seal's lettering into the number (…197SEAL or a
    # place name's 治县 for the digits under the ring); the dark view reads it whole, twice,
    # and so does the print's own line.
    got = readings_of(grey_page(), "20125140126治县")
    assert [r.text for r in got["certificate_number"]] == [NUMBER] * 4
    value = decode(got)["certificate_number"]
    assert value.value == NUMBER and not value.blocking


def test_without_the_dark_view_the_number_stays_wrong():
    got = {"certificate_number": [Reading("20125140126治县", 0.9)] * 3}
    got |= {k: [Reading(v, 0.99)] * 3 for k, v in OTHERS.items()}
    value = decode(got)["certificate_number"]
    assert value.value != NUMBER and value.blocking


def test_two_dark_reads_that_disagree_leave_the_number_flagged():
    other = NUMBER[:11] + "4" + NUMBER[12:]  # a free serial digit read otherwise
    kept = _grey.kept("certificate_number", [
        Reading("20125140126治县", 0.9), Reading(NUMBER, 0.95), Reading(other, 0.95)])
    assert [r.text for r in kept] == [NUMBER, other]
    got = {"certificate_number": kept} | {k: [Reading(v, 0.99)] * 3 for k, v in OTHERS.items()}
    assert decode(got)["certificate_number"].blocking


def test_a_colour_page_or_a_number_read_whole_twice_gets_no_dark_read():
    colour = readings_of(grey_page(colour=True), "20125140126治县")
    assert len(colour["certificate_number"]) == 3
    assert not _grey.doubted("certificate_number", [Reading(NUMBER, 0.9)] * 2)
    assert _grey.doubted("certificate_number", [Reading(NUMBER, 0.9), Reading("2012", 0.9)])
    assert not _grey.doubted("name", [Reading("张三", 0.9)])


def test_only_readings_with_the_seals_lettering_are_set_aside():
    short = Reading(NUMBER[:12] + NUMBER[13:], 0.9)  # a digit the seal hid: its dissent stays
    glued = Reading("20125140126治县", 0.9)
    whole = Reading(NUMBER, 0.95)
    assert _grey.kept("certificate_number", [glued, short, whole]) == [short, whole]
    assert _grey.kept("certificate_number", [glued, short]) == [glued, short]  # none whole
    dates = [Reading("2015年10月2日", 0.9), Reading("2015年10月21", 0.9)]
    assert _grey.kept("issue_date", dates) == dates
