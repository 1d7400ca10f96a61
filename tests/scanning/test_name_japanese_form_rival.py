"""A form only Japanese writing uses (権 for 權, 徳 for 德), offered beside a name's character,
is no doubt about the name: a Chinese name is written in none (赵萍梅's 梅 read at 98 % with 権
at 0.8 %, weighed as a rare name character ten times over, left the name unconfirmed). A rare
Chinese name character outside GB 2312 (喆) or Big5 (赟) keeps its weight."""

from __future__ import annotations

import pytest

from scanning import _decide_doubt as doubts
from scanning import _vocab_names as names
from scanning._ocr import Reading


@pytest.mark.parametrize("ch", ["権", "徳", "曽", "桜"])
def test_a_japanese_form_is_no_name_character(ch: str) -> None:
    assert names.japanese_form(ch)
    assert names.weight("赵萍梅", 2, ch) == 0.0


@pytest.mark.parametrize("ch", ["喆", "湉", "赟", "翀", "梅", "權"])
def test_a_chinese_character_is_none(ch: str) -> None:
    assert not names.japanese_form(ch)


def test_a_rare_chinese_rival_still_weighs_as_rare() -> None:
    assert names.weight("郦明活", 2, "湉") == names.RARE_WEIGHT


def test_a_japanese_rival_leaves_the_reading_sure() -> None:
    alts = ((("赵", 1.0),), (("萍", 0.975), ("薄", 0.024)), (("梅", 0.985), ("権", 0.008)))
    reading = Reading("赵萍梅", 0.99, alts)
    assert doubts.engine_doubt("name", reading, "赵萍梅") == pytest.approx(0.024)
