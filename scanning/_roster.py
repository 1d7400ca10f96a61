"""Cross-check of scanned records against the school's roster (名册).

The roster itself is read by :func:`scanning._reports.read_roster` (CSV or XLSX, header
variants, GB18030, title rows); this module only turns disagreements into review findings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from scanning._reports import RosterEntry, squeeze

__all__ = ["cross_check"]


def _same(a: str | None, b: str | None) -> bool:
    return bool(a) and bool(b) and squeeze(a or "").upper() == squeeze(b or "").upper()


def cross_check(record: dict[str, Any], roster: Sequence[RosterEntry]) -> list[str]:
    """Findings where the record and its roster row disagree, or no row matches."""
    row = next((r for r in roster if _same(r.id_number, record["id_number"])), None)
    if row is None:
        row = next((r for r in roster if _same(r.certificate_number,
                                                 record["certificate_number"])), None)
    if row is None:
        return ["roster_missing [roster] 名册中找不到该证书持有人（按身份证件号码与证书号码）"]
    out = []
    for key in ("name", "id_number", "certificate_number"):
        listed = getattr(row, key)
        if listed and not _same(listed, record[key]):
            out.append(
                f"roster_mismatch [{key}] 与名册不一致：识别为“{record[key]}”，名册为“{listed}”"
            )
    return out
