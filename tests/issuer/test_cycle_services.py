"""The 定期注册 services on SQLite and PostgreSQL: a whole cycle from application to filing,
refusals with their codes, compare-and-set, audit, and the teacher's notices."""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import session_scope
from core.errors import Conflict, InvalidInput
from core.models import Registration, RegistrationApplication
from core.rules import registration_state
from core.states import ApplicationState, CycleState, RegistrationState
from issuer import _cycle_query as query
from issuer._cycle import cycle_by_id
from issuer._cycle_filing import file_cycle
from issuer._cycle_notice import notice_rows
from issuer._cycle_query import due_certificates
from issuer._cycle_steps import (
    apply,
    city_confirm,
    correct,
    decide,
    decide_many,
    publish,
    publish_notice,
    resubmit,
    school_review,
)
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


def test_one_application_per_certificate_and_cycle(numbers: list[str]) -> None:
    cycle_id = new_cycle()
    other = new_cycle(region="110102")  # 西城区, the same year
    with on(D(2026, 11, 2)):
        first = _app(cycle_id, numbers[0])
        for target, code in ((cycle_id, "already_applied"), (other, "applied_elsewhere")):
            with pytest.raises(Conflict) as refused, session_scope() as s:
                apply(s, target, numbers[0], details=details(), source="school", actor="s1")
            assert refused.value.code == code and refused.value.details["application_id"] == first
    # the database holds the rule too: a second row for the certificate in this cycle, or in
    # another county's cycle of the same year, cannot be written past the service
    for target in (cycle_id, other):
        with pytest.raises(Conflict), session_scope() as s:
            row = s.get(RegistrationApplication, first)
            assert row is not None
            s.add(RegistrationApplication(cycle_id=target, year=row.year,
                                          certificate_id=row.certificate_id,
                                          source="staff", school="x", created_by="t"))
            s.flush()


@pytest.mark.parametrize(("day", "region", "code"), [
    (D(2026, 10, 31), "110101", "outside_window"),
    (D(2026, 11, 11), "110101", "outside_window"),
    (D(2026, 11, 2), "120101", "outside_cycle_region"),  # 天津: not the certificate's province
])
def test_applications_outside_the_window_or_region_are_refused(
        numbers: list[str], day: date, region: str, code: str) -> None:
    cycle_id = new_cycle(region=region)
    with on(day), pytest.raises(Conflict) as refused, session_scope() as s:
        apply(s, cycle_id, numbers[0], details=details(), source="portal", actor="holder")
    assert refused.value.code == code
    with session_scope() as s:
        assert s.exec(select(RegistrationApplication)).all() == []


def test_a_teacher_registered_beyond_the_cycle_is_not_due(registry: Engine) -> None:
    [number] = seed(7, registrations=[{
        "conclusion": "注册合格", "valid_from": "2025-09-01", "valid_until": "2030-08-31",
        "authority": "北京市东城区教育委员会", "date": "2025-08-15"}])
    cycle_id = new_cycle()
    with on(D(2026, 11, 2)), pytest.raises(Conflict) as refused, session_scope() as s:
        apply(s, cycle_id, number, details=details(), source="portal", actor="holder")
    assert refused.value.code == "not_due" and "2030-08-31" in refused.value.message
    with session_scope() as s:
        assert [d.certificate_number for d in due_certificates(s, cycle_id)] == []


def test_due_certificates_follow_is_due_and_show_applications(numbers: list[str]) -> None:
    cycle_id = new_cycle()
    with on(D(2026, 11, 2)):
        app_id = _app(cycle_id, numbers[1])
        with session_scope() as s:
            due = due_certificates(s, cycle_id)
            assert [d.certificate_number for d in due] == sorted(numbers)
            assert {d.application_id for d in due} == {None, app_id}
            assert all("*" in d.masked_id for d in due)
            assert due_certificates(s, cycle_id, school="实验小学") == []


def test_a_returned_application_is_corrected_and_resubmitted(numbers: list[str]) -> None:
    cycle_id = new_cycle()
    with on(D(2026, 11, 2)):
        app_id = _app(cycle_id, numbers[0], training_hours=100)
        with session_scope() as s:
            school_review(s, app_id, passed=False, note="培训学时证明缺失", actor="school1")
        with pytest.raises(Conflict) as refused, session_scope() as s:
            decide(s, app_id, conclusion="注册合格", actor="county")
        assert refused.value.code == "step_not_allowed"
        with session_scope() as s:
            seen = query.application_view(s, app_id)
            assert (seen.state, seen.school_note) == (ApplicationState.RETURNED, "培训学时证明缺失")
            resubmit(s, app_id, details=details(training_hours=360), actor="holder",
                     row_version=seen.row_version)
        with session_scope() as s:  # the school corrects the post against the materials
            correct(s, app_id, changes={"post": "双肩挑"}, actor="school1")
        with pytest.raises(Conflict) as stale, session_scope() as s:
            school_review(s, app_id, passed=True, actor="school1", row_version=seen.row_version)
        assert stale.value.code == "stale_update"
        with session_scope() as s:
            school_review(s, app_id, passed=True, actor="school1")
            view = query.application_view(s, app_id)
    assert (view.state, view.training_hours, view.post) == (
        ApplicationState.SCHOOL_PASSED, 360, "双肩挑")
    [fix] = events("application.correct")
    assert fix.actor == "school1"
    assert json.loads(fix.before or "{}") == {"post": "专任教师"}
    assert json.loads(fix.after or "{}") == {"post": "双肩挑"}


def test_bad_details_are_refused_before_anything_is_written(numbers: list[str]) -> None:
    cycle_id = new_cycle()
    for bad, rule in ((details(school=" "), "required"),
                      (details(school_type="mixed"), "school_type"),
                      (details(training_hours=-1), "training_hours"),
                      (details(assessments=({"year": "x", "result": "合格"},)),
                       "assessment_year")):
        with on(D(2026, 11, 2)), pytest.raises(InvalidInput) as refused, session_scope() as s:
            apply(s, cycle_id, numbers[0], details=bad, source="portal", actor="holder")
        assert refused.value.rule == rule
    with session_scope() as s:
        assert s.exec(select(RegistrationApplication)).all() == []


def test_batch_decisions_refuse_each_on_its_own(numbers: list[str]) -> None:
    cycle_id = new_cycle()
    with on(D(2026, 11, 2)):
        ids = [_app(cycle_id, n) for n in numbers]
        with session_scope() as s:
            school_review(s, ids[0], passed=True, actor="school1")
            school_review(s, ids[1], passed=True, actor="school1")
    with on(D(2026, 11, 6)), session_scope() as s:
        result = decide_many(s, [*ids, 999], conclusion="暂缓注册", reason="培训学时不足",
                             actor="county")
        assert result.done == ids[:2]
        assert [(r.application_id, r.code) for r in result.refused] == [
            (ids[2], "step_not_allowed"), (999, "application_not_found")]
        published = publish_notice(s, cycle_id, actor="county")
        assert published.done == ids[:2] and published.refused == []
        rows = notice_rows(s, cycle_id)
    assert [r.application_id for r in sorted(rows, key=lambda r: r.application_id)] == ids[:2]
    assert {r.reason for r in rows} == {"培训学时不足"}
    assert {(r.notice_from, r.notice_until) for r in rows} == {(D(2026, 11, 6), D(2026, 11, 12))}
    with pytest.raises(InvalidInput) as bad, session_scope() as s:
        decide_many(s, ids, conclusion="合格吗", actor="county")
    assert bad.value.rule == "unknown_registration_conclusion"


def test_two_reviewers_at_once_one_wins(numbers: list[str]) -> None:
    cycle_id = new_cycle()
    with on(D(2026, 11, 2)):
        app_id = _app(cycle_id, numbers[0])
        with pytest.raises(Conflict), session_scope() as first:
            seen = first.get(RegistrationApplication, app_id)  # read, then someone is faster
            assert seen is not None
            with session_scope() as second:
                school_review(second, app_id, passed=False, note="缺少证明", actor="b")
            school_review(first, app_id, passed=True, actor="a")
        with session_scope() as s:
            view = query.application_view(s, app_id)
    assert (view.state, view.school_note, view.row_version) == (
        ApplicationState.RETURNED, "缺少证明", 2)
    assert [e.actor for e in events("application.school")] == ["b"]


def test_who_is_due_is_read_in_chunks_and_pages(numbers: list[str],
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    cycle_id = new_cycle()
    with session_scope() as s:
        whole = [d.certificate_number for d in due_certificates(s, cycle_id)]
    monkeypatch.setattr(query, "_CHUNK", 1)  # a chunk per certificate: the same answer
    with session_scope() as s:
        assert [d.certificate_number for d in due_certificates(s, cycle_id)] == whole
        pages = [[d.certificate_number for d in due_certificates(s, cycle_id, limit=2,
                                                                  offset=o)] for o in (0, 2)]
    assert pages == [whole[:2], whole[2:]] and len(whole) == 3
