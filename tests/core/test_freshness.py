"""The one stale-or-refuse rule: fresh up to and at expiry, stale within grace, refused after."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from core.freshness import stale_or_refuse

EXPIRES = datetime(2026, 11, 1, tzinfo=UTC)
GRACE = timedelta(days=3)


class Refused(Exception):
    pass


@pytest.mark.parametrize(("offset", "stale"), [
    (timedelta(days=-1), False), (timedelta(0), False), (timedelta(seconds=1), True),
    (GRACE, True),
])
def test_fresh_then_stale(offset: timedelta, stale: bool) -> None:
    assert stale_or_refuse(EXPIRES, now=EXPIRES + offset, grace=GRACE, refuse=Refused) is stale


def test_refused_past_grace() -> None:
    with pytest.raises(Refused):
        stale_or_refuse(EXPIRES, now=EXPIRES + GRACE + timedelta(seconds=1), grace=GRACE,
                        refuse=Refused)
