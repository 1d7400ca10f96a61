"""Motion blur in a phone photo: measured, and undone when it is a clear straight smear.

A hand that moves while the shutter is open smears every stroke along one line. The smear
takes the page's fine detail away along that line only, so the brightness gradients lose
energy in one direction (``_ANISOTROPY``: the ratio of the strongest to the weakest direction
of the gradients' structure tensor). A sharp page can be as lopsided (rules, lines of text),
so two more signs are asked for along that direction: gradients still alike a few pixels
apart (``_REACH``: across a stroke they stop being alike within its width), and a dip below
zero of their autocorrelation at the smear's length (a smear of ``n`` px turns each edge into
a pair of opposite ones ``n`` px apart). The first such dip gives the length: further out the
pitch of lines and characters makes dips of its own. With the straight kernel known, a
Wiener filter gives the strokes back (digits and names the recogniser misread on such photos
read right after it). The restored page is kept only when it reads clearly better: a wrong
kernel rings every stroke. Fields no rule can check character by character are then flagged
(``flag_restored``): every view of a restored page shares the restoration.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, MutableMapping, Sequence
from dataclasses import dataclass, replace
from typing import Protocol

import cv2
import numpy as np
from numpy.typing import NDArray

from core.rules import Finding
from scanning import _ocr
from scanning._decide_review import FIELD_LABELS
from scanning._fields import RawField
from scanning._ocr import Box, Image, u8
from scanning._validate import Value

__all__ = ["Restored", "Smear", "deblur", "flag_restored", "measure", "restore"]

_ANISOTROPY = 1.8  # strongest / weakest gradient direction: a smear, not the page's layout
_REACH_LAG, _REACH = 4.0, 0.1  # along a smear, gradients stay alike this far (px) apart
_DIP = -0.1  # the gradient's autocorrelation at the smear's length is at most this
_DIP_SPAN = 3  # steps of _LENGTHS: a dip is the lowest point this far each side
_LENGTHS = np.arange(5.0, 16.0, 0.5)  # px on the normalised page; shorter leaves print readable
_NOISE = 0.01  # Wiener noise-to-signal ratio (JPEG q35–95 on the smeared page)
_SIDE = 1400  # px, longest side of the copy the smear is measured on
_GAIN = 1.02  # the restored page must read this much more (confidence-weighted characters)
_SMALLEST = 64  # px: a smaller picture holds no print to measure
#: Fields with characters no rule checks: a name's, a certificate number's serial, a day
_UNCHECKED = ("name", "certificate_number", "issue_date")
_RULE = "运动模糊复原"
#: Kernels near the measured one (px longer, degrees turned): the measure's uncertainty
_NEAR = ((-1.0, 0.0), (1.0, 0.0), (0.0, -6.0), (0.0, 6.0))


@dataclass(frozen=True)
class Smear:
    """A straight motion blur: ``length`` px along ``degrees`` (counter-clockwise from the
    x axis), with the evidence it was measured from."""

    length: float
    degrees: float
    anisotropy: float
    reach: float
    dip: float

    @property
    def clear(self) -> bool:
        """Whether the blur is a straight smear long and clear enough to be undone. Sharp
        print has anisotropic layouts too (rules, lines of text), but there gradients stop
        being alike within a stroke's width, and no dip lies that far out."""
        return self.anisotropy >= _ANISOTROPY and self.reach >= _REACH and self.dip <= _DIP


def measure(img: Image) -> Smear:
    """The page's motion blur (length in the page's own pixels)."""
    return _measure(img, whole=True)


def _measure(img: Image, whole: bool) -> Smear:
    """:func:`measure`; not ``whole``: a smear that cannot be clear (too little anisotropy
    or reach) is returned before its length is looked for, with length 0 and dip 0 (the
    length's curve costs ~20 shifted copies of the page's gradient, and only a clear smear
    is ever undone: the other fields decide ``clear`` alone)."""
    gx, gy, scale = _gradients(img)
    xy = float(np.sum(gx * gy))
    tensor = np.array([[float(np.sum(gx * gx)), xy], [xy, float(np.sum(gy * gy))]])
    energy, axes = np.linalg.eigh(tensor)
    if energy[0] <= 0:
        return Smear(0.0, 0.0, 1.0, 0.0, 0.0)
    ux, uy = float(axes[0, 0]), float(axes[1, 0])  # the weakest direction: along the smear
    anisotropy = float(energy[1] / energy[0])
    degrees = float(np.degrees(np.arctan2(-uy, ux)) % 180.0)
    if not whole and anisotropy < _ANISOTROPY:
        return Smear(0.0, degrees, anisotropy, 0.0, 0.0)
    along = ux * gx + uy * gy
    reach = _alike(along, ux, uy, _REACH_LAG * scale)
    if not whole and reach < _REACH:
        return Smear(0.0, degrees, anisotropy, reach, 0.0)
    curve = [_alike(along, ux, uy, lag * scale) for lag in _LENGTHS]
    lag, dip = _first_dip(curve)
    return Smear(lag, degrees, anisotropy, reach, dip)


def _gradients(img: Image) -> tuple[NDArray[np.float32], NDArray[np.float32], float]:
    """The brightness gradients along x and y of the page's grey copy at most ``_SIDE`` px,
    and that copy's scale."""
    grey = cv2.cvtColor(img, cv2.COLOR_RGB2GRAY) if img.ndim == 3 else img
    scale = min(1.0, _SIDE / max(grey.shape[:2]))
    if scale < 1.0:
        grey = cv2.resize(grey, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    g = grey.astype(np.float32)
    gx = np.asarray(cv2.Sobel(g, cv2.CV_32F, 1, 0, ksize=3), np.float32)
    gy = np.asarray(cv2.Sobel(g, cv2.CV_32F, 0, 1, ksize=3), np.float32)
    return gx, gy, scale


def _first_dip(curve: list[float]) -> tuple[float, float]:
    """The shortest lag where the autocorrelation falls to ``_DIP`` or below and is lowest
    within ``_DIP_SPAN`` each side, and its value; else the lowest point. The first: further
    out, lines and characters repeat (their pitch), and a dip there would be no smear."""
    for i, value in enumerate(curve):
        near = curve[max(0, i - _DIP_SPAN): i + _DIP_SPAN + 1]
        if value <= _DIP and value <= min(near):
            return float(_LENGTHS[i]), value
    i = int(np.argmin(curve))
    return float(_LENGTHS[i]), curve[i]


def _alike(grad: NDArray[np.float32], ux: float, uy: float, lag: float) -> float:
    """The gradient's normalised autocorrelation ``lag`` px along (ux, uy)."""
    h, w = grad.shape
    shift = np.array([[1, 0, -lag * ux], [0, 1, -lag * uy]], np.float32)
    moved = np.asarray(cv2.warpAffine(grad, shift, (w, h), flags=cv2.INTER_LINEAR,
                                      borderValue=0), np.float32)
    return float(np.sum(grad * moved)) / (float(np.sum(grad * grad)) or 1.0)


def kernel(length: float, degrees: float) -> NDArray[np.float32]:
    """A straight smear of ``length`` px along ``degrees``, anti-aliased, summing to 1."""
    side = (int(np.ceil(length)) | 1) + 2
    k = np.zeros((side, side), np.float32)
    t = np.radians(degrees)
    ux, uy, mid = float(np.cos(t)), -float(np.sin(t)), side // 2
    for s in np.linspace(-(length - 1) / 2, (length - 1) / 2, max(2, int(length * 8))):
        x, y = mid + s * ux, mid + s * uy
        x0, y0 = int(np.floor(x)), int(np.floor(y))
        fx, fy = x - x0, y - y0
        k[y0, x0] += (1 - fx) * (1 - fy)
        k[y0, x0 + 1] += fx * (1 - fy)
        k[y0 + 1, x0] += (1 - fx) * fy
        k[y0 + 1, x0 + 1] += fx * fy
    return np.asarray(k / k.sum(), np.float32)


def deblur(img: Image, smear: Smear) -> Image:
    """The page with the smear undone (Wiener filter, each channel; mirrored margins keep the
    page's edges from ringing)."""
    k = kernel(smear.length, smear.degrees)
    pad = 2 * k.shape[0]
    channels = cv2.split(img) if img.ndim == 3 else [img]
    h, w = img.shape[:2]
    shape = (h + 2 * pad, w + 2 * pad)
    spread = np.zeros(shape, np.float32)
    spread[: k.shape[0], : k.shape[1]] = k
    spread = np.roll(spread, (-(k.shape[0] // 2), -(k.shape[1] // 2)), (0, 1))
    otf = np.fft.rfft2(spread)
    gain = np.conj(otf) / (np.abs(otf) ** 2 + _NOISE)
    out = []
    for ch in channels:
        f = cv2.copyMakeBorder(ch, pad, pad, pad, pad, cv2.BORDER_REFLECT).astype(np.float32)
        sharp = np.fft.irfft2(np.fft.rfft2(f) * gain, shape)[pad:-pad, pad:-pad]
        out.append(np.clip(sharp, 0, 255).astype(np.uint8))
    return u8(cv2.merge(out) if len(out) > 1 else out[0])


def restore(img: Image) -> tuple[Image, Smear | None]:
    """The page deblurred and its smear when it shows a clear straight one and reads better
    restored; else the page unchanged and None."""
    if min(img.shape[:2]) < _SMALLEST:
        return img, None
    smear = _measure(img, whole=False)
    if not smear.clear:
        return img, None
    sharp = deblur(img, smear)
    # A wrong length (a line or character pitch taken for the smear) rings every stroke:
    # the restored page must read clearly better, or the photograph is kept as it is.
    if legible(sharp) <= _GAIN * legible(img):
        return img, None
    return sharp, smear


def legible(img: Image) -> float:
    """How much of the page the reader reads surely: characters weighted by confidence."""
    return sum(line.score * len(line.text) for line in _ocr.read(img))


class Restored(Protocol):
    """A normalised page: ``smear`` undone on ``page``; ``full``, the page as photographed."""

    @property
    def page(self) -> Image: ...
    @property
    def full(self) -> Image: ...
    @property
    def smear(self) -> Smear | None: ...


def flag_restored(
    pages: Sequence[Restored], raw: Mapping[str, RawField], values: MutableMapping[str, Value],
) -> None:
    """Warn on the fields no rule can check character by character (``_UNCHECKED``) when
    they were read from a restored page: every view of it shares the restoration, so views
    that agree there prove less than on a sharp page. A field that the photograph, restored
    again with each kernel near the measured one, reads the same in every view (``_sure``)
    was not made by the restoration: it needs no warning."""
    flagged: dict[str, tuple[RawField, Smear]] = {}
    for key in _UNCHECKED:
        field = raw.get(key)
        smear = pages[field.page].smear if field is not None and field.page < len(pages) else None
        if field is not None and smear is not None and key in values and values[key].value:
            flagged[key] = (field, smear)
    confirmed = _sure(pages, {k: f for k, (f, _) in flagged.items()}, values)
    for key, (_, smear) in flagged.items():
        if key in confirmed:
            continue
        name = FIELD_LABELS.get(key, key)
        values[key].findings.append(Finding(
            "motion_blur", key,
            f"信息页照片有运动模糊（约 {smear.length:.0f} 像素），已复原后识别{name}；"
            "请对照原照片核对，看不清时请重拍 (read from a photo restored from motion blur)",
            "warning", {"rule": _RULE, "length": round(smear.length, 1),
                        "degrees": round(smear.degrees)}))


def _sure(
    pages: Sequence[Restored], fields: Mapping[str, RawField], values: Mapping[str, Value],
) -> set[str]:
    """The fields whose value does not hinge on the exact smear: the photograph's crop,
    restored again with every kernel of ``_NEAR`` (the measure's own uncertainty), reads the
    value chosen on the restored page in every view. A restoration with a kernel too short
    leaves half-undone strokes that read as other digits (…05389 for …01387): a value one of
    them reads otherwise was decided by the kernel, not by the print."""
    sure = set()
    for key, field in fields.items():
        page = pages[field.page]
        smear = page.smear
        if smear is None:
            continue
        crop, box = _margin(_photographed(page), field.box, smear)
        if all(_reads(deblur(crop, replace(smear, length=smear.length + dl,
                                           degrees=smear.degrees + dd)), box, key,
                      values[key].value)
               for dl, dd in _NEAR):
            sure.add(key)
    return sure


def _margin(img: Image, box: tuple[int, int, int, int], smear: Smear) -> tuple[Image, Box]:
    """The box's crop with room for the kernel and a re-read's padding, and the box in it."""
    m = int(2 * smear.length) + _ocr.REREAD_PAD
    x0, y0, x1, y1 = box
    left, top = max(0, x0 - m), max(0, y0 - m)
    return img[top : y1 + m, left : x1 + m], (x0 - left, y0 - top, x1 - left, y1 - top)


def _reads(img: Image, box: Box, key: str, value: object) -> bool:
    got = _ocr.readings([(img, box)])[0]
    return bool(got) and all(_same(key, value, r.text) for r in got)


def _photographed(page: Restored) -> Image:
    """The page as photographed, at the restored page's size (as the smear was measured)."""
    h, w = page.page.shape[:2]
    full = page.full
    interp = cv2.INTER_AREA if full.shape[0] > h else cv2.INTER_CUBIC
    return u8(cv2.resize(full, (w, h), interpolation=interp))


def _same(key: str, value: object, text: str) -> bool:
    """Whether a reading says the value: a name character for character, a number digit for
    digit, a date its year, month and day (Arabic digits)."""
    if not isinstance(value, str):
        return False
    if key == "certificate_number":
        return re.sub(r"\D", "", text) == value
    if key == "issue_date":
        parts = [int(p) for p in re.findall(r"\d+", text)]
        return bool(re.fullmatch(r"\d{4}-\d{2}-\d{2}", value)) and parts == [
            int(p) for p in value.split("-")]
    return re.sub(r"\s", "", text) == value
