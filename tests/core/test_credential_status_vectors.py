"""The published status-list vectors (tests/vectors/status/) against core.statuslist + Ed25519."""

import json
from datetime import UTC, datetime
from pathlib import Path

import pytest

from core.credential import from_qr_text, parse_credential
from core.rules import QualificationStatus, RegistrationState
from core.statuslist import StatusEntry, StatusListError, parse_status_list

from ._credential_support import load_vectors, verify_ed25519

FOLDER = Path(__file__).resolve().parents[1] / "vectors" / "status"
DOC = json.loads((FOLDER / "status_list_v1.json").read_text(encoding="utf-8"))
ROOT = DOC["root"]
POSITIVE = DOC["positive"]
SUPERSEDED = DOC["superseded"]
NEGATIVE = {v["id"]: v for v in DOC["negative"]}


def _verified(data: bytes):
    """What an offline verifier does: parse (bounded), check kid and signature with the root."""
    parsed = parse_status_list(data)
    assert parsed.kid.hex() == ROOT["kid_hex"] and parsed.algorithm == "EdDSA"
    ok = verify_ed25519(bytes.fromhex(ROOT["public_hex"]), parsed.signature, parsed.to_be_signed)
    return parsed, ok


def test_positive_list_parses_verifies_and_gives_each_entry():
    data = (FOLDER / POSITIVE["file"]).read_bytes()
    assert data.hex() == POSITIVE["hex"] and len(data) == POSITIVE["bytes"]
    parsed, ok = _verified(data)
    assert ok
    status = parsed.status
    assert status.version == POSITIVE["version"]
    assert status.expires == datetime.fromtimestamp(POSITIVE["expires"], UTC)
    assert len(status.data) == POSITIVE["count"]
    for index, (qualification, registration) in POSITIVE["entries"].items():
        expected = StatusEntry(QualificationStatus(qualification), RegistrationState(registration))
        assert status.entry(int(index)) == expected
        assert f"{status.data[int(index)]:02x}" == POSITIVE["entry_bytes_hex"][index]
    for index in POSITIVE["unused_indexes"]:
        assert status.entry(index) is None


def test_credential_vector_is_found_by_its_status_index():
    """Claim 12 of credential vector eddsa_basic indexes this list: valid and registered."""
    vector = next(v for v in load_vectors()["positive"] if v["id"] == "eddsa_basic")
    claims = parse_credential(from_qr_text(vector["qr_text"])).claims
    parsed, ok = _verified(bytes.fromhex(POSITIVE["hex"]))
    assert ok and claims.status_index == 104_729
    entry = parsed.status.entry(claims.status_index)
    assert entry == StatusEntry(QualificationStatus.VALID, RegistrationState.REGISTERED)


def test_superseded_versions_vector_names_the_old_copy():
    """Key 8 (re-printed booklets): eddsa_basic, version 1 at index 104729, is an old copy."""
    parsed, ok = _verified(bytes.fromhex(SUPERSEDED["hex"]))
    assert ok and parsed.status.data == _verified(bytes.fromhex(POSITIVE["hex"]))[0].status.data
    assert {str(i): v for i, v in parsed.status.superseded.items()} == SUPERSEDED["superseded"]
    vector = next(v for v in load_vectors()["positive"] if v["id"] == "eddsa_basic")
    claims = parse_credential(from_qr_text(vector["qr_text"])).claims
    assert claims.version < parsed.status.first_version(claims.status_index) == 2
    assert parsed.status.first_version(2) == 0  # never re-printed: every version in force


@pytest.mark.parametrize("vector_id", sorted(NEGATIVE))
def test_negative_vector_fails_as_recorded(vector_id):
    vector = NEGATIVE[vector_id]
    data = bytes.fromhex(vector["hex"])
    if vector["expect"] == {"outcome": "refused"}:
        with pytest.raises(StatusListError):
            parse_status_list(data)
        return
    assert vector["expect"] == {"outcome": "verify_fails"}
    _, ok = _verified(data)
    assert not ok


def test_the_required_negative_kinds_are_present():
    assert {"tampered_byte", "decompression_bomb", "wrong_content_type"} <= set(NEGATIVE)


def test_bomb_and_content_type_are_refused_for_the_documented_reason():
    with pytest.raises(StatusListError, match="declared count"):
        parse_status_list(bytes.fromhex(NEGATIVE["decompression_bomb"]["hex"]))
    with pytest.raises(StatusListError, match="content type"):
        parse_status_list(bytes.fromhex(NEGATIVE["wrong_content_type"]["hex"]))
