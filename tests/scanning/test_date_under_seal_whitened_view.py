"""A date field no reading reads whole, where a red seal crosses its box, is read once more from
the page's text view (the seal's ink turned white): the red-channel re-reads keep the seal pale,
and it may still hide a numeral there (二〇一〇年 read 〇一〇年). Hand-made pages and readings;
the recogniser is stood in for."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _info, _ocr
from scanning._fields import RawField
from scanning._ocr import Reading
from scanning._pages import Role
from scanning._scan import Page
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import CERT, accepted, run

BOX = (40, 20, 280, 56)
CERT_2010 = "2010" + CERT[4:]


def _page(sealed: bool) -> Page:
    img = np.full((80, 320, 3), 255, np.uint8)
    img[30:46, 60:240] = 0  # the date's print
    if sealed:
        img[22:54, 40:70] = (220, 40, 40)  # a red seal's stroke over its first numeral
    return Page(img, _ocr.remove_red(img), [], Role.INFORMATION)


def _got(*texts: str) -> dict[str, list[Reading]]:
    return {"issue_date": [sure(t) for t in texts]}


@pytest.fixture
def reread(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    seen: list[object] = []

    def fake(pieces: list[tuple[object, object]], red: bool = True) -> list[list[Reading]]:
        seen.extend(pieces)
        return [[sure("二〇一〇年二月二十八日")] for _ in pieces]

    monkeypatch.setattr(_ocr, "readings", fake)
    return seen


def test_a_date_read_short_under_a_seal_is_read_from_the_whitened_view(reread) -> None:
    page = _page(sealed=True)
    raw = {"issue_date": RawField("〇一〇年二月二十八日", 0.99, BOX, 0)}
    out = _info.seal_whitened([page], raw, _got(*["〇一〇年二月二十八日"] * 3))
    assert [r.text for r in out["issue_date"]][-1] == "二〇一〇年二月二十八日"
    assert reread and reread[0][0] is page.clean  # type: ignore[index]


def test_no_seal_over_the_box_means_no_reread(reread) -> None:
    raw = {"issue_date": RawField("〇一〇年二月二十八日", 0.99, BOX, 0)}
    assert _info.seal_whitened([_page(sealed=False)], raw, _got("〇一〇年二月二十八日")) == {}
    assert not reread


def test_a_date_read_whole_is_not_read_again(reread) -> None:
    raw = {"issue_date": RawField("二〇一〇年二月二十八日", 0.99, BOX, 0)}
    assert _info.seal_whitened([_page(sealed=True)], raw, _got("二〇一〇年二月二十八日")) == {}
    assert not reread


def test_the_whitened_reading_with_the_short_ones_settles_the_month() -> None:
    # Alone, 〇一〇年二月二十八日 fits 二月 and 十二月 with 十 lost too: flagged ambiguous.
    short = [sure("〇一〇年二月二十八日")] * 3
    out = run(issue_date=[*short, sure("二〇一〇年二月二十八日")], certificate_number=CERT_2010)
    assert accepted(out["issue_date"], "2010-02-28")
