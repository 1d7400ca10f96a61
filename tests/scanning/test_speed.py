"""Speed-ups that leave every reading as it was: the office vocabulary matched per distinct name
end, and a photo page's marks counted once."""

from __future__ import annotations

import math

import numpy as np
import pytest

from scanning import _candidates as cd
from scanning import _office_match as om
from scanning import _page_marks, _photo, _scan
from scanning._ocr import Reading
from tests.scanning.test_false_photo import _images


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
    om.vocabulary_fits.cache_clear()
    assert dict(om.vocabulary_fits(read)) == _fits_by_distance(read)


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


def _reference(text: str, reading: Reading, tab: cd.Table) -> float:
    """The likelihood as the rule states it, one character probability at a time."""
    if len(text) == len(reading.text):
        logp = sum(math.log(cd._char_p(reading, tab, i, c)) for i, c in enumerate(text))
    else:
        n, m, indel = len(text), len(reading.text), math.log(cd.INDEL_P)
        prev = [j * indel for j in range(m + 1)]
        for i in range(1, n + 1):
            cur = [i * indel] + [0.0] * m
            for j in range(1, m + 1):
                sub = prev[j - 1] + math.log(cd._char_p(reading, tab, j - 1, text[i - 1]))
                cur[j] = max(sub, prev[j] + indel, cur[j - 1] + indel)
            prev = cur
        logp = prev[m]
    return math.exp(logp * max(min(reading.score, 1.0), 0.3))


def test_likelihoods_with_a_shared_memo_are_those_of_the_rule() -> None:
    alts = ((("2", 0.9), ("Z", 0.05)), (("0", 0.6), ("8", 0.3), ("6", 0.05)), (("1", 0.99),),
            (("7", 0.7), ("1", 0.2)))
    reading = Reading("2017", 0.93, alts)
    tab = cd.table(reading)
    memo: cd.Rows = {}
    for text in ("2017", "2817", "2011", "Z017", "201", "20177", "9999", "2O17", "12017"):
        assert cd.likelihood(text, reading, tab=tab, rows=memo) == _reference(text, reading, tab)
