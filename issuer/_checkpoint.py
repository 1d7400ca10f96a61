"""Audit checkpoints: sign the audit chain's head with the root key and publish it.

Checkpoints are files ``audit-checkpoints/checkpoint-00000001.txt``, ``…02.txt``, … in the
public directory: public, numbered, never overwritten (each is created exclusively). They are
written by ``ecert publish``, at the end of every batch issuance and by ``ecert audit
checkpoint``; ``ecert audit verify`` checks every one (keys.open_checkpoint for the format and
signature, core.audit.check_anchors for the chain). The root key is the trust anchor verifiers
already pin; the database never holds it, so whoever rewrites the database cannot re-sign.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session

from core.audit import (
    CHECKPOINT_DIR,
    CHECKPOINT_NAME,
    Anchor,
    check_anchors,
    checkpoint_name,
    head_at,
    verify_chain,
)
from core.clock import utcnow
from core.db import session_scope
from core.errors import Conflict, EcertError
from core.files import PUBLIC_FILE_MODE, folder_lock, write_new
from core.files import public_dir as ensure_public_dir
from keys import (
    Checkpoint,
    CheckpointInvalid,
    Keystore,
    KeystoreNotInitialised,
    compute_kid,
    open_checkpoint,
    root_at_hand,
    root_public_key,
    root_signer,
    sign_checkpoint,
)

__all__ = ["AuditVerdict", "anchor_key", "checkpoint_after_batch", "checkpoint_files", "log_id",
           "verify_audit", "write_checkpoint"]

log = logging.getLogger("ecert.audit")


def anchor_key(keys_dir: Path) -> bytes | None:
    """The root public key that checkpoints are checked against; None before ``keys init``."""
    try:
        return root_public_key(keys_dir)
    except KeystoreNotInitialised:
        return None


def log_id(root_public: bytes) -> str:
    """The log's name in its checkpoints: whose root anchors it."""
    return f"ecert-audit/{compute_kid(root_public).hex()}"


def checkpoint_files(folder: Path) -> list[Path]:
    """Checkpoint files in ``folder`` (``public/audit-checkpoints``, or an auditor's mirror),
    in publication order."""
    if not folder.is_dir():
        return []
    return sorted(p for p in folder.iterdir() if CHECKPOINT_NAME.match(p.name))


def _opened(path: Path, root_public: bytes) -> Anchor:
    """The checkpoint as an anchor, after its format, signature and log id are checked."""
    cp = open_checkpoint(path.read_bytes(), root_public)
    if cp.log_id != log_id(root_public):
        raise CheckpointInvalid(f"审计检查点无效 invalid audit checkpoint: log {cp.log_id!r} "
                                f"is not this registry's log {log_id(root_public)!r}")
    return Anchor(name=path.name, size=cp.size, head=cp.head, time=cp.time)


def _publish_exclusive(folder: Path, data: bytes) -> Path:
    """Write the next numbered file, 0644; an existing one is never replaced."""
    for _ in range(100):  # a concurrent writer took the number: take the next one
        numbers = ([int(m[1]) for p in folder.iterdir() if (m := CHECKPOINT_NAME.match(p.name))]
                   if folder.is_dir() else [])
        target = folder / checkpoint_name(max(numbers, default=0) + 1)
        if write_new(target, data, mode=PUBLIC_FILE_MODE):
            return target
    raise Conflict("审计检查点编号冲突 could not take a checkpoint number",
                   code="checkpoint_conflict")


def write_checkpoint(keys_dir: Path, passphrase: bytes, public_dir: Path, *,
                     strict_permissions: bool = False,
                     engine: Engine | None = None) -> Path | None:
    """Sign and publish the chain's head; None when nothing was added since the last checkpoint
    or the root key is kept offline (then logged). Refuses to sign a chain that fails its
    latest checkpoint or its own hashes."""
    if not root_at_hand(keys_dir):
        log.warning("audit checkpoint not written: the root key is offline "
                    "(run `ecert audit checkpoint` where it is at hand)")
        return None
    root, folder = root_public_key(keys_dir), public_dir / CHECKPOINT_DIR
    with _one_writer(folder):  # else a slower writer could publish an older head after a newer
        files = checkpoint_files(folder)
        latest = _opened(files[-1], root) if files else None
        with session_scope(engine) as session:
            size, head = _checked_head(session, latest)
        if latest is not None and size == latest.size:
            return None
        signer = root_signer(Keystore(keys_dir), passphrase,
                             strict_permissions=strict_permissions)
        checkpoint = Checkpoint(log_id=log_id(root), size=size, head=head, time=utcnow())
        return _publish_exclusive(folder, sign_checkpoint(checkpoint, signer))


@contextmanager
def _one_writer(folder: Path) -> Iterator[None]:
    """An exclusive lock on the checkpoint folder (created 0755) for one writer at a time."""
    with folder_lock(ensure_public_dir(folder)):
        yield


def checkpoint_after_batch(keys_dir: Path, passphrase: bytes, public_dir: Path | None, *,
                           strict_permissions: bool = False,
                           engine: Engine | None = None) -> None:
    """End of a batch: checkpoint the chain; a failure is logged, never undoes the batch."""
    if public_dir is None:
        return
    try:
        write_checkpoint(keys_dir, passphrase, public_dir, strict_permissions=strict_permissions,
                         engine=engine)
    except EcertError as exc:
        log.error("audit checkpoint not written after the batch: %s", exc.message)


def _checked_head(session: Session, latest: Anchor | None) -> tuple[int, str]:
    """(size, head) of the chain, walked from the latest checkpoint, which it must still match."""
    since = None
    if latest is not None:
        anchored = check_anchors(session, [latest])
        if not anchored.ok:
            raise Conflict(f"审计日志与检查点不符，拒绝签署 audit chain disagrees with "
                           f"{latest.name}: {anchored.reason}", code="audit_chain_broken")
        since = (latest.size, latest.head)
    report = verify_chain(session, since=since)
    if not report.ok:
        raise Conflict(f"审计日志已损坏，拒绝签署 audit chain broken at event {report.broken_at}: "
                       f"{report.reason}", code="audit_chain_broken")
    head = head_at(session, report.count)
    assert head is not None
    return report.count, head


@dataclass(frozen=True)
class AuditVerdict:
    """``ecert audit verify``: the chain's own hashes, then every published checkpoint."""

    ok: bool
    events: int
    checkpoints: int
    message: str
    broken_at: int | None = None  # the first bad row, when the chain's own hashes tell it


def verify_audit(session: Session, checkpoints: Path, root_public: bytes | None) -> AuditVerdict:
    """Check the hash chain and every checkpoint in the folder ``checkpoints`` (signature,
    numbering, order, head); without a root key (no keystore yet) there must be none."""
    chain = verify_chain(session)
    if not chain.ok:  # names the exact row; a rewrite with recomputed hashes passes this
        return AuditVerdict(False, chain.count, 0,
                            f"event {chain.broken_at}: {chain.reason} "
                            f"({chain.count} event(s) verified before it)", chain.broken_at)
    files = checkpoint_files(checkpoints)
    if files and root_public is None:
        return AuditVerdict(False, chain.count, 0, f"{len(files)} checkpoint(s) but no root key "
                            f"to check them (give --root-key)")
    anchors: list[Anchor] = []
    for number, path in enumerate(files, start=1):
        assert root_public is not None
        if path.name != checkpoint_name(number):  # numbered 1, 2, … without a gap
            return AuditVerdict(False, chain.count, len(anchors),
                                f"{checkpoint_name(number)} is missing (deleted?)")
        try:
            anchors.append(_opened(path, root_public))
        except CheckpointInvalid as exc:
            return AuditVerdict(False, chain.count, len(anchors), f"{path.name}: {exc.message}")
    report = check_anchors(session, anchors)
    if not report.ok:
        return AuditVerdict(False, chain.count, report.checked,
                            f"checkpoint {report.failed}: {report.reason}")
    return AuditVerdict(True, chain.count, len(anchors),
                        f"{chain.count} event(s), {len(anchors)} checkpoint(s)")
