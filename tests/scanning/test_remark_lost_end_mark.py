"""A closing mark every reading lost after a remark's last character: the page's ink shows it,
so the entry is flagged instead of accepted without its 。."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning._ocr import Line
from scanning._remark_endmark import comma_at_end, mark_at_end
from scanning._remark_read import _lost_end_mark
from scanning._seal_shape import Ring
from tests.scanning._fonts import cjk_font

WORDS = "准予补发，原证书号码不变"


def _page(
    written: str,
    size: int = 32,
    ink: tuple[int, int, int] = (30, 40, 120),
    after: tuple[int, int, int] | None = None,
) -> tuple[np.ndarray, Line]:
    """``written`` in dark blue on pale paper; the line's box and text end at the last word
    (a mark after it left outside the box, as the detector leaves it)."""
    font = cjk_font(size)
    img = Image.new("RGB", (720, 40 + 2 * size), (246, 244, 238))
    draw = ImageDraw.Draw(img)
    draw.text((20, 25), written, font=font, fill=ink)
    right = int(20 + draw.textlength(WORDS, font=font))
    if (
        after is not None
    ):  # a pale seal's rim crossing the cell after the words: an arc and its colour
        r = 3 * size
        draw.arc((right, 50 - r, right + 2 * r, 50 + r), 150, 210, fill=after, width=3)
    return np.asarray(img), Line(WORDS, 0.99, (16, 22, right + 2, 25 + size))


def test_a_full_stop_no_reading_holds_is_found_by_its_ink_and_flags_the_entry():
    for size in (24, 32, 44):
        image, line = _page(WORDS + "。", size)
        assert mark_at_end(image, line)
        assert not comma_at_end(image, line)  # a ring is no comma
        found = _lost_end_mark(image, "annotations[1]", [line], WORDS, [])
        assert [(f.code, f.field, f.severity) for f in found] == [
            ("annotation_text", "annotations[1].text", "warning")
        ]


def test_an_entry_that_ends_without_a_mark_is_not_flagged():
    for size in (24, 32, 44):
        image, line = _page(WORDS, size)
        assert not mark_at_end(image, line)
        assert _lost_end_mark(image, "annotations[0]", [line], WORDS, []) == []


def test_an_entry_read_with_its_full_stop_or_closed_by_a_date_is_not_measured():
    image, line = _page(WORDS + "。")
    assert _lost_end_mark(image, "annotations[0]", [line], WORDS + "。", []) == []
    dated = Line(WORDS + " 2025年9月6日", 0.99, line.box)  # the words do not close the line
    assert _lost_end_mark(image, "annotations[0]", [dated], WORDS, []) == []


def test_a_pale_seal_stroke_after_light_print_is_no_full_stop():
    # light grey print, a pale pink ring where a seal's rim crosses the line's end
    image, line = _page(WORDS, ink=(120, 120, 120), after=(175, 150, 155))
    assert not mark_at_end(image, line)
    assert _lost_end_mark(image, "annotations[0]", [line], WORDS, []) == []


def test_no_full_stop_is_proved_under_a_seal():
    # a seal's lettering is full of small rings: one over the cell after the words proves nothing
    image, line = _page(WORDS + "。")
    x1 = line.box[2]
    seal = [Ring(x1 + 60.0, 40.0, 70.0)]
    assert not mark_at_end(image, line, seal)
    assert _lost_end_mark(image, "annotations[0]", [line], WORDS, seal) == []


def _stroke(ink: tuple[int, int, int], mark: tuple[int, int, int], size: int = 32):
    """Light print and, where a comma would stand after it, a short thin pale stroke (a pale
    seal's rim crossing the line's end) that a reading takes for a comma."""
    image, line = _page(WORDS, ink=ink)
    img = Image.fromarray(image)
    right, y = line.box[2] - 2, 25 + int(0.75 * size)
    ImageDraw.Draw(img).line((right + 6, y, right + 3, y + size // 3), fill=mark, width=2)
    return np.asarray(img), line


def test_a_pale_seal_stroke_after_light_print_is_no_comma():
    # a mark is proved by ink as dark as the print's, whether read there or only measured
    for ink in ((120, 120, 120), (100, 100, 110)):
        for mark in ((175, 150, 155), (200, 170, 170)):
            image, line = _stroke(ink, mark)
            assert not comma_at_end(image, line)


def test_a_comma_in_the_print_s_own_ink_is_still_seen():
    for ink in ((30, 40, 120), (120, 120, 120)):
        image, line = _page(WORDS + "，", ink=ink)
        assert comma_at_end(image, line)
        image, line = _stroke(ink, ink)
        assert comma_at_end(image, line)
