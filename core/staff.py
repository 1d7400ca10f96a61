"""Staff sign-in: passwords (Argon2id), server-side sessions, lockout, and an optional second
factor (TOTP) — the services behind /login and the ``ecert users`` commands.

A browser holds a random session token in a cookie; the registry keeps only its SHA-256 (a
stolen database holds no live sessions) and the session's CSRF token. A session ends after
:data:`IDLE_TIMEOUT` without a request, after :data:`SESSION_LIFETIME` in any case, at sign-out,
and when the password changes (the user's other sessions) or is reset by an admin (all).

Sign-in answers one message for an unknown name, a wrong password and a disabled account, and
does the same work for each (an unknown name is checked against a dummy hash). Lockout: after
:data:`MAX_FAILURES` consecutive failures the name is locked for :data:`LOCKOUT`, and while it is
locked every attempt — right password or not — is answered ``account_locked`` with the time to
wait. Names that do not exist lock the same way (a per-process record of their failures), so
the lock does not tell which names exist; and a locked name tells nothing about the password.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import math
import secrets
import string
import threading
from collections import OrderedDict
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pyotp
from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy import delete, or_, update
from sqlmodel import Session, col, select

from core.audit import record_event
from core.clock import utcnow
from core.errors import ConfigurationError, InvalidInput, NotAuthenticated, NotFound, RateLimited
from core.identity import sealer
from core.models import StaffSession, User
from core.pages import cst

__all__ = [
    "COOKIE",
    "IDLE_TIMEOUT",
    "LOCKOUT",
    "MAX_FAILURES",
    "PASSWORD_MIN_LENGTH",
    "SESSION_LIFETIME",
    "AccountLocked",
    "active_sessions",
    "change_password",
    "check_password_rule",
    "confirm_password",
    "disable_user",
    "end_sessions",
    "enrol_totp",
    "remove_totp",
    "generate_password",
    "hash_password",
    "new_totp_secret",
    "session_user",
    "set_password",
    "sign_in_state",
    "sign_in",
    "sign_out",
    "totp_uri",
    "unlock_user",
    "verify_password",
]

#: the staff session cookie (path /, HttpOnly, SameSite=Strict, Secure on https)
COOKIE = "ecert_staff"
PASSWORD_MIN_LENGTH = 10
PASSWORD_MAX_LENGTH = 256
#: consecutive failed sign-ins that lock a name, and for how long
MAX_FAILURES = 5
LOCKOUT = timedelta(minutes=15)
#: a session ends after this long without a request …
IDLE_TIMEOUT = timedelta(minutes=30)
#: … and this long after sign-in in any case (a working day)
SESSION_LIFETIME = timedelta(hours=10)
#: ``last_seen_at`` is written at most this often (not on every request)
TOUCH_EVERY = timedelta(minutes=1)
#: sign-in attempts per client: a burst, then a steady rate (per minute); successes give back
SIGNIN_BURST = 20
SIGNIN_PER_MINUTE = 5
TOTP_ISSUER = "ecert 教师资格电子证照"
#: the audit log's actor of a sign-in attempt not (yet) proved to be the user's
ANONYMOUS = "(sign-in)"

#: Argon2id with argon2-cffi's defaults (RFC 9106 low-memory profile); a stored hash made with
#: other parameters is replaced at the next successful sign-in
HASHER = PasswordHasher()
_WRONG = "用户名或密码错误 (wrong name or password)"
_ENDED = "登录已失效，请重新登录 (signed out or the session expired; please sign in again)"


class AccountLocked(RateLimited):
    """Too many consecutive failures: the name is refused until ``retry_after`` seconds pass."""

    code = "account_locked"

    def __init__(self, until: datetime, now: datetime) -> None:
        seconds = max(1, math.ceil((until - now).total_seconds()))
        minutes = max(1, math.ceil(seconds / 60))
        super().__init__(
            f"连续登录失败次数过多，账户已锁定，请 {minutes} 分钟后（{cst(until)} 之后）再试 "
            f"(too many failed sign-ins: locked; try again in {minutes} min)",
            retry_after=seconds,
        )
        self.retry_after = seconds


# ---- passwords ---------------------------------------------------------------------------------


def hash_password(password: str) -> str:
    """The Argon2id PHC string of ``password``."""
    return HASHER.hash(password)


def verify_password(stored: str | None, password: str) -> bool:
    """Whether ``password`` matches ``stored`` (None or a damaged hash: no; same work)."""
    if not stored:
        _dummy_verify(password)
        return False
    try:
        return HASHER.verify(stored, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


_DUMMY: list[str] = []


def _dummy_verify(password: str) -> None:
    """Spend what checking a real hash costs, so an unknown name answers as slowly."""
    if not _DUMMY:
        _DUMMY.append(HASHER.hash(secrets.token_urlsafe(16)))
    try:
        HASHER.verify(_DUMMY[0], password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        pass


def _classes(password: str) -> int:
    kinds = [any(c.islower() and c.isascii() for c in password),
             any(c.isupper() and c.isascii() for c in password),
             any(c.isdigit() for c in password),
             any(not (c.isascii() and c.isalnum()) for c in password)]
    return sum(kinds)


def check_password_rule(password: str, *, name: str) -> None:
    """Refuse a password that is short, equal to the name, or all of one kind of character."""
    if len(password) < PASSWORD_MIN_LENGTH:
        raise InvalidInput(f"密码至少 {PASSWORD_MIN_LENGTH} 个字符 (a password needs at least "
                           f"{PASSWORD_MIN_LENGTH} characters)", field="password",
                           rule="password_too_short")
    if len(password) > PASSWORD_MAX_LENGTH:
        raise InvalidInput(f"密码最多 {PASSWORD_MAX_LENGTH} 个字符 (at most "
                           f"{PASSWORD_MAX_LENGTH} characters)", field="password",
                           rule="password_too_long")
    if name and name.strip().casefold() in password.casefold():
        raise InvalidInput("密码不能包含用户名 (the password must not contain the user name)",
                           field="password", rule="password_is_name")
    if _classes(password) < 2:
        raise InvalidInput("密码须混合两类以上字符（小写、大写、数字、符号或汉字）"
                           "(mix at least two kinds: lower case, upper case, digits, symbols)",
                           field="password", rule="password_one_class")


def generate_password() -> str:
    """An initial password (16 characters from letters and digits, both present)."""
    alphabet = string.ascii_letters + string.digits
    while True:
        password = "".join(secrets.choice(alphabet) for _ in range(16))
        if _classes(password) >= 3:
            return password


# ---- the lock of names that do not exist -------------------------------------------------------


@dataclass
class _Phantom:
    failures: int = 0
    locked_until: datetime | None = None


class _PhantomLocks:
    """Failures of names with no account, so they lock like real ones (bounded, per process)."""

    def __init__(self, size: int = 10_000) -> None:
        self._names: OrderedDict[str, _Phantom] = OrderedDict()
        self._size = size
        self._lock = threading.Lock()

    def locked_until(self, name: str, now: datetime) -> datetime | None:
        with self._lock:
            entry = self._names.get(name)
            if entry and entry.locked_until and entry.locked_until > now:
                return entry.locked_until
            return None

    def fail(self, name: str, now: datetime) -> datetime | None:
        """Count a failure; the time the name is now locked until, if it is."""
        with self._lock:
            entry = self._names.pop(name, None) or _Phantom()
            if entry.locked_until and entry.locked_until <= now:
                entry = _Phantom()
            entry.failures += 1
            if entry.failures >= MAX_FAILURES:
                entry.failures, entry.locked_until = 0, now + LOCKOUT
            self._names[name] = entry
            while len(self._names) > self._size:
                self._names.popitem(last=False)
            return entry.locked_until

    def clear(self) -> None:
        with self._lock:
            self._names.clear()


PHANTOMS = _PhantomLocks()


# ---- sign-in and sessions ----------------------------------------------------------------------


def _aware(value: datetime | None) -> datetime | None:
    """A stored time as aware UTC (SQLite gives naive values back)."""
    if value is None:
        return None
    return value if value.tzinfo is not None else value.replace(tzinfo=UTC)


def _token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def _by_name(session: Session, name: str) -> User | None:
    return session.exec(select(User).where(User.name == name)).first()


def sign_in(
    session: Session,
    *,
    name: str,
    password: str,
    totp: str | None = None,
    client: str,
    secret: str = "",
) -> tuple[User, str, StaffSession]:
    """Check a name and password (and the TOTP code of a user who enrolled one) and open a
    session: the user, the cookie's token (shown once) and the session row.

    A failure is counted and audited in ``session`` before NotAuthenticated (or AccountLocked)
    is raised: the caller commits the unit of work even then (catch the error inside it).
    ``secret`` is the app secret (``ECERT_SECRET``) that encrypts TOTP secrets.
    """
    name = name.strip()[:64]
    now = utcnow()
    user = _by_name(session, name) if name else None
    if user is None:
        _dummy_verify(password)
        return _refuse_unknown(session, name, client, now)
    locked = _aware(user.locked_until)
    if locked is not None and locked > now:
        _dummy_verify(password)  # the same work, and nothing learnt about the password
        _audit(session, user.name, "staff.signin_locked", actor=ANONYMOUS, client=client)
        raise AccountLocked(locked, now)
    if not (verify_password(user.password_hash, password) and user.active):
        _fail(session, user, client, now, reason="password")
    if user.totp_cipher is not None:
        if not (totp or "").strip():
            _audit(session, user.name, "staff.signin_totp_asked", client=client)
            raise NotAuthenticated("请输入动态口令 (enter the one-time code from your "
                                   "authenticator app)", code="totp_required")
        if not _totp_ok(session, user, totp or "", secret):
            _fail(session, user, client, now, reason="totp")
    assert user.password_hash is not None
    if HASHER.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(password)
    user.failed_logins, user.locked_until = 0, None
    token, staff_session = _open(session, user, client, now)
    _audit(session, user.name, "staff.signin", client=client)
    return user, token, staff_session


def _refuse_unknown(session: Session, name: str, client: str, now: datetime) -> tuple[
        User, str, StaffSession]:
    locked = PHANTOMS.locked_until(name, now)
    if locked is not None:
        raise AccountLocked(locked, now)
    record_event(session, actor=ANONYMOUS, action="staff.signin_failed", entity_type="user",
                 entity_id="(unknown)", after={"client": client, "reason": "unknown_name"})
    locked = PHANTOMS.fail(name, now)
    if locked is not None:
        raise AccountLocked(locked, now)
    raise NotAuthenticated(_WRONG)


def _fail(session: Session, user: User, client: str, now: datetime, *, reason: str) -> None:
    """Count a failure (locking at the threshold) and raise."""
    _count_failure(session, user)
    _audit(session, user.name, "staff.signin_failed", actor=ANONYMOUS, client=client,
           reason=reason, failures=user.failed_logins)
    if user.failed_logins >= MAX_FAILURES:
        user.failed_logins, user.locked_until = 0, now + LOCKOUT
        _audit(session, user.name, "staff.locked", actor=ANONYMOUS, client=client,
               until=(now + LOCKOUT).isoformat())
        session.add(user)
        raise AccountLocked(now + LOCKOUT, now)
    session.add(user)
    if reason == "totp":
        raise NotAuthenticated("动态口令错误 (wrong one-time code)", code="totp_invalid")
    raise NotAuthenticated(_WRONG)


def _count_failure(session: Session, user: User) -> None:
    """``failed_logins + 1`` in the database itself, so that concurrent wrong guesses each
    count (a read-modify-write would lose some and allow more than the threshold)."""
    session.execute(update(User).where(col(User.id) == user.id)
                    .values(failed_logins=col(User.failed_logins) + 1))
    session.refresh(user, ["failed_logins"])


def _open(session: Session, user: User, client: str, now: datetime) -> tuple[str, StaffSession]:
    # sessions that ended long ago go as new ones open: the table stays the size of a month's
    # sign-ins (the audit log keeps who signed in when)
    session.execute(delete(StaffSession).where(col(StaffSession.expires_at) < now - SESSION_KEPT))
    token = secrets.token_urlsafe(32)
    staff_session = StaffSession(token_hash=_token_hash(token), user_id=user.id or 0,
                                 csrf_token=secrets.token_urlsafe(32), created_at=now,
                                 last_seen_at=now, expires_at=now + SESSION_LIFETIME,
                                 client=client[:64])
    session.add(user)
    session.add(staff_session)
    session.flush()
    return token, staff_session


#: how long a session row is kept after its absolute end (then deleted at a sign-in)
SESSION_KEPT = timedelta(days=30)


def _audit(session: Session, name: str, action: str, *, actor: str | None = None,
           **after: object) -> None:
    record_event(session, actor=actor or name, action=action, entity_type="user",
                 entity_id=name, after=dict(after) or None)


def session_user(session: Session, token: str | None) -> tuple[User, StaffSession]:
    """The active user and live session behind a cookie token; NotAuthenticated otherwise.
    Notes the request (``last_seen_at``, at most once a minute) for the idle expiry."""
    if not token:
        raise NotAuthenticated("请先登录 (please sign in)")
    staff_session = session.exec(
        select(StaffSession).where(StaffSession.token_hash == _token_hash(token))).first()
    now = utcnow()
    if staff_session is None or not _live(staff_session, now):
        raise NotAuthenticated(_ENDED)
    user = session.get(User, staff_session.user_id)
    if user is None or not user.active:
        raise NotAuthenticated(_ENDED)
    seen = _aware(staff_session.last_seen_at)
    if seen is None or now - seen >= TOUCH_EVERY:
        staff_session.last_seen_at = now
        session.add(staff_session)
    return user, staff_session


def _live(staff_session: StaffSession, now: datetime) -> bool:
    expires = _aware(staff_session.expires_at)
    seen = _aware(staff_session.last_seen_at)
    return (staff_session.ended_at is None and expires is not None and now < expires
            and seen is not None and now - seen < IDLE_TIMEOUT)


def sign_out(session: Session, token: str | None) -> User | None:
    """End the session behind ``token`` (nothing if there is none); its user, for the page."""
    if not token:
        return None
    staff_session = session.exec(
        select(StaffSession).where(StaffSession.token_hash == _token_hash(token))).first()
    if staff_session is None or staff_session.ended_at is not None:
        return None
    staff_session.ended_at = utcnow()
    session.add(staff_session)
    user = session.get(User, staff_session.user_id)
    if user is not None:
        _audit(session, user.name, "staff.signout", client=staff_session.client)
    return user


def active_sessions(session: Session, user: User) -> list[StaffSession]:
    """The user's live sessions, newest first."""
    now = utcnow()
    rows = session.exec(select(StaffSession).where(StaffSession.user_id == user.id)
                        .where(col(StaffSession.ended_at).is_(None))
                        .order_by(col(StaffSession.created_at).desc())).all()
    return [row for row in rows if _live(row, now)]


def end_sessions(session: Session, user: User, *, keep: StaffSession | None = None) -> int:
    """End the user's sessions but ``keep`` (sign out everywhere else); how many ended."""
    ended = _end_sessions(session, user, keep=keep.id if keep else None)
    if ended:
        _audit(session, user.name, "staff.sessions_ended", ended=ended)
    return ended


def _end_sessions(session: Session, user: User, *, keep: int | None = None) -> int:
    now, ended = utcnow(), 0
    rows = session.exec(select(StaffSession).where(StaffSession.user_id == user.id)
                        .where(col(StaffSession.ended_at).is_(None))).all()
    for row in rows:
        if keep is not None and row.id == keep:
            continue
        row.ended_at = now
        session.add(row)
        ended += 1
    return ended


def change_password(session: Session, user: User, *, current: str, new: str,
                    keep: StaffSession | None = None) -> None:
    """The user's own change: the current password (see :func:`confirm_password`), then the
    rule; ends their other sessions."""
    confirm_password(session, user, current)
    if hmac.compare_digest(current.encode(), new.encode()):
        raise InvalidInput("新密码不能与当前密码相同 (choose a different password)",
                           field="password", rule="password_unchanged")
    check_password_rule(new, name=user.name)
    _store_password(user, new, must_change=False)
    session.add(user)
    ended = _end_sessions(session, user, keep=keep.id if keep else None)
    _audit(session, user.name, "staff.password_changed", other_sessions_ended=ended)


def confirm_password(session: Session, user: User, password: str) -> None:
    """Refuse (InvalidInput ``wrong_password``) a wrong current password from a signed-in
    user. It counts as a failed sign-in: a stolen session cannot guess the password without
    meeting the lockout, which here also ends every session of the user. The count is written
    in ``session`` before the error: the caller commits even then (as for :func:`sign_in`)."""
    if verify_password(user.password_hash, password):
        return
    now = utcnow()
    _count_failure(session, user)
    _audit(session, user.name, "staff.password_confirm_failed", failures=user.failed_logins)
    if user.failed_logins >= MAX_FAILURES:
        user.failed_logins, user.locked_until = 0, now + LOCKOUT
        ended = _end_sessions(session, user)
        _audit(session, user.name, "staff.locked", until=(now + LOCKOUT).isoformat(),
               sessions_ended=ended)
        session.add(user)
        raise AccountLocked(now + LOCKOUT, now)
    session.add(user)
    raise InvalidInput("当前密码不正确 (the current password is wrong)",
                       field="current_password", rule="wrong_password")


def _store_password(user: User, password: str, *, must_change: bool) -> None:
    user.password_hash = hash_password(password)
    user.must_change_password = must_change
    user.password_changed_at = utcnow()
    user.failed_logins, user.locked_until = 0, None


def set_password(session: Session, name: str, password: str, *, actor: str,
                 must_change: bool = True, check_rule: bool = True) -> User:
    """An admin sets (resets) a user's password: every session of theirs ends, the lock is
    lifted, and by default they must choose their own at the next sign-in."""
    user = _user(session, name)
    if check_rule:
        check_password_rule(password, name=user.name)
    _store_password(user, password, must_change=must_change)
    session.add(user)
    ended = _end_sessions(session, user)
    record_event(session, actor=actor, action="staff.password_set", entity_type="user",
                 entity_id=user.name, after={"must_change": must_change, "sessions_ended": ended})
    return user


def sign_in_state(user: User) -> str:
    """How the user signs in, for ``ecert users list``: token only, password (+TOTP), must
    change, locked until …"""
    if not user.password_hash:
        return "API token only"
    parts = ["password" + (" + TOTP" if user.totp_cipher is not None else "")]
    if user.must_change_password:
        parts.append("must change")
    locked = _aware(user.locked_until)
    if locked is not None and locked > utcnow():
        parts.append(f"locked until {cst(locked)} CST")
    return ", ".join(parts)


def _user(session: Session, name: str) -> User:
    user = _by_name(session, name)
    if user is None:
        raise NotFound(f"没有用户 {name} (no user {name!r})", code="unknown_user")
    return user


def unlock_user(session: Session, name: str, *, actor: str) -> User:
    """Lift a lockout before it ends by itself."""
    user = _user(session, name)
    user.failed_logins, user.locked_until = 0, None
    session.add(user)
    record_event(session, actor=actor, action="staff.unlocked", entity_type="user",
                 entity_id=user.name)
    return user


def disable_user(session: Session, name: str, *, actor: str) -> User:
    """Disable an account: no sign-in, no API token; every session ends."""
    user = _user(session, name)
    user.active = False
    session.add(user)
    ended = _end_sessions(session, user)
    record_event(session, actor=actor, action="users.disable", entity_type="user",
                 entity_id=user.name, after={"active": False, "sessions_ended": ended})
    return user


# ---- second factor -----------------------------------------------------------------------------


def _fernet(secret: str) -> Fernet:
    if not secret:
        raise ConfigurationError("the app secret is needed for the second factor",
                                 code="no_secret")
    return sealer(secret, "ecert/totp-encrypt/v1")


def new_totp_secret() -> str:
    """A fresh base32 TOTP secret (160 bits)."""
    return pyotp.random_base32(32)


def totp_uri(totp_secret: str, name: str) -> str:
    """The otpauth:// URI an authenticator app reads from the QR code."""
    return pyotp.TOTP(totp_secret).provisioning_uri(name=name, issuer_name=TOTP_ISSUER)


def _totp_ok(session: Session, user: User, code: str, secret: str) -> bool:
    """Whether ``code`` is the user's current one-time code (one step of clock drift either
    way) and has not been used before: the step it belongs to is claimed in the database, so
    the same code cannot open a second session, even from two requests at once."""
    assert user.totp_cipher is not None
    try:
        totp_secret = _fernet(secret).decrypt(user.totp_cipher).decode()
    except InvalidToken as exc:
        raise ConfigurationError("cannot decrypt a second-factor secret: ECERT_SECRET changed",
                                 code="wrong_secret") from exc
    code = "".join(code.split())
    totp, now = pyotp.TOTP(totp_secret), utcnow()
    step = next((totp.timecode(now) + drift for drift in (-1, 0, 1)
                 if hmac.compare_digest(totp.at(now, counter_offset=drift), code)), None)
    if step is None:
        return False
    claimed = session.execute(
        update(User).where(col(User.id) == user.id)
        .where(or_(col(User.totp_last_step).is_(None), col(User.totp_last_step) < step))
        .values(totp_last_step=step))
    session.refresh(user, ["totp_last_step"])
    return bool(claimed.rowcount)  # type: ignore[attr-defined]


def enrol_totp(session: Session, user: User, *, totp_secret: str, code: str,
               secret: str) -> None:
    """Store ``totp_secret`` (encrypted) once the user proved their app holds it with ``code``;
    from then on sign-in asks for a code."""
    code = "".join(code.split())
    try:
        base64.b32decode(totp_secret, casefold=False)
        if len(totp_secret) < 26:
            raise ValueError("short")
    except ValueError:
        raise InvalidInput("密钥无效，请刷新页面重新开始 (not a valid key: reload the page)",
                           field="totp_secret", rule="totp_secret_invalid") from None
    if not pyotp.TOTP(totp_secret).verify(code, for_time=utcnow(), valid_window=1):
        raise InvalidInput("动态口令不正确，请核对手机上的时间后重试 (wrong code: check the "
                           "phone's clock and try again)", field="code", rule="totp_invalid")
    user.totp_cipher = _fernet(secret).encrypt(totp_secret.encode())
    user.totp_last_step = pyotp.TOTP(totp_secret).timecode(utcnow())  # this code is spent
    session.add(user)
    _audit(session, user.name, "staff.totp_enrolled")


def remove_totp(session: Session, name: str, *, actor: str) -> User:
    """Remove a user's second factor (an admin, when the phone is lost)."""
    user = _user(session, name)
    user.totp_cipher = None
    session.add(user)
    record_event(session, actor=actor, action="staff.totp_removed", entity_type="user",
                 entity_id=user.name)
    return user
