"""Signed checkpoints of the audit log's head, as transparency logs sign their tree heads.

A hash chain alone cannot stop someone who can write the database: edit a row, recompute every
later hash, and the chain is consistent again. A checkpoint, signed with a key the database does
not hold (the trust-list root) and published, pins the chain's head at a size; a rewrite before
that size no longer hashes to the published head. The file format (UTF-8 text, a signed note)::

    ecert-audit-checkpoint/v1
    log <log id>
    size <number of entries>
    head <SHA-256 hash of entry number <size>, 64 hex; 64 zeros for size 0>
    time <UTC, YYYY-MM-DDTHH:MM:SSZ>

    — <key id, 16 hex> <base64 of the signature over the five lines above, each ending in LF>

Takes bytes and keys; never reads settings, files or the database.
"""

from __future__ import annotations

import base64
import binascii
import re
from dataclasses import dataclass
from datetime import UTC, datetime

from core.errors import InvalidInput
from core.signing import Signer
from keys._crypto import compute_kid, verify
from keys._errors import KeysError

__all__ = ["Checkpoint", "CheckpointInvalid", "open_checkpoint", "sign_checkpoint"]

FORMAT = "ecert-audit-checkpoint/v1"
_SIGNATURE_MARK = "\u2014 "
_MAX_BYTES = 4096
_BODY = re.compile(
    r"\A" + re.escape(FORMAT) + r"\n"
    r"log (?P<log>[\x21-\x7e]{1,128})\n"
    r"size (?P<size>0|[1-9][0-9]{0,17})\n"
    r"head (?P<head>[0-9a-f]{64})\n"
    r"time (?P<time>[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}Z)\n\Z"
)
_SIGNATURE = re.compile(r"\A\u2014 (?P<kid>[0-9a-f]{16}) (?P<sig>[A-Za-z0-9+/=]{1,200})\n\Z")


class CheckpointInvalid(KeysError, InvalidInput):
    """A checkpoint file that is malformed, signed by another key, or whose signature fails."""

    code = "checkpoint_invalid"


@dataclass(frozen=True)
class Checkpoint:
    """The audit log ``log_id`` had ``size`` entries, the last hashing to ``head``, at ``time``."""

    log_id: str
    size: int
    head: str
    time: datetime

    def body(self) -> bytes:
        """The signed text: five lines, each ending in LF."""
        at = self.time.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        text = f"{FORMAT}\nlog {self.log_id}\nsize {self.size}\nhead {self.head}\ntime {at}\n"
        if _BODY.match(text) is None:
            raise CheckpointInvalid(f"检查点字段无效 invalid checkpoint fields: {text!r}")
        return text.encode("ascii")


def sign_checkpoint(checkpoint: Checkpoint, signer: Signer) -> bytes:
    """The checkpoint file: body, a blank line and one signature line."""
    body = checkpoint.body()
    signature = base64.b64encode(signer.sign(body)).decode("ascii")
    return body + f"\n{_SIGNATURE_MARK}{signer.kid.hex()} {signature}\n".encode()


def _fail(what: str) -> CheckpointInvalid:
    return CheckpointInvalid(f"审计检查点无效 invalid audit checkpoint: {what}")


def open_checkpoint(data: bytes, public_key: bytes) -> Checkpoint:
    """Parse a checkpoint file and check its Ed25519 signature against ``public_key`` (raw)."""
    if len(data) > _MAX_BYTES:
        raise _fail("file too large")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise _fail("not UTF-8 text") from None
    body, sep, signature_line = text.partition("\n\n")
    found = _BODY.match(body + "\n") if sep else None
    signed = _SIGNATURE.match(signature_line)
    if found is None or signed is None:
        raise _fail("not in the ecert-audit-checkpoint/v1 format")
    if signed["kid"] != compute_kid(public_key).hex():
        raise _fail(f"signed by key {signed['kid']}, not by the root key")
    try:
        signature = base64.b64decode(signed["sig"], validate=True)
    except binascii.Error:
        raise _fail("signature is not base64") from None
    if not verify(public_key, "EdDSA", (body + "\n").encode("ascii"), signature):
        raise _fail("signature does not verify")
    try:
        at = datetime.strptime(found["time"], "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        raise _fail("time is not a date") from None
    return Checkpoint(log_id=found["log"], size=int(found["size"]), head=found["head"], time=at)
