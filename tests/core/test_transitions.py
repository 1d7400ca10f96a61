"""The two transition functions: qualification status (transition) and registration (register).

Each is tested twice: a matrix generated from the enums × events against the table, and a few
expectations written out by hand, so that a wrong table fails even though the matrix follows it.
"""

from datetime import date
from itertools import product

import pytest

from core.errors import Conflict, InvalidInput
from core.rules import (
    TRANSITIONS,
    RegistrationDecision,
    StatusChange,
    register,
    registration_period,
    require_in_force,
    transition,
)
from core.states import (
    QualificationStatus,
    RegistrationConclusion,
    RegistrationState,
    StatusEventKind,
)

S, E = QualificationStatus, StatusEventKind
C, R = RegistrationConclusion, RegistrationState
DAY = date(2026, 3, 2)


# ---- qualification status -------------------------------------------------------------------

@pytest.mark.parametrize(("current", "kind"), list(product(S, E)))
def test_matrix_follows_the_table(current: S, kind: E) -> None:
    change = StatusChange(kind, DAY, "20264101142000001" if kind is E.REPLACEMENT else None)
    expected = TRANSITIONS.get((current, kind))
    if expected is None:
        with pytest.raises(Conflict) as refused:
            transition(current, change)
        final = current is S.FORFEITED
        assert refused.value.code == ("forfeiture_is_final" if final
                                      else f"certificate_{current.value}")
        assert kind.zh in refused.value.message  # says what was refused, in Chinese
        return
    result = transition(current, change)
    assert (result.status, result.since) == (expected, DAY)
    assert (result.reapply_after is not None) == (kind is E.REVOCATION)
    assert (result.replaced_by is not None) == (expected is S.REPLACED)


ALLOWED = {  # written out by hand: the table must say exactly this
    (S.VALID, E.REVOCATION): S.REVOKED,
    (S.VALID, E.FORFEITURE): S.FORFEITED,
    (S.VALID, E.REPLACEMENT): S.REPLACED,
    (S.VALID, E.VOID): S.VOID,
    (S.REVOKED, E.FORFEITURE): S.FORFEITED,
    (S.REVOKED, E.REINSTATEMENT): S.VALID,
    (S.FORFEITED, E.REINSTATEMENT): S.VALID,
}


def test_table_is_the_pinned_one() -> None:
    assert dict(TRANSITIONS) == ALLOWED


@pytest.mark.parametrize("kind", [E.REVOCATION, E.FORFEITURE, E.REPLACEMENT, E.VOID])
def test_forfeiture_is_final(kind: E) -> None:
    with pytest.raises(Conflict) as refused:
        transition(S.FORFEITED, StatusChange(kind, DAY))
    assert refused.value.code == "forfeiture_is_final"
    assert "丧失是永久的" in refused.value.message


def test_pinned_expectations() -> None:
    revoked = transition(S.VALID, StatusChange(E.REVOCATION, date(2021, 3, 15)))
    assert (revoked.status, revoked.reapply_after) == (S.REVOKED, date(2026, 3, 15))
    assert transition(revoked, StatusChange(E.REINSTATEMENT, DAY)).status is S.VALID
    assert transition(S.FORFEITED, StatusChange(E.REINSTATEMENT, DAY)).status is S.VALID
    replaced = transition(S.VALID, StatusChange(E.REPLACEMENT, DAY, "20264101142000001"))
    assert replaced.replaced_by == "20264101142000001"
    for current in (S.REPLACED, S.VOID):  # a replaced or void certificate no longer changes
        for kind in E:
            with pytest.raises(Conflict):
                transition(current, StatusChange(kind, DAY))
    with pytest.raises(Conflict) as twice:
        transition(S.REVOKED, StatusChange(E.REVOCATION, DAY))
    assert twice.value.code == "certificate_revoked"
    with pytest.raises(Conflict) as nothing:
        transition(S.VALID, StatusChange(E.REINSTATEMENT, DAY))
    assert nothing.value.code == "certificate_valid"


def test_stored_strings_are_accepted() -> None:
    assert transition("revoked", StatusChange(E.REINSTATEMENT, DAY)).status is S.VALID  # type: ignore[arg-type]


@pytest.mark.parametrize("current", list(S))
def test_in_force_only_when_valid(current: S) -> None:
    if current is S.VALID:
        require_in_force(current, "补发")
        return
    with pytest.raises(Conflict) as refused:
        require_in_force(current.value, "补发")
    assert refused.value.code == f"certificate_{current.value}"  # not an event: never "final"


# ---- registration ---------------------------------------------------------------------------

def _qualified(decided: date, start: date | None = None) -> RegistrationDecision:
    return RegistrationDecision(C.QUALIFIED, decided, *registration_period(start or decided))


#: A history that puts the holder in each registration state on DAY (decided before it).
HISTORIES: dict[R, list[RegistrationDecision]] = {
    R.NONE: [],
    R.REGISTERED: [_qualified(date(2022, 9, 1))],
    R.LAPSED: [_qualified(date(2019, 9, 1), date(2019, 9, 1))],
    R.DEFERRED: [RegistrationDecision(C.DEFERRED, date(2025, 9, 1))],
    R.FAILED: [RegistrationDecision(C.FAILED, date(2025, 9, 1))],
}
#: The state a conclusion leads to when it is taken on DAY with its period starting then.
AFTER = {C.QUALIFIED: R.REGISTERED, C.DEFERRED: R.DEFERRED, C.FAILED: R.FAILED}


def _decision(conclusion: C, day: date = DAY) -> RegistrationDecision:
    return RegistrationDecision(conclusion, day)


@pytest.mark.parametrize(("state", "conclusion"), list(product(R, C)))
def test_registration_matrix(state: R, conclusion: C) -> None:
    from core.rules import registration_state

    history = HISTORIES[state]
    assert registration_state(history, DAY).state is state
    if state is R.REGISTERED and conclusion is C.QUALIFIED:  # a period already runs
        with pytest.raises(Conflict) as refused:
            register(history, _decision(conclusion))
        assert refused.value.code == "registration_overlap"
        return
    accepted = register(history, _decision(conclusion))
    assert accepted.status.state is AFTER[conclusion]
    assert accepted.status.decided_on == DAY
    has_period = accepted.decision.valid_until is not None
    assert has_period == (conclusion is C.QUALIFIED)


@pytest.mark.parametrize(("first", "second"), [(a, b) for a, b in product(C, C) if a is not b])
def test_contradictory_conclusions_on_one_date_are_refused(first: C, second: C) -> None:
    history = [register([], _decision(first)).decision]
    with pytest.raises(Conflict) as refused:
        register(history, _decision(second))
    assert refused.value.code == "registration_contradiction"
    assert first.zh in refused.value.message and second.zh in refused.value.message
    assert register(history, _decision(second, date(2026, 3, 3))).status.state is AFTER[second]


def test_registered_then_deferred_on_the_same_date_is_refused() -> None:
    # the case that once stored both rows and kept the verifier saying "registered"
    history = [_qualified(DAY)]
    with pytest.raises(Conflict):
        register(history, _decision(C.DEFERRED))


@pytest.mark.parametrize("status", [s for s in S if s is not S.VALID])
def test_registration_needs_a_qualification_in_force(status: S) -> None:
    with pytest.raises(Conflict) as refused:
        register([], _decision(C.DEFERRED), qualification=status)
    assert refused.value.code == f"certificate_{status.value}"
    assert "定期注册" in refused.value.message


def test_registration_period_rules() -> None:
    filled = register([], _decision(C.QUALIFIED)).decision
    assert (filled.valid_from, filled.valid_until) == registration_period(DAY)
    later = register([], RegistrationDecision(C.QUALIFIED, DAY, date(2026, 9, 1))).decision
    assert later.valid_from == date(2026, 9, 1)
    rules = []
    for bad in (RegistrationDecision(C.DEFERRED, DAY, DAY),
                RegistrationDecision(C.QUALIFIED, DAY, DAY, DAY),
                RegistrationDecision(C.QUALIFIED, DAY, DAY, date(2031, 3, 2))):
        with pytest.raises(InvalidInput) as refused:
            register([], bad)
        rules.append(refused.value.rule)
    assert rules == ["registration_period_not_allowed", "registration_period_order",
                     "registration_period_too_long"]
