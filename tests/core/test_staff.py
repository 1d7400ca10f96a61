"""core.staff: Argon2id passwords and the password rule, sign-in with one answer for every
refusal, lockout (also of names that do not exist), session expiry on the frozen clock,
password changes ending sessions, the second factor, and an audit trail without secrets."""

from __future__ import annotations

import json
from datetime import timedelta

import pyotp
import pytest
from argon2 import PasswordHasher
from sqlalchemy.engine import Engine
from sqlmodel import select

import core.staff as staff
from core import clock
from core.db import session_scope
from core.errors import InvalidInput, NotAuthenticated
from core.models import AuditEvent, StaffSession, User
from core.staff import (
    IDLE_TIMEOUT,
    LOCKOUT,
    MAX_FAILURES,
    SESSION_LIFETIME,
    AccountLocked,
    change_password,
    check_password_rule,
    disable_user,
    enrol_totp,
    hash_password,
    new_totp_secret,
    session_user,
    set_password,
    sign_in,
    sign_out,
    unlock_user,
    verify_password,
)
from tests.conftest import FROZEN_NOW
from tests.staffing import PASSWORD, make_staff

SECRET = "test-app-secret-for-totp"


@pytest.fixture
def engine(registry: Engine) -> Engine:
    """A registry on SQLite and on PostgreSQL (where configured) with one clerk."""
    make_staff(registry, "王芳", "clerk", "11")
    return registry


def attempt(engine: Engine, name: str = "王芳", password: str = PASSWORD,
            totp: str | None = None) -> tuple[User, str, StaffSession]:
    """One sign-in in its own unit of work, committed whether it succeeds or not (as /login)."""
    failure: Exception | None = None
    with session_scope(engine) as s:
        try:
            return sign_in(s, name=name, password=password, totp=totp, client="203.0.113.9",
                           secret=SECRET)
        except (NotAuthenticated, AccountLocked) as exc:
            failure = exc
    assert failure is not None
    raise failure


def at(delta: timedelta) -> None:
    clock.freeze(FROZEN_NOW + delta)


# ---- passwords ---------------------------------------------------------------------------------


def test_hash_is_argon2id_and_verifies() -> None:
    stored = hash_password("Correct-horse-9")
    assert stored.startswith("$argon2id$")
    assert verify_password(stored, "Correct-horse-9")
    assert not verify_password(stored, "correct-horse-9")
    assert not verify_password(None, "anything")
    assert not verify_password("not a hash", "anything")


def test_production_parameters_are_argon2_defaults() -> None:
    stored = PasswordHasher().hash("Correct-horse-9")
    assert "m=65536,t=3,p=4" in stored  # RFC 9106 low-memory profile


def test_a_hash_with_old_parameters_is_replaced_at_sign_in(engine: Engine,
                                                           monkeypatch: pytest.MonkeyPatch
                                                           ) -> None:
    with session_scope(engine) as s:
        user = s.exec(select(User).where(User.name == "王芳")).one()
        old = user.password_hash
    assert old and "m=1024,t=1,p=1" in old
    monkeypatch.setattr(staff, "HASHER", PasswordHasher(time_cost=2, memory_cost=2048,
                                                        parallelism=1))
    attempt(engine)
    with session_scope(engine) as s:
        new = s.exec(select(User).where(User.name == "王芳")).one().password_hash
    assert new and "m=2048,t=2,p=1" in new and verify_password(new, PASSWORD)


@pytest.mark.parametrize(("password", "rule"), [
    ("Short-1", "password_too_short"),
    ("wangfang-2026-spring", "password_is_name"),
    ("abcdefghijklmn", "password_one_class"),
    ("12345678901234", "password_one_class"),
    ("x" * 300 + "1", "password_too_long"),
])
def test_password_rule_refuses(password: str, rule: str) -> None:
    with pytest.raises(InvalidInput) as refused:
        check_password_rule(password, name="wangfang")
    assert refused.value.code == rule
    assert any("\u4e00" <= c <= "\u9fff" for c in refused.value.message)  # Chinese first


@pytest.mark.parametrize("password", ["correct-horse-battery", "教师资格证书2026年", "Abcdefghijk"])
def test_password_rule_accepts(password: str) -> None:
    check_password_rule(password, name="wangfang")


def test_generated_password_meets_the_rule() -> None:
    for _ in range(20):
        check_password_rule(staff.generate_password(), name="admin")


# ---- sign-in -----------------------------------------------------------------------------------


def test_sign_in_opens_a_session_keeping_only_hashes(engine: Engine) -> None:
    user, token, row = attempt(engine)
    assert user.name == "王芳" and len(token) >= 40
    with session_scope(engine) as s:
        stored = s.exec(select(StaffSession)).one()
        assert stored.token_hash != token and len(stored.token_hash) == 64
        assert stored.client == "203.0.113.9"
        assert clock.utcnow() + SESSION_LIFETIME == stored.expires_at.replace(
            tzinfo=clock.utcnow().tzinfo)
        found, _ = session_user(s, token)
        assert found.name == "王芳"


def test_one_answer_for_unknown_name_wrong_password_and_disabled(engine: Engine) -> None:
    make_staff(engine, "停用", "clerk", "11")
    with session_scope(engine) as s:
        disable_user(s, "停用", actor="admin")
    answers = []
    for name, password in (("无此人", PASSWORD), ("王芳", "Wrong-password-1"), ("停用", PASSWORD)):
        with pytest.raises(NotAuthenticated) as refused:
            attempt(engine, name, password)
        answers.append((refused.value.code, refused.value.message))
    assert len(set(answers)) == 1, answers
    assert answers[0][0] == "not_authenticated" and "用户名或密码错误" in answers[0][1]


def test_an_unknown_name_costs_a_hash_check_too(engine: Engine,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[str] = []

    class Counting(PasswordHasher):
        def verify(self, hash: str | bytes, password: str | bytes) -> bool:
            calls.append(str(hash)[:10])
            return super().verify(hash, password)

    monkeypatch.setattr(staff, "HASHER", Counting(time_cost=1, memory_cost=1024, parallelism=1))
    with pytest.raises(NotAuthenticated):
        attempt(engine, "无此人", PASSWORD)
    with pytest.raises(NotAuthenticated):
        attempt(engine, "王芳", "Wrong-password-1")
    assert calls == ["$argon2id$", "$argon2id$"]


def test_lockout_after_consecutive_failures_and_its_end(engine: Engine) -> None:
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(NotAuthenticated):
            attempt(engine, password="Wrong-password-1")
    with pytest.raises(AccountLocked) as locked:
        attempt(engine, password="Wrong-password-1")  # the fifth locks
    assert locked.value.code == "account_locked" and locked.value.http_status == 429
    assert locked.value.retry_after == LOCKOUT.total_seconds()
    assert "账户已锁定" in locked.value.message and "15 分钟" in locked.value.message
    at(timedelta(minutes=5))
    with pytest.raises(AccountLocked) as still:
        attempt(engine)  # the right password tells nothing while locked
    assert still.value.retry_after == 10 * 60
    at(LOCKOUT + timedelta(seconds=1))
    attempt(engine)
    for _ in range(MAX_FAILURES - 1):  # a success started the count again
        with pytest.raises(NotAuthenticated):
            attempt(engine, password="Wrong-password-1")
    attempt(engine)


def test_unknown_names_lock_like_real_ones(engine: Engine) -> None:
    def answers(name: str) -> list[str]:
        out = []
        for _ in range(MAX_FAILURES + 1):
            with pytest.raises((NotAuthenticated, AccountLocked)) as refused:
                attempt(engine, name, "Wrong-password-1")
            out.append(refused.value.code)
        return out

    assert answers("无此人") == answers("王芳") == (
        ["not_authenticated"] * (MAX_FAILURES - 1) + ["account_locked", "account_locked"])


def test_admin_unlock_lifts_the_lock(engine: Engine) -> None:
    for _ in range(MAX_FAILURES):
        with pytest.raises((NotAuthenticated, AccountLocked)):
            attempt(engine, password="Wrong-password-1")
    with session_scope(engine) as s:
        unlock_user(s, "王芳", actor="admin")
    attempt(engine)


# ---- sessions ----------------------------------------------------------------------------------


def _user_of(engine: Engine, token: str) -> User:
    with session_scope(engine) as s:
        return session_user(s, token)[0]


def test_idle_expiry(engine: Engine) -> None:
    _, token, _ = attempt(engine)
    at(IDLE_TIMEOUT - timedelta(minutes=1))
    _user_of(engine, token)  # a request: the idle clock starts again
    at(2 * IDLE_TIMEOUT - timedelta(minutes=2))
    _user_of(engine, token)
    at(3 * IDLE_TIMEOUT)
    with pytest.raises(NotAuthenticated) as ended:
        _user_of(engine, token)
    assert "重新登录" in ended.value.message


def test_absolute_expiry_despite_activity(engine: Engine) -> None:
    _, token, _ = attempt(engine)
    step = timedelta(minutes=20)
    elapsed = timedelta(0)
    while elapsed + step < SESSION_LIFETIME:
        elapsed += step
        at(elapsed)
        _user_of(engine, token)
    at(SESSION_LIFETIME)
    with pytest.raises(NotAuthenticated):
        _user_of(engine, token)


def test_sign_out_ends_the_session(engine: Engine) -> None:
    _, token, _ = attempt(engine)
    with session_scope(engine) as s:
        assert sign_out(s, token) is not None
    with pytest.raises(NotAuthenticated):
        _user_of(engine, token)
    with session_scope(engine) as s:
        assert sign_out(s, token) is None  # twice: nothing more


def test_password_change_ends_the_other_sessions(engine: Engine) -> None:
    _, here, here_row = attempt(engine)
    _, other, _ = attempt(engine)
    with session_scope(engine) as s:
        user = s.exec(select(User).where(User.name == "王芳")).one()
        with pytest.raises(InvalidInput) as wrong:
            change_password(s, user, current="Wrong-password-1", new="New-password-2026")
        assert wrong.value.code == "wrong_password"
        with pytest.raises(InvalidInput):
            change_password(s, user, current=PASSWORD, new=PASSWORD)
        change_password(s, user, current=PASSWORD, new="New-password-2026",
                        keep=s.get(StaffSession, here_row.id))
    assert _user_of(engine, here).name == "王芳"
    with pytest.raises(NotAuthenticated):
        _user_of(engine, other)
    with pytest.raises(NotAuthenticated):
        attempt(engine)
    attempt(engine, password="New-password-2026")


def test_admin_reset_forces_a_change_and_ends_every_session(engine: Engine) -> None:
    _, token, _ = attempt(engine)
    with session_scope(engine) as s:
        with pytest.raises(InvalidInput):
            set_password(s, "王芳", "short", actor="admin")
        set_password(s, "王芳", "Reset-password-77", actor="admin")
    with pytest.raises(NotAuthenticated):
        _user_of(engine, token)
    user, _, _ = attempt(engine, password="Reset-password-77")
    assert user.must_change_password


# ---- second factor -----------------------------------------------------------------------------


def test_totp_enrolment_then_required_at_sign_in(engine: Engine) -> None:
    secret = new_totp_secret()
    code = pyotp.TOTP(secret).at(FROZEN_NOW)
    wrong = f"{(int(code) + 1) % 1_000_000:06d}"
    with session_scope(engine) as s:
        user = s.exec(select(User).where(User.name == "王芳")).one()
        with pytest.raises(InvalidInput):
            enrol_totp(s, user, totp_secret=secret, code=wrong, secret=SECRET)
        enrol_totp(s, user, totp_secret=secret, code=code, secret=SECRET)
        assert user.totp_cipher and secret.encode() not in user.totp_cipher
    with pytest.raises(NotAuthenticated) as asked:
        attempt(engine)
    assert asked.value.code == "totp_required" and "动态口令" in asked.value.message
    with pytest.raises(NotAuthenticated) as refused:
        attempt(engine, totp=wrong)
    assert refused.value.code == "totp_invalid"
    with pytest.raises(NotAuthenticated):  # a code without the password is nothing
        attempt(engine, password="Wrong-password-1", totp=code)
    at(timedelta(seconds=30))
    attempt(engine, totp=pyotp.TOTP(secret).at(FROZEN_NOW + timedelta(seconds=30)))


def test_a_one_time_code_opens_one_session_only(engine: Engine) -> None:
    """A code is good once: not the enrolment's code again, not a code already used (seen over
    a shoulder or in a log), not an older one; the next step's code is."""
    secret = new_totp_secret()
    totp = pyotp.TOTP(secret)
    with session_scope(engine) as s:
        user = s.exec(select(User).where(User.name == "王芳")).one()
        enrol_totp(s, user, totp_secret=secret, code=totp.at(FROZEN_NOW), secret=SECRET)
    with pytest.raises(NotAuthenticated) as spent:
        attempt(engine, totp=totp.at(FROZEN_NOW))  # the enrolment's own code
    assert spent.value.code == "totp_invalid"
    at(timedelta(seconds=30))
    attempt(engine, totp=totp.at(FROZEN_NOW + timedelta(seconds=30)))
    with pytest.raises(NotAuthenticated):  # the same code a second time
        attempt(engine, totp=totp.at(FROZEN_NOW + timedelta(seconds=30)))
    at(timedelta(seconds=40))  # an earlier step's code, still within the drift allowed
    with pytest.raises(NotAuthenticated):
        attempt(engine, totp=totp.at(FROZEN_NOW))
    at(timedelta(seconds=60))
    attempt(engine, totp=totp.at(FROZEN_NOW + timedelta(seconds=60)))


def test_sessions_long_ended_are_deleted_as_new_ones_open(engine: Engine) -> None:
    attempt(engine)
    at(staff.SESSION_LIFETIME + staff.SESSION_KEPT - timedelta(minutes=1))
    attempt(engine)
    with session_scope(engine) as s:
        assert len(s.exec(select(StaffSession)).all()) == 2  # the first not yet a month old
    at(staff.SESSION_LIFETIME * 2 + staff.SESSION_KEPT)
    attempt(engine)
    with session_scope(engine) as s:
        assert len(s.exec(select(StaffSession)).all()) == 2  # the first one went


def test_wrong_codes_count_towards_the_lock(engine: Engine) -> None:
    secret = new_totp_secret()
    with session_scope(engine) as s:
        user = s.exec(select(User).where(User.name == "王芳")).one()
        enrol_totp(s, user, totp_secret=secret, code=pyotp.TOTP(secret).at(FROZEN_NOW),
                   secret=SECRET)
    for _ in range(MAX_FAILURES - 1):
        with pytest.raises(NotAuthenticated):
            attempt(engine, totp="000000" if pyotp.TOTP(secret).at(FROZEN_NOW) != "000000"
                    else "111111")
    with pytest.raises(AccountLocked):
        attempt(engine, totp="999999" if pyotp.TOTP(secret).at(FROZEN_NOW) != "999999"
                else "111111")


# ---- audit -------------------------------------------------------------------------------------


def test_every_step_is_audited_without_secrets(engine: Engine) -> None:
    with pytest.raises(NotAuthenticated):
        attempt(engine, password="Wrong-password-1")
    with pytest.raises(NotAuthenticated):
        attempt(engine, "无此人", "Another-wrong-2")
    _, token, _ = attempt(engine)
    with session_scope(engine) as s:
        sign_out(s, token)
        user = s.exec(select(User).where(User.name == "王芳")).one()
        change_password(s, user, current=PASSWORD, new="New-password-2026")
    for _ in range(MAX_FAILURES):
        with pytest.raises((NotAuthenticated, AccountLocked)):
            attempt(engine, password="Wrong-password-3")
    with session_scope(engine) as s:
        events = s.exec(select(AuditEvent)).all()
    actions = [e.action for e in events]
    for action in ("staff.signin_failed", "staff.signin", "staff.password_changed",
                   "staff.locked", "staff.signout", "staff.password_set"):
        assert action in actions, action
    text = json.dumps([[e.actor, e.entity_id, e.before, e.after] for e in events],
                      ensure_ascii=False)
    for secret in (PASSWORD, "Wrong-password-1", "Another-wrong-2", "New-password-2026",
                   "Wrong-password-3", token, "无此人"):
        assert secret not in text, secret


def test_wrong_current_passwords_from_a_session_meet_the_lockout(engine: Engine) -> None:
    """A stolen session cannot guess the password: the password page counts failures too,
    and the lock ends every session."""
    from core.staff import confirm_password

    _, token, _ = attempt(engine)
    for _ in range(MAX_FAILURES - 1):
        with session_scope(engine) as s:
            user = s.exec(select(User).where(User.name == "王芳")).one()
            with pytest.raises(InvalidInput):
                confirm_password(s, user, "Wrong-password-1")
    with session_scope(engine) as s:
        user = s.exec(select(User).where(User.name == "王芳")).one()
        with pytest.raises(AccountLocked):
            confirm_password(s, user, "Wrong-password-1")
    with pytest.raises(NotAuthenticated):
        _user_of(engine, token)
    with pytest.raises(AccountLocked):
        attempt(engine)


def test_concurrent_wrong_guesses_each_count(engine: Engine) -> None:
    """Failures are counted in the database (``failed_logins + 1``), not read and written back:
    guesses sent at the same time cannot slip past the threshold."""
    from concurrent.futures import ThreadPoolExecutor

    def guess(_: int) -> str:
        try:
            attempt(engine, password="Wrong-password-1")
        except (NotAuthenticated, AccountLocked) as exc:
            return exc.code
        except Exception as exc:  # noqa: BLE001 - a busy database is a refusal too
            return type(exc).__name__
        return "signed in"

    with ThreadPoolExecutor(4) as pool:
        codes = list(pool.map(guess, range(MAX_FAILURES)))
    assert "signed in" not in codes
    with pytest.raises(AccountLocked):
        attempt(engine)
