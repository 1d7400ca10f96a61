"""An authority read whose last character is a misread of its suffix's last (自贡市教育员 for
自贡市教育局) is also the name of a longer suffix with characters lost (自贡市教育委员会): the
two explanations leave it flagged, never restored to the longer one without review."""

from __future__ import annotations

from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning.test_decode import accepted, flagged, run

CERT = "20155103141100123"  # 2015, 四川 51


def _authority(*texts: str) -> Value:
    reads = [Reading(t, 0.97 - 0.01 * i) for i, t in enumerate(texts)]
    return run(issuing_authority=reads, certificate_number=CERT)["issuing_authority"]


def test_a_foreign_last_character_leaves_the_suffix_open() -> None:
    v = _authority("自贡市教育员", "自贡市教育员")
    assert flagged(v) and v.value != "自贡市教育委员会"


def test_a_read_that_holds_the_longer_suffix_s_characters_is_still_restored() -> None:
    assert accepted(_authority("自贡市教育委员", "自贡市教育委员"), "自贡市教育委员会")
