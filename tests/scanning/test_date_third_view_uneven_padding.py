"""A third view that pads a date's month and day unevenly (2014.05.1) lost a digit too: it
confirms no date, and the one whole reading is shown, flagged (fifth 0035: 2014.05.17 read
2014.05.1 by two re-reads and the third view; the decoder took the day for 01 and the third
view confirmed it). Hand-built readings, no OCR."""

from __future__ import annotations

from datetime import date

from scanning._date_third import choose
from scanning._decide import decode
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning.test_decode import accepted, codes

TODAY = date(2026, 12, 5)
BOOKLET = {
    "name": "孔煜骞", "gender": "女", "birth_date": "1967.01.22",
    "id_number": "361123196701223428", "qualification_type": "初级中学教师资格",
    "subject": "英语", "certificate_number": "20143631932341227",
    "issuing_authority": "江西省教育厅", "issue_date": "2014.05.17",
}  # fmt: skip


def _sure(text: str) -> Reading:
    return Reading(text, 0.99, tuple(((c, 1.0),) for c in text))


def _decode(readings: list[Reading], third: Reading) -> tuple[dict[str, list[Reading]],
                                                               dict[str, Value]]:
    texts = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in BOOKLET.items()}
    texts["issue_date"] = readings
    view = {"issue_date": lambda: third}
    values = decode(texts, TODAY, third=view)
    choose(texts, values, view)
    return texts, values


def test_uneven_third_view_confirms_nothing() -> None:
    read = [_sure("2014.05.17"), _sure("2014.05.1"), _sure("2014.05.1")]
    _, values = _decode(read, _sure("2014.05.1"))
    v = values["issue_date"]
    assert v.blocking and "view_checked" not in codes(v)
    assert v.value == "2014-05-17"  # the one whole reading, shown flagged


def test_even_third_view_still_confirms() -> None:
    read = [_sure("2014.05.17"), _sure("2014.05.17"), _sure("2014.05.17")]
    _, values = _decode(read, _sure("2014.05.17"))
    assert accepted(values["issue_date"], "2014-05-17")
