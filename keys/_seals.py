"""SM2 seal keys per authority: the SM2 seal CA, create / rotate / revoke, and the seal signer.

Layout inside the keystore (private files 0600 and encrypted like every key file)::

    sm2/ca.key.pem, sm2/ca.cert.der       the SM2 seal CA (self-signed, also the seal maker)
    sm2/seals.json                        seal metadata (no private material)
    sm2/seals/<code>-<date>-<hex>.key.pem / .cert.der / .seal.der

Seal keys are trusted through X.509 (the SM2 CA, which the root-signed trust list names), not
through the trust list's key entries, so a new seal is active at once. Rotation retires the
previous seal (what it sealed stays verifiable); revocation is published in the trust list, and
verifiers then refuse every signature of that seal whatever its claimed time.
"""

from __future__ import annotations

import json
import os
import secrets
from dataclasses import asdict, dataclass, field, replace
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any, Literal

from asn1crypto import x509

from core.errors import Conflict, InvalidInput
from keys._errors import CertificateExpired, KeyNotUsable, KeystoreNotInitialised, UnknownKey
from keys._events import LifecycleEvent, now_utc
from keys._hierarchy import (
    ORGANISATION,
    _write_public,
    check_authority,
    check_passphrase,
    require_passphrase,
)
from keys._seal_image import SEAL_MM, render_seal_png
from keys._ses import SESeal, build_seal, build_signature
from keys._sm2 import Sm2PrivateKey, generate_sm2_key, load_sm2_key, public_spki, write_sm2_key
from keys._sm2x509 import authority_unit, issue_sm2_certificate, parse_sm2_certificate, sm2_name
from keys._store import Keystore, as_store, iso, parse_time

__all__ = [
    "SealRecord",
    "SealSigner",
    "create_seal",
    "list_seals",
    "revoke_seal",
    "revoked_seal_fingerprints",
    "rotate_seal",
    "seal_signer",
    "sm2_ca_certificates",
]

SealStatus = Literal["active", "retired", "revoked"]
CA_KEY, CA_CERT, SEALS = "sm2/ca.key.pem", "sm2/ca.cert.der", "sm2/seals.json"
CA_DAYS, SEAL_DAYS = 3650, 730
SEAL_PURPOSE = "教师资格专用章"
ENTITY = "seal_key"


@dataclass(frozen=True)
class SealRecord:
    """Metadata of one seal key, its certificate and its SESeal (never the private key)."""

    authority: str
    serial: str
    es_id: str
    stem: str
    name: str
    cert_sha256: str
    not_before: datetime
    not_after: datetime
    created_at: datetime
    custodian: str
    status: SealStatus = "active"
    retired_at: datetime | None = None
    revoked_at: datetime | None = None

    _TIMES = ("not_before", "not_after", "created_at", "retired_at", "revoked_at")

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (times ISO 8601 UTC); also the audit snapshot."""
        out = asdict(self)
        for name in self._TIMES:
            out[name] = iso(getattr(self, name))
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> SealRecord:
        times = {n: parse_time(data.get(n)) for n in cls._TIMES}
        return cls(**{k: v for k, v in data.items() if k not in times}, **times)  # type: ignore[arg-type]


def _passphrase(value: bytes | str | None) -> bytes | None:
    return value.encode("utf-8") if isinstance(value, str) else value


def _load_records(ks: Keystore) -> list[SealRecord]:
    path = ks.file(SEALS)
    if not path.is_file():
        return []
    return [SealRecord.from_json(r) for r in json.loads(path.read_text("utf-8"))["seals"]]


def _save_records(ks: Keystore, records: list[SealRecord]) -> None:
    path = ks.file(SEALS)
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    tmp = path.with_suffix(".tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"format": "ecert-seals/1", "seals": [r.to_json() for r in records]}, fh,
                  ensure_ascii=False, indent=2)
    os.replace(tmp, path)


def _ensure_ca(ks: Keystore, passphrase: bytes, custodian: str, now: datetime,
               organisation: str) -> tuple[Sm2PrivateKey, bytes, list[LifecycleEvent]]:
    """The SM2 seal CA (key, certificate DER), created on first use."""
    if ks.file(CA_CERT).is_file():
        return load_sm2_key(ks.file(CA_KEY), passphrase), ks.file(CA_CERT).read_bytes(), []
    key = load_sm2_key(ks.file(CA_KEY), passphrase) if ks.file(CA_KEY).is_file() \
        else generate_sm2_key()
    if not ks.file(CA_KEY).is_file():
        write_sm2_key(ks.file(CA_KEY), key, passphrase)
    name, spki = sm2_name("ecert 电子印章 SM2 CA", organisation), public_spki(key)
    der = issue_sm2_certificate(
        issuer_key=key, issuer_name=name, issuer_spki=spki, subject_name=name,
        subject_spki=spki, not_before=now, not_after=now + timedelta(days=CA_DAYS), ca=True)
    _write_public(ks.file(CA_CERT), der)
    cert = parse_sm2_certificate(der)
    after = {"serial": f"{cert.serial:x}", "subject": cert.subject,
             "not_after": iso(cert.not_after)}
    event = LifecycleEvent("keys.seal_create_ca", "sm2_ca_certificate", f"{cert.serial:x}",
                           custodian, now, None, after)
    return key, der, [event]


def _new_seal(ks: Keystore, authority: str, name: str, passphrase: bytes, custodian: str,
              now: datetime, organisation: str) -> tuple[SealRecord, list[LifecycleEvent]]:
    ca_key, ca_der, events = _ensure_ca(ks, passphrase, custodian, now, organisation)
    ca = parse_sm2_certificate(ca_der)
    if not ca.valid_at(now):
        raise CertificateExpired(f"SM2 印章 CA 证书已过期 SM2 seal CA expired {iso(ca.not_after)}")
    key = generate_sm2_key()
    stem = f"sm2/seals/{authority}-{now:%Y%m%d}-{secrets.token_hex(4)}"
    not_after = min(now + timedelta(days=SEAL_DAYS), ca.not_after)
    # The issuer name is the CA certificate's own subject, byte for byte: rebuilt from today's
    # organisation it would differ whenever the setting changed, and the seal would not chain.
    cert_der = issue_sm2_certificate(
        issuer_key=ca_key, issuer_name=x509.Name.load(ca.subject_der), issuer_spki=ca.spki,
        subject_name=sm2_name(name, "ecert", authority_unit(authority)),
        subject_spki=public_spki(key), not_before=now, not_after=not_after, ca=False)
    cert = parse_sm2_certificate(cert_der)
    if not cert.signed_by(ca):
        raise KeyNotUsable(
            f"新印章证书不能链接到 SM2 印章 CA new seal certificate does not chain to the SM2 "
            f"seal CA ({CA_KEY} does not match {CA_CERT}?): nothing written",
            authority=authority)
    write_sm2_key(ks.file(stem + ".key.pem"), key, passphrase)
    es_id = f"{authority}{now:%Y%m%d}{stem[-8:]}"
    seal_name = f"{name}{SEAL_PURPOSE}"
    seal_der = build_seal(
        es_id=es_id, name=seal_name, signer_cert=cert_der, maker_key=ca_key, maker_cert=ca_der,
        picture_png=render_seal_png(name, SEAL_PURPOSE), picture_mm=(round(SEAL_MM),) * 2,
        created=now, valid_start=now, valid_end=not_after)
    _write_public(ks.file(stem + ".cert.der"), cert_der)
    _write_public(ks.file(stem + ".seal.der"), seal_der)
    record = SealRecord(
        authority=authority, serial=f"{cert.serial:x}", es_id=es_id, stem=stem, name=seal_name,
        cert_sha256=cert.sha256.hex(), not_before=cert.not_before, not_after=cert.not_after,
        created_at=now, custodian=custodian)
    return record, events


def _event(action: str, custodian: str, now: datetime, before: SealRecord | None,
           after: SealRecord) -> LifecycleEvent:
    return LifecycleEvent(action, ENTITY, after.serial, custodian, now,
                          None if before is None else before.to_json(), after.to_json())


def _active(records: list[SealRecord], authority: str) -> SealRecord | None:
    return next((r for r in records if r.authority == authority and r.status == "active"), None)


def _change(
    keys_dir: Path | Keystore, authority: str, *, custodian: str, passphrase: bytes | str | None,
    now: datetime | None, strict_permissions: bool, rotate: bool, organisation: str | None,
) -> list[LifecycleEvent]:
    ks, moment = as_store(keys_dir), now_utc(now)
    check_authority(authority)
    phrase = check_passphrase(ks, _passphrase(passphrase), strict_permissions=strict_permissions)
    with ks.transaction() as m:
        records = _load_records(ks)
        old = _active(records, authority)
        if old is not None and not rotate:
            raise Conflict(f"机构已有有效电子印章 authority {authority!r} already has an active "
                           "seal; use `ecert keys seal rotate`", authority=authority)
        if old is None and rotate and not any(r.authority == authority for r in records):
            raise UnknownKey(f"机构无电子印章 no seal for authority {authority!r}: use "
                             "`ecert keys seal create`", authority=authority)
        new, events = _new_seal(ks, authority, m.authorities.get(authority, authority), phrase,
                                custodian, moment, organisation or ORGANISATION)
        if old is not None:
            retired = replace(old, status="retired", retired_at=moment)
            records = [retired if r is old else r for r in records]
        _save_records(ks, [*records, new])
    return [*events, _event("keys.seal_rotate" if rotate else "keys.seal_create", custodian,
                            moment, old, new)]


def create_seal(
    keys_dir: Path | Keystore, authority: str, *, custodian: str, passphrase: bytes | str | None,
    now: datetime | None = None, strict_permissions: bool = False,
    organisation: str | None = None,
) -> list[LifecycleEvent]:
    """The authority's first SM2 seal key, certificate and SESeal (the SM2 CA on first use)."""
    return _change(keys_dir, authority, custodian=custodian, passphrase=passphrase, now=now,
                   strict_permissions=strict_permissions, rotate=False,
                   organisation=organisation)


def rotate_seal(
    keys_dir: Path | Keystore, authority: str, *, custodian: str, passphrase: bytes | str | None,
    now: datetime | None = None, strict_permissions: bool = False,
    organisation: str | None = None,
) -> list[LifecycleEvent]:
    """A new seal for ``authority``; the previous one retires (its seals stay verifiable)."""
    return _change(keys_dir, authority, custodian=custodian, passphrase=passphrase, now=now,
                   strict_permissions=strict_permissions, rotate=True,
                   organisation=organisation)


def revoke_seal(
    keys_dir: Path | Keystore, authority: str, *, custodian: str, serial: str | None = None,
    now: datetime | None = None,
) -> list[LifecycleEvent]:
    """Revoke the authority's active seal (or the one with certificate ``serial``, hex)."""
    ks, moment = as_store(keys_dir), now_utc(now)
    with ks.transaction():
        records = _load_records(ks)
        old = next((r for r in records if r.authority == authority and (
            r.serial == serial.lower().lstrip("0") if serial else r.status == "active")), None)
        if old is None:
            raise UnknownKey(f"无此电子印章 no {'such' if serial else 'active'} seal for "
                             f"authority {authority!r}", authority=authority)
        if old.status == "revoked":
            raise Conflict(f"电子印章已吊销 seal {old.serial} is already revoked",
                           serial=old.serial)
        new = replace(old, status="revoked", revoked_at=moment)
        _save_records(ks, [new if r is old else r for r in records])
    return [_event("keys.seal_revoke", custodian, moment, old, new)]


def list_seals(keys_dir: Path | Keystore) -> list[SealRecord]:
    """Every seal key of the keystore, by authority then age."""
    ks = as_store(keys_dir)
    ks.load()  # a missing keystore is an error, not an empty list
    return sorted(_load_records(ks), key=lambda r: (r.authority, r.created_at))


def sm2_ca_certificates(keys_dir: Path | Keystore) -> list[bytes]:
    """DER of the SM2 seal CA certificate(s): the verifier's trust anchors for seals."""
    path = as_store(keys_dir).file(CA_CERT)
    return [path.read_bytes()] if path.is_file() else []


def revoked_seal_fingerprints(keys_dir: Path | Keystore) -> list[bytes]:
    """SHA-256 of every revoked seal certificate (what the trust list publishes)."""
    return sorted(bytes.fromhex(r.cert_sha256) for r in _load_records(as_store(keys_dir))
                  if r.status == "revoked")


@dataclass(frozen=True)
class SealSigner:
    """An authority's active seal: the SESeal, its certificate and picture, and its key."""

    authority: str
    es_id: str
    seal_der: bytes
    cert_der: bytes
    picture_png: bytes
    picture_mm: tuple[float, float]
    valid_start: datetime
    valid_end: datetime
    _key: Sm2PrivateKey = field(repr=False, compare=False)

    def sign(self, data: bytes, *, property_info: str, at: datetime) -> bytes:
        """SES_Signature DER over ``data`` (dataHash = SM3(data)) at time ``at``."""
        moment = now_utc(at)
        if not self.valid_start <= moment <= self.valid_end:
            raise CertificateExpired(
                f"电子印章不在有效期内 seal {self.es_id} is valid {iso(self.valid_start)} – "
                f"{iso(self.valid_end)}, not at {iso(moment)}", es_id=self.es_id)
        if not property_info.isascii() or len(property_info) > 1024:
            raise InvalidInput(
                f"签章属性须为 ASCII property_info must be an ASCII path (IA5String), got "
                f"{property_info[:80]!r}", field="property_info", rule="ia5string")
        return build_signature(seal_der=self.seal_der, signer_key=self._key,
                               signer_cert=self.cert_der, data=data,
                               property_info=property_info, at=moment)


def seal_signer(
    keys_dir: Path | Keystore, authority_code: str, *, passphrase: bytes | str | None = None,
    strict_permissions: bool = False,
) -> SealSigner:
    """The authority's active seal signer; :class:`KeyNotUsable`/:class:`UnknownKey` if none."""
    ks = as_store(keys_dir)
    if not ks.exists():
        raise KeystoreNotInitialised(f"密钥库未初始化 no keystore at {ks.path}")
    records = [r for r in _load_records(ks) if r.authority == authority_code]
    record = _active(records, authority_code)
    if record is None:
        if records:
            raise KeyNotUsable(f"机构无有效电子印章 authority {authority_code!r} has no active "
                               "seal (revoked or retired): `ecert keys seal create`",
                               authority=authority_code)
        raise UnknownKey(f"机构无电子印章 no seal key for authority {authority_code!r}: "
                         "run `ecert keys seal create`", authority=authority_code)
    # The seal key file itself proves the passphrase; no root key load on every batch.
    phrase = require_passphrase(_passphrase(passphrase))
    key = load_sm2_key(ks.file(record.stem + ".key.pem"), phrase,
                       strict_permissions=strict_permissions)
    seal_der = ks.file(record.stem + ".seal.der").read_bytes()
    cert_der = ks.file(record.stem + ".cert.der").read_bytes()
    if parse_sm2_certificate(cert_der).spki != public_spki(key):
        raise UnknownKey(f"印章密钥与证书不符 seal key {record.stem}.key.pem does not match its "
                         "certificate", authority=authority_code)
    picture = SESeal.load(seal_der)["seal_info"]["picture"]
    return SealSigner(
        authority=authority_code, es_id=record.es_id, seal_der=seal_der, cert_der=cert_der,
        picture_png=bytes(picture["data"].native),
        picture_mm=(float(picture["width"].native), float(picture["height"].native)),
        valid_start=record.not_before, valid_end=record.not_after, _key=key)
