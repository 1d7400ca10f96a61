"""Review services: region-scoped lookups, corrections (compare-and-set, audited) and approval.

Plain functions over a session. Whether the user may correct or approve at all is the routes'
question to core.policy, asked before they call in here; the services scope every lookup to the
user's region (outside it a record is absent).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import update
from sqlmodel import Session, col, select

from core.audit import record_event
from core.clock import utcnow
from core.errors import Conflict, InvalidInput, NotFound
from core.identity import IdVault
from core.models import Authority, Certificate, Holder, Registration, User
from core.policy import Action, authorize, region_allows
from core.records import INFORMATION_FIELDS, InvalidRecord, ValidRecord, validate_record
from core.registry import approve_certificate, get_or_create_authority
from core.rules import QualificationType, mask_id_number, parse_cn_date
from core.views import certificate_rows

__all__ = [
    "EDITABLE_FIELDS",
    "ReviewRecord",
    "approve_record",
    "correct_record",
    "load_record",
    "scan_data",
]

#: the information-page fields a clerk may correct, in page order
EDITABLE_FIELDS = INFORMATION_FIELDS


@dataclass(frozen=True)
class ReviewRecord:
    """A certificate with its holder and authority, already checked against the user's region."""

    cert: Certificate
    holder: Holder
    authority: Authority

    @property
    def missing(self) -> list[str]:
        """Fields the scanner could not read and no clerk has typed in yet."""
        return [k for k in scan_data(self.cert).get("missing") or [] if k in EDITABLE_FIELDS]

    def values(self, vault: IdVault | None = None) -> dict[str, Any]:
        """The record's current field values (the ID number only when a vault is given); a
        missing field is None (the registry holds a stand-in for it)."""
        values = self._stored(vault)
        for key in self.missing:
            values[key] = None
        return values

    def _stored(self, vault: IdVault | None) -> dict[str, Any]:
        return {
            "name": self.holder.name,
            "gender": self.holder.gender,
            "birth_date": self.holder.birth_date.isoformat(),
            "id_number": vault.decrypt(self.holder.id_cipher) if vault else None,
            "qualification_type": QualificationType(self.cert.qualification_type).label,
            "subject": self.cert.subject,
            "certificate_number": self.cert.number,
            "issuing_authority": self.authority.name,
            "issue_date": self.cert.issue_date.isoformat(),
        }


def scan_data(cert: Certificate) -> dict[str, Any]:
    """The certificate's scan provenance (findings, confidence, evidence, pages); {} if none."""
    if not cert.scan_data:
        return {}
    try:
        data = json.loads(cert.scan_data)
    except json.JSONDecodeError:
        return {}
    return data if isinstance(data, dict) else {}


def load_record(session: Session, user: User, number: str) -> ReviewRecord:
    """The record ``number`` if it is in the user's region; NotFound otherwise (so that
    records of other regions cannot be told apart from absent ones)."""
    row = session.exec(certificate_rows().where(Certificate.number == number)).first()
    if row is None or not region_allows(user.region, row[2].division_code):
        raise NotFound(f"没有证书 {number} (no such certificate)", code="certificate_not_found")
    return ReviewRecord(*row)


def _merged(
    session: Session, rec: ReviewRecord, form: dict[str, str], vault: IdVault
) -> tuple[dict[str, Any], list[InvalidInput]]:
    """The whole record as records.jsonl, with the typed values over the stored ones, and the
    typed dates that could not be read (left out of the record, reported with the rest)."""
    values = rec.values(vault)
    unreadable = []
    for key in EDITABLE_FIELDS:
        typed = (form.get(key) or "").strip()
        if not typed:  # an empty ID box means "keep": the stored number is never sent to the page
            continue
        if not key.endswith("_date"):
            values[key] = typed
            continue
        try:
            values[key] = _typed_date(key, typed)
        except InvalidInput as exc:
            unreadable.append(exc)
            values[key] = None
    regs = session.exec(
        select(Registration).where(Registration.certificate_id == rec.cert.id)
    ).all()
    return {
        **values,
        "id_type": rec.holder.id_type,
        "registrations": [
            {
                "conclusion": r.conclusion,
                "valid_from": r.valid_from,
                "valid_until": r.valid_until,
                "authority": r.authority,
                "date": r.decision_date,
            }
            for r in regs
        ],
    }, unreadable


def _typed_date(key: str, typed: str) -> str:
    """Clerks may type dates as printed (2015年7月1日, 2015.7.1); the record holds ISO."""
    return parse_cn_date(typed, field=key).isoformat()


def revalidate(merged: dict[str, Any], unreadable: list[InvalidInput], today: date
               ) -> ValidRecord:
    """Every rule over the corrected record; InvalidRecord lists every failure at once (an
    unreadable typed date stands in for that field's own problems)."""
    problems: list[InvalidInput] = list(unreadable)
    try:
        valid = validate_record(merged, today=today)
    except InvalidRecord as exc:
        bad_dates = {p.field for p in unreadable}
        problems += [p for p in exc.problems if p.field not in bad_dates]
    if problems:
        raise InvalidRecord(problems)
    return valid


def _audit_view(values: dict[str, Any], id_type: str) -> dict[str, Any]:
    out = dict(values)
    if out.get("id_number"):
        out["id_number"] = mask_id_number(str(out["id_number"]), id_type)
    return out


def correct_record(
    session: Session,
    user: User,
    number: str,
    *,
    form: dict[str, str],
    row_version: int,
    vault: IdVault,
    today: date,
) -> Certificate:
    """Validate the merged record with every rule, then save the changed fields.

    Raises InvalidRecord (nothing saved), Conflict when ``row_version`` is stale or the new
    certificate number is taken, NotFound outside the user's region.
    """
    rec = load_record(session, user, number)
    if row_version != rec.cert.row_version:
        raise _stale(number)
    before = rec.values(vault)
    valid = revalidate(*_merged(session, rec, form, vault), today)
    after = _normalised(valid)
    changed = [k for k in EDITABLE_FIELDS if str(before[k]) != str(after[k])]
    if not changed:
        return rec.cert
    authority = _authority_for(session, user, rec, valid)
    _compare_and_set(
        session, rec.cert, row_version, _cert_changes(rec, valid, authority, changed, user)
    )
    _update_holder(session, rec, valid, vault, user)
    record_event(
        session,
        actor=user.name,
        action="review.correct",
        entity_type="certificate",
        entity_id=number,
        before=_audit_view({k: before[k] for k in changed}, rec.holder.id_type),
        after=_audit_view({k: after[k] for k in changed}, valid.id_type),
    )
    session.refresh(rec.cert)
    return rec.cert


def _stale(number: str) -> Conflict:
    return Conflict(
        f"此记录已被他人修改，请重新加载 (someone else changed this record, reload): {number}",
        code="stale_update",
    )


def _normalised(valid: ValidRecord) -> dict[str, Any]:
    return {
        "name": valid.name,
        "gender": str(valid.gender),
        "birth_date": valid.birth_date.isoformat(),
        "id_number": valid.id_number,
        "qualification_type": valid.qualification_type.label,
        "subject": valid.subject,
        "certificate_number": valid.certificate_number,
        "issuing_authority": valid.authority_name,
        "issue_date": valid.issue_date.isoformat(),
    }


def _authority_for(
    session: Session, user: User, rec: ReviewRecord, valid: ValidRecord
) -> Authority:
    """The authority named by the (possibly corrected) certificate number and name.

    Renaming an authority is a correction of how it was read; it applies to every record of
    that authority, which is why it must stay inside the user's region. Only here is the
    destination known (a corrected certificate number may name another authority), so the
    policy is asked again for it.
    """
    authority = get_or_create_authority(
        session, code=valid.authority_code, name=valid.authority_name
    )
    authorize(user, Action.RECORD_CORRECT, division_code=authority.division_code)
    if authority.name != valid.authority_name:
        authority.name = valid.authority_name
        session.add(authority)
    return authority


def _cert_changes(
    rec: ReviewRecord,
    valid: ValidRecord,
    authority: Authority,
    changed: list[str],
    user: User,
) -> dict[str, Any]:
    data = scan_data(rec.cert)
    corrected = dict(data.get("corrected") or {})
    at = utcnow().isoformat()
    for key in changed:
        corrected[key] = {"by": user.name, "at": at}
    data["corrected"] = corrected
    data["missing"] = []  # the record passed every rule: every field now holds a value
    return {
        "number": valid.certificate_number,
        "qualification_type": int(valid.qualification_type),
        "subject": valid.subject,
        "issue_date": valid.issue_date,
        "authority_id": authority.id,
        "scan_data": json.dumps(data, ensure_ascii=False),
    }


def _compare_and_set(
    session: Session, cert: Certificate, row_version: int, changes: dict[str, Any]
) -> None:
    if (
        changes["number"] != cert.number
        and session.exec(
            select(Certificate.id).where(Certificate.number == changes["number"])
        ).first()
        is not None
    ):
        raise Conflict(
            f"证书号码 {changes['number']} 已被其他记录使用 (number already in use)",
            code="duplicate_certificate_number",
            field="certificate_number",
        )
    values = {**changes, "row_version": row_version + 1, "updated_at": utcnow()}
    result = session.execute(
        update(Certificate)
        .where(col(Certificate.id) == cert.id, col(Certificate.row_version) == row_version)
        .values(**values)
    )
    if result.rowcount != 1:  # type: ignore[attr-defined]
        raise _stale(cert.number)


def _update_holder(
    session: Session, rec: ReviewRecord, valid: ValidRecord, vault: IdVault, user: User
) -> None:
    """Correct the holder. A new ID number that belongs to another holder moves the certificate
    to that holder (the booklet was read as the wrong person); a new ID number on a holder that
    other certificates share gets a holder of its own, so their records stay untouched."""
    holder, cert = rec.holder, rec.cert
    id_hash = vault.lookup_hash(valid.id_number)
    if id_hash != holder.id_hash:
        other = session.exec(select(Holder).where(Holder.id_hash == id_hash)).first()
        if other is not None:
            if (other.name, other.gender, other.birth_date) != (
                valid.name,
                str(valid.gender),
                valid.birth_date,
            ):
                raise Conflict(
                    "该身份证号码已属于另一位持证人，且姓名/性别/出生日期不同 "
                    "(the ID number belongs to another holder with different data)",
                    code="holder_conflict",
                    field="id_number",
                )
            _relink(session, cert, other)
            return
        if _shared(session, holder, cert):
            holder = Holder(
                id_type=valid.id_type,
                created_by=user.name,
                name=valid.name,
                gender=str(valid.gender),
                birth_date=valid.birth_date,
                id_hash=id_hash,
                id_cipher=b"",
                id_masked="",
            )
    holder.name, holder.gender = valid.name, str(valid.gender)
    holder.birth_date, holder.id_hash = valid.birth_date, id_hash
    holder.id_cipher = vault.encrypt(valid.id_number)
    holder.id_masked = mask_id_number(valid.id_number, valid.id_type)
    session.add(holder)
    session.flush()
    if holder is not rec.holder:
        _relink(session, cert, holder)


def _shared(session: Session, holder: Holder, cert: Certificate) -> bool:
    return (
        session.exec(
            select(Certificate.id).where(
                Certificate.holder_id == holder.id, col(Certificate.id) != cert.id
            )
        ).first()
        is not None
    )


def _relink(session: Session, cert: Certificate, holder: Holder) -> None:
    session.execute(
        update(Certificate).where(col(Certificate.id) == cert.id).values(holder_id=holder.id)
    )


def approve_record(
    session: Session, user: User, number: str, *, vault: IdVault, row_version: int | None = None
) -> Certificate:
    """Approve a record in the user's region (the route has asked core.policy whether this user
    may): it becomes issuable once the criminal-record check is recorded."""
    rec = load_record(session, user, number)
    if row_version is not None and row_version != rec.cert.row_version:
        raise _stale(number)
    return approve_certificate(session, number, actor=user.name, vault=vault)

