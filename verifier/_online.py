"""Online verification: the published lists for trust, the registry (read-only) for status.

The verifier holds no private keys: it pins the root public key
(``$ECERT_HOME/public/root-key.pem``, falling back to the keystore manifest's public part) and
reads the lists the issuer publishes.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import threading
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from sqlalchemy import and_, bindparam
from sqlalchemy import select as sa_select
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import aliased
from sqlalchemy.sql import Executable
from sqlmodel import col

from core.clock import today, utcnow
from core.credential import Claims
from core.db import db_errors, engine_for
from core.errors import EcertError, InvalidInput
from core.models import Authority, Certificate, Credential, Holder, Registration, StatusEvent
from core.rules import Presentation, QualificationStatus, present, registration_state
from core.settings import (
    PUBLIC_ROOT_KEY,
    PUBLIC_STATUS_LIST,
    PUBLIC_TRUST_LIST,
    Settings,
)
from core.states import StatusEventKind, VerifierResult
from keys import KeysError, TrustList, TrustListExpired, load_public_key, root_public_key
from verifier._offline import ListFiles, ListUnavailable
from verifier._verdict import RegistrationInfo, Result, Verdict
from verifier._verify import RESULT_BY_STATUS as _RESULT_BY_STATUS
from verifier._verify import StatusInfo, StatusLookup, verify_credential

__all__ = [
    "ROOT_KEY_FILE",
    "STATUS_LIST_FILE",
    "TRUST_LIST_FILE",
    "LookupAnswer",
    "VerifierService",
    "parse_root_key",
    "pinned_root_key",
]

TRUST_LIST_FILE = PUBLIC_TRUST_LIST
STATUS_LIST_FILE = PUBLIC_STATUS_LIST
ROOT_KEY_FILE = PUBLIC_ROOT_KEY
MAX_PHOTO_BYTES = 1024 * 1024
_NUMBER = re.compile(r"[0-9]{17}")
_DUMMY_NAME = hashlib.sha256(b"ecert-lookup-dummy").digest()


def pinned_root_key(settings: Settings) -> bytes:
    """The root public key verifiers pin: the published file, else the keystore's public part."""
    published = settings.public_dir / ROOT_KEY_FILE
    try:
        if published.is_file():
            return parse_root_key(published.read_bytes())
        return root_public_key(settings.keys_dir)
    except KeysError as exc:
        raise ListUnavailable(f"根公钥不可用 root public key unavailable: {exc.message}",
                              code="root_key_unavailable") from None


def parse_root_key(data: bytes) -> bytes:
    """A pinned root key file: 32 raw bytes, 64 hex digits, or PEM/DER SubjectPublicKeyInfo."""
    if len(data) != 32:  # raw bytes must never be stripped: 0x20 or 0x0a may be key bytes
        data = data.strip()
        if len(data) == 64:
            try:
                data = bytes.fromhex(data.decode("ascii"))
            except (UnicodeDecodeError, ValueError):
                pass
    return load_public_key(data, "EdDSA").raw


@dataclass(frozen=True, slots=True)
class LookupAnswer:
    """Number + name lookup: the same shape whether or not anything matched."""

    match: bool
    result: Result
    registration: RegistrationInfo | None
    number: str
    qualification_type: int | None
    subject: str | None
    issue_date: date | None

    @property
    def presentation(self) -> Presentation:
        """Tone, headline and labels, decided as for a verdict (core.rules.present)."""
        reg = self.registration
        return present(self.result, registration=None if reg is None else reg.state,
                       valid_until=None if reg is None else reg.valid_until)


def _name_digest(name: str) -> bytes:
    text = unicodedata.normalize("NFKC", name).replace(" ", "").replace("\u3000", "")
    return hashlib.sha256(text.encode()).digest()


class VerifierService:
    """Online verification against the published lists and the read-only registry."""

    def __init__(self, settings: Settings, engine: Engine | None = None) -> None:
        public = settings.public_dir
        self.settings = settings
        self.public_dir = public
        self._engine = engine
        self._lists: ListFiles | None = None
        self._lock = threading.Lock()

    @property
    def public_urls(self) -> tuple[str, ...]:
        """This verifier's own addresses (ECERT_PUBLIC_URL and ECERT_PUBLIC_URL_ALIASES): a QR
        text under any other is ``foreign_host``."""
        return self.settings.verifier_urls

    @property
    def engine(self) -> Engine:
        """The read-only engine given, or on first use the one of this service's settings."""
        if self._engine is None:
            self._engine = engine_for(self.settings, readonly=True)
        return self._engine

    def status_since(self, verdict: Verdict) -> date | None:
        """The effective date of the revocation (forfeiture) a genuine certificate's verdict
        reports, from the registry's status events; None where it is not known (no registry,
        no event recorded). The signed status list carries no dates, only the state."""
        kind = _SINCE_KIND.get(VerifierResult(verdict.result))
        if kind is None or verdict.certificate is None or not verdict.authentic:
            return None
        try:
            with self.engine.connect() as conn:
                found = conn.execute(_SINCE_QUERY,
                                     {"number": verdict.certificate.number, "kind": kind.value}
                                     ).scalar_one_or_none()
        except (SQLAlchemyError, EcertError):
            return None
        return found if isinstance(found, date) else None

    @property
    def lists(self) -> ListFiles:
        if self._lists is None:
            with self._lock:
                root = pinned_root_key(self.settings)
                self._lists = ListFiles(self.public_dir / TRUST_LIST_FILE,
                                        self.public_dir / STATUS_LIST_FILE, root)
        return self._lists

    def trust(self, now: datetime) -> TrustList:
        """The published trust list; past its grace period the service is unavailable (503)."""
        try:
            return self.lists.trust(now)
        except TrustListExpired as exc:
            raise ListUnavailable(exc.message, code="trust_list_expired") from None

    def verify(self, data: str | bytes, *, with_photo: bool = False) -> Verdict:
        """Verify against the current trust list and the registry's status as of now."""
        now = utcnow()
        trust = self.trust(now)
        return verify_credential(data, trust=trust, status=self._lookup(with_photo),
                                 freshness=now.isoformat(), public_urls=self.public_urls)

    def verify_upload(self, data: bytes, *, seal_cas: tuple[bytes, ...] = ()) -> Verdict:
        """Verify the QR found in an image, PDF or OFD file (sniffed and bounded); PDFs also by
        PAdES, OFD files by their seal against the trust list's SM2 seal CA (and ``seal_cas``).

        In this process (the CLI, the sharing interface); the web routes run the same
        examination in the upload pool (:mod:`verifier._uploads`)."""
        from verifier._ofd import seal_roots
        from verifier._uploads import examine, verdict_for

        now = utcnow()
        trust = self.trust(now)
        ca = trust.ca_certificate
        return verdict_for(self, examine(data, [ca] if ca else [],
                                         seal_roots(trust, now=now, extra_cas=seal_cas)))

    def _lookup(self, with_photo: bool) -> StatusLookup:
        def lookup(claims: Claims) -> StatusInfo | None:
            row = self._record(claims.certificate_number, claims.version)
            if row is None:
                return None
            info = self._status(row, today(), with_photo)
            if row.copy_superseded and info.qualification == QualificationStatus.VALID:
                # 补发/换发 re-printed the booklet under the same number: this copy is void
                return replace(info, qualification=QualificationStatus.REPLACED,
                               replaced_by=claims.certificate_number, superseded_copy=True)
            return info

        return lookup

    def _record(self, number: str, version: int = -1) -> _Record | None:
        """One round trip: the certificate, its successor's number, holder name, registrations,
        and whether credential ``version`` of it has been superseded by a re-print."""
        with db_errors(), self.engine.connect() as conn:  # a busy pool: 503 busy, not a 500
            rows = conn.execute(_RECORD_QUERY, {"number": number, "version": version}).all()
        if not rows:
            return None
        first = rows[0]
        regs = tuple(_Reg(r.conclusion, r.decision_date, r.valid_from, r.valid_until)
                     for r in rows if r.conclusion is not None)
        return _Record(first.status, first.replaced_number, first.photo_path, first.holder_name,
                       first.qualification_type, first.subject, first.issue_date, regs,
                       first.authority_name, bool(first.copy_superseded), first.licence_id)

    def _status(self, row: _Record, at: date, with_photo: bool) -> StatusInfo:
        reg = registration_state(row.registrations, at)
        photo = self._photo(row.photo_path) if with_photo else None
        return StatusInfo(QualificationStatus(row.status), reg.state, reg.valid_until,
                          row.replaced_number, photo, row.authority_name or None,
                          licence_id=row.licence_id)

    def _photo(self, relative: str | None) -> bytes | None:
        if not relative:
            return None
        base = self.settings.artifacts_dir.resolve()
        path = (base / relative).resolve()
        # The path comes from the registry; still never read outside the artifacts folder.
        if not path.is_relative_to(base) or not path.is_file():
            return None
        if path.stat().st_size > MAX_PHOTO_BYTES:
            return None
        return path.read_bytes()

    def lookup(self, number: str, name: str) -> LookupAnswer:
        """Status by number + holder name; equal work and equal shape whether or not it exists."""
        if not _NUMBER.fullmatch(number):
            raise InvalidInput("证书编号须为17位数字 certificate number must be 17 digits",
                               field="number", rule="certificate_number_format")
        row = self._record(number)
        # The same work on both branches (hash, compare, state) keeps the timing close.
        stored = _name_digest(row.holder_name) if row is not None else _DUMMY_NAME
        same = hmac.compare_digest(stored, _name_digest(name))
        info = self._status(row if row is not None else _NO_RECORD, today(), False)
        if row is None or not same:
            return LookupAnswer(False, VerifierResult.NOT_FOUND, None, number, None, None, None)
        return LookupAnswer(True, _RESULT_BY_STATUS[info.qualification],
                            RegistrationInfo(info.registration, info.valid_until), number,
                            row.qualification_type, row.subject, row.issue_date)


@dataclass(frozen=True, slots=True)
class _Reg:
    conclusion: str
    decision_date: date
    valid_from: date | None
    valid_until: date | None


@dataclass(frozen=True, slots=True)
class _Record:
    status: str
    replaced_number: str | None
    photo_path: str | None
    holder_name: str
    qualification_type: int
    subject: str
    issue_date: date
    registrations: tuple[_Reg, ...]
    authority_name: str = ""
    copy_superseded: bool = False
    licence_id: str | None = None


_NO_RECORD = _Record("valid", None, None, "", 1, "", date(1970, 1, 1), ())
_NEWER = aliased(Certificate)
_RECORD_QUERY: Executable = (
    sa_select(
        col(Certificate.status), col(Certificate.photo_path),
        col(Certificate.qualification_type), col(Certificate.subject),
        col(Certificate.issue_date), col(_NEWER.number).label("replaced_number"),
        col(Holder.name).label("holder_name"), col(Authority.name).label("authority_name"),
        col(Credential.superseded).label("copy_superseded"),
        col(Credential.licence_id).label("licence_id"),
        col(Registration.conclusion),
        col(Registration.decision_date), col(Registration.valid_from),
        col(Registration.valid_until),
    )
    .select_from(Certificate)
    .join(Holder, col(Holder.id) == col(Certificate.holder_id))
    .join(Authority, col(Authority.id) == col(Certificate.authority_id))
    .outerjoin(_NEWER, col(_NEWER.id) == col(Certificate.replaced_by_id))
    .outerjoin(Credential, and_(col(Credential.certificate_id) == col(Certificate.id),
                                col(Credential.version) == bindparam("version")))
    .outerjoin(Registration, col(Registration.certificate_id) == col(Certificate.id))
    .where(col(Certificate.number) == bindparam("number"))
)

_SINCE_KIND = {VerifierResult.REVOKED: StatusEventKind.REVOCATION,
               VerifierResult.FORFEITED: StatusEventKind.FORFEITURE}
#: the latest status event of a kind for a certificate number: its effective date
_SINCE_QUERY: Executable = (
    sa_select(col(StatusEvent.effective_date))
    .join(Certificate, col(Certificate.id) == col(StatusEvent.certificate_id))
    .where(col(Certificate.number) == bindparam("number"),
           col(StatusEvent.kind) == bindparam("kind"))
    .order_by(col(StatusEvent.created_at).desc(), col(StatusEvent.id).desc())
    .limit(1)
)


def public_file(settings: Settings, name: str) -> Path:
    """Path of a published list file."""
    return settings.public_dir / name
