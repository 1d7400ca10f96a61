"""A longer office name that had ceased to exist before the booklet's dates is no other office
its seal may be (issue 12, fifth 0006).

The ring of 忻州市教育局's seal beside a hand-written registration entry of 2018 read
泰忻州市教育局 twice (a neighbouring seal's mark before the name); the booklet was issued by
忻州市教育局 in 2004. The name was held in doubt because the vocabulary also holds 忻州地区
忻州市, the county-level city under the prefecture 忻州地区 (1983–1999), which became today's
忻州市 in 2000: an office of the 1990s cannot have sealed a booklet of 2004. Names still in
force always count, and without a year every name counts as before."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._office_tail import other_office_ends
from scanning._place_codes import one_division
from scanning._places import chain_ends, codes_in_force
from scanning._seal_ring import RingName
from scanning._sticker_seal_office import earliest_year, named, office
from scanning._stickers import group

FIELD = "registrations[0].authority"
READS = ("泰忻州市教育局", "泰忻州市教育局")


def test_the_vocabulary_dates_each_chain_by_its_names() -> None:
    ends = chain_ends()
    assert ends["忻州地区忻州市"] == 1999  # 忻州地区 [1983-1999]
    assert ends["四川省重庆市"] == 1997
    assert ends["山西省忻州市"] == ends["忻州市"] == ends["重庆市"] > 2100  # in force today
    assert codes_in_force("磁县", 2010) == {"130427"}  # 132130 under 邯郸地区 until 1993
    assert codes_in_force("磁县", None) == {"130427", "132130"}


def test_a_chain_ceased_before_the_booklet_is_no_other_office() -> None:
    assert other_office_ends("忻州市教育局")  # no year: 忻州地区忻州市 counts
    assert other_office_ends("忻州市教育局", 1999)  # both were in force in 1999
    assert not other_office_ends("忻州市教育局", 2004)
    assert not other_office_ends("磁县教育局", 2010)
    assert one_division("磁县", ("邯郸市磁县", "邯郸地区磁县"), 2010)
    assert not one_division("磁县", ("邯郸市磁县", "邯郸地区磁县"))
    assert other_office_ends("鼓楼区教育局", 2020)  # four districts today: still in doubt


def _sticker(*rows: str):
    lines = [Line(t, 0.98, (100, 100 + 40 * k, 400, 130 + 40 * k)) for k, t in enumerate(rows)]
    [s] = group(lines)
    return s


def test_the_seal_of_a_booklet_issued_after_the_change_names_the_office() -> None:
    assert office(list(READS), ["忻州市教育局"]) is None
    assert office(list(READS), ["忻州市教育局"], 2004) == "忻州市教育局"
    entry = _sticker("合格", "2019-01-16至2024-01-15", "2018.11.29")
    got, notes = named(RingName(None, READS), entry, ["忻州市教育局"], FIELD, "2004-07-28")
    assert got is not None and got.name == "忻州市教育局"
    assert [(f.code, f.severity) for f in notes] == [("seal_authority", "note")]


def test_the_earliest_year_the_booklet_shows_decides() -> None:
    entry = _sticker("合格", "2019-01-16至2024-01-15", "2018.11.29")
    assert earliest_year("2004-07-28", entry) == 2004
    assert earliest_year(None, entry) == 2018
    assert earliest_year("1996-03-01", entry) == 1996  # issued while 忻州地区 stood
    got, _ = named(RingName(None, READS), entry, ["忻州市教育局"], FIELD, "1996-03-01")
    assert got is not None and got.name is None
