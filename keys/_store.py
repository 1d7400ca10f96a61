"""The keystore directory: a JSON manifest of key metadata next to encrypted key files.

Layout (all files 0600, directories 0700)::

    manifest.json                 metadata only; no private material
    root.key.pem                  Ed25519 trust-list root
    ca.key.pem, ca.cert.pem       self-signed X.509 CA (ECDSA P-256)
    signing/<kid>.key.pem         credential-signing keys of the file backend
    documents/<code>-<serial>.key.pem, .cert.pem   document-signing keys and certificates
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal

from core.signing import Algorithm
from keys._errors import KeystoreNotInitialised, MalformedManifest, UnknownKey

__all__ = [
    "Backend",
    "DocumentCert",
    "KeyRecord",
    "KeyStatus",
    "Keystore",
    "Manifest",
    "iso",
    "parse_time",
    "utc",
]

Backend = Literal["file", "pkcs11"]
#: ``pending``: created, waiting for a published trust list to name it; it signs nothing yet.
KeyStatus = Literal["pending", "active", "retired", "revoked"]
MANIFEST = "manifest.json"
FORMAT = "ecert-keystore/1"


def utc(moment: datetime) -> datetime:
    """Aware UTC datetime truncated to whole seconds (credential times are in seconds)."""
    if moment.tzinfo is None:
        raise ValueError("naive datetime: keys needs timezone-aware times")
    return moment.astimezone(UTC).replace(microsecond=0)


def iso(moment: datetime | None) -> str | None:
    """ISO 8601 UTC with a Z, or None."""
    return None if moment is None else utc(moment).strftime("%Y-%m-%dT%H:%M:%SZ")


def parse_time(text: str | None) -> datetime | None:
    """Inverse of :func:`iso`; also accepts any ISO 8601 with an offset."""
    if text is None:
        return None
    return utc(datetime.fromisoformat(text.replace("Z", "+00:00")))


@dataclass(frozen=True)
class KeyRecord:
    """Metadata of one credential-signing key (never the private key)."""

    kid: bytes
    authority: str
    algorithm: Algorithm
    backend: Backend
    public_key: bytes
    created_at: datetime
    valid_from: datetime
    valid_until: datetime | None
    status: KeyStatus
    custodian: str
    compromised_at: datetime | None = None
    token_label: str | None = None
    key_label: str | None = None

    @property
    def kid_hex(self) -> str:
        return self.kid.hex()

    def to_json(self) -> dict[str, Any]:
        """JSON-ready form (bytes as hex, times as ISO 8601 UTC); also the audit snapshot."""
        out = asdict(self)
        out.update(kid=self.kid.hex(), public_key=self.public_key.hex())
        for name in ("created_at", "valid_from", "valid_until", "compromised_at"):
            out[name] = iso(getattr(self, name))
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> KeyRecord:
        times = {
            n: parse_time(data.get(n))
            for n in ("created_at", "valid_from", "valid_until", "compromised_at")
        }
        return cls(
            **{k: v for k, v in data.items() if k not in times and k not in ("kid", "public_key")},
            kid=bytes.fromhex(data["kid"]),
            public_key=bytes.fromhex(data["public_key"]),
            **times,  # type: ignore[arg-type]
        )


@dataclass(frozen=True)
class DocumentCert:
    """A document-signing (PAdES) certificate of one authority and where its key lives."""

    authority: str
    serial: str
    cert_file: str
    key_file: str
    not_before: datetime
    not_after: datetime
    created_at: datetime
    custodian: str
    status: KeyStatus = "active"
    backend: Backend = "file"
    #: PKCS#11 only: token label and the key's CKA_ID (hex); ``key_file`` is then empty.
    token_label: str | None = None
    key_id: str | None = None

    def to_json(self) -> dict[str, Any]:
        out = asdict(self)
        for name in ("not_before", "not_after", "created_at"):
            out[name] = iso(getattr(self, name))
        return out

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> DocumentCert:
        times = {n: parse_time(data[n]) for n in ("not_before", "not_after", "created_at")}
        rest = {k: v for k, v in data.items() if k not in times}
        return cls(**rest, **times)  # type: ignore[arg-type]


@dataclass
class Manifest:
    """Everything the keystore knows, as stored in ``manifest.json``."""

    root_public_key: bytes | None = None
    root_created_at: datetime | None = None
    ca_not_after: datetime | None = None
    authorities: dict[str, str] = field(default_factory=dict)
    keys: list[KeyRecord] = field(default_factory=list)
    documents: list[DocumentCert] = field(default_factory=list)
    trust_list_version: int = 0

    def to_json(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "root": None
            if self.root_public_key is None
            else {
                "public_key": self.root_public_key.hex(),
                "created_at": iso(self.root_created_at),
            },
            "ca_not_after": iso(self.ca_not_after),
            "authorities": self.authorities,
            "keys": [k.to_json() for k in self.keys],
            "documents": [d.to_json() for d in self.documents],
            "trust_list_version": self.trust_list_version,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Manifest:
        root = data.get("root")
        return cls(
            root_public_key=None if not root else bytes.fromhex(root["public_key"]),
            root_created_at=None if not root else parse_time(root["created_at"]),
            ca_not_after=parse_time(data.get("ca_not_after")),
            authorities=dict(data.get("authorities", {})),
            keys=[KeyRecord.from_json(k) for k in data.get("keys", [])],
            documents=[DocumentCert.from_json(d) for d in data.get("documents", [])],
            trust_list_version=int(data.get("trust_list_version", 0)),
        )

    def key(self, kid: bytes | str) -> KeyRecord:
        """The record with this kid (bytes or hex); :class:`UnknownKey` otherwise."""
        want = _kid_bytes(kid)
        for record in self.keys:
            if record.kid == want:
                return record
        raise UnknownKey(f"未知密钥 unknown kid {want.hex()}", kid=want.hex())

    def replace_key(self, record: KeyRecord) -> None:
        self.keys = [record if k.kid == record.kid else k for k in self.keys]

    def active_key(self, authority: str) -> KeyRecord | None:
        return next(
            (k for k in self.keys if k.authority == authority and k.status == "active"), None
        )

    def pending_key(self, authority: str) -> KeyRecord | None:
        """The authority's key that waits for publication, if any (at most one)."""
        return next(
            (k for k in self.keys if k.authority == authority and k.status == "pending"), None
        )

    def activate_pending(self, now: datetime) -> list[KeyRecord]:
        """Make every pending key active and retire its predecessor at ``now``.

        Called while signing a trust list for publication, so that the list which first names a
        key is also the one that ends its predecessor's window. Returns the changed records.
        """
        changed: list[KeyRecord] = []
        for pending in [k for k in self.keys if k.status == "pending"]:
            old = self.active_key(pending.authority)
            if old is not None:
                changed.append(replace(old, status="retired", valid_until=utc(now)))
                self.replace_key(changed[-1])
            changed.append(replace(pending, status="active"))
            self.replace_key(changed[-1])
        return changed

    def active_document(self, authority: str) -> DocumentCert | None:
        docs = [d for d in self.documents if d.authority == authority and d.status == "active"]
        return max(docs, key=lambda d: d.not_after) if docs else None

    def retire_documents(self, authority: str) -> None:
        self.documents = [
            replace(d, status="retired") if d.authority == authority else d for d in self.documents
        ]


def _kid_bytes(kid: bytes | str) -> bytes:
    if isinstance(kid, bytes):
        return kid
    try:
        return bytes.fromhex(kid.strip())
    except ValueError:
        raise UnknownKey(f"kid 格式错误 kid must be hex, got {kid!r}", kid=kid) from None


class Keystore:
    """A keystore directory; read with :meth:`load`, change inside :meth:`transaction`."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    @property
    def manifest_path(self) -> Path:
        return self.path / MANIFEST

    def file(self, relative: str) -> Path:
        """Absolute path of a file named in the manifest."""
        return self.path / relative

    def exists(self) -> bool:
        return self.manifest_path.is_file()

    def load(self) -> Manifest:
        """The current manifest; :class:`KeystoreNotInitialised` when there is none."""
        if not self.exists():
            raise KeystoreNotInitialised(
                f"密钥库未初始化 no keystore at {self.path}: run `ecert keys init`",
                path=str(self.path),
            )
        try:
            data = json.loads(self.manifest_path.read_text(encoding="utf-8"))
            if data.get("format") != FORMAT:
                raise ValueError(f"format {data.get('format')!r}")
            return Manifest.from_json(data)
        except (ValueError, KeyError, TypeError) as exc:
            raise MalformedManifest(
                f"密钥清单损坏 malformed manifest {self.manifest_path}: {exc}",
                field="manifest",
                rule="keystore_format",
            ) from None

    @contextmanager
    def transaction(self, *, create: bool = False) -> Iterator[Manifest]:
        """Load under an exclusive lock, yield, and write back atomically if no error."""
        if create:
            self.path.mkdir(parents=True, exist_ok=True, mode=0o700)
        elif not self.exists():
            self.load()  # raises KeystoreNotInitialised
        lock_fd = os.open(self.path / ".lock", os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(lock_fd, fcntl.LOCK_EX)
            manifest = self.load() if self.exists() else Manifest()
            yield manifest
            self._write(manifest)
        finally:
            os.close(lock_fd)

    def _write(self, manifest: Manifest) -> None:
        tmp = self.manifest_path.with_suffix(".tmp")
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            json.dump(manifest.to_json(), fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        os.replace(tmp, self.manifest_path)


def as_store(store: Keystore | Path | str) -> Keystore:
    """Accept a :class:`Keystore` or a directory path."""
    return store if isinstance(store, Keystore) else Keystore(Path(store))
