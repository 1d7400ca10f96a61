"""Periodic registration: conclusions, the 5-year period, the state on a given day."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import InvalidInput
from core.rules import (
    REGISTRATION_YEARS,
    RegistrationConclusion,
    RegistrationFact,
    RegistrationState,
    RegistrationStatus,
    parse_registration_conclusion,
    registration_period,
    registration_state,
)

Q, D, F = (
    RegistrationConclusion.QUALIFIED,
    RegistrationConclusion.DEFERRED,
    RegistrationConclusion.FAILED,
)


@dataclass(frozen=True)
class Fact:
    conclusion: RegistrationConclusion | str
    decision_date: date
    valid_from: date | None = None
    valid_until: date | None = None


def qualified(decided: date, start: date | None = None) -> Fact:
    start = start or decided
    return Fact(Q, decided, *registration_period(start))


def test_fact_satisfies_protocol():
    fact: RegistrationFact = Fact(Q, date(2020, 1, 1))
    assert fact.decision_date == date(2020, 1, 1)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("注册合格", Q),
        ("暂缓注册", D),
        ("注册不合格", F),
        (" 合格 ", Q),
        ("暂缓", D),
        ("不合格", F),
        ("qualified", Q),
        ("DEFERRED", D),
        ("failed", F),
        (Q, Q),
    ],
)
def test_parse_registration_conclusion(text, expected):
    assert parse_registration_conclusion(text) is expected


@pytest.mark.parametrize("text", ["", "注册", "通过", "ok"])
def test_parse_registration_conclusion_refuses(text):
    with pytest.raises(InvalidInput) as caught:
        parse_registration_conclusion(text)
    assert caught.value.rule == "unknown_registration_conclusion"


def test_registration_period():
    assert REGISTRATION_YEARS == 5
    assert registration_period(date(2019, 9, 1)) == (date(2019, 9, 1), date(2024, 8, 31))
    assert registration_period(date(2020, 2, 29)) == (date(2020, 2, 29), date(2025, 2, 28))
    assert registration_period(date(2024, 3, 1)) == (date(2024, 3, 1), date(2029, 2, 28))
    assert registration_period(date(2023, 3, 1)) == (date(2023, 3, 1), date(2028, 2, 29))
    assert registration_period(date(2020, 1, 1)) == (date(2020, 1, 1), date(2024, 12, 31))


@given(st.dates(min_value=date(1990, 1, 1), max_value=date(2200, 12, 31)))
def test_period_ends_the_day_before_the_fifth_anniversary(start):
    first, end = registration_period(start)
    assert first == start
    assert 1825 <= (end - start).days + 1 <= 1827  # 1825 only across 2100 (not leap)
    following = end + timedelta(days=1)
    if (start.month, start.day) == (2, 29) and following.month == 3:
        assert following == date(start.year + 5, 3, 1)
    else:
        assert following == start.replace(year=start.year + 5)


def test_no_facts_means_none():
    assert registration_state([], date(2024, 1, 1)) == RegistrationStatus(
        RegistrationState.NONE, None, None
    )


def test_registered_then_lapsed():
    fact = qualified(date(2019, 8, 20), date(2019, 9, 1))
    status = registration_state([fact], date(2024, 8, 31))
    assert status == RegistrationStatus(
        RegistrationState.REGISTERED, date(2024, 8, 31), date(2019, 8, 20)
    )
    lapsed = registration_state([fact], date(2024, 9, 1))
    assert lapsed == RegistrationStatus(
        RegistrationState.LAPSED, date(2024, 8, 31), date(2019, 8, 20)
    )


def test_deferred_and_failed_and_string_conclusions():
    at = date(2025, 1, 1)
    assert registration_state([Fact("暂缓注册", date(2024, 6, 1))], at) == RegistrationStatus(
        RegistrationState.DEFERRED, None, date(2024, 6, 1)
    )
    assert (
        registration_state([Fact("注册不合格", date(2024, 6, 1))], at).state
        is RegistrationState.FAILED
    )


def test_decisions_after_at_are_ignored():
    facts = [qualified(date(2019, 9, 1)), Fact(F, date(2022, 3, 1))]
    assert registration_state(facts, date(2022, 2, 28)).state is RegistrationState.REGISTERED
    assert registration_state(facts, date(2022, 3, 1)).state is RegistrationState.FAILED
    assert registration_state(facts, date(2019, 8, 31)).state is RegistrationState.NONE


def test_latest_decision_wins_regardless_of_order():
    facts = [Fact(D, date(2024, 6, 1)), qualified(date(2024, 9, 1)), Fact(F, date(2019, 1, 1))]
    for ordering in (facts, facts[::-1]):
        assert registration_state(ordering, date(2025, 1, 1)).state is RegistrationState.REGISTERED


def test_ties_on_decision_date_go_to_later_valid_from():
    decided = date(2024, 6, 1)
    early = qualified(decided, date(2019, 6, 1))  # ends 2024-05-31: lapsed on 2024-07-01
    late = qualified(decided, date(2024, 6, 1))
    for facts in ([early, late], [late, early]):
        status = registration_state(facts, date(2024, 7, 1))
        assert (status.state, status.valid_until) == (
            RegistrationState.REGISTERED,
            date(2029, 5, 31),
        )


def test_future_period_leaves_the_earlier_state_in_force():
    first = qualified(date(2019, 8, 1), date(2019, 9, 1))  # until 2024-08-31
    renewal = qualified(date(2024, 6, 15), date(2024, 9, 1))  # decided before it starts
    status = registration_state([first, renewal], date(2024, 7, 1))
    assert (status.valid_until, status.decided_on) == (date(2024, 8, 31), date(2019, 8, 1))
    assert registration_state([renewal], date(2024, 7, 1)).state is RegistrationState.NONE
    assert registration_state([first, renewal], date(2024, 9, 1)).valid_until == date(2029, 8, 31)


def test_missing_period_defaults_to_five_years_from_decision():
    status = registration_state([Fact(Q, date(2020, 3, 1))], date(2025, 2, 28))
    assert (status.state, status.valid_until) == (RegistrationState.REGISTERED, date(2025, 2, 28))
    assert registration_state([Fact(Q, date(2020, 3, 1))], date(2025, 3, 1)).state is (
        RegistrationState.LAPSED
    )


def test_unknown_conclusion_in_a_fact_raises():
    with pytest.raises(InvalidInput):
        registration_state([Fact("随便", date(2020, 1, 1))], date(2021, 1, 1))


@given(
    st.dates(min_value=date(2000, 1, 1), max_value=date(2030, 1, 1)),
    st.integers(min_value=-400, max_value=2500),
)
def test_qualified_state_matches_period(start, offset):
    fact = qualified(start)
    at = start + timedelta(days=offset)
    status = registration_state([fact], at)
    end = registration_period(start)[1]
    if at < start:
        assert status.state is RegistrationState.NONE
    else:
        assert status.state is (
            RegistrationState.REGISTERED if at <= end else RegistrationState.LAPSED
        )
        assert status.valid_until == end
