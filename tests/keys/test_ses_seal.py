"""GB/T 38540 seals: lifecycle, the SES_Signature round trip, every check of the verifier."""

from __future__ import annotations

import io
import json
import stat
from datetime import timedelta

import pytest
from asn1crypto import core
from gmssl import sm2
from PIL import Image

import keys
from core.errors import Conflict, InvalidInput
from keys._sealcheck import MAX_SES_BYTES
from keys._ses import SESignature, build_signature
from keys._sm2 import sm2_key_from_secret
from tests.interop.ofd_check import gmssl_sm2
from tests.keys.conftest import NOW, PASS

CODE = "350500"
DATA = "<ofd:Signature>…</ofd:Signature>".encode()
PROPERTY = "/Doc_0/Signs/Sign_0/Signature.xml"
AT = NOW + timedelta(hours=1)


@pytest.fixture
def sealed(store: keys.Keystore) -> keys.Keystore:
    keys.create_seal(store.path, CODE, custodian="张三", passphrase=PASS, now=NOW)
    return store


@pytest.fixture
def signer(sealed: keys.Keystore) -> keys.SealSigner:
    return keys.seal_signer(sealed.path, CODE, passphrase=PASS.decode())


def _check(store: keys.Keystore, ses: bytes, data: bytes = DATA, **kw: object) -> keys.SealCheck:
    kw.setdefault("now", AT + timedelta(minutes=1))
    return keys.verify_ses_signature(
        ses, data, trusted_cas=keys.sm2_ca_certificates(store.path), **kw  # type: ignore[arg-type]
    )


def _gmssl(cert_der: bytes) -> sm2.CryptSM2:
    from keys._sm2x509 import parse_sm2_certificate

    return gmssl_sm2(parse_sm2_certificate(cert_der).spki[-64:].hex())


def test_sign_and_verify(sealed: keys.Keystore, signer: keys.SealSigner) -> None:
    check = _check(sealed, signer.sign(DATA, property_info=PROPERTY, at=AT))
    assert check.ok and check.reason is None
    assert check.signer == "泉州市教育局" and check.authority == CODE  # OU "authority <code>"
    assert check.seal_name == "泉州市教育局教师资格专用章"
    assert check.signed_at == AT and check.property_info == PROPERTY
    assert check.es_id == signer.es_id


def test_asn1_layout_round_trip(signer: keys.SealSigner) -> None:
    ses = signer.sign(DATA, property_info=PROPERTY, at=AT)
    parsed = SESignature.load(ses, strict=True)
    assert parsed.dump(force=True) == ses  # DER: re-encoding changes nothing
    tbs, seal = parsed["to_sign"], parsed["to_sign"]["eseal"]
    info = seal["seal_info"]
    assert tbs["version"].native == 4
    assert bytes(tbs["data_hash"].native) == keys.sm3(DATA)
    assert tbs["time_info"].native == AT
    assert seal.dump() == signer.seal_der
    assert (info["header"]["id"].native, info["header"]["version"].native) == ("ES", 4)
    prop = info["property"]
    assert prop["type"].native == 1 and prop["cert_list_type"].native == 1
    assert [bytes(c.native) for c in prop["cert_list"]] == [signer.cert_der]
    assert bytes(parsed["cert"].native) == signer.cert_der
    assert parsed["signature_alg_id"].dotted == "1.2.156.10197.1.501"
    assert seal["sign_alg_id"].dotted == "1.2.156.10197.1.501"
    picture = info["picture"]
    assert picture["type"].native == "PNG" and bytes(picture["data"].native) == signer.picture_png
    assert (picture["width"].native, picture["height"].native) == (42, 42)
    assert signer.picture_mm == (42.0, 42.0)


def test_both_signatures_verify_with_gmssl(sealed: keys.Keystore, signer: keys.SealSigner) -> None:
    parsed = SESignature.load(signer.sign(DATA, property_info=PROPERTY, at=AT))
    tbs, seal = parsed["to_sign"], parsed["to_sign"]["eseal"]
    by_signer = bytes(parsed["signature"].native).hex()
    assert _gmssl(signer.cert_der).verify_with_sm3(by_signer, tbs.dump())
    maker = keys.sm2_ca_certificates(sealed.path)[0]
    assert bytes(seal["cert"].native) == maker
    by_maker = bytes(seal["signed_value"].native).hex()
    assert _gmssl(maker).verify_with_sm3(by_maker, seal["seal_info"].dump())
    assert not _gmssl(maker).verify_with_sm3(by_maker, seal["seal_info"].dump() + b"\0")


def test_picture_is_a_round_red_png(signer: keys.SealSigner) -> None:
    image = Image.open(io.BytesIO(signer.picture_png)).convert("RGBA")
    assert image.size == (600, 600)
    assert image.getpixel((0, 0))[3] == 0  # transparent corner
    red, green, blue, alpha = image.getpixel((300, 300))  # the star's centre
    assert alpha > 200 and red > 180 and green < 80 and blue < 80


@pytest.mark.parametrize(
    ("tamper", "failed"),
    [
        ("data", "data_hash_ok"),
        ("signature", "signature_ok"),
        ("maker", "seal_maker_ok"),
        ("untrusted", "cert_trusted"),
    ],
)
def test_tampering_is_detected(
    sealed: keys.Keystore, signer: keys.SealSigner, tamper: str, failed: str
) -> None:
    ses, data = signer.sign(DATA, property_info=PROPERTY, at=AT), DATA
    trusted = keys.sm2_ca_certificates(sealed.path)
    if tamper == "data":
        data = DATA[:-1] + b"!"
    elif tamper == "signature":
        ses = ses[:-3] + bytes([ses[-3] ^ 1]) + ses[-2:]
    elif tamper == "maker":  # one byte of the picture inside the maker-signed SES_SealInfo
        at = ses.index(b"IDAT") + 10
        ses = ses[:at] + bytes([ses[at] ^ 1]) + ses[at + 1 :]
    else:
        trusted = []
    check = keys.verify_ses_signature(ses, data, trusted_cas=trusted, now=AT)
    assert not check.ok and not getattr(check, failed)
    assert check.reason


@pytest.mark.parametrize(
    "ses", [b"", b"\x30\x00", b"\x30\x82\xff\xff" + b"\0" * 10, b"garbage", b"\x30" * 5000]
)
def test_malformed_input_is_a_result(sealed: keys.Keystore, ses: bytes) -> None:
    check = _check(sealed, ses)
    assert not check.ok and not check.parsed and "SES_Signature" in (check.reason or "")


def test_truncated_and_oversized(sealed: keys.Keystore, signer: keys.SealSigner) -> None:
    ses = signer.sign(DATA, property_info=PROPERTY, at=AT)
    assert not _check(sealed, ses[:-1]).parsed
    assert not _check(sealed, ses + b"\0").parsed  # trailing bytes refused
    assert not _check(sealed, b"\x30" * (MAX_SES_BYTES + 1)).parsed


def test_validity_window(sealed: keys.Keystore, signer: keys.SealSigner) -> None:
    with pytest.raises(keys.CertificateExpired):
        signer.sign(DATA, property_info=PROPERTY, at=signer.valid_end + timedelta(seconds=1))
    with pytest.raises(keys.CertificateExpired):
        signer.sign(DATA, property_info=PROPERTY, at=NOW - timedelta(seconds=1))
    # A signature claiming a time outside the seal's window (made with the key directly).
    late = signer.valid_end + timedelta(days=1)
    ses = build_signature(seal_der=signer.seal_der, signer_key=signer._key,
                          signer_cert=signer.cert_der, data=DATA, property_info=PROPERTY, at=late)
    check = _check(sealed, ses, now=late)
    assert check.signature_ok and not check.seal_valid and not check.cert_trusted
    assert not check.ok
    future = _check(sealed, signer.sign(DATA, property_info=PROPERTY, at=AT), now=NOW)
    assert not future.ok and not future.seal_valid  # timeInfo an hour after "now"


def test_signature_by_another_key_is_refused(
    sealed: keys.Keystore, signer: keys.SealSigner
) -> None:
    foreign = sm2_key_from_secret(12345)
    ses = build_signature(seal_der=signer.seal_der, signer_key=foreign,
                          signer_cert=signer.cert_der, data=DATA, property_info=PROPERTY, at=AT)
    assert not _check(sealed, ses).signature_ok


def test_signer_not_in_seal_is_refused(sealed: keys.Keystore, signer: keys.SealSigner) -> None:
    keys.rotate_seal(sealed.path, CODE, custodian="张三", passphrase=PASS, now=NOW)
    new = keys.seal_signer(sealed.path, CODE, passphrase=PASS)
    # The new key and certificate (same CA) inside the OLD seal: the seal does not name it.
    ses = build_signature(seal_der=signer.seal_der, signer_key=new._key,
                          signer_cert=new.cert_der, data=DATA, property_info=PROPERTY, at=AT)
    check = _check(sealed, ses)
    assert check.signature_ok and check.cert_trusted and not check.signer_in_seal
    assert not check.ok


def test_revoke_refuses_new_signatures(sealed: keys.Keystore, signer: keys.SealSigner) -> None:
    before = signer.sign(DATA, property_info=PROPERTY, at=AT)
    events = keys.revoke_seal(sealed.path, CODE, custodian="张三", now=AT)
    assert [e.action for e in events] == ["keys.seal_revoke"]
    with pytest.raises(keys.KeyNotUsable):
        keys.seal_signer(sealed.path, CODE, passphrase=PASS)
    data, _ = keys.publish_trust_list(sealed, passphrase=PASS, custodian="张三", now=AT)
    trust = keys.load_trust_list(data, keys.root_public_key(sealed), now=AT, grace=timedelta(0))
    assert trust.sm2_ca_certificate == keys.sm2_ca_certificates(sealed.path)[0]
    assert len(trust.revoked_seals) == 1
    check = keys.verify_ses_signature(before, DATA, trusted_cas=[trust.sm2_ca_certificate],
                                      revoked=trust.revoked_seals, now=AT)
    assert not check.ok and not check.not_revoked and "吊销" in (check.reason or "")
    with pytest.raises(Conflict):
        keys.revoke_seal(sealed.path, CODE, custodian="张三", serial=keys.list_seals(
            sealed.path)[0].serial)


def test_rotate_keeps_old_signatures_valid(sealed: keys.Keystore, signer: keys.SealSigner) -> None:
    old = signer.sign(DATA, property_info=PROPERTY, at=AT)
    events = keys.rotate_seal(sealed.path, CODE, custodian="李四", passphrase=PASS, now=AT)
    assert [e.action for e in events] == ["keys.seal_rotate"]
    new = keys.seal_signer(sealed.path, CODE, passphrase=PASS)
    assert new.cert_der != signer.cert_der
    assert [r.status for r in keys.list_seals(sealed.path)] == ["retired", "active"]
    assert _check(sealed, old).ok
    assert _check(sealed, new.sign(DATA, property_info=PROPERTY, at=AT)).ok


def test_lifecycle_errors(store: keys.Keystore) -> None:
    with pytest.raises(keys.UnknownKey):
        keys.seal_signer(store.path, CODE, passphrase=PASS)
    with pytest.raises(keys.UnknownKey):
        keys.rotate_seal(store.path, CODE, custodian="张三", passphrase=PASS, now=NOW)
    events = keys.create_seal(store.path, CODE, custodian="张三", passphrase=PASS, now=NOW)
    assert [e.action for e in events] == ["keys.seal_create_ca", "keys.seal_create"]
    with pytest.raises(Conflict):
        keys.create_seal(store.path, CODE, custodian="张三", passphrase=PASS, now=NOW)
    with pytest.raises(keys.WrongPassphrase):
        keys.create_seal(store.path, "410000", custodian="张三", passphrase=b"wrong", now=NOW)
    with pytest.raises(keys.WrongPassphrase):
        keys.seal_signer(store.path, CODE, passphrase="wrong")


def test_key_files_private_and_metadata_without_secrets(sealed: keys.Keystore) -> None:
    private = sorted((sealed.path / "sm2").rglob("*.key.pem"))
    assert len(private) == 2  # the CA and the seal
    for path in private:
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
        assert b"ENCRYPTED PRIVATE KEY" in path.read_bytes()
    meta = json.loads((sealed.path / "sm2" / "seals.json").read_text("utf-8"))
    assert set(meta["seals"][0]) >= {"authority", "serial", "es_id", "cert_sha256", "status"}
    assert "PRIVATE" not in json.dumps(meta)


def test_property_info_must_be_ascii(signer: keys.SealSigner) -> None:
    with pytest.raises(InvalidInput):
        signer.sign(DATA, property_info="/文档/Signature.xml", at=AT)
    assert isinstance(core.IA5String(PROPERTY).dump(), bytes)


@pytest.mark.parametrize(
    ("field", "value"),
    [("sm2_ca", "not bytes"), ("sm2_ca", b"\0" * 70_000), ("revoked_seals", [b"short"]),
     ("revoked_seals", "nope")],
)
def test_trust_list_refuses_malformed_seal_fields(
    sealed: keys.Keystore, field: str, value: object
) -> None:
    import cbor2

    from keys._hierarchy import root_signer
    from keys._trustlist import sign_trust_list

    data, _ = keys.publish_trust_list(sealed, passphrase=PASS, custodian="张三", now=NOW)
    body = dict(cbor2.loads(cbor2.loads(data).value[2]))
    assert body["sm2_ca"] == keys.sm2_ca_certificates(sealed.path)[0]
    body[field] = value
    with pytest.raises(keys.TrustListInvalid):
        keys.load_trust_list(sign_trust_list(body, root_signer(sealed, PASS)),
                             keys.root_public_key(sealed), now=NOW, grace=timedelta(0))


def test_the_ca_itself_cannot_be_the_signer(sealed: keys.Keystore, signer: keys.SealSigner) -> None:
    from keys._sm2 import load_sm2_key

    ca_key = load_sm2_key(sealed.path / "sm2" / "ca.key.pem", PASS)
    ca_der = keys.sm2_ca_certificates(sealed.path)[0]
    ses = build_signature(seal_der=signer.seal_der, signer_key=ca_key, signer_cert=ca_der,
                          data=DATA, property_info=PROPERTY, at=AT)
    check = _check(sealed, ses)
    assert check.signature_ok and not check.cert_trusted and not check.ok


def test_key_and_certificate_must_match(sealed: keys.Keystore) -> None:
    record = keys.list_seals(sealed.path)[0]
    cert_file = sealed.path / f"{record.stem}.cert.der"
    cert_file.write_bytes(keys.sm2_ca_certificates(sealed.path)[0])
    with pytest.raises(keys.UnknownKey, match="does not match"):
        keys.seal_signer(sealed.path, CODE, passphrase=PASS)


def test_a_seal_made_under_another_organisation_still_chains(store: keys.Keystore) -> None:
    """The seal certificate's issuer is the CA certificate's subject, not today's setting."""
    from keys._sm2x509 import parse_sm2_certificate

    keys.create_seal(store.path, CODE, custodian="张三", passphrase=PASS, now=NOW,
                     organisation="某省教育厅")
    keys.create_seal(store.path, "410000", custodian="张三", passphrase=PASS, now=NOW)
    ca = parse_sm2_certificate(keys.sm2_ca_certificates(store.path)[0])
    other = keys.seal_signer(store.path, "410000", passphrase=PASS)
    cert = parse_sm2_certificate(other.cert_der)
    assert cert.issuer_der == ca.subject_der and cert.signed_by(ca)
    assert _check(store, other.sign(DATA, property_info=PROPERTY, at=AT)).ok


def test_a_seal_that_would_not_chain_is_refused_and_nothing_written(
    sealed: keys.Keystore,
) -> None:
    from keys._sm2 import generate_sm2_key, write_sm2_key

    ca_key = sealed.path / "sm2" / "ca.key.pem"
    ca_key.unlink()  # a CA key that is not the one the CA certificate names
    write_sm2_key(ca_key, generate_sm2_key(), PASS)
    before = sorted(p.name for p in (sealed.path / "sm2").rglob("*"))
    with pytest.raises(keys.KeyNotUsable, match="does not chain"):
        keys.create_seal(sealed.path, "410000", custodian="张三", passphrase=PASS, now=NOW)
    assert sorted(p.name for p in (sealed.path / "sm2").rglob("*")) == before
    assert [r.authority for r in keys.list_seals(sealed.path)] == [CODE]
