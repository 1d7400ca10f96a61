"""Cross-check of scanned records against the school's roster (名册).

The roster itself is read by :func:`scanning._reports.read_roster` (CSV or XLSX, header
variants, GB18030, title rows); this module only turns disagreements into review findings.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.rules import Finding
from core.scanned import ScannedRecord
from scanning._reports import RosterEntry, squeeze

__all__ = ["cross_check"]


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and squeeze(a or "").upper() == squeeze(b or "").upper()


def _row_for(record: ScannedRecord, roster: Sequence[RosterEntry]) -> RosterEntry | None:
    row = next((r for r in roster if _same(r.id_number, record.get("id_number"))), None)
    if row is None:
        row = next((r for r in roster if _same(r.certificate_number,
                                                 record.get("certificate_number"))), None)
    return row


def cross_check(record: ScannedRecord, roster: Sequence[RosterEntry]) -> list[Finding]:
    """Findings where the record and its roster row disagree, or no row matches."""
    row = _row_for(record, roster)
    if row is None:
        return [Finding("roster_missing", "roster",
                        "名册中找不到该证书持有人（按身份证件号码与证书号码）", "warning")]
    out = []
    for key in ("name", "id_number", "certificate_number"):
        listed, read = getattr(row, key), record.get(key)
        if listed and not _same(listed, read):
            out.append(Finding(
                "roster_mismatch", key, f"与名册不一致：识别为“{read}”，名册为“{listed}”",
                "error", {"read": read, "roster": listed, "roster_row": row.row},
            ))
    return out
