"""Traditional forms folded onto their simplified character (``scanning._variants``)."""

from __future__ import annotations

from scanning._candidates import clean
from scanning._ocr import Reading
from scanning._variants import fold, reading, simplified


def test_one_to_one_traditional_forms_fold() -> None:
    assert [simplified(c) for c in "學後發髮語"] == list("学后发发语")


def test_forms_with_several_simplified_characters_or_in_simplified_use_stay() -> None:
    # 乾 → 干/乾 and 著 → 着/著 are several; 后, 干, 学 are simplified characters themselves.
    assert [simplified(c) for c in "乾著后干学A1"] == list("乾著后干学A1")


def test_fold_sums_the_traditional_form_into_the_offered_simplified_one() -> None:
    read, alts = fold("學", (("學", 0.5), ("学", 0.3), ("孝", 0.2)))
    assert read == "学" and alts == (("学", 0.8), ("孝", 0.2))


def test_fold_keeps_a_traditional_form_whose_simplified_one_was_not_offered() -> None:
    assert fold("學", (("學", 0.9), ("孝", 0.1))) == ("學", (("學", 0.9), ("孝", 0.1)))


def test_reading_folds_each_position_by_its_own_alternatives() -> None:
    alts = ((("學", 0.6), ("学", 0.4)), (("學", 1.0),))
    assert reading(Reading("學學", 0.9, alts)).text == "学學"


def test_clean_reading_folds_and_keeps_alternatives_aligned() -> None:
    r = clean(Reading("王 學", 0.9, ((("王", 1.0),), ((" ", 1.0),), (("學", 0.6), ("学", 0.4)))))
    assert r.text == "王学" and r.alternatives == ((("王", 1.0),), (("学", 1.0),))
