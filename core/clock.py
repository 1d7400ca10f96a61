"""The one place ecert reads the clock, so tests can freeze it."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta, timezone

__all__ = ["CST", "cst_date", "freeze", "instant", "today", "utcnow"]

#: China Standard Time, the domain's calendar (no daylight saving)
CST = timezone(timedelta(hours=8), "CST")

_frozen: datetime | None = None


def utcnow() -> datetime:
    """Current time, timezone-aware UTC, microseconds dropped (they do not survive every
    database round trip, and the audit chain hashes the value)."""
    now = _frozen if _frozen is not None else datetime.now(UTC)
    return now.astimezone(UTC).replace(microsecond=0)


def instant() -> datetime:
    """Current time, timezone-aware UTC, as precise as the clock: for comparing against expiry
    times many times a second (:func:`utcnow` is for values that are stored)."""
    return _frozen if _frozen is not None else datetime.now(UTC)


def today() -> date:
    """Today's date in China Standard Time (UTC+8), the domain's calendar."""
    return utcnow().astimezone(CST).date()


def cst_date(moment: datetime | None) -> date | None:
    """The CST calendar day of a stored (UTC) moment; None stays None."""
    if moment is None:
        return None
    aware = moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)
    return aware.astimezone(CST).date()


def freeze(at: datetime | None) -> None:
    """Freeze (or with None, unfreeze) the clock; for tests and reproducible runs."""
    global _frozen
    _frozen = at
