"""A red seal's ring through a date's digit alters it alike in every view (third 0028: the
ring through the 5 of 2011年12月25日, read 23 everywhere, 5 kept at 4 % by one reading): where
the ring runs through a digit some reading doubts, and the other digit spells another date of
the year, the date goes to review. A page image with a drawn red ring; hand-built readings."""

from __future__ import annotations

import cv2
import numpy as np

from scanning import _date_ring
from scanning._fields import RawField
from scanning._ocr import Reading
from scanning._validate import Value

TEXT = "2011年12月23日"
BOX = (258, 909, 442, 940)  # 7 em: the day's last digit stands at x 403–416


def _page(centre: tuple[int, int]) -> np.ndarray:
    page = np.full((1100, 852, 3), 245, np.uint8)
    cv2.circle(page, centre, 106, (210, 40, 40), 5)  # RGB: red ink
    x, y = centre
    star = np.array([(x, y - 40), (x + 12, y - 10), (x + 40, y - 10), (x + 18, y + 8),
                     (x + 26, y + 38), (x, y + 20), (x - 26, y + 38), (x - 18, y + 8),
                     (x - 40, y - 10), (x - 12, y - 10)], np.int32)  # fmt: skip
    cv2.fillPoly(page, [star], (210, 40, 40))
    cv2.putText(page, "2011 12 23", (262, 935), cv2.FONT_HERSHEY_SIMPLEX, 0.9, (20, 20, 20), 2)
    return page


def _reading(rival: float) -> Reading:
    alts = [((ch, 1.0),) for ch in TEXT]
    alts[9] = (("3", 1.0 - rival), ("5", rival))
    return Reading(TEXT, 0.99, tuple(alts))


def _flag(page: np.ndarray, rival: float) -> Value:
    values = {"issue_date": Value("2011-12-23", 1.0, [])}
    raw = {"issue_date": RawField(TEXT, 0.99, BOX, 0)}
    readings = {"issue_date": [_reading(rival), _reading(0.0), _reading(0.0)]}
    _date_ring.flag(page, raw, readings, values)
    return values["issue_date"]


def test_ring_through_a_doubted_digit_flags_the_date() -> None:
    v = _flag(_page((312, 893)), 0.04)  # right arc at x 407–417 in the date's band
    assert v.blocking and [f.code for f in v.findings] == ["text_under_seal"]
    assert v.findings[0].evidence["doubted"] == [[TEXT, 10, "5"]]


def test_ring_elsewhere_or_no_doubt_leaves_the_date() -> None:
    assert not _flag(_page((312, 893)), 0.0).blocking  # no reading doubts the digit
    assert not _flag(_page((250, 893)), 0.04).blocking  # the ring runs through the month, not the 3


def test_rivals_keep_only_other_dates_of_the_year() -> None:
    r = _reading(0.04)
    assert _date_ring.rivals([r], "2011-12-23") == [(TEXT, 9, "5")]
    assert _date_ring.rivals([r], "2011-12-25") == []  # the reading writes another date
