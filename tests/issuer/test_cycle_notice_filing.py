"""定期注册 on SQLite and PostgreSQL: the public notice and objections (one holds the city's
confirmation until resolved; a changed conclusion goes on notice again), the city's return,
and the provincial filing (refused while anything is under review; registrations written, the
verifier's registration state and the credential follow)."""

from __future__ import annotations

import json
from datetime import date

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.db import session_scope
from core.errors import Conflict, NotFound
from core.models import AuditEvent, Credential, Registration, RegistrationObjection
from core.ratelimit import RateLimiter, SlidingWindow, TooManyRequests
from core.settings import load_settings
from core.states import ApplicationState, ObjectionState, RegistrationState
from issuer import _cycle_notice as notice
from issuer._cycle_filing import file_cycle, sticker_counts
from issuer._cycle_query import application_view
from issuer._cycle_steps import (
    apply,
    city_confirm,
    city_return,
    decide,
    publish,
    school_review,
)
from issuer._notify import configure_notifier, drain_deliveries
from issuer._status_publish import current_entries
from tests.issuer._cycle_support import Notices, details, new_cycle, on
from tests.issuer._status_support import cert, events, fake_credential, seed

D = date


@pytest.fixture
def numbers(registry: Engine) -> list[str]:
    return seed(1, 2)


def _on_notice(cycle_id: int, number: str, conclusion: str = "注册合格",
               reason: str | None = None) -> int:
    """An application decided and published on 2026-11-05 (notice until 11-11)."""
    with on(D(2026, 11, 2)), session_scope() as s:
        app = apply(s, cycle_id, number, details=details(), source="portal", actor="holder")
        assert app.id is not None
        school_review(s, app.id, passed=True, actor="school1")
        app_id = app.id
    with on(D(2026, 11, 5)), session_scope() as s:
        decide(s, app_id, conclusion=conclusion, reason=reason, actor="county")
        publish(s, app_id, actor="county")
    return app_id


def test_the_public_notice_shows_no_id_and_takes_objections(
        numbers: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(notice, "objection_limiter",
                        RateLimiter(SlidingWindow(((2, 60.0),))))
    secret = load_settings().secret
    cycle_id = new_cycle()
    app_id = _on_notice(cycle_id, numbers[0])
    with on(D(2026, 11, 11)), session_scope() as s:
        [row] = notice.notice_rows(s, cycle_id)
        shown = json.dumps(row.__dict__, default=str, ensure_ascii=False)
        assert numbers[0] not in shown and "110105" not in shown  # no certificate or ID number
        assert (row.name, row.conclusion.value, row.open) == ("李小梅", "注册合格", True)
        assert [c.id for c in notice.notice_cycles(s)] == [cycle_id]
        objection = notice.submit_objection(s, app_id, text="该教师本学年未在岗",
                                            contact="13800000000", client="203.0.113.7",
                                            secret=secret)
        assert b"13800000000" not in (objection.contact_cipher or b"")
        assert notice.contact_of(objection, secret) == "13800000000"
    with on(D(2026, 11, 11)):
        with session_scope() as s:
            notice.submit_objection(s, app_id, text="second", client="203.0.113.7",
                                    secret=secret)
        with pytest.raises(TooManyRequests), session_scope() as s:
            notice.submit_objection(s, app_id, text="third", client="203.0.113.7",
                                    secret=secret)
    with on(D(2026, 11, 12)):  # the notice is over: no more public objections, no rows
        with pytest.raises(Conflict) as ended, session_scope() as s:
            notice.submit_objection(s, app_id, text="late", client="198.51.100.1",
                                    secret=secret)
        assert ended.value.code == "notice_ended"
        with session_scope() as s:
            assert notice.notice_rows(s, cycle_id) == []
            assert len(notice.notice_rows(s, cycle_id, running_only=False)) == 1
    with pytest.raises(NotFound), session_scope() as s:
        notice.submit_objection(s, 9999, text="x", client="198.51.100.2", secret=secret)
    with session_scope() as s:
        logged = " ".join(e.after or "" for e in s.exec(select(AuditEvent)).all())
    assert "13800000000" not in logged


def test_an_objection_holds_the_conclusion_until_resolved(numbers: list[str]) -> None:
    cycle_id = new_cycle()
    app_id = _on_notice(cycle_id, numbers[0])
    with on(D(2026, 11, 8)), session_scope() as s:
        objection = notice.record_objection(s, app_id, text="群众来信：培训学时造假",
                                            secret=load_settings().secret, actor="clerk")
        objection_id = objection.id
    with on(D(2026, 11, 12)), pytest.raises(Conflict) as held, session_scope() as s:
        city_confirm(s, app_id, actor="city")
    assert held.value.code == "objection_open"
    with on(D(2026, 11, 13)), session_scope() as s:  # upheld: the conclusion changes
        assert objection_id is not None
        notice.resolve_objection(s, objection_id, resolution="核实属实", actor="county",
                                 conclusion="暂缓注册", reason="training_hours")
        view = application_view(s, app_id)
        assert (view.conclusion, view.notice_from, view.open_objections) == (
            "暂缓注册", D(2026, 11, 13), 0)
        stored = s.get(RegistrationObjection, objection_id)
        assert stored is not None and stored.state is ObjectionState.RESOLVED
    with on(D(2026, 11, 19)), pytest.raises(Conflict) as running, session_scope() as s:
        city_confirm(s, app_id, actor="city")
    assert running.value.code == "notice_running"  # the new notice runs its own 7 days
    with on(D(2026, 11, 20)), session_scope() as s:
        city_confirm(s, app_id, actor="city")
    with pytest.raises(Conflict) as again, session_scope() as s:
        notice.resolve_objection(s, objection_id, resolution="x", actor="county")
    assert again.value.code == "objection_resolved"
    assert [e.actor for e in events("objection.")] == ["clerk", "county"]


def test_the_city_returns_and_the_county_decides_again(numbers: list[str]) -> None:
    cycle_id = new_cycle()
    app_id = _on_notice(cycle_id, numbers[0])
    with on(D(2026, 11, 12)), session_scope() as s:
        city_return(s, app_id, note="年度考核结果与材料不符", actor="city")
        assert application_view(s, app_id).state is ApplicationState.CITY_RETURNED
    with on(D(2026, 11, 13)), session_scope() as s:
        decide(s, app_id, conclusion="注册不合格", reason="assessment", actor="county")
        publish(s, app_id, actor="county")
    with on(D(2026, 11, 20)), session_scope() as s:
        city_confirm(s, app_id, actor="city")
        view = application_view(s, app_id)
    assert (view.state, view.conclusion, view.city_note) == (
        ApplicationState.CONFIRMED, "注册不合格", "")


def test_filing_waits_for_every_application_then_registers_them(
        numbers: list[str], ecert_env: object) -> None:
    cycle_id = new_cycle()
    confirmed = _on_notice(cycle_id, numbers[0])
    pending = _on_notice(cycle_id, numbers[1], "暂缓注册", "assessment")
    fake_credential(numbers[0], load_settings().artifacts_dir)
    with on(D(2026, 11, 12)), session_scope() as s:
        city_confirm(s, confirmed, actor="city")
    with on(D(2026, 11, 12)), pytest.raises(Conflict) as waiting, session_scope() as s:
        file_cycle(s, cycle_id, actor="province")
    assert waiting.value.code == "applications_pending"
    assert waiting.value.details["pending"] == [
        {"application_id": pending, "certificate_number": numbers[1], "state": "decided"}]
    assert numbers[1] in waiting.value.message
    with session_scope() as s:
        before = current_entries(s, D(2026, 12, 1))
        ids = {n: cert(s, n).id for n in numbers}
    with on(D(2026, 11, 12)):
        with session_scope() as s:
            city_confirm(s, pending, actor="city")
        with session_scope() as s:
            result = file_cycle(s, cycle_id, actor="province")
        with pytest.raises(Conflict) as twice, session_scope() as s:
            file_cycle(s, cycle_id, actor="province")
    assert twice.value.code == "cycle_filed"
    assert result.to_reissue == (numbers[0],)  # the one with an issued credential
    assert result.stickers == {"110101": {"注册合格": 1, "暂缓注册": 1}}
    with session_scope() as s:
        after = current_entries(s, D(2026, 12, 1))
        assert [c.superseded for c in s.exec(select(Credential)).all()] == [True]
        regs = s.exec(select(Registration).where(Registration.created_by == "province")).all()
        assert {r.authority for r in regs} == {"北京市东城区教育局"}
        [count] = sticker_counts(s, region="11", year=2026)
    assert (count.county, count.qualified, count.deferred, count.total) == ("110101", 1, 1, 2)
    # what the verifier shows (the status list's entries) follows the filing
    first, second = ids[numbers[0]], ids[numbers[1]]
    assert first is not None and second is not None
    assert after[second].registration is RegistrationState.DEFERRED
    assert before[second].registration is not RegistrationState.DEFERRED
    assert after[first].registration is RegistrationState.REGISTERED
    with on(D(2026, 11, 13)), pytest.raises(Conflict) as closed, session_scope() as s:
        notice.record_objection(s, confirmed, text="x", secret="s", actor="clerk")
    assert closed.value.code in ("objection_not_allowed", "cycle_filed")


def test_a_filing_that_cannot_register_one_files_none(numbers: list[str]) -> None:
    cycle_id = new_cycle()
    app_id = _on_notice(cycle_id, numbers[0], "暂缓注册", "assessment")
    with on(D(2026, 11, 12)), session_scope() as s:
        city_confirm(s, app_id, actor="city")
    from issuer._changes import add_registration

    with on(D(2026, 11, 12)), session_scope() as s:  # an admin's correction the same day
        add_registration(s, numbers[0], conclusion="注册不合格", decision_date=D(2026, 11, 12),
                         actor="admin")
    with on(D(2026, 11, 12)), pytest.raises(Conflict) as refused, session_scope() as s:
        file_cycle(s, cycle_id, actor="province")
    assert refused.value.code == "filing_refused"
    assert refused.value.details["refused"][0]["code"] == "registration_contradiction"
    with session_scope() as s:
        assert application_view(s, app_id).state is ApplicationState.CONFIRMED
        assert s.exec(select(Registration).where(Registration.created_by == "province")
                      ).all() == []


def test_the_teacher_hears_of_an_objection_not_who_raised_it(numbers: list[str]) -> None:
    recorder = Notices()
    configure_notifier(recorder)  # type: ignore[arg-type]
    try:
        cycle_id = new_cycle()
        app_id = _on_notice(cycle_id, numbers[0])
        with on(D(2026, 11, 8)), session_scope() as s:
            found = notice.record_objection(s, app_id, text="张三举报", contact="zhang@example.cn",
                                            secret=load_settings().secret, actor="clerk")
            assert found.id is not None
            objection_id = found.id
        with on(D(2026, 11, 9)), session_scope() as s:
            notice.resolve_objection(s, objection_id, resolution="不属实", actor="county")
        assert drain_deliveries()
    finally:
        configure_notifier(None)
    texts = [n.text() for n in recorder.sent]
    assert "收到异议" in texts[-2] and "结论不变" in texts[-1]
    assert not any("张三" in t or "zhang" in t for t in texts)
    assert all(numbers[0][-4:] in t and numbers[0] not in t for t in texts)
