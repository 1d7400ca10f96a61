"""The photo standard: the findings a found photo gets (shape, size, background colour) under the
rule in force when the booklet was issued, and the photo saved to the upload standard.

The upload standard (in force from 2020): 1-inch colour, white background, JPG < 200 KB, about
295 × 413 px. Older booklets carry blue or red backgrounds: recorded, no reason for review.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

import cv2
import numpy as np

from core.errors import InvalidInput
from core.rules import Finding, parse_certificate_number
from scanning._ocr import Box, Image
from scanning._photo_figure import corners
from scanning._photo_head import Floats, colourless, white
from scanning._validate import Value

STANDARD_SIZE = (295, 413)
STANDARD_ASPECT = 25 / 35
MAX_BYTES = 200 * 1024
# The white-background standard dates from 2020; older booklets carry blue or red backgrounds.
WHITE_STANDARD_FROM = dt.date(2020, 1, 1)
_WHITE_YEAR = WHITE_STANDARD_FROM.year
CHECKED = ("photo_aspect", "photo_size", "photo_background", "photo_colour_unknown")


@dataclass
class Photo:
    """A cropped photo, where it was found and what the standard check said."""

    image: Image
    box: Box
    findings: list[Finding] = field(default_factory=list)
    # Found on the page turned half a turn (a photo page with no text to right it): ``box`` is
    # on the page as given, ``image`` upright.
    turned: bool = False
    # The paper around the photo (Lab), the measure of white under the page's own light.
    paper: Floats | None = None


def paper_around(page: Image, box: Box) -> Floats | None:
    """The colour (Lab, 8-bit scale) of the paper in a band around ``box``: the median of the
    band's brighter half, which print, a frame line and a shadow leave out; None where the band
    is too thin to measure (a photo at the picture's edge)."""
    x0, y0, x1, y1 = box
    h, w = page.shape[:2]
    m = max(4, (x1 - x0) // 12)
    ox0, oy0, ox1, oy1 = max(0, x0 - m), max(0, y0 - m), min(w, x1 + m), min(h, y1 + m)
    inside = np.zeros((oy1 - oy0, ox1 - ox0), bool)
    inside[max(0, y0 - oy0) : y1 - oy0, max(0, x0 - ox0) : x1 - ox0] = True
    band = page[oy0:oy1, ox0:ox1][~inside]
    if len(band) < 4 * m * m:
        return None
    lab = cv2.cvtColor(band[None, ...], cv2.COLOR_RGB2LAB)[0].astype(np.float32)
    light = lab[lab[:, 0] >= np.median(lab[:, 0])]
    return np.asarray(np.median(light, axis=0), np.float32)


def check(img: Image, paper: Floats | None = None) -> list[Finding]:
    """Findings against the photo standard: aspect, size, white background (against the
    ``paper`` around the photo where it was measured; or, on a scan without colour, a note that
    it cannot be judged)."""
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
    elif not white_background(img, paper):
        findings.append(Finding("photo_background", "photo", "照片背景不是白色", "warning"))
    return findings


def white_background(img: Image, paper: Floats | None = None) -> bool:
    """The top corners (background beside the head) are white (``_photo_head.white``, against
    the ``paper`` around the photo where it was measured)."""
    h, w = img.shape[:2]
    border = np.concatenate(corners(img, max(1, h // 8), max(1, w // 6)))
    lab = cv2.cvtColor(border[None, ...], cv2.COLOR_RGB2LAB)[0].astype(np.float32)
    return white(lab, paper)


def standard_crop(img: Image) -> Image:
    """The largest 25:35 part of the photo: the sides cut evenly, or (too tall) a third of the
    excess from the top and the rest from the bottom, keeping the head."""
    h, w = img.shape[:2]
    if w / h > STANDARD_ASPECT:
        nw = max(1, round(h * STANDARD_ASPECT))
        return img[:, (w - nw) // 2 : (w - nw) // 2 + nw]
    nh = max(1, round(w / STANDARD_ASPECT))
    return img[(h - nh) // 3 : (h - nh) // 3 + nh]


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
