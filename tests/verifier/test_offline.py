"""Offline verification: the lists alone, no database; stale and refused lists."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from core.clock import utcnow
from core.statuslist import StatusListError, parse_status_list
from keys import TrustListExpired, TrustListInvalid, root_public_key
from tests.verifier.conftest import World
from verifier import DEFAULT_GRACE, verify_offline


def _root(world: World) -> bytes:
    return root_public_key(world.home / "keys")


def test_offline_needs_no_database(world: World, monkeypatch: pytest.MonkeyPatch) -> None:

    monkeypatch.setenv("ECERT_DATABASE_URL", "postgresql://nobody@127.0.0.1:1/nothing")
    trust, status = world.lists()
    verdict = verify_offline(world.issued[0].qr_text, trust_list=trust, status_list=status,
                             root_public_key=_root(world), now=utcnow())
    assert verdict.result == "valid" and verdict.authentic
    issued_at = parse_status_list(status).status.issued_at
    assert verdict.freshness == issued_at.isoformat()


def test_without_status_list_freshness_is_unknown(world: World) -> None:
    trust, _ = world.lists()
    verdict = verify_offline(world.issued[0].qr_text, trust_list=trust, status_list=None,
                             root_public_key=_root(world), now=utcnow())
    assert (verdict.result, verdict.freshness) == ("valid", "unknown")
    assert ("status", "skip") in [(c.name, c.outcome) for c in verdict.checks]
    assert verdict.registration is not None and verdict.registration.state == "unknown"


def test_stale_lists_still_give_a_verdict_flagged_stale(world: World) -> None:
    trust, status = world.lists()
    expires = parse_status_list(status).status.expires
    verdict = verify_offline(world.issued[0].qr_text, trust_list=trust, status_list=status,
                             root_public_key=_root(world), now=expires + timedelta(hours=1))
    assert verdict.result == "valid" and verdict.stale and verdict.tone == "amber"
    assert ("status_list", "warn") in [(c.name, c.outcome) for c in verdict.checks]
    assert "过期" in verdict.summary("zh")


def test_lists_past_grace_are_refused(world: World) -> None:
    trust, status = world.lists()
    expires = parse_status_list(status).status.expires
    with pytest.raises(StatusListError) as info:
        verify_offline(world.issued[0].qr_text, trust_list=trust, status_list=status,
                       root_public_key=_root(world), now=expires + DEFAULT_GRACE + timedelta(1))
    assert info.value.code in ("status_list_expired", "trust_list_expired")


def test_trust_list_past_grace_is_refused(world: World) -> None:
    trust, _ = world.lists()
    with pytest.raises(TrustListExpired):
        verify_offline(world.issued[0].qr_text, trust_list=trust, status_list=None,
                       root_public_key=_root(world), now=utcnow() + timedelta(days=60))


def test_tampered_lists_are_refused(world: World) -> None:
    trust, status = world.lists()
    bad_status = status[:-1] + bytes([status[-1] ^ 1])
    with pytest.raises(StatusListError) as info:
        verify_offline(world.issued[0].qr_text, trust_list=trust, status_list=bad_status,
                       root_public_key=_root(world), now=utcnow())
    assert info.value.code == "status_list_bad_signature"
    with pytest.raises(TrustListInvalid):
        verify_offline(world.issued[0].qr_text, trust_list=trust[:-1] + bytes([trust[-1] ^ 1]),
                       status_list=status, root_public_key=_root(world), now=utcnow())


def test_status_list_signed_by_another_root_is_refused(world: World) -> None:
    trust, status = world.lists()
    with pytest.raises(StatusListError) as info:
        from verifier import load_status_list

        load_status_list(status, bytes(32), now=utcnow())
    assert info.value.code == "status_list_wrong_root"


@settings(max_examples=40, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(garbage=st.text(max_size=300))
def test_any_text_gives_a_verdict_never_a_crash(world: World, garbage: str) -> None:
    trust, status = world.lists()
    verdict = verify_offline(garbage, trust_list=trust, status_list=status,
                             root_public_key=_root(world), now=utcnow())
    assert verdict.result == "malformed" and not verdict.authentic


def test_one_offline_verifier_for_many_credentials(world: World) -> None:
    """The lists are checked once; each verdict equals what verify_offline gives alone."""
    from verifier import OfflineVerifier

    trust, status = world.lists()
    now = utcnow()
    verifier = OfflineVerifier(trust, status, _root(world), now=now)
    texts = [item.qr_text for item in world.issued] + ["HTTP://X/C/123"]
    for text in texts:
        alone = verify_offline(text, trust_list=trust, status_list=status,
                               root_public_key=_root(world), now=now)
        assert verifier.verify(text, now=now) == alone
    assert verifier.verify(texts[0], now=now).checks[-1].name == "status_list"


def test_a_long_running_offline_verifier_ages_its_lists(world: World) -> None:
    from verifier import OfflineVerifier

    trust, status = world.lists()
    expires = parse_status_list(status).status.expires
    verifier = OfflineVerifier(trust, status, _root(world), now=utcnow())
    text = world.issued[0].qr_text
    fresh = verifier.verify(text, now=expires - timedelta(hours=1))
    assert not fresh.stale and fresh.checks[-1].outcome == "pass"
    stale = verifier.verify(text, now=expires + timedelta(hours=1))
    assert stale.stale and stale.tone == "amber" and stale.checks[-1].outcome == "warn"
    with pytest.raises(StatusListError) as info:
        verifier.verify(text, now=expires + DEFAULT_GRACE + timedelta(hours=1))
    assert info.value.code == "status_list_expired"
    assert verifier.verify(text, now=expires - timedelta(hours=1)) == fresh  # nothing was kept
