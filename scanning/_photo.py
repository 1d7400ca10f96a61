"""The holder's photo: locate it on the photo page, check it against the standard, save it.

Two locators: a rectangle of straight frame lines (precise where the booklet prints a frame), and
a frameless one that starts from the head-and-shoulders figure itself (a white background on pale
paper has no edge worth the name). Either candidate must hold a head-and-shoulders figure
(``_figure_ok``): a seal, a table or a block of text never does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from core.errors import InvalidInput
from core.rules import Finding, parse_certificate_number
from scanning._layout import shared
from scanning._ocr import Box, Image, u8
from scanning._page_marks import marks_beside
from scanning._photo_blobs import frameless
from scanning._photo_edges import refine
from scanning._photo_features import features_head, head_boxes, light_face
from scanning._photo_head import colourless, dominant_piece, head_ok, white
from scanning._photo_mat import unmatted
from scanning._validate import Value

# Upload standard (in force from 2020): 1-inch colour, white background, JPG < 200 KB,
# ≈ 295 × 413 px.
STANDARD_SIZE = (295, 413)
STANDARD_ASPECT = 25 / 35
MAX_BYTES = 200 * 1024
# The white-background standard dates from 2020; older booklets carry blue or red backgrounds.
WHITE_STANDARD_FROM = dt.date(2020, 1, 1)
# More character-sized marks than this beside a photo: a page of fields (or text) that also holds
# the photo, which must still be read; a photo page's only print is the signature line.
PHOTO_PAGE_MARKS = 60
_WHITE_YEAR = WHITE_STANDARD_FROM.year
_BRIDGE = 5
_MAX_PHOTO_H = 0.5  # of the page's height
_WORK_HEIGHT = 550  # the page is analysed at half the normalised height: blobs, not strokes
_ROUND5 = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (5, 5))  # wider than any print stroke

Floats = NDArray[np.float32]


@dataclass
class Photo:
    """A cropped photo, where it was found and what the standard check said."""

    image: Image
    box: Box
    findings: list[Finding] = field(default_factory=list)


def _straight_lines(gray: Image) -> Image:
    """Edge pixels on long horizontal or vertical runs: frame lines, not rings or faces."""
    edges = cv2.Canny(cv2.GaussianBlur(gray, (3, 3), 0), 40, 120)
    edges = cv2.dilate(edges, np.ones((3, 3), np.uint8))
    run = max(15, gray.shape[1] // 12)
    horiz = cv2.morphologyEx(edges, cv2.MORPH_OPEN, np.ones((1, run), np.uint8))
    vert = cv2.morphologyEx(edges, cv2.MORPH_OPEN, np.ones((run, 1), np.uint8))
    return u8(cv2.bitwise_or(horiz, vert))


def _framed(page: Image) -> list[Box]:
    """Upright rectangles of frame lines with a photo-like aspect (w/h 0.55–0.9), largest first."""
    lines = _straight_lines(u8(cv2.cvtColor(page, cv2.COLOR_RGB2GRAY)))
    # Bridge short gaps where dark clothing meets a dark frame line.
    lines = u8(cv2.dilate(lines, np.ones((2 * _BRIDGE + 1, 2 * _BRIDGE + 1), np.uint8)))
    contours, _ = cv2.findContours(lines, cv2.RETR_LIST, cv2.CHAIN_APPROX_SIMPLE)
    page_area = page.shape[0] * page.shape[1]
    found: list[Box] = []
    for c in contours:
        x, y, w, h = cv2.boundingRect(c)
        # No booklet photo (up to 小2寸, 48 mm, on a page of 128 mm or more) is taller than
        # half the page: a taller rectangle is a page seen on a desk, not a photo frame.
        tall = h > _MAX_PHOTO_H * page.shape[0]
        if 0.05 * page_area < w * h < 0.4 * page_area and 0.55 < w / h < 0.9 and not tall:
            b = _BRIDGE
            found.append((x + b, y + b, x + w - b, y + h - b))
    return sorted(found, key=lambda b: -(b[2] - b[0]) * (b[3] - b[1]))


def _corners(img: NDArray[Any], ch: int, cw: int) -> tuple[NDArray[Any], NDArray[Any]]:
    """The top-left and top-right patches beside the head, ``ch`` × ``cw``, a little in from
    the edge: a box drawn around a photo left tilted by a phone, or a frame's edge, leaves a
    sliver of paper along its very border."""
    h, w = img.shape[:2]
    my, mx = round(0.06 * h), round(0.06 * w)
    left = img[my : my + ch, mx : mx + cw]
    right = img[my : my + ch, w - mx - cw : w - mx]
    return left.reshape(-1, img.shape[2]), right.reshape(-1, img.shape[2])


def _plain_corners(lab: Floats, ch: int, cw: int) -> tuple[Floats, float] | None:
    """The background colour from the top corners beside the head and how much it varies, if
    both are one plain colour (a photo background); None when they hold print or differ."""
    left, right = _corners(lab, ch, cw)
    ml, mr = np.median(left, axis=0), np.median(right, axis=0)
    spread = max(
        float(np.median(np.linalg.norm(p - m, axis=1))) for p, m in ((left, ml), (right, mr))
    )
    if float(np.linalg.norm(ml - mr)) > 20 or spread > 10:
        return None
    return np.asarray((ml + mr) / 2, np.float32), spread


def _body(crop: Image, trim: bool = False) -> tuple[NDArray[np.bool_], float] | None:
    """The figure's largest solid piece on the crop's plain background, and the radius of the
    largest disc inside it relative to the crop width (a face or torso is broad; a line of
    text, however bold or blurred, is not); None if there is no plain background."""
    h, w = crop.shape[:2]
    lab = cv2.cvtColor(crop, cv2.COLOR_RGB2LAB).astype(np.float32)
    plain = _plain_corners(lab, max(2, h // 10), max(2, w // 7))
    if plain is None:
        return None
    # Pale skin on a white background differs by 15–30 Lab units: on a truly flat background
    # (a clean scan) a lower threshold keeps the face; a noisy one (JPEG, texture) needs more.
    bg, spread = plain
    dist = np.linalg.norm(lab - bg, axis=2)
    thr = min(22.0, 14.0 + 2.0 * spread)
    fig = cv2.morphologyEx((dist > thr).astype(np.uint8) * 255, cv2.MORPH_OPEN, _ROUND5)
    # Where a light part meets a dark one (a face above dark clothes in greyscale), the blurred
    # edge passes through the background's grey and cuts the figure in two: rejoin it.
    fig = cv2.morphologyEx(fig, cv2.MORPH_CLOSE, _ROUND5)
    if trim:
        # A frameless box is an estimate: a sliver of paper along its side (a box a pixel or
        # two wider than a coloured photo) would join the figure and pass for a head as wide
        # as the photo. Anything narrower than a neck is no part of a figure. (A frame's box
        # is not trimmed: its mat must keep failing, so the photo inside it is taken.)
        k = max(5, w // 12) | 1
        neck = cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (k, k))
        fig = cv2.morphologyEx(fig, cv2.MORPH_OPEN, neck)
    body = dominant_piece(fig, 0.7)
    if body is None:
        return None  # many pieces: lines of text, not one person
    framed = cv2.copyMakeBorder(body.astype(np.uint8), 1, 1, 1, 1, cv2.BORDER_CONSTANT, value=0)
    return body, float(cv2.distanceTransform(framed, cv2.DIST_L2, 5).max()) / w


def _figure_ok(crop: Image, shoulders: bool = True, trim: bool = False) -> bool:
    """A head-and-shoulders figure (``_whole_figure``), a head on a white background whose
    pale clothes do not show (``head_ok``), or a head told by its hair and eyes where a face
    as pale as the background is lost, or a face whose coloured background went black with the
    hair and clothes (a bitonal scan: ``features_head``, ``light_face``)."""
    return (
        _whole_figure(crop, shoulders, trim)
        or head_ok(crop)
        or features_head(crop, shoulders)
        or light_face(crop)
    )


def _whole_figure(crop: Image, shoulders: bool, trim: bool) -> bool:
    """A head-and-shoulders figure on a plain background: one broad, solid body (hair, face,
    neck and clothes in one piece) from the upper half down to the bottom edge, background
    above it, and a head centred over the shoulders. Where the box is already a photo-shaped
    rectangle (a frame, a coloured background), the head alone will do (``shoulders=False``):
    in greyscale, clothes can be as grey as the background."""
    h, w = crop.shape[:2]
    found = _body(crop, trim) if h >= 40 and w >= 25 else None
    if found is None or found[1] < 0.12:
        return False
    f = found[0]
    rows = np.flatnonzero(f.any(axis=1))
    head = f[int(h * 0.2) : int(h * 0.45)]
    cols = np.flatnonzero(head.mean(axis=0) > 0.3)
    if not 0.15 < float(f.mean()) < 0.8 or cols.size == 0 or rows[0] > 0.45 * h:
        return False
    head_x = (cols[0] + cols[-1]) / 2 / w
    # A head is round on top; a body whose top is as wide as its head is a rectangle (a coloured
    # photo inside a paper margin, a page inside a desk): the photo, if any, is inside it.
    crown = f[rows[0] : rows[0] + max(2, h // 30)].any(axis=0).sum()
    return (
        crown < 0.85 * (cols[-1] - cols[0] + 1)
        and (not shoulders or float(f[-max(2, h // 10) :].mean()) > 0.35)  # down to the bottom edge
        and float(f[: max(2, h // 16)].mean()) < 0.3  # background above the head
        and 0.3 < head_x < 0.7
        and (cols[-1] - cols[0]) < 0.9 * w  # a head, not a band across the photo
    )


def _work(page: Image) -> tuple[Image, float]:
    scale = min(1.0, _WORK_HEIGHT / page.shape[0])
    return u8(cv2.resize(page, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)), scale


def _scaled(box: Box, k: float) -> Box:
    return (round(box[0] * k), round(box[1] * k), round(box[2] * k), round(box[3] * k))


def _clip(box: Box, shape: tuple[int, ...]) -> Box:
    h, w = shape[:2]
    return (max(0, box[0]), max(0, box[1]), min(w, box[2]), min(h, box[3]))


def _photo_in(small: Image, box: Box, shoulders: bool, trim: bool = False) -> Box | None:
    """The photo in ``box`` (work scale): the box without its paper margin where that holds
    the figure, else the box itself; None if neither holds a figure."""
    tight = unmatted(small, box)
    if tight != box and _figure_ok(_crop(small, tight), shoulders, trim):
        return tight
    return box if _figure_ok(_crop(small, box), shoulders, trim) else None


def _framed_found(page: Image, small: Image, scale: float) -> list[Box]:
    """Frame rectangles that hold a figure (the photo inside the frame's paper margin), the
    largest of overlapping ones."""
    ok = []
    for b in _framed(page):
        work = _clip(_scaled(b, scale), small.shape)
        found = _photo_in(small, work, shoulders=False)
        if found is not None:  # the frame's own box keeps its full-resolution precision
            ok.append(b if found == work else _scaled(found, 1 / scale))
    return _distinct(ok)


def _frameless_found(small: Image, scale: float) -> list[Box]:
    """Frameless figure boxes that hold a head-and-shoulders, the largest of overlapping ones."""
    ok: list[Box] = []
    for estimate, head_top, filled in frameless(small):
        # A blob that fills its box is the photo itself (a coloured background): its edge is
        # the photo's, and a faint-edge search would only move it onto the paper.
        box = _clip(estimate, small.shape)
        box = box if filled else refine(small, box, head_top)
        found = _photo_in(small, box, shoulders=not filled, trim=True)
        if found is not None:
            ok.append(found)
    return [_scaled(b, 1 / scale) for b in _distinct(ok)]


def candidates(page: Image) -> list[Box]:
    """Every separate region of ``page`` that holds a head-and-shoulders photo, largest first:
    framed rectangles where the booklet prints a frame, else frameless figures."""
    small, scale = _work(page)
    return (
        _framed_found(page, small, scale)
        or _frameless_found(small, scale)
        or _heads_found(small, scale)
    )


def _heads_found(small: Image, scale: float) -> list[Box]:
    """Boxes estimated around a head alone (hair and eyes: a bitonal scan of a white photo of a
    holder in a white shirt) that hold one."""
    ok = [b for b in head_boxes(small) if features_head(_crop(small, b), shoulders=False)]
    return [_scaled(b, 1 / scale) for b in _distinct(ok)]


def locate(page: Image) -> Box | None:
    """The holder's photo on ``page`` (the largest candidate); None on pages without one."""
    found = candidates(page)
    return found[0] if found else None


def _distinct(boxes: list[Box]) -> list[Box]:
    """The largest box of each group of overlapping boxes, largest first."""
    kept: list[Box] = []
    for b in sorted(boxes, key=_area, reverse=True):
        if all(shared(b, k) <= 0.3 for k in kept):
            kept.append(b)
    return kept


def _area(box: Box) -> int:
    return (box[2] - box[0]) * (box[3] - box[1])


def _crop(img: Image, box: Box) -> Image:
    x0, y0, x1, y1 = _clip(box, img.shape)
    return img[y0:y1, x0:x1]


_CHECKED = ("photo_aspect", "photo_size", "photo_background", "photo_colour_unknown")


def check(img: Image) -> list[Finding]:
    """Findings against the photo standard: aspect, size, white background (or, on a scan
    without colour, a note that it cannot be judged)."""
    findings = []
    h, w = img.shape[:2]
    aspect = w / h
    if abs(aspect - STANDARD_ASPECT) > 0.06:
        # The printed photo's shape is the booklet's; the saved copy is cut to 25:35 (save).
        msg = f"照片宽高比 {aspect:.2f}，标准为 25:35（{STANDARD_ASPECT:.2f}），保存时已按标准裁切"
        findings.append(Finding("photo_aspect", "photo", msg, "note", {"aspect": round(aspect, 3)}))
    if w < STANDARD_SIZE[0] * 0.6 or h < STANDARD_SIZE[1] * 0.6:
        # The scanner's setting, not a doubt about the booklet: the photo found is the holder's
        # (a 150 dpi scan of a 25 mm photo is 148 px wide). Kept on the record for the batch's
        # clerk, no reason for review.
        msg = f"照片分辨率较低（{w}×{h}，标准约 295×413），建议以 300 dpi 重新扫描照片页"
        findings.append(Finding("photo_size", "photo", msg, "note", {"size": [w, h]}))
    lab = cv2.cvtColor(img, cv2.COLOR_RGB2LAB).astype(np.float32)
    if colourless(lab):
        # A greyscale or bitonal scan: a blue background is as grey as a dim white one. What
        # cannot be judged is recorded, no reason for review.
        msg = "灰度或黑白扫描，无法判断照片背景颜色"
        findings.append(Finding("photo_colour_unknown", "photo", msg, "note"))
    elif not white_background(img):
        findings.append(Finding("photo_background", "photo", "照片背景不是白色", "warning"))
    return findings


def white_background(img: Image) -> bool:
    """The top corners (background beside the head) are white (``_photo_head.white``)."""
    h, w = img.shape[:2]
    border = np.concatenate(_corners(img, max(1, h // 8), max(1, w // 6)))
    return white(cv2.cvtColor(border[None, ...], cv2.COLOR_RGB2LAB)[0].astype(np.float32))


def extract(page: Image) -> Photo | None:
    """Locate, crop (inside the frame line) and check the photo; None if there is none. Two
    separate photo-like regions are never resolved silently: the larger is kept for the clerk
    and the record goes to review (``photo_ambiguous``)."""
    found = candidates(page)
    return photo_from(page, found) if found else None


def photo_from(page: Image, found: list[Box]) -> Photo:
    """The photo in the first of ``found`` (largest first), cropped and checked; a second
    candidate makes it ``photo_ambiguous``."""
    img = _inside(page, found[0])
    doubt = [] if len(found) == 1 else [_ambiguous(found)]
    return Photo(img, found[0], check(img) + doubt)


def _inside(img: Image, box: Box) -> Image:
    """The photo inside its box, a small inset off the edge so no frame line or paper shows."""
    x0, y0, x1, y1 = box
    inset = max(2, (x1 - x0) // 60)
    return img[max(0, y0 + inset) : y1 - inset, max(0, x0 + inset) : x1 - inset]


def _ambiguous(found: list[Box]) -> Finding:
    msg = f"照片页上有 {len(found)} 处像持证人照片的区域，已取最大的一处，请核对照片"
    return Finding("photo_ambiguous", "photo", msg, "warning", {"boxes": [list(b) for b in found]})


def at_resolution(photo: Photo, page: Image, full: Image) -> Photo:
    """The photo cut from the page at the file's own resolution (the same box, scaled from the
    normalised ``page``), so that the saved photo is not an upscaled thumbnail; unchanged when
    the file is no sharper than the normalised page."""
    k = full.shape[0] / max(1, page.shape[0])
    if k <= 1.0:
        return photo
    img = _inside(full, _scaled(photo.box, k))
    if img.size == 0:
        return photo
    # The standard is checked again on what the file holds: the size above all.
    kept = [f for f in photo.findings if f.code not in _CHECKED]
    return Photo(img, photo.box, check(img) + kept)


def standard_crop(img: Image) -> Image:
    """The largest 25:35 part of the photo: the sides cut evenly, or (too tall) a third of the
    excess from the top and the rest from the bottom, keeping the head."""
    h, w = img.shape[:2]
    if w / h > STANDARD_ASPECT:
        nw = max(1, round(h * STANDARD_ASPECT))
        return img[:, (w - nw) // 2 : (w - nw) // 2 + nw]
    nh = max(1, round(w / STANDARD_ASPECT))
    return img[(h - nh) // 3 : (h - nh) // 3 + nh]


def text_beside(page: Image, box: Box) -> int:
    """Character-sized marks of dark print outside the photo: a few on the photo page (the
    signature line), many where the photo sits on a page of fields, which must still be read."""
    return len(marks_beside(page, box)[0])


def save(photo: Photo, path: Path) -> None:
    """Save as JPEG at the standard size and shape, lowering quality until it is under 200 KB."""
    img = cv2.resize(standard_crop(photo.image), STANDARD_SIZE, interpolation=cv2.INTER_AREA)
    path.parent.mkdir(parents=True, exist_ok=True)
    for quality in (92, 85, 75, 60, 45):
        ok, buf = cv2.imencode(".jpg", img[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
        if ok and len(buf) <= MAX_BYTES:
            path.write_bytes(buf.tobytes())
            return
    path.write_bytes(buf.tobytes())


def _issue_year(issue_date: str | None, certificate: Value | None) -> tuple[int, str] | None:
    """The year the booklet was issued and where it was read: the issue date, else (a date the
    seal or the scan hid) the first four digits of a certificate number that no rule doubts,
    which by its structure are the issue year."""
    try:
        if issue_date:
            return dt.date.fromisoformat(issue_date).year, "issue_date"
    except ValueError:
        pass
    if certificate is None or not certificate.value or certificate.blocking:
        return None
    try:
        return parse_certificate_number(certificate.value).year, "certificate_number"
    except InvalidInput:
        return None


def era_findings(
    photo: Photo, issue_date: str | None, certificate: Value | None = None
) -> list[Finding]:
    """The photo's findings under the rule in force at issue: before 2020 a blue or red background
    was the standard, so it is recorded as a note, never a reason for review."""
    issued = _issue_year(issue_date, certificate)
    out = []
    for f in photo.findings:
        if f.code == "photo_background" and issued is not None and issued[0] < _WHITE_YEAR:
            source = "" if issued[1] == "issue_date" else "据证书号码，"
            msg = f"照片背景不是白色（{source}{issued[0]} 年颁发，白底标准自 2020 年起实行）"
            evidence = {"issue_year": issued[0], "from": issued[1], "issue_date": issue_date}
            f = Finding(f.code, f.field, msg, "note", evidence)
        out.append(f)
    return out


def photo_value(
    photo: Photo | None, issue_date: str | None = None, certificate: Value | None = None
) -> Value:
    """The photo as a record value: missing, or found with the findings of the standard in force
    when the booklet was issued (``issue_date``, ISO; else the year of an undoubted
    ``certificate`` number)."""
    if photo is None:
        return Value(None, 0.0, [Finding("photo_missing", "photo", "未找到持证人照片")])
    return Value(None, 1.0, era_findings(photo, issue_date, certificate))
