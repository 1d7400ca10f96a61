"""The registry: holders, certificates, annotations, registrations, status events, credentials,
authorities, users and the append-only audit log.

Every table carries provenance (who created it, when, from what). ID numbers are stored only as a
keyed hash (lookup) and an encrypted blob (export), plus the masked public form.
"""

from __future__ import annotations

import datetime as dt
from datetime import date, datetime
from enum import StrEnum
from typing import Any

from sqlalchemy import Column, Dialect, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

from core.states import (
    AnnotationKind,
    ApplicationState,
    CycleState,
    ObjectionState,
    QualificationStatus,
    RegistrationConclusion,
    RegistrationReason,
    ReviewState,
    StatusEventKind,
)

__all__ = [
    "Annotation",
    "AuditEvent",
    "AuditHead",
    "Authority",
    "Certificate",
    "CertificatePublic",
    "ConsoleBatch",
    "Credential",
    "Holder",
    "HolderCode",
    "HolderContact",
    "Registration",
    "RegistrationApplication",
    "RegistrationCycle",
    "RegistrationObjection",
    "ShareClient",
    "ShareNonce",
    "StaffSession",
    "StatusEvent",
    "User",
    "UserPublic",
    "StateColumn",
    "metadata",
]

metadata = SQLModel.metadata


class StateColumn(TypeDecorator[StrEnum]):
    """A state enum stored as its value in a plain VARCHAR: the same strings as before the
    enums, no database enum type; rows read back as enum members."""

    impl = String
    cache_ok = True

    def __init__(self, enum: type[StrEnum], length: int) -> None:
        super().__init__(length)
        self.enum = enum

    def process_bind_param(self, value: Any, dialect: Dialect) -> str | None:
        # A filter with an unknown value (a query parameter) matches nothing, as before; rows
        # are only written from enum-typed code.
        return None if value is None else str(value)

    def process_result_value(self, value: Any, dialect: Dialect) -> StrEnum | None:
        return None if value is None else self.enum(value)


def _now() -> datetime:
    from core.clock import utcnow

    return utcnow()


class Authority(SQLModel, table=True):
    """认定机构: code = province (2) + authority code (3) as in certificate-number digits 5–9."""

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(index=True, unique=True, max_length=16)
    name: str = Field(max_length=100)
    division_code: str = Field(max_length=6, description="GB/T 2260 division code")
    parent_id: int | None = Field(default=None, foreign_key="authority.id")
    #: 统一社会信用代码 (GB 32100), the issuer code in GB/T 36904 licence identifiers
    uscc: str | None = Field(default=None, max_length=18)


class UserBase(SQLModel):
    name: str = Field(index=True, unique=True, max_length=64)
    role: str = Field(max_length=16, description="clerk | reviewer | admin | auditor")
    region: str = Field(default="", max_length=6, description="division-code prefix; '' = all")
    #: the one school a school-review user (学校审查) acts for, as written on certificates
    school: str | None = Field(default=None, max_length=100)


class User(UserBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    active: bool = True
    created_at: datetime = Field(default_factory=_now)
    #: Argon2id (PHC string); None: the user signs in with an API token only
    password_hash: str | None = Field(default=None, max_length=255)
    #: set for an initial or reset password: the next sign-in must choose a new one first
    must_change_password: bool = False
    password_changed_at: datetime | None = None
    #: consecutive failed sign-ins; at the threshold the account locks until ``locked_until``
    failed_logins: int = 0
    locked_until: datetime | None = None
    #: the TOTP secret, encrypted with the app secret (None: no second factor)
    totp_cipher: bytes | None = Field(default=None, sa_column=Column(LargeBinary, nullable=True))
    #: the 30-second step of the last one-time code accepted: a code is good once, never again
    totp_last_step: int | None = None


class StaffSession(SQLModel, table=True):
    """A signed-in browser: only a hash of the cookie's token is kept; ``csrf_token`` is the
    synchronizer token every form and script of that session must send back."""

    __tablename__ = "staff_session"

    id: int | None = Field(default=None, primary_key=True)
    token_hash: str = Field(index=True, unique=True, max_length=64)
    user_id: int = Field(foreign_key="user.id", index=True)
    csrf_token: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=_now)
    last_seen_at: datetime = Field(default_factory=_now)
    #: absolute end of the session (idle expiry is checked against ``last_seen_at``)
    expires_at: datetime
    ended_at: datetime | None = None
    #: the client's rate-limit key when it signed in (for the audit trail)
    client: str = Field(default="", max_length=64)


class UserPublic(UserBase):
    id: int
    active: bool
    created_at: datetime


class Holder(SQLModel, table=True):
    """持证人. ``id_hash`` is an HMAC for lookup; ``id_cipher`` is the encrypted number."""

    id: int | None = Field(default=None, primary_key=True)
    name: str = Field(max_length=64)
    gender: str = Field(max_length=2)
    birth_date: date
    id_type: str = Field(default="resident_id", max_length=16)
    id_hash: str = Field(index=True, max_length=64)
    id_cipher: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    id_masked: str = Field(max_length=32)
    created_at: datetime = Field(default_factory=_now)
    created_by: str = Field(max_length=64)


class CertificateBase(SQLModel):
    number: str = Field(index=True, unique=True, min_length=17, max_length=17)
    qualification_type: int = Field(ge=1, le=7)
    subject: str = Field(max_length=64)
    issue_date: date
    print_generation: str | None = Field(default=None, max_length=32)
    school: str | None = Field(default=None, index=True, max_length=100)
    status: QualificationStatus = Field(default=QualificationStatus.VALID,
                                        sa_type=StateColumn(QualificationStatus, 16))


class Certificate(CertificateBase, table=True):
    id: int | None = Field(default=None, primary_key=True)
    holder_id: int = Field(foreign_key="holder.id", index=True)
    authority_id: int = Field(foreign_key="authority.id", index=True)
    replaced_by_id: int | None = Field(default=None, foreign_key="certificate.id")
    # provenance
    scan_batch: str | None = Field(default=None, index=True, max_length=64)
    source_file: str | None = Field(default=None, max_length=255)
    source_sha256: str | None = Field(default=None, max_length=64)
    ocr_confidence: float | None = None
    review_state: ReviewState = Field(default=ReviewState.PENDING,
                                      sa_type=StateColumn(ReviewState, 16))
    reviewed_by: str | None = Field(default=None, max_length=64)
    reviewed_at: datetime | None = None
    criminal_check_done: bool = False
    criminal_check_by: str | None = Field(default=None, max_length=64)
    criminal_check_at: datetime | None = None
    photo_path: str | None = Field(default=None, max_length=255)
    scan_data: str | None = Field(default=None, sa_column=Column(Text))
    created_at: datetime = Field(default_factory=_now)
    created_by: str = Field(max_length=64)
    updated_at: datetime = Field(default_factory=_now)
    #: optimistic-concurrency counter: every update is compare-and-set on it
    row_version: int = 1


class CertificatePublic(CertificateBase):
    id: int
    authority_code: str
    holder_name: str
    masked_id: str
    review_state: ReviewState
    criminal_check_done: bool


class Annotation(SQLModel, table=True):
    """备注 entry (core.states.AnnotationKind)."""

    id: int | None = Field(default=None, primary_key=True)
    certificate_id: int = Field(foreign_key="certificate.id", index=True)
    kind: AnnotationKind = Field(sa_type=StateColumn(AnnotationKind, 16))
    date: dt.date
    text: str = Field(sa_column=Column(Text, nullable=False))
    authority: str = Field(max_length=100)
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=_now)


class Registration(SQLModel, table=True):
    """定期注册 conclusion."""

    id: int | None = Field(default=None, primary_key=True)
    certificate_id: int = Field(foreign_key="certificate.id", index=True)
    conclusion: RegistrationConclusion = Field(sa_type=StateColumn(RegistrationConclusion, 8))
    valid_from: date | None = None
    valid_until: date | None = None
    authority: str = Field(max_length=100)
    decision_date: date
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=_now)


class StatusEvent(SQLModel, table=True):
    """A change of qualification status (core.states.StatusEventKind) with its decision
    document; written only through the transition (issuer's ``apply_status_change``)."""

    id: int | None = Field(default=None, primary_key=True)
    certificate_id: int = Field(foreign_key="certificate.id", index=True)
    kind: StatusEventKind = Field(sa_type=StateColumn(StatusEventKind, 16))
    effective_date: date
    reason: str = Field(sa_column=Column(Text, nullable=False))
    decision_document: str = Field(max_length=200)
    reapply_after: date | None = None
    replaced_by: str | None = Field(default=None, max_length=17)
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=_now)


class Credential(SQLModel, table=True):
    """One issued credential (COSE_Sign1) and its signed PDF."""

    __table_args__ = (UniqueConstraint("certificate_id", "version"),)

    id: int | None = Field(default=None, primary_key=True)
    certificate_id: int = Field(foreign_key="certificate.id", index=True)
    version: int = 1
    kid: str = Field(max_length=32)
    cose: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    qr_text: str = Field(sa_column=Column(Text, nullable=False))
    pdf_path: str | None = Field(default=None, max_length=255)
    pdf_sha256: str | None = Field(default=None, max_length=64)
    #: the OFD e-licence file (GB/T 33190) with its SM2 seal, beside the PDF
    ofd_path: str | None = Field(default=None, max_length=255)
    ofd_sha256: str | None = Field(default=None, max_length=64)
    #: the GB/T 36904 licence identifier of this version (1.2.156.3005.2.…)
    licence_id: str | None = Field(default=None, max_length=96, index=True, unique=True)
    issued_at: datetime = Field(default_factory=_now)
    issued_by: str = Field(max_length=64)
    superseded: bool = False


class HolderCode(SQLModel, table=True):
    """One-time code for a holder's download: only a keyed hash is kept, never the code.

    A row without a certificate is a decoy: a request that matched nothing stores one, so that
    every request does the same work (issuer._holder)."""

    __tablename__ = "holder_code"

    id: int | None = Field(default=None, primary_key=True)
    certificate_id: int | None = Field(default=None, foreign_key="certificate.id", index=True)
    code_hash: str = Field(max_length=64, index=True)
    expires_at: datetime
    attempts: int = 0
    used_at: datetime | None = None
    created_at: datetime = Field(default_factory=_now)


class HolderContact(SQLModel, table=True):
    """Where a holder's download codes go: an e-mail address or a mobile number from the
    certification file, stored encrypted with the app secret and never shown on any page."""

    __tablename__ = "holder_contact"
    __table_args__ = (UniqueConstraint("holder_id", "channel"),)

    id: int | None = Field(default=None, primary_key=True)
    holder_id: int = Field(foreign_key="holder.id", index=True)
    channel: str = Field(max_length=8, description="email | sms")
    address_cipher: bytes = Field(sa_column=Column(LargeBinary, nullable=False))
    created_at: datetime = Field(default_factory=_now)
    created_by: str = Field(max_length=64)


class AuditEvent(SQLModel, table=True):
    """Append-only, hash-chained: ``hash`` = SHA-256 over the canonical row and ``prev_hash``."""

    __tablename__ = "audit_event"

    id: int | None = Field(default=None, primary_key=True)
    seq: int = Field(unique=True, index=True)
    at: datetime
    actor: str = Field(max_length=64)
    action: str = Field(max_length=64, index=True)
    entity_type: str = Field(max_length=32)
    entity_id: str = Field(max_length=64, index=True)
    before: str | None = Field(default=None, sa_column=Column(Text))
    after: str | None = Field(default=None, sa_column=Column(Text))
    prev_hash: str = Field(max_length=64)
    hash: str = Field(max_length=64)


class AuditHead(SQLModel, table=True):
    """One row: the chain's head. Updating it first serialises appends on every database."""

    __tablename__ = "audit_head"

    id: int = Field(default=1, primary_key=True)
    seq: int = 0
    last_hash: str = Field(max_length=64)


class ConsoleBatch(SQLModel, table=True):
    """A console batch (approve or issue a selection): its selection, progress and per-record
    outcomes, kept in the registry so that any server process can show it and a restart does
    not lose it. ``running_user_id`` is ``user_id`` while the batch is queued or running and
    NULL afterwards: being unique, it lets a user have one running batch at a time even when
    two processes start one at the same instant."""

    __tablename__ = "console_batch"

    #: random and url-safe (secrets.token_urlsafe): the batch's page address
    id: str = Field(primary_key=True, max_length=32)
    user_id: int = Field(foreign_key="user.id", index=True)
    running_user_id: int | None = Field(default=None, foreign_key="user.id", unique=True)
    action: str = Field(max_length=16, description="approve | issue")
    #: the selection, a JSON list of certificate numbers
    numbers: str = Field(sa_column=Column(Text, nullable=False))
    total: int = 0
    done: int = 0
    state: str = Field(default="queued", max_length=16,
                       description="queued | running | finished | interrupted")
    #: JSON list of {"number", "ok", "message"}, in the order the records were done
    results: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    #: why the whole batch stopped ('' when it ran through)
    error: str = Field(default="", sa_column=Column(Text, nullable=False))
    created_at: datetime = Field(default_factory=_now)
    #: written with every record and by a heartbeat while the batch runs: a running batch not
    #: updated for a while has lost its process and is shown as interrupted
    updated_at: datetime = Field(default_factory=_now)
    finished_at: datetime | None = None


class ShareClient(SQLModel, table=True):
    """A government platform allowed to call the sharing interface (/api/share). Its secret is
    derived from the app secret, the access id and ``secret_version``; it is never stored."""

    __tablename__ = "share_client"

    id: int | None = Field(default=None, primary_key=True)
    access_id: str = Field(index=True, unique=True, max_length=32)
    name: str = Field(max_length=100)
    #: division-code prefix of the licences it may query ('' = all)
    region: str = Field(default="", max_length=6)
    secret_version: int = 1
    active: bool = True
    created_at: datetime = Field(default_factory=_now)
    created_by: str = Field(max_length=64)


class ShareNonce(SQLModel, table=True):
    """A request nonce already seen from a client: the same nonce twice is a replay."""

    __tablename__ = "share_nonce"
    __table_args__ = (UniqueConstraint("access_id", "nonce"),)

    id: int | None = Field(default=None, primary_key=True)
    access_id: str = Field(max_length=32)
    nonce: str = Field(max_length=64)
    seen_at: datetime = Field(default_factory=_now, index=True)


class RegistrationCycle(SQLModel, table=True):
    """One 定期注册 cycle of a region (a county's division code, or a prefix) and year: who is
    due, the confirmation points, and the window of each stage (dates inclusive, CST)."""

    __tablename__ = "registration_cycle"
    __table_args__ = (UniqueConstraint("region", "year"),)

    id: int | None = Field(default=None, primary_key=True)
    region: str = Field(max_length=6, index=True)
    year: int
    title: str = Field(max_length=100)
    #: a 注册合格 of this cycle is valid for 5 years from this day
    period_start: date
    apply_from: date
    apply_until: date
    school_from: date
    school_until: date
    county_from: date
    county_until: date
    city_from: date
    city_until: date
    notice_days: int = 7
    #: JSON list of confirmation points: [{"name", "address", "users": [user names]}]
    points: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    state: CycleState = Field(default=CycleState.OPEN, sa_type=StateColumn(CycleState, 16))
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=_now)
    filed_by: str | None = Field(default=None, max_length=64)
    filed_at: datetime | None = None


class RegistrationApplication(SQLModel, table=True):
    """One teacher's application in a cycle, from 本人申请 to 省级备案: one per certificate and
    year, in whichever county's cycle (the database holds it, not only the service)."""

    __tablename__ = "registration_application"
    __table_args__ = (UniqueConstraint("cycle_id", "certificate_id"),
                      UniqueConstraint("certificate_id", "year",
                                       name="uq_registration_application_certificate_id_year"))

    id: int | None = Field(default=None, primary_key=True)
    cycle_id: int = Field(foreign_key="registration_cycle.id", index=True)
    #: the cycle's year, repeated here so that the database refuses a second application of
    #: one certificate in one year (two counties' cycles, two clerks at once)
    year: int
    certificate_id: int = Field(foreign_key="certificate.id", index=True)
    state: ApplicationState = Field(default=ApplicationState.SUBMITTED,
                                    sa_type=StateColumn(ApplicationState, 16))
    source: str = Field(max_length=16, description="portal | school | staff")
    # what the teacher confirmed or corrected
    school: str = Field(max_length=100, index=True)
    school_type: str = Field(default="public", max_length=8, description="public | private")
    post: str = Field(default="", max_length=64)
    training_hours: int | None = None
    #: JSON list of {"year": 2024, "result": "合格"} (annual assessment results)
    assessments: str = Field(default="[]", sa_column=Column(Text, nullable=False))
    # school review (学校审查)
    school_note: str = Field(default="", sa_column=Column(Text, nullable=False))
    school_by: str | None = Field(default=None, max_length=64)
    school_at: datetime | None = None
    # county decision (县级审核)
    conclusion: RegistrationConclusion | None = Field(
        default=None, sa_type=StateColumn(RegistrationConclusion, 8))
    reason: RegistrationReason | None = Field(
        default=None, sa_type=StateColumn(RegistrationReason, 16))
    reason_text: str = Field(default="", sa_column=Column(Text, nullable=False))
    decided_by: str | None = Field(default=None, max_length=64)
    decided_at: datetime | None = None
    #: first day of the public notice (公示); None until the county publishes it
    notice_from: date | None = None
    # city re-check (市级复核)
    city_note: str = Field(default="", sa_column=Column(Text, nullable=False))
    city_by: str | None = Field(default=None, max_length=64)
    city_at: datetime | None = None
    # provincial filing (省级备案): the registration it became
    filed_at: datetime | None = None
    registration_id: int | None = Field(default=None, foreign_key="registration.id")
    created_by: str = Field(max_length=64)
    created_at: datetime = Field(default_factory=_now)
    updated_at: datetime = Field(default_factory=_now)
    #: optimistic-concurrency counter: every update is compare-and-set on it
    row_version: int = 1


class RegistrationObjection(SQLModel, table=True):
    """An objection (异议) to a conclusion on public notice; the objector's contact, if any,
    is stored encrypted and shown to staff only."""

    __tablename__ = "registration_objection"

    id: int | None = Field(default=None, primary_key=True)
    application_id: int = Field(foreign_key="registration_application.id", index=True)
    text: str = Field(sa_column=Column(Text, nullable=False))
    contact_cipher: bytes | None = Field(default=None,
                                         sa_column=Column(LargeBinary, nullable=True))
    via: str = Field(default="public", max_length=8, description="public | staff")
    state: ObjectionState = Field(default=ObjectionState.OPEN,
                                  sa_type=StateColumn(ObjectionState, 16))
    received_at: datetime = Field(default_factory=_now)
    recorded_by: str = Field(default="", max_length=64)
    resolution: str = Field(default="", sa_column=Column(Text, nullable=False))
    resolved_by: str | None = Field(default=None, max_length=64)
    resolved_at: datetime | None = None
