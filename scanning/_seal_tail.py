"""Seal lettering read at the end of a value: cut off by the ink it is printed in.

Where a seal's ring crosses the end of a value's line and the scan kept the seal (a greyscale
scan, a faded or crimson stamp that the red view does not drop), the recogniser reads the
ring's lettering as more of the value: 护理 + the ring's 省, 教 (护理省教), 汉语言文学 + 育.
Seal ink is a flat film, far lighter than printing ink's core, which stays near black (and
where the two cross, darker still). So a value whose print ends in columns holding only the
lighter ink is cut where its dark print ends, and its box read again; the read is kept only
when it is the value as read less a tail, every character of which is seal lettering (the
level and office words every seal holds, or characters of the authority's name as read). A
tail of lighter ink under glare is no seal: there the paper is lighter too, and nothing is
cut. Nothing is cut either where the seal is as dark as the print (a bitonal scan).
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

from core.rules import (
    BUREAU_SUFFIX,
    CERTIFYING_SEAL_WORDING,
    COMMISSION_SUFFIX,
    DIVISION_ENDS,
    PROVINCE_SUFFIX,
)
from scanning import _candidates, _ocr
from scanning._info_labels import INFO_LABELS, RawField
from scanning._labels import match_label
from scanning._ocr import Box, Image, Reading

__all__ = ["SEAL_WORDS", "print_end", "trimmed"]

# Fields with no shape of their own whose value a ring's lettering can lengthen unseen
# (numbers and dates have shapes, read again from their dark ink elsewhere).
FIELDS = ("name", "subject", "qualification_type")
# What every seal's lettering holds whatever the authority: its level and office (the merged
# offices' 和, 体, 科技 among them), and the certifying wording.
SEAL_WORDS = frozenset(
    DIVISION_ENDS + CERTIFYING_SEAL_WORDING + BUREAU_SUFFIX + PROVINCE_SUFFIX + COMMISSION_SUFFIX
    + "教育和体育局" + "教育和科技局"
)
_INKED = 40  # a column holds ink when its darkest pixel is this much darker than the paper
_DARK = 0.2  # print is darker than its darkest core by less than this share of the range
_MARGIN = 5  # the tail's darkest ink must be lighter than the print's limit by this much
_PAPER = 10  # the paper under the tail may differ from the paper under the print by this
_RULE = 0.6  # a row this inked is a table's ruling, not text


def _grey(image: Image, box: Box) -> npt.NDArray[np.uint8]:
    x0, y0, x1, y1 = (max(0, int(v)) for v in box)
    piece = image[y0:y1, x0:x1]
    return np.asarray(piece.min(axis=2) if piece.ndim == 3 else piece, dtype=np.uint8)


def print_end(image: Image, box: Box) -> int | None:
    """The x where a value's dark print ends inside ``box``, when what stands right of it is
    only lighter ink on the same paper (a seal's lettering); None otherwise."""
    grey = _grey(image, box)
    if grey.size == 0 or grey.shape[0] < 4:
        return None
    h = grey.shape[0]
    paper = float(np.percentile(grey, 90))
    rows = (grey < paper - _INKED).mean(axis=1) <= _RULE
    colmin = grey[rows].min(axis=0).astype(float) if rows.any() else grey.min(axis=0)
    inked = colmin < paper - _INKED
    if not inked.any():
        return None
    core = float(np.percentile(colmin[inked], 5))
    limit = core + _DARK * (paper - core)
    dark = np.nonzero(colmin < limit)[0]
    if dark.size == 0:
        return None
    end = int(dark[-1])
    # The print's own soft edge ends within a few pixels of its darkest column; a seal's
    # character can stand right after it, in a box the detector ended with that character.
    tail = slice(end + h // 4, grey.shape[1])
    tail_ink = inked[tail]
    if tail_ink.sum() < h // 2 or colmin[tail][tail_ink].min() < limit + _MARGIN:
        return None
    under = float(np.percentile(grey[:, tail], 90))
    before = float(np.percentile(grey[:, : end + 1], 90))
    if abs(under - before) > _PAPER:
        return None  # lighter paper too: glare or a fold, not a second ink
    return int(box[0]) + end + 1


def _value(reading: Reading) -> str:
    """The value in a box's reading, without its label (garbled or not: up to its colon)."""
    text = _candidates.clean(reading).text
    hit = match_label(text, INFO_LABELS)
    colon = max(text.rfind(":"), text.rfind("："))
    return hit[1] if hit else text[colon + 1 :]


def _kept(old: str, new: str, seal: str) -> bool:
    """Whether ``new`` is ``old`` less a tail of seal lettering."""
    tail = old[len(new):]
    return bool(new) and old.startswith(new) and bool(tail) and all(
        c in SEAL_WORDS or c in seal for c in tail
    )


def trimmed(image: Image, raw: dict[str, RawField]) -> dict[str, RawField]:
    """The fields of ``FIELDS`` whose read ends in seal lettering, cut where their print
    ends and read again (``image``: the page the fields were read from). A band with no
    value read (``_field_bands``) is read whole too, to know what the cut leaves out."""
    seal = raw["issuing_authority"].text if "issuing_authority" in raw else ""
    cuts: dict[str, tuple[Box, Box]] = {}
    for key in FIELDS:
        r = raw.get(key)
        if r is None:
            continue
        h = r.box[3] - r.box[1]
        end = print_end(image, r.box)
        if end is not None and end - r.box[0] >= h:
            cuts[key] = (r.box, (r.box[0], r.box[1], min(r.box[2], end + h // 4), r.box[3]))
    if not cuts:
        return {}
    pieces = [(image, b) for k, (full, cut) in cuts.items()
              for b in ([cut] if raw[k].text else [full, cut])]  # fmt: skip
    got = iter(_ocr.readings(pieces, red=False))
    out = {}
    for key, (_, box) in cuts.items():
        old = raw[key]
        whole = old.text if old.text else _first(next(got))
        new = _first(next(got))
        if _kept(_candidates.clean(Reading(whole, 0.0)).text, new, seal):
            # A band keeps no text of its own: its value is what its re-reads read.
            out[key] = RawField(new if old.text else "", old.score, box, old.page, old.label,
                                old.reread)
    return out


def _first(reads: list[Reading]) -> str:
    return _value(reads[0]) if reads else ""
