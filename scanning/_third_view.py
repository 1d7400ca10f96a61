"""A third, independent view of an information field the readings left in doubt.

A field's re-reads are both cut from the normalised page's red channel (the 2× crop and its own
red channel): the same pixels, one vote's worth. When they keep the engine's runner-up on a digit
no rule checks, another read of those pixels repeats it. The third view differs in the image:
the box is cut from the page as scanned, at the file's own resolution (the normalised page is a
resampling of it), and cut tight (2 px of margin, not 7), so the recogniser sees the characters at
another scale and without the neighbours' strokes. It is read only for fields already in doubt
(``scanning._decide_review``); measured on the kept benchmark runs.

On a greyscale page a seal over a date stays in that crop as grey ink, and its ring and lettering
run into the date's characters (二〇一五年八月二十二日 read 一五年八月二十日 under the ring). Where
the plain view reads no whole date there, the date's own line of print is cut from the same
pixels (``_grey.line_view``: the rows and columns of the ink darker than the seal's) and read
instead: still the scan's own pixels, the seal's lettering above and below the line left out.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from functools import cache, partial

import cv2

from scanning import _grey, _ocr, _seal_shape
from scanning import _name_evidence as name_evidence
from scanning._date_fields import DATE_FIELDS
from scanning._date_rules import whole_date
from scanning._fields import RawField
from scanning._info import strip_label
from scanning._ocr import Box, Image, Reading

SCALE = 2.0  # pixels per normalised pixel, as the re-reads
PAD = 2  # normalised pixels around the box (the re-reads take 7)
# The fields a third view may confirm: numbers and dates (see ``_decide_review._third_reads``).
FIELDS = ("certificate_number", "issue_date", "id_number", "birth_date")
# A name is cut from the page as scanned only when that has this many times the pixels.
NAME_GAIN = 1.05
Pair = tuple[Image, Image]  # a normalised page and the same page at the file's own resolution
View = Callable[[], Reading | None]


def full_crop(full: Image, box: Box, scale: float, pad: int = PAD) -> Image:
    """The ``box`` (normalised page coordinates) cut from the page at the file's own resolution
    (``scale`` = its height over the normalised height), padded as the re-reads are."""
    return _ocr.crop(full, _ocr.scaled(box, scale), pad=int(round(pad * scale)))


def render(piece: Image, scale: float) -> Image:
    """The crop at ``SCALE`` times the normalised size (shrunk by area from a larger scan), in
    its red channel (seal ink pale, print kept)."""
    grey = _ocr.red_channel(_ocr.u8(piece))
    factor = SCALE / scale
    interp = cv2.INTER_AREA if factor < 1 else cv2.INTER_CUBIC
    size = (max(1, round(grey.shape[1] * factor)), max(1, round(grey.shape[0] * factor)))
    return _ocr.u8(cv2.resize(grey, size, interpolation=interp))


def read(pair: Pair, box: Box, key: str = "") -> Reading | None:
    """The third reading of ``box`` (normalised coordinates), label words dropped; a date's on
    a greyscale page read from its line of print when the plain view reads no whole date."""
    norm, full = pair
    if full.size == 0 or norm.shape[0] <= 0:
        return None
    scale = full.shape[0] / norm.shape[0]
    piece = full_crop(full, box, scale)
    if piece.size == 0:
        return None
    plain = strip_label(_ocr.recognise_all([render(piece, scale)])[0])
    if key not in DATE_FIELDS or whole_date(plain.text) or not _seal_shape.is_grey(norm):
        return plain
    line = _grey.line_view(full, _ocr.scaled(box, scale), SCALE / scale)
    return plain if line is None else strip_label(_ocr.recognise_all([line])[0])


def lazy(pair: Pair, box: Box, key: str = "") -> View:
    """A cached third reading: nothing is read unless a doubt asks for it."""
    return cache(partial(read, pair, box, key))


def readers(pairs: Sequence[Pair], raw: Mapping[str, RawField]) -> dict[str, View]:
    """Per number and date field found, its lazy third reading."""
    return {k: lazy(pairs[r.page], r.box, k) for k, r in raw.items()
            if k in FIELDS and r.page < len(pairs)}


def name_crop(pairs: Sequence[Pair], raw: Mapping[str, RawField]) -> name_evidence.Crop | None:
    """The name's value box cut from its page at the file's own resolution (a scan has 1–2.5×
    the normalised page's pixels): the glyph check's evidence for a doubted name."""
    name = raw.get("name")
    if name is None or name.page >= len(pairs):
        return None
    norm, full = pairs[name.page]
    scale = full.shape[0] / max(1, norm.shape[0])
    if scale < NAME_GAIN:  # hardly more pixels: the normalised crop's verdict stands
        return None
    return name_evidence.crop(full, name.box, scale)
