"""PKCS#11 backend (USBKey tokens; SoftHSM2 in tests) through python-pkcs11.

Private keys are generated on the token, never extractable; the token object's CKA_ID is the kid,
so a signer finds its key again from the manifest alone.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any, cast

import pkcs11
from asn1crypto.core import OctetString
from pkcs11 import Attribute, KeyType, Mechanism, ObjectClass
from pkcs11 import exceptions as p11e
from pkcs11.types import SignMixin
from pkcs11.util.ec import encode_named_curve_parameters

from core.signing import Algorithm
from keys._crypto import PublicKey, load_public_key
from keys._errors import (
    KeysError,
    PinLocked,
    TokenUnavailable,
    UnknownKey,
    WrongKeyType,
    WrongPin,
)

__all__ = [
    "Pkcs11Signer",
    "TokenSession",
    "generate_token_key",
    "open_session",
    "open_token",
    "token_public_key",
]

TokenSession = pkcs11.Session
_CURVES: dict[Algorithm, tuple[KeyType, str]] = {
    "EdDSA": (KeyType.EC_EDWARDS, "1.3.101.112"),  # id-Ed25519
    "ES256": (KeyType.EC, "secp256r1"),
}


def _map_error(exc: Exception, token_label: str) -> KeysError:
    """Translate python-pkcs11 failures into the keys error tree."""
    if isinstance(exc, p11e.PinLocked):
        return PinLocked(f"令牌 PIN 已锁定 PIN of token {token_label!r} is locked; ask the SO")
    if isinstance(exc, p11e.PinIncorrect | p11e.PinLenRange | p11e.PinInvalid):
        return WrongPin(f"令牌 PIN 错误 wrong PIN for token {token_label!r}")
    if isinstance(exc, p11e.NoSuchToken | p11e.TokenNotPresent | p11e.DeviceRemoved):
        return TokenUnavailable(f"未找到令牌 token {token_label!r} not present", token=token_label)
    return TokenUnavailable(
        f"令牌错误 PKCS#11 error on token {token_label!r}: {type(exc).__name__} {exc}".strip(),
        token=token_label,
    )


@contextmanager
def open_token(module: str, token_label: str, pin: str) -> Iterator[TokenSession]:
    """Open a logged-in read/write session on the token labelled ``token_label``."""
    session = open_session(module, token_label, pin)
    try:
        yield session
    finally:
        session.close()


def open_session(module: str, token_label: str, pin: str) -> TokenSession:
    """A logged-in session the caller must close (signers keep theirs open)."""
    if not Path(module).is_file():
        raise TokenUnavailable(
            f"PKCS#11 模块不存在 module not found: {module}", module=module, token=token_label
        )
    if not pin:
        raise WrongPin(f"未提供 PIN no PIN given for token {token_label!r} (ECERT_PKCS11_PIN)")
    try:
        token = pkcs11.lib(module).get_token(token_label=token_label)
        return token.open(user_pin=pin, rw=True)
    except p11e.PKCS11Error as exc:
        raise _map_error(exc, token_label) from None


def generate_token_key(session: TokenSession, algorithm: Algorithm, label: str) -> PublicKey:
    """Generate a non-extractable key pair on the token; its CKA_ID is set to the kid."""
    key_type, curve = _CURVES[algorithm]
    params = session.create_domain_parameters(
        key_type, {Attribute.EC_PARAMS: encode_named_curve_parameters(curve)}, local=True
    )
    template: dict[Attribute, Any] = {
        Attribute.SENSITIVE: True,
        Attribute.EXTRACTABLE: False,
    }
    pub, priv = params.generate_keypair(store=True, label=label, private_template=template)
    public = _public_from_point(algorithm, pub[Attribute.EC_POINT])
    pub[Attribute.ID] = public.kid
    priv[Attribute.ID] = public.kid
    return public


def _public_from_point(algorithm: Algorithm, ec_point: bytes) -> PublicKey:
    # CKA_EC_POINT is a DER OCTET STRING around the point (SoftHSM and most tokens).
    point = ec_point
    if point[:1] == b"\x04" and len(point) in (34, 67):
        point = bytes(OctetString.load(point))
    return load_public_key(point, algorithm)


def token_public_key(session: TokenSession, kid: bytes, algorithm: Algorithm) -> PublicKey:
    """Read the public key with CKA_ID ``kid`` back from the token."""
    try:
        pub = session.get_key(object_class=ObjectClass.PUBLIC_KEY, id=kid)
    except (p11e.NoSuchKey, p11e.MultipleObjectsReturned):
        raise UnknownKey(f"令牌上无此密钥 no key {kid.hex()} on the token", kid=kid.hex()) from None
    return _public_from_point(algorithm, pub[Attribute.EC_POINT])


class Pkcs11Signer:
    """:class:`core.signing.Signer` whose private key stays on a PKCS#11 token."""

    def __init__(self, session: TokenSession, kid: bytes, algorithm: Algorithm) -> None:
        try:
            priv = session.get_key(object_class=ObjectClass.PRIVATE_KEY, id=kid)
        except (p11e.NoSuchKey, p11e.MultipleObjectsReturned):
            raise UnknownKey(
                f"令牌上无此密钥 no private key {kid.hex()} on the token", kid=kid.hex()
            ) from None
        if priv.key_type != _CURVES[algorithm][0]:
            raise WrongKeyType(f"令牌密钥类型不符 token key {kid.hex()} is not {algorithm}")
        self._priv = cast(SignMixin, priv)
        self._session = session
        self._kid = kid
        self._algorithm: Algorithm = algorithm

    @property
    def kid(self) -> bytes:
        return self._kid

    @property
    def algorithm(self) -> Algorithm:
        return self._algorithm

    def sign(self, data: bytes) -> bytes:
        """Raw signature from the token (PKCS#11 ECDSA output already is r||s)."""
        if self._algorithm == "EdDSA":
            return bytes(self._priv.sign(data, mechanism=Mechanism.EDDSA))
        digest = hashlib.sha256(data).digest()
        return bytes(self._priv.sign(digest, mechanism=Mechanism.ECDSA))

    def close(self) -> None:
        """Close the token session this signer owns."""
        self._session.close()

    def __enter__(self) -> Pkcs11Signer:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
