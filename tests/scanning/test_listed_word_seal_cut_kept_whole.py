"""A subject or qualification type read as a listed value (体育, 初级中学教师资格) that the
seal-lettering cut would leave as no value at all (体: 育 is a seal's word too; 初级中学教: 师资格
is the certifying seal's lettering) keeps its whole read; a cut that leaves a listed value
(护理 of 护理省), or one of an unlisted read, stands (``_info.untrimmed_words``)."""

from __future__ import annotations

from scanning._fields import RawField
from scanning._info import untrimmed_words

BOX = (49, 629, 294, 673)
CUT = (49, 629, 262, 673)


def _raw(text: str) -> dict[str, RawField]:
    return {"subject": RawField(text, 0.99, BOX, 1)}


def _cut(text: str) -> dict[str, RawField]:
    return {"subject": RawField(text, 0.99, CUT, 1), "name": RawField("张三", 0.99, CUT, 1)}


def test_a_listed_subject_is_not_cut_into_no_subject() -> None:
    out = untrimmed_words(_raw("体育"), _cut("体"))
    assert "subject" not in out and "name" in out


def test_a_cut_that_leaves_a_listed_subject_stands() -> None:
    assert untrimmed_words(_raw("护理省"), _cut("护理"))["subject"].text == "护理"


def test_a_listed_read_cut_into_another_listed_subject_stands() -> None:
    # 体育教育 with 教育 the seal's words: 体育 is a subject, the cut may be right.
    assert untrimmed_words(_raw("体育教育"), _cut("体育"))["subject"].text == "体育"


def test_a_listed_qualification_type_is_not_cut_into_no_type() -> None:
    raw = {"qualification_type": RawField("初级中学教师资格", 0.99, BOX, 1)}
    cut = {"qualification_type": RawField("初级中学教", 0.99, CUT, 1)}
    assert untrimmed_words(raw, cut) == {}


def test_an_unlisted_type_read_may_be_cut() -> None:
    # 小学教师资格教 (the seal's 教 after it) cut to 小学教师资格: a listed type, the cut stands.
    raw = {"qualification_type": RawField("小学教师资格教", 0.99, BOX, 1)}
    cut = {"qualification_type": RawField("小学教师资格", 0.99, CUT, 1)}
    assert untrimmed_words(raw, cut)["qualification_type"].text == "小学教师资格"
