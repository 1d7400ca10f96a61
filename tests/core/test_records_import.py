"""`ecert records import`: every rule names its field, bad lines their number; nothing is
half-written; export gives back what was imported."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from core.audit import verify_chain
from core.db import session_scope
from core.models import Annotation, AuditEvent, Certificate, Holder, Registration
from ecert.cli import main
from tests.factories import certificate_number, id_number, record, write_jsonl


def _count(model: type) -> int:
    with session_scope() as s:
        return int(s.exec(select(func.count()).select_from(model)).one())


def _import(path: Path, *extra: str) -> int:
    return main(["records", "import", str(path), "--actor", "clerk-wang", *extra])


BAD_CASES = {
    "invalid ID check character": (
        {"id_number": id_number()[:-1] + ("0" if id_number()[-1] != "0" else "1")},
        "id_number", "id_checksum"),
    "certificate number too short": ({"certificate_number": "2015110104200001"},
                                     "certificate_number", "certificate_number_format"),
    "certificate type digit disagrees": (
        {"certificate_number": certificate_number(qtype=2)}, "certificate_number",
        "cert_type_mismatch"),
    "issue date in the future": ({"issue_date": "2030-01-01"}, "issue_date", "date_in_future"),
    "unknown qualification type": ({"qualification_type": "大学教授资格"}, "qualification_type",
                                   "unknown_qualification_type"),
    "birth date disagrees with ID": ({"birth_date": "1990-03-08"}, "birth_date",
                                     "id_birth_date_mismatch"),
    "missing name": ({"name": None}, "name", "required"),
}


@pytest.mark.parametrize("case", sorted(BAD_CASES))
def test_bad_input_names_field_and_rule_and_imports_nothing(
    registry: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str], case: str
) -> None:
    overrides, field, rule = BAD_CASES[case]
    path = write_jsonl(tmp_path / "r.jsonl", [record(1), record(2, **overrides), record(3)])
    assert _import(path) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and field in err and rule in err
    assert "Traceback" not in err
    assert _count(Certificate) == 0 and _count(Holder) == 0 and _count(AuditEvent) == 0


def test_malformed_jsonl_lines_reported_with_line_numbers(
    registry: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "r.jsonl", [record(1), "{not json", "[1, 2]"])
    assert _import(path) == 2
    err = capsys.readouterr().err
    assert "line 2" in err and "malformed_jsonl" in err
    assert _count(Certificate) == 0


def test_duplicate_within_file_and_against_registry(
    registry: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    dup = write_jsonl(tmp_path / "d.jsonl", [record(1), record(2), record(1)])
    assert _import(dup) == 2
    assert "line 3" in capsys.readouterr().err
    assert _count(Certificate) == 0
    assert _import(write_jsonl(tmp_path / "a.jsonl", [record(1)])) == 0
    assert _import(write_jsonl(tmp_path / "b.jsonl", [record(5), record(1)])) == 2
    err = capsys.readouterr().err
    assert "duplicate_certificate_number" in err and "line 2" in err
    assert _count(Certificate) == 1  # record 5 rolled back with the rest of its file


def test_import_creates_children_audit_and_hides_id(registry: Engine, tmp_path: Path) -> None:
    ann = {"date": "2019-05-06", "text": "证书遗失，2019年5月补发", "kind": "reissue"}
    path = write_jsonl(tmp_path / "r.jsonl", [record(1, annotations=[ann]), record(2)])
    assert _import(path, "--approve") == 0
    assert _count(Certificate) == 2 and _count(Annotation) == 1 and _count(Registration) == 2
    with session_scope() as s:
        holder = s.exec(select(Holder)).first()
        assert holder is not None
        assert holder.id_masked.count("*") == 16 and id_number() not in holder.id_masked
        assert id_number().encode() not in holder.id_cipher
        events = s.exec(select(AuditEvent)).all()
        assert [e.action for e in events] == ["records.import.approved"] * 2
        assert all(e.actor == "clerk-wang" for e in events)
        assert all(id_number(order=12) not in (e.after or "") for e in events)
        assert verify_chain(s).ok
        cert = s.exec(select(Certificate)).first()
        assert cert is not None and cert.review_state == "approved"


def test_export_round_trips_full_records(
    registry: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    rows = [record(1), record(2, gender="女", subject="语文")]
    assert _import(write_jsonl(tmp_path / "r.jsonl", rows)) == 0
    out = tmp_path / "export.jsonl"
    assert main(["records", "export", "--out", str(out)]) == 0
    exported = [json.loads(line) for line in out.read_text().splitlines()]
    assert out.stat().st_mode & 0o077 == 0
    keys = ["name", "gender", "birth_date", "id_number", "qualification_type", "subject",
            "certificate_number", "issuing_authority", "issue_date", "registrations"]
    for orig, back in zip(rows, exported, strict=True):
        for key in keys:
            if key == "registrations":
                assert [{k: r[k] for k in orig[key][0]} for r in back[key]] == orig[key]
            else:
                assert back[key] == orig[key], key


def _scan_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "scan"
    (folder / "photos").mkdir(parents=True)
    (folder / "pages").mkdir()
    (folder / "photos" / "a.jpg").write_bytes(b"\xff\xd8photo")
    (folder / "pages" / "a-1.png").write_bytes(b"\x89PNGpage")
    return folder


def test_photos_and_pages_are_copied_into_artifacts(registry: Engine, tmp_path: Path) -> None:
    folder = _scan_folder(tmp_path)
    row = record(1, photo="photos/a.jpg", pages=["pages/a-1.png"],
                 evidence={"name": {"page": 0, "box": [10, 20, 110, 60]}})
    path = write_jsonl(folder / "records.jsonl", [row])
    assert _import(path, "--batch", "b1") == 0
    with session_scope() as s:
        cert = s.exec(select(Certificate)).one()
        scan = json.loads(cert.scan_data or "{}")
    artifacts = registry_home() / "artifacts"
    assert (artifacts / (cert.photo_path or "")).read_bytes() == b"\xff\xd8photo"
    assert (artifacts / scan["pages"][0]).read_bytes() == b"\x89PNGpage"
    assert scan["evidence"]["name"]["box"] == [10, 20, 110, 60]


def registry_home() -> Path:
    from core.settings import load_settings

    return load_settings().home


def test_paths_outside_the_scan_folder_are_refused(
    registry: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = _scan_folder(tmp_path)
    (tmp_path / "secret.txt").write_text("x")
    path = write_jsonl(folder / "records.jsonl", [record(1, photo="../secret.txt")])
    assert _import(path) == 2
    assert "path_outside_scan_folder" in capsys.readouterr().err
    assert _count(Certificate) == 0


def test_failed_import_leaves_no_copied_files(registry: Engine, tmp_path: Path) -> None:
    folder = _scan_folder(tmp_path)
    assert _import(write_jsonl(tmp_path / "first.jsonl", [record(2)])) == 0
    path = write_jsonl(folder / "records.jsonl",
                       [record(1, photo="photos/a.jpg"), record(2, photo="photos/a.jpg")])
    assert _import(path) == 2  # record 2 is a duplicate: the whole file is refused
    scans = registry_home() / "artifacts" / "scans"
    assert not any(p.is_file() for p in scans.rglob("*"))


def _bad_checksum_id() -> str:
    good = id_number()
    return good[:-1] + ("0" if good[-1] != "0" else "1")


def test_flagged_records_breaking_checks_are_imported_for_review(
    registry: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flagged = record(1, id_number=_bad_checksum_id(), needs_review=True)
    path = write_jsonl(tmp_path / "r.jsonl", [flagged, record(2)])
    assert _import(path) == 2  # strict by default: the whole file is refused
    assert _count(Certificate) == 0
    assert _import(path, "--for-review", "--approve") == 2
    assert _import(path, "--for-review") == 0
    with session_scope() as s:
        cert = s.exec(select(Certificate).where(
            Certificate.number == flagged["certificate_number"])).one()
        assert cert.review_state == "needs_review"
        assert any(f["code"] == "id_checksum" and f["field"] == "id_number"
                   for f in json.loads(cert.scan_data or "{}")["findings"])


def test_unflagged_or_unstorable_records_stay_refused_for_review(
    registry: Engine, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    unflagged = record(1, id_number=_bad_checksum_id(), needs_review=False)
    missing_unflagged = record(2, name=None, needs_review=False)
    no_number = record(3, certificate_number=None, needs_review=True)  # no region to review in
    for row in (unflagged, missing_unflagged, no_number):
        assert _import(write_jsonl(tmp_path / "r.jsonl", [row]), "--for-review") == 2
    assert _count(Certificate) == 0


def test_a_booklet_with_unread_fields_is_imported_for_review_and_typed_in(
    registry: Engine, tmp_path: Path
) -> None:
    """The OCR missed the name, the gender and the ID number: the clerk types them in; until
    then the record is shown and exported without them and cannot be approved."""
    from core.clock import today
    from core.errors import Conflict
    from core.identity import vault_for
    from core.models import User
    from core.registry import approve_certificate, certificate_by_number, export_records
    from core.settings import load_settings
    from scanning.review._service import correct_record

    full = record(1)
    unread = {**full, "name": None, "gender": None, "id_number": None, "needs_review": True,
              "findings": [{"code": "missing", "field": "name", "message": "未识别",
                            "severity": "error"}, "missing [gender] 未识别"]}
    path = write_jsonl(tmp_path / "r.jsonl", [unread])
    assert _import(path) == 2  # strict import still refuses it
    assert _import(path, "--for-review") == 0
    number, vault = full["certificate_number"], vault_for(load_settings().secret)
    with session_scope() as s:
        [exported] = list(export_records(s, vault=vault))
        assert (exported["name"], exported["gender"], exported["id_number"]) == (None,) * 3
        assert certificate_by_number(s, number).review_state == "needs_review"
    with pytest.raises(Conflict) as exc, session_scope() as s:
        approve_certificate(s, number, actor="reviewer", vault=vault)
    assert "required" in exc.value.message
    clerk = User(name="王芳", role="clerk", region="", token_hash="x")
    with session_scope() as s:
        cert = certificate_by_number(s, number)
        correct_record(s, clerk, number, form={k: full[k] for k in ("name", "gender",
                                                                      "id_number")},
                       row_version=cert.row_version, vault=vault, today=today())
    with session_scope() as s:
        [exported] = list(export_records(s, vault=vault))
        assert (exported["name"], exported["id_number"]) == (full["name"], full["id_number"])
        approved = approve_certificate(s, number, actor="reviewer", vault=vault)
        assert approved.review_state == "approved"


def test_approval_revalidates_until_the_record_is_corrected(
    registry: Engine, tmp_path: Path
) -> None:
    from core.clock import today
    from core.errors import Conflict
    from core.identity import vault_for
    from core.models import User
    from core.registry import approve_certificate, certificate_by_number
    from core.settings import load_settings
    from scanning.review._service import correct_record

    flagged = record(1, id_number=_bad_checksum_id(), needs_review=True)
    assert _import(write_jsonl(tmp_path / "r.jsonl", [flagged]), "--for-review") == 0
    number, vault = flagged["certificate_number"], vault_for(load_settings().secret)
    with pytest.raises(Conflict) as exc, session_scope() as s:
        approve_certificate(s, number, actor="reviewer", vault=vault)
    assert exc.value.code == "record_invalid" and "id_checksum" in exc.value.message
    clerk = User(name="王芳", role="clerk", region="", token_hash="x")
    with session_scope() as s:
        cert = certificate_by_number(s, number)
        correct_record(s, clerk, number, form={"id_number": id_number()},
                       row_version=cert.row_version, vault=vault, today=today())
    with session_scope() as s:
        approved = approve_certificate(s, number, actor="reviewer", vault=vault)
        assert approved.review_state == "approved"
