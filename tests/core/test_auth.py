"""Users and tokens (what a user may do: tests/core/test_policy.py)."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.auth import authenticate, create_user
from core.db import session_scope
from core.errors import Conflict, InvalidInput, NotAuthenticated
from core.models import AuditEvent, User


def test_token_shown_once_and_stored_hashed(registry: Engine) -> None:
    with session_scope() as s:
        user, token = create_user(s, name="王芳", role="reviewer", region="4101", actor="admin")
    with session_scope() as s:
        stored = s.exec(select(User)).one()
        assert token not in stored.token_hash and stored.token_hash != token
        assert authenticate(s, token).name == "王芳"
        assert s.exec(select(AuditEvent.action)).all() == ["users.add"]


@pytest.mark.parametrize("token", [None, "", "ect_wrong"])
def test_unknown_tokens_are_refused_alike(registry: Engine, token: str | None) -> None:
    with session_scope() as s, pytest.raises(NotAuthenticated):
        authenticate(s, token)


def test_bad_role_region_and_duplicates(registry: Engine) -> None:
    with session_scope() as s:
        with pytest.raises(InvalidInput, match="unknown role"):
            create_user(s, name="a", role="boss", region="", actor="x")
        with pytest.raises(InvalidInput, match="division-code prefix"):
            create_user(s, name="a", role="clerk", region="41a", actor="x")
        create_user(s, name="a", role="clerk", region="41", actor="x")
        with pytest.raises(Conflict):
            create_user(s, name="a", role="clerk", region="41", actor="x")
