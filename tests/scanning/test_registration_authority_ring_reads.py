"""A date stamp's ring read three times, no read naming the booklet's office twice: the reads
together decide (阳县教育局 twice and 山阳县教育局 once is 山阳县教育局 of the booklet, not one
of the many …阳县教育局; 其省平凉市教局 twice and 其肃省平凉市教育局 once is 甘肃省平凉市教育
局). Before, both entries were ``authority_ambiguous`` with the authority ``missing``."""

from __future__ import annotations

import pytest

from scanning import _date_stamp
from scanning._date_stamp import RingRead
from scanning._datescan import DateRead
from scanning._layout import Row
from scanning._ocr import Line
from scanning._office_match import together
from scanning._seal_shape import Ring
from scanning._stickers import Piece, Sticker

SHANYANG = ["山阳县教育局"]
PINGLIANG = ["甘肃省平凉市教育局"]


@pytest.mark.parametrize(
    ("reads", "offices", "office"),
    [
        (["阳县教育局", "阳县教育局", "山阳县教育局"], SHANYANG, "山阳县教育局"),
        (["其省平凉市教局", "其省平凉市教局", "其肃省平凉市教育局"], PINGLIANG, PINGLIANG[0]),
        (["西省教育厅", "山西省教育", "西省教育厅"], ["山西省教育厅"], "山西省教育厅"),
        # the first letter never read: 云阳县, 旬阳县 … fit as well
        (["阳县教育局", "阳县教育局", "阳县教育局"], SHANYANG, None),
        # a read that names another office whole
        (["阳县教育局", "阳县教育局", "云阳县教育局"], SHANYANG, None),
        # 教育局 / 教体局: the reads that lost the character cannot tell, the third names 教体局
        (["其省平凉市教局", "其省平凉市教局", "其肃省平凉市教体局"], PINGLIANG, None),
        # one read alone is no agreement; nor are reads that fit no booklet office
        (["山阳县教育局", "阳"], SHANYANG, None),
        (["阳县教育局", "阳县教育局", "山阳县教育局"], [], None),
        (["太原市教育", "太原市教育", "太原市教育"], ["山西省教育厅"], None),
    ],
)
def test_the_reads_together_name_one_booklet_office_or_none(reads, offices, office):
    assert together(reads, offices).name == office


def test_a_ring_read_short_twice_gives_the_entry_the_booklet_office(monkeypatch):
    ring = RingRead(Ring(300.0, 200.0, 80.0), ("阳县教育局", "阳县教育局", "山阳县教育局"))
    monkeypatch.setattr(_date_stamp, "read_ring", lambda image, box: ring)
    row = Row([Line("2020.03.05", 0.99, (260, 185, 340, 215))])
    s = Sticker(rows=[row], conclusion=Piece("conclusion", "注册合格", 0),
                date=DateRead("2020.03.05", "2020-03-05"))  # fmt: skip
    got, found = _date_stamp.named(None, s, SHANYANG, "registrations[0].authority")  # type: ignore[arg-type]
    assert got.authority is not None and got.authority.text == "山阳县教育局"
    assert [f.code for f in found] == ["stamp_authority"] and not found[0].blocking
