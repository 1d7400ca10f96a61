"""What the 定期注册 service tests share: a county cycle over the seeded Beijing records, the
clock set to a CST day, and the notices sent to teachers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, date, datetime

from core import clock
from core.db import session_scope
from core.rules import Window
from issuer._cycle import CyclePlan, open_cycle
from issuer._cycle_notify import StepNotice
from issuer._cycle_steps import ApplicationDetails

__all__ = ["COUNTY", "Notices", "details", "on", "plan", "new_cycle"]

COUNTY = "110101"  # 北京市东城区: the seeded records' authority is the province's (110000)
D = date


def plan(**overrides: object) -> CyclePlan:
    """A 2026 cycle: apply 11-01..11-10, school ..11-15, county 11-05..11-30, city 11-10..12-20."""
    base: dict[str, object] = dict(
        region=COUNTY, year=2026, period_start=D(2026, 12, 1),
        apply=Window(D(2026, 11, 1), D(2026, 11, 10)),
        school=Window(D(2026, 11, 1), D(2026, 11, 15)),
        county=Window(D(2026, 11, 5), D(2026, 11, 30)),
        city=Window(D(2026, 11, 10), D(2026, 12, 20)))
    base.update(overrides)
    return CyclePlan(**base)  # type: ignore[arg-type]


def new_cycle(**overrides: object) -> int:
    """Open a cycle (committed) and return its id."""
    with session_scope() as s:
        cycle = open_cycle(s, plan(**overrides), actor="admin")
        assert cycle.id is not None
        return cycle.id


@contextmanager
def on(day: date) -> Iterator[None]:
    """The clock at 10:00 in China on ``day`` (the tests' frozen clock is restored after)."""
    before = clock.utcnow()
    clock.freeze(datetime(day.year, day.month, day.day, 2, 0, tzinfo=UTC))
    try:
        yield
    finally:
        clock.freeze(before)


def details(school: str = "第一中学", **kw: object) -> ApplicationDetails:
    """What a teacher confirms: school, post, hours, assessments."""
    base: dict[str, object] = dict(school=school, post="专任教师", training_hours=360,
                                   assessments=({"year": 2025, "result": "合格"},))
    base.update(kw)
    return ApplicationDetails(**base)  # type: ignore[arg-type]


class Notices:
    """A notifier keeping the registration notices (and codes) it is given."""

    def __init__(self) -> None:
        self.sent: list[StepNotice] = []
        self.codes: list[object] = []

    def send_notice(self, notice: StepNotice) -> None:
        self.sent.append(notice)

    def send_code(self, message: object) -> None:
        self.codes.append(message)
