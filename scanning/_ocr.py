"""RapidOCR wrapper: one engine per process, red-seal removal, lines with boxes, re-reads.

The engine is rapidocr 3.x with the PP-OCRv6 detection and recognition models packaged in its
wheel (paths passed explicitly, so nothing is ever downloaded at run time). Recognition runs the
ONNX session directly and decodes the CTC output here, so that every character of a reading
carries the recogniser's alternatives for that position.

Text detection (finding the lines of a page) is a third of a scan's CPU. An int8 copy of the
wheel's detector ships in ``models/`` (built by ``bench/build_det_int8.py``: 7-bit per-channel
weights, so that CPUs with and without VNNI compute the same; first layer and head kept in
fp32; its max pooling done in fp32, the same integers sooner), about twice as fast; it moves
some line boxes by a pixel or two, which changes a few readings either way. ``ECERT_SCAN_DET``
chooses (int8 or fp32; ``DET_DEFAULT`` when unset: int8, proven on fresh booklets of five
generators); int8 is loaded only when its sha256 is ``DET_INT8_SHA256``, and the file's
absence means fp32.
"""

from __future__ import annotations

import functools
import hashlib
import os
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from core.errors import ConfigurationError
from scanning._ruled import unruled

Image = NDArray[np.uint8]
Box = tuple[int, int, int, int]
Alternatives = tuple[tuple[str, float], ...]


def u8(a: Any) -> Image:
    """View an OpenCV result as the uint8 image type used throughout (no copy)."""
    return np.asarray(a, dtype=np.uint8)


_ENGINE: Any = None
DET_SIDE = 960  # longest side for text detection
SEAL_PALE = 140  # red-channel level above which reddish pixels are seal, not print
MIN_SCORE = 0.5  # RapidOCR's own default cut-off for recognised lines
MODELS = {  # packaged in the rapidocr wheel (rapidocr/models)
    "Det": "PP-OCRv6_det_small.onnx",
    "Rec": "PP-OCRv6_rec_small.onnx",
    "Cls": "ch_ppocr_mobile_v2.0_cls_mobile.onnx",
}
DET_INT8 = Path(__file__).parent / "models" / "PP-OCRv6_det_small_int8.onnx"
DET_INT8_SHA256 = "d09bc7751cdf6360f87ca136e90f0629d3238d42113d4ea0540d24b9fa433e43"  # shipped file
DET_DEFAULT = "int8"  # the detector when ECERT_SCAN_DET is unset
REC_BATCH = 6  # crops of one padded width per recogniser run (its cost is linear in crops ×
# width, with no per-run overhead worth batching for; runs stay small in memory)
TOP_K = 5  # alternatives kept per character
MIN_ALT = 0.001  # alternatives less likely than this are noise
REREAD_SCALE = 2.0  # upscaling of a field crop for its re-readings
SECOND_SCALE = 1.5  # … and of its second view, where its red channel is the crop itself
REREAD_PAD = 7
_THREADS = -1


@dataclass(frozen=True)
class Line:
    """One recognised text line: text, recogniser score, axis-aligned box (x0, y0, x1, y1), and
    per character of ``text`` the recogniser's alternatives (see ``Reading``)."""

    text: str
    score: float
    box: Box
    alternatives: tuple[Alternatives, ...] = field(default=(), repr=False, compare=False)

    @property
    def reading(self) -> Reading:
        """The line's recognition as a ``Reading`` (the first of a field's readings)."""
        return Reading(self.text, self.score, self.alternatives)

    @property
    def cy(self) -> float:
        """Vertical centre of the box."""
        return (self.box[1] + self.box[3]) / 2

    @property
    def height(self) -> int:
        """Box height in pixels."""
        return self.box[3] - self.box[1]


@dataclass(frozen=True)
class Reading:
    """One recognition of a crop: the text, its score, and per character of ``text`` the
    recogniser's alternatives as (character, probability), best first (empty when the engine
    gives none). Decoders choose among these candidates the one the rules allow."""

    text: str
    score: float
    alternatives: tuple[Alternatives, ...] = ()


def read_as(value: str, readings: Sequence[Reading]) -> list[Reading]:
    """The ``readings`` that read ``value`` itself, each with the recogniser's alternatives for
    every character (what rules weighing one place at a time can use)."""
    return [r for r in readings if r.text == value and len(r.alternatives) == len(value)]


def configure(threads: int) -> None:
    """Set ONNX intra-op threads for the engine of this process (call before first use)."""
    global _THREADS
    _THREADS = threads


def model_dir() -> Path:
    """Where the rapidocr wheel keeps its packaged models."""
    import rapidocr

    return Path(rapidocr.__file__).parent / "models"


def det_model() -> Path:
    """The detector model file: the int8 copy when ``ECERT_SCAN_DET`` (or ``DET_DEFAULT``) asks
    for it and it is present (its digest checked: another file there would change every scan's
    line boxes unseen), else the wheel's fp32 model."""
    choice = os.environ.get("ECERT_SCAN_DET", DET_DEFAULT).strip().lower()
    if choice not in ("int8", "fp32"):
        raise ConfigurationError(f"ECERT_SCAN_DET must be int8 or fp32, not {choice!r}")
    if choice == "fp32" or not DET_INT8.exists():
        return model_dir() / MODELS["Det"]
    digest = hashlib.sha256(DET_INT8.read_bytes()).hexdigest()
    if digest != DET_INT8_SHA256:
        raise ConfigurationError(f"{DET_INT8.name} has sha256 {digest}, expected "
                                 f"{DET_INT8_SHA256}: rebuild it with bench/build_det_int8.py")
    return DET_INT8


def engine() -> Any:
    """The process-wide RapidOCR engine, its detector, classifier and recogniser loaded."""
    global _ENGINE
    if _ENGINE is None:
        from rapidocr import RapidOCR

        root = model_dir()
        params: dict[str, Any] = {f"{task}.model_path": str(root / name)
                                  for task, name in MODELS.items()}
        params["Det.model_path"] = str(det_model())
        params |= {
            "Global.log_level": "error",
            "EngineConfig.onnxruntime.intra_op_num_threads": _THREADS,
            "EngineConfig.onnxruntime.inter_op_num_threads": 1,
            # rapidocr turns ONNX Runtime's memory arena off; on, a page costs ~13 % less CPU.
            "EngineConfig.onnxruntime.enable_cpu_mem_arena": True,
        }
        eng: Any = RapidOCR(params=params)
        eng._load_det_model()  # noqa: SLF001 - rapidocr loads lazily; we want them now
        eng._load_cls_model()  # noqa: SLF001
        eng._load_rec_model()  # noqa: SLF001
        _ENGINE = eng
    return _ENGINE


def red_channel(img: Image) -> Image:
    """The red channel, paper stretched to white: red seal ink turns pale while black print,
    even under the seal, stays dark. Used as is for second readings."""
    red = img[..., 0]
    # Stretch only the top (paper → white); a sparse page has too little ink for a low percentile.
    hi = max(float(np.percentile(red[::4, ::4], 90)), 1.0)
    grey = (red.astype(np.float32) * (255.0 / hi)).clip(0, 255).astype(np.uint8)
    return np.repeat(grey[..., None], 3, axis=2)


def remove_red(img: Image) -> Image:
    """Drop red seal ink but keep the black print beneath it: the red channel, with what is
    left of the seal's own strokes (reddish and pale there) turned white."""
    grey = red_channel(img)
    hsv = cv2.cvtColor(img, cv2.COLOR_RGB2HSV)
    inked = ((hsv[..., 0] <= 12) | (hsv[..., 0] >= 160)) & (hsv[..., 1] >= 50)
    grey[inked & (grey[..., 0] > SEAL_PALE)] = 255
    return grey


def _aabb(quad: Any) -> Box:
    pts = np.asarray(quad, dtype=np.float32)
    return (int(pts[:, 0].min()), int(pts[:, 1].min()), int(pts[:, 0].max()), int(pts[:, 1].max()))


def read(img: Image, keep: Callable[[Box], bool] | None = None) -> list[Line]:
    """Detect every text line of an upright page on a downscaled copy (fast, and as reliable),
    then recognise each line cut from the full-resolution page (only the lines whose box
    ``keep`` accepts, when given: nothing is spent on the others)."""
    quads = detect_small(img, DET_SIDE)
    if keep is not None:
        quads = [q for q in quads if keep(_aabb(q))]
    if not quads:
        return []
    from rapidocr.utils.process_img import get_rotate_crop_image

    crops = [u8(get_rotate_crop_image(img, q.copy())) for q in quads]
    lines = [
        Line(r.text, r.score, _aabb(quad), r.alternatives)
        for quad, r in zip(quads, recognise_all(crops), strict=True)
        if r.score >= MIN_SCORE and r.text.strip()
    ]
    return sorted(lines, key=lambda ln: (ln.cy, ln.box[0]))


def detect_small(img: Image, max_side: int = 640) -> list[NDArray[np.float32]]:
    """Text boxes (quadrilaterals in ``img`` coordinates) found on a downscaled copy."""
    det = engine().text_det
    scale = min(1.0, max_side / max(img.shape[:2]))
    small = cv2.resize(img, None, fx=scale, fy=scale, interpolation=cv2.INTER_AREA)
    # The default "min" limit upscales small images; for a quick look we want the opposite.
    boxes = _detect(det, _three(u8(small)), _preprocess(det, max_side))
    return [np.asarray(b, dtype=np.float32) / scale for b in boxes]


def _detect(det: Any, img: Image, pre: Any = None) -> list[NDArray[np.float32]]:
    """The detector's boxes for ``img``, as ``det(img).boxes`` gives them (``pre``: the
    detector's preprocessing, its own when None), with its input normalised by table look-up
    (the same values as its float64 arithmetic, at a fraction of the CPU: a page's pixels
    hold only 256 levels per channel)."""
    pre = det.get_preprocess() if pre is None else pre
    resized = pre.resize(img)
    if resized is None:
        return []
    table = _det_table(pre)
    blob = np.stack([table[c][resized[..., c]] for c in range(3)])[None]
    boxes, _ = det.postprocess_op(det.session(blob), img.shape[:2])
    return list(det.sorted_boxes(boxes)) if len(boxes) else []


_PREPROCESS: dict[tuple[int, int], tuple[Any, Any]] = {}  # (detector, preprocessing)


def _preprocess(det: Any, max_side: int) -> Any:
    """The detector's preprocessing with its longest side limited to ``max_side``, made once
    per detector and side (making it converts the engine's configured mean and std anew,
    which cost more than a small page's normalisation)."""
    key = (id(det), max_side)
    if key not in _PREPROCESS:
        from rapidocr.ch_ppocr_det.utils import DetPreProcess

        # The detector is kept beside it, so that its id is never another's.
        _PREPROCESS[key] = det, DetPreProcess(max_side, "max", det.mean, det.std)
    return _PREPROCESS[key][1]


_DET_TABLES: dict[tuple[float, ...], NDArray[np.float32]] = {}


def _det_table(pre: Any) -> NDArray[np.float32]:
    """Per channel, the detector's normalised input value of each pixel level 0–255."""
    key = (*np.ravel(pre.mean).tolist(), *np.ravel(pre.std).tolist(), float(pre.scale))
    if key not in _DET_TABLES:
        levels = np.repeat(np.arange(256, dtype=np.uint8)[None, :, None], 3, axis=2)
        _DET_TABLES[key] = np.ascontiguousarray(
            pre.normalize(levels)[0].astype(np.float32).T)  # (3, 256)
    return _DET_TABLES[key]


def scaled(box: Box, k: float) -> Box:
    """``box`` with every coordinate times ``k``, rounded (a box of one scale of the page on
    another: the normalised page, the scan's own resolution, a work size)."""
    x0, y0, x1, y1 = (int(round(v * k)) for v in box)
    return (x0, y0, x1, y1)


def crop(img: Image, box: Box, pad: int = 4) -> Image:
    """A padded crop of ``box``, clipped to the image."""
    x0, y0, x1, y1 = box
    h, w = img.shape[:2]
    return img[max(0, y0 - pad) : min(h, y1 + pad), max(0, x0 - pad) : min(w, x1 + pad)]


def upside_down_share(crops: list[Image]) -> float:
    """Share of text-line crops the angle classifier says are rotated by 180°."""
    if not crops:
        return 0.0
    res = engine().text_cls(crops).cls_res
    votes = [float(score) if label == "180" else -float(score) for label, score in res]
    return sum(1 for v in votes if v > 0) / len(votes)


def ctc_decode(probs: NDArray[np.float32], charset: list[str]) -> Reading:
    """Greedy CTC decoding of one crop's (steps × classes) probabilities, exactly as RapidOCR
    does it (best class per step, repeats collapsed, blank 0 dropped), plus per emitted
    character the other likely classes over the steps of its run, best first. The score is the
    mean over characters of their peak probability, width variants counted together."""
    best = probs.argmax(axis=1)
    emit = best != 0
    emit[1:] &= best[1:] != best[:-1]
    starts = np.flatnonzero(emit)
    if starts.size == 0:
        return Reading("", 0.0)
    text = "".join(charset[i] for i in best[starts])
    alts = tuple(_alternatives(probs, best, int(s), charset) for s in starts)
    score = float(np.mean([_same_form(a) for a in alts]))
    return Reading(text, round(score, 5), alts)


def _same_form(alts: Alternatives) -> float:
    """Probability that a position holds its emitted character in any width (： or :, ０ or 0):
    the recogniser splitting its belief between two forms of one character is no doubt about
    the text, and must not lower the line's score."""
    if len(alts) == 1:  # no rival (most positions): the character is its own form
        return min(1.0, alts[0][1])
    form = _nfkc(alts[0][0])
    return min(1.0, sum(p for c, p in alts if _nfkc(c) == form))


@functools.cache
def _nfkc(char: str) -> str:
    """A character's compatibility form (the charset is a few thousand characters)."""
    return unicodedata.normalize("NFKC", char)


def _alternatives(
    probs: NDArray[np.float32], best: NDArray[np.intp], start: int, charset: list[str]
) -> Alternatives:
    """The classes of one character's run of steps, by their highest probability there; the
    emitted character first (it is the arg-max at every step of its run)."""
    end = start + 1
    while end < len(best) and best[end] == best[start]:
        end += 1
    chosen = int(best[start])
    run = probs[start:end]
    if float(run[:, chosen].min()) > 1.0 - MIN_ALT:  # no rival reaches MIN_ALT: skip the sort
        return ((charset[chosen], float(run[:, chosen].max())),)
    peak = run.max(axis=0)
    k = min(TOP_K + 1, len(peak) - 1)
    top = np.argpartition(-peak, k)[: k + 1]
    others = sorted((int(i) for i in top if i not in (0, chosen)), key=lambda i: -peak[i])
    alts = [(charset[chosen], float(peak[chosen]))]
    alts += [(charset[i], float(peak[i])) for i in others if peak[i] >= MIN_ALT]
    return tuple(alts[:TOP_K])


def recognise_all(crops: list[Image]) -> list[Reading]:
    """Recognise ready-cut line images (no detection), with the per-character alternatives of
    each. A crop's reading depends on its own pixels only: crops share a recogniser run only
    when they are padded to the same width (the recogniser's cost is its input's width, so
    padding one crop to another's width costs CPU and shifts its reading), and identical
    crops (a re-read's two views of an ink-only box often are) are read once."""
    if not crops:
        return []
    rec = engine().text_rec
    charset: list[str] = rec.postprocess_op.character
    _, height, width = rec.rec_image_shape
    crops = [_three(c) for c in crops]
    keys = [_pixels(c) for c in crops]
    unique: dict[tuple[tuple[int, ...], str, bytes], int] = {}
    first = [unique.setdefault(k, i) for i, k in enumerate(keys)]
    out: list[Reading] = [Reading("", 0.0)] * len(crops)
    memo = _MEMO if _MEMO is not None else {}
    groups: dict[int, list[int]] = {}
    for i in sorted(set(first)):
        if (known := memo.get(keys[i])) is not None:
            out[i] = known
        else:
            groups.setdefault(padded_width(crops[i], height, width), []).append(i)
    for padded, members in sorted(groups.items()):
        for start in range(0, len(members), REC_BATCH):
            idx = members[start : start + REC_BATCH]
            ratio = (padded + 0.5) / height  # int(height * ratio) == padded
            batch = np.stack([rec.resize_norm_img(crops[i], ratio) for i in idx])
            probs = rec.session(batch.astype(np.float32))
            for i, p in zip(idx, probs, strict=True):
                out[i] = memo[keys[i]] = ctc_decode(p, charset)
    return [out[j] for j in first]


_MEMO: dict[tuple[tuple[int, ...], str, bytes], Reading] | None = None


@contextmanager
def one_booklet() -> Iterator[None]:
    """Within it, a crop recognised once is not recognised again (one booklet's readers often
    cut the same pixels). A reading depends on its crop's pixels only, so the memo (keyed by
    shape and a 128-bit digest of the pixels) gives what a second run would; one booklet's."""
    global _MEMO
    outer = _MEMO
    _MEMO = {} if outer is None else outer
    try:
        yield
    finally:
        _MEMO = outer


def _pixels(img: Image) -> tuple[tuple[int, ...], str, bytes]:
    """A crop's identity: its shape and a digest of its pixels."""
    digest = hashlib.blake2b(np.ascontiguousarray(img).data, digest_size=16).digest()
    return img.shape, img.dtype.str, digest


def padded_width(img: Image, height: int = 48, least: int = 320) -> int:
    """The recogniser's input width for a crop: scaled to ``height``, padded to ``least``."""
    ratio = max(least / height, img.shape[1] / max(1, img.shape[0]))
    return int(height * ratio)


def _three(img: Image) -> Image:
    """A 3-channel image of at least one pixel (an empty crop reads as nothing)."""
    if img.size == 0:
        return np.full((32, 32, 3), 255, np.uint8)
    return img if img.ndim == 3 else np.repeat(img[..., None], 3, axis=2)


def recognise(crops: list[Image]) -> list[tuple[str, float]]:
    """Recognise ready-cut line images (no detection): text and score of each."""
    return [(r.text, r.score) for r in recognise_all(crops)]


def second_view(img: Image, box: Box, normal: Image) -> Image:
    """The second view of a box whose first is ``normal`` (the crop at ``REREAD_SCALE``): its
    red channel (seal ink pale, print kept). Where that is the same image (a greyscale page,
    a crop the page's own red channel already is), reading it would repeat the first reading
    and confirm nothing: the crop is then resampled at ``SECOND_SCALE`` instead, other pixels
    that a misread of the first does not simply repeat."""
    red = red_channel(normal)
    if not np.array_equal(red, normal):
        return red
    return _upscaled(img, box, SECOND_SCALE)


def other_view(img: Image, box: Box, normal: Image) -> Image:
    """A second view of a box that is other pixels than its first (``normal``): the red
    channel of a colour crop, else the crop resampled at ``SECOND_SCALE``. A crop cut from a
    page's red channel (its three channels equal) has no other channel: stretched again it is
    the first view with its paper whiter, and a reading of it that agrees is the first
    reading's echo (a digit the first lost, the second loses too)."""
    if not (np.array_equal(normal[..., 0], normal[..., 1])
            and np.array_equal(normal[..., 0], normal[..., 2])):
        red = red_channel(normal)
        if not np.array_equal(red, normal):
            return red
    return _upscaled(img, box, SECOND_SCALE)


def _upscaled(img: Image, box: Box, scale: float, pad: int = REREAD_PAD) -> Image:
    piece = _three(crop(img, box, pad=pad))
    return u8(cv2.resize(piece, None, fx=scale, fy=scale, interpolation=cv2.INTER_CUBIC))


def reread(pieces: list[tuple[Image, Box]]) -> list[str]:
    """Second readings of boxes at another scale and padding, to catch unstable reads."""
    crops = [_upscaled(img, box, 1.4) for img, box in pieces]
    return [text for text, _ in recognise(crops)]


def readings(pieces: list[tuple[Image, Box]], red: bool = True,
             ruled: bool = False, apart: bool = False) -> list[list[Reading]]:
    """Several readings of each box, best (highest score) first: the crop upscaled from the
    image as given and (``red``) a second view (``second_view``; with ``apart``, one of other
    pixels, ``other_view``), each with per-character alternatives; with ``ruled`` (boxes in a
    bordered table) the cell's borders painted out of both (``_ruled``). All crops go through
    the recogniser in one call; each view costs one recognition per box (~30 ms of CPU), so
    pass ``red=False`` where no seal can be."""
    second = other_view if apart else second_view
    views = []
    for img, box in pieces:
        normal = _upscaled(img, box, REREAD_SCALE)
        two = [normal, second(img, box, normal)] if red else [normal]
        views += [unruled(v) for v in two] if ruled else two
    per = 2 if red else 1
    got = recognise_all(views)
    return [sorted(got[i * per : (i + 1) * per], key=lambda r: -r.score)
            for i in range(len(pieces))]
