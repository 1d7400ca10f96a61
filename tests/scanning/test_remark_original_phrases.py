"""原姓名 (the name before a correction: 原姓名有误) is a remark phrase: a line two views read
alike that a third, under a seal, garbled at those words is chosen as the two read it, proved by
the phrase. 原证 is none: 原证遗失 may be 证书遗失 with a character lost (``broken_phrase``)."""

from __future__ import annotations

import pytest

from scanning._ocr import Line
from scanning._remark_phrases import phrased
from tests.scanning._remark_lines import ln, sure
from tests.scanning._remark_lines import reread as _reread


def _blocking(monkeypatch: pytest.MonkeyPatch, lines: list[Line], third: str) -> list[str]:
    by_box = {str(x.box): [sure(x.text), sure(x.text)] for x in lines}
    by_box[str(lines[0].box)] = [sure(lines[0].text), sure(third)]
    note, found, _ = _reread(monkeypatch, by_box, lines)
    assert note["text"] == "".join(x.text for x in lines[:-1])
    return [f"{f.code} {f.field}" for f in found if f.blocking]


def test_the_original_name_is_a_phrase(monkeypatch: pytest.MonkeyPatch):
    lines = [ln("持证人姓名更正为“蒋生秋”，原姓", 110, 180, 440),
             ln("名有误", 110, 230, 90), ln("2025年1月10日", 480, 280, 200)]  # fmt: skip
    assert _blocking(monkeypatch, lines, "持证人姓名更正为“蒋生秋”安，景舞") == []


def test_the_original_certificate_shortened_stays_no_phrase(monkeypatch: pytest.MonkeyPatch):
    lines = [ln("因证书破损，准予换发新证，原证收", 110, 180, 440),
             ln("回作废", 110, 230, 90), ln("2022年8月20日", 480, 280, 200)]  # fmt: skip
    assert _blocking(monkeypatch, lines, "因证书破损，准予换发新证区原谨收") == [
        "corrected_text annotations[0].text"
    ]


def test_the_phrases_cover_only_their_words():
    assert phrased("原姓名有误")
    assert not phrased("原证收回") and not phrased("原件收回")
