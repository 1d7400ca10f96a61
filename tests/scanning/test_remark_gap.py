"""A wording one character short of a known phrase (原证遗失 beside 证书遗失) is an office's own
wording when the page leaves no room for the character: the ink, not the words, says whether one
was lost."""

from __future__ import annotations

import numpy as np
from PIL import Image, ImageDraw

from scanning._ocr import Line
from scanning._remark_doubt import broken_phrase, text_doubt
from scanning._remark_gap import whole
from tests.scanning._fonts import cjk_font

OWN = "原证遗失，经本人申请予以补发"
FULL = "原证书遗失，经本人申请予以补发"


def _page(written: str, hide: int | None = None, size: int = 32) -> tuple[np.ndarray, Line]:
    """``written`` in dark ink on pale paper; ``hide``: the place of a character wiped away
    (a seal or a faint stroke every reading lost), its cell left where it was."""
    font = cjk_font(size)
    img = Image.new("RGB", (40 + len(written) * size + 40, 40 + 2 * size), (246, 244, 238))
    draw = ImageDraw.Draw(img)
    draw.text((20, 25), written, font=font, fill=(30, 30, 40))
    if hide is not None:
        x = 20 + draw.textlength(written[:hide], font=font)
        draw.rectangle((x + 1, 20, x + size - 1, 30 + size), fill=(246, 244, 238))
    right = int(20 + draw.textlength(written, font=font))
    text = written if hide is None else written[:hide] + written[hide + 1 :]
    return np.asarray(img), Line(text, 0.99, (16, 22, right + 2, 27 + size))


def test_an_own_wording_the_ink_shows_whole_is_not_doubted():
    assert broken_phrase(OWN) == "证书遗失"  # the words alone cannot tell
    image, line = _page(OWN)
    test = whole(image, [line])
    assert test(OWN, 2)
    assert broken_phrase(OWN, test) is None
    assert text_doubt(OWN, test) is None


def test_a_character_every_reading_lost_leaves_its_room_and_stays_doubted():
    image, line = _page(FULL, hide=2)
    assert line.text == OWN
    test = whole(image, [line])
    assert not test(OWN, 2)
    assert broken_phrase(OWN, test) == "证书遗失"


def test_no_page_or_a_place_at_the_text_edge_proves_nothing():
    image, line = _page(OWN)
    assert not whole(None, [line])(OWN, 2)
    assert not whole(image, [line])(OWN, 0)
    assert not whole(image, [Line("别的文字", 0.99, line.box)])(OWN, 2)  # not on the line


def test_a_phrase_misread_at_the_remnant_s_edge_stays_doubted():
    # 证书遗实: 失 misread as 实, no character lost; the tight 遗|实 proves nothing
    text = "证书遗实，予以补发"
    image, line = _page(text)
    assert broken_phrase(text, whole(image, [line])) == "证书遗失"
