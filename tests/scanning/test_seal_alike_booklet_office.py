"""A seal's ring read garbled (a look-alike character, one lost, another seal's arc read as
marks around the name) names the booklet's office only when it clearly is that office and no
other the vocabulary knows (fifth generator hand_stamp: 昆明市禄劝舞族苗族自清县教育局 twice,
清北藏族自冶州海晏县教育局 twice were left unread)."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._seal_alike import office, stretch
from scanning._seal_ring import RingName
from scanning._sticker_seal_office import named
from scanning._stickers import group

KUNMING = "昆明市禄劝彝族苗族自治县教育局"
HAIYAN = "海北藏族自治州海晏县教育局"


def test_a_stretch_charges_only_the_name_and_tells_look_alikes() -> None:
    got = stretch("曾翼藝袋昆明市禄劝舞族苗族自清县教育局", KUNMING)
    assert (got.edits, got.unlike, got.start, got.end) == (2, 0, 4, 19)
    lost = stretch("夹江县教局", "夹江县教育局")
    assert (lost.edits, lost.unlike) == (1, 1)


def test_readings_garbled_by_look_alikes_name_the_booklet_office() -> None:
    reads = ["昆明市禄劝舞族苗族自清县教育局"] * 2
    assert office(reads, [KUNMING]) == KUNMING
    marks = ["曾翼藝袋昆明市祿劝舞族苗族自治县教育局", "昆明市祿劝舞族苗族自治县教育廣自導思發"]
    assert office(marks, [KUNMING]) == KUNMING
    assert office(["清北藏族自冶州海晏县教育局"] * 2, [HAIYAN, "西宁市教育局"]) == HAIYAN


def test_readings_another_office_fits_as_well_name_none() -> None:
    # 商丘市教育局 fits 商市教育局 as well as the booklet's 商洛市教育局
    assert office(["商市教育局"] * 2, ["商洛市教育局"]) is None
    # 夹江县教体局 fits 夹江县教局 as well as the booklet's 夹江县教育局
    assert office(["夹江县教局"] * 2, ["夹江县教育局"], (250.0, 250.0)) is None


def test_readings_too_far_from_the_office_or_too_few_name_none() -> None:
    assert office(["热沂市跟阳县教育体育品"] * 2, ["临沂市蒙阴县教育体育局"]) is None
    assert office(["昆明市禄劝舞族苗族自清县教育局"], [KUNMING]) is None  # one reading
    assert office(["昆明市寻甸回族彝族自治县教育局"] * 2, [KUNMING]) is None  # another county
    assert office(["昆明市禄劝彝族苗族自治县教育体育局"] * 2, [KUNMING]) is None  # its 教育体育局


def test_an_office_a_longer_name_may_end_with_needs_the_whole_arc() -> None:
    reads = ["鼓楼区教育局"] * 2  # 南京市鼓楼区 or 徐州市鼓楼区 may have lost its head unseen
    assert office(reads, ["鼓楼区教育局"]) is None  # spread unknown
    assert office(reads, ["鼓楼区教育局"], (120.0, 118.0)) is None  # spread short
    assert office(reads, ["鼓楼区教育局"], (246.0, 245.0)) == "鼓楼区教育局"
    marked = ["某鼓楼区教育局"] * 2  # marks before it: perhaps its lost head
    assert office(marked, ["鼓楼区教育局"], (246.0, 245.0)) is None


def test_an_office_only_its_own_prefecture_lengthens_needs_no_whole_arc() -> None:
    # 乐山市夹江县 is the one 夹江县: a head lost unseen names the same office
    reads = ["夹江县教育局"] * 2
    assert office(reads, ["夹江县教育局"], (120.0, 118.0)) == "夹江县教育局"
    assert office(["某夹江县教育局"] * 2, ["夹江县教育局"]) == "夹江县教育局"


def test_an_unnamed_seal_garbled_takes_the_booklet_office_with_a_note() -> None:
    lines = [Line(t, 0.98, (100, 100 + 40 * k, 400, 130 + 40 * k))
             for k, t in enumerate(("注册合格", "2019年9月1日至2024年8月31日"))]  # fmt: skip
    [s] = group(lines)
    seal = RingName(None, ("昆明市禄劝舞族苗族自清县教育局",) * 2, spreads=(250.0, 250.0))
    got, notes = named(seal, s, [KUNMING], "registrations[0].authority")
    assert got is not None and got.name == KUNMING
    assert [(f.code, f.severity) for f in notes] == [("seal_authority", "note")]
