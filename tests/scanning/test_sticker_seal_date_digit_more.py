"""A decision date under a seal that a view with the seal pushed back reads with a digit more or
one digit other.

Fourth generator 0001_gray: 2024年2月26日 under the lettering of a grey seal read 2024年2月2日 —
a real date, before the period, agreed by the second reading — and was accepted wrong. The
views that push the seal back read 2024年2月20日 and 2024年2月26日: a digit the first reading lost.
Fifth generator (s27) 0004_scan: 2021.09.06 under a red seal read 2021.09.08 by both readings
of the red-dropped page; the darkest-ink view reads 2021.09.06.
Fifth generator (s30) 0020_open: 2024年3月25日 under a red seal, the entry's period from
2024-09-01 and the entry above decided 2023-05-21, re-read 2021年3月25日 — a date the page's
rules leave no room for — and sent a right booklet to review.
"""

from __future__ import annotations

import numpy as np
import pytest

from scanning import _sticker_seal_date
from scanning._datescan import find_dates
from scanning._layout import Row
from scanning._ocr import Line
from scanning._seal_shape import Ring
from scanning._stickers import group

_ROWS = [
    ("经审核，定期注册合格。", (123, 511, 396, 541)),
    ("有效期自2024年6月11日至", (122, 554, 460, 590)),
    ("2029年6月10日止。", (124, 601, 368, 632)),
    ("2024年2月2日", (497, 662, 687, 697)),
]
_SEAL = Ring(573.0, 666.0, 98.5)


@pytest.mark.parametrize(
    ("texts", "seen"),
    [
        (["2024年2月2日", "2024年2月26日"], "2024年2月26日"),  # a digit the first read lost
        (["2024年2月20日"], "2024年2月20日"),  # whichever digit: the first lost one
        (["2024年2月2日", "2021年2126日"], None),  # no real date read otherwise
        (["2024年3月2日"], "2024年3月2日"),  # one digit read otherwise (20 / 21 under red)
        (["2024年12月26日"], None),  # two digits more: another line's date, not this one
        (["2025年3月2日"], None),  # two digits other
    ],
)
def test_a_view_with_one_digit_more(texts, seen):
    assert _sticker_seal_date.digit_more("2024年2月2日", "2024-02-02", texts) == seen


def _found(monkeypatch, texts: list[str], rings: list[Ring], rules=None, rows=_ROWS):
    views = [("line", t) for t in texts]
    monkeypatch.setattr(_sticker_seal_date, "reads", lambda image, box: views)
    (s,) = group([Line(t, 0.99, box) for t, box in rows])
    assert s.date is not None and s.date.value == "2024-02-02"
    image = np.zeros((1, 1, 3), np.uint8)
    return _sticker_seal_date.lost_digit(s, 1, rings, image, [], rules)


def test_the_date_is_flagged_when_a_view_reads_a_digit_more(monkeypatch):
    (got,) = _found(monkeypatch, ["2024年2月20日", "2024年2月26日"], [_SEAL])
    assert (got.code, got.field, got.blocking) == ("text_under_seal", "registrations[1].date", True)


def test_views_that_read_the_same_date_leave_it(monkeypatch):
    assert _found(monkeypatch, ["2024年2月2日", "2024年2月2日"], [_SEAL]) == []


def test_a_date_no_seal_crosses_is_not_reread(monkeypatch):
    far = Ring(200.0, 300.0, 60.0)
    assert _found(monkeypatch, ["2024年2月26日"], [far]) == []


_TODAY = "2026-12-07"


@pytest.mark.parametrize(
    ("seen", "above", "flagged"),
    [
        ("2021年2月2日", None, True),  # no rules given: the view's digit is doubt
        ("2024年2月26日", (None, None), True),  # a decision the rules allow: doubt
        ("2021年2月2日", (None, None), False),  # 2021: too early to grant a 2024 period
        ("2024年1月2日", ("2024-01-01", None), True),  # after the entry above's decision
        ("2024年1月2日", ("2024-01-10", None), False),  # before it: entries keep their order
        ("2024年2月20日", (None, "2024-02-10"), False),  # after the entry below's decision
    ],
)
def test_a_view_the_registration_rules_rule_out_is_no_doubt(monkeypatch, seen, above, flagged):
    rules = None if above is None else (above, _TODAY)
    got = _found(monkeypatch, [seen], [_SEAL], rules)
    assert bool(got) is flagged


def test_a_view_ruled_out_still_flags_a_first_reading_the_rules_rule_out_too(monkeypatch):
    # the first reading (2024-02-02) stands before the entry above's decision as well
    assert _found(monkeypatch, ["2021年2月2日"], [_SEAL], (("2024-03-01", None), _TODAY))



_RULED = [
    ("经审核，定期注册合格。", (123, 511, 396, 541)),
    ("有效期自2014年11月2日至", (122, 554, 460, 590)),
    ("2019年11月1日止。", (124, 601, 368, 632)),
    ("2014.10.27", (497, 662, 687, 697)),
]


def _lost(monkeypatch, first: str, texts: list[str]):
    """Entry 0 of _RULED, its date read ``first`` (the grouping keeps the row where it is)."""
    views = [("line", t) for t in texts]
    monkeypatch.setattr(_sticker_seal_date, "reads", lambda image, box: views)
    (s,) = group([Line(t, 0.99, box) for t, box in _RULED])
    s.date = find_dates(first)[0].read
    s.rows[-1] = Row((Line(first, 0.99, _RULED[-1][1]),))
    image = np.zeros((1, 1, 3), np.uint8)
    found = _sticker_seal_date.lost_digit(s, 0, [_SEAL], image, [], ((None, None), _TODAY))
    return found, _sticker_seal_date.settled_date(found, "registrations[0].date")[0]


def test_a_view_the_rules_allow_settles_a_first_reading_they_rule_out(monkeypatch):
    # Fifth generator (f30) 0006_cam: 2014.10.27 under a seal read 2011.10.27, three years
    # before the period it grants; the seal-pushed-back view reads 201410.27.
    found, fit = _lost(monkeypatch, "2011.10.27", ["201410.27"])
    assert fit == "2014-10-27"
    assert [(f.code, f.blocking) for f in found] == [("text_under_seal", True)]


def test_a_view_the_rules_rule_out_too_settles_nothing(monkeypatch):
    found, fit = _lost(monkeypatch, "2011.10.27", ["2012.10.27"])  # no decision for 2014 either
    assert fit is None and found  # still flagged, the first reading kept


def test_a_first_reading_the_rules_allow_is_only_doubted(monkeypatch):
    found, fit = _lost(monkeypatch, "2014.10.27", ["2014.10.28"])
    assert found and fit is None


def test_the_rules_doubt_of_the_first_reading_gives_way_to_the_view(monkeypatch):
    from core.rules import Finding

    views = [("line", "201410.27")]
    monkeypatch.setattr(_sticker_seal_date, "reads", lambda image, box: views)
    (s,) = group([Line(t, 0.99, box) for t, box in _RULED])
    s.date = find_dates("2011.10.27")[0].read
    s.rows[-1] = Row((Line("2011.10.27", 0.99, _RULED[-1][1]),))
    field = "registrations[0].date"
    doubt = Finding(_sticker_seal_date.APART, field, "2011-10-27 …", "warning")
    found = [doubt, *_sticker_seal_date.lost_digit(
        s, 0, [_SEAL], np.zeros((1, 1, 3), np.uint8), [doubt], ((None, None), _TODAY))]
    fit, kept = _sticker_seal_date.settled_date(found, field)
    assert fit == "2014-10-27" and [f.code for f in kept] == ["text_under_seal"]
