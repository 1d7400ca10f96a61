"""A name chosen over readings of its given name alone (方力 read once, 力 twice: a lone 力 is
no name) is confirmed when the crop shows its first character right before the rest, as a
surname one reading saw is kept (``_name_lead``); a surname the crop does not show stays
flagged."""

from __future__ import annotations

import pytest

from scanning._validate import Value
from tests.scanning.test_name_lead import _settle, no_recogniser  # noqa: F401


def _whole(printed: str, monkeypatch: pytest.MonkeyPatch) -> Value:
    return _settle("方力", ["力", "力", "方力"], [("姓名", 0), ("…", 0), (printed, 0)],
                   monkeypatch, reread="方力")


def test_a_name_read_whole_once_is_confirmed_when_the_crop_shows_its_surname(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    v = _whole("方力", monkeypatch)
    assert v.value == "方力" and not v.blocking


def test_a_surname_the_crop_does_not_show_stays_flagged(monkeypatch: pytest.MonkeyPatch) -> None:
    v = _whole("力", monkeypatch)
    assert v.blocking
