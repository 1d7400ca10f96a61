"""The surname knowledge: the whole 百家姓 and the national rankings' surnames (洪, 家, 仉督 …), and
names of ethnic groups that carry no Han surname (扎西顿珠), told by their transcribed words."""

from __future__ import annotations

from scanning import _name_minority as minority
from scanning import _vocab_names as names
from tests.scanning._views import views
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import accepted, codes, flagged, run


def test_every_baijiaxing_surname_is_known() -> None:
    # 洪 (郁单杭洪), 家 (甄曲家封), 弓 (乌焦巴弓) were missing; compound 仉督, 商牟, 伯赏 too.
    for ch in "洪家弓法钦墨爱佴":
        assert ch in names.single(), ch
    for pair in ("仉督", "商牟", "伯赏", "欧阳", "第五"):
        assert pair in names.compound(), pair
    assert names.surname_length("洪建国") == 1
    assert names.surname_length("仉督明远") == 2


def test_a_three_character_name_with_a_baijiaxing_surname_is_accepted() -> None:
    out = run(name=views(sure("洪建军", {}), 3))
    assert accepted(out["name"], "洪建军")


def test_a_name_of_transcribed_words_is_split_into_them() -> None:
    assert minority.words("扎西顿珠") == ["扎西", "顿珠"]
    assert minority.words("次仁卓玛") == ["次仁", "卓玛"]
    assert minority.words("阿依古丽·买买提") == ["阿依古丽", "买买提"]
    assert minority.words("巴特尔") == ["巴特尔"]
    # Whole names as common as their words: a Mongolian name in 花, an Uyghur one and its
    # father's (阿卜杜拉 is Abdullah as most documents transcribe it).
    assert minority.words("娜仁花") == ["娜仁花"]
    assert minority.words("阿卜杜拉·吾守尔") == ["阿卜杜拉", "吾守尔"]
    # A character outside a word, or a word cut, is no transcribed name.
    assert minority.words("扎酉顿珠") == []
    assert minority.words("扎西顿") == []
    assert minority.words("褶明") == []


def test_a_minority_name_the_readings_agree_on_is_accepted_with_a_note() -> None:
    out = run(name=views(sure("扎西顿珠", {}), 3))
    assert accepted(out["name"], "扎西顿珠")
    assert "minority_name" in codes(out["name"])


def test_a_name_with_no_known_surname_and_no_transcribed_words_stays_flagged() -> None:
    out = run(name=views(sure("褶明华", {}), 3))
    assert flagged(out["name"])
    assert any(f.evidence.get("rule") == "姓氏表" for f in out["name"].findings)


def test_a_single_transcribed_word_may_have_lost_its_surname() -> None:
    # 卓玛 may be 李卓玛 whose surname the box lost: flagged as a given name alone is.
    out = run(name=views(sure("卓玛", {}), 3))
    assert flagged(out["name"])
    assert any(f.evidence.get("rule") == "漏识姓氏" for f in out["name"].findings)


def test_a_minority_name_read_differently_stays_flagged() -> None:
    out = run(name=[*views(sure("扎西顿珠", {}), 2), sure("扎酉顿珠", {})])
    assert flagged(out["name"])
