"""A non-raising verdict about one field, for scanning review and cross-checks."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

Severity = Literal["error", "warning"]


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in a field: machine ``code``, the ``field`` it concerns, a message."""

    code: str
    field: str
    message: str
    severity: Severity = "error"
