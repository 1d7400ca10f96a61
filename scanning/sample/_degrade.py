"""Make clean renders look captured: scanner skew/noise, phone perspective and light, rotation."""

from __future__ import annotations

import io
import random

import cv2
import numpy as np
from numpy.typing import NDArray
from PIL import Image

Array = NDArray[np.uint8]


def to_array(img: Image.Image) -> Array:
    """A PIL image as an RGB uint8 array."""
    return np.asarray(img.convert("RGB"), dtype=np.uint8)


def spread(left: Image.Image, right: Image.Image) -> Image.Image:
    """Two pages side by side with a faint binding shadow."""
    w, h = left.size
    out = Image.new("RGB", (w * 2, h), (255, 255, 255))
    out.paste(left, (0, 0))
    out.paste(right.resize((w, h)), (w, 0))
    arr = np.asarray(out).astype(np.float32)
    x = np.arange(w * 2, dtype=np.float32)
    shade = 1 - 0.18 * np.exp(-(((x - w) / (w * 0.025)) ** 2))
    arr *= shade[None, :, None]
    return Image.fromarray(arr.clip(0, 255).astype(np.uint8))


def scanner(img: Image.Image, rng: random.Random) -> Array:
    """Slight skew, a margin of the scanner lid, sensor noise and softness."""
    a = to_array(img)
    h, w = a.shape[:2]
    m = int(0.03 * max(h, w))
    lid = rng.randrange(225, 250)
    a = np.asarray(
        cv2.copyMakeBorder(a, m, m, m, m, cv2.BORDER_CONSTANT, value=(lid,) * 3), np.uint8
    )
    angle = rng.uniform(-1.8, 1.8)
    rot = cv2.getRotationMatrix2D((a.shape[1] / 2, a.shape[0] / 2), angle, 1.0)
    turned = cv2.warpAffine(
        a, rot, (a.shape[1], a.shape[0]), flags=cv2.INTER_LINEAR, borderValue=(lid, lid, lid)
    )
    soft = np.asarray(cv2.GaussianBlur(turned, (3, 3), rng.uniform(0.3, 0.7)), np.uint8)
    return _noise(soft, rng, rng.uniform(2, 5))


def _noise(a: Array, rng: random.Random, sigma: float) -> Array:
    gen = np.random.default_rng(rng.randrange(2**32))
    noise = gen.standard_normal(a.shape[:2], dtype=np.float32) * np.float32(sigma)
    return np.asarray((a + noise[..., None]).clip(0, 255), dtype=np.uint8)


def _desk(h: int, w: int, rng: random.Random) -> Array:
    gen = np.random.default_rng(rng.randrange(2**32))
    base = np.array(
        rng.choice([(70, 100, 140), (60, 70, 80), (105, 115, 125), (40, 60, 90)]), dtype=np.float32
    )  # BGR-ish wood, grey, light grey, dark wood
    grain = gen.normal(0, 1, (h, 1)).cumsum(axis=0)
    grain = (grain - grain.mean()) / (grain.std() + 1e-6) * 12
    desk = base[None, None, :] + grain[:, :, None] + gen.normal(0, 4, (h, w, 1))
    out: Array = desk.clip(0, 255).astype(np.uint8)[..., ::-1].copy()
    return out


def phone(img: Image.Image, rng: random.Random) -> Array:
    """The open booklet on a desk, photographed at an angle under uneven light."""
    a = to_array(img)
    h, w = a.shape[:2]
    cw, ch = int(w * 1.45), int(h * 1.6)
    desk = _desk(ch, cw, rng)
    sx, sy = (cw - w) / 2, (ch - h) / 2
    j = 0.06
    dst = np.array(
        [
            [sx + rng.uniform(-j, j) * w, sy + rng.uniform(-j, j) * h],
            [sx + w + rng.uniform(-j, j) * w, sy + rng.uniform(-j, j) * h],
            [sx + w + rng.uniform(-j, j) * w, sy + h + rng.uniform(-j, j) * h],
            [sx + rng.uniform(-j, j) * w, sy + h + rng.uniform(-j, j) * h],
        ],
        dtype=np.float32,
    )
    src = np.array([[0, 0], [w, 0], [w, h], [0, h]], dtype=np.float32)
    mat = cv2.getPerspectiveTransform(src, dst)
    warped = cv2.warpPerspective(a, mat, (cw, ch), flags=cv2.INTER_LINEAR)
    mask = cv2.warpPerspective(np.full((h, w), 255, np.uint8), mat, (cw, ch))
    out = np.where(mask[..., None] > 127, warped, desk).astype(np.float32)
    yy, xx = np.mgrid[0:ch, 0:cw].astype(np.float32)
    gx, gy = rng.uniform(-1, 1), rng.uniform(-1, 1)
    light = 0.92 + 0.14 * (gx * (xx / cw - 0.5) + gy * (yy / ch - 0.5))
    light -= 0.12 * (((xx / cw - 0.5) ** 2 + (yy / ch - 0.5) ** 2) * 2)
    out *= light[..., None]
    out[..., 0] *= rng.uniform(0.97, 1.03)  # a warm or cool cast
    blurred = cv2.GaussianBlur(out.clip(0, 255).astype(np.uint8), (3, 3), rng.uniform(0.5, 0.9))
    return _noise(np.asarray(blurred, dtype=np.uint8), rng, rng.uniform(2, 4))


def rotate(a: Array, quarter_turns: int) -> Array:
    """Rotate clockwise by 90° × quarter_turns."""
    codes = {1: cv2.ROTATE_90_CLOCKWISE, 2: cv2.ROTATE_180, 3: cv2.ROTATE_90_COUNTERCLOCKWISE}
    return (
        a
        if quarter_turns % 4 == 0
        else np.asarray(cv2.rotate(a, codes[quarter_turns % 4]), np.uint8)
    )


def jpeg(a: Array, quality: int) -> bytes:
    """Encode an RGB array as JPEG bytes."""
    ok, buf = cv2.imencode(".jpg", a[..., ::-1], [cv2.IMWRITE_JPEG_QUALITY, quality])
    if not ok:
        raise ValueError("JPEG encoding failed")
    return buf.tobytes()


def png(a: Array) -> bytes:
    """Encode an RGB array as PNG bytes."""
    ok, buf = cv2.imencode(".png", a[..., ::-1], [cv2.IMWRITE_PNG_COMPRESSION, 3])
    if not ok:
        raise ValueError("PNG encoding failed")
    return buf.tobytes()


def tiff(pages: list[Array]) -> bytes:
    """A multi-page TIFF (JPEG-compressed) as a scanner writes it."""
    images = [Image.fromarray(p) for p in pages]
    buf = io.BytesIO()
    images[0].save(
        buf, format="TIFF", save_all=True, append_images=images[1:], compression="jpeg", quality=88
    )
    return buf.getvalue()
