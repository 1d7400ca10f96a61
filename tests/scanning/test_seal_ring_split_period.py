"""A stamp's period split over two lines (2017.09.22 / 至2022.09.21) prints no decision date:
its first line was taken as the decision date, a wrong date no rule flagged once the seal's
ring gave the authority (issue 12, session 11)."""

from __future__ import annotations

from scanning import _stickers
from scanning._ocr import Line
from scanning._sections import decode_sticker


def _stamp(*rows: str) -> list[Line]:
    return [Line(t, 0.99, (250, 200 + 40 * k, 480, 230 + 40 * k)) for k, t in enumerate(rows)]


def test_the_line_above_a_period_s_end_that_begins_it_is_its_start():
    [s] = _stickers.group(_stamp("定期注册合格", "2017.09.22", "至2022.09.21"))
    assert (s.start and s.start.value, s.end and s.end.value, s.date) == (
        "2017-09-22", "2022-09-21", None,
    )  # fmt: skip
    entry, found, _ = decode_sticker(s, 0)
    assert (entry["valid_from"], entry["date"]) == ("2017-09-22", None)
    assert any(f.code == "missing" and f.field == "registrations[0].date" for f in found)


def test_the_rule_switched_off_gives_a_wrong_unflagged_decision_date(monkeypatch):
    monkeypatch.setattr(_stickers, "_split_start", lambda s: False)
    [s] = _stickers.group(_stamp("定期注册合格", "2017.09.22", "至2022.09.21"))
    entry, found, _ = decode_sticker(s, 0)
    assert entry["date"] == "2017-09-22"  # the period's start, taken as the decision
    assert not any(f.field == "registrations[0].date" for f in found)


def test_a_decision_date_that_does_not_begin_the_period_stays_the_decision_date():
    [s] = _stickers.group(_stamp("注册合格", "有效期至2022.08.31", "2017年7月26日"))
    assert (s.start, s.date and s.date.value) == (None, "2017-07-26")
