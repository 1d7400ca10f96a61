"""An id no key can hold (0, negative, beyond 32 bits) in a 定期注册 address is "not found" —
on the API, the staff pages and the public notice — never a driver overflow (a 5xx); the
sharing-interface fuzzer found POST /api/admin/registration/cycles/{2**63}/file answering 500."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient
from sqlalchemy.engine import Engine

from core.db import MAX_ROW_ID, row_or_none, session_scope
from core.models import RegistrationCycle
from ecert.app import create_app
from tests.issuer._status_support import token
from tests.staffing import staff_client

HUGE = [2**63, 2**31, -1, 0]


@pytest.fixture
def app(sqlite_registry: Engine) -> object:
    return create_app()


def test_row_or_none_answers_none_for_ids_no_key_holds(sqlite_registry: Engine) -> None:
    with session_scope() as s:
        for row_id in [*HUGE, MAX_ROW_ID]:
            assert row_or_none(s, RegistrationCycle, row_id) is None


@pytest.mark.parametrize("row_id", HUGE)
def test_api_answers_404(app: object, row_id: int) -> None:
    client = TestClient(app)  # type: ignore[arg-type]
    admin = token("admin-ids", "admin", "")
    api = "/api/admin/registration"
    for method, path in (("GET", f"{api}/cycles/{row_id}"),
                         ("POST", f"{api}/cycles/{row_id}/file"),
                         ("GET", f"{api}/applications/{row_id}")):
        r = client.request(method, path, headers=admin, json={})
        assert r.status_code in (404, 422), (path, r.status_code, r.text[:200])


@pytest.mark.parametrize("row_id", HUGE)
def test_pages_answer_not_found(app: object, row_id: int) -> None:
    public = TestClient(app, base_url="https://testserver")  # type: ignore[arg-type]
    page = public.get(f"/notice/{row_id}/110101", headers={"Accept": "text/html"})
    assert page.status_code in (200, 404) and "Traceback" not in page.text
    staff = staff_client(app, role="admin")  # type: ignore[arg-type]
    for path in (f"/admin/cycles/{row_id}", f"/admin/cycles/{row_id}/due"):
        r = staff.get(path, headers={"Accept": "text/html"})
        assert r.status_code == 404, (path, r.status_code)
