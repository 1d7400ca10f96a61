"""The synthetic booklet generator: deterministic, internally valid, every kind."""

from __future__ import annotations

import csv
import datetime as dt
import json
import random

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from core.errors import InvalidInput
from core.rules import (
    Gender,
    check_certificate_number,
    parse_qualification_type,
    validate_id_number,
)
from scanning.sample import KINDS, generate, random_record


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_random_records_are_internally_valid(seed):
    rec = random_record(random.Random(seed))
    ident = validate_id_number(rec.id_number)
    assert ident.birth_date.isoformat() == rec.birth_date
    assert str(ident.gender) == rec.gender
    findings = check_certificate_number(
        rec.certificate_number,
        qualification_type=parse_qualification_type(rec.qualification_type),
        issue_date=dt.date.fromisoformat(rec.issue_date),
        gender=Gender(rec.gender),
    )
    assert [f for f in findings if f.severity == "error"] == []
    assert 2 <= len(rec.name) <= 4 and len(rec.subject) <= 8
    for reg in rec.registrations:
        assert reg["conclusion"] in ("注册合格", "暂缓注册", "注册不合格")


def test_generation_is_deterministic(tmp_path):
    a = generate(tmp_path / "a", count=3, seed=11, kinds=["phone_jpg", "scanner_pdf"])
    b = generate(tmp_path / "b", count=3, seed=11, kinds=["phone_jpg", "scanner_pdf"])
    assert [x.truth for x in a] == [y.truth for y in b]
    assert [x.path.read_bytes() for x in a] == [y.path.read_bytes() for y in b]
    c = generate(tmp_path / "c", count=3, seed=12, kinds=["phone_jpg", "scanner_pdf"])
    assert [x.truth for x in a] != [z.truth for z in c]


def test_every_kind_writes_its_file_and_sidecars(booklets):
    assert [b.kind for b in booklets] == list(KINDS)
    folder = booklets[0].path.parent
    truth = [json.loads(line) for line in (folder / "truth.jsonl").open(encoding="utf-8")]
    assert [t["source"] for t in truth] == [b.path.name for b in booklets]
    with (folder / "roster.csv").open(encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    assert [r["身份证件号码"] for r in rows] == [t["id_number"] for t in truth]
    for b in booklets:
        if b.path.suffix == ".pdf":
            with pymupdf.open(b.path) as doc:
                assert 3 <= len(doc) <= 6  # some pages arrive as two-page spreads
        elif b.kind == "scanner_tiff":
            with Image.open(b.path) as im:
                assert im.n_frames >= 3
        else:
            assert b.truth["annotations"] == [] and b.truth["registrations"] == []


def test_rotated_png_is_rotated(booklets):
    png = next(b for b in booklets if b.kind == "rotated_png")
    with Image.open(png.path) as im:
        w, h = im.size
    # The open spread is landscape; a 90/270 turn makes it portrait, 180 keeps it landscape.
    assert w != h


def test_school_folder_and_unknown_kind(tmp_path):
    made = generate(tmp_path, count=1, seed=1, kinds=["phone_jpg"], school="第一中学")
    assert made[0].path.parent.name == "第一中学"
    assert made[0].truth["school"] == "第一中学"
    with pytest.raises(InvalidInput) as err:
        generate(tmp_path, count=1, kinds=["fax"])
    assert err.value.field == "kinds"
