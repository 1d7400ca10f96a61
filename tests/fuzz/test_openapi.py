"""Schemathesis against the whole app's OpenAPI, in process (ASGI), with an admin token: no
response is a 5xx, and every response conforms to the schema (status code, content type, body).

Small budget in ``make test``; ``make fuzz`` runs at least 20,000 cases.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, Phase, given, settings

from tests.fuzz._budget import CRASHES, examples, tried
from tests.verifier.conftest import World

#: Cases in all, spread evenly over the operations.
CASES = examples(150, 28_000)


def _admin_headers() -> dict[str, str]:
    from core.auth import create_user
    from core.db import session_scope

    with session_scope() as session:
        _, token = create_user(session, name="fuzz-admin", role="admin", region="",
                               actor="fuzz")
    return {"Authorization": f"Bearer {token}"}


def test_openapi_no_5xx_and_conforming(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    import schemathesis
    from hypothesis import strategies as st
    from schemathesis.checks import (
        content_type_conformance,
        not_a_server_error,
        response_schema_conformance,
        status_code_conformance,
    )

    from ecert.app import create_app

    # raw file bodies (the sharing interface's POST /api/share/verify takes a PDF or an OFD)
    files = st.one_of(st.binary(max_size=2048), st.sampled_from(
        [b"%PDF-1.7\n%%EOF\n", b"PK\x03\x04" + b"\x00" * 26, b"PK\x05\x06" + b"\x00" * 18]))
    for media_type in ("application/pdf", "application/ofd"):
        schemathesis.openapi.media_type(media_type, files)
    monkeypatch.setenv("ECERT_PUBLIC_RATE_LIMIT", "100000")  # reach the routes, not only 429
    app = create_app()
    headers = _admin_headers()
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
    operations = [result.ok() for result in schema.get_all_operations()]
    per_operation = max(1, CASES // len(operations))
    checks = [not_a_server_error, status_code_conformance, content_type_conformance,
              response_schema_conformance]

    failures: list[str] = []
    for operation in operations:
        @settings(max_examples=per_operation, database=None, deadline=None,
                  derandomize=False, phases=[Phase.explicit, Phase.generate],
                  suppress_health_check=list(HealthCheck))
        @given(case=operation.as_strategy())
        def run(case: schemathesis.Case) -> None:
            tried("schemathesis")
            try:
                response = case.call(headers=headers, timeout=120)
                assert response.status_code < 500, (case.method, case.path, response.text)
                case.validate_response(response, checks=checks, headers=headers)
            except BaseException as exc:
                CRASHES["schemathesis"] += 1
                exc.add_note(f"case: {case.method} {case.formatted_path} query={case.query!r} "
                             f"body={str(case.body)[:300]!r}")
                raise

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # all operations run; failures reported
            failures.append(f"{operation.label}: {str(exc)[:600]}")
    assert not failures, "\n\n".join(failures)
