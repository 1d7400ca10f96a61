"""What lifecycle functions return instead of writing the audit log themselves."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from core.clock import utcnow
from core.errors import InvalidInput

__all__ = ["LifecycleEvent", "TokenConfig", "now_utc"]


@dataclass(frozen=True)
class LifecycleEvent:
    """One custody action; ``core.audit.record_event(session, **event.audit_kwargs())``."""

    action: str
    entity_type: str
    entity_id: str
    custodian: str
    at: datetime
    before: dict[str, Any] | None = None
    after: dict[str, Any] | None = None

    def audit_kwargs(self) -> dict[str, Any]:
        """Keyword arguments of ``core.audit.record_event`` (minus the session)."""
        return {
            "actor": self.custodian,
            "action": self.action,
            "entity_type": self.entity_type,
            "entity_id": self.entity_id,
            "before": self.before,
            "after": self.after,
        }


@dataclass(frozen=True)
class TokenConfig:
    """How to reach PKCS#11 tokens: module path, token label for new keys, user PIN."""

    module: str
    label: str
    pin: str

    def __repr__(self) -> str:  # never print the PIN
        return f"TokenConfig(module={self.module!r}, label={self.label!r}, pin='***')"


def now_utc(now: datetime | None = None) -> datetime:
    """``now`` (or ecert's clock, which tests can freeze) as aware UTC, whole seconds."""
    moment = now or utcnow()
    if moment.tzinfo is None:
        raise InvalidInput(
            f"时间缺少时区 naive datetime {moment.isoformat()}: keys needs timezone-aware times",
            field="time",
            rule="timezone_required",
        )
    return moment.astimezone(UTC).replace(microsecond=0)
