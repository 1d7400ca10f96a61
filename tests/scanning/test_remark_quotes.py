"""A quote of a pair every reading lost (…更正为化学”) is put back where the wording places it
only when the page shows one free cell there; a place with no room, or room for more than a
mark (a character lost too), leaves the text as read."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning._ocr import Line
from scanning._remark_quotes import place, settle
from tests.scanning._fonts import cjk_font


def _page(written: str, hide: tuple[int, ...] = (), size: int = 32) -> tuple[np.ndarray, Line]:
    """``written`` in dark ink; the characters at ``hide`` wiped away (a faint stroke every
    reading lost), their cells left where they were, and the line's text read without them."""
    font = cjk_font(size)
    img = Image.new("RGB", (40 + len(written) * size + 40, 40 + 2 * size), (246, 244, 238))
    draw = ImageDraw.Draw(img)
    draw.text((20, 25), written, font=font, fill=(30, 30, 40))
    for k in hide:
        x = 20 + draw.textlength(written[:k], font=font)
        w = draw.textlength(written[k], font=font)
        draw.rectangle((x + 1, 20, x + w - 1, 30 + size), fill=(246, 244, 238))
    text = "".join(ch for k, ch in enumerate(written) if k not in hide)
    right = int(20 + draw.textlength(written, font=font))
    return np.asarray(img), Line(text, 0.99, (16, 22, right + 2, 27 + size))


@pytest.mark.parametrize(("text", "at", "mark"), [
    ("任教学科由“数学”更正为化学”", 12, "“"),
    ("经核实，持证人性别更正为女”", 12, "“"),
    ("任教学科由“体育与健康更正为“语文”", 11, "”"),
    ("持证人曾用名江福”，现以本证记载为准。", 6, "“"),
])  # fmt: skip
def test_the_wording_places_the_lost_half_of_a_pair(text: str, at: int, mark: str) -> None:
    p = place(text)
    assert p is not None and (p.at, p.mark) == (at, mark)


@pytest.mark.parametrize("text", [
    "任教学科由“数学”更正为“化学”",  # pairs whole
    "持证人姓名更正为“谢淑文原姓名有误",  # no word or mark after the value places the close
    "性别更正为“女",  # open at the end: no neighbour to measure by
])  # fmt: skip
def test_no_place_without_one_lost_half(text: str) -> None:
    assert place(text) is None


def test_a_lost_quote_the_ink_shows_is_put_back():
    for written, hide in (
        ("任教学科由“数学”更正为“化学”", 12),
        ("经核实，持证人性别更正为“女”", 12),
    ):
        image, line = _page(written, (hide,))
        got = settle(line.text, image, [line])
        assert got is not None and got.text == written
        assert not got.seen and not got.decides  # no reading saw it: the entry stays flagged


def test_no_room_or_room_for_a_character_too_puts_nothing_back():
    # written without the quote at all: the characters stand one em apart
    image, line = _page("任教学科由“数学”更正为化学”")
    assert settle(line.text, image, [line]) is None
    # 华 and its closing quote both lost: two free cells, not one
    image, line = _page("持证人姓名更正为“张子华”，原姓名有误", (11, 12))
    assert line.text == "持证人姓名更正为“张子，原姓名有误"
    assert settle(line.text, image, [line]) is None


def test_a_subject_corrections_lost_closing_quote_is_put_back_unseen():
    got = settle("任教学科由“道德与法治更正为“音乐学”", None, [])
    assert got is not None and got.text == "任教学科由“道德与法治”更正为“音乐学”"
    assert not got.seen and not got.decides  # the entry stays flagged for a person
    # no known subject, no subject correction, or an opening half lost: as read
    assert settle("任教学科由“道德与法更正为“音乐学”", None, []) is None
    assert settle("曾用名“音乐学更正为“张华”", None, []) is None
    assert settle("任教学科由“数学”更正为化学”", None, []) is None

