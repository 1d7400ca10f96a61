"""The dot that parts a transliterated name (热依拉·艾力) is sure when the recogniser split it
among dot forms only (· 67 %, ・ 33 %): a name holds no other dot. A Han rival it offered there
stays a doubt."""

from __future__ import annotations

from scanning import _name_evidence as evidence
from scanning._ocr import Reading

NAME = "热依拉·艾力"


def _reading(dot: tuple[tuple[str, float], ...]) -> Reading:
    sure = tuple(((ch, 0.999),) for ch in NAME)
    return Reading(NAME, 0.9, (*sure[:3], dot, *sure[4:]))


def test_a_dot_split_among_dot_forms_is_no_doubt() -> None:
    readings = [_reading((("·", 0.855), ("・", 0.141), ("•", 0.003))),
                _reading((("·", 0.671), ("・", 0.327), ("•", 0.002)))]
    assert evidence.doubted(NAME, readings) == []


def test_a_han_rival_offered_for_the_dot_stays_a_doubt() -> None:
    readings = [_reading((("·", 0.70), ("一", 0.28)))] * 2
    assert evidence.doubted(NAME, readings) == [3]
