"""A date stamp's ring read short of an office the booklet holds (重庆市教育委 three times: 员会
lost at the ring's end; 重庆市教育委员会 the booklet's issuing authority, and read whole on the
first entry's stamp) is not snapped to another office the vocabulary puts one character away
(四川省重庆市教育局): the two are shown and a person decides. Before, the snapped office was
taken with a note and the booklet accepted."""

from __future__ import annotations

from scanning import _date_stamp
from scanning._date_stamp import RingRead
from scanning._datescan import DateRead
from scanning._layout import Row
from scanning._ocr import Line
from scanning._seal_shape import Ring
from scanning._stickers import Piece, Sticker

CHONGQING = "重庆市教育委员会"


def _named(monkeypatch, reads: tuple[str, ...], sure: list[str]):
    ring = RingRead(Ring(300.0, 200.0, 80.0), reads)
    monkeypatch.setattr(_date_stamp, "read_ring", lambda image, box: ring)
    row = Row([Line("2024.08.28", 0.99, (260, 185, 340, 215))])
    s = Sticker(rows=[row], conclusion=Piece("conclusion", "注册合格", 0),
                date=DateRead("2024.08.28", "2024-08-28"))  # fmt: skip
    return _date_stamp.named(None, s, [CHONGQING], "registrations[1].authority", sure)  # type: ignore[arg-type]


def test_a_ring_read_short_of_the_booklets_office_is_not_snapped_to_another(monkeypatch):
    for sure in ([CHONGQING], []):  # another entry holds it for sure, or the booklet alone
        got, found = _named(monkeypatch, ("重庆市教育委",) * 3, sure)
        assert got.authority is None or got.authority.text == CHONGQING
        assert any(f.blocking for f in found)


def test_a_ring_read_whole_keeps_its_office(monkeypatch):
    got, found = _named(monkeypatch, (CHONGQING,) * 3, [CHONGQING])
    assert got.authority is not None and got.authority.text == CHONGQING
    assert not any(f.blocking for f in found)


def test_what_is_left_of_an_office_is_its_characters_in_order():
    assert _date_stamp._sure_within(["重庆市教育委"], "四川省重庆市教育局", [CHONGQING]) == [
        CHONGQING
    ]
    assert _date_stamp._sure_within(["重庆市教育局"], "四川省重庆市教育局", [CHONGQING]) == []
    assert _date_stamp._sure_within(["重庆市教育委"], CHONGQING, [CHONGQING]) == []


def test_a_ring_read_whole_as_another_office_is_that_office(monkeypatch):
    # 长沙市教育局 is spelt within 长沙市岳麓区教育局 too, but read whole it is its own office
    ring = RingRead(Ring(300.0, 200.0, 80.0), ("长沙市教育局",) * 3)
    monkeypatch.setattr(_date_stamp, "read_ring", lambda image, box: ring)
    row = Row([Line("2024.08.28", 0.99, (260, 185, 340, 215))])
    s = Sticker(rows=[row], conclusion=Piece("conclusion", "注册合格", 0),
                date=DateRead("2024.08.28", "2024-08-28"))  # fmt: skip
    got, found = _date_stamp.named(None, s, ["长沙市教育局"], "registrations[1].authority",  # type: ignore[arg-type]
                                   ["长沙市岳麓区教育局"])  # fmt: skip
    assert got.authority is not None and got.authority.text == "长沙市教育局"
    assert not any(f.blocking for f in found)
