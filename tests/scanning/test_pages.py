"""Page geometry and the photo: orientation, spreads, booklet outline, photo standard."""

from __future__ import annotations

import random

import numpy as np
import pytest

from scanning import _pages, _photo
from scanning._places import suggest_authority
from scanning.sample import _degrade as deg
from scanning.sample import _render as rd
from scanning.sample import random_record


def _page(kind: str, white: bool = True, seed: int = 3) -> np.ndarray:
    rng = random.Random(seed)
    run = rd.PrintRun.pick(rng)
    if kind == "photo":
        return deg.to_array(rd.photo_page(150, rng, white, run))
    return deg.to_array(rd.info_page(150, rng, random_record(rng), run))


@pytest.mark.parametrize("white", [True, False])
def test_photo_located_cropped_and_checked(white):
    photo = _photo.extract(_page("photo", white))
    assert photo is not None
    h, w = photo.image.shape[:2]
    assert abs(w / h - _photo.STANDARD_ASPECT) < 0.06
    assert any(f.code == "photo_background" for f in photo.findings) is (not white)


def test_no_photo_on_information_page():
    assert _photo.locate(_page("info")) is None


def test_saved_photo_meets_upload_standard(tmp_path):
    photo = _photo.extract(_page("photo"))
    assert photo is not None
    _photo.save(photo, tmp_path / "p.jpg")
    data = (tmp_path / "p.jpg").read_bytes()
    assert data[:2] == b"\xff\xd8" and len(data) < _photo.MAX_BYTES


def test_spread_split_at_binding():
    left, right = _page("photo"), _page("info")
    from PIL import Image

    spread = deg.to_array(deg.spread(Image.fromarray(left), Image.fromarray(right)))
    parts = _pages.split(spread)
    assert len(parts) == 2
    assert abs(parts[0].shape[1] - left.shape[1]) < left.shape[1] * 0.05
    assert _pages.split(left) == [left] or len(_pages.split(left)) == 1


def test_booklet_found_in_phone_photo_and_not_in_scan():
    from PIL import Image

    spread = deg.spread(Image.fromarray(_page("photo")), Image.fromarray(_page("info")))
    photo = deg.phone(spread, random.Random(4))
    quad = _pages.booklet_quad(photo)
    assert quad is not None
    flat = _pages.unwarp(photo, quad)
    assert abs(flat.shape[1] / flat.shape[0] - 205 / 145) < 0.02
    assert _pages.booklet_quad(deg.scanner(spread, random.Random(4))) is None


def test_cover_and_blank_pages_recognised_without_ocr():
    assert _pages.is_cover(deg.to_array(rd.cover(100, random.Random(1))))
    assert not _pages.is_cover(_page("info"))
    assert _pages.is_blank(np.full((400, 300, 3), 245, np.uint8))


def test_authority_suggestion_only_when_unique():
    assert suggest_authority("新疆维吾尔白治区教育厅") == "新疆维吾尔自治区教育厅"
    assert suggest_authority("甘各县教育局") is None  # 甘洛县 or 甘谷县: never guess


@pytest.mark.slow
@pytest.mark.parametrize("turns", [0, 1, 2, 3])
def test_upright_undoes_any_quarter_turn(turns):
    page = _page("info")
    turned = deg.rotate(page, turns)
    fixed, used = _pages.upright(turned)
    assert (used + turns) % 4 == 0
    assert fixed.shape == page.shape


def _turned(a: np.ndarray, degrees: float, lid: int = 240) -> np.ndarray:
    """A scan skewed by ``degrees`` (counter-clockwise) on the scanner lid."""
    import cv2

    m = int(0.03 * max(a.shape[:2]))
    a = cv2.copyMakeBorder(a, m, m, m, m, cv2.BORDER_CONSTANT, value=(lid,) * 3)
    rot = cv2.getRotationMatrix2D((a.shape[1] / 2, a.shape[0] / 2), degrees, 1.0)
    size = (a.shape[1], a.shape[0])
    return np.asarray(cv2.warpAffine(a, rot, size, borderValue=(lid,) * 3), np.uint8)


def _table_page() -> np.ndarray:
    cv = rd.Canvas(150)
    for i in range(9):
        y = 20 + i * 12
        cv.draw.line((cv.px(8), cv.px(y), cv.px(95), cv.px(y)), fill=(40, 40, 40), width=2)
        cv.text(10, y + 3, "资格种类 高级中学教师资格", "serif", 3.6)
    for x in (8, 35, 95):
        cv.draw.line((cv.px(x), cv.px(20), cv.px(x), cv.px(116)), fill=(40, 40, 40), width=2)
    return deg.to_array(cv.img)


@pytest.mark.parametrize("kind", ["info", "photo", "table"])
@pytest.mark.parametrize("degrees", [4.0, -4.0, 1.5])
def test_skew_up_to_4_degrees_measured_on_dense_sparse_and_table_pages(kind, degrees):
    page = _table_page() if kind == "table" else _page(kind)
    # Rotating counter-clockwise makes lines climb to the right: a negative slope in image rows.
    assert _pages.profile_skew(_turned(page, degrees)) == pytest.approx(-degrees, abs=0.3)


def test_greyscale_cover_recognised_and_a_greyscale_page_is_no_cover():
    import cv2

    def grey(a: np.ndarray) -> np.ndarray:
        return np.repeat(cv2.cvtColor(a, cv2.COLOR_RGB2GRAY)[..., None], 3, axis=2)

    assert _pages.is_cover(grey(deg.to_array(rd.cover(100, random.Random(2)))))
    assert not _pages.is_cover(grey(_page("info")))
    assert not _pages.is_cover(grey(_page("photo", white=False)))


def test_blank_page_with_bleed_through_and_shadow_is_blank_and_a_sparse_page_is_not():
    import cv2

    page = np.full((1100, 780, 3), 238, np.uint8)
    page[300:320, 100:600] = 205  # show-through of the other side's print
    page[:, :80] = np.linspace(120, 238, 80).astype(np.uint8)[None, :, None]  # binding shadow
    assert _pages.is_blank(page)
    assert not _pages.is_blank(_page("photo"))
    header = np.full((1100, 780, 3), 238, np.uint8)
    cv2.putText(header, "REGISTRATION", (250, 90), cv2.FONT_HERSHEY_SIMPLEX, 1, (150,) * 3, 2)
    assert not _pages.is_blank(header)  # one light-grey heading is print


def _shadowed_spread(depth: float, fold_at: float | None) -> tuple[np.ndarray, int]:
    left, right = _page("photo"), _page("info")
    w = left.shape[1]
    a = np.concatenate([left, right], axis=1).astype(np.float32)
    x = np.arange(2 * w, dtype=np.float32)
    a *= (1 - depth * np.exp(-(((x - w) / (w * 0.03)) ** 2)))[None, :, None]
    if fold_at is not None:  # a thin crease, darker than the shadow at its centre
        a *= (1 - 0.25 * np.exp(-(((x - fold_at * 2 * w) / 3) ** 2)))[None, :, None]
    return a.clip(0, 255).astype(np.uint8), w


@pytest.mark.parametrize(
    ("depth", "fold_at"), [(0.6, None), (0.45, 0.45), (0.1, 0.55), (0.0, None)]
)
def test_spread_split_at_binding_despite_heavy_shadow_or_fold_line(depth, fold_at):
    spread, w = _shadowed_spread(depth, fold_at)
    left, right = _pages.split(spread)
    assert abs(left.shape[1] - w) < 0.02 * w


def _photographed(a: np.ndarray, desk: tuple[int, int, int], jitter: float) -> tuple:
    """The booklet on a desk with each corner pushed ``jitter`` of the page size (perspective
    up to twice that), and the true corners."""
    import cv2

    h, w = a.shape[:2]
    ch, cw = int(h * 1.5), int(w * 1.4)
    signs = [(-1, 1), (1, -1), (-1, -1), (1, 1)]
    base = np.array([[0, 0], [w, 0], [w, h], [0, h]], np.float32)
    dst = base + [((cw - w) / 2, (ch - h) / 2)] + np.array(signs, np.float32) * [w, h] * jitter
    mat = cv2.getPerspectiveTransform(base, dst.astype(np.float32))
    photo = np.full((ch, cw, 3), desk, np.uint8)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), mat, (cw, ch)) > 127
    photo[mask] = cv2.warpPerspective(a, mat, (cw, ch))[mask]
    return np.asarray(cv2.GaussianBlur(photo, (3, 3), 0.8), np.uint8), dst


@pytest.mark.parametrize("desk", [(140, 100, 70), (60, 80, 150), (185, 185, 180)])
def test_perspective_of_12_percent_rectified_on_any_desk(desk):
    from PIL import Image

    pages = Image.fromarray(_page("photo")), Image.fromarray(_page("info"))
    spread = deg.to_array(deg.spread(*pages))
    photo, truth = _photographed(spread, desk, 0.06)
    quad = _pages.booklet_quad(photo)
    assert quad is not None
    assert float(np.abs(quad - truth).max()) < 0.015 * spread.shape[0]
    flat = _pages.unwarp(photo, quad)
    assert abs(flat.shape[1] / flat.shape[0] - 205 / 145) < 0.02


def test_light_grain_streak_and_glare_spot_touching_the_booklet_add_no_corner():
    import cv2
    from PIL import Image

    pages = Image.fromarray(_page("photo")), Image.fromarray(_page("info"))
    spread = deg.to_array(deg.spread(*pages))
    photo, truth = _photographed(spread, (90, 60, 40), 0.04)
    # A light streak of wood grain from the image edge to the page, and a glare spot on the desk
    # against the top edge: both as light as paper, both joined to the booklet in the mask.
    y = int(truth[:, 1].mean())
    cv2.line(photo, (0, y), (int(truth[:, 0].min()) + 200, y), (235, 232, 225), 12)
    top = (int(truth[0, 0] + truth[1, 0]) // 2, int(truth[0, 1] + truth[1, 1]) // 2)
    cv2.circle(photo, (top[0], top[1] - 50), 60, (245, 245, 240), -1)
    quad = _pages.booklet_quad(photo)
    assert quad is not None
    assert float(np.abs(quad - truth).max()) < 0.02 * spread.shape[0]


def test_no_outline_claimed_when_the_desk_is_as_white_as_the_paper():
    photo, _ = _photographed(_page("info"), (248, 246, 240), 0.04)
    assert _pages.booklet_quad(photo) is None


def test_deep_binding_shadow_keeps_both_pages_in_the_outline_and_a_scan_has_none():
    spread, _ = _shadowed_spread(0.5, None)
    photo, truth = _photographed(spread, (120, 90, 60), 0.04)
    quad = _pages.booklet_quad(photo)
    assert quad is not None
    assert float(np.abs(quad - truth).max()) < 0.015 * spread.shape[0]
    from PIL import Image

    assert _pages.booklet_quad(deg.scanner(Image.fromarray(spread), random.Random(2))) is None


def test_a_cover_fed_sideways_stays_one_page():
    cover = deg.rotate(deg.to_array(rd.cover(100, random.Random(3))), 1)
    (page,) = _pages.normalise([cover])
    assert page.shape[0] == _pages.PAGE_HEIGHT and page.shape[1] < page.shape[0]


@pytest.mark.slow
def test_upside_down_page_with_a_single_handwritten_line_is_turned():
    cv = rd.Canvas(150)
    cv.text(51.25, 12, "备　注", "serif-bold", 6, anchor="mm")
    cv.text(10, 30, "2013年8月30日 任教学科已变更", "serif", 4.0)
    page = deg.to_array(cv.img)
    _, used = _pages.upright(deg.rotate(page, 2))
    assert used == 2
    assert _pages.upright(page)[1] == 0
