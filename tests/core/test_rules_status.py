"""Qualification status: revocation, forfeiture, reinstatement, replacement, void."""

from dataclasses import dataclass
from datetime import date

import pytest

from core.errors import Conflict, InvalidInput
from core.rules import (
    REAPPLICATION_BAR_YEARS,
    QualificationStatus,
    StatusEventKind,
    StatusFact,
    StatusResult,
    qualification_status,
)

K = StatusEventKind
AT = date(2030, 1, 1)


@dataclass(frozen=True)
class Event:
    kind: StatusEventKind | str
    effective_date: date
    replaced_by: str | None = None


def test_event_satisfies_protocol():
    event: StatusFact = Event(K.VOID, date(2020, 1, 1))
    assert event.replaced_by is None


def test_labels():
    assert [k.label() for k in K] == ["撤销", "丧失", "恢复（原决定被撤销）", "换发", "作废"]
    assert [k.zh for k in K] == [k.label("zh") for k in K]


def test_no_events_is_valid():
    assert qualification_status([], AT) == StatusResult(QualificationStatus.VALID, None, None, None)


def test_revocation_bars_reapplication_for_five_years():
    assert REAPPLICATION_BAR_YEARS == 5
    result = qualification_status([Event(K.REVOCATION, date(2021, 3, 15))], AT)
    assert result == StatusResult(
        QualificationStatus.REVOKED, date(2021, 3, 15), date(2026, 3, 15), None
    )
    leap = qualification_status([Event("revocation", date(2020, 2, 29))], AT)
    assert leap.reapply_after == date(2025, 2, 28)


def test_forfeiture_is_permanent():
    result = qualification_status([Event(K.FORFEITURE, date(2021, 3, 15))], AT)
    assert result == StatusResult(QualificationStatus.FORFEITED, date(2021, 3, 15), None, None)


def test_reinstatement_restores_validity():
    events = [Event(K.FORFEITURE, date(2021, 1, 1)), Event(K.REINSTATEMENT, date(2021, 6, 1))]
    assert qualification_status(events, AT) == StatusResult(
        QualificationStatus.VALID, date(2021, 6, 1), None, None
    )
    assert qualification_status(events, date(2021, 5, 31)).status is QualificationStatus.FORFEITED
    revoked = [Event(K.REVOCATION, date(2021, 1, 1)), Event(K.REINSTATEMENT, date(2021, 6, 1))]
    assert qualification_status(revoked, AT).reapply_after is None


def test_replacement_and_void():
    replaced = qualification_status(
        [Event(K.REPLACEMENT, date(2022, 1, 1), "20224201142000001")], AT
    )
    assert replaced == StatusResult(
        QualificationStatus.REPLACED, date(2022, 1, 1), None, "20224201142000001"
    )
    void = qualification_status([Event("void", date(2022, 1, 1))], AT)
    assert (void.status, void.since) == (QualificationStatus.VOID, date(2022, 1, 1))


def test_events_apply_in_date_order_and_future_ones_are_ignored():
    events = [Event(K.REINSTATEMENT, date(2023, 1, 1)), Event(K.REVOCATION, date(2021, 1, 1))]
    assert qualification_status(events, AT).status is QualificationStatus.VALID
    assert qualification_status(events, date(2022, 12, 31)).status is QualificationStatus.REVOKED
    assert qualification_status(events, date(2020, 12, 31)).status is QualificationStatus.VALID


@pytest.mark.parametrize("kind", [K.REVOCATION, K.FORFEITURE, K.REPLACEMENT, K.VOID])
def test_nothing_but_reinstatement_may_follow_forfeiture(kind):
    events = [Event(K.FORFEITURE, date(2021, 1, 1)), Event(kind, date(2022, 1, 1))]
    with pytest.raises(Conflict) as caught:
        qualification_status(events, AT)
    assert caught.value.code == "forfeiture_is_final"
    assert qualification_status(events, date(2021, 12, 31)).status is QualificationStatus.FORFEITED


def test_unknown_event_kind_raises():
    with pytest.raises(InvalidInput) as caught:
        qualification_status([Event("suspension", date(2021, 1, 1))], AT)
    assert caught.value.rule == "unknown_status_event"
