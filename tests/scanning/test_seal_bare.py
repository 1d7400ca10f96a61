"""A seal over a line's end hides nothing where its part past the end holds no print-dark ink
(``_seal_bare``): the remark check (``_seal_proof``) and the widened re-read (``_remark_extend``)
take such an end as read; print under the seal there, or a seal as dark as the print, keeps
the doubt. An issue date under a seal is proved from the re-reads of its own line when the
field's box also took in the seal's lettering (``_info_seal``). Drawn pages, no OCR run."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from scanning import _info_seal, _seal_bare, _seal_reread
from scanning._charbox import Glyph
from scanning._fields import RawField
from scanning._ocr import Line
from scanning._seal_proof import doubts
from scanning._seal_shape import Ring
from tests.scanning._fonts import SANS

EM = 30
TOP = 200
X0 = 60
TEXT = "身份证号码已升位，经核对无误"  # ends in a wording no closing phrase of the list
END = X0 + len(TEXT) * EM
RING = Ring(END - 1.5 * EM, TOP + 0.7 * EM, 2.6 * EM)  # over the last characters and past
LINE = Line(TEXT, 0.99, (X0, TOP, END, TOP + int(1.4 * EM)))


def page(more: str = "", seal: int = 150, colour: bool = False) -> np.ndarray:
    """The line in black (``more`` printed on after it, under the seal), a seal's ring and a
    star of its ink past the line's end: grey ``seal`` on a greyscale page, red on colour."""
    img = Image.new("RGB", (END + 6 * EM, 420), (245, 245, 245))
    d = ImageDraw.Draw(img)
    font = ImageFont.truetype(SANS, EM, index=2)
    d.text((X0, TOP), TEXT + more, font=font, fill=(25, 25, 25))
    ink = (220, 40, 45) if colour else (seal, seal, seal)
    r = RING
    d.ellipse((r.cx - r.r, r.cy - r.r, r.cx + r.r, r.cy + r.r), outline=ink, width=4)
    sx, sy = END + EM, TOP + 0.7 * EM  # seal ink (a star's point) past the end, on the band
    d.polygon([(sx, sy - 12), (sx + 10, sy + 10), (sx - 10, sy + 10)], fill=ink)
    return np.asarray(img)


def glyphs() -> tuple[Glyph, ...]:
    return tuple(Glyph(ch, X0 + (k + 0.5) * EM) for k, ch in enumerate(TEXT))


def test_a_seal_past_the_end_holding_only_its_own_ink_is_bare() -> None:
    assert _seal_bare.bare_after(page(), LINE.box, RING.cx + RING.r, [RING])


def test_print_under_the_seal_past_the_end_is_not_bare() -> None:
    assert not _seal_bare.bare_after(page("，予以更正"), LINE.box, RING.cx + RING.r, [RING])
    assert not _seal_bare.bare_after(page("，"), LINE.box, RING.cx + RING.r, [RING])


def test_a_seal_as_dark_as_the_print_proves_nothing() -> None:
    assert not _seal_bare.bare_after(page(seal=45), LINE.box, RING.cx + RING.r, [RING])


def test_a_red_seal_on_a_colour_page_is_told_by_the_red_channel() -> None:
    assert _seal_bare.bare_after(page(colour=True), LINE.box, RING.cx + RING.r)
    assert not _seal_bare.bare_after(page("予以", colour=True), LINE.box, RING.cx + RING.r)


def test_a_grey_seal_over_a_complete_entry_leaves_no_doubt() -> None:
    # every reading agreed, the words under the seal are remark phrases, and the seal past
    # the end holds no print: the end hid nothing (经核对无误 is not in the closing list)
    text, date = doubts(LINE, True, True, [RING], glyphs(), image=page())
    assert (text, date) == (False, False)


def test_without_the_page_or_with_print_under_the_seal_the_doubt_stays() -> None:
    assert doubts(LINE, True, True, [RING], glyphs())[0]
    assert doubts(LINE, True, True, [RING], glyphs(), image=page("，予以更正"))[0]
    assert doubts(LINE, True, True, [RING], glyphs(), image=page(seal=45))[0]


def test_words_that_leave_no_place_for_a_lost_mark() -> None:
    assert _seal_bare.worded("证书遗失，予以补发")
    assert not _seal_bare.worded("证书遗失予以补发")  # the comma before 予以 may be lost
    assert _seal_bare.worded("民族更正为回族")  # 回族: one of the 56 groups' names
    assert not _seal_bare.worded("民族更正为四族")  # no group's name


FIELD = (69, 849, 458, 900)  # the field's box: the date and the seal's lettering beside it
DATE_LINE = (69, 858, 299, 892)
DATE_RING = Ring(254.0, 873.0, 102.0)


@pytest.fixture
def proves_line_only(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    """Re-reads that prove the date on its own line only (the wider box read a stray 1)."""
    asked: list[tuple[int, ...]] = []

    def prove(image: np.ndarray, box: tuple[int, ...], value: str) -> _seal_reread.Proof | None:
        asked.append(box)
        return _seal_reread.Proof("2009年3月5日", ("dark", "line"), True) if box == DATE_LINE \
            else None  # fmt: skip

    monkeypatch.setattr(_info_seal._seal_reread, "prove", prove)
    return asked


def test_an_issue_date_is_proved_from_its_own_line(proves_line_only: list[tuple[int, ...]]) -> None:
    raw = RawField("2009年3月5日", 0.99, FIELD, 0)
    lines = [Line("颁发日期：2009年3月5日", 0.99, DATE_LINE)]
    got = _info_seal._by_line(np.zeros((1, 1), np.uint8), raw, lines, [DATE_RING], "2009-03-05")
    assert got is not None and proves_line_only == [DATE_LINE]


def test_a_date_line_ending_on_a_digit_is_not_proved(
    proves_line_only: list[tuple[int, ...]],
) -> None:
    # a digit lost after the last one (2009.3.5 for 2009.3.15) would stand past the line's box
    raw = RawField("2009.3.5", 0.99, FIELD, 0)
    lines = [Line("颁发日期：2009.3.5", 0.99, DATE_LINE)]
    got = _info_seal._by_line(np.zeros((1, 1), np.uint8), raw, lines, [DATE_RING], "2009-03-05")
    assert got is None and proves_line_only == []


ENTRY = "证书遗失，予以补发"
OVAL = (X0 + 7 * EM, TOP - 2 * EM, X0 + 13 * EM, TOP + 3 * EM)  # over the end, ring not found


def oval_page(more: str = "") -> np.ndarray:
    """A greyscale page: the entry in black (``more`` printed on under the seal), an oval
    seal in grey ink over its end with a star past it (the ring finder misses ovals)."""
    img = Image.new("RGB", (X0 + 16 * EM, 420), (245, 245, 245))
    d = ImageDraw.Draw(img)
    d.text((X0, TOP), ENTRY + more, font=ImageFont.truetype(SANS, EM, index=2), fill=(25, 25, 25))
    d.ellipse(OVAL, outline=(150, 150, 150), width=4)
    sx, sy = X0 + 10 * EM, TOP + 0.7 * EM
    d.polygon([(sx, sy - 12), (sx + 10, sy + 10), (sx - 10, sy + 10)], fill=(150, 150, 150))
    return np.asarray(img)


@pytest.fixture
def read_as_printed(monkeypatch: pytest.MonkeyPatch) -> None:
    """Widened re-reads that say the entry and nothing more (a grey seal hides alike)."""
    from scanning import _remark_extend
    from scanning._ocr import Reading

    def readings(pieces: list[tuple[np.ndarray, tuple[int, ...]]], red: bool = True
                 ) -> list[list[Reading]]:  # fmt: skip
        return [[Reading(ENTRY, 0.99), Reading(ENTRY, 0.98)] for _ in pieces]

    monkeypatch.setattr(_remark_extend._ocr, "readings", readings)


def test_a_line_end_under_an_unringed_seal_with_no_print_past_it_is_read(
    read_as_printed: None,
) -> None:
    from scanning._remark_extend import extend

    line = Line(ENTRY, 0.99, (X0, TOP, X0 + 9 * EM, TOP + int(1.4 * EM)))
    _, goes_on = extend(oval_page(), [line], frozenset({line.box}))
    assert not goes_on
    # print under the seal past the end (，予以补发 of 证书遗失): the doubt stays
    _, goes_on = extend(oval_page("。另发"), [line], frozenset({line.box}))
    assert goes_on
