"""A number box cut at one end is widened on each side alone: the crop that runs on over the
lost end holds the number whole and nothing past its other end."""

from __future__ import annotations

import cv2
import numpy as np
import pytest

from scanning import _number_runs as runs
from scanning import _widen
from scanning._info import strip_label
from scanning._ocr import Reading, recognise_all
from tests.scanning.test_decode import CERT


def test_sided_boxes_grow_one_end_each_by_the_missing_digits() -> None:
    left, right = runs.sided((300, 100, 500, 120), 7, 1000)
    grow = round(8 * runs.DIGIT_EM * 20)
    assert left == (300 - grow, 100, 500, 120)
    assert right == (300, 100, 500 + grow, 120)


def test_sided_boxes_stay_on_the_page() -> None:
    assert runs.sided((10, 0, 90, 30), 5, 120) == ((0, 0, 90, 30), (10, 0, 120, 30))


def test_the_box_widened_over_its_cut_start_reads_the_number_whole() -> None:
    page = np.full((120, 900, 3), 255, np.uint8)
    cv2.putText(page, CERT, (40, 70), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (20, 20, 20), 2,
                cv2.LINE_AA)
    width = cv2.getTextSize(CERT, cv2.FONT_HERSHEY_SIMPLEX, 1.0, 2)[0][0]
    box = (40 + width * 7 // 17, 44, 40 + width + 4, 78)  # the first 7 digits cut off
    left, _ = runs.sided(box, 7, page.shape[1])
    got = [runs.digit_run(strip_label(r), 17) for r in recognise_all(
        [_widen._stretched(page, left)])]  # noqa: SLF001 - the crop whole_readings reads
    assert [r.text if r else None for r in got] == [CERT]


def test_whole_readings_try_each_side_alone_only_when_both_sides_read_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    asked: list[list[tuple[int, int, int, int]]] = []

    def runs_read(views: object, boxes: list[tuple[int, int, int, int]], key: str) -> list[Reading]:
        asked.append(list(boxes))
        return [] if len(asked) == 1 else [Reading(CERT, 0.99)]

    monkeypatch.setattr(_widen, "_whole_runs", runs_read)
    page = np.full((120, 900, 3), 255, np.uint8)
    box = (300, 44, 700, 78)
    assert [r.text for r in _widen.whole_readings([page], box, "certificate_number", 7)] == [CERT]
    assert asked[1] == list(runs.sided(box, 7, 900))
    asked.clear()
    assert _widen.whole_readings([page], box, "certificate_number", 0) == []
    assert len(asked) == 1  # nothing lost at either end: no one-sided crop
