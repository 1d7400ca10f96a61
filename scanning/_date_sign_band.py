"""The band under the issuing authority where a signature block prints the issue date, read
when the page's detector found no date line at all.

Many certificates print the issue date without a label under the authority's name in the
signature block at the information page's foot, both over the authority's seal. On a
downscaled page the seal's ring and star can merge with the date's digits into one blot the
detector drops, so the line is never read (``_sign_date`` places only lines it was given).
The band one or two of the authority's lines deep under it, as wide as a written date on
either side of the authority's centre, is then only re-read: the readings and the decoder
decide, and the date's year is still checked against the certificate number's.
"""

from __future__ import annotations

from scanning._info_labels import RawField
from scanning._ocr import Box

_DEPTH = 2.2  # the band's depth, in the authority's line heights (the date's line and a gap)
_HALF = 7  # half the band's width, in line heights: a written date (二〇二一年十二月三十一日)


def _lowest(raw: dict[str, RawField], key: str) -> bool:
    """Whether ``key``'s value stands below every other field's (the page's foot)."""
    top = raw[key].box[1]
    return all(r.box[1] < top for k, r in raw.items() if k != key)


def band_under_authority(raw: dict[str, RawField], width: int) -> Box | None:
    """The band under the authority's value where an unlabelled issue date stands, when the
    page holds no issue date and the authority is its lowest field; None otherwise."""
    auth = raw.get("issuing_authority")
    if "issue_date" in raw or auth is None or not auth.text:
        return None
    if not _lowest(raw, "issuing_authority"):
        return None
    x0, _, x1, y1 = auth.box
    h = y1 - auth.box[1]
    cx = (x0 + x1) // 2
    return (max(0, cx - _HALF * h), y1 + 2, min(width, cx + _HALF * h), y1 + int(_DEPTH * h))


def signature_band(raw: dict[str, RawField], width: int) -> dict[str, RawField]:
    """The issue date's band under the authority (``band_under_authority``) as a field to
    re-read, or nothing."""
    band = band_under_authority(raw, width)
    if band is None:
        return {}
    return {"issue_date": RawField("", 0.0, band, raw["issuing_authority"].page)}
