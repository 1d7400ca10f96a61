"""Every ``result`` value reached by a real case, online (registry) and offline (lists)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from core.clock import utcnow
from core.credential import from_qr_text, parse_credential
from core.settings import load_settings
from keys import revoke_key
from tests.verifier._support import (
    ForeignSigner,
    add_registration,
    authority_signer,
    certificate_id,
    resigned,
    set_status,
    tampered,
)
from tests.verifier.conftest import World, publish_lists
from verifier import RESULTS, Verdict, VerifierService, verify_offline

TODAY = date(2026, 11, 1)


def _service() -> VerifierService:
    """The verifier of the environment's settings, as the app builds it."""
    return VerifierService(load_settings())


def _online(text: str) -> Verdict:
    return _service().verify(text)


def _offline(world: World, text: str) -> Verdict:
    trust, status = world.lists()
    from keys import root_public_key

    return verify_offline(text, trust_list=trust, status_list=status,
                          root_public_key=root_public_key(world.home / "keys"), now=utcnow())


def test_issued_credentials_are_valid_online_and_offline(world: World) -> None:
    for item in world.issued:
        online, offline = _online(item.qr_text), _offline(world, item.qr_text)
        assert (online.result, online.authentic) == ("valid", True)
        assert (offline.result, offline.authentic) == ("valid", True)
        assert online.certificate is not None and online.certificate.number == item.number
        assert online.registration is not None and offline.registration is not None
        assert online.registration.state == offline.registration.state
        assert "*" in online.certificate.masked_id
        assert offline.freshness != "unknown" and online.freshness == utcnow().isoformat()


def test_tampered_byte_is_invalid_signature(world: World) -> None:
    text = tampered(world.issued[0].qr_text)
    for verdict in (_online(text), _offline(world, text)):
        assert (verdict.result, verdict.authentic) == ("invalid_signature", False)
        assert verdict.certificate is None
        assert ("signature", "fail") in [(c.name, c.outcome) for c in verdict.checks]


def test_key_outside_trust_list_is_unknown_key(world: World) -> None:
    text = resigned(world.issued[0].qr_text, ForeignSigner())
    assert _online(text).result == "unknown_key"
    assert _offline(world, text).result == "unknown_key"


def test_key_of_another_authority_is_unknown_key(world: World) -> None:
    first, second = world.issued[0], world.issued[1]
    other_province = parse_credential(from_qr_text(second.qr_text)).claims.authority_code[:2]
    text = resigned(first.qr_text, authority_signer(other_province))
    verdict = _online(text)
    assert (verdict.result, verdict.authentic) == ("unknown_key", False)
    assert ("authority", "fail") in [(c.name, c.outcome) for c in verdict.checks]


def test_revoked_key_is_key_revoked(world: World) -> None:
    item = world.issued[0]
    kid = parse_credential(from_qr_text(item.qr_text)).kid
    revoke_key(load_settings().keys_dir, kid, custodian="test")
    publish_lists(world.home)
    assert (_online(item.qr_text).result, _online(item.qr_text).authentic) == \
        ("key_revoked", False)
    assert _offline(world, item.qr_text).result == "key_revoked"


@pytest.mark.parametrize("status", ["revoked", "forfeited"])
def test_revoked_and_forfeited_certificates(world: World, status: str) -> None:
    item = world.issued[0]
    set_status(item.number, status=status)
    publish_lists(world.home)
    for verdict in (_online(item.qr_text), _offline(world, item.qr_text)):
        assert (verdict.result, verdict.authentic) == (status, True)
        assert verdict.tone == "red"


def test_replaced_certificate_names_its_successor(world: World) -> None:
    old, new = world.issued[0], world.issued[1]
    set_status(old.number, status="replaced", replaced_by_id=certificate_id(new.number))
    publish_lists(world.home)
    online = _online(old.qr_text)
    assert (online.result, online.replaced_by, online.tone) == ("replaced", new.number, "amber")
    assert new.number in online.headline("zh")
    assert _offline(world, old.qr_text).result == "replaced"


def test_a_reprinted_copy_is_replaced_online_and_offline_and_the_new_copy_is_valid(
    world: World,
) -> None:
    from core.db import session_scope
    from issuer import Selection, annotate, issue_batch, issuer_context

    old = world.issued[0]
    assert _offline(world, old.qr_text).result == "valid"
    with session_scope() as session:
        annotate(session, old.number, kind="补发", text="证书遗失，补发", actor="test")
    publish_lists(world.home)
    for verdict in (_online(old.qr_text), _offline(world, old.qr_text)):
        assert (verdict.result, verdict.replaced_by, verdict.tone) == \
            ("replaced", old.number, "amber")
        assert ("credential_version", "fail") in [(c.name, c.outcome) for c in verdict.checks]
        assert "补发" in verdict.headline("zh") and "re-issued" in verdict.headline("en")
    summary = issue_batch(Selection(numbers=(old.number,)), ctx=issuer_context(load_settings()),
                          actor="test", workers=1)
    (new,) = summary.issued
    assert (new.number, new.version) == (old.number, 2)
    publish_lists(world.home)
    for verify in (_online, lambda text: _offline(world, text)):
        assert verify(new.qr_text).result == "valid"
        assert verify(old.qr_text).result == "replaced"
        # the other certificates are untouched
        assert verify(world.issued[1].qr_text).result == "valid"


def test_deferred_registration(world: World) -> None:
    item = world.issued[0]
    add_registration(item.number, "暂缓注册", decided=TODAY)
    publish_lists(world.home)
    for verdict in (_online(item.qr_text), _offline(world, item.qr_text)):
        assert verdict.result == "valid" and verdict.tone == "amber"
        assert verdict.registration is not None and verdict.registration.state == "deferred"


def test_lapsed_and_current_registration(world: World) -> None:
    lapsed, current = world.issued[0], world.issued[1]
    add_registration(lapsed.number, "注册合格", decided=TODAY, valid_from=date(2019, 9, 1),
                     valid_until=date(2024, 8, 31))
    add_registration(current.number, "注册合格", decided=TODAY, valid_from=date(2026, 9, 1))
    publish_lists(world.home)
    gone, good = _online(lapsed.qr_text), _online(current.qr_text)
    assert gone.registration is not None and gone.registration.state == "lapsed"
    assert gone.registration.valid_until == date(2024, 8, 31) and gone.tone == "amber"
    assert good.registration is not None and good.registration.state == "registered"
    assert good.registration.valid_until == date(2031, 8, 31) and good.tone == "green"
    offline = _offline(world, lapsed.qr_text)
    assert offline.registration is not None and offline.registration.state == "lapsed"


@pytest.mark.parametrize("text", ["hello", "", "HTTP://127.0.0.1:8000/C/", "12345",
                                  "HTTPS://EVIL.EXAMPLE/X/123", "HTTP://127.0.0.1:8000/C/1x2"])
def test_malformed_text(world: World, text: str) -> None:
    for verdict in (_online(text), _offline(world, text)):
        assert (verdict.result, verdict.authentic) == ("malformed", False)
        assert verdict.checks[0].name == "format" and verdict.checks[0].outcome == "fail"


def test_qr_text_under_another_site_is_foreign_host(world: World) -> None:
    """FORMAT.md §5.2: online, only the verifier's own public URL; offline, any origin."""
    digits = world.issued[0].qr_text.rsplit("/C/", 1)[1]
    phish = f"https://evil.example.com/phish/C/{digits}"
    online = _online(phish)
    assert (online.result, online.authentic, online.tone) == ("foreign_host", False, "red")
    assert "evil.example.com" in online.checks[0].detail
    assert _offline(world, phish).result == "valid"  # an offline decoder knows no public URL


def test_altered_pdf_is_pdf_signature_invalid(world: World) -> None:
    item = world.issued[0]
    verdict = _service().verify_upload(item.pdf.read_bytes() + b"\n%%EOF\n")
    assert (verdict.result, verdict.authentic, verdict.tone) == \
        ("pdf_signature_invalid", True, "amber")
    assert verdict.certificate is not None and verdict.certificate.number == item.number


def test_authentic_but_unknown_certificate_is_not_found(world: World) -> None:
    item = world.issued[0]
    claims = parse_credential(from_qr_text(item.qr_text)).claims
    signer = authority_signer(claims.authority_code[:2])
    text = resigned(item.qr_text, signer, certificate_number=claims.certificate_number[:-1] + (
        "0" if claims.certificate_number[-1] != "0" else "1"), status_index=999_999)
    for verdict in (_online(text), _offline(world, text)):
        assert (verdict.result, verdict.authentic) == ("not_found", True)


def test_every_result_is_covered_by_this_module() -> None:
    # the OFD results are driven by sealed files, in the OFD module beside this one
    here = Path(__file__).parent
    source = "".join((here / name).read_text(encoding="utf-8")
                     for name in ("test_results.py", "test_ofd_seal.py"))
    missing = [result for result in RESULTS if f'"{result}"' not in source]
    assert not missing


def test_registry_access_is_read_only(world: World) -> None:
    from sqlalchemy import text
    from sqlalchemy.exc import OperationalError

    with pytest.raises(OperationalError), _service().engine.begin() as conn:
        conn.execute(text("DELETE FROM registration"))


def test_runs_without_any_key_file(world: World) -> None:
    """Deployable apart from the keystore: only what `ecert publish` wrote is needed."""
    import shutil

    assert (world.public / "root-key.pem").is_file()
    shutil.rmtree(world.home / "keys")
    for item in world.issued:
        assert _online(item.qr_text).result == "valid"


def test_bad_or_older_list_files_keep_the_last_good_list(world: World,
                                                          caplog: pytest.LogCaptureFixture) -> None:
    item = world.issued[0]
    trust_file = world.public / "trust-list.cbor"
    old_trust = trust_file.read_bytes()
    kid = parse_credential(from_qr_text(item.qr_text)).kid
    revoke_key(load_settings().keys_dir, kid, custodian="test")
    publish_lists(world.home)
    service = _service()  # what it has seen is what it keeps
    assert service.verify(item.qr_text).result == "key_revoked"
    trust_file.write_bytes(old_trust)  # rollback to the list before the revocation
    assert service.verify(item.qr_text).result == "key_revoked"
    assert "rollback" in caplog.text
    trust_file.write_bytes(old_trust[:-1] + bytes([old_trust[-1] ^ 1]))  # tampered
    assert service.verify(item.qr_text).result == "key_revoked"


def test_invalid_first_trust_list_is_unavailable(world: World) -> None:
    from verifier import ListUnavailable

    trust_file = world.public / "trust-list.cbor"
    data = trust_file.read_bytes()
    trust_file.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    with pytest.raises(ListUnavailable) as info:
        _online(world.issued[0].qr_text)
    assert info.value.code == "trust_list_invalid" and info.value.http_status == 503


def test_online_verdict_names_the_authority_offline_only_its_code(world: World) -> None:
    item = world.issued[0]
    online = _online(item.qr_text)
    assert online.certificate is not None and online.certificate.authority_name
    assert online.certificate.authority_name != online.certificate.authority
    assert online.to_dict("zh")["certificate"]["authority_name"] == \
        online.certificate.authority_name
