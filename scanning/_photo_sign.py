"""The photo where the photo page puts it: above or beside the holder's signature line.

The page-wide locator judges a photo's size against the page's. When the page was not cut from
what surrounds it (a booklet on a scanner's A4 bed, a phone picture of the desk) the photo is
smaller than a photo is on a page, and is missed. The signature label (持证人签名, 本人签名) is
printed on every photo page at the print's own scale: the photo is 6–10 label heights tall and
sits above it or beside it. So on a page the reader already took for the photo page (its label
read, no photo found), the photo is looked for again in a window of the page's size as the label
measures it, around the label.
"""

from __future__ import annotations

from scanning import _page_marks, _photo
from scanning._ocr import Box, Image, Line

# A photo page's height in label heights: the photo (6–10 of them) is then 0.2–0.4 of the
# window, the share a photo has of a page. Two windows cover the range.
_PAGE_IN_LABELS = (24, 32)
_BELOW = 0.2  # share of the window below the label's bottom (a photo beside the label)


def _label(lines: list[Line]) -> Line | None:
    """The signature label's line: the first holding 签名."""
    return next((ln for ln in lines if "签名" in ln.text), None)


def _window(page: Image, label: Box, labels: int) -> Box:
    """A page-sized window around the label: the label near its bottom-left, as printed."""
    h, w = page.shape[:2]
    size = labels * (label[3] - label[1])
    y1 = min(h, label[3] + round(_BELOW * size))
    x0 = max(0, label[0] - round(0.25 * size))
    return (x0, max(0, y1 - size), min(w, x0 + round(0.75 * size)), y1)


def beside_signature(page: Image, lines: list[Line]) -> _photo.Photo | None:
    """The holder's photo found near the signature label of a photo page, or None (no label, or
    no head-and-shoulders photo in the window)."""
    label = _label(lines)
    if label is None or label.box[3] - label.box[1] < 8:
        return None
    for labels in _PAGE_IN_LABELS:
        x0, y0, x1, y1 = _window(page, label.box, labels)
        found = _photo.candidates(page[y0:y1, x0:x1])
        if found:
            boxes = [(b[0] + x0, b[1] + y0, b[2] + x0, b[3] + y0) for b in found]
            # A page of text has rows of print beside the "photo". Marks alone do not tell:
            # the page's own edge, shaded by the binding on a scanner's bed, breaks into
            # character-sized pieces down its side.
            if _page_marks.text_rows(page, boxes[0]) >= _page_marks.TEXT_ROWS:
                return None
            return _photo.photo_from(page, boxes)
    return None
