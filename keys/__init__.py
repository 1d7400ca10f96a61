"""Signing-key custody for ecert: key files and PKCS#11 tokens, lifecycle, trust list, X.509.

Takes bytes, paths and token settings; never reads settings or the database. Lifecycle
functions return :class:`LifecycleEvent` values for the caller to write to the audit log.
A new key is ``pending`` until a published trust list names it; :func:`signing_key` (given the
published list's bytes) is the one rule for which key signs.

Errors (all also :class:`KeysError`)::

    WrongPassphrase, WrongPin, PinLocked, TokenUnavailable, InsecureKeyFile, WrongKeyType,
    MalformedManifest, UnknownKey, KeystoreNotInitialised, KeyNotUsable, CertificateExpired,
    TrustListInvalid, TrustListExpired, UnknownAlgorithm

See ``keys._errors`` for the tree and docs/TRUST_LIST.md for the trust-list format.

SM2 electronic seals (GB/T 38540, for OFD licence files): :func:`create_seal` /
:func:`rotate_seal` / :func:`revoke_seal` keep one SM2 seal key per authority (file backend,
encrypted PKCS#8 like every key file) with an SM2 X.509 certificate from the SM2 seal CA, which
is created on first use and named (``sm2_ca``) in the root-signed trust list;
:func:`seal_signer` gives the authority's :class:`SealSigner` and
:func:`verify_ses_signature` checks an ``SES_Signature`` without private keys. SM2/SM3 come
from ``tongsuopy`` (Tongsuo, C; the nonce is drawn inside the library). SoftHSM2 has no SM2
mechanism, so seal keys have no PKCS#11 backend here: a hardware seal key needs a vendor
device whose module exposes SM2 — GM USBKeys through the GM/T 0016 SKF interface or a vendor
PKCS#11 module with SM2 as vendor-defined mechanisms (``CKM_VENDOR_DEFINED + n``; names and
values differ per vendor, e.g. Longmai mToken GM3000, Feitian ePass3000GM), or HSMs through
GM/T 0018 SDF; the PKCS#11 path stays for Ed25519/P-256.
"""

from keys._checkpoint import Checkpoint, CheckpointInvalid, open_checkpoint, sign_checkpoint
from keys._crypto import (
    FileSigner,
    PublicKey,
    compute_kid,
    load_file_signer,
    load_public_key,
    parse_algorithm,
    verify,
)
from keys._errors import (
    CertificateExpired,
    InsecureKeyFile,
    KeyNotUsable,
    KeysError,
    KeystoreNotInitialised,
    MalformedManifest,
    PinLocked,
    TokenUnavailable,
    TrustListExpired,
    TrustListInvalid,
    UnknownAlgorithm,
    UnknownKey,
    WrongKeyType,
    WrongPassphrase,
    WrongPin,
)
from keys._events import LifecycleEvent, TokenConfig
from keys._hierarchy import export_ca, root_at_hand, root_public_key, root_signer
from keys._lifecycle import (
    active_signer,
    create_key,
    list_keys,
    retire_key,
    revoke_key,
    rotate_all,
    rotate_key,
)
from keys._pdfcheck import (
    PdfSignatureCheck,
    check_pdf_signature,
    der_length,
    last_signature_contents,
)
from keys._pdfsign import pdf_signer
from keys._provision import init_hierarchy
from keys._sealcheck import SealCheck, verify_ses_signature
from keys._seals import (
    SealRecord,
    SealSigner,
    create_seal,
    list_seals,
    revoke_seal,
    revoked_seal_fingerprints,
    rotate_seal,
    seal_signer,
    sm2_ca_certificates,
)
from keys._signing import KeyState, document_signer, key_states, signing_key, signing_keys
from keys._sm2 import sm2_verify, sm3
from keys._store import DocumentCert, KeyRecord, Keystore
from keys._trustlist import KeyTrust, TrustedKey, TrustList, publish_trust_list
from keys._trustverify import age_trust_list, load_trust_list

__all__ = [
    "SealCheck",
    "SealRecord",
    "SealSigner",
    "create_seal",
    "list_seals",
    "revoke_seal",
    "revoked_seal_fingerprints",
    "rotate_seal",
    "seal_signer",
    "sm2_ca_certificates",
    "sm2_verify",
    "sm3",
    "verify_ses_signature",
    "age_trust_list",
    "Checkpoint",
    "CheckpointInvalid",
    "open_checkpoint",
    "sign_checkpoint",
    "PdfSignatureCheck",
    "check_pdf_signature",
    "der_length",
    "last_signature_contents",
    "CertificateExpired",
    "DocumentCert",
    "FileSigner",
    "InsecureKeyFile",
    "KeyNotUsable",
    "KeyRecord",
    "KeyState",
    "KeyTrust",
    "KeysError",
    "Keystore",
    "KeystoreNotInitialised",
    "LifecycleEvent",
    "MalformedManifest",
    "PinLocked",
    "PublicKey",
    "TokenConfig",
    "TokenUnavailable",
    "TrustList",
    "TrustListExpired",
    "TrustListInvalid",
    "TrustedKey",
    "UnknownAlgorithm",
    "UnknownKey",
    "WrongKeyType",
    "WrongPassphrase",
    "WrongPin",
    "active_signer",
    "compute_kid",
    "create_key",
    "document_signer",
    "export_ca",
    "init_hierarchy",
    "key_states",
    "list_keys",
    "load_file_signer",
    "load_public_key",
    "load_trust_list",
    "parse_algorithm",
    "pdf_signer",
    "publish_trust_list",
    "retire_key",
    "revoke_key",
    "root_public_key",
    "root_signer",
    "signing_key",
    "signing_keys",
    "rotate_all",
    "root_at_hand",
    "rotate_key",
    "verify",
]
