"""The bench's fourth booklet generator is deterministic for a seed, writes what the scorer reads,
and its truth obeys every domain rule a real booklet does (GB 11643 check characters, the
17-digit certificate number, 5-year registration periods)."""

from __future__ import annotations

import json
import random
from datetime import date

import pymupdf
from PIL import Image
from stdnum.cn import ric

from bench._fourthgen import KINDS, generate
from bench._fourthgen_back import _wrap
from bench._fourthgen_facts import LAST_DAY, QTYPES, check_char, make_holder
from bench._fourthgen_pages import fmt_date
from core.rules import (
    check_certificate_number,
    division_table,
    id_number_findings,
    parse_cn_date,
    parse_registration_conclusion,
    registration_period,
    validate_id_number,
)
from core.states import RegistrationConclusion

TODAY = date(2026, 7, 1)
_MANIFEST_KEYS = {"source", "kind", "photo_page", "layout", "remarks_design", "remarks_by_hand",
                  "sticker_design", "pages", "file_pages"}


def _holders(n: int = 300) -> list:
    rng = random.Random(12)
    return [make_holder(rng) for _ in range(n)]


def test_check_character_is_gb_11643():
    assert check_char("11010519491231002") == "X"  # the standard's worked example
    for h in _holders(50):
        assert ric.is_valid(h.id_number), h.id_number  # stdnum's own MOD 11-2 and table


def test_id_numbers_agree_with_birth_date_and_gender():
    for h in _holders():
        validate_id_number(h.id_number, today=TODAY)
        assert id_number_findings(h.id_number, birth_date=h.birth, gender=h.gender,
                                  today=TODAY) == []
        assert h.birth < h.issue_date <= LAST_DAY


def test_certificate_numbers_have_the_17_digit_structure():
    for h in _holders():
        n = h.certificate_number
        assert len(n) == 17 and n.isdigit()
        assert n[:4] == str(h.issue_date.year) and int(n[9]) == h.qtype
        assert n[10] == ({"男": "1", "女": "2"} if h.issue_date.year >= 2009
                         else {"男": "1", "女": "0"})[h.gender]
        findings = check_certificate_number(n, qualification_type=h.qtype,
                                            issue_date=h.issue_date, gender=h.gender,
                                            province_code=n[4:6], today=TODAY)
        assert findings == [], (n, findings)
        assert h.qualification == QTYPES[h.qtype]


def test_authority_lies_in_the_certificate_numbers_province():
    names: dict[str, set[str]] = {}
    for code, (province, entry) in division_table().items():
        names.setdefault(code[:2], {province}).add(entry.split("]")[-1])
    for h in _holders():
        assert any(x and x in h.authority for x in names[h.certificate_number[4:6]]), h
        assert h.authority.endswith(("教育局", "教育和体育局", "教育体育局", "教育委员会",
                                     "教育厅"))
        if h.qtype == 7:
            assert h.authority.endswith(("教育厅", "教育委员会"))


def test_registrations_tile_in_five_year_periods_and_remarks_are_dated():
    for h in _holders():
        decided = [r.decided for r in h.registrations]
        assert decided == sorted(decided) and all(h.issue_date < d <= LAST_DAY for d in decided)
        ends = []
        for r in h.registrations:
            conclusion = parse_registration_conclusion(r.conclusion)
            if conclusion is RegistrationConclusion.QUALIFIED:
                assert r.valid_from >= r.decided
                assert r.valid_until == registration_period(r.valid_from)[1]
                assert not ends or r.valid_from > ends[-1]
                ends.append(r.valid_until)
            else:
                assert r.valid_from is None and r.valid_until is None
        for a in h.remarks:
            assert h.issue_date < a.day <= LAST_DAY and a.text


def test_every_printed_date_form_reads_back_as_the_truth():
    d = date(2019, 10, 25)
    for form in ("cn", "cn0", "dot", "dot_short", "slash", "dash", "cnnum"):
        assert parse_cn_date(fmt_date(d, form)) == d, form
    assert fmt_date(d, "cnnum") == "二〇一九年十月二十五日"


def test_wrapped_remark_lines_never_start_with_closing_punctuation():
    lines = _wrap("任教学科更正为“数学”，原记载有误。", 8)
    assert "".join(lines) == "任教学科更正为“数学”，原记载有误。"
    assert all(line[0] not in "，。”" for line in lines)


def test_generate_is_deterministic_and_writes_what_the_scorer_reads(tmp_path):
    # seed 3 draws a PDF of open spreads: its bytes too must not change (no random file ID)
    a, b = tmp_path / "a", tmp_path / "b"
    truths = generate(a, count=1, seed=3)
    assert generate(b, count=1, seed=3) == truths
    for name in ("truth.jsonl", "manifest.jsonl"):
        assert (a / name).read_bytes() == (b / name).read_bytes()
    manifest = [json.loads(x) for x in (a / "manifest.jsonl").read_text("utf-8").splitlines()]
    for m, t in zip(manifest, truths, strict=True):
        assert (a / m["source"]).read_bytes() == (b / m["source"]).read_bytes()
        assert _MANIFEST_KEYS <= set(m) and m["kind"] in KINDS and m["source"] == t["source"]
        assert m["photo_page"] == any("photo" in p["role"] for p in m["file_pages"])
        path = a / m["source"]
        if path.suffix == ".pdf":
            assert len(pymupdf.open(path)) == m["pages"]
        else:
            Image.open(path).verify()
        if not any("remarks" in p["role"] for p in m["file_pages"]):
            assert t["annotations"] == []
