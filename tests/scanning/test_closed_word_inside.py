"""A closed field's reading (gender, qualification type) with other marks read beside its one
word (a page's bleed-through, a security print): only the word is kept, and the ID number or
the certificate number then checks it (hand-made readings, no OCR)."""

from __future__ import annotations

from stdnum.cn import ric

from scanning._decide import decode
from scanning._info import word_inside
from scanning._ocr import Reading

ID = "610822199103035836"  # order digit 3: male


def _r(text: str) -> Reading:
    return Reading(text, 0.95)


def test_one_word_among_stray_marks_is_kept_alone() -> None:
    assert word_inside("gender", _r("船主膜男")).text == "男"
    read = _r("小学教师资格册长膜宝群资种烊")
    assert word_inside("qualification_type", read).text == "小学教师资格"
    alts = tuple(((ch, 0.9),) for ch in "册主联男")
    assert word_inside("gender", Reading("册主联男", 0.9, alts)).alternatives == ((("男", 0.9),),)


def test_two_words_or_a_near_word_are_left_to_the_decoder() -> None:
    assert word_inside("gender", _r("男女")).text == "男女"
    assert word_inside("qualification_type", _r("小学教师资格初级中学教师资格")).text == (
        "小学教师资格初级中学教师资格")
    assert word_inside("qualification_type", _r("小学教师资格教")).text == "小学教师资格教"
    assert word_inside("qualification_type", _r("小学教师资格证书")).text == "小学教师资格证书"


def test_the_kept_word_is_checked_by_the_id_number() -> None:
    ok = decode({"gender": [word_inside("gender", _r("船主膜男"))] * 3,
                 "id_number": [_r(ID)] * 3, "birth_date": [_r("1991-03-03")] * 3})
    assert ok["gender"].value == "男" and not ok["gender"].blocking
    female = ID[:16] + "4"  # an even order digit, with its own check character
    female += ric.calc_check_digit(female)
    bad = decode({"gender": [word_inside("gender", _r("船主膜男"))] * 3,
                  "id_number": [_r(female)] * 3, "birth_date": [_r("1991-03-03")] * 3})
    assert bad["gender"].blocking or bad["id_number"].blocking
