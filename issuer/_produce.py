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
from core.signing import Signer
from issuer._booklet import BookletView
from issuer._inputs import IssueInput
from issuer._pades import sign_pdf
from issuer._pdf import render_booklet_pdf
from issuer._qrprint import printable_qr_matrix
from keys import Keystore, TokenConfig, active_signer, list_keys, pdf_signer

__all__ = ["IssuedArtifact", "IssuerContext", "credential_path", "produce", "signing_authority"]

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


def credential_path(number: str, version: int) -> str:
    """The PDF's path relative to the artifacts folder."""
    return f"credentials/{number}/v{version}.pdf"


def signing_authority(keys_dir: Path, authority_code: str) -> tuple[str, bytes | None]:
    """The most specific key owner for an authority (itself, else its 2-digit province) and
    that owner's active kid, as the manifest says now (None when it has none)."""
    active = _active_kids(keys_dir)
    owner = authority_code if authority_code in active else authority_code[:2]
    return owner, active.get(owner)


_active: dict[Path, tuple[tuple[int, int, int], dict[str, bytes]]] = {}


def _active_kids(keys_dir: Path) -> dict[str, bytes]:
    """Owner → active kid, re-read whenever the manifest file changes (a rotation or revocation
    replaces it, so its inode, size or mtime differ); a stat per certificate instead of a parse."""
    try:
        st = Keystore(keys_dir).manifest_path.stat()
        stamp = (st.st_ino, st.st_size, st.st_mtime_ns)
    except FileNotFoundError:
        stamp = (0, 0, 0)
    cached = _active.get(keys_dir)
    if cached is None or cached[0] != stamp:
        kids = {k.authority: k.kid for k in list_keys(keys_dir) if k.status == "active"}
        cached = _active[keys_dir] = (stamp, kids)
    return cached[1]


_signers: dict[tuple[Path, str, bytes | None], tuple[Signer, Any]] = {}


def _signers_for(ctx: IssuerContext, authority_code: str) -> tuple[Signer, Any]:
    """Per-process cache keyed by the *currently active* kid: loading a key (PBKDF2-protected
    PKCS#8) is slow by design, and a rotation or revocation changes the kid, so a cached
    signer of a key that is no longer active is never used."""
    owner, kid = signing_authority(ctx.keys_dir, authority_code)
    key = (ctx.keys_dir, owner, kid)
    if key not in _signers:
        opts: dict[str, Any] = {"passphrase": ctx.passphrase, "token": ctx.token,
                                "strict_permissions": ctx.strict_permissions}
        signer = active_signer(ctx.keys_dir, owner, **opts)  # refuses retired/revoked keys
        doc_signer = pdf_signer(ctx.keys_dir, owner, **opts) if ctx.render_pdf else None
        _signers[key] = (signer, doc_signer)
    return _signers[key]


def write_atomic(path: Path, data: bytes, *, durable: bool = True) -> None:
    """Write ``data`` so that ``path`` is either absent or complete, never partial.

    ``durable=False`` skips the fsync: batch issuance flushes each PDF just before committing its
    row (issuer._batch), off the workers' critical path; a process crash needs no fsync at all.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{os.getpid()}{TMP_SUFFIX}")
    with tmp.open("wb") as fh:
        fh.write(data)
        if durable:
            fh.flush()
            os.fsync(fh.fileno())
    os.replace(tmp, path)


def produce(item: IssueInput, ctx: IssuerContext) -> IssuedArtifact:
    """Sign the credential, build the QR text, render and sign the PDF, write it."""
    cred_signer, doc_signer = _signers_for(ctx, item.authority_code)
    cose = sign_credential(item.claims, cred_signer)
    qr_text = to_qr_text(cose, ctx.public_url)
    rel = digest = None
    if ctx.render_pdf:
        photo = item.photo_path.read_bytes() if item.photo_path and item.photo_path.is_file() \
            else None
        view = BookletView(**item.view, photo_jpeg=photo, qr_text=qr_text,
                           qr_matrix=printable_qr_matrix(qr_text))
        pdf = sign_pdf(render_booklet_pdf(view), doc_signer)
        rel = credential_path(item.number, item.version)
        write_atomic(ctx.artifacts / rel, pdf, durable=False)  # flushed before commit
        digest = hashlib.sha256(pdf).hexdigest()
    return IssuedArtifact(
        certificate_id=item.certificate_id, number=item.number, version=item.version,
        kid=cred_signer.kid.hex(), cose=cose, qr_text=qr_text,
        issued_at=item.claims.issued_at, pdf_path=rel, pdf_sha256=digest,
    )
