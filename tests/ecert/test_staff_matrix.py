"""Every staff route refuses: a generated matrix over the routes of ``create_app()`` under
/admin, /review and /account — walked from ``app.routes``, so a route added tomorrow is in it
without editing this file.

For each route × method, path parameters filled from a real record of a fixture registry:
- no session: a page (Accept: text/html) → 303 to /login?next=…, anything else → 401;
- POST with the CSRF token missing or wrong → 403 ``csrf_failed``, nothing written;
- each role (region: all): the roles refused with 403 are exactly those core.policy.POLICY
  refuses the route's action (known for the routes listed in :data:`ROUTE_ACTION` and for every
  console action, from its own table); for any other route the roles let through must be one
  row of the table (or every role), so a hand-made role list shows up;
- a route naming a record: a user of another region → 404 (or 403), nothing written.
A route that needs no session must be listed in :data:`PUBLIC` with the reason.
"""

from __future__ import annotations

import typing
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from enum import Enum
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from pydantic import BaseModel
from sqlalchemy.engine import Engine
from sqlmodel import func, select

import core.staff as staff
from core.db import engine_for, session_scope
from core.models import AuditEvent, Authority
from core.policy import POLICY, Action, Role
from ecert.app import create_app
from tests.issuer._status_support import seed
from tests.staffing import make_staff, sign_in_client

ROOTS = ("/admin", "/review", "/account")
HTML = {"Accept": "text/html"}
UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
#: routes under ROOTS that need no session, and why
PUBLIC: dict[tuple[str, str], str] = {
    ("GET", "/review/login"): "the old token sign-in's address: a redirect to /login",
}
#: the action a route does, where the route itself does not say (console actions do)
ROUTE_ACTION: dict[tuple[str, str], Action] = {
    ("GET", "/review"): Action.RECORD_READ,
    ("GET", "/review/{number}"): Action.RECORD_READ,
    ("POST", "/review/{number}"): Action.RECORD_CORRECT,
    ("POST", "/review/{number}/approve"): Action.RECORD_APPROVE,
    ("POST", "/review/approve-unflagged"): Action.RECORD_APPROVE,
    ("GET", "/review/{number}/page/{index}"): Action.RECORD_READ,
    ("GET", "/review/{number}/photo"): Action.RECORD_READ,
    ("GET", "/admin"): Action.RECORD_READ,
    ("GET", "/admin/records/{number}"): Action.RECORD_READ,
    ("GET", "/admin/reports"): Action.REPORT_READ,
    ("GET", "/admin/reports/restrictions"): Action.REPORT_READ,
    ("GET", "/admin/reports/penalties"): Action.REPORT_READ,
    ("GET", "/admin/reports/roster"): Action.REPORT_READ,
    ("GET", "/admin/reports/statistics"): Action.REPORT_READ,
    ("GET", "/admin/audit"): Action.AUDIT_READ,
}
#: values for path parameters other than {number} and {action}
PARAMS = {"index": "0", "version": "1", "job_id": "no-such-batch"}
#: query parameters a route requires
QUERY = {"year": "2026", "quarter": "4"}
HOME, ELSEWHERE = "", "44"  # the record is in Beijing (11…); 44 is Guangdong


def _console_actions() -> dict[str, Action]:
    """The console's actions (slug → policy action), from the console's own table."""
    try:
        from issuer.console._actions import ACTIONS
    except ImportError:  # no console yet
        return {}
    return {slug: spec.action for slug, spec in ACTIONS.items()}


@dataclass(frozen=True)
class Probe:
    method: str
    template: str  # the route's path, e.g. /review/{number}
    action_slug: str | None = None
    body: tuple[tuple[str, str], ...] = ()

    @property
    def names_record(self) -> bool:
        return "{number}" in self.template

    @property
    def expected(self) -> Action | None:
        if self.action_slug is not None:
            return _console_actions().get(self.action_slug)
        return ROUTE_ACTION.get((self.method, self.template))

    def path(self, number: str) -> str:
        out = self.template.replace("{number}", number)
        if self.action_slug is not None:
            out = out.replace("{action}", self.action_slug)
        for name, value in PARAMS.items():
            out = out.replace("{" + name + "}", value)
        query = "&".join(f"{k}={v}" for k, v in QUERY.items() if "{" + k + "}" not in out
                         and k in self.required_query)
        return out + (f"?{query}" if query else "")

    @property
    def required_query(self) -> tuple[str, ...]:
        return _REQUIRED_QUERY.get((self.method, self.template), ())

    def __str__(self) -> str:
        return f"{self.method} {self.template}" + (f" [{self.action_slug}]"
                                                   if self.action_slug else "")


_REQUIRED_QUERY: dict[tuple[str, str], tuple[str, ...]] = {}


def _routes(app: FastAPI) -> Iterator[tuple[str, str, Any]]:
    """(method, path, route) of every route, through included routers."""
    for route in app.routes:
        contexts = getattr(route, "effective_route_contexts", None)
        if contexts is not None:
            for context in (contexts() if callable(contexts) else contexts):
                for method in sorted(context.methods or ()):
                    yield method, context.path, context.original_route
        else:
            for method in sorted(getattr(route, "methods", None) or ()):
                yield method, getattr(route, "path", ""), route


def _sample(annotation: Any) -> str | list[str]:
    """A value that passes FastAPI's validation of a form field of this type."""
    args = [a for a in typing.get_args(annotation) if a is not type(None)]
    origin = typing.get_origin(annotation)
    if origin is list:
        return [str(_sample(args[0] if args else str))]
    if args and origin is not typing.Literal:
        return _sample(args[0])
    if origin is typing.Literal:
        return str(typing.get_args(annotation)[0])
    if annotation is bool:
        return "true"
    if annotation in (int, float):
        return "1"
    if annotation is date:
        return "2026-10-30"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return str(next(iter(annotation)).value)
    return "1"


def _body(route: Any) -> tuple[tuple[str, str], ...]:
    out: list[tuple[str, str]] = []
    dependant = getattr(route, "dependant", None)
    for field in getattr(dependant, "body_params", ()):
        annotation = field.field_info.annotation
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            fields = [(k, f.annotation) for k, f in annotation.model_fields.items()]
        else:
            fields = [(field.alias, annotation)]
        for name, kind in fields:
            value = _sample(kind)
            for item in (value if isinstance(value, list) else [value]):
                out.append((name, item))
    return tuple(out)


def _required_query(route: Any) -> tuple[str, ...]:
    dependant = getattr(route, "dependant", None)
    return tuple(f.alias for f in getattr(dependant, "query_params", ())
                 if f.field_info.is_required())


def staff_probes(app: FastAPI) -> list[Probe]:
    """One probe per staff route and method (per console action for /act/{action} routes)."""
    probes: list[Probe] = []
    for method, path, route in _routes(app):
        if not path.startswith(ROOTS) or method in {"HEAD", "OPTIONS"}:
            continue
        if (method, path) in PUBLIC:
            continue
        _REQUIRED_QUERY[(method, path)] = _required_query(route)
        body = _body(route) if method in UNSAFE else ()
        if "{action}" in path:
            probes += [Probe(method, path, slug, body) for slug in _console_actions()]
        else:
            probes.append(Probe(method, path, None, body))
    return probes


def _collect() -> list[Probe]:
    try:
        return staff_probes(create_app())
    except Exception as exc:  # noqa: BLE001 - reported as a failing test, not a collection error
        pytest.fail(f"create_app() failed: {exc}", pytrace=False)


PROBES = _collect()


# ---- the registry and the users ----------------------------------------------------------------

_serial = iter(range(500, 10_000))


@dataclass
class World:
    app: FastAPI
    number: str
    clients: dict[tuple[Role, str], TestClient]

    def client(self, role: Role, region: str = HOME) -> TestClient:
        return self.clients[(role, region)]


@pytest.fixture
def world(sqlite_registry: Engine) -> World:
    app = create_app()
    (number,) = seed(next(_serial))  # a fresh record for each route: no route sees another's
    with session_scope() as s:
        divisions = [a.division_code for a in s.exec(select(Authority)).all()]
        assert all(d.startswith("11") for d in divisions)
    clients: dict[tuple[Role, str], TestClient] = {}
    engine = engine_for(app.state.settings)
    for role, region in [*((r, HOME) for r in Role), (Role.ADMIN, ELSEWHERE)]:
        name = f"{role}-{region or 'all'}"
        if role is Role.SCHOOL:  # one school of the record's county
            make_staff(engine, name, role.value, divisions[0], school="示例学校")
        else:
            make_staff(engine, name, role.value, region)
        clients[(role, region)] = sign_in_client(
            TestClient(app, raise_server_exceptions=False), name)
    return World(app, number, clients)


def _events() -> int:
    with session_scope() as s:
        return int(s.exec(select(func.count()).select_from(AuditEvent)).one())


def _call(client: TestClient, probe: Probe, number: str, *, csrf: str | None,
          headers: dict[str, str] | None = None) -> Any:
    data: list[tuple[str, str]] = list(probe.body)
    if csrf is not None:
        data.append(("csrf_token", csrf))
    kwargs: dict[str, Any] = {"headers": headers or {}, "follow_redirects": False}
    if probe.method in UNSAFE:
        kwargs["content"] = "&".join(f"{_q(k)}={_q(v)}" for k, v in data)
        kwargs["headers"] = {**kwargs["headers"],
                             "Content-Type": "application/x-www-form-urlencoded"}
    return client.request(probe.method, probe.path(number), **kwargs)


def _q(value: str) -> str:
    from urllib.parse import quote

    return quote(value, safe="")


# ---- the matrix --------------------------------------------------------------------------------


def test_the_matrix_covers_the_console_and_the_review_page() -> None:
    templates = {p.template for p in PROBES}
    for expected in ("/review", "/review/{number}", "/account", "/account/password"):
        assert expected in templates, expected
    assert any(t.startswith("/admin/records/{number}") for t in templates)
    probed = {(p.method, p.template) for p in PROBES}
    stale = [key for key in ROUTE_ACTION if key not in probed]
    assert not stale, f"ROUTE_ACTION names routes that are gone: {stale}"
    assert {p.action_slug for p in PROBES if p.action_slug} == set(_console_actions())


def test_public_routes_really_need_no_session(sqlite_registry: Engine) -> None:
    app = create_app()
    listed = {(m, p) for m, p, _ in _routes(app)}
    for (method, path), why in PUBLIC.items():
        assert (method, path) in listed, f"{method} {path} is listed public but gone ({why})"
        r = TestClient(app).request(method, path, follow_redirects=False)
        assert r.status_code < 400, (method, path, r.status_code)


@pytest.mark.parametrize("probe", PROBES, ids=str)
def test_without_a_session(world: World, probe: Probe) -> None:
    anon = TestClient(world.app, raise_server_exceptions=False)
    before = _events()
    page = _call(anon, probe, world.number, csrf=None, headers=HTML)
    assert page.status_code == 303, (str(probe), page.status_code, page.text[:200])
    assert page.headers["location"].startswith("/login?next=/"), page.headers["location"]
    api = _call(anon, probe, world.number, csrf=None)
    assert api.status_code == 401, (str(probe), api.status_code, api.text[:200])
    assert api.json()["error"]["code"] == "not_authenticated"
    forged = _call(anon, probe, world.number, csrf="x",
                   headers={"Cookie": f"{staff.COOKIE}=forged-session"})
    assert forged.status_code == 401
    assert _events() == before


@pytest.mark.parametrize("probe", [p for p in PROBES if p.method in UNSAFE], ids=str)
def test_bad_or_missing_csrf_token(world: World, probe: Probe) -> None:
    admin = world.client(Role.ADMIN)
    before = _events()
    for token in (None, "", "forged-" + admin.csrf[7:]):  # type: ignore[attr-defined]
        r = _call(admin, probe, world.number, csrf=token)
        assert r.status_code == 403, (str(probe), token, r.status_code, r.text[:200])
        assert r.json()["error"]["code"] == "csrf_failed"
    cross = _call(admin, probe, world.number, csrf=admin.csrf,  # type: ignore[attr-defined]
                  headers={"Origin": "https://evil.example"})
    assert cross.status_code == 403 and cross.json()["error"]["code"] == "csrf_failed"
    assert _events() == before


@pytest.mark.parametrize("probe", PROBES, ids=str)
def test_roles_follow_the_policy_table(world: World, probe: Probe) -> None:
    refused: set[Role] = set()
    for role in Role:
        client = world.client(role)
        r = _call(client, probe, world.number, csrf=client.csrf,  # type: ignore[attr-defined]
                  headers=HTML)
        assert r.status_code < 500, (str(probe), role, r.status_code, r.text[:300])
        if r.status_code == 403:
            refused.add(role)
    allowed = frozenset(Role) - refused
    action = probe.expected
    if action is not None:
        assert allowed == POLICY[action].roles, (str(probe), action, sorted(allowed))
    else:
        rows = {rule.roles for rule in POLICY.values()} | {frozenset(Role)}
        assert allowed in rows, (str(probe), sorted(allowed))


@pytest.mark.parametrize("probe", [p for p in PROBES if p.names_record], ids=str)
def test_a_record_of_another_region_is_absent(world: World, probe: Probe) -> None:
    outsider = world.client(Role.ADMIN, ELSEWHERE)
    before = _events()
    r = _call(outsider, probe, world.number, csrf=outsider.csrf,  # type: ignore[attr-defined]
              headers=HTML)
    assert r.status_code in (403, 404), (str(probe), r.status_code, r.text[:300])
    assert _events() == before
