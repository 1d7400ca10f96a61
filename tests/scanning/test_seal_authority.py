"""The information page's issuing authority: districts named after their city (晋城市城区) and a
garbled printed name completed from the seal over it only when the two prove one office."""

from __future__ import annotations

import random

import numpy as np
import pytest
from PIL import Image, ImageDraw

from core.rules import Finding
from scanning import _seal_authority, _vocab
from scanning._fields import RawField
from scanning._seal_ring import Lettering
from scanning._validate import Value
from tests.scanning._fonts import cjk_font, seal_mask
from tests.scanning._offices import names_and_letters

WHOLE = 220.0  # degrees a seal letters a whole name over
SHORT = 140.0  # … and what is left when its first characters were not inked


def test_a_district_named_after_its_city_is_an_authority_only_after_the_city():
    assert _vocab.is_authority("晋城市城区教育局")
    assert _vocab.is_authority("山西省阳泉市矿区教育局")
    assert not _vocab.is_authority("城区教育局")  # several cities have one: names none alone
    assert not _vocab.is_authority("山西省郊区教育局")
    assert not _vocab.is_authority("晋城市市辖区教育局")  # a heading of the table, no office


def test_the_seal_completes_a_printed_name_that_lost_its_first_character():
    # 口市教育局 is supported by 海口市, 周口市 …: the seal's 海 decides.
    seal = [Lettering("市局", 90.0), Lettering("海口市教育局", WHOLE)]
    assert _seal_authority.offices(["口市教育局"], seal) == ["海口市教育局"]


def test_the_seal_and_the_print_misread_differently_and_together_show_every_character():
    seal = [Lettering("本柱星教育局", WHOLE), Lettering("天柱學教育局", WHOLE)]
    assert _seal_authority.offices(["天柱县前局", "天柱县局育局"], seal) == ["天柱县教育局"]


def test_the_certificate_number_s_province_must_agree():
    seal = [Lettering("海口市教育局", WHOLE)]
    assert _seal_authority.offices(["口市教育局"], seal, province="46") == ["海口市教育局"]
    assert _seal_authority.offices(["口市教育局"], seal, province="41") == []


def test_a_seal_that_may_have_lost_its_first_characters_completes_nothing():
    # 禅城区教育局 is also the end of 佛山市禅城区教育局: a seal reading over too short an arc
    # may be what is left of the longer name.
    printed = ["禅城区教育"]
    assert _seal_authority.offices(printed, [Lettering("禅城区教育局", SHORT)]) == []
    assert _seal_authority.offices(printed, [Lettering("禅城区教育局", WHOLE)]) == ["禅城区教育局"]


def test_a_print_read_right_after_its_label_proves_the_start_the_seal_misread():
    # 乌海市教育局 is also the end of 内蒙古自治区乌海市教育局; the ring's turned first letter
    # reads 海. A read led by the field's own label (颁发机关乌海教育局) starts with 乌: nothing
    # of a higher level's name was printed before it.
    printed = ["乌海教育局", "乌海育局"]
    seal = [Lettering("海海市教育局", WHOLE)]
    assert _seal_authority.offices(printed, seal) == []
    begun = _seal_authority.offices(printed, seal, begun=lambda e: e.startswith("乌海"))
    assert begun == ["乌海市教育局"]


def test_a_reading_that_shows_a_longer_name_s_head_keeps_the_shorter_one_out():
    seal = [Lettering("禅城区教育局", WHOLE)]
    assert _seal_authority.offices(["山禅城区教育"], seal) == []


def test_a_place_character_read_as_another_office_s_keeps_the_field_flagged():
    # The print says 二(道)江区, the seal 八道江区: both are offices; neither is proved.
    seal = [Lettering("八道江区教育体育局", WHOLE)]
    assert _seal_authority.offices(["二江区教育体育局"], seal) == []


def test_a_printed_character_the_seal_lost_is_kept():
    # 和 read in print: 教育和体育局, not the 教育体育局 the seal's reading shows.
    seal = [Lettering("怀化市教育体育局", WHOLE)]
    assert _seal_authority.offices(["化市教育和体育局"], seal) == ["怀化市教育和体育局"]


def test_a_printed_reading_that_is_another_office_as_it_is_disagrees():
    seal = [Lettering("海口市教育局", WHOLE)]
    assert len(_seal_authority.offices(["口市教育局", "周口市教育局"], seal)) != 1


def test_a_seal_stray_inside_the_place_is_no_reading_of_it():
    seal = [Lettering("宿豫福教育局", WHOLE)]
    assert _seal_authority.offices(["宿县砂局", "宿县教局"], seal) == []


def _grey_page(seal_name: str) -> np.ndarray:
    """A greyscale information page: the label, the printed 海口市教育局 and a grey seal over it
    lettering ``seal_name``."""
    img = Image.new("L", (780, 1100), 242)
    d = ImageDraw.Draw(img)
    d.text((70, 600), "发证机关", font=cjk_font(30), fill=20)
    d.text((260, 600), "海口市教育局", font=cjk_font(30), fill=20)
    r, cx, cy = 110, 420, 640
    layer = seal_mask(r, seal_name, width=8, size=0.26, span=220.0)
    c = layer.width / 2
    img.paste(110, (int(cx - c), int(cy - c)), layer)
    return np.asarray(img.convert("RGB"))


def _flagged(read: str) -> Value:
    return Value(read, 0.0, [Finding("authority_unknown", "issuing_authority", "…", "error",
                                     {"readings": [read]})])


def _settled(seal_name: str) -> Value:
    """The printed 口市教育局 (flagged) settled on a page whose grey seal letters ``seal_name``."""
    values = {"issuing_authority": _flagged("口市教育局")}
    raw = {"issuing_authority": RawField("口市教育局", 0.9, (255, 595, 460, 640), 0)}
    _seal_authority.settle(_grey_page(seal_name), raw, values)
    return values["issuing_authority"]


@pytest.mark.slow
def test_a_flagged_printed_name_is_completed_from_the_seal_over_it():
    v = _settled("海口市教育局")
    assert v.value == "海口市教育局" and not v.blocking
    assert [f.code for f in v.findings] == ["seal_authority"]


@pytest.mark.slow
def test_a_seal_of_another_office_leaves_the_field_flagged():
    v = _settled("天柱县教育局")
    assert v.value == "口市教育局" and v.blocking
    assert "seal_authority_unread" in [f.code for f in v.findings]


def test_a_name_the_table_writes_in_traditional_characters_is_known_in_both_scripts():
    assert _vocab.is_authority("香港特別行政區教育厅")  # as the table's heading writes it
    assert _vocab.is_authority("香港特别行政区教育厅")
    assert _vocab.is_authority("大兴安岭地区加格达奇区教育局")  # the table: 加格達奇區
    assert not _vocab.is_authority("香港特別行政区教育厅")  # one name, one script


def test_an_accepted_authority_in_another_script_than_its_reading_is_flagged():
    values = {"issuing_authority": Value("香港特别行政区教育厅", 1.0)}
    raw = {"issuing_authority": RawField("香港特別行政區教育厅", 0.97, (200, 700, 450, 760), 0)}
    _seal_authority.settle(np.zeros((8, 8, 3), np.uint8), raw, values)
    v = values["issuing_authority"]
    assert v.blocking and [f.code for f in v.findings] == ["authority_script"]
    assert v.findings[0].evidence["chars"] == ["别", "区"]


def test_an_accepted_authority_read_in_its_own_script_stays_accepted():
    values = {"issuing_authority": Value("香港特別行政區教育厅", 1.0)}
    raw = {"issuing_authority": RawField("香港特別行政區教育厅", 0.97, (200, 700, 450, 760), 0)}
    _seal_authority.settle(np.zeros((8, 8, 3), np.uint8), raw, values)
    assert not values["issuing_authority"].blocking


def _garbled(rng: random.Random, name: str, pool: str) -> tuple[str, bool]:
    """``name`` with up to three characters misread, lost or added, its head lost half the
    time; and whether its first character went."""
    chars, lost = list(name), False
    if rng.random() < 0.5:
        chars, lost = chars[rng.randint(1, 3) :], True
    for _ in range(rng.randint(0, 3)):
        if not chars:
            break
        i, op = rng.randrange(len(chars)), rng.random()
        if op < 0.5:
            chars[i] = rng.choice(pool)
        elif op < 0.8:
            lost = lost or i == 0
            del chars[i]
        else:
            chars.insert(i, rng.choice(pool))
    return "".join(chars), lost


def test_garbled_prints_and_seals_never_prove_a_wrong_office():
    rng = random.Random(1414)
    names, pool = names_and_letters()
    answered = 0
    for _ in range(60):
        truth = rng.choice(names)
        printed = [_garbled(rng, truth, pool)[0] for _ in range(rng.randint(1, 3))]
        seal = [Lettering(t, SHORT if lost else WHOLE)
                for t, lost in (_garbled(rng, truth, pool) for _ in range(rng.randint(1, 4)))]
        found = _seal_authority.offices(printed, seal)
        if len(found) == 1:
            assert found == [truth], (printed, seal)
            answered += 1
    assert answered >= 12  # the rules still answer when the readings allow it


def test_the_label_a_kept_reading_holds_is_no_part_of_the_name():
    # 颁发机关乌海育局 aligned as read passes its label for the head of 内蒙古自治区乌海市
    # 教育局; without the label it is what the print shows: 乌海育局.
    finding = Finding("ambiguous", "issuing_authority", "", "warning",
                      {"readings": ["颁发机关乌海育局", "乌海教育局"]})
    v = Value("乌海教育局", 0.3, [finding])
    field = RawField("乌海教育局", 0.9, (300, 600, 480, 640), 0)
    assert _seal_authority._readings(v, field) == ["乌海教育局", "乌海育局"]
