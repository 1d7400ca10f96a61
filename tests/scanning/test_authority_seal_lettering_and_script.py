"""Information-page authorities under their seal and their script (``_authority_tail``,
``_authority_script``, ``_seal_authority.offices``)."""

from __future__ import annotations

import random

import numpy as np

from scanning import _authority_tail as tail
from scanning import _seal_authority
from scanning._fields import RawField
from scanning._seal_ring import Lettering
from scanning._validate import Value
from tests.scanning._offices import names_and_letters
from tests.scanning.test_decode import codes
from tests.scanning.test_seal_authority import SHORT, WHOLE, _garbled

# --- authorities under their seal ----------------------------------------------------------

def test_the_ring_s_lettering_read_after_the_printed_name_is_cut_where_the_ring_crosses_it():
    # Bitonal: the seal's 隆 over the printed 局; its 县教 read on in the row.
    printed = ["兴隆县教有县教", "兴隆县教有谭县教", "兴隆县教有價敦"]
    seal = [Lettering("兴县教育局", WHOLE), Lettering("兴隆县教育局", WHOLE)]
    assert _seal_authority.offices(printed, seal, "13", crossed=True) == ["兴隆县教育局"]
    assert _seal_authority.offices(printed, seal, "13") == []  # no ring over the row


def test_a_tail_is_cut_only_when_the_seal_letters_it_and_only_that_leaves_nothing_beyond():
    assert tail.cut("兴隆县教育局", "兴隆县教有县教", ["兴隆县教育局"]) == "兴隆县教有县"
    assert tail.cut("兴隆县教育局", "兴隆县教有县教", ["兴县局"]) == "兴隆县教有县教"
    assert tail.cut("兴隆县教育局", "兴隆县教育局", ["兴隆县教育局"]) == "兴隆县教育局"


def test_a_character_after_a_misread_last_one_is_no_character_inside_the_name():
    # 河北省教育盾教: 厅 read 盾 and the seal's 教 after it, as well as 盾 put in before 厅-as-教.
    assert not tail.inside("河北省教育厅", "河北省教育盾教")
    seal = [Lettering("北省教育厅", 150.0), Lettering("北省教育厅场", 218.0)]
    printed = ["河北省教有改", "河北省教育盾教", "河北省教有原教"]
    found = _seal_authority.offices(printed, seal, "13")
    assert found == ["河北省教育厅"]


def test_the_seal_s_own_characters_read_among_the_print_s_name_no_other_office():
    printed = ["凤山县教局育", "凤山县教散局", "凤山县教教局育局"]
    seal = [Lettering("凤山教局育局", 186.0), Lettering("颱山學勒育局", 177.0),
            Lettering("凤山學教局育局", 181.0)]
    assert _seal_authority.offices(printed, seal, "45", crossed=True) == ["凤山县教育局"]
    assert _seal_authority.offices(printed, seal, "45") == []


def test_a_character_inside_that_the_name_lacks_still_counts():
    assert tail.inside("怀化市教育体育局", "怀化市教育和体育局", own=True)
    assert tail.inside("旅大市金州区教育局", "市金州区育体育局", own=True)  # 体育 is no duplicate
    seal = [Lettering("金州区教任育体特局", WHOLE), Lettering("旅大市金州区育体育局", WHOLE)]
    found = _seal_authority.offices(["市金州区育体育局"], seal, crossed=True)
    assert found != ["旅大市金州区教育局"]


def test_a_seal_reading_that_is_another_office_as_it_is_disagrees():
    # The print lost 教 and read 和; a seal reading spells 教育和体育局 whole.
    seal = [Lettering("昌都地区芒康县教育和体育局", WHOLE),
            Lettering("都地区芒康县教育和体育局", WHOLE),
            Lettering("昌都地区芒康县教育体育局", WHOLE)]
    assert _seal_authority.offices(["区芒康县育和体育局"], seal) != ["昌都地区芒康县教育体育局"]


def test_garbled_prints_with_ring_lettering_after_them_never_prove_a_wrong_office():
    rng = random.Random(1913)
    names, pool = names_and_letters()
    answered = 0
    for _ in range(60):
        truth = rng.choice(names)
        printed = []
        for _ in range(rng.randint(1, 3)):
            p = _garbled(rng, truth, pool)[0]
            k = rng.randint(1, 2)
            i = rng.randrange(0, max(1, len(truth) - k))
            ring = truth[i : i + k]  # the ring's lettering read on, or over the last character
            printed.append(p + ring if rng.random() < 0.5 else p[:-1] + ring)
        seal = [Lettering(t, SHORT if lost else WHOLE)
                for t, lost in (_garbled(rng, truth, pool) for _ in range(rng.randint(1, 4)))]
        found = _seal_authority.offices(printed, seal, crossed=True)
        if len(found) == 1:
            assert found == [truth], (printed, seal)
            answered += 1
    assert answered >= 12


# --- the authority's script ----------------------------------------------------------------

def _settled(value: str, read: str) -> Value:
    values = {"issuing_authority": Value(value, 1.0)}
    raw = {"issuing_authority": RawField(read, 0.97, (200, 700, 450, 760), 0)}
    _seal_authority.settle(np.zeros((8, 8, 3), np.uint8), raw, values)
    return values["issuing_authority"]


def test_a_traditional_character_read_in_the_print_writes_the_value_as_the_table_does():
    v = _settled("大兴安岭地区新林区教育局", "大兴安岭地区新林區教育局")
    assert v.value == "大兴安岭地区新林區教育局"
    assert v.blocking and codes(v) == {"authority_script"}


def test_a_name_the_table_writes_traditional_read_simplified_everywhere_is_flagged():
    # The engine read a printed 澳門特別行政區 as 澳门特别行政区, surely.
    v = _settled("澳门特别行政区教育厅", "澳门特别行政区教育厅")
    assert v.value == "澳门特别行政区教育厅"
    assert v.blocking and codes(v) == {"authority_script"}


def test_a_name_with_one_script_only_stays_accepted():
    v = _settled("大兴安岭地区漠河县教育局", "大兴安岭地区漠河县教育局")
    assert not v.blocking
