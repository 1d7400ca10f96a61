"""The punctuation vocabulary the readers share: named subsets, full-width and half-width."""

from core.rules import (
    BRACKETS_FULL,
    BRACKETS_HALF,
    COLON_MARKS,
    COMMAS,
    EXCLAMATION_QUESTION_MARKS,
    FULL_STOPS,
    PAUSE_MARKS,
    PAUSE_MARKS_FULL,
    PAUSE_MARKS_HALF,
    QUOTES_FULL,
    QUOTES_HALF,
    SENTENCE_MARKS,
    SENTENCE_MARKS_FULL,
    SENTENCE_MARKS_HALF,
    normalize_digits,
)


def test_sentence_marks_are_the_pause_marks_the_colon_and_the_full_stop():
    assert set(SENTENCE_MARKS) == set(PAUSE_MARKS + COLON_MARKS + FULL_STOPS)
    assert set(SENTENCE_MARKS) == set("，。、；：,.;:")
    assert set(COMMAS) < set(PAUSE_MARKS) and set(PAUSE_MARKS) == set("，、；,;")


def test_full_and_half_width_subsets_part_each_set():
    pairs = ((PAUSE_MARKS_FULL, PAUSE_MARKS_HALF), (SENTENCE_MARKS_FULL, SENTENCE_MARKS_HALF),
             (QUOTES_FULL, QUOTES_HALF), (BRACKETS_FULL, BRACKETS_HALF))
    for full, half in pairs:
        assert all(not ch.isascii() for ch in full) and all(ch.isascii() for ch in half)
    assert SENTENCE_MARKS == SENTENCE_MARKS_FULL + SENTENCE_MARKS_HALF
    assert PAUSE_MARKS == PAUSE_MARKS_FULL + PAUSE_MARKS_HALF


def test_each_pair_names_a_mark_and_its_half_width_form():
    # 、 has no half-width form; the others map onto their half-width form one to one.
    bang, ask = EXCLAMATION_QUESTION_MARKS[:2], EXCLAMATION_QUESTION_MARKS[2:]
    for pair in (COMMAS, COLON_MARKS, bang, ask, BRACKETS_FULL[0] + BRACKETS_HALF[0]):
        assert normalize_digits(pair[0]) == pair[1]
    assert FULL_STOPS == "。."  # 。 is no full-width form of "." (that is ．)
