"""The bench's second booklet generator writes truth that every domain rule accepts."""

from __future__ import annotations

import json
import random
from datetime import date

import pymupdf
from PIL import Image

from bench._othergen import generate
from bench._othergen_capture import KINDS
from bench._othergen_facts import LAST_DAY, make_holder
from core.rules import (
    check_certificate_number,
    division_name,
    id_number_findings,
    parse_registration_conclusion,
    registration_period,
    validate_id_number,
)
from core.states import RegistrationConclusion

TODAY = date(2026, 1, 1)


def _holders(n: int = 300) -> list[dict[str, object]]:
    rng = random.Random(20261205)
    return [make_holder(rng).truth(f"{i:04d}.pdf") for i in range(n)]


def test_id_numbers_pass_gb_11643_and_agree_with_birth_date_and_gender():
    for t in _holders():
        number = validate_id_number(str(t["id_number"]), today=TODAY)
        assert division_name(number.division_code) is not None
        born = date.fromisoformat(str(t["birth_date"]))
        assert id_number_findings(number.number, birth_date=born, gender=str(t["gender"]),
                                  today=TODAY) == []


def test_certificate_numbers_agree_with_type_year_and_gender():
    for t in _holders():
        findings = check_certificate_number(
            str(t["certificate_number"]), qualification_type=str(t["qualification_type"]),
            issue_date=date.fromisoformat(str(t["issue_date"])), gender=str(t["gender"]),
            today=TODAY,
        )
        # Before 2009 digit 11 is 0/1, where 1 may be a woman: a warning, never an error.
        assert [f for f in findings if f.severity == "error"] == [], t


def test_registrations_and_remarks_are_consistent():
    for t in _holders():
        issued = date.fromisoformat(str(t["issue_date"]))
        decided = [date.fromisoformat(r["date"]) for r in t["registrations"]]  # type: ignore[attr-defined]
        assert decided == sorted(decided) and all(issued < d <= LAST_DAY for d in decided)
        for r in t["registrations"]:  # type: ignore[attr-defined]
            conclusion = parse_registration_conclusion(r["conclusion"])
            if conclusion is RegistrationConclusion.QUALIFIED:
                start = date.fromisoformat(r["valid_from"])
                assert start >= date.fromisoformat(r["date"])
                assert r["valid_until"] == registration_period(start)[1].isoformat()
            else:
                assert r["valid_from"] is None and r["valid_until"] is None
        for a in t["annotations"]:  # type: ignore[attr-defined]
            assert issued < date.fromisoformat(a["date"]) <= LAST_DAY and a["text"]


def test_generate_writes_files_truth_and_manifest(tmp_path):
    truths = generate(tmp_path, count=2, seed=7)
    def jsonl(name: str) -> list[dict[str, object]]:
        return [json.loads(x) for x in (tmp_path / name).read_text("utf-8").splitlines()]

    lines, manifest = jsonl("truth.jsonl"), jsonl("manifest.jsonl")
    assert lines == truths and [m["source"] for m in manifest] == [t["source"] for t in truths]
    for m in manifest:
        assert m["kind"] in KINDS and isinstance(m["photo_page"], bool)
        path = tmp_path / m["source"]
        if path.suffix == ".pdf":
            assert len(pymupdf.open(path)) == m["pages"]
        else:
            Image.open(path).verify()
    assert (tmp_path / "roster.csv").exists() is False


def test_the_same_seed_gives_the_same_holders():
    a = [make_holder(random.Random(5)).truth("x") for _ in range(3)]
    b = [make_holder(random.Random(5)).truth("x") for _ in range(3)]
    assert a == b
