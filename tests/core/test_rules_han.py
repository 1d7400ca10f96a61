"""The Han-character vocabulary every reader shares: HAN_RANGE, HAN, NOT_HAN, HAN_RUN and is_han."""

import re

from hypothesis import given
from hypothesis import strategies as st

from core.rules import HAN, HAN_RANGE, HAN_RUN, NOT_HAN, is_han


def test_is_han_takes_one_ideograph_and_nothing_else():
    assert is_han("教") and is_han("一") and is_han("\u9fff")
    assert not is_han("") and not is_han("教育")  # one character, not a text
    assert not is_han("〇") and not is_han("，") and not is_han("A") and not is_han("7")


def test_not_han_keeps_a_texts_characters_alone():
    assert NOT_HAN.sub("", "2019年6月1日 湛江市·教育局。") == "年月日湛江市教育局"


def test_han_counts_characters_and_han_run_matches_a_whole_word():
    assert len(HAN.findall("原证书遗失，予以补发")) == 9
    assert HAN_RUN.fullmatch("思想政治")
    assert not HAN_RUN.fullmatch("政治1") and not HAN_RUN.fullmatch("")


@given(st.text(max_size=12))
def test_the_three_agree_on_any_text(text):
    kept = NOT_HAN.sub("", text)
    assert kept == "".join(HAN.findall(text)) == "".join(ch for ch in text if is_han(ch))
    assert bool(HAN_RUN.fullmatch(text)) == (bool(text) and kept == text)


def test_han_range_builds_a_class_that_takes_what_is_han_takes():
    """Patterns compose ``HAN_RANGE`` into their own classes: it means what ``is_han`` means."""
    one = re.compile(f"[{HAN_RANGE}]")
    assert all(bool(one.fullmatch(chr(c))) == is_han(chr(c)) for c in range(0x3000, 0xA000))
