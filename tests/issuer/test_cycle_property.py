"""A property test of the 定期注册 services on the database: random sequences of steps, days
passing, objections, corrections and filing never leave an invalid state — two applications
of a certificate in a cycle, a confirmation without a whole notice or with an objection open,
a filed application without its registration, a filed cycle with work still under review."""

from __future__ import annotations

import itertools
from datetime import date, timedelta

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st
from sqlalchemy.engine import Engine
from sqlmodel import func, select

from core.clock import cst_date
from core.db import session_scope
from core.errors import EcertError
from core.models import RegistrationApplication, RegistrationObjection
from core.rules import Window
from core.states import ApplicationState, CycleState, ObjectionState
from issuer import _cycle_notice as notice
from issuer import _cycle_steps as steps
from issuer._cycle import cycle_by_id
from issuer._cycle_filing import PENDING, file_cycle
from tests.issuer._cycle_support import details, new_cycle, on
from tests.issuer._status_support import seed

_years = itertools.count(2030)
_serials = itertools.count(100, 3)
KINDS = ("apply", "resubmit", "pass", "return", "correct", "decide", "publish", "object",
         "resolve", "confirm", "city_return", "file")
Event = tuple[str, int, int, str]
CONCLUSIONS = st.sampled_from(["注册合格", "暂缓注册", "注册不合格"])
NOISE = st.lists(st.tuples(st.sampled_from(KINDS), st.integers(0, 2), st.integers(0, 6),
                           CONCLUSIONS), max_size=20)


@st.composite
def workflows(draw: st.DrawFn) -> list[Event]:
    """The way through for each teacher (apply … confirm, then file; sometimes a step left
    out) with random events (any step, for anyone, days passing) put in anywhere: random
    enough to try every refusal, guided enough to reach the filing often."""
    merged: list[Event] = []
    for who in range(draw(st.integers(1, 3))):
        conclusion = draw(CONCLUSIONS)
        skip = draw(st.sampled_from(["", "", "pass", "publish", "confirm"]))
        merged += [(kind, who, 7 if kind == "confirm" else 0, conclusion)
                   for kind in ("apply", "pass", "decide", "publish", "confirm")
                   if kind != skip]
    merged.append(("file", 0, 0, "注册合格"))
    for item in draw(NOISE):
        merged.insert(draw(st.integers(0, len(merged))), item)
    return merged


REASON = {"注册合格": None, "暂缓注册": "training_hours", "注册不合格": "ethics"}


def _run(kind: str, number: str, cycle_id: int, conclusion: str) -> None:
    with session_scope() as s:
        app = s.exec(select(RegistrationApplication).where(
            RegistrationApplication.cycle_id == cycle_id)).all()
        mine = [a for a in app if a.certificate_id == _cert_id(s, number)]
        app_id = mine[0].id if mine else 0
        assert app_id is not None
        if kind == "apply":
            steps.apply(s, cycle_id, number, details=details(), source="portal", actor="t")
        elif kind == "resubmit":
            steps.resubmit(s, app_id, actor="t")
        elif kind in ("pass", "return"):
            steps.school_review(s, app_id, passed=kind == "pass", note="补材料", actor="t")
        elif kind == "correct":
            steps.correct(s, app_id, changes={"training_hours": 400}, actor="t")
        elif kind == "decide":
            steps.decide(s, app_id, conclusion=conclusion, reason=REASON[conclusion], actor="t")
        elif kind == "publish":
            steps.publish(s, app_id, actor="t")
        elif kind == "object":
            notice.record_objection(s, app_id, text="异议", secret="x" * 32, actor="t")
        elif kind == "resolve":
            for o in notice.objections(s, application_id=app_id, state=ObjectionState.OPEN):
                assert o.id is not None
                notice.resolve_objection(s, o.id, resolution="已核实", actor="t")
        elif kind == "confirm":
            steps.city_confirm(s, app_id, actor="t")
        elif kind == "city_return":
            steps.city_return(s, app_id, note="退回", actor="t")
        else:
            file_cycle(s, cycle_id, actor="t")


def _cert_id(session: object, number: str) -> int:
    from tests.issuer._status_support import cert

    found = cert(session, number)  # type: ignore[arg-type]
    assert found.id is not None
    return found.id


def _check(cycle_id: int, notice_days: int) -> None:
    with session_scope() as s:
        apps = s.exec(select(RegistrationApplication).where(
            RegistrationApplication.cycle_id == cycle_id)).all()
        assert len({a.certificate_id for a in apps}) == len(apps)
        cycle = cycle_by_id(s, cycle_id)
        for a in apps:
            open_objections = s.exec(select(func.count()).select_from(
                RegistrationObjection).where(RegistrationObjection.application_id == a.id,
                                             RegistrationObjection.state == ObjectionState.OPEN)
            ).one()
            if a.state in (ApplicationState.CONFIRMED, ApplicationState.FILED):
                assert a.notice_from is not None and a.city_at is not None
                confirmed_on = cst_date(a.city_at)
                assert confirmed_on is not None
                assert confirmed_on >= a.notice_from + timedelta(days=notice_days)
                assert open_objections == 0 and a.conclusion is not None
            if a.state is ApplicationState.FILED:
                assert a.registration_id is not None and cycle.state is CycleState.FILED
            if cycle.state is CycleState.FILED:
                assert a.state not in PENDING
            if a.state in (ApplicationState.DECIDED, ApplicationState.CITY_RETURNED):
                assert a.conclusion is not None or a.state is ApplicationState.CITY_RETURNED


@settings(max_examples=12, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=workflows())
def test_random_workflows_keep_every_invariant(registry: Engine,
                                               events: list[tuple[str, int, int, str]]) -> None:
    year = next(_years)
    base = next(_serials)
    numbers = seed(base, base + 1, base + 2)
    start = date(year, 3, 1)
    window = Window(start, start + timedelta(days=200))
    cycle_id = new_cycle(year=year, period_start=date(year, 9, 1), apply=window, school=window,
                         county=window, city=window)
    day = start
    for kind, who, wait, conclusion in events:
        day += timedelta(days=wait)
        with on(day):
            try:
                _run(kind, numbers[who % len(numbers)], cycle_id, conclusion)
            except EcertError:
                pass  # refused: nothing was written (checked below)
            _check(cycle_id, 7)
    with session_scope() as s:
        reached = sorted({str(a.state) for a in s.exec(select(RegistrationApplication).where(
            RegistrationApplication.cycle_id == cycle_id)).all()})
    event(f"states reached: {reached}")
