"""A re-read of an issue date under a grey seal that reads its month and day as the value does
but another year (a dark-ink view that lost or bent a year digit: 21年11月7日, 2001年11月7日
for 2004-11-07) is set aside when the certificate number's year is the value's; the other
reads still have to agree and show no digit lost (no OCR: the re-reads are given)."""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _info_seal, _seal_reread
from scanning._info_seal import other_year

READS = [("plain", "颁发日期：2004年11月7日"), ("dark", "颁发日期：21年11月7日"),
         ("dark", "颁发日期：2001年11月7日"), ("line", "颁发日期：2004年11月7日")]  # fmt: skip


def test_a_read_of_another_year_only_is_no_dissent_when_the_year_is_proved() -> None:
    assert other_year("21年11月7日", "2004-11-07", "2004")
    assert other_year("2001年11月7日", "2004-11-07", "2004")
    assert not other_year("2001年11月7日", "2004-11-07", None)  # no rule gives the year
    assert not other_year("2001年11月7日", "2004-11-07", "2001")  # the rule disagrees
    assert not other_year("2004年11月17日", "2004-11-07", "2004")  # a day of its own
    assert not other_year("2001年1月7日", "2004-11-07", "2004")


@pytest.fixture
def seen(monkeypatch: pytest.MonkeyPatch) -> list[list[tuple[str, str]]]:
    got: list[list[tuple[str, str]]] = []

    def agreed(texts, value, measure=None):  # type: ignore[no-untyped-def]
        got.append(list(texts))
        return None

    monkeypatch.setattr(_seal_reread, "prove", lambda *a, **k: None)
    monkeypatch.setattr(_seal_reread, "reads", lambda image, box: READS)
    monkeypatch.setattr(_seal_reread, "agreed", agreed)
    return got


def test_the_proof_is_asked_of_the_reads_that_agree(seen: list[list[tuple[str, str]]]) -> None:
    img = np.full((60, 300, 3), 240, np.uint8)
    _info_seal._prove(img, (0, 0, 300, 60), "2004-11-07", (), "2004")
    assert seen[-1] == [READS[0], READS[3]]


def test_without_the_year_rule_every_read_is_asked(seen: list[list[tuple[str, str]]]) -> None:
    img = np.full((60, 300, 3), 240, np.uint8)
    _info_seal._prove(img, (0, 0, 300, 60), "2004-11-07", ())
    assert seen[-1] == READS
