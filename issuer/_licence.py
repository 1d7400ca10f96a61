"""Government e-licence data of a credential version: its GB/T 36904 identifier and its GB/T
36903 metadata, for the OFD file (DocInfo/CustomDatas) and the sharing interface (/api/share).

Both are pure functions of values the caller gathered, so a worker process (no database) can
build them from its issuance input. The holder code is the holder's ID number: it goes only into
the holder's own OFD file and into answers to authenticated platforms; :class:`LicenceMetadata`
never prints it (``repr``) and :meth:`LicenceMetadata.public` leaves it out.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, ConfigDict, Field
from sqlmodel import Session, col, select

from core.audit import record_event
from core.errors import InvalidInput, NotFound
from core.licence_id import build_licence_id, validate_uscc
from core.models import Authority

__all__ = [
    "HOLDER_CODE_TYPES",
    "LICENCE_NAME",
    "LICENCE_NAME_EN",
    "VALIDITY_PERMANENT",
    "LicenceMetadata",
    "development_uscc",
    "holder_code_type",
    "licence_id_for",
    "licence_metadata",
    "seed_demo_usccs",
    "set_authority_uscc",
]

#: 证照名称 (GB/T 36903) of every licence this system issues.
LICENCE_NAME = "教师资格证书"
LICENCE_NAME_EN = "Teacher Qualification Certificate"
#: 有效期: a teacher qualification does not expire (registration is a separate state).
VALIDITY_PERMANENT = "长期"
#: 持证主体代码类型: the holder's document type as the platforms code it (111 = 公民身份号码);
#: a document type not listed is 990 (其他).
HOLDER_CODE_TYPES = {"resident_id": "111", "passport": "414"}
OTHER_CODE_TYPE = "990"


def holder_code_type(id_type: str) -> str:
    """The platform code of a holder's document type (``resident_id`` → 111)."""
    return HOLDER_CODE_TYPES.get(id_type, OTHER_CODE_TYPE)


def licence_id_for(*, type_code: str, authority_uscc: str | None, number: str,
                   version: int) -> str | None:
    """The identifier of version ``version`` of certificate ``number``; None while the issuing
    authority has no 统一社会信用代码 (``ecert authorities set-uscc``)."""
    if not authority_uscc:
        return None
    return str(build_licence_id(type_code=type_code, issuer_code=authority_uscc,
                                serial=number, version=version))


class LicenceMetadata(BaseModel):
    """GB/T 36903 metadata of one licence version (names as in :data:`FIELDS`); a pydantic model,
    so the sharing interface answers it (and documents it in OpenAPI) without a copy."""

    model_config = ConfigDict(frozen=True)

    licence_name: str
    type_code: str
    number: str
    licence_id: str | None
    issuer_name: str
    issuer_code: str | None
    issue_date: date
    holder_name: str
    holder_code_type: str
    #: the ID number (or the masked form where the caller may not see it); never printed
    holder_code: str = Field(repr=False, description="持证主体代码")
    validity_from: date | None = None
    validity_to: str = VALIDITY_PERMANENT
    version: int = 1

    def public(self) -> LicenceMetadata:
        """The same metadata with an empty holder code (for anything a third party may read)."""
        return self.model_copy(update={"holder_code": ""})

    def as_dict(self) -> dict[str, str | int | None]:
        """JSON-ready, keyed by the English names (the sharing interface's answer)."""
        return {name: _text(getattr(self, name)) for name, _ in FIELDS}

    def custom_datas(self) -> list[tuple[str, str]]:
        """(Chinese element name, value) pairs for an OFD's ``DocInfo/CustomDatas``, in the
        order of :data:`FIELDS`; an unknown value is written as an empty string."""
        return [(zh, "" if (v := _text(getattr(self, name))) is None else str(v))
                for name, zh in FIELDS]


#: The metadata elements in order: attribute name, GB/T 36903 element name.
FIELDS: tuple[tuple[str, str], ...] = (
    ("licence_name", "证照名称"),
    ("type_code", "证照类型代码"),
    ("number", "证照编号"),
    ("licence_id", "证照标识"),
    ("issuer_name", "证照颁发机构"),
    ("issuer_code", "证照颁发机构代码"),
    ("issue_date", "证照颁发日期"),
    ("holder_name", "持证主体"),
    ("holder_code", "持证主体代码"),
    ("holder_code_type", "持证主体代码类型"),
    ("validity_from", "证照有效期起始日期"),
    ("validity_to", "证照有效期截止日期"),
    ("version", "证照版本"),
)


def _text(value: object) -> str | int | None:
    return value.isoformat() if isinstance(value, date) else value  # type: ignore[return-value]


def licence_metadata(
    *, type_code: str, number: str, version: int, licence_id: str | None, issuer_name: str,
    issuer_code: str | None, issue_date: date, holder_name: str, id_type: str,
    holder_code: str,
) -> LicenceMetadata:
    """The GB/T 36903 metadata of one licence version; ``holder_code`` is the ID number for the
    holder's OFD and authenticated platforms, '' or the masked form anywhere else."""
    return LicenceMetadata(
        licence_name=LICENCE_NAME, type_code=type_code, number=number, licence_id=licence_id,
        issuer_name=issuer_name, issuer_code=issuer_code, issue_date=issue_date,
        holder_name=holder_name, holder_code_type=holder_code_type(id_type),
        holder_code=holder_code, validity_from=issue_date, version=version)


def development_uscc(division_code: str, authority_code: str) -> str:
    """A well-formed but made-up 统一社会信用代码 for a demo authority (development only): 11
    (a state organ), its division code, ``D`` + its authority code in 8 digits, and the GB 32100
    check character."""
    from stdnum.cn import uscc

    digits = "".join(c for c in authority_code if c.isdigit())[-8:]
    stem = f"11{division_code[:6]:0<6}D{digits:0>8}"
    return stem + str(uscc.calc_check_digit(stem + "0"))


def set_authority_uscc(session: Session, *, code: str, uscc: str, actor: str) -> Authority:
    """Record an authority's 统一社会信用代码 (validated, audited); later credential versions
    carry it in their identifiers, earlier ones keep theirs."""
    value = validate_uscc(uscc)
    authority = session.exec(select(Authority).where(Authority.code == code)).first()
    if authority is None:
        raise NotFound(f"没有认定机构 {code!r} (no such authority)", code="authority_not_found")
    clash = session.exec(select(Authority).where(Authority.uscc == value,
                                                 Authority.code != code)).first()
    if clash is not None:
        raise InvalidInput(f"统一社会信用代码 {value} 已属于认定机构 {clash.code} "
                           "(this code belongs to another authority)", field="uscc",
                           rule="uscc_taken")
    before = authority.uscc
    authority.uscc = value
    session.add(authority)
    record_event(session, actor=actor, action="authorities.set_uscc", entity_type="authority",
                 entity_id=code, before={"uscc": before}, after={"uscc": value})
    return authority


def seed_demo_usccs(session: Session, actor: str) -> int:
    """Development: give every authority without one a made-up USCC (:func:`development_uscc`),
    so demo credentials carry identifiers; returns how many were set."""
    missing = session.exec(select(Authority).where(col(Authority.uscc).is_(None))).all()
    for authority in missing:
        set_authority_uscc(session, code=authority.code,
                           uscc=development_uscc(authority.division_code, authority.code),
                           actor=actor)
    return len(missing)
