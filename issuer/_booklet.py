"""What the PDF renderer takes: a plain, already-resolved view of one certificate booklet.

The view carries display strings (labels, authority names) rather than codes, so the renderer needs
no database and no domain tables; the caller (issuance) resolves them. The signed PDF is a public
document -- the holder hands it to employers, and it carries the QR code -- so the view holds only
what the public credential states (docs/MASKING.md): the masked ID number and no birth date.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from core.errors import InvalidInput

__all__ = ["Annotation", "BookletView", "Registration"]

#: (date, kind label such as "补发", text, authority name) — one line on the remarks page.
Annotation = tuple[date, str, str, str]
#: (conclusion such as "注册合格", valid from, valid until, authority name, decision date);
#: the period is None for 暂缓注册 / 注册不合格.
Registration = tuple[str, date | None, date | None, str, date]

_GENDERS = ("男", "女")


@dataclass(frozen=True)
class BookletView:
    """Everything printed in the holder's signed PDF, as display-ready values."""

    certificate_number: str
    name: str
    gender: str
    masked_id: str
    ethnicity: str | None
    qualification_label: str
    subject: str
    authority_name: str
    issue_date: date
    photo_jpeg: bytes | None
    annotations: Sequence[Annotation]
    registrations: Sequence[Registration]
    status_label: str
    qr_text: str
    qr_matrix: Sequence[Sequence[bool]]
    issued_at: datetime
    credential_version: int
    #: the GB/T 36904 licence identifier of this version (None: the authority has no USCC)
    licence_id: str | None = None

    def __post_init__(self) -> None:
        for field in ("certificate_number", "name", "qualification_label", "authority_name"):
            if not str(getattr(self, field)).strip():
                raise InvalidInput(f"{field} must not be empty", field=field, rule="required")
        if self.gender not in _GENDERS:
            raise InvalidInput(
                f"gender must be 男 or 女, got {self.gender!r}", field="gender", rule="choice"
            )
        if not self.qr_text:
            raise InvalidInput("qr_text must not be empty", field="qr_text", rule="required")
        _check_matrix(self.qr_matrix)
        if self.credential_version < 1:
            raise InvalidInput(
                "credential_version must be at least 1", field="credential_version", rule="min"
            )


def _check_matrix(matrix: Sequence[Sequence[bool]]) -> None:
    """A QR symbol is a non-empty square of modules (21×21 for version 1 and up)."""
    size = len(matrix)
    if size < 21 or any(len(row) != size for row in matrix):
        raise InvalidInput(
            "qr_matrix must be a square of at least 21×21 modules",
            field="qr_matrix",
            rule="qr_square",
        )
