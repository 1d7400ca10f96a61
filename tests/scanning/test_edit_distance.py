"""The office matcher's edit distance (rapidfuzz's) is the classic Levenshtein one, on office names
and edge cases."""

from __future__ import annotations

import random

import pytest

from scanning._office_match import edits as levenshtein


def _classic(a: str, b: str) -> int:
    """The textbook dynamic programme (one cell a step), as the reference."""
    row = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        prev, row[0] = row[0], i
        for j, cb in enumerate(b, 1):
            prev, row[j] = row[j], min(row[j] + 1, row[j - 1] + 1, prev + (ca != cb))
    return row[-1]


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [
        ("", "", 0),
        ("", "教育局", 3),
        ("教育局", "", 3),
        ("岳麓区教育局", "长沙市岳麓区教育局", 3),  # the ring shows the name's end
        ("八山东省教育厅", "山东省教育厅", 1),  # a ring mark read as a character
        ("武江市教育局", "武汉市教育局", 1),  # one look-alike
        ("教弯局", "教育局", 1),
        ("abcdef", "fedcba", 6),
    ],
)
def test_distance_of_known_pairs(a: str, b: str, distance: int):
    assert levenshtein(a, b) == distance == _classic(a, b)


def test_same_as_the_classic_table_on_random_office_like_strings():
    rng = random.Random(7)
    alphabet = "省市县区教育局厅委员会体八山东南京溧水长沙岳麓"
    for _ in range(3000):
        a = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        b = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 14)))
        assert levenshtein(a, b) == _classic(a, b), (a, b)


def test_long_strings_beyond_a_machine_word():
    a, b = "教育局" * 30, "教育厅" * 29 + "教育"
    assert levenshtein(a, b) == _classic(a, b)
