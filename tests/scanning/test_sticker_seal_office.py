"""A seal beside a hand-written registration entry whose ring both readings spell, at their end,
as one of the booklet's offices names that office (fifth generator hand_stamp: 乌海市教育局 read
twice, 攀义本溪市教育局 twice with the seal above crossing its blank arc, were left unread)."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._seal_ring import RingName
from scanning._sticker_seal_office import named, office, whole_name
from scanning._stickers import group

FIELD = "registrations[0].authority"


def test_readings_ending_with_a_booklet_office_name_it() -> None:
    assert office(["乌海市教育局", "乌海市教育局"], ["乌海市教育局"]) == "乌海市教育局"
    assert office(["攀义本溪市教育局", "泰成本溪市教育局"], ["本溪市教育局"]) == "本溪市教育局"


def test_readings_that_do_not_all_spell_the_office_name_none() -> None:
    assert office(["乌海市教育局"], ["乌海市教育局"]) is None  # one reading only
    assert office(["乌海市教育局", "乌海市教肓局"], ["乌海市教育局"]) is None
    assert office(["某某某本溪市教育局"] * 2, ["本溪市教育局"]) is None  # three marks before it
    assert office(["乌海市教育局"] * 2, ["本溪市教育局"]) is None  # not the booklet's office


def test_an_office_other_offices_names_end_with_names_none() -> None:
    # 南京市鼓楼区教育局 and 福州市鼓楼区教育局 both end with it: a lost head decides nothing
    assert office(["鼓楼区教育局"] * 2, ["鼓楼区教育局"]) is None


def _sticker(*rows: str):
    lines = [Line(t, 0.98, (100, 100 + 40 * k, 400, 130 + 40 * k)) for k, t in enumerate(rows)]
    [s] = group(lines)
    return s


def test_an_unnamed_seal_beside_an_entry_without_office_takes_it_with_a_note() -> None:
    seal = RingName(None, ("攀义本溪市教育局", "攀义本溪市教育局"))
    got, notes = named(seal, _sticker("暂缓注册", "2019.05.18"), ["本溪市教育局"], FIELD)
    assert got is not None and got.name == "本溪市教育局"
    assert [(f.code, f.field, f.severity) for f in notes] == [("seal_authority", FIELD, "note")]


def test_a_seal_already_named_or_an_entry_printing_its_office_is_left_alone() -> None:
    sure = RingName("本溪市教育局", ("本溪市教育局", "本溪市教育局"))
    entry = _sticker("暂缓注册", "2019.05.18")
    assert named(sure, entry, ["本溪市教育局"], FIELD) == (sure, [])
    printed = _sticker("暂缓注册", "注册机关：大连市教育局", "2019.05.18")
    unread = RingName(None, ("本溪市教育局", "本溪市教育局"))
    assert named(unread, printed, ["本溪市教育局"], FIELD) == (unread, [])
    assert named(None, entry, ["本溪市教育局"], FIELD) == (None, [])


def test_a_ring_read_alike_as_the_offices_full_name_names_the_entry_by_it() -> None:
    # second generator, greyscale stamp sticker: the ring read 福州市马尾区教育局 twice, the
    # booklet prints 马尾区教育局; the entry took the booklet's shorter form, no finding on it
    seal = RingName(None, ("福州市马尾区教育局", "福州市马尾区教育局"))
    got, notes = named(seal, _sticker("暂缓注册", "2020.02.11"), ["马尾区教育局"], FIELD)
    assert got is not None and got.name == "福州市马尾区教育局"
    assert [(f.code, f.severity) for f in notes] == [("seal_authority", "note")]
    assert "福州市马尾区教育局" in notes[0].message


def test_a_longer_ring_read_that_is_no_whole_name_or_not_read_alike_keeps_the_booklets() -> None:
    full = "福州市马尾区教育局"
    assert whole_name([full, full], "马尾区教育局") == full
    assert whole_name(["州市马尾区教育局"] * 2, "马尾区教育局") is None  # no whole chain
    assert whole_name(["厦门市马尾区教育局"] * 2, "马尾区教育局") is None  # no such place
    assert whole_name(["福州市马尾区教育局", "州市马尾区教育局"], "马尾区教育局") is None
    assert whole_name(["福州市马尾区教育局"], "马尾区教育局") is None  # one reading only
    assert whole_name(["马尾区教育局"] * 2, "马尾区教育局") is None  # the same name
