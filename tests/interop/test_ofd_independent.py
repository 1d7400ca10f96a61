"""The independent check of issue 16: OFD licence files issued by the real issuance path are
verified by a second implementation written from the standards and docs/INTEROP.md
(``tests/interop/ofd_check.py``: zipfile, xml.etree, asn1crypto, pure-Python gmssl) — every
listed part's SM3 digest matches, dataHash = SM3(Signature.xml), the SM2 signatures verify —
and one changed byte in any signed part is detected by it and by ecert's verifier alike.

ecert's verifier is driven as a black box, through ``ecert verify FILE --offline``; this module
imports none of ecert's keys, issuer or verifier code.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import cbor2
import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import load_pem_public_key

from tests.interop.conftest import Sample
from tests.interop.ofd_check import Report, check_ofd_file, gmssl_sm3

SIGNATURE = "Doc_0/Signs/Sign_0/Signature.xml"
SIGNED_VALUE = "Doc_0/Signs/Sign_0/SignedValue.dat"


def _seal_anchor(sample: Sample) -> tuple[bytes, frozenset[bytes]]:
    """The SM2 seal CA and the revoked seals from the trust list, whose root signature is
    checked first (docs/TRUST_LIST.md §3–§4: a tagged COSE_Sign1, Ed25519)."""
    tagged = cbor2.loads(sample.trust_list)
    assert tagged.tag == 18
    protected, _unprotected, payload, signature = tagged.value
    root = load_pem_public_key((sample.home / "public" / "root-key.pem").read_bytes())
    assert isinstance(root, Ed25519PublicKey)
    root.verify(signature, cbor2.dumps(["Signature1", protected, b"", payload]))
    body = cbor2.loads(payload)
    return body["sm2_ca"], frozenset(body.get("revoked_seals") or ())


@pytest.fixture(scope="module")
def anchor(sample: Sample) -> tuple[bytes, frozenset[bytes]]:
    return _seal_anchor(sample)


@pytest.fixture(scope="module")
def memo_sm3() -> Callable[[bytes], bytes]:
    """gmssl's SM3 (slow, pure Python) remembered by the whole input."""
    seen: dict[bytes, bytes] = {}

    def digest(data: bytes) -> bytes:
        key = hashlib.sha256(data).digest()
        if key not in seen:
            seen[key] = gmssl_sm3(data)
        return seen[key]
    return digest


def _check(data: bytes, anchor: tuple[bytes, frozenset[bytes]],
           digest: Callable[[bytes], bytes]) -> Report:
    return check_ofd_file(data, anchor[0], revoked=anchor[1], digest=digest)


def test_gmssl_sm3_known_answer() -> None:
    """GB/T 32905 Appendix A, example 1: SM3("abc")."""
    assert gmssl_sm3(b"abc").hex() == \
        "66c7f0f462eeedd9d1f2d46bdc10e4e24167c4875cf2f7a2297da02b8f4ba8e0"


def test_issued_files_verify_independently(sample: Sample, anchor: tuple[bytes, frozenset[bytes]],
                                           memo_sm3: Callable[[bytes], bytes]) -> None:
    for issued in sample.files:
        report = _check(issued.ofd.read_bytes(), anchor, memo_sm3)
        assert report.ok, (issued.number, report.problems)
        assert report.references == report.parts - 2  # all but Signature.xml, SignedValue.dat
        assert report.qr_text == issued.qr_text
        assert report.seal_name and report.seal_name.endswith("教师资格专用章")


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {i.filename: archive.read(i) for i in archive.infolist()}


def _zip(parts: dict[str, bytes]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, blob in parts.items():
            archive.writestr(name, blob)
    return out.getvalue()


def _one_byte_changed(name: str, blob: bytes) -> bytes:
    """One byte changed: a letter or digit of the first text (or attribute value) of an XML part,
    so it stays well-formed; the last byte of any other part."""
    if not name.endswith(".xml"):
        return blob[:-1] + bytes([blob[-1] ^ 0x01])
    found = re.search(rb">([A-Za-z0-9])", blob) or re.search(rb'="([A-Za-z0-9])', blob)
    assert found is not None, name
    at = found.start(1)
    new = blob[at] ^ (0x20 if chr(blob[at]).isalpha() else 0x01)
    return blob[:at] + bytes([new]) + blob[at + 1:]


@pytest.fixture
def ecert_verify(sample: Sample, monkeypatch: pytest.MonkeyPatch,
                 tmp_path: Path) -> Iterator[Callable[[bytes], tuple[int, dict | None]]]:
    """``ecert verify FILE --json --offline`` with the published lists: (exit code, JSON)."""
    from ecert.cli import main

    monkeypatch.setenv("ECERT_HOME", str(sample.home))
    monkeypatch.setenv("ECERT_ENV", "development")
    public = sample.home / "public"

    def run(data: bytes) -> tuple[int, dict | None]:  # type: ignore[type-arg]
        path = tmp_path / "licence.ofd"
        path.write_bytes(data)
        out = io.StringIO()
        import contextlib

        with contextlib.redirect_stdout(out):
            code = main(["verify", str(path), "--json", "--offline",
                         "--trust-list", str(public / "trust-list.cbor"),
                         "--status-list", str(public / "status-list.cbor"),
                         "--root-key", str(public / "root-key.pem")])
        text = out.getvalue().strip()
        return code, json.loads(text) if text.startswith("{") else None
    yield run


def test_ecert_verifier_accepts_the_sample(sample: Sample,
                                          ecert_verify: Callable[[bytes], tuple[int, dict]]
                                          ) -> None:
    for issued in sample.files:
        code, body = ecert_verify(issued.ofd.read_bytes())
        seal = next(c for c in body["checks"] if c["name"] == "ofd_seal")
        assert seal["outcome"] == "pass", (issued.number, seal)
        assert body["certificate"]["number"] == issued.number
        assert body["authentic"] is True and code in (0, 1)  # 1: e.g. registration lapsed


def test_one_changed_byte_in_any_signed_part_is_detected_by_both(
    sample: Sample, anchor: tuple[bytes, frozenset[bytes]],
    memo_sm3: Callable[[bytes], bytes], ecert_verify: Callable[[bytes], tuple[int, dict | None]],
) -> None:
    original = sample.files[0].ofd.read_bytes()
    parts = _parts(original)
    assert SIGNATURE in parts and SIGNED_VALUE in parts and len(parts) > 8
    for name in parts:  # every part in turn: pages, fonts, photo, lists, Signature.xml, the SES
        changed = dict(parts)
        changed[name] = _one_byte_changed(name, parts[name])
        data = _zip(changed)
        report = _check(data, anchor, memo_sm3)
        expected = {SIGNATURE: "dataHash is not SM3(Signature.xml)",
                    SIGNED_VALUE: "the SM2 signature over TBS_Sign does not verify (gmssl)"}
        assert expected.get(name, f"SM3 of {name} does not match its CheckValue") in \
            report.problems, (name, report.problems)
        code, body = ecert_verify(data)
        assert code != 0, f"ecert's verifier missed a change in {name}"
        if body is not None and body["result"] != "malformed":
            seal = next(c for c in body["checks"] if c["name"] == "ofd_seal")
            assert seal["outcome"] == "fail", (name, seal)


def test_rezipped_untouched_parts_still_verify(sample: Sample,
                                               anchor: tuple[bytes, frozenset[bytes]],
                                               memo_sm3: Callable[[bytes], bytes]) -> None:
    """The seal covers the parts, not the ZIP container (docs/INTEROP.md §4.1)."""
    assert _check(_zip(_parts(sample.files[0].ofd.read_bytes())), anchor, memo_sm3).ok


def test_another_anchor_is_not_trusted(sample: Sample, anchor: tuple[bytes, frozenset[bytes]],
                                       memo_sm3: Callable[[bytes], bytes]) -> None:
    """Trusting the wrong certificate (here the seal certificate itself) fails the chain."""
    from tests.interop.ofd_check import SESSignature

    data = sample.files[0].ofd.read_bytes()
    signer = bytes(SESSignature.load(_parts(data)[SIGNED_VALUE])["cert"].native)
    report = check_ofd_file(data, signer, digest=memo_sm3)
    assert any("not issued by the SM2 seal CA" in p for p in report.problems)
    revoked = check_ofd_file(data, anchor[0], digest=memo_sm3,
                             revoked=frozenset({hashlib.sha256(signer).digest()}))
    assert revoked.problems == ["the seal certificate is revoked"]
