"""Users and API tokens; what a user may do is decided by core.policy."""

from __future__ import annotations

import getpass
import hashlib
import os
import secrets

from sqlmodel import Session, col, select

from core.audit import record_event
from core.errors import Conflict, InvalidInput, NotAuthenticated
from core.models import User
from core.policy import Role
from core.rules import clean_text

__all__ = [
    "authenticate",
    "create_user",
    "hash_token",
    "list_users",
    "local_actor",
]

TOKEN_PREFIX = "ect_"


def hash_token(token: str) -> str:
    """SHA-256 of a token: tokens are 256-bit random, so a fast hash is enough."""
    return hashlib.sha256(token.encode()).hexdigest()


def create_user(
    session: Session, *, name: str, role: str, region: str, actor: str,
    school: str | None = None,
) -> tuple[User, str]:
    """Create a user and return it with its API token (shown once, stored hashed). A school
    reviewer (role ``school``) acts for exactly one school of one county; no other role has
    a school."""
    if role not in {r.value for r in Role}:
        raise InvalidInput(f"unknown role {role!r}; one of {', '.join(Role)}", field="role",
                           rule="unknown_role")
    if region and not (region.isdigit() and len(region) <= 6):
        raise InvalidInput("region must be a division-code prefix of up to 6 digits",
                           field="region", rule="region_format")
    school = _school_of(role, region, school)
    if session.exec(select(User).where(User.name == name)).first() is not None:
        raise Conflict(f"user {name!r} exists", code="duplicate_user")
    token = TOKEN_PREFIX + secrets.token_urlsafe(32)
    user = User(name=name, role=role, region=region, school=school,
                token_hash=hash_token(token))
    session.add(user)
    session.flush()
    record_event(session, actor=actor, action="users.add", entity_type="user", entity_id=name,
                 after={"name": name, "role": role, "region": region,
                        **({"school": school} if school else {})})
    return user, token


def _school_of(role: str, region: str, school: str | None) -> str | None:
    """The school a new user acts for: required for the school role (with a county region),
    refused for every other role."""
    if role != Role.SCHOOL:
        if school:
            raise InvalidInput("只有学校审查人员（--role school）指定学校 / a school is for the "
                               "school role only", field="school", rule="school_not_allowed")
        return None
    if not school or len(region) != 6:
        raise InvalidInput("学校审查人员须指定学校和县级地区（6 位区划代码）/ the school role "
                           "needs a school and a 6-digit county region", field="school",
                           rule="school_required")
    return clean_text(school, "school", max_length=100)


def list_users(session: Session) -> list[User]:
    """All users, oldest first."""
    return list(session.exec(select(User).order_by(col(User.id))).all())


def authenticate(session: Session, token: str | None) -> User:
    """The active user owning ``token``; NotAuthenticated otherwise (same error for all cases)."""
    if not token:
        raise NotAuthenticated("an API token is required (Authorization: Bearer …)")
    user = session.exec(select(User).where(User.token_hash == hash_token(token))).first()
    if user is None or not user.active:
        raise NotAuthenticated("unknown or disabled API token")
    return user


def local_actor(explicit: str | None = None, *, env: str = "ECERT_ACTOR") -> str:
    """Who acts at this terminal, for the audit log: ``explicit``, else ``$env``, else the OS
    user; refused when none is known (a nameless change would not be attributable)."""
    name = explicit or os.environ.get(env)
    if not name:
        try:
            name = getpass.getuser()
        except (KeyError, OSError):  # containers without a passwd entry
            name = ""
    if not name.strip():
        raise InvalidInput(f"who is acting? pass --actor NAME or set {env}", field="actor",
                           rule="required")
    return name.strip()
