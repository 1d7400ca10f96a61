"""Every route that acts for a signed-in user, against core.policy: each role, inside and outside
its region, gets what the table says — the action done, 403, or 404 for a record outside the
region (as if absent). Generated from the table; tests/core/test_policy.py pins the table itself,
and the last tests here pin a few outcomes by hand, so a wrong table fails either way."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import httpx
import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.auth import create_user
from core.db import session_scope
from core.models import AuditEvent, Authority, User
from core.policy import POLICY, Action, Role, may
from core.staff import COOKIE, set_password, sign_in
from ecert.app import create_app
from issuer import revoke
from tests.issuer._status_support import cert, seed
from tests.staffing import PASSWORD

DIVISION = "110101"  # 北京市东城区: the seeded records' authority
HERE, ELSEWHERE = "1101", "1102"  # 北京市 city districts; 1102 does not cover 110101
HTML = {"Accept": "text/html"}
STATUS = {"reason": "弄虚作假取得教师资格", "document": "京教师〔2026〕3号"}
#: actions no web route offers yet: the command line acts as the operator's OS account
NO_ROUTE = {Action.RECORD_IMPORT, Action.ISSUE, Action.USER_ADMIN, Action.KEY_ADMIN,
            # 定期注册: cycle-scoped, probed by tests/issuer/test_cycle_api.py (the matrix's
            # probes name a certificate; these name a cycle or an application)
            Action.CYCLE_READ, Action.CYCLE_PLAN, Action.CYCLE_APPLY, Action.CYCLE_SCHOOL,
            Action.CYCLE_DECIDE, Action.CYCLE_OBJECTION, Action.CYCLE_CITY, Action.CYCLE_FILE}

Call = Callable[[TestClient, str, str], httpx.Response]


def _api(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


#: a user's API token → the headers of the same user's staff session (cookie and CSRF token)
_STAFF: dict[str, dict[str, str]] = {}


def _page(token: str) -> dict[str, str]:
    return {**HTML, **_STAFF[token]}


def _post(route: str, body: dict[str, object]) -> Call:
    return lambda c, n, t: c.post(f"/api/admin/certificates/{n}/{route}", json=body,
                                  headers=_api(t))


def _version(number: str) -> str:
    with session_scope() as s:
        return str(cert(s, number).row_version)


def _revoked(number: str) -> None:
    with session_scope() as s:
        revoke(s, number, reason=STATUS["reason"], document=STATUS["document"],
               effective_date=None, actor="seed")


@dataclass(frozen=True)
class Probe:
    """One route for an action: how to call it, its success status, whether it names a record
    (outside the region: 404), and what the record needs first."""

    action: Action
    call: Call
    ok: int
    record: bool = True
    prepare: Callable[[str], None] | None = None


PROBES: dict[str, Probe] = {
    "api list": Probe(Action.RECORD_READ, lambda c, n, t: c.get(
        "/api/admin/records", headers=_api(t)), 200, record=False),
    "api show": Probe(Action.RECORD_READ, lambda c, n, t: c.get(
        f"/api/admin/records/{n}", headers=_api(t)), 200),
    "review list": Probe(Action.RECORD_READ, lambda c, n, t: c.get(
        "/review", headers=_page(t)), 200, record=False),
    "review page": Probe(Action.RECORD_READ, lambda c, n, t: c.get(
        f"/review/{n}", headers=_page(t)), 200),
    "review correct": Probe(Action.RECORD_CORRECT, lambda c, n, t: c.post(
        f"/review/{n}", data={"row_version": _version(n), "subject": "物理"},
        headers=_page(t), follow_redirects=False), 303),
    "review approve": Probe(Action.RECORD_APPROVE, lambda c, n, t: c.post(
        f"/review/{n}/approve", headers=_page(t), follow_redirects=False), 303),
    "review bulk approve": Probe(Action.RECORD_APPROVE, lambda c, n, t: c.post(
        "/review/approve-unflagged", data={"batch": "b", "numbers": [n]}, headers=_page(t)),
        200, record=False),
    "api approve": Probe(Action.RECORD_APPROVE, lambda c, n, t: c.post(
        f"/api/admin/records/{n}/approve", headers=_api(t)), 200),
    "api criminal check": Probe(Action.CRIMINAL_CHECK, lambda c, n, t: c.post(
        f"/api/admin/records/{n}/criminal-check", headers=_api(t)), 200),
    "registration": Probe(Action.REGISTRATION, _post(
        "registrations", {"conclusion": "暂缓注册", "decision_date": "2026-10-30"}), 201),
    "annotation": Probe(Action.ANNOTATE, _post(
        "annotations", {"kind": "更正", "text": "出生日期更正为1990年3月7日"}), 201),
    "reissue": Probe(Action.REISSUE, _post("reissue", {
        "field": "qualification_type", "new_value": "3", "reason": "录入错误", "issue": False}),
        201),
    "revoke": Probe(Action.REVOKE, _post("revoke", STATUS), 200),
    "forfeit": Probe(Action.FORFEIT, _post("forfeit", STATUS), 200),
    "reinstate": Probe(Action.REINSTATE, _post("reinstate", STATUS), 200, prepare=_revoked),
    "restrictions report": Probe(Action.REPORT_READ, lambda c, n, t: c.get(
        "/api/admin/reports/restrictions", headers=_api(t)), 200, record=False),
    "penalties report": Probe(Action.REPORT_READ, lambda c, n, t: c.get(
        "/api/admin/reports/penalties?year=2026&quarter=4", headers=_api(t)), 200,
        record=False),
    "full-ID report": Probe(Action.REPORT_FULL_ID, lambda c, n, t: c.get(
        "/api/admin/reports/restrictions?full_id=true", headers=_api(t)), 200, record=False),
    "audit verify": Probe(Action.AUDIT_READ, lambda c, n, t: c.get(
        "/api/admin/audit/verify", headers=_api(t)), 200, record=False),
}


def test_every_action_has_a_route_or_is_known_to_have_none() -> None:
    assert set(POLICY) - {p.action for p in PROBES.values()} == NO_ROUTE


@pytest.fixture
def client(sqlite_registry: Engine) -> TestClient:
    return TestClient(create_app())


def _records() -> dict[Role, str]:
    """One approved record per role, in 东城区, so that what one role did cannot hide what
    another may do."""
    numbers = seed(*range(1, len(Role) + 1))
    with session_scope() as s:
        for authority in s.exec(select(Authority)).all():
            authority.division_code = DIVISION
            s.add(authority)
    return dict(zip(Role, numbers, strict=True))


def _token(role: Role, region: str) -> tuple[User, str]:
    school: dict[str, str] = {}
    if role is Role.SCHOOL:  # one school of one county: the record's, or one elsewhere
        region = DIVISION if DIVISION.startswith(region) else region + "05"
        school = {"school": "第一中学"}
    with session_scope() as s:
        user, token = create_user(s, name=f"{role}-{region}", role=role.value, region=region,
                                  actor="test", **school)
        set_password(s, user.name, PASSWORD, actor="test", must_change=False)
        _, cookie, staff_session = sign_in(s, name=user.name, password=PASSWORD, client="test")
        _STAFF[token] = {"Cookie": f"{COOKIE}={cookie}", "X-CSRF-Token": staff_session.csrf_token}
        s.expunge(user)
    return user, token


def _event_count() -> int:
    with session_scope() as s:
        return len(s.exec(select(AuditEvent.id)).all())


def _expected(probe: Probe, user: User) -> int:
    if probe.record and not DIVISION.startswith(user.region):
        return 404  # outside the region a record is absent, whatever the role
    division = DIVISION if probe.record else None
    return probe.ok if may(user, probe.action, division_code=division) else 403


@pytest.mark.parametrize("name", list(PROBES))
def test_route_follows_the_table(client: TestClient, name: str) -> None:
    probe = PROBES[name]
    numbers = _records()
    for role, number in numbers.items():
        if probe.prepare:
            probe.prepare(number)
        for region in (ELSEWHERE, HERE):  # outside first: a refusal must leave it untouched
            user, token = _token(role, region)
            before = _event_count()
            r = probe.call(client, number, token)
            expected = _expected(probe, user)
            assert r.status_code == expected, (name, role, region, r.text[:300])
            if expected >= 400:
                assert _event_count() == before, (name, role, region)
            if r.status_code == 200 and name == "api list":
                assert (number in r.text) is (region == HERE)


# ---- by hand: a few outcomes that must hold whatever the table says -------------------------

def probe_status(client: TestClient, probe: Probe, number: str, token: str) -> int:
    if probe.prepare:
        probe.prepare(number)
    return probe.call(client, number, token).status_code


def test_a_clerk_corrects_but_may_not_approve_or_revoke(client: TestClient) -> None:
    numbers = _records()
    _, clerk = _token(Role.CLERK, HERE)
    number = numbers[Role.CLERK]
    assert probe_status(client, PROBES["review correct"], number, clerk) == 303
    for route in ("review approve", "api approve", "revoke", "forfeit"):
        assert probe_status(client, PROBES[route], number, clerk) == 403, route


def test_an_auditor_reads_reports_but_may_not_approve(client: TestClient) -> None:
    numbers = _records()
    _, auditor = _token(Role.AUDITOR, "")
    number = numbers[Role.AUDITOR]
    assert probe_status(client, PROBES["penalties report"], number, auditor) == 200
    assert probe_status(client, PROBES["audit verify"], number, auditor) == 200
    assert probe_status(client, PROBES["api approve"], number, auditor) == 403
    assert probe_status(client, PROBES["full-ID report"], number, auditor) == 403


def test_a_county_reviewer_may_not_act_on_another_countys_record(client: TestClient) -> None:
    numbers = _records()
    _, other_county = _token(Role.REVIEWER, "110102")  # 西城区
    _, own_county = _token(Role.REVIEWER, "110101")
    number = numbers[Role.REVIEWER]
    for route in ("api approve", "revoke", "review approve", "api show"):
        assert probe_status(client, PROBES[route], number, other_county) == 404, route
    assert probe_status(client, PROBES["revoke"], number, own_county) == 200
