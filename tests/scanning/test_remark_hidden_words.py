"""An entry whose whole text line a grey seal hid from the page's detector (its date read
alone): the band of writing beside the seal between the rows either side of that date is read
again, and the words found there are its text, flagged for a person to confirm."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _remark_dates
from scanning._ocr import Line
from scanning._remarks import entries
from scanning._seal_shape import Ring

ISSUED = "2010-01-01"
READ = [
    Line("任教学科更正为“体育与健康”，", 0.97, (89, 179, 468, 214)),
    Line("原记载有误。", 0.97, (84, 236, 248, 277)),
    Line("2014.12.23", 0.97, (544, 299, 717, 335)),
    Line("2024.04.04", 0.97, (538, 444, 721, 489)),
]
RING = Ring(470.0, 380.0, 75.0)


def _page() -> np.ndarray:
    page = np.full((600, 800), 245, np.uint8)
    for ln in READ:
        x0, y0, x1, y1 = ln.box
        page[y0 + 5 : y1 - 5, x0:x1] = 60
    page[380:410, 70:440] = 70  # the line the detector missed, running under the seal
    return page


def _strip(monkeypatch: pytest.MonkeyPatch, text: str, x0: int = 70) -> None:
    got = [Line(text, 0.93, (x0, 16, 520, 48))]
    monkeypatch.setattr(_ocr, "read", lambda image: got)


def test_the_words_a_seal_hid_beside_a_bare_date_are_read_again(monkeypatch):
    _strip(monkeypatch, "原证书遗失，经本人申请，予以补")
    words = _remark_dates.hidden_words(_page(), READ, [RING], [READ[3].box])
    assert [w.text for w in words] == ["原证书遗失，经本人申请，予以补"]
    lines = sorted([*READ, *words], key=lambda x: (x.cy, x.box[0]))
    got = [(r.date.value if r.date else None, r.text) for r in entries(lines, ISSUED)]
    assert got[1] == ("2024-04-04", "原证书遗失，经本人申请，予以补")


def test_nothing_is_read_again_without_a_bare_date_between_the_rows(monkeypatch):
    _strip(monkeypatch, "原证书遗失，经本人申请，予以补")
    # The band lies between 2014.12.23 and 2024.04.04: a bare row far above it does not look.
    assert _remark_dates.hidden_words(_page(), READ, [RING], [READ[0].box]) == []


def test_a_strip_starting_in_the_seal_or_holding_a_date_is_no_hidden_text(monkeypatch):
    bare = [READ[3].box]
    _strip(monkeypatch, "凉山彝族自治州教育局", x0=400)  # the seal's own lettering
    assert _remark_dates.hidden_words(_page(), READ, [RING], bare) == []
    _strip(monkeypatch, "2024年4月4日证书遗失")  # a date: ``hidden``'s, not this
    assert _remark_dates.hidden_words(_page(), READ, [RING], bare) == []
    _strip(monkeypatch, "补发")  # too few words to tell from a seal's remnant
    assert _remark_dates.hidden_words(_page(), READ, [RING], bare) == []
