"""The demo world of the verifier tests (issued credentials, published lists), for Schemathesis;
and the fuzz counts written when the session (or an xdist worker) ends."""

from __future__ import annotations

import pytest

from tests.fuzz._budget import write_report
from tests.verifier.conftest import world, world_template  # noqa: F401  (fixtures)


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    write_report()
