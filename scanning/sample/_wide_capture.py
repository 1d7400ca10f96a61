"""Captures for wide-variety booklets: flatbed scans (skew up to 4°, greyscale, binding shadow,
fold lines, bleed-through) and phone photos (perspective up to 12 %, glare, motion blur, uneven
light, colour cast), encoded as JPEG of quality 35–95."""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

from scanning.sample._degrade import Array, _desk, _noise, to_array


def spread(left: Image.Image, right: Image.Image, rng: random.Random) -> Image.Image:
    """Two pages side by side with a binding shadow of varying depth and width."""
    w, h = left.size
    out = Image.new("RGB", (w * 2, h), (255, 255, 255))
    out.paste(left, (0, 0))
    out.paste(right.resize((w, h)), (w, 0))
    arr = np.asarray(out).astype(np.float32)
    x = np.arange(w * 2, dtype=np.float32)
    depth, width = rng.uniform(0.1, 0.45), rng.uniform(0.015, 0.06)
    off = rng.uniform(-0.01, 0.01) * w
    shade = 1 - depth * np.exp(-(((x - w - off) / (w * width)) ** 2))
    arr *= shade[None, :, None]
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def bleed(a: Array, other: Array, rng: random.Random) -> Array:
    """A faint mirrored copy of the other side's print showing through thin paper."""
    back = cv2.resize(other[:, ::-1], (a.shape[1], a.shape[0]))
    tone = back.astype(np.float32).mean(axis=2)
    paper = max(1.0, float(np.median(tone)))
    # Only what is darker than the other side's paper shows through (print, not the paper).
    ink = np.clip((paper - tone) / paper, 0, 1)
    ink = cv2.GaussianBlur(ink, (0, 0), rng.uniform(0.8, 2.0))[..., None]
    out = a.astype(np.float32) * (1 - rng.uniform(0.06, 0.16) * ink)
    return np.asarray(out.clip(0, 255), np.uint8)


def fold(a: Array, rng: random.Random) -> Array:
    """A fold line: a thin crease with a light and a dark edge across the page."""
    out = a.astype(np.float32)
    h, w = a.shape[:2]
    if rng.random() < 0.5:
        pos = int(h * rng.uniform(0.3, 0.7))
        coords = np.arange(h, dtype=np.float32)[:, None, None]
    else:
        pos = int(w * rng.uniform(0.25, 0.75))
        coords = np.arange(w, dtype=np.float32)[None, :, None]
    width = max(2.0, min(h, w) * 0.004)
    d = (coords - pos) / width
    out *= 1 - rng.uniform(0.06, 0.18) * np.exp(-(d**2)) + 0.05 * np.exp(-((d - 2) ** 2))
    return np.asarray(out.clip(0, 255), np.uint8)


def grey(a: Array) -> Array:
    """A greyscale capture, kept as three equal channels until encoding."""
    g = cv2.cvtColor(a, cv2.COLOR_RGB2GRAY)
    return np.asarray(np.repeat(g[..., None], 3, axis=2), np.uint8)


def scanner(img: Image.Image, rng: random.Random, *, greyscale: bool, other: Array | None) -> Array:
    """A flatbed scan: lid margin, skew up to 4°, softness, noise, maybe bleed and a fold."""
    a = to_array(img)
    if other is not None and rng.random() < 0.4:
        a = bleed(a, other, rng)
    if rng.random() < 0.2:
        a = fold(a, rng)
    h, w = a.shape[:2]
    m = int(rng.uniform(0.01, 0.05) * max(h, w))
    lid = rng.randrange(215, 252) if rng.random() < 0.9 else rng.randrange(15, 60)  # lid open
    a = np.asarray(
        cv2.copyMakeBorder(a, m, m, m, m, cv2.BORDER_CONSTANT, value=(lid,) * 3), np.uint8
    )
    angle = rng.uniform(-4, 4) if rng.random() < 0.3 else rng.uniform(-1.5, 1.5)
    rot = cv2.getRotationMatrix2D((a.shape[1] / 2, a.shape[0] / 2), angle, 1.0)
    a = np.asarray(
        cv2.warpAffine(
            a, rot, (a.shape[1], a.shape[0]), flags=cv2.INTER_LINEAR, borderValue=(lid, lid, lid)
        ),
        np.uint8,
    )
    a = np.asarray(cv2.GaussianBlur(a, (3, 3), rng.uniform(0.3, 0.9)), np.uint8)
    a = _noise(a, rng, rng.uniform(1.5, 6))
    return grey(a) if greyscale else a


def _glare(out: np.ndarray, rng: random.Random) -> None:
    h, w = out.shape[:2]
    yy, xx = np.mgrid[0:h, 0:w].astype(np.float32)
    cx, cy = rng.uniform(0.2, 0.8) * w, rng.uniform(0.2, 0.8) * h
    ax, ay = rng.uniform(0.06, 0.2) * w, rng.uniform(0.04, 0.14) * h
    t = np.radians(rng.uniform(0, 180))
    u = ((xx - cx) * np.cos(t) + (yy - cy) * np.sin(t)) / ax
    v = (-(xx - cx) * np.sin(t) + (yy - cy) * np.cos(t)) / ay
    # A glare washes the print out but leaves it legible, as a reader would retake it otherwise.
    spot = np.exp(-(u**2 + v**2) * 1.5) * rng.uniform(0.3, 0.62)
    out += (255 - out) * spot[..., None]


def _motion(a: Array, rng: random.Random) -> Array:
    n = rng.randrange(3, 7)
    k = np.zeros((n, n), np.float32)
    k[n // 2, :] = 1 / n
    rot = cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), rng.uniform(0, 180), 1.0)
    kernel = np.asarray(cv2.warpAffine(k, rot, (n, n)), np.float32)
    kernel /= max(1e-6, float(kernel.sum()))
    return np.asarray(cv2.filter2D(a, -1, kernel), np.uint8)


def curl(a: Array, rng: random.Random) -> Array:
    """Pages that do not lie flat: lines bend up or down towards the binding and the edges."""
    h, w = a.shape[:2]
    half = w / 2 if w > h else float(w)
    xs = np.arange(w, dtype=np.float32)
    flat = np.sin(np.pi * (xs % half) / half)  # 1 mid-page, 0 at the binding and the edges
    shift = rng.choice([-1, 1]) * rng.uniform(0.004, 0.015) * h * (1 - flat) ** 3
    map_x = np.tile(xs, (h, 1))
    map_y = np.arange(h, dtype=np.float32)[:, None] + shift[None, :].astype(np.float32)
    return np.asarray(
        cv2.remap(
            a, map_x, map_y.astype(np.float32), cv2.INTER_LINEAR, borderMode=cv2.BORDER_REPLICATE
        ),
        np.uint8,
    )


def _on_desk(a: Array, rng: random.Random) -> NDArray[np.float32]:
    """The page warped by a perspective of up to 12 % per corner onto a desk."""
    h, w = a.shape[:2]
    cw, ch = int(w * rng.uniform(1.25, 1.5)), int(h * rng.uniform(1.3, 1.6))
    desk = _desk(ch, cw, rng)
    sx, sy, j = (cw - w) / 2, (ch - h) / 2, rng.uniform(0.02, 0.12)
    corners = [(0, 0), (1, 0), (1, 1), (0, 1)]
    dst = [
        [sx + x * w + rng.uniform(-j, j) * w, sy + y * h + rng.uniform(-j, j) * h]
        for x, y in corners
    ]
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    mat = cv2.getPerspectiveTransform(src, np.array(dst, dtype=np.float32))
    warped = cv2.warpPerspective(a, mat, (cw, ch), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), mat, (cw, ch))
    return np.where(mask[..., None] > 127, warped, desk).astype(np.float32)


def _light(out: NDArray[np.float32], rng: random.Random) -> None:
    """Uneven light (a gradient and darker corners), sometimes a glare, a warm or cool cast."""
    ch, cw = out.shape[:2]
    yy, xx = np.mgrid[0:ch, 0:cw].astype(np.float32)
    gx, gy = rng.uniform(-1, 1), rng.uniform(-1, 1)
    light = 0.9 + rng.uniform(0.1, 0.3) * (gx * (xx / cw - 0.5) + gy * (yy / ch - 0.5))
    light -= rng.uniform(0.05, 0.2) * (((xx / cw - 0.5) ** 2 + (yy / ch - 0.5) ** 2) * 2)
    out *= light[..., None]
    if rng.random() < 0.35:
        _glare(out, rng)
    cast = rng.uniform(-0.06, 0.06)  # warm (more red) or cool (more blue) light
    out[..., 0] *= 1 + cast
    out[..., 2] *= 1 - cast


def phone(img: Image.Image, rng: random.Random) -> Array:
    """The open booklet on a desk: curl, perspective up to 12 %, light, glare, blur, cast."""
    a = to_array(img)
    if rng.random() < 0.4:
        a = curl(a, rng)
    out = _on_desk(a, rng)
    _light(out, rng)
    b = out.clip(0, 255).astype(np.uint8)
    if rng.random() < 0.3:
        b = _motion(b, rng)
    else:
        b = np.asarray(cv2.GaussianBlur(b, (3, 3), rng.uniform(0.4, 1.0)), np.uint8)
    return _noise(b, rng, rng.uniform(2, 5))


def jpeg(a: Array, quality: int, greyscale: bool = False) -> bytes:
    """JPEG bytes of an RGB array (one channel when ``greyscale``)."""
    data = a[..., 0] if greyscale else a[..., ::-1]
    ok, buf = cv2.imencode(".jpg", np.ascontiguousarray(data), [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return buf.tobytes()


def jpeg_exif(a: Array, quality: int, orientation: int) -> bytes:
    """JPEG bytes as a phone writes them: pixels stored turned, EXIF Orientation to undo it."""
    if orientation == 1:
        return jpeg(a, quality)
    # Orientation 6 means "turn 90° clockwise to view", so the stored pixels are turned the
    # other way; 8 is the reverse.
    stored = np.rot90(a, 1 if orientation == 6 else -1)
    exif = Image.Exif()
    exif[0x0112] = orientation
    buf = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(stored)).save(buf, "JPEG", quality=quality, exif=exif)
    return buf.getvalue()
