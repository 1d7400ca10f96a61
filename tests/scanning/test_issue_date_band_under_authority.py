"""When the detector found no date line under a signature block's authority (the seal merged
it into one blot on the downscaled page), the band under the authority is re-read for it."""

from __future__ import annotations

from scanning._date_sign_band import band_under_authority, signature_band
from scanning._fields import info_fields
from tests.scanning.test_sign_date import ROWS, _page


def test_the_band_under_the_authority_is_read_again() -> None:
    raw = info_fields(_page("")[:-1], 0)
    assert "issue_date" not in raw
    band = band_under_authority(raw, 800)
    assert band is not None
    x0, y0, x1, y1 = band
    assert y0 >= 605 and 632 + 25 <= y1 <= 605 + 3 * 30  # the date's line, no further
    assert x0 <= 360 and x1 >= 560  # as wide as a written date about the authority's centre
    assert signature_band(raw, 800)["issue_date"].text == ""


def test_no_band_when_the_date_was_found_or_the_authority_is_not_at_the_foot() -> None:
    assert band_under_authority(info_fields(_page("2007年9月29日"), 0), 800) is None
    raw = info_fields(_page("")[:-1], 0)
    raw["certificate_number"] = raw["certificate_number"].__class__(
        ROWS[-1], 0.9, (60, 700, 400, 730), 0)
    assert band_under_authority(raw, 800) is None
