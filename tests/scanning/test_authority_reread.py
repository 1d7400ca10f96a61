"""A flagged issuing authority read again where its crop was cut (the row run on as far as its
print goes, the printed name boxed apart under the seal), proved by the print alone or by the
holder's division only when exactly one office fits."""

from __future__ import annotations

import random

import numpy as np
from PIL import Image, ImageDraw

from core.rules import Finding
from scanning import _authority_proof as proof
from scanning import _authority_reread as reread
from scanning import _seal_authority, _vocab
from scanning._authority_reread import Read
from scanning._fields import RawField
from scanning._ocr import Line
from scanning._places import division_places
from scanning._validate import Value
from tests.scanning._fonts import cjk_font
from tests.scanning._offices import names_and_letters

ORDOS = "鄂尔多斯市鄂托克前旗教育局"
HANSHAN = "马鞍山市含山县教育局"


def _reads(*texts: str, labelled: bool = False) -> list[Read]:
    return [Read(t, labelled, "line") for t in texts]


# -- by the print ----------------------------------------------------------------------------


def test_a_name_read_twice_with_one_character_lost_inside_is_restored():
    # 托 lost under the seal's rim: only 鄂托克前旗 holds the rest in the province (15).
    reads = _reads("鄂尔多斯市鄂克前旗教育局", "鄂尔多斯市鄂克前旗教育局", labelled=True)
    assert proof.by_print(reads, "15", lambda r, at: 6 not in at) == [ORDOS]
    # … and only when the characters stand close but there: 教育体育局 may have lost 体育.
    assert proof.by_print(reads, "15") == []


def test_a_longer_name_of_the_place_is_ruled_out_only_when_the_start_is_proved():
    # 内蒙古自治区鄂尔多斯市… also ends with it: without the label before it, the head may be lost.
    reads = _reads("鄂尔多斯市鄂克前旗教育局", "鄂尔多斯市鄂克前旗教育局")
    assert proof.by_print(reads, "15", lambda r, at: True) == []


def test_a_read_another_office_may_be_with_characters_lost_proves_nothing():
    # 鄂托克旗 is an office too, and 鄂托克前旗 holds it with one character more: only
    # characters measured too close for 前 between them prove it.
    reads = _reads("鄂尔多斯市鄂托克旗教育局", "鄂尔多斯市鄂托克旗教育局", labelled=True)
    assert proof.by_print(reads, "15", lambda r, at: False) == []
    assert proof.by_print(reads, "15", lambda r, at: True) == ["鄂尔多斯市鄂托克旗教育局"]


def test_without_the_certificate_s_province_the_print_proves_nothing():
    reads = _reads(ORDOS, ORDOS, labelled=True)
    assert proof.by_print(reads, "15", lambda r, at: True) == [ORDOS]
    assert proof.by_print(reads, None, lambda r, at: True) == []
    assert proof.by_print(reads, "34", lambda r, at: True) == []  # another province


def test_one_read_is_not_enough_and_another_office_read_as_it_is_disagrees():
    assert proof.by_print(_reads(ORDOS, labelled=True), "15", lambda r, at: True) == []
    reads = _reads(ORDOS, ORDOS, "鄂尔多斯市鄂托克旗教育局", labelled=True)
    assert proof.by_print(reads, "15", lambda r, at: True) == []


def test_characters_standing_close_rule_out_a_name_with_more_inside():
    # 马鞍山市含山县教育体育局 holds the read with 体育 more: only the characters' measured places
    # (no room for one between any two) rule it out.
    reads = _reads(HANSHAN, HANSHAN, labelled=True)
    assert proof.by_print(reads, "34", lambda r, at: True) == [HANSHAN]
    assert proof.by_print(reads, "34", lambda r, at: False) == []


# -- by the holder's division ------------------------------------------------------------------


def test_the_holder_s_division_picks_the_one_office_the_reads_leave_open():
    reads = _reads("第州市教育局", "州市教育局", "常州市教育局")
    assert proof.by_division(reads, "32", "320411") == ["常州市教育局"]


def test_the_division_never_overrules_the_print():
    reads = _reads("第州市教育局", "州市教育局", "常州市教育局")
    assert proof.by_division(reads, "32", "320311") == []  # 徐州: no read spells 徐州市教育局
    assert proof.by_division(reads, "32", "330282") == []  # a holder from another province
    assert proof.by_division(reads, "32", None) == []


def test_the_division_picks_a_place_not_an_office_s_word():
    reads = _reads("第州市教育局", "常州市教育局", "常州市教体局")
    assert proof.by_division(reads, "32", "320411") == []


def test_the_division_s_places_are_its_county_and_prefecture():
    assert division_places("320411") == {"常州市", "新北区"}
    assert division_places("32041") == frozenset()


def test_the_decoder_s_likeliest_candidate_must_be_the_division_s():
    assert _seal_authority._likeliest("常州市教育局", {"常州市教育局": 1.0, "徐州市教育局": 0.0})
    shares = {"常州市教育局": 0.4, "徐州市教育局": 0.6}
    assert not _seal_authority._likeliest("常州市教育局", shares)
    assert _seal_authority._likeliest("常州市教育局", {})


# -- rendered pages ----------------------------------------------------------------------------


def _page(rows: list[tuple[tuple[int, int], str]]) -> tuple[np.ndarray, list[Line]]:
    """A white page with each text drawn at its place (30 px), and its lines' boxes."""
    img = Image.new("RGB", (800, 1100), (250, 250, 250))
    d = ImageDraw.Draw(img)
    font = cjk_font(30)
    lines = []
    for (x, y), text in rows:
        d.text((x, y), text, font=font, fill=(20, 20, 20))
        x0, y0, x1, y1 = d.textbbox((x, y), text, font=font)
        lines.append(Line(text, 0.99, (x0 - 3, y0 - 3, x1 + 3, y1 + 3)))
    return np.asarray(img), lines


def test_a_row_cut_short_is_read_again_as_far_as_its_print_goes():
    img, lines = _page([((60, 600), "发证机关：" + ORDOS)])
    box = lines[0].box
    cut = (box[0] + 40, box[1], box[0] + 330, box[3])  # the detector's box lost both ends
    wide = reread.boxes(img, cut)[0]
    assert wide[0] <= box[0] + 4 and wide[2] >= box[2] - 4
    reads = reread.rereads(img, [wide])
    assert any(r.text == ORDOS and r.after_label for r in reads)


def test_a_box_over_two_rows_is_read_row_by_row():
    img, lines = _page([((60, 600), "发证机关"), ((60, 645), "河北省保定市教育局")])
    both = (lines[0].box[0], lines[0].box[1], lines[1].box[2], lines[1].box[3])
    got = reread.rows(img, both)
    assert len(got) == 2 and got[1][1] >= lines[0].box[3] - 4


def _settle(province: str) -> Value:
    """A signed layout: the field's box holds the label's (盖章), the name stands below it."""
    img, lines = _page([((300, 790), "认定机构：（盖章）"), ((440, 850), HANSHAN)])
    values = {
        "issuing_authority": Value("盖章", 0.0, [Finding(
            "authority_unknown", "issuing_authority", "…", "error", {"readings": ["盖章"]})]),
        "certificate_number": Value(f"2021{province}20722009231", 1.0),
    }
    raw = {"issuing_authority": RawField("盖章", 0.9, (450, 785, 560, 830), 0)}
    _seal_authority.settle(img, raw, values, lines)
    return values["issuing_authority"]


def test_the_name_printed_apart_below_the_field_completes_it():
    v = _settle("34")
    assert v.value == HANSHAN and not v.blocking
    assert [f.code for f in v.findings] == ["authority_reread"]


def test_the_name_below_the_field_of_another_province_than_the_number_s_is_left_flagged():
    v = _settle("41")
    assert v.value == "盖章" and v.blocking


def test_reads_that_lost_or_misread_characters_never_prove_a_wrong_office():
    rng = random.Random(2718)
    names, pool = names_and_letters()
    answered = 0
    for _ in range(40):
        truth = rng.choice(names)
        province = rng.choice(sorted(_vocab.authority_provinces(truth)))
        reads: list[Read] = []
        for _ in range(rng.randint(2, 4)):
            chars, op = list(truth), rng.random()
            if op < 0.4:
                del chars[rng.randrange(len(chars))]
            elif op < 0.55:
                chars = chars[rng.randint(1, 3) :]
            elif op < 0.7:
                chars[rng.randrange(len(chars))] = rng.choice(pool)
            text = "".join(chars)
            # a read after the label shows the name's first character when it was printed
            reads += [Read(text, rng.random() < 0.5 and text[:1] == truth[:1], "x")] * (
                rng.randint(1, 2))
        for got in (proof.by_print(reads, province),
                    proof.by_division(reads, province, rng.choice(_DIVISIONS))):
            if len(got) == 1:
                assert got == [truth], ([r.text for r in reads], got)
                answered += 1
    assert answered >= 5  # the rules still answer when the reads allow it


_DIVISIONS = ["320411", "330282", "152723", "420106", "440305", "510104", "610113"]
