"""core.rules.advance, the one transition of a 定期注册 application: the whole (state, step)
table by hand, the stage windows, the seven-day notice, objections, the city's return, a
filed cycle, and a property test over random event sequences."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.errors import Conflict, EcertError, InvalidInput
from core.rules import (
    MOVES,
    ApplicationFacts,
    CycleWindows,
    Decision,
    Window,
    advance,
    allowed_steps,
    notice_ends,
)
from core.states import (
    ApplicationState,
    ApplicationStep,
    CycleState,
    QualificationStatus,
    RegistrationConclusion,
    RegistrationReason,
)

A, S, C = ApplicationState, ApplicationStep, RegistrationConclusion
D = date
DAY = D(2026, 11, 20)
OPEN = Window(D(2026, 1, 1), D(2026, 12, 31))
WIDE = CycleWindows(apply=OPEN, school=OPEN, county=OPEN, city=OPEN)
QUALIFIED = Decision(C.QUALIFIED)

#: the moves, written out by hand: a change to the rule must change this table too.
#: Columns and cells use the short names of _SHORT (. = refused: step_not_allowed).
TABLE = """
state  submit resub spass sret  decide publish cconf  cret  file
-      sub    .     .     .     .      .       .      .     .
sub    .      .     pass  ret   .      .       .      .     .
ret    .      sub   .     .     .      .       .      .     .
pass   .      .     .     .     dec    .       .      .     .
dec    .      .     .     .     dec    dec     conf   cret  .
cret   .      .     .     .     dec    .       .      .     .
conf   .      .     .     .     .      .       .      .     filed
filed  .      .     .     .     .      .       .      .     .
"""
_SHORT: dict[str, ApplicationState | ApplicationStep] = {
    "sub": A.SUBMITTED, "ret": A.RETURNED, "pass": A.SCHOOL_PASSED, "dec": A.DECIDED,
    "cret": A.CITY_RETURNED, "conf": A.CONFIRMED, "filed": A.FILED,
    "submit": S.SUBMIT, "resub": S.RESUBMIT, "spass": S.SCHOOL_PASS, "sret": S.SCHOOL_RETURN,
    "decide": S.DECIDE, "publish": S.PUBLISH, "cconf": S.CITY_CONFIRM, "file": S.FILE,
}


def _table() -> dict[tuple[ApplicationState | None, ApplicationStep], ApplicationState | None]:
    lines = TABLE.strip().splitlines()
    heads = lines[0].split()[1:]
    steps = [S.CITY_RETURN if h == "cret" else _SHORT[h] for h in heads]
    out: dict[tuple[ApplicationState | None, ApplicationStep], ApplicationState | None] = {}
    for line in lines[1:]:
        name, *cells = line.split()
        state = None if name == "-" else _SHORT[name]
        for step, cell in zip(steps, cells, strict=True):
            assert isinstance(step, ApplicationStep) and not isinstance(state, ApplicationStep)
            target = None if cell == "." else _SHORT[cell]
            assert not isinstance(target, ApplicationStep)
            out[(state, step)] = target
    return out


def _ready(state: ApplicationState | None) -> ApplicationFacts:
    """Facts in ``state`` that meet every guard (the notice long over, a conclusion)."""
    if state in (A.DECIDED, A.CONFIRMED, A.FILED, A.CITY_RETURNED):
        notice = D(2026, 2, 1) if state is A.DECIDED else None
        return ApplicationFacts(state=state, conclusion=C.QUALIFIED, notice_from=notice)
    return ApplicationFacts(state=state)


def test_moves_are_the_table() -> None:
    table = _table()
    assert {k: v for k, v in table.items() if v is not None} == MOVES
    assert len(table) == (len(A) + 1) * len(S)  # every pair is in the table


@pytest.mark.parametrize(("state", "step"), [(st_, sp) for st_ in [None, *A] for sp in S],
                         ids=lambda v: str(v) if v is not None else "none")
def test_every_state_and_step(state: ApplicationState | None, step: ApplicationStep) -> None:
    facts = _ready(state)
    if step is S.PUBLISH and state is A.DECIDED:
        facts = replace(facts, notice_from=None)  # publishing is for a conclusion not on notice
    expected = _table()[(state, step)]
    decision = QUALIFIED if step is S.DECIDE else None
    if expected is None:
        with pytest.raises(Conflict) as refused:
            advance(facts, step, today=DAY, windows=WIDE, decision=decision)
        assert refused.value.code == "step_not_allowed"
        assert "不能" in refused.value.message
        assert step not in allowed_steps(facts)
    else:
        assert advance(facts, step, today=DAY, windows=WIDE, decision=decision).state is expected
        assert step in allowed_steps(facts)


WINDOWS = CycleWindows(apply=Window(D(2026, 11, 1), D(2026, 11, 10)),
                       school=Window(D(2026, 11, 5), D(2026, 11, 15)),
                       county=Window(D(2026, 11, 10), D(2026, 11, 30)),
                       city=Window(D(2026, 11, 20), D(2026, 12, 20)))


@pytest.mark.parametrize(("state", "step", "inside", "outside"), [
    (None, S.SUBMIT, D(2026, 11, 10), D(2026, 11, 11)),
    (None, S.SUBMIT, D(2026, 11, 1), D(2026, 10, 31)),
    (A.RETURNED, S.RESUBMIT, D(2026, 11, 15), D(2026, 11, 16)),  # until the school's end
    (A.SUBMITTED, S.SCHOOL_PASS, D(2026, 11, 5), D(2026, 11, 4)),
    (A.SUBMITTED, S.SCHOOL_RETURN, D(2026, 11, 15), D(2026, 11, 16)),
    (A.SCHOOL_PASSED, S.DECIDE, D(2026, 11, 30), D(2026, 12, 1)),
    (A.CONFIRMED, S.FILE, D(2027, 6, 1), D(2026, 11, 19)),  # filing: from the city's start on
])
def test_windows(state: ApplicationState | None, step: ApplicationStep, inside: date,
                 outside: date) -> None:
    facts = _ready(state)
    decision = QUALIFIED if step is S.DECIDE else None
    advance(facts, step, today=inside, windows=WINDOWS, decision=decision)
    with pytest.raises(Conflict) as refused:
        advance(facts, step, today=outside, windows=WINDOWS, decision=decision)
    assert refused.value.code == "outside_window"
    assert str(outside) in refused.value.message


def test_the_notice_lasts_seven_days_and_objections_hold_it() -> None:
    decided = advance(_ready(A.SCHOOL_PASSED), S.DECIDE, today=D(2026, 11, 10), windows=WINDOWS,
                      decision=QUALIFIED)
    with pytest.raises(Conflict) as refused:
        advance(decided, S.CITY_CONFIRM, today=D(2026, 11, 25), windows=WINDOWS)
    assert refused.value.code == "not_on_notice"
    published = advance(decided, S.PUBLISH, today=D(2026, 11, 14), windows=WINDOWS)
    assert published.notice_from == D(2026, 11, 14)
    assert notice_ends(D(2026, 11, 14), 7) == D(2026, 11, 21)
    for day in (D(2026, 11, 20), D(2026, 11, 14)):  # the first day and the last one
        with pytest.raises(Conflict) as refused:
            advance(published, S.CITY_CONFIRM, today=day, windows=WIDE)
        assert refused.value.code == "notice_running"
    with pytest.raises(Conflict) as refused:
        advance(replace(published, open_objections=1), S.CITY_CONFIRM, today=D(2026, 11, 21),
                windows=WINDOWS)
    assert refused.value.code == "objection_open"
    assert advance(published, S.CITY_CONFIRM, today=D(2026, 11, 21),
                   windows=WINDOWS).state is A.CONFIRMED
    with pytest.raises(Conflict) as refused:
        advance(published, S.PUBLISH, today=D(2026, 11, 15), windows=WINDOWS)
    assert refused.value.code == "already_on_notice"


def test_a_changed_conclusion_and_a_city_return_need_a_new_notice() -> None:
    published = ApplicationFacts(state=A.DECIDED, conclusion=C.QUALIFIED,
                                 notice_from=D(2026, 11, 10))
    again = advance(published, S.DECIDE, today=D(2026, 11, 12), windows=WINDOWS,
                    decision=Decision(C.DEFERRED, RegistrationReason.TRAINING_HOURS))
    assert (again.state, again.conclusion, again.notice_from) == (A.DECIDED, C.DEFERRED, None)
    returned = advance(published, S.CITY_RETURN, today=D(2026, 11, 20), windows=WINDOWS)
    assert (returned.state, returned.notice_from) == (A.CITY_RETURNED, None)
    redecided = advance(returned, S.DECIDE, today=D(2026, 11, 21), windows=WINDOWS,
                        decision=Decision(C.FAILED, RegistrationReason.ETHICS))
    with pytest.raises(Conflict) as refused:
        advance(redecided, S.CITY_CONFIRM, today=D(2026, 12, 20), windows=WINDOWS)
    assert refused.value.code == "not_on_notice"


@pytest.mark.parametrize(("decision", "rule"), [
    (None, "conclusion_required"),
    (Decision(C.DEFERRED), "reason_required"),
    (Decision(C.FAILED), "reason_required"),
    (Decision(C.QUALIFIED, RegistrationReason.OTHER), "reason_not_allowed"),
])
def test_a_decision_needs_its_conclusion_and_reason(decision: Decision | None,
                                                    rule: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        advance(_ready(A.SCHOOL_PASSED), S.DECIDE, today=DAY, windows=WIDE, decision=decision)
    assert refused.value.rule == rule


def test_a_filed_cycle_and_a_lost_qualification_refuse() -> None:
    filed = replace(WIDE, state=CycleState.FILED)
    for state in [None, *A]:
        for step in S:
            with pytest.raises(Conflict) as refused:
                advance(_ready(state), step, today=DAY, windows=filed, decision=QUALIFIED)
            assert refused.value.code == "cycle_filed"
    revoked = ApplicationFacts(state=None, qualification=QualificationStatus.REVOKED)
    with pytest.raises(Conflict) as refused:
        advance(revoked, S.SUBMIT, today=DAY, windows=WIDE)
    assert refused.value.code == "certificate_revoked"


# ---- random event sequences -----------------------------------------------------------------

_DECISIONS = st.sampled_from([QUALIFIED, Decision(C.DEFERRED, RegistrationReason.ASSESSMENT),
                              Decision(C.FAILED, RegistrationReason.ETHICS), Decision(C.FAILED),
                              None])
#: an event: a step (or an objection raised / resolved), days passing first, a decision
_EVENTS = st.tuples(st.sampled_from([*S, "object", "resolve"]), st.integers(0, 9), _DECISIONS)


@given(st.lists(_EVENTS, max_size=40))
def test_random_sequences_never_reach_an_invalid_state(events: list[tuple[object, int,
                                                                          Decision | None]]
                                                       ) -> None:
    facts, day = ApplicationFacts(state=None), D(2026, 11, 1)
    windows = CycleWindows(apply=Window(day, day + timedelta(days=20)),
                           school=Window(day, day + timedelta(days=40)),
                           county=Window(day, day + timedelta(days=60)),
                           city=Window(day, day + timedelta(days=90)))
    published_on: date | None = None
    for event, wait, decision in events:
        day += timedelta(days=wait)
        if event == "object":
            facts = replace(facts, open_objections=facts.open_objections + 1)
            continue
        if event == "resolve":
            facts = replace(facts, open_objections=max(0, facts.open_objections - 1))
            continue
        assert isinstance(event, S)
        before = facts
        try:
            facts = advance(facts, event, today=day, windows=windows, decision=decision)
        except EcertError:
            assert facts == before  # a refusal changes nothing
            continue
        assert (before.state, event) in MOVES and facts.state is MOVES[(before.state, event)]
        if event is S.PUBLISH:
            published_on = day
        if event in (S.DECIDE, S.CITY_RETURN):
            published_on = None
            assert facts.notice_from is None
        if facts.state is A.CONFIRMED and before.state is A.DECIDED:
            # never confirmed without a whole notice, nor with an objection open
            assert published_on is not None and day >= published_on + timedelta(days=7)
            assert before.open_objections == 0
        if facts.state is A.FILED:
            assert before.state is A.CONFIRMED and facts.conclusion is not None
        if facts.conclusion is not None:
            assert (facts.reason is None) == (facts.conclusion is C.QUALIFIED)
