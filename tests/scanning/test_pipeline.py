"""End to end: generated booklets of every kind → scan → records equal the truth."""

from __future__ import annotations

import json
import random
import re
import shutil
import zipfile
from pathlib import Path

import pytest

from scanning import RECORD_KEYS, REVIEW_BELOW, scan_file, scan_paths
from scanning._validate import CONFUSIONS
from scanning.sample import build, random_record

pytestmark = pytest.mark.slow
COMPARED = (
    "name",
    "gender",
    "birth_date",
    "id_number",
    "qualification_type",
    "subject",
    "certificate_number",
    "issuing_authority",
    "issue_date",
    "annotations",
    "registrations",
)
ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def test_fields_read_equal_truth_for_every_kind(booklets, scanned):
    _, records = scanned
    by_source = {r["source"]: r for r in records}
    for b in booklets:
        rec = by_source[b.path.name]
        for field in COMPARED:
            assert rec[field] == b.truth[field], (b.kind, field)
        # A flag is allowed (a reviewer confirms); a wrong value is not.
        assert all(0 <= c <= 1 for c in rec["confidence"].values())


def test_jsonl_format(scanned):
    out, records = scanned
    for rec in records:
        assert set(RECORD_KEYS) <= set(rec) <= {*RECORD_KEYS, "evidence", "pages", "school"}
        for key in ("birth_date", "issue_date"):
            assert rec[key] is None or ISO.match(rec[key])
        for note in rec["annotations"]:
            assert set(note) == {"date", "text"} and (
                note["date"] is None or ISO.match(note["date"])
            )
        for reg in rec["registrations"]:
            assert set(reg) == {"conclusion", "valid_from", "valid_until", "authority", "date"}
            assert reg["conclusion"] in ("注册合格", "暂缓注册", "注册不合格")
        assert all(0.0 <= c <= 1.0 for c in rec["confidence"].values())
        assert all({"code", "field", "message", "severity"} <= set(f) for f in rec["findings"])
        assert rec["needs_review"] == any(
            f["severity"] != "note" for f in rec["findings"]
        ) or min(rec["confidence"].values(), default=1.0) < REVIEW_BELOW
        assert rec["photo"] is not None and (out / rec["photo"]).stat().st_size < 200 * 1024
        for ev in rec["evidence"].values():
            assert (out / ev["image"]).is_file() and len(ev["box"]) == 4
            assert rec["pages"][ev["page"]] == ev["image"]
    assert (out / "errors.jsonl").read_text() == ""
    reports = {p.name for p in (out / "reports").rglob("*") if p.is_file()}
    assert {"名册.xlsx", "roster.csv", "统计表.xlsx", "statistics.csv"} <= reports


def _corrupt(number: str) -> str:
    """Change one ID digit to a digit that is not an OCR look-alike of it."""
    i = 8
    d = number[i]
    wrong = next(
        c
        for c in "0123456789"
        if c != d and c not in CONFUSIONS.get(d, "") and d not in CONFUSIONS.get(c, "")
    )
    return number[:i] + wrong + number[i + 1 :]


def test_corrupted_id_digit_is_flagged_and_clean_one_is_not(tmp_path):
    rng = random.Random(99)
    rec = random_record(rng)
    good = build(rec, "rotated_png", random.Random(1))
    rec.id_number = _corrupt(rec.id_number)
    bad = build(rec, "rotated_png", random.Random(1))
    (tmp_path / "good.png").write_bytes(good.data)
    (tmp_path / "bad.png").write_bytes(bad.data)
    assert scan_file(tmp_path / "good.png").needs_review is False
    flagged = scan_file(tmp_path / "bad.png")
    assert flagged.needs_review is True
    assert any(f.field == "id_number" and f.blocking for f in flagged.record.findings)
    assert flagged.record.confidence["id_number"] < 0.9


def test_rotation_and_spreads_are_normalised(booklets):
    rotated = next(b for b in booklets if b.kind == "rotated_png")
    result = scan_file(rotated.path)
    assert result.page_roles == ["photo", "information"]
    spreads = next(b for b in booklets if b.kind == "spread_pdf")
    result = scan_file(spreads.path)
    assert result.pages == spreads.pages  # every spread split into its two pages
    assert {"cover", "photo", "information", "remarks", "registration"} <= set(result.page_roles)


def test_corrupt_file_reported_without_stopping_batch(booklets, tmp_path):
    school = tmp_path / "实验小学"
    school.mkdir()
    phone = next(b for b in booklets if b.kind == "phone_jpg")
    shutil.copy(phone.path, school / phone.path.name)
    (school / "broken.pdf").write_bytes(b"%PDF-1.7 this is not a pdf")
    (school / "empty.jpg").write_bytes(b"")
    summary = scan_paths([school], tmp_path / "out", workers=1)
    assert summary.records == 1 and len(summary.errors) == 2
    errors = [json.loads(x) for x in (tmp_path / "out/errors.jsonl").read_text().splitlines()]
    assert {e["source"] for e in errors} == {"broken.pdf", "empty.jpg"}
    assert all(e["code"] == "file_format" and e["school"] == "实验小学" for e in errors)


def test_zip_per_school_with_roster_cross_check(booklets, tmp_path):
    phone = next(b for b in booklets if b.kind == "phone_jpg")
    roster = "序号,姓名,性别,身份证件号码,证书号码\n1,某某某,男,{},{}\n".format(
        phone.truth["id_number"], phone.truth["certificate_number"]
    )
    archive = tmp_path / "第二中学.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        zf.write(phone.path, phone.path.name)
        zf.writestr("名册.csv", roster.encode("utf-8-sig"))
    summary = scan_paths([archive], tmp_path / "out", workers=1)
    rec = json.loads((tmp_path / "out/records.jsonl").read_text(encoding="utf-8"))
    assert summary.records == 1 and rec["school"] == "第二中学"
    assert rec["needs_review"] is True
    assert any((f["code"], f["field"]) == ("roster_mismatch", "name") for f in rec["findings"])


def test_process_pool_batch(booklets, tmp_path):
    two = [b.path for b in booklets if b.kind in ("phone_jpg", "rotated_png")]
    summary = scan_paths(two, tmp_path / "out", workers=2)
    assert summary.records == 2 and summary.errors == []
    assert summary.pages == 4


def test_cli_sample_and_scan(tmp_path):
    import typer
    from typer.testing import CliRunner

    from scanning.cli import register

    app = typer.Typer()
    register(app)
    runner = CliRunner()
    res = runner.invoke(
        app,
        [
            "sample",
            "--out",
            str(tmp_path / "s"),
            "--count",
            "1",
            "--kinds",
            "phone_jpg",
            "--seed",
            "3",
        ],
    )
    assert res.exit_code == 0, res.output
    res = runner.invoke(
        app, ["scan", str(tmp_path / "s"), "--out", str(tmp_path / "o"), "--workers", "1"]
    )
    assert res.exit_code == 0, res.output
    assert len((tmp_path / "o/records.jsonl").read_text().splitlines()) == 1
    assert Path(tmp_path / "o/errors.jsonl").exists()
