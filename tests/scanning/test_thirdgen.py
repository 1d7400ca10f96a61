"""The bench's third booklet generator writes files, truth and manifest the scorer reads, and its
truth passes every domain rule a real booklet does."""

from __future__ import annotations

import json
import random
from datetime import date

import pymupdf
from PIL import Image

from bench._thirdgen import KINDS, generate
from bench._thirdgen_back import _wrap
from bench._thirdgen_facts import LAST_DAY, check_char, make_holder
from core.rules import (
    check_certificate_number,
    division_table,
    id_number_findings,
    parse_registration_conclusion,
    registration_period,
    validate_id_number,
)
from core.states import RegistrationConclusion

TODAY = date(2026, 1, 1)
_MANIFEST_KEYS = {"source", "kind", "photo_page", "layout", "remarks_design", "remarks_by_hand",
                  "sticker_design", "pages", "file_pages"}


def _truths(n: int = 250) -> list[dict]:
    rng = random.Random(11)
    return [make_holder(rng).truth(f"{i:04d}.pdf") for i in range(n)]


def test_check_character_is_gb_11643():
    assert check_char("11010519491231002") == "X"  # the standard's worked example
    assert check_char("44052418800101001") == "4"


def test_id_and_certificate_numbers_pass_every_rule():
    for t in _truths():
        born, issued = date.fromisoformat(t["birth_date"]), date.fromisoformat(t["issue_date"])
        validate_id_number(t["id_number"], today=TODAY)
        assert id_number_findings(t["id_number"], birth_date=born, gender=t["gender"],
                                  today=TODAY) == []
        findings = check_certificate_number(
            t["certificate_number"], qualification_type=t["qualification_type"],
            issue_date=issued, gender=t["gender"], today=TODAY)
        assert [f for f in findings if f.severity == "error"] == [], t
        assert born < issued <= LAST_DAY


def test_authority_lies_in_the_province_of_the_certificate_number():
    names: dict[str, set[str]] = {}
    for code, (province, entry) in division_table().items():
        names.setdefault(code[:2], {province}).add(entry.split("]")[-1])
    for t in _truths():
        province = t["certificate_number"][4:6]
        assert any(n and n in t["issuing_authority"] for n in names[province]), t


def test_registrations_and_remarks_are_in_order_and_consistent():
    for t in _truths():
        issued = date.fromisoformat(t["issue_date"])
        decided = [date.fromisoformat(r["date"]) for r in t["registrations"]]
        assert decided == sorted(decided) and all(issued < d <= LAST_DAY for d in decided)
        for r in t["registrations"]:
            if parse_registration_conclusion(r["conclusion"]) is RegistrationConclusion.QUALIFIED:
                start = date.fromisoformat(r["valid_from"])
                assert start >= date.fromisoformat(r["date"])
                assert r["valid_until"] == registration_period(start)[1].isoformat()
            else:
                assert r["valid_from"] is None and r["valid_until"] is None
        for a in t["annotations"]:
            assert issued < date.fromisoformat(a["date"]) <= LAST_DAY and a["text"]


def test_generate_writes_booklets_truth_and_manifest(tmp_path):
    truths = generate(tmp_path, count=2, seed=3)

    def jsonl(name: str) -> list[dict]:
        return [json.loads(x) for x in (tmp_path / name).read_text("utf-8").splitlines()]

    lines, manifest = jsonl("truth.jsonl"), jsonl("manifest.jsonl")
    assert lines == truths and [m["source"] for m in manifest] == [t["source"] for t in truths]
    for m, t in zip(manifest, truths, strict=True):
        assert _MANIFEST_KEYS <= set(m) and m["kind"] in KINDS
        assert m["photo_page"] == any("photo" in p["role"] for p in m["file_pages"])
        path = tmp_path / m["source"]
        if path.suffix == ".pdf":
            assert len(pymupdf.open(path)) == m["pages"]
        else:
            Image.open(path).verify()
        validate_id_number(t["id_number"], today=TODAY)


def test_remark_lines_never_start_with_closing_punctuation():
    assert _wrap("持证人姓名由“林秀”更正为“林俊”", 16) == ["持证人姓名由“林秀”更正为“林俊”"]
    assert _wrap("原证书遗失，经本人申请予以补发", 5) == ["原证书遗失，", "经本人申", "请予以补发"]


def test_the_same_seed_gives_the_same_holders():
    a = [make_holder(random.Random(5)).truth("x") for _ in range(3)]
    assert a == [make_holder(random.Random(5)).truth("x") for _ in range(3)]
