"""Offline verification: signed trust list + signed status list, no database.

Also the per-file cache the online service uses, so no request parses a list again: a list is
re-read only when its file's mtime or size changes; its age is re-checked on every call.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from core.clock import instant
from core.credential import Claims
from core.errors import EcertError
from core.freshness import stale_or_refuse
from core.rules import QualificationStatus
from core.statuslist import StatusList, StatusListError, parse_status_list
from keys import TrustList, age_trust_list, compute_kid, load_trust_list, verify
from verifier._verdict import Check, Verdict
from verifier._verify import StatusInfo, StatusLookup, verify_credential

__all__ = [
    "DEFAULT_GRACE",
    "ListFiles",
    "ListUnavailable",
    "OfflineVerifier",
    "VerifiedStatusList",
    "load_status_list",
    "status_lookup",
    "verify_offline",
]

log = logging.getLogger("ecert.verifier")

#: How long past ``expires`` a list is still used (flagged stale) before it is refused.
DEFAULT_GRACE = timedelta(days=3)
#: Lists are cached verified but un-aged; the age check runs per call against this bound.
_CACHE_GRACE = timedelta(days=36500)


class ListUnavailable(EcertError):
    """A list the service should serve has not been published yet (HTTP 503)."""

    code = "list_unavailable"
    http_status = 503


@dataclass(frozen=True, slots=True)
class VerifiedStatusList:
    """A status list whose root signature verified; ``stale`` inside the grace period."""

    status: StatusList
    stale: bool = False


def _status_error(message: str, rule: str) -> StatusListError:
    return StatusListError(f"状态列表不可用 status list refused: {message}", field="status_list",
                           rule=rule)


def load_status_list(
    data: bytes, root_public_key: bytes, *, now: datetime, grace: timedelta = DEFAULT_GRACE
) -> VerifiedStatusList:
    """Parse and verify a status list signed by the trust root; refuse it past grace."""
    parsed = parse_status_list(data)
    if parsed.kid != compute_kid(root_public_key) or parsed.algorithm != "EdDSA":
        raise _status_error("not signed by the pinned root key", "status_list_wrong_root")
    if not verify(root_public_key, "EdDSA", parsed.to_be_signed, parsed.signature):
        raise _status_error("signature does not verify (tampered)", "status_list_bad_signature")
    return age_status_list(VerifiedStatusList(parsed.status), now=now, grace=grace)


def age_status_list(
    listed: VerifiedStatusList, *, now: datetime, grace: timedelta
) -> VerifiedStatusList:
    """Flag the list stale past ``expires``; refuse it past ``expires + grace``."""
    expires = listed.status.expires
    stale = stale_or_refuse(expires, now=now, grace=grace, refuse=lambda: _status_error(
        f"expired {expires.isoformat()} and the grace period ({grace}) is over; fetch a new one",
        "status_list_expired"))
    return listed if listed.stale == stale else replace(listed, stale=stale)


def status_lookup(status: StatusList) -> StatusLookup:
    """A lookup over the list by the credential's ``status_index`` (and, for re-printed
    booklets, its version).

    An entry is one byte, so the 256 possible answers are made once and shared.
    """
    answers: list[StatusInfo | None] = []
    for byte in range(256):
        entry = status.entry_from_byte(byte)
        answers.append(None if entry is None else
                       StatusInfo(entry.qualification, entry.registration))
    data, size, superseded = status.data, len(status.data), status.superseded

    def lookup(claims: Claims) -> StatusInfo | None:
        index = claims.status_index
        if not 0 <= index < size:
            return None
        info = answers[data[index]]
        if superseded and info is not None and claims.version < status.first_version(index) \
                and info.qualification == QualificationStatus.VALID:
            # 补发/换发 re-printed the booklet under the same number: this copy is void
            return replace(info, qualification=QualificationStatus.REPLACED,
                           replaced_by=claims.certificate_number, superseded_copy=True)
        return info

    return lookup


class OfflineVerifier:
    """Verifies any number of credentials against one trust list and one status list.

    Both lists' signatures are checked once, here; each :meth:`verify` then only re-checks their
    age (a long-running verifier flags them stale, then refuses them, as time passes)::

        verifier = OfflineVerifier(trust_bytes, status_bytes, root_public_key, now=utcnow())
        for text in scanned:
            print(verifier.verify(text).summary())
    """

    def __init__(self, trust_list: bytes, status_list: bytes | None, root_public_key: bytes, *,
                 now: datetime, grace: timedelta = DEFAULT_GRACE) -> None:
        self.grace = grace
        self.trust = load_trust_list(trust_list, root_public_key, now=now, grace=grace)
        self.status = None if status_list is None else \
            load_status_list(status_list, root_public_key, now=now, grace=grace)
        # Until the first list expires (the common case), every call uses the same inputs.
        self._fresh_trust = replace(self.trust, stale=False)
        self._fresh_until = self.trust.expires
        self._lookup: StatusLookup | None = None
        self._freshness = "unknown"
        #: the status list's own check entry, fresh and stale
        self._list_checks: dict[bool, tuple[Check, ...]] = {False: (), True: ()}
        if self.status is not None:
            self._fresh_until = min(self._fresh_until, self.status.status.expires)
            self._lookup = status_lookup(self.status.status)
            self._freshness = self.status.status.issued_at.isoformat()
            self._list_checks = {stale: (status_list_check(replace(self.status, stale=stale)),)
                                 for stale in (False, True)}

    def verify(self, data: str | bytes, *, now: datetime | None = None) -> Verdict:
        """QR text or COSE bytes -> Verdict, with the lists aged against ``now`` (default: now).

        Raises TrustListExpired or StatusListError once a list is past its grace period.
        """
        now = instant() if now is None else now
        if now <= self._fresh_until:
            return verify_credential(data, trust=self._fresh_trust, status=self._lookup,
                                     freshness=self._freshness,
                                     list_checks=self._list_checks[False])
        trust = age_trust_list(self.trust, now=now, grace=self.grace)
        stale = False
        if self.status is not None:
            stale = age_status_list(self.status, now=now, grace=self.grace).stale
        return verify_credential(data, trust=trust, status=self._lookup, freshness=self._freshness,
                                 stale=stale, list_checks=self._list_checks[stale])


def verify_offline(
    data: str | bytes,
    *,
    trust_list: bytes,
    status_list: bytes | None,
    root_public_key: bytes,
    now: datetime,
    grace: timedelta = DEFAULT_GRACE,
) -> Verdict:
    """Verify QR text or COSE bytes against the lists alone (no database, no network).

    For many credentials, make one :class:`OfflineVerifier`: it checks the lists once.
    """
    return OfflineVerifier(trust_list, status_list, root_public_key, now=now,
                           grace=grace).verify(data, now=now)


def status_list_check(listed: VerifiedStatusList) -> Check:
    """The status list used, as a check entry: ``warn`` when stale."""
    status = listed.status
    detail = (f"v{status.version}, issued {status.issued_at.isoformat()}, "
              f"expires {status.expires.isoformat()}")
    if listed.stale:
        return Check("status_list", "warn", f"stale (past expiry, within grace): {detail}")
    return Check("status_list", "pass", detail)


@dataclass(frozen=True, slots=True)
class _Entry:
    stamp: tuple[int, int]
    value: object


class ListFiles:
    """The published lists on disk, parsed and verified once per file version (thread-safe)."""

    def __init__(self, trust_path: Path, status_path: Path, root_public_key: bytes,
                 grace: timedelta = DEFAULT_GRACE) -> None:
        self.trust_path, self.status_path = trust_path, status_path
        self.root_public_key, self.grace = root_public_key, grace
        self._cache: dict[Path, _Entry] = {}
        self._lock = threading.Lock()

    def _load(self, path: Path, what: str, parse: Callable[[bytes, object], object]) -> object:
        try:
            st = path.stat()
        except FileNotFoundError:
            raise ListUnavailable(f"{what}尚未发布 {what} not published yet ({path.name})",
                                  code=f"{what.replace(' ', '_')}_unavailable") from None
        stamp = (st.st_mtime_ns, st.st_size)
        entry = self._cache.get(path)
        if entry is None or entry.stamp != stamp:
            with self._lock:
                entry = self._reload(path, what, stamp, parse)
        return entry.value

    def _reload(self, path: Path, what: str, stamp: tuple[int, int],
                parse: Callable[[bytes, object], object]) -> _Entry:
        """Parse the new file; a bad or older file keeps the last good list in service."""
        previous = self._cache.get(path)
        try:
            entry = _Entry(stamp, parse(path.read_bytes(), previous and previous.value))
        except EcertError as exc:
            if previous is None:
                raise ListUnavailable(f"{what}无效 {what} refused: {exc.message}",
                                      code=f"{what.replace(' ', '_')}_invalid") from None
            log.warning("%s %s refused, keeping the last good one: %s", what, path, exc.message)
            entry = _Entry(stamp, previous.value)
        self._cache[path] = entry
        return entry

    def trust(self, now: datetime) -> TrustList:
        """The verified trust list, aged against ``now``."""

        def parse(data: bytes, previous: object) -> TrustList:
            floor = previous.version if isinstance(previous, TrustList) else 0
            return load_trust_list(data, self.root_public_key, now=now, grace=_CACHE_GRACE,
                                   min_version=floor)

        value = self._load(self.trust_path, "trust list", parse)
        assert isinstance(value, TrustList)
        return age_trust_list(value, now=now, grace=self.grace)

    def status(self, now: datetime) -> VerifiedStatusList:
        """The verified status list, aged against ``now``."""

        def parse(data: bytes, previous: object) -> VerifiedStatusList:
            listed = load_status_list(data, self.root_public_key, now=now, grace=_CACHE_GRACE)
            if isinstance(previous, VerifiedStatusList) and \
                    listed.status.version < previous.status.version:
                raise _status_error(f"version {listed.status.version} older than "
                                    f"{previous.status.version} (rollback)", "status_list_rollback")
            return listed

        value = self._load(self.status_path, "status list", parse)
        assert isinstance(value, VerifiedStatusList)
        return age_status_list(value, now=now, grace=self.grace)
