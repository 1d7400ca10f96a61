"""Where holders' download codes go: an e-mail address and/or a mobile number per holder.

The addresses come from the certification file (``ecert holders contacts import FILE.csv``) and
are stored in ``holder_contact`` encrypted under a key derived from ``ECERT_SECRET`` with its own
label (``ecert/holder-contact/v1``: it can stand in for neither the ID-number keys nor the code
keys). No page, answer or log line shows them; :class:`ContactsDirectory` reads them back for the
notifier on the delivery thread.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.fernet import Fernet, InvalidToken
from sqlalchemy.engine import Engine
from sqlmodel import Session, col, select

from core.audit import record_event
from core.clock import utcnow
from core.db import session_scope
from core.errors import InvalidInput
from core.identity import sealer
from core.models import Certificate, HolderContact

__all__ = [
    "CHANNELS",
    "ContactRow",
    "ContactsDirectory",
    "ImportReport",
    "contact_cipher",
    "import_contacts",
    "parse_contacts_csv",
    "seed_demo_contacts",
    "set_contact",
]

CHANNELS = ("email", "sms")
_EMAIL = re.compile(r"^[A-Za-z0-9._%+\-]{1,64}@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)+$")
_MOBILE = re.compile(r"^1[3-9][0-9]{9}$")
_NUMBER = re.compile(r"^[0-9]{17}$")
#: CSV column names accepted for each field (English or the Chinese of the file's header)
_COLUMNS = {
    "certificate_number": ("certificate_number", "证书号码", "证书编号"),
    "email": ("email", "电子邮箱", "邮箱"),
    "mobile": ("mobile", "手机号码", "手机"),
}
MAX_ROWS = 200_000


def contact_cipher(secret: str) -> Fernet:
    """The cipher of stored contacts, under its own key derived from ``secret``."""
    return sealer(secret, "ecert/holder-contact/v1")


def normalise(channel: str, address: str) -> str:
    """The address as stored: an e-mail address (domain lower-cased) or an 11-digit mainland
    mobile number (``+86``, spaces and dashes dropped); InvalidInput when it is neither."""
    value = address.strip()
    if channel == "email":
        local, _, domain = value.rpartition("@")
        value = f"{local}@{domain.lower()}"
        if len(value) > 254 or not _EMAIL.match(value):
            raise InvalidInput("电子邮箱格式不正确 (not an e-mail address)", field="email",
                               rule="email_format")
        return value
    if channel == "sms":
        digits = re.sub(r"[\s\-]", "", value)
        digits = digits.removeprefix("+86").removeprefix("0086")
        if not _MOBILE.match(digits):
            raise InvalidInput("手机号码应为 11 位数字，以 1 开头 (not a mainland mobile number)",
                               field="mobile", rule="mobile_format")
        return digits
    raise InvalidInput(f"unknown channel {channel!r} (email | sms)", field="channel",
                       rule="channel")


def set_contact(session: Session, *, holder_id: int, channel: str, address: str, secret: str,
                actor: str) -> None:
    """Store (or replace) one holder's address on one channel, encrypted."""
    value = normalise(channel, address)
    cipher = contact_cipher(secret).encrypt(value.encode())
    row = session.exec(select(HolderContact).where(HolderContact.holder_id == holder_id,
                                                   HolderContact.channel == channel)).first()
    if row is None:
        row = HolderContact(holder_id=holder_id, channel=channel, address_cipher=cipher,
                            created_by=actor[:64], created_at=utcnow())
    else:
        row.address_cipher, row.created_by, row.created_at = cipher, actor[:64], utcnow()
    session.add(row)


def read_contact(session: Session, *, holder_id: int, channel: str, secret: str) -> str | None:
    """One holder's stored address on ``channel`` (None when there is none or it cannot be
    decrypted under this secret)."""
    blob = session.exec(select(HolderContact.address_cipher).where(
        HolderContact.holder_id == holder_id, HolderContact.channel == channel)).first()
    if blob is None:
        return None
    try:
        return contact_cipher(secret).decrypt(bytes(blob)).decode()
    except InvalidToken:
        return None


@dataclass(frozen=True)
class ContactsDirectory:
    """The :class:`issuer._notify.ContactDirectory` over ``holder_contact``: the holder's address
    on the notifier's channel (``email`` for SMTP, ``sms`` for the SMS gateway)."""

    engine: Engine
    secret: str
    channel: str

    def contact_for(self, holder_id: int, certificate_number: str) -> str | None:
        """The address to send a code to, or None."""
        with session_scope(self.engine) as session:
            return read_contact(session, holder_id=holder_id, channel=self.channel,
                                secret=self.secret)


# ---- import ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class ContactRow:
    """One row of an import file as read (line = its line in the file, header = 1)."""

    line: int
    certificate_number: str
    email: str
    mobile: str


@dataclass
class ImportReport:
    """What an import did per row: ``(line, certificate number, outcome)``; nothing is written
    when any row has an error."""

    rows: list[tuple[int, str, str]] = field(default_factory=list)
    errors: list[tuple[int, str, str]] = field(default_factory=list)
    written: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


def parse_contacts_csv(data: bytes) -> list[ContactRow]:
    """Rows of a UTF-8 (with or without BOM) or GB18030 CSV with a header naming
    certificate_number / email / mobile (or 证书号码 / 电子邮箱 / 手机号码)."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = data.decode("gb18030")
        except UnicodeDecodeError:
            raise InvalidInput("文件不是 UTF-8 或 GB18030 编码的 CSV (not a UTF-8 or GB18030 CSV)",
                               rule="encoding") from None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = [h.strip().lower() for h in next(reader, [])]
    where: dict[str, int] = {}
    for name, aliases in _COLUMNS.items():
        for i, h in enumerate(header):
            if h in aliases:
                where[name] = i
    if "certificate_number" not in where or not ({"email", "mobile"} & where.keys()):
        raise InvalidInput("表头须含 certificate_number（证书号码）及 email（电子邮箱）和/或 mobile"
                           "（手机号码）(header needs certificate_number and email and/or mobile)",
                           rule="contacts_header")
    rows: list[ContactRow] = []
    for line, cells in enumerate(reader, start=2):
        if not any(c.strip() for c in cells):
            continue
        if len(rows) >= MAX_ROWS:
            raise InvalidInput(f"文件超过 {MAX_ROWS} 行 (too many rows)", rule="too_many_rows")

        def cell(name: str, cells: Sequence[str] = cells) -> str:
            i = where.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        rows.append(ContactRow(line, cell("certificate_number"), cell("email"), cell("mobile")))
    return rows


def import_contacts(session: Session, rows: Iterable[ContactRow], *, secret: str, actor: str,
                    dry_run: bool = False) -> ImportReport:
    """Check every row, then store every row's addresses, or (any error) none of them.

    A row needs a known certificate number and at least one valid address; an empty cell leaves
    that channel's stored address as it was. One audit event names how many rows were stored
    (no address is ever written to the audit log)."""
    report = ImportReport()
    checked: list[tuple[int, list[tuple[str, str]]]] = []
    seen: dict[str, int] = {}
    given = list(rows)
    numbers = sorted({r.certificate_number for r in given if _NUMBER.match(r.certificate_number)})
    holders: dict[str, int] = {}
    for start in range(0, len(numbers), 500):  # bounded IN lists (SQLite's variable limit)
        holders.update(session.exec(select(Certificate.number, Certificate.holder_id).where(
            col(Certificate.number).in_(numbers[start:start + 500]))).all())
    for row in given:
        number = row.certificate_number
        problem = _row_problem(row, holders, seen)
        addresses: list[tuple[str, str]] = []
        if problem is None:
            try:
                for channel, value in (("email", row.email), ("sms", row.mobile)):
                    if value:
                        addresses.append((channel, normalise(channel, value)))
            except InvalidInput as exc:
                problem = exc.message
        if problem is not None:
            report.errors.append((row.line, number, problem))
            continue
        seen[number] = row.line
        checked.append((holders[number], addresses))
        kinds = "、".join("邮箱" if c == "email" else "手机" for c, _ in addresses)
        report.rows.append((row.line, number, f"可导入：{kinds}"))
    if report.errors or dry_run or not checked:
        return report
    for holder_id, addresses in checked:
        for channel, value in addresses:
            set_contact(session, holder_id=holder_id, channel=channel, address=value,
                        secret=secret, actor=actor)
    record_event(session, actor=actor[:64], action="holder.contacts.import",
                 entity_type="holder_contact", entity_id=f"{len(checked)} rows")
    report.written = True
    return report


def _row_problem(row: ContactRow, holders: dict[str, int], seen: dict[str, int]) -> str | None:
    number = row.certificate_number
    if not _NUMBER.match(number):
        return "证书号码应为 17 位数字 (certificate number must be 17 digits)"
    if number not in holders:
        return "登记系统中没有这个证书号码 (no such certificate in the registry)"
    if number in seen:
        return f"与第 {seen[number]} 行重复 (same certificate as line {seen[number]})"
    if not row.email and not row.mobile:
        return "至少填写电子邮箱或手机号码之一 (give an e-mail address or a mobile number)"
    return None


def import_contacts_file(session: Session, path: Path, *, secret: str, actor: str,
                         dry_run: bool = False) -> ImportReport:
    """:func:`import_contacts` over a CSV file."""
    return import_contacts(session, parse_contacts_csv(path.read_bytes()), secret=secret,
                           actor=actor, dry_run=dry_run)


# ---- development ----------------------------------------------------------------------------

def seed_demo_contacts(session: Session, actor: str, *, secret: str) -> int:
    """Development (``ecert init --demo``): give every holder without an e-mail address the
    demo address ``holder-<n>@example.test`` (n = the holder's row id); returns how many."""
    from core.models import Holder

    have = set(session.exec(select(HolderContact.holder_id).where(
        HolderContact.channel == "email")).all())
    added = 0
    for holder_id in session.exec(select(Holder.id).order_by(col(Holder.id))).all():
        if holder_id is None or holder_id in have:
            continue
        set_contact(session, holder_id=holder_id, channel="email",
                    address=f"holder-{holder_id}@example.test", secret=secret, actor=actor)
        added += 1
    return added
