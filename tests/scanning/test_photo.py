"""The holder's photo: found with or without a frame, on any paper, and judged by the photo
standard in force when the booklet was issued."""

from __future__ import annotations

import random

import cv2
import numpy as np
import pytest

from scanning import _pages, _photo
from scanning.sample import _degrade as deg
from scanning.sample import _render as rd
from scanning.sample import random_record

WHITE, BLUE, RED = (255, 255, 255), (90, 150, 220), (215, 40, 45)
PALE = (250, 248, 242)


def photo_page(
    bg: tuple[int, int, int] = WHITE,
    paper: tuple[int, int, int] = PALE,
    *,
    frame: bool = False,
    grey: bool = False,
    pattern: bool = True,
    size_mm: tuple[float, float] = (33, 48),
    seed: int = 1,
) -> tuple[np.ndarray, tuple[int, int, int, int]]:
    """A photo page at the normalised height and the photo's true box on it."""
    rng = random.Random(seed)
    cv = rd.Canvas(190, bg=paper)
    if pattern:
        rd.guilloche(cv, rng, (max(0, paper[0] - 22), paper[1], max(0, paper[2] - 22)))
    pw, ph = cv.px(size_mm[0]), cv.px(size_mm[1])
    x0, y0 = cv.px(51.25 - size_mm[0] / 2 + rng.uniform(-4, 4)), cv.px(24 + rng.uniform(-3, 3))
    cv.img.paste(rd.portrait(pw, ph, rng, bg), (x0, y0))
    if frame:
        cv.draw.rectangle((x0 - 1, y0 - 1, x0 + pw, y0 + ph), outline=(120, 120, 120))
    r, ex, ey = cv.px(10), x0 + pw, y0 + ph  # the embossed steel seal's ring over the corner
    cv.draw.ellipse((ex - r, ey - r, ex + r, ey + r), outline=(175, 175, 170), width=cv.px(0.6))
    cv.text(20, 100, "持证人签名", "sans", 4)
    a = deg.to_array(cv.img)
    if grey:
        a = np.repeat(cv2.cvtColor(a, cv2.COLOR_RGB2GRAY)[..., None], 3, axis=2)
    k = _pages.PAGE_HEIGHT / a.shape[0]
    return _pages.to_height(a), (round(x0 * k), round(y0 * k), round(ex * k), round(ey * k))


def _overlap(a: tuple[int, ...], b: tuple[int, ...]) -> float:
    ix = max(0, min(a[2], b[2]) - max(a[0], b[0]))
    iy = max(0, min(a[3], b[3]) - max(a[1], b[1]))
    union = (a[2] - a[0]) * (a[3] - a[1]) + (b[2] - b[0]) * (b[3] - b[1]) - ix * iy
    return ix * iy / union


@pytest.mark.parametrize(
    ("paper", "pattern", "grey"),
    [(PALE, True, False), (PALE, False, False), ((255, 255, 255), False, False),
     ((246, 238, 212), True, False), ((248, 234, 236), True, False), (PALE, True, True)],
    ids=["pale", "plain", "white-paper", "yellowish", "pinkish", "greyscale"],
)
def test_white_background_photo_without_frame_found(paper, pattern, grey):
    page, truth = photo_page(WHITE, paper, pattern=pattern, grey=grey, seed=7)
    photo = _photo.extract(page)
    assert photo is not None
    assert _overlap(photo.box, truth) > 0.85
    assert not [f for f in photo.findings if f.code == "photo_background"]


@pytest.mark.parametrize("frame", [True, False])
@pytest.mark.parametrize("bg", [BLUE, RED])
def test_coloured_background_photo_found_and_flagged(bg, frame):
    page, truth = photo_page(bg, frame=frame, seed=3)
    photo = _photo.extract(page)
    assert photo is not None and _overlap(photo.box, truth) > 0.9
    assert [f.code for f in photo.findings] == ["photo_background"]


def test_red_background_in_greyscale_with_clothes_as_grey_as_it_found():
    # Seed 1 dresses the figure in green, which greyscale turns the grey of the red background.
    page, truth = photo_page(RED, grey=True, seed=1)
    photo = _photo.extract(page)
    assert photo is not None and _overlap(photo.box, truth) > 0.9


@pytest.mark.parametrize("frame", [True, False])
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_blue_background_in_a_blurred_greyscale_scan_found(frame, seed):
    # The light neck above dark clothes: the blurred edge between them passes through the
    # background's grey, which must not cut the figure in two.
    page, truth = photo_page(BLUE, grey=True, frame=frame, seed=seed)
    page = np.asarray(cv2.GaussianBlur(page, (0, 0), 1.6), np.uint8)
    photo = _photo.extract(page)
    assert photo is not None and _overlap(photo.box, truth) > 0.85


def test_small_one_inch_photo_in_greyscale_found():
    page, truth = photo_page(WHITE, grey=True, size_mm=(25, 35), seed=4)
    photo = _photo.extract(page)
    assert photo is not None and _overlap(photo.box, truth) > 0.85


def test_old_booklet_blue_photo_is_a_note_not_a_reason_for_review():
    page, _ = photo_page(BLUE, seed=5)
    photo = _photo.extract(page)
    assert photo is not None
    (finding,) = _photo.era_findings(photo, "2016-07-01")
    assert finding.code == "photo_background" and finding.severity == "note"
    assert not finding.blocking
    assert not _photo.photo_value(photo, "2016-07-01").blocking


@pytest.mark.parametrize("issued", ["2021-03-15", None])
def test_blue_photo_after_2020_or_of_unknown_date_is_a_warning(issued):
    page, _ = photo_page(BLUE, seed=5)
    photo = _photo.extract(page)
    assert photo is not None
    (finding,) = _photo.era_findings(photo, issued)
    assert finding.severity == "warning" and finding.field == "photo"
    value = _photo.photo_value(photo, issued)
    assert value.blocking and value.findings[0].code == "photo_background"


def test_missing_photo_is_a_finding():
    value = _photo.photo_value(None, "2021-01-01")
    assert value.blocking and value.findings[0].code == "photo_missing"


def _seal_page() -> np.ndarray:
    cv = rd.Canvas(190)
    rd.guilloche(cv, random.Random(2), (226, 236, 226))
    rd.stamp(cv, 51, 60, 42, "某某市教育局", random.Random(2))
    return deg.to_array(cv.img)


def _table_page() -> np.ndarray:
    cv = rd.Canvas(190)
    for i in range(9):
        y = 20 + i * 12
        cv.draw.line((cv.px(8), cv.px(y), cv.px(95), cv.px(y)), fill=(40, 40, 40), width=3)
        cv.text(10, y + 3, "资格种类 高级中学教师资格", "serif-bold", 4)
    for x in (8, 35, 95):
        cv.draw.line((cv.px(x), cv.px(20), cv.px(x), cv.px(116)), fill=(40, 40, 40), width=3)
    return deg.to_array(cv.img)


def _text_block() -> np.ndarray:
    cv = rd.Canvas(190)
    text = "本证书由中华人民共和国教育部统一印制"
    for i in range(16):
        cv.text(14, 20 + i * 6, text[: 12 + i % 5], "sans-bold", 5)
    return deg.to_array(cv.img)


def _blurred_bold_fields() -> np.ndarray:
    """Fields as label-above-value pairs in heavy type, smeared by motion blur (a phone photo):
    the lines merge into one dark block of about a photo's size."""
    cv = rd.Canvas(190)
    rd.guilloche(cv, random.Random(4), (236, 226, 230))
    values = ["1996年07月16日", "430581199607160067", "幼儿园教师资格", "机械加工技术",
              "201843869412483948", "武冈市教育局", "2018年04月08日"]
    for i, value in enumerate(values):
        cv.text(8, 20 + i * 11, "资格类别", "sans", 3.2, (120, 120, 120))
        cv.text(8, 24.4 + i * 11, value, "serif-bold", 5.5)
    rd.stamp(cv, 40, 95, 36, "武冈市教育局", random.Random(4))
    kernel = np.zeros((9, 9), np.float32)
    kernel[4, :] = 1 / 9
    smeared = cv2.filter2D(deg.to_array(cv.img), -1, kernel)
    return np.asarray(cv2.GaussianBlur(smeared, (5, 5), 1.2), np.uint8)


@pytest.mark.parametrize("make", [_seal_page, _table_page, _text_block, _blurred_bold_fields])
def test_seal_table_or_text_block_is_not_a_photo(make):
    assert _photo.locate(_pages.to_height(make())) is None


def test_other_booklet_pages_never_yield_a_photo():
    rng = random.Random(11)
    run = rd.PrintRun.pick(rng)
    rec = random_record(rng)
    pages = [
        rd.info_page(150, rng, rec, run),
        rd.remarks_page(150, rng, rec, run),
        rd.registration_page(150, rng, rec.registrations[:2], run),
        rd.cover(150, rng),
    ]
    for page in pages:
        assert _photo.locate(_pages.to_height(deg.to_array(page))) is None


def test_a_wider_printed_photo_is_found_noted_and_saved_at_25_by_35(tmp_path):
    page, truth = photo_page(WHITE, size_mm=(36, 43), seed=8)
    photo = _photo.extract(page)
    assert photo is not None and _overlap(photo.box, truth) > 0.8
    (finding,) = [f for f in photo.findings if f.code == "photo_aspect"]
    assert finding.severity == "note"
    h, w = _photo.standard_crop(photo.image).shape[:2]
    assert abs(w / h - _photo.STANDARD_ASPECT) < 0.01


def test_a_page_of_fields_holding_the_photo_is_told_from_the_photo_page():
    rng = random.Random(3)
    fields = _pages.to_height(
        deg.to_array(rd.info_page(150, rng, random_record(rng), rd.PrintRun.pick(rng)))
    )
    page, box = photo_page(WHITE, seed=2)
    photo = page[box[1] : box[3], box[0] : box[2]]
    fields[100 : 100 + photo.shape[0], 500 : 500 + photo.shape[1]] = photo
    found = _photo.locate(fields)
    assert found is not None and _photo.text_beside(fields, found) > 60
    assert _photo.text_beside(page, box) <= 60


def test_photo_is_cut_from_the_page_at_the_files_own_resolution():
    # A 300 dpi scan: the normalised page holds the photo at ~2/3 of its printed pixels; the
    # saved photo (295 × 413) must come from the scan itself, not from an upscaled thumbnail.
    rng = random.Random(3)
    cv = rd.Canvas(300, bg=PALE)
    pw, ph = cv.px(33), cv.px(48)
    cv.img.paste(rd.portrait(pw, ph, rng, WHITE), (cv.px(35), cv.px(24)))
    cv.text(20, 100, "持证人签名", "sans", 4)
    full = deg.to_array(cv.img)
    page = _pages.to_height(full)
    photo = _photo.extract(page)
    assert photo is not None
    sharp = _photo.at_resolution(photo, page, full)
    assert sharp.image.shape[0] >= 413 > photo.image.shape[0]
    assert sharp.box == photo.box and sharp.findings == photo.findings
    # The same picture: the sharp crop scaled down matches the normalised one.
    h, w = photo.image.shape[:2]
    small = cv2.resize(sharp.image, (w, h), interpolation=cv2.INTER_AREA).astype(np.int16)
    assert float(np.abs(small - photo.image.astype(np.int16)).mean()) < 12


def test_photo_of_a_file_no_sharper_than_the_page_is_kept():
    page, _ = photo_page()
    photo = _photo.extract(page)
    assert photo is not None
    assert _photo.at_resolution(photo, page, page) is photo


def test_a_photo_from_a_low_resolution_scan_is_noted_not_sent_to_review():
    small = cv2.resize(photo_page(WHITE, seed=8)[0], None, fx=0.4, fy=0.4)
    photo = _photo.extract(small)
    assert photo is not None
    (finding,) = [f for f in photo.findings if f.code == "photo_size"]
    assert finding.severity == "note" and not finding.blocking
    assert "300 dpi" in finding.message
