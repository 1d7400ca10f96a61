"""Speed-ups that leave every reading as it was: the office vocabulary matched per distinct name
end, and a photo page's marks counted once."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _office_match as om
from scanning import _page_marks, _photo, _scan
from tests.scanning.test_s13_false_photo import _images


def _fits_by_distance(read: str) -> dict[str, int]:
    """The vocabulary's fits as the rule states them: every name holding one of the read's two
    rarest characters whose end is within one edit of the read (no shortcut)."""
    index = om._by_char()
    rare = sorted(set(read), key=lambda ch: len(index.get(ch, ())))[:2]
    names = {n for ch in rare for n in index.get(ch, ())}
    return {n: d for n in names if (d := om.end_fit(read, n)) <= om.MAX_FIT}


READS = ("山阳县教育局", "西省教育厅", "岳麓区教育局", "讯关市汉江区教育局", "韶关市泸江区教育",
         "长沙市教育局", "湖南省长沙市岳麓区教育局")


@pytest.mark.parametrize("read", READS)
def test_vocabulary_fits_are_those_of_the_distance(read: str) -> None:
    om._vocabulary_fits.cache_clear()
    assert dict(om._vocabulary_fits(read)) == _fits_by_distance(read)


def test_a_photo_page_s_marks_are_counted_once(monkeypatch: pytest.MonkeyPatch) -> None:
    photo_img, _ = _images()
    photo = _photo.extract(photo_img)
    assert photo is not None
    calls: list[object] = []
    count = _page_marks.marks_beside

    def counted(img: np.ndarray, box: object) -> object:
        calls.append(box)
        return count(img, box)  # type: ignore[arg-type]

    monkeypatch.setattr(_page_marks, "marks_beside", counted)
    monkeypatch.setattr(_photo, "marks_beside", counted)
    page = _scan._analyse(photo_img)
    assert page.photo is not None and not page.lines
    assert len(calls) == 1
