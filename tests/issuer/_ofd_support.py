"""Helpers for the OFD tests: a sealed licence of the test booklet, its parts, XML lookups.

The seal comes from a throwaway keystore with a cheap KDF (as tests/keys does); digests are
recomputed with `cryptography`'s SM3, not with keys.sm3 that wrote them.
"""

from __future__ import annotations

import base64
import io
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from xml.etree import ElementTree

import pytest
from cryptography.hazmat.primitives import hashes

import keys
from issuer._booklet import BookletView
from issuer._ofd import OfdInfo, render_booklet

NS = {"ofd": "http://www.ofdspec.org/2016"}
AUTHORITY = "440106"
PASS = b"ofd test passphrase"
SEAL_FROM = datetime(2026, 3, 1, tzinfo=UTC)


@contextmanager
def seal_keystore(path: Path) -> Iterator[Path]:
    """A keystore with one authority and its SM2 seal (valid two years from SEAL_FROM)."""
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr("keys._pkcs8.KDF_ITERATIONS", 1000)
        keys.init_hierarchy(path, passphrase=PASS, authorities=[(AUTHORITY, "广州市天河区教育局")],
                            custodian="张三", now=SEAL_FROM)
        keys.create_seal(path, AUTHORITY, custodian="张三", passphrase=PASS, now=SEAL_FROM)
        yield path


def info_for(view: BookletView) -> OfdInfo:
    return OfdInfo(title=f"教师资格证书 {view.certificate_number}", author=view.authority_name,
                   issued_at=view.issued_at, doc_key=f"{view.certificate_number}/v2",
                   custom=(("证照编号", view.certificate_number), ("ecert.qr_text", view.qr_text)))


def ofd_of(view: BookletView, seal: Any = None) -> bytes:
    _, ofd = render_booklet(view, info_for(view), seal=seal)
    assert ofd is not None
    return ofd


def parts(ofd: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(ofd)) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def xml(data: bytes) -> ElementTree.Element:
    return ElementTree.fromstring(data)


def sm3_b64(data: bytes) -> str:
    digest = hashes.Hash(hashes.SM3())
    digest.update(data)
    return base64.b64encode(digest.finalize()).decode()
