"""A remark date a grey seal hid from the page's detector, found again in thin bands across the
seal (issue 12, wave 9). OCR is faked: each band 'reads' the page lines that lie in it."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _ocr, _remark_dates, _sections
from scanning._ocr import Line
from scanning._remarks import entries
from scanning._seal_shape import Ring

ISSUED = "2020-01-01"
PAGE = np.full((800, 800, 3), 240, np.uint8)
RING = Ring(450.0, 440.0, 86.0)
SEEN = [
    Line("备注", 0.97, (327, 93, 469, 151)),
    Line("出生日期已更正", 0.97, (111, 206, 288, 240)),
    Line("2022年10月05日", 0.97, (504, 250, 692, 287)),
    Line("经核查信息无误", 0.97, (112, 376, 331, 414)),
]


def fake_read(monkeypatch: pytest.MonkeyPatch, hidden: list[Line], ring: Ring = RING) -> None:
    """OCR faked: each band across ``ring`` 'reads' the ``hidden`` lines it holds whole."""
    calls: list[int] = []

    def readings_of_band(img: np.ndarray) -> list[Line]:
        # Bands are read in order; recompute each band's top the way ``recover`` does.
        k = _remark_dates._BANDS[len(calls) % len(_remark_dates._BANDS)]
        calls.append(1)
        y0 = max(0, int(ring.cy + (k - 0.4) * ring.r))
        y1 = y0 + img.shape[0]
        return [
            Line(h.text, 0.95, (h.box[0], h.box[1] - y0, h.box[2], h.box[3] - y0))
            for h in hidden
            if h.box[1] >= y0 and h.box[3] <= y1
        ]

    monkeypatch.setattr(_ocr, "read", readings_of_band)


def dated(lines: list[Line]) -> list[tuple[str | None, str | None]]:
    return [(r.date.value if r.date else None, r.text) for r in entries(lines, ISSUED)]


def test_a_date_under_a_grey_seal_is_found_and_the_entries_part(monkeypatch):
    # Read from a greyscale booklet: 2024年02月28日 under a grey seal had no box, so
    # 经核查信息无误 was parted from the entry above without a date.
    assert dated(SEEN) == [("2022-10-05", "出生日期已更正"), (None, "经核查信息无误")]
    fake_read(monkeypatch, [Line("2024年02月28日", 0.97, (452, 428, 694, 476))])
    got = dated(_remark_dates.recover(PAGE, SEEN, [RING]))
    assert got == [("2022-10-05", "出生日期已更正"), ("2024-02-28", "经核查信息无误")]


def test_what_the_bands_read_that_is_no_new_date_is_not_added(monkeypatch):
    # A box already read, seal lettering, and a date-like read that is no real date are not
    # added; the dated entry stays flagged for its pairing (annotation_text).
    fake_read(monkeypatch, [
        Line("经核查信息无误", 0.97, (112, 376, 331, 414)),
        Line("教师资格认定专用章", 0.97, (386, 450, 525, 480)),
        Line("2024年02月8B日", 0.97, (452, 428, 694, 476)),
    ])  # fmt: skip
    lines = _remark_dates.recover(PAGE, SEEN, [RING])
    assert [x.text for x in lines] == [x.text for x in SEEN]
    r = entries(lines, ISSUED)[0]
    _, found, _ = _sections.decode_remark(r, 0, ISSUED)
    assert "annotation_text" in [f.code for f in found]


def test_a_broken_date_the_page_read_under_the_seal_gives_way(monkeypatch):
    # Read from a greyscale spread: the page read 11年05月23日 (the year under the ring), no
    # date; a band across the seal reads the whole date there.
    broken = Line("24年02月28日", 0.8, (452, 430, 694, 474))
    fake_read(monkeypatch, [Line("2024年02月28日", 0.97, (452, 428, 694, 476))])
    lines = _remark_dates.recover(PAGE, [*SEEN, broken], [RING])
    assert "24年02月28日" not in [x.text for x in lines]
    assert dated(lines)[1] == ("2024-02-28", "经核查信息无误")


def test_a_band_date_over_a_box_of_words_is_not_added(monkeypatch):
    # The band's date overlaps a box of remark words: the page read something else there, so
    # nothing is replaced.
    words = Line("予以补发", 0.97, (452, 430, 694, 474))
    fake_read(monkeypatch, [Line("2019年05月23日", 0.97, (452, 428, 694, 476))])
    lines = _remark_dates.recover(PAGE, [*SEEN, words], [RING])
    assert [x.text for x in lines] == [x.text for x in sorted([*SEEN, words], key=lambda x: x.cy)]
