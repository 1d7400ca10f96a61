"""A phone photo smeared by a moving hand: the smear is measured (direction and length) and
undone with a Wiener filter when it is a clear straight one and the page reads better for it;
fields no rule can check are then flagged for a look at the photo."""

from __future__ import annotations

import cv2
import numpy as np
from PIL import Image, ImageDraw

from scanning import _deblur
from scanning._fields import RawField
from scanning._pages import Normalised
from scanning._validate import Value
from tests.scanning._fonts import cjk_font

_LINES = ("姓名 徐瑶", "出生日期 1981年11月30日", "身份证件号码 130283198111301007",
          "证书号码 20091328462301387", "颁发机关 唐山市教育局", "批准日期 2009年8月19日")
_PITCH, _TOP = 48, 30


def _card(px: int) -> np.ndarray:
    """An information page's lines in print ``px`` high on pale paper."""
    img = Image.new("RGB", (520, 330), (236, 232, 222))
    draw, font = ImageDraw.Draw(img), cjk_font(px)
    for i, text in enumerate(_LINES):
        draw.text((30, _TOP + i * _PITCH), text, font=font, fill=(40, 40, 40))
    return np.asarray(img)


def _smear(img: np.ndarray, n: int, degrees: float, quality: int = 50) -> np.ndarray:
    """A straight motion blur of ``n`` px along ``degrees``, then JPEG, as a phone makes it."""
    k = np.zeros((n, n), np.float32)
    k[n // 2, :] = 1 / n
    k = cv2.warpAffine(k, cv2.getRotationMatrix2D((n / 2 - 0.5, n / 2 - 0.5), degrees, 1), (n, n))
    out = cv2.filter2D(img, -1, k / k.sum())
    ok, data = cv2.imencode(".jpg", out, [cv2.IMWRITE_JPEG_QUALITY, quality])
    assert ok
    return np.asarray(cv2.imdecode(data, cv2.IMREAD_UNCHANGED), np.uint8)


def _angle_gap(a: float, b: float) -> float:
    d = abs(a - b) % 180.0
    return min(d, 180.0 - d)


def test_a_straight_smear_is_measured():
    smear = _deblur.measure(_smear(_card(17), 8, 100))
    assert smear.clear
    assert abs(smear.length - 8) <= 1.0
    assert _angle_gap(smear.degrees, 100) <= 10


def test_the_smear_is_the_first_dip_not_the_line_pitch():
    # The gradient's autocorrelation falls again at the pitch of lines and characters; the
    # lowest point overall lay there (12–15 px) and the page was rung, not restored.
    smear = _deblur.measure(_smear(_card(17), 7, 60))
    assert abs(smear.length - 7) <= 1.0


def test_a_sharp_page_is_no_smear():
    assert not _deblur.measure(_card(17)).clear
    ruled = _card(17).copy()  # rules and lines of text: a layout in one direction, no smear
    for i in range(7):
        y = _TOP - 8 + i * _PITCH
        cv2.line(ruled, (20, y), (500, y), (60, 60, 60), 2)
    assert not _deblur.measure(ruled).clear
    page = _card(17)
    assert _deblur.restore(page)[1] is None and _deblur.restore(page)[0] is page


def test_a_smeared_page_reads_right_restored():
    from scanning import _ocr

    sharp, smear = _deblur.restore(_smear(_card(15), 8, 100))
    assert smear is not None
    rows = [sharp[_TOP + i * _PITCH - 6: _TOP + i * _PITCH + 25, 20:510] for i in (2, 3)]
    read = [text.replace(" ", "") for text, _ in _ocr.recognise(rows)]
    assert read == ["身份证件号码130283198111301007", "证书号码20091328462301387"]


def test_a_restoration_that_reads_worse_is_refused():
    # 15 px print smeared 7 px: the smear may be measured at the line pitch (12–13 px);
    # restored with that length the page rings and reads worse, so it is kept as it is.
    blurred = _smear(_card(15), 7, 60)
    worse = _deblur.deblur(blurred, _deblur.Smear(12.5, 70.0, 3.0, 0.2, -0.2))
    assert _deblur.legible(worse) < _deblur.legible(blurred)
    page, used = _deblur.restore(blurred)
    assert used is None and page is blurred or used is not None and abs(used.length - 7) <= 1


def test_fields_read_from_a_restored_page_are_flagged():
    smear = _deblur.Smear(8.0, 100.0, 3.0, 0.2, -0.3)
    raw = {k: RawField("x", 0.99, (0, 0, 10, 10), page) for k, page in
           (("name", 1), ("certificate_number", 1), ("id_number", 1), ("issue_date", 2))}
    values = {k: Value("x", 0.99) for k in raw}
    blank = np.full((40, 40, 3), 230, np.uint8)  # the photograph confirms nothing
    _deblur.flag_restored([Normalised(blank, blank, s) for s in (None, smear, None)], raw, values)
    flagged = {k for k, v in values.items() if any(f.code == "motion_blur" for f in v.findings)}
    assert flagged == {"name", "certificate_number"}  # the ID's check digit checks it
    finding = values["name"].findings[0]
    assert finding.blocking and finding.field == "name" and finding.evidence["rule"]
