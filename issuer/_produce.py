"""The CPU-bound part of issuance, run in worker processes: sign, encode, render, write.

Workers never touch the database. Files are written to a temporary name and renamed into place,
so a killed worker leaves at most a ``*.tmp`` file, which the next batch sweeps away.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from core.credential import sign_credential, to_qr_text
from core.licence_id import PLACEHOLDER_TYPE_CODE
from core.signing import Signer
from issuer._booklet import BookletView
from issuer._inputs import IssueInput
from issuer._licence import LICENCE_NAME
from issuer._ofd import QR_TEXT_NAME, OfdInfo, render_booklet
from issuer._pades import PdfProfiles, sign_pdf
from issuer._pdf_canvas import aware
from issuer._qrprint import printable_qr_matrix
from keys import (
    Keystore,
    SealSigner,
    TokenConfig,
    active_signer,
    document_signer,
    list_seals,
    seal_signer,
    signing_keys,
)

__all__ = [
    "IssuedArtifact",
    "IssuerContext",
    "credential_path",
    "ofd_path",
    "produce",
    "signing_authority",
]

TMP_SUFFIX = ".tmp"


@dataclass(frozen=True)
class IssuerContext:
    """Where keys and artifacts are, and how to open the keys (picklable for workers)."""

    keys_dir: Path
    passphrase: bytes
    public_url: str
    artifacts: Path
    token: TokenConfig | None = None
    strict_permissions: bool = False
    render_pdf: bool = True
    #: the trust list the verifier serves: only keys it names may sign (keys.signing_key)
    trust_list: Path | None = None
    #: the licence-type code of GB/T 36904 identifiers (ECERT_LICENCE_TYPE_CODE)
    licence_type_code: str = PLACEHOLDER_TYPE_CODE
    #: write the sealed OFD licence beside the PDF wherever the authority has an SM2 seal
    ofd: bool = True

    def __repr__(self) -> str:  # never print the passphrase
        return f"IssuerContext(keys_dir={self.keys_dir!s}, public_url={self.public_url!r})"


@dataclass(frozen=True)
class IssuedArtifact:
    """What one issuance produced; the caller records it in the registry."""

    certificate_id: int
    number: str
    version: int
    kid: str
    cose: bytes
    qr_text: str
    issued_at: datetime
    pdf_path: str | None
    pdf_sha256: str | None
    #: the GB/T 36904 identifier of this version (None: the authority has no USCC)
    licence_id: str | None = None
    #: the sealed OFD licence beside the PDF (None: not written, see ``ofd_missing``)
    ofd_path: str | None = None
    ofd_sha256: str | None = None
    #: why there is no OFD: "no_seal_key", "seal_not_valid_at_issue" or "ofd_off"
    ofd_missing: str | None = None


def credential_path(number: str, version: int) -> str:
    """The PDF's path relative to the artifacts folder."""
    return f"credentials/{number}/v{version}.pdf"


def ofd_path(number: str, version: int) -> str:
    """The OFD licence's path relative to the artifacts folder (beside the PDF)."""
    return f"credentials/{number}/v{version}.ofd"


def signing_authority(ctx: IssuerContext, authority_code: str) -> tuple[str, bytes | None]:
    """The most specific key owner for an authority (itself, else its 2-digit province) and the
    kid that owner signs with now (None when it may not sign): ``keys.signing_keys``, which asks
    the trust list the verifier serves."""
    kids = _selection(ctx)[0]
    owner = authority_code if authority_code in kids else authority_code[:2]
    return owner, kids.get(owner)


_Stamp = tuple[int, int, int]
#: A worker process's own state, keyed by the whole (frozen) context it was given, so a
#: different context never meets another's keys: which kid each owner signs with now, and the
#: loaded signers with what their first PDF signatures taught.
_selected: dict[IssuerContext, tuple[tuple[_Stamp, _Stamp], dict[str, bytes], bytes | None]] = {}


def _stamp(path: Path | None) -> _Stamp:
    try:
        st = path.stat() if path is not None else None
    except FileNotFoundError:
        st = None
    return (0, 0, 0) if st is None else (st.st_ino, st.st_size, st.st_mtime_ns)


def _read(path: Path | None) -> bytes | None:
    try:
        return None if path is None else path.read_bytes()
    except FileNotFoundError:  # nothing published yet: nothing may sign
        return None


def _selection(ctx: IssuerContext) -> tuple[dict[str, bytes], bytes | None]:
    """Owner → signing kid, and the published trust list's bytes; re-read whenever the manifest
    or the published list changes (rotation, revocation and publication replace the file, so its
    inode, size or mtime differ): a stat per certificate instead of a parse and a signature."""
    stamp = (_stamp(Keystore(ctx.keys_dir).manifest_path), _stamp(ctx.trust_list))
    cached = _selected.get(ctx)
    if cached is None or cached[0] != stamp:
        published = _read(ctx.trust_list)
        kids = {owner: k.kid for owner, k in signing_keys(ctx.keys_dir,
                                                          published=published).items()}
        cached = _selected[ctx] = (stamp, kids, published)
    return cached[1], cached[2]


_Signers = tuple[Signer, Any, PdfProfiles]
_signers: dict[tuple[IssuerContext, str, bytes | None], _Signers] = {}


def _signers_for(ctx: IssuerContext, authority_code: str) -> _Signers:
    """Per-process cache keyed by the kid that signs now: loading a key (PBKDF2-protected
    PKCS#8) is slow by design, and a rotation, publication or revocation changes that kid, so a
    cached signer of a key that may no longer sign is never used."""
    owner, kid = signing_authority(ctx, authority_code)
    key = (ctx, owner, kid)
    if key not in _signers:
        published = _selection(ctx)[1]
        opts: dict[str, Any] = {"published": published, "passphrase": ctx.passphrase,
                                "token": ctx.token, "strict_permissions": ctx.strict_permissions}
        signer = active_signer(ctx.keys_dir, owner, **opts)  # refuses keys that may not sign
        doc_signer = document_signer(ctx.keys_dir, owner, **opts) if ctx.render_pdf else None
        _signers[key] = (signer, doc_signer, PdfProfiles())
    return _signers[key]


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` so that ``path`` is either absent or complete, never partial.

    ``durable=False`` skips the fsync: batch issuance flushes each PDF just before committing its
    row (issuer._issuance), off the workers' critical path; a process crash needs no fsync at all.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}{TMP_SUFFIX}")
    with tmp.open("wb") as fh:
        fh.write(data)
        if durable:
            fh.flush()
            os.fsync(fh.fileno())
    os.replace(tmp, path)


_Seal = tuple[SealSigner | None, str | None]
#: where keys keeps its seal records (keys/_seals.py); only stat-ed here, never parsed
SEAL_LIST = "sm2/seals.json"
#: A worker's loaded seal signers, keyed by the context, the owner and its active seals' IDs:
#: a rotation or revocation changes the IDs, so a retired seal is never used from the cache.
_seals: dict[tuple[IssuerContext, str, tuple[str, ...]], SealSigner] = {}


_SealList = dict[str, tuple[str, ...]]
_seal_lists: dict[IssuerContext, tuple[tuple[_Stamp, _Stamp], _SealList]] = {}


def _active_seals(ctx: IssuerContext) -> _SealList:
    """Authority → the IDs of its active seals; re-read when the keystore's seal list or
    manifest changes (creation, rotation and revocation replace the file): a stat per
    certificate instead of a parse."""
    store = Keystore(ctx.keys_dir)
    stamp = (_stamp(store.file(SEAL_LIST)), _stamp(store.manifest_path))
    cached = _seal_lists.get(ctx)
    if cached is None or cached[0] != stamp:
        active: _SealList = {}
        for record in list_seals(ctx.keys_dir):
            if record.status == "active":
                active[record.authority] = (*active.get(record.authority, ()), record.es_id)
        cached = _seal_lists[ctx] = (stamp, active)
    return cached[1]


def _seal_for(ctx: IssuerContext, authority_code: str, at: datetime) -> _Seal:
    """The SM2 seal that seals this authority's OFD licences (its own, else its province's),
    or None and why: the OFD is written only where a seal is set up (``ecert keys seal create``);
    the PDF never waits for one."""
    if not ctx.ofd:
        return None, "ofd_off"
    active = _active_seals(ctx)
    owner = authority_code if authority_code in active else authority_code[:2]
    if owner not in active:
        return None, "no_seal_key"
    key = (ctx, owner, active[owner])
    if key not in _seals:
        _seals[key] = seal_signer(ctx.keys_dir, owner, passphrase=ctx.passphrase,
                                  strict_permissions=ctx.strict_permissions)
    seal = _seals[key]
    if not seal.valid_start <= aware(at) <= seal.valid_end:
        return None, "seal_not_valid_at_issue"
    return seal, None


def _ofd_info(item: IssueInput, qr_text: str) -> OfdInfo:
    """DocInfo: the GB/T 36903 metadata (issuer._licence) and the credential's QR text."""
    custom = item.licence.custom_datas() if item.licence is not None else []
    return OfdInfo(
        title=f"{LICENCE_NAME} {item.number}", author=str(item.view["authority_name"]),
        issued_at=item.claims.issued_at,
        doc_key=item.licence_id or f"{item.number}/v{item.version}",
        custom=(*custom, (QR_TEXT_NAME, qr_text)))


def produce(item: IssueInput, ctx: IssuerContext) -> IssuedArtifact:
    """Sign the credential, build the QR text, render and sign the PDF and seal the OFD licence
    (where the authority has a seal), write them."""
    cred_signer, doc_signer, profiles = _signers_for(ctx, item.authority_code)
    cose = sign_credential(item.claims, cred_signer)
    qr_text = to_qr_text(cose, ctx.public_url)
    rel = digest = ofd_rel = ofd_digest = missing = None
    if ctx.render_pdf:
        photo = item.photo_path.read_bytes() if item.photo_path and item.photo_path.is_file() \
            else None
        view = BookletView(**item.view, photo_jpeg=photo, qr_text=qr_text,
                           qr_matrix=printable_qr_matrix(qr_text))
        seal, missing = _seal_for(ctx, item.authority_code, item.claims.issued_at)
        unsigned, ofd = render_booklet(view, _ofd_info(item, qr_text) if seal else None,
                                       seal=seal)
        pdf = sign_pdf(unsigned, doc_signer, profiles=profiles)
        rel = credential_path(item.number, item.version)
        write_atomic(ctx.artifacts / rel, pdf, durable=False)  # flushed before commit
        digest = hashlib.sha256(pdf).hexdigest()
        if ofd is not None:
            ofd_rel = ofd_path(item.number, item.version)
            write_atomic(ctx.artifacts / ofd_rel, ofd, durable=False)
            ofd_digest = hashlib.sha256(ofd).hexdigest()
    return IssuedArtifact(
        certificate_id=item.certificate_id, number=item.number, version=item.version,
        kid=cred_signer.kid.hex(), cose=cose, qr_text=qr_text,
        issued_at=item.claims.issued_at, pdf_path=rel, pdf_sha256=digest,
        licence_id=item.licence_id, ofd_path=ofd_rel, ofd_sha256=ofd_digest,
        ofd_missing=missing,
    )
