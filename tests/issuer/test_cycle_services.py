"""The 定期注册 services on SQLite and PostgreSQL: a whole cycle from application to filing,
refusals with their codes, compare-and-set, audit, and the teacher's notices."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import session_scope
from core.errors import Conflict
from core.models import Registration, RegistrationApplication
from core.rules import registration_state
from core.states import ApplicationState, CycleState, RegistrationState
from issuer._cycle import cycle_by_id
from issuer._cycle_filing import file_cycle
from issuer._cycle_notify import queue_notice  # noqa: F401  (the notices' path)
from issuer._cycle_steps import apply, city_confirm, decide, publish, school_review
from issuer._notify import configure_notifier, drain_deliveries
from tests.issuer._cycle_support import Notices, details, new_cycle, on
from tests.issuer._status_support import events, seed

D = date


@pytest.fixture
def notices() -> Iterator[Notices]:
    recorder = Notices()
    configure_notifier(recorder)  # type: ignore[arg-type]
    yield recorder
    drain_deliveries()
    configure_notifier(None)


@pytest.fixture
def numbers(registry: Engine) -> list[str]:
    return seed(1, 2, 3)


def _app(cycle_id: int, number: str, **kw: object) -> int:
    with session_scope() as s:
        app = apply(s, cycle_id, number, details=details(**kw), source="portal", actor="holder")
        assert app.id is not None
        return app.id


def test_a_cycle_from_application_to_filing(numbers: list[str], notices: Notices) -> None:
    cycle_id = new_cycle()
    with on(D(2026, 11, 2)):
        ids = [_app(cycle_id, n) for n in numbers]
        with session_scope() as s:
            for i in ids:
                school_review(s, i, passed=True, actor="school1")
    with on(D(2026, 11, 5)), session_scope() as s:
        decide(s, ids[0], conclusion="注册合格", actor="county")
        decide(s, ids[1], conclusion="暂缓注册", reason="training_hours", actor="county")
        decide(s, ids[2], conclusion="注册不合格", reason="师德考核不合格", actor="county")
        for i in ids:
            publish(s, i, actor="county")
    with on(D(2026, 11, 11)), pytest.raises(Conflict) as early, session_scope() as s:
        city_confirm(s, ids[0], actor="city")
    assert early.value.code == "notice_running"
    with on(D(2026, 11, 12)):
        with session_scope() as s:
            for i in ids:
                city_confirm(s, i, actor="city")
        with session_scope() as s:
            result = file_cycle(s, cycle_id, actor="province")
    assert result.stickers == {"110101": {"注册合格": 1, "暂缓注册": 1, "注册不合格": 1}}
    with session_scope() as s:
        assert cycle_by_id(s, cycle_id).state is CycleState.FILED
        states = {a.state for a in s.exec(select(RegistrationApplication)).all()}
        assert states == {ApplicationState.FILED}
        regs = s.exec(select(Registration).where(Registration.created_by == "province")).all()
        assert len(regs) == 3
        qualified = next(r for r in regs if r.conclusion == "注册合格")
        # the seeded 2022 period runs to 2027-08-31: the new one starts the day after
        assert (qualified.valid_from, qualified.valid_until) == (D(2027, 9, 1), D(2031, 11, 30))
        deferred = [r for r in s.exec(select(Registration)).all()
                    if r.certificate_id == regs[1].certificate_id]
        assert registration_state(deferred, D(2026, 11, 12)).state is RegistrationState.DEFERRED
    assert {e.actor for e in events("application.file")} == {"province"}
    assert drain_deliveries()
    assert len(notices.sent) == 3 * 6  # submit, school, decide, publish, city, file
