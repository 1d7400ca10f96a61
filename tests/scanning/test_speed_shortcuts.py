"""Shortcuts that save CPU and change nothing read: one small copy of a picture, made once,
serves every look at it that needs no fine print (the booklet's outline, a cover's cloth, the
lines' slope); the detector's preprocessing is made once per side; a position's score skips
the width variants it has none of; a field's ranking measures each candidate's distance to the
readings once, not once per ranking; a fill colour's median is counted by level and its pixels
picked by colour box; a scan on a white lid is known by its border before any outline is sought;
an office's fit is worked out once per name end. Each shortcut gives what the long way gives."""

from __future__ import annotations

import random

import numpy as np
import pytest

from scanning import _ocr, _pages
from scanning.sample import _degrade as deg
from scanning.sample import _render as rd
from scanning.sample import random_record


def _info(dpi: int = 150, seed: int = 3) -> np.ndarray:
    rng = random.Random(seed)
    return deg.to_array(rd.info_page(dpi, rng, random_record(rng), rd.PrintRun.pick(rng)))


def _phone_spread() -> np.ndarray:
    from PIL import Image

    rng = random.Random(4)
    run = rd.PrintRun.pick(rng)
    left = deg.to_array(rd.photo_page(150, rng, True, run))
    spread = deg.spread(Image.fromarray(left), Image.fromarray(_info()))
    return deg.phone(spread, random.Random(4))


def test_the_look_copy_is_the_booklet_outlines_own_copy():
    photo = _phone_spread()
    small = _pages.look_copy(photo)
    assert max(small.shape[:2]) == _pages.LOOK_SIDE
    mine, theirs = _pages.booklet_quad(photo, small), _pages.booklet_quad(photo)
    assert mine is not None and theirs is not None and np.array_equal(mine, theirs)


@pytest.mark.parametrize("dpi", [150, 60])  # larger than the copy, and smaller
def test_ink_points_from_the_look_copy_are_the_same_points(dpi):
    page = _info(dpi)
    got = _pages._ink_points(page, _pages.look_copy(page))  # noqa: SLF001
    assert np.array_equal(got, _pages._ink_points(page))  # noqa: SLF001


def test_a_picture_smaller_than_the_look_copy_is_looked_at_as_it_is():
    page = np.full((500, 350, 3), 250, np.uint8)
    assert _pages._look(page, _pages.look_copy(page)) is None  # noqa: SLF001
    big = np.full((1200, 850, 3), 250, np.uint8)
    small = _pages.look_copy(big)
    assert _pages._look(big, small) is small  # noqa: SLF001


def test_the_cover_is_known_on_the_look_copy():
    cover = deg.to_array(rd.cover(150, random.Random(1)))
    assert max(cover.shape[:2]) > _pages.LOOK_SIDE
    assert _pages.is_cover(_pages.look_copy(cover))
    assert not _pages.is_cover(_pages.look_copy(_info()))


@pytest.mark.slow
def test_detection_with_its_preprocessing_made_once_gives_the_engines_boxes():
    det = _ocr.engine().text_det
    page = _info()
    saved = det.limit_type, det.limit_side_len
    det.limit_type, det.limit_side_len = "max", 640
    try:
        theirs = _ocr._detect(det, page)  # noqa: SLF001 - the detector's own preprocessing
    finally:
        det.limit_type, det.limit_side_len = saved
    ours = _ocr._detect(det, page, _ocr._preprocess(det, 640))  # noqa: SLF001
    assert len(ours) == len(theirs) >= 5
    assert all(np.array_equal(a, b) for a, b in zip(ours, theirs, strict=True))
    assert _ocr._preprocess(det, 640) is _ocr._preprocess(det, 640)  # noqa: SLF001


@pytest.mark.slow
@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_upright_with_the_look_copy_undoes_any_quarter_turn(turns):
    page = _info(200)
    turned = deg.rotate(page, turns)
    assert max(turned.shape[:2]) > _pages.LOOK_SIDE
    fixed, used = _pages.upright(turned, _pages.look_copy(turned))
    assert (used + turns) % 4 == 0
    assert fixed.shape == page.shape


def test_a_positions_score_counts_every_width_of_its_character_and_a_lone_one_as_is():
    same = _ocr._same_form  # noqa: SLF001
    assert same((("0", 0.6), ("０", 0.3), ("O", 0.05))) == pytest.approx(0.9)
    assert same(((":", 0.5), ("：", 0.49))) == pytest.approx(0.99)
    assert same((("日", 0.7), ("曰", 0.2))) == 0.7
    assert same((("日", 0.93),)) == 0.93
    assert same((("日", 1.0000001),)) == 1.0


def _reading(text: str, rng: random.Random) -> _ocr.Reading:
    alts = []
    for ch in text:
        p = rng.uniform(0.5, 0.99)
        rivals = [c for c in rng.sample("0123456789X", 3) if c != ch]
        alts.append(((ch, p), *((c, rng.uniform(0.001, 1 - p)) for c in rivals))
                    if rng.random() < 0.4 else ((ch, rng.uniform(0.95, 1.0)),))
    return _ocr.Reading(text, rng.uniform(0.6, 1.0), tuple(alts))


def test_a_rankings_distances_are_each_candidates_own_distance_to_the_readings():
    from scanning import _candidates as cand

    rng = random.Random(7)
    for _ in range(20):
        text = "".join(rng.choice("0123456789") for _ in range(rng.choice([8, 18])))
        readings = [_reading(text, rng), _reading(text[:-1] + rng.choice("0123456789"), rng),
                    _reading(text[:-1], rng)]  # fmt: skip
        joint, each = cand.rank_each(readings, alphabet="0123456789")
        for c in [*joint, *(c for one in each for c in one)]:
            assert c.edits == (0 if c.support else cand._edits(c.text, readings))  # noqa: SLF001
        logs = {c.text: float(k) for k, c in enumerate(joint[:30])}
        support = {t: 0 for t in logs}
        memo: dict[str, int] = {}
        assert (cand._normalised(logs, support, readings, memo)  # noqa: SLF001
                == cand._normalised(logs, support, readings))  # noqa: SLF001
        assert memo


def test_a_readings_likelihood_sums_its_characters_rows_made_or_not():
    from scanning import _candidates as cand

    rng = random.Random(8)
    reading = _reading("440301199003071234", rng)
    tab = cand.table(reading)
    rows: cand.Rows = {}
    first = cand.likelihood("440301199003071284", reading, tab=tab, rows=rows)
    assert rows  # the rows are kept for the next text
    again = cand.likelihood("440301199003071284", reading, tab=tab, rows=rows)
    fresh = cand.likelihood("440301199003071284", reading)
    assert first == again == fresh


def test_the_fill_colours_median_counted_by_level_is_numpys_median():
    from scanning import _collage_tiles as ct

    rng = np.random.default_rng(9)
    for n in [1, 2, 3, 4, 7, 10, 101, 1000]:
        for spread in (8, 256):
            base = rng.integers(0, 256 - spread + 1, size=3)
            px = (base + rng.integers(0, spread, size=(n, 3))).astype(np.int16)
            want = np.asarray(np.median(px, axis=0), np.int16)
            got = ct._median_levels(px)  # noqa: SLF001
            assert got.dtype == want.dtype and np.array_equal(got, want)


def _old_fill_colour(small: np.ndarray) -> np.ndarray | None:
    """The fill colour picked the long way: every flat border pixel's three channels."""
    import cv2

    from scanning import _collage_tiles as ct

    grown = cv2.dilate(small, np.ones((3, 3), np.uint8))
    shrunk = cv2.erode(small, np.ones((3, 3), np.uint8))
    flat = ct._channel_max(cv2.subtract(grown, shrunk)) <= ct._FLAT  # noqa: SLF001
    seen = np.zeros_like(flat)
    seen[:2], seen[-2:], seen[:, :2], seen[:, -2:] = True, True, True, True
    seen |= flat.mean(axis=1, keepdims=True) >= ct._BAND  # noqa: SLF001
    seen |= flat.mean(axis=0, keepdims=True) >= ct._BAND  # noqa: SLF001
    pixels = small[flat & seen].astype(np.int16)
    if len(pixels) < min(small.shape[:2]) // 2:
        return None
    bins = pixels // 8
    keys = (bins[:, 0] * 32 + bins[:, 1]) * 32 + bins[:, 2]
    top = int(np.argmax(np.bincount(keys, minlength=1)))
    return np.asarray(np.median(pixels[keys == top], axis=0), np.int16)


def _collage_on(colour: np.ndarray, seed: int) -> np.ndarray:
    import cv2

    rng = np.random.default_rng(seed)
    canvas = np.empty((900, 450, 3), np.uint8)
    canvas[:] = colour
    for y in (30, 475):
        photo = rng.integers(0, 256, (400, 350, 3)).astype(np.uint8)
        canvas[y : y + 400, 50:400] = cv2.GaussianBlur(photo, (9, 9), 0)
    return canvas


@pytest.mark.parametrize("picture", ["page", "phone", "collage"])
def test_the_fill_colour_and_its_pixels_picked_by_colour_box_are_the_long_ways(picture):
    from scanning import _collage_tiles as ct

    rng = np.random.default_rng(5)
    images = {
        "page": lambda: _info(),
        "phone": _phone_spread,
        "collage": lambda: _collage_on(rng.integers(0, 256, 3).astype(np.uint8), 5),
    }
    small = images[picture]()[::2, ::2].copy()
    want, got = _old_fill_colour(small), ct._fill_colour(small)  # noqa: SLF001
    assert (want is None) == (got is None)
    if want is None or got is None:
        return
    assert got.dtype == want.dtype and np.array_equal(got, want)
    for tol in (ct._TOL, 2 * ct._TOL):  # noqa: SLF001
        long_way = ct._channel_max(np.abs(small.astype(np.int16) - want)) <= tol  # noqa: SLF001
        assert np.array_equal(ct._near(small, want, tol), long_way)  # noqa: SLF001


def test_a_fill_near_black_or_white_keeps_the_levels_within_reach():
    from scanning import _collage_tiles as ct

    levels = np.arange(256, dtype=np.uint8)
    img = np.stack([levels, levels[::-1], levels], 1)[None].repeat(2, axis=0)
    for colour in ([0, 255, 3], [250, 5, 128], [128, 128, 128]):
        c = np.asarray(colour, np.int16)
        long_way = ct._channel_max(np.abs(img.astype(np.int16) - c)) <= ct._TOL  # noqa: SLF001
        assert np.array_equal(ct._near(img, c, ct._TOL), long_way)  # noqa: SLF001


def test_a_scan_on_a_white_lid_has_no_paper_mask_and_a_photo_keeps_its_outline():
    from scanning import _booklet_outline as bo

    page = _pages.look_copy(_info())
    assert bo._border_light(page) > bo._LID_L  # noqa: SLF001
    assert bo._paper_mask(page) is None and bo._paper_mask(page, True) is None  # noqa: SLF001
    photo = _pages.look_copy(_phone_spread())
    assert bo._border_light(photo) <= bo._LID_L  # noqa: SLF001
    assert bo._paper_mask(photo) is not None  # noqa: SLF001
    assert bo.booklet_quad(_phone_spread()) is not None


def _old_end_fit(read: str, name: str, limit: int) -> int:
    from scanning._office_match import edits

    lengths = range(max(1, len(read) - limit), min(len(name), len(read) + limit) + 1)
    return min((edits(read, name[-n:]) for n in lengths), default=len(read))


def test_an_offices_fit_worked_out_once_per_name_end_is_each_names_own_fit():
    from scanning._office_match import end_fit
    from scanning._vocab import authority_names

    rng = random.Random(12)
    names = rng.sample(sorted(authority_names()), 120)
    chars = "".join(sorted({c for n in names for c in n}))
    for name in names:
        for _ in range(3):
            cut = name[-rng.randint(1, len(name)) :]
            read = list(cut)
            for _ in range(rng.randint(0, 3)):  # a character changed, lost or added
                k = rng.randrange(len(read) + 1)
                op = rng.choice("cla")
                if op == "c" and k < len(read):
                    read[k] = rng.choice(chars)
                elif op == "l" and k < len(read):
                    del read[k]
                else:
                    read.insert(k, rng.choice(chars))
            text = "".join(read)
            for limit in (0, 1, 2):
                other = rng.choice(names)
                assert end_fit(text, name, limit) == _old_end_fit(text, name, limit)
                assert end_fit(text, other, limit) == _old_end_fit(text, other, limit)
    assert end_fit("", "长沙市岳麓区教育局", 0) == _old_end_fit("", "长沙市岳麓区教育局", 0) == 0
