"""Recognition runs: a crop's reading depends on its own pixels only, identical crops are read
once, and no crop is padded to another's width."""

from __future__ import annotations

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _ocr
from tests.scanning._fonts import cjk_font


def _field(text: str, height: int = 60) -> np.ndarray:
    font = cjk_font(30)
    img = Image.new("RGB", (40 + 32 * len(text), height), "white")
    ImageDraw.Draw(img).text((20, (height - 40) // 2), text, font=font, fill="black")
    return np.asarray(img)


@pytest.fixture
def runs(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, ...]]:
    """The shapes of the recogniser's input batches, as they are run."""
    rec = _ocr.engine().text_rec
    seen: list[tuple[int, ...]] = []
    session = rec.session

    def spy(batch: np.ndarray) -> object:
        seen.append(batch.shape)
        return session(batch)

    monkeypatch.setattr(rec, "session", spy)
    return seen


def test_padded_width_is_the_crop_scaled_to_the_recogniser_height_at_least_its_minimum():
    assert _ocr.padded_width(np.zeros((30, 60, 3), np.uint8)) == 320  # short: padded to 320
    assert _ocr.padded_width(np.zeros((30, 600, 3), np.uint8)) == 960  # 20:1 → 48 × 20


@pytest.mark.slow
def test_a_crop_reads_the_same_whatever_else_is_read_with_it(runs):
    short = _field("男")
    long_line = _field("证书编号：20254462941019144 批准日期：2019年11月24日")
    alone = _ocr.recognise_all([short])[0]
    together = _ocr.recognise_all([short, long_line])[0]
    assert together.text == alone.text == "男"
    assert together.score == alone.score
    assert together.alternatives == alone.alternatives
    # Never padded to the long line's width: each width is its own run.
    assert sorted(shape[3] for shape in runs[1:]) == [320, _ocr.padded_width(long_line)]


@pytest.mark.slow
def test_identical_crops_are_recognised_once(runs):
    a, b = _field("2019年11月24日"), _field("雁塔区教育局")
    got = _ocr.recognise_all([a, b, a.copy(), b[:, :]])
    assert sum(shape[0] for shape in runs) == 2
    assert [r.text for r in got] == ["2019年11月24日", "雁塔区教育局"] * 2
    assert got[0] == got[2] and got[0].alternatives == got[2].alternatives


@pytest.mark.slow
def test_an_empty_crop_reads_as_nothing_without_a_wide_run(runs):
    got = _ocr.recognise_all([np.zeros((0, 400, 3), np.uint8), _field("男")])
    assert got[1].text == "男"
    assert all(shape[3] == 320 for shape in runs)


@pytest.mark.slow
def test_detection_input_by_table_gives_the_engines_own_boxes():
    det = _ocr.engine().text_det
    page = np.full((500, 700, 3), 250, np.uint8)
    page[40:100, 20:20 + _field("姓名：王芳").shape[1]] = _field("姓名：王芳")
    page[300:360, 60:60 + _field("2019年11月24日").shape[1]] = _field("2019年11月24日")
    page[200:260, 100:400, 0] = 200  # a reddish band: the channels are normalised apart
    theirs = det(page).boxes
    ours = _ocr._detect(det, page)  # noqa: SLF001
    assert len(ours) == len(theirs) >= 2
    assert all(np.array_equal(a, b) for a, b in zip(ours, theirs, strict=True))


@pytest.mark.slow
def test_within_one_booklet_a_crop_is_recognised_once_across_calls(runs):
    a, b = _field("2019年11月24日"), _field("雁塔区教育局")
    alone = _ocr.recognise_all([a])[0]
    runs.clear()
    with _ocr.one_booklet():
        first = _ocr.recognise_all([a])[0]
        again = _ocr.recognise_all([b, a.copy()])
    assert sum(shape[0] for shape in runs) == 2  # a once, b once
    assert first == again[1] == alone and again[1].alternatives == alone.alternatives
    runs.clear()
    _ocr.recognise_all([a])  # after the booklet, nothing is remembered
    assert sum(shape[0] for shape in runs) == 1
