"""Hostile OFD uploads: ZIP bombs, lying headers, path traversal, 10,000 entries, entity
expansion, deep nesting, not a ZIP, truncated. Each is refused with a machine code (HTTP 422
with ``error.code``, an HTML page for browsers, exit 2 on the command line), within bounded
memory, never a crash."""

from __future__ import annotations

import io
import struct
import tracemalloc
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.verifier._ofd_support import NS, unsealed_parts, zip_parts
from tests.verifier.conftest import World
from verifier._ofd import SealRoots, check_ofd
from verifier._ofd_read import (
    MAX_ENTRIES,
    MAX_PART_BYTES,
    MAX_TOTAL_BYTES,
    OfdRefused,
    read_package,
)

QR = "http://127.0.0.1:8000/C/1234"
LAUGHS = (b'<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollol">'
          + b"".join(f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 or "")) * 10}">'.encode()
                     for i in range(1, 10))
          + b"]><lolz>&lol9;</lolz>")
XXE = (b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
       b"<r>&x;</r>")


def _refused(data: bytes) -> OfdRefused:
    with pytest.raises(OfdRefused) as caught:
        check_ofd(data, SealRoots())
    return caught.value


def _with(**parts: bytes) -> bytes:
    base = unsealed_parts(QR)
    base.update(parts)
    return zip_parts(base)


def _raw_zip(entries: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", method) as archive:
        for name, data in entries:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return out.getvalue()


def _bomb(size: int, count: int = 1) -> bytes:
    """Entries of ``size`` zero bytes each (a few kB compressed per entry)."""
    return _raw_zip([("OFD.xml", b"<a/>")] + [(f"Doc_0/Res/z{i}.bin", bytes(size))
                                              for i in range(count)])


def _lying_size(data: bytes) -> bytes:
    """The archive with its last entry's declared size (local and central) set to 10 bytes."""
    blob = bytearray(data)
    central = blob.rindex(b"PK\x01\x02")
    local = struct.unpack("<I", blob[central + 42:central + 46])[0]
    struct.pack_into("<I", blob, central + 24, 10)
    struct.pack_into("<I", blob, local + 22, 10)
    return bytes(blob)


def _peak(fn: Callable[[], object]) -> int:
    tracemalloc.start()
    try:
        fn()
    except OfdRefused:
        pass
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


CASES: dict[str, tuple[Callable[[], bytes], str]] = {
    "bomb_one_part": (lambda: _bomb(MAX_PART_BYTES + 1), "ofd_too_large"),
    "bomb_many_parts": (lambda: _bomb(MAX_TOTAL_BYTES // 3 + 1, 3), "ofd_too_large"),
    "lying_header": (lambda: _lying_size(_bomb(5_000_000)), "ofd_unreadable"),
    "traversal": (lambda: _raw_zip([("OFD.xml", b"<a/>"), ("../../etc/cron.d/x", b"x")]),
                  "ofd_bad_path"),
    "absolute": (lambda: _raw_zip([("/etc/passwd", b"x")]), "ofd_bad_path"),
    "backslash": (lambda: _raw_zip([("..\\..\\x.xml", b"x")]), "ofd_bad_path"),
    "duplicate": (lambda: _raw_zip([("OFD.xml", b"<a/>"), ("ofd.XML", b"<b/>")]),
                  "ofd_bad_path"),
    "ten_thousand_entries": (lambda: _raw_zip([(f"p/{i}.xml", b"") for i in range(10_000)],
                                              zipfile.ZIP_STORED), "ofd_too_many_parts"),
    "billion_laughs": (lambda: _with(**{"OFD.xml": LAUGHS}), "ofd_xml_refused"),
    "external_entity": (lambda: _with(**{"OFD.xml": XXE}), "ofd_xml_refused"),
    "deep_nesting": (lambda: _with(**{"OFD.xml": b"<a>" * 100_000 + b"</a>" * 100_000}),
                     "ofd_xml_refused"),
    "not_a_zip": (lambda: b"PK\x03\x04" + bytes(range(256)) * 20, "ofd_unreadable"),
    "truncated": (lambda: _with()[:-200], "ofd_unreadable"),
    "zip_without_ofd_xml": (lambda: _raw_zip([("xl/workbook.xml", b"<w/>")]),
                            "ofd_missing_part"),
    "not_ofd_root": (lambda: _with(**{"OFD.xml": b"<html/>"}), "ofd_malformed"),
    "reference_escapes": (lambda: _with(**{"OFD.xml": unsealed_parts(QR)["OFD.xml"].replace(
        b"Doc_0/Signs/Signatures.xml", b"/../../etc/passwd")}), "ofd_bad_path"),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_hostile_package_is_refused_with_a_code(case: str) -> None:
    build, code = CASES[case]
    refused = _refused(build())
    assert refused.code == code and refused.http_status == 422, refused.message
    assert refused.message and "Traceback" not in refused.message


def test_encrypted_entry_is_refused() -> None:
    blob = bytearray(_raw_zip([("OFD.xml", b"<a/>")], zipfile.ZIP_STORED))
    central = blob.rindex(b"PK\x01\x02")
    blob[central + 8] |= 0x01  # the general-purpose flag's "encrypted" bit
    blob[8] |= 0x01
    assert _refused(bytes(blob)).code == "ofd_unreadable"


def test_unknown_compression_is_refused() -> None:
    blob = bytearray(_raw_zip([("OFD.xml", b"<a/>")], zipfile.ZIP_STORED))
    central = blob.rindex(b"PK\x01\x02")
    struct.pack_into("<H", blob, central + 10, 99)  # AES/unknown method
    struct.pack_into("<H", blob, 8, 99)
    assert _refused(bytes(blob)).code == "ofd_unreadable"


def test_entity_expansion_in_the_signature_files_is_refused() -> None:
    parts = unsealed_parts(QR)
    parts["Doc_0/Signs/Signatures.xml"] = LAUGHS
    assert _refused(zip_parts(parts)).code == "ofd_xml_refused"


def test_too_many_signatures_fail_the_seal_unchecked() -> None:
    parts = unsealed_parts(QR)
    listed = "".join(f'<ofd:Signature ID="{i}" BaseLoc="Sign_{i}/Signature.xml"/>'
                     for i in range(5))
    parts["Doc_0/Signs/Signatures.xml"] = \
        f'<ofd:Signatures xmlns:ofd="{NS}">{listed}</ofd:Signatures>'.encode()
    found = check_ofd(zip_parts(parts), SealRoots())
    assert not found.ok and "more than 4 signatures" in found.message
    assert found.qr_text == QR


def test_memory_stays_bounded_for_bombs() -> None:
    """Refused before expanding (declared sizes), or by a bounded read (lying header)."""
    for data in (_bomb(200_000_000), _bomb(MAX_TOTAL_BYTES // 3 + 1, 3),
                 _lying_size(_bomb(50_000_000))):
        assert _peak(lambda d=data: read_package(d)) < 48 * 1024 * 1024  # type: ignore[misc]


def test_entry_count_is_read_before_the_directory() -> None:
    data = _raw_zip([(f"p/{i}", b"") for i in range(MAX_ENTRIES + 1)], zipfile.ZIP_STORED)
    assert _peak(lambda: read_package(data)) < 4 * 1024 * 1024


@pytest.fixture
def client(world: World) -> Iterator[TestClient]:
    from ecert.app import create_verifier_app

    with TestClient(create_verifier_app()) as test_client:
        yield test_client


def test_refusals_over_http_json_and_html(client: TestClient) -> None:
    for case in ("bomb_one_part", "traversal", "billion_laughs", "not_a_zip", "truncated"):
        data, code = CASES[case][0](), CASES[case][1]
        answer = client.post("/api/verify", files={"file": ("x.ofd", data, "application/ofd")})
        assert answer.status_code == 422 and answer.json()["error"]["code"] == code, case
        page = client.post("/verify", files={"file": ("x.ofd", data, "application/ofd")},
                           headers={"Accept": "text/html"})
        assert page.status_code == 422 and "<html" in page.text, case
        assert "OFD" in page.text and "Traceback" not in page.text


def test_refusal_on_the_command_line(world: World, tmp_path: Path,
                                     capsys: pytest.CaptureFixture[str]) -> None:
    from ecert.cli import main

    path = tmp_path / "laughs.ofd"
    path.write_bytes(CASES["billion_laughs"][0]())
    public = world.home / "public"
    for extra in ([], ["--offline", "--trust-list", str(public / "trust-list.cbor"),
                       "--root-key", str(public / "root-key.pem")]):
        code = main(["verify", str(path), *extra])
        captured = capsys.readouterr()
        assert code == 2 and "ofd_xml_refused" in captured.err, captured
        assert "Traceback" not in captured.out + captured.err


def test_compressed_data_damage_is_refused() -> None:
    """A flipped byte inside a deflated stream is a CRC or zlib error: refused, not a crash."""
    data = bytearray(_with())
    start = data.index(b"OFD.xml") + len("OFD.xml") + 5
    data[start] ^= 0xFF
    refused = _refused(bytes(data))
    assert refused.code in ("ofd_unreadable", "ofd_malformed")


def test_random_damage_is_a_result_or_a_refusal_never_a_crash() -> None:
    """Single-byte changes and cuts anywhere in a (fake-)sealed package, seeded."""
    import random

    parts = unsealed_parts(QR)
    parts["Doc_0/Signs/Signatures.xml"] = (
        f'<ofd:Signatures xmlns:ofd="{NS}"><ofd:Signature ID="1" BaseLoc="Sign_0/Signature.xml"/>'
        "</ofd:Signatures>").encode()
    parts["Doc_0/Signs/Sign_0/Signature.xml"] = (
        f'<ofd:Signature xmlns:ofd="{NS}"><ofd:SignedInfo><ofd:References CheckMethod='
        f'"1.2.156.10197.1.401"><ofd:Reference FileRef="/OFD.xml"><ofd:CheckValue>AAAA'
        "</ofd:CheckValue></ofd:Reference></ofd:References></ofd:SignedInfo><ofd:SignedValue>"
        "SignedValue.dat</ofd:SignedValue></ofd:Signature>").encode()
    parts["Doc_0/Signs/Sign_0/SignedValue.dat"] = bytes.fromhex("3003020104")
    data = zip_parts(parts)
    rng = random.Random(16)
    for _ in range(400):
        blob = bytearray(data)
        if rng.random() < 0.2:
            blob = blob[:rng.randrange(len(blob))]
        else:
            blob[rng.randrange(len(blob))] = rng.randrange(256)
        try:
            found = check_ofd(bytes(blob), SealRoots())
        except OfdRefused as exc:
            assert exc.code.startswith("ofd_")
        else:
            assert not found.ok


def test_references_repeated_to_a_large_part_hash_it_once() -> None:
    """40,000 References to one 4 MB part are one digest and a failed seal, not 160 GB of SM3."""
    parts = unsealed_parts(QR)
    parts["Doc_0/Res/big.bin"] = bytes(4 * 1024 * 1024)
    refs = '<ofd:Reference FileRef="/Doc_0/Res/big.bin"><ofd:CheckValue>AA==</ofd:CheckValue>' \
           "</ofd:Reference>"
    parts["Doc_0/Signs/Signatures.xml"] = (
        f'<ofd:Signatures xmlns:ofd="{NS}"><ofd:Signature ID="1" BaseLoc="Sign_0/Signature.xml"/>'
        "</ofd:Signatures>").encode()
    parts["Doc_0/Signs/Sign_0/Signature.xml"] = (
        f'<ofd:Signature xmlns:ofd="{NS}"><ofd:SignedInfo><ofd:References CheckMethod='
        f'"1.2.156.10197.1.401">{refs * 40_000}</ofd:References></ofd:SignedInfo>'
        "<ofd:SignedValue>SignedValue.dat</ofd:SignedValue></ofd:Signature>").encode()
    parts["Doc_0/Signs/Sign_0/SignedValue.dat"] = b"\x30\x00"
    found = check_ofd(zip_parts(parts), SealRoots())
    assert not found.ok and found.mismatched == ("Doc_0/Res/big.bin",)


def test_an_unsupported_upload_is_told_ofd_is_taken(client: TestClient) -> None:
    """The 415 answer lists every kind the verifier takes, OFD licence files included."""
    response = client.post("/api/verify", files={"file": ("x.exe", b"MZ\x90\0" * 64,
                                                          "application/octet-stream")})
    error = response.json()["error"]
    assert response.status_code == 415 and error["code"] == "unsupported_type"
    assert "OFD" in error["message"]
