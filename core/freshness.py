"""The one stale-or-refuse rule for signed documents with an expiry (trust list, status list).

A list is fresh until ``expires``; within ``grace`` after it the list is still used but flagged
stale, so a verifier cut off from the publisher keeps answering for a while and says so; past
the grace period it is refused, because an old list can hide a revocation.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta

__all__ = ["stale_or_refuse"]


def stale_or_refuse(
    expires: datetime, *, now: datetime, grace: timedelta, refuse: Callable[[], Exception]
) -> bool:
    """False while fresh (``now <= expires``), True within the grace period; past it, raise the
    error ``refuse`` builds."""
    if now <= expires:
        return False
    if now <= expires + grace:
        return True
    raise refuse()
