"""A non-raising verdict about one field, for scanning review and cross-checks."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any, Literal

#: ``error``: a rule failed; ``warning``: doubtful, a person must look; ``note``: recorded for the
#: file (a correction the rules proved, an old photo standard) but no reason for review.
Severity = Literal["error", "warning", "note"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a field: machine ``code``, the ``field`` it concerns, a message,
    and the ``evidence`` behind it (what was read, the candidates, where on which page)."""

    code: str
    field: str
    message: str
    severity: Severity = "error"
    evidence: dict[str, Any] = dataclasses.field(default_factory=dict, hash=False, compare=False)

    @property
    def blocking(self) -> bool:
        """True when the finding sends the record to a person (errors and warnings)."""
        return self.severity != "note"

    def to_dict(self) -> dict[str, Any]:
        """The JSON form written to records.jsonl."""
        out: dict[str, Any] = {
            "code": self.code, "field": self.field, "message": self.message,
            "severity": self.severity,
        }
        if self.evidence:
            out["evidence"] = self.evidence
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Finding:
        """Inverse of :meth:`to_dict`."""
        severity = data.get("severity", "error")
        if severity not in ("error", "warning", "note"):
            severity = "error"
        return cls(
            str(data["code"]), str(data["field"]), str(data["message"]), severity,
            dict(data.get("evidence") or {}),
        )

    def __str__(self) -> str:
        return f"{self.code} [{self.field}] {self.message}"
