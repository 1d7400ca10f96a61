"""A number's box that also holds its label and leader (证书号码…… 2001…) is read once more
cut tight to the number's own print; a box of the number alone is not cut."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _widen
from scanning._info import strip_label
from scanning._number_runs import digit_run
from scanning._number_tight import tight
from scanning._ocr import Box, Reading, recognise_all
from tests.scanning._fonts import cjk_font
from tests.scanning.test_decode import CERT

SIZE = 20


def _line(label: str, number: str) -> tuple[np.ndarray, Box, int, int]:
    """``label`` then ``number`` printed on one line, as a detector boxes them together: the
    page, the line's box, and where the label's ink ends and the number's begins."""
    font = cjk_font(SIZE)
    img = Image.new("RGB", (60 + SIZE * (len(label) + len(number)), 3 * SIZE), (245, 242, 235))
    draw = ImageDraw.Draw(img)
    draw.text((20, SIZE), label, font=font, fill=(30, 30, 30))
    label_end = 20 + int(draw.textlength(label, font=font))
    start = label_end + int(0.5 * SIZE) if label else 20
    draw.text((start, SIZE), number, font=font, fill=(30, 30, 30))
    end = start + int(draw.textlength(number, font=font))
    return np.asarray(img), (18, SIZE, end + 2, int(2.5 * SIZE)), label_end, start


def test_the_label_and_leader_are_cut_off_and_every_digit_kept() -> None:
    page, box, label_end, start = _line("证书号码……", CERT)
    cut = tight(page, box, 17)
    assert cut is not None
    assert label_end <= cut[0] <= start and cut[2] >= box[2] - 2
    got = recognise_all([_widen._stretched(page, cut)])  # noqa: SLF001 - the crop read
    assert [(r.text if (r := digit_run(strip_label(g), 17)) else None) for g in got] == [CERT]


def test_a_box_of_the_number_alone_is_not_cut() -> None:
    page, box, _, _ = _line("", CERT)
    assert tight(page, box, 17) is None


def test_no_piece_wide_enough_for_the_number_is_no_tight_box() -> None:
    page, box, _, _ = _line("证书号码……", "2001")  # four digits cannot be a whole number
    assert tight(page, box, 17) is None


def test_a_blank_box_is_not_cut() -> None:
    assert tight(np.full((60, 400, 3), 250, np.uint8), (10, 10, 390, 40), 17) is None


def test_whole_readings_read_the_tight_crop_beside_the_box_and_its_widening(
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[Box]] = []

    def runs_read(views: object, boxes: list[Box], key: str) -> list[Reading]:
        asked.append(list(boxes))
        return []

    monkeypatch.setattr(_widen, "_whole_runs", runs_read)
    page, box, _, _ = _line("证书号码……", CERT)
    _widen.whole_readings([page], box, "certificate_number", 0)
    assert asked[0][2] == tight(page, box, 17)
    asked.clear()
    page, box, _, _ = _line("", CERT)
    _widen.whole_readings([page], box, "certificate_number", 0)
    assert len(asked[0]) == 2  # nothing beside the number: the box and its widening only
