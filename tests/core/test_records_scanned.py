"""core.scanned: the typed scanned record, its records.jsonl round trip (current and earlier
string findings), and the one needs_review rule."""

from __future__ import annotations

import json
from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from core.records import INFORMATION_FIELDS, validate_record
from core.rules import Finding
from core.scanned import (
    REVIEW_BELOW,
    FieldEvidence,
    ScannedRecord,
    finding_from_json,
    finding_from_text,
    needs_review,
)
from tests.factories import record


def _assembled(**kw: object) -> ScannedRecord:
    row = record(1)
    fields = {k: row[k] for k in INFORMATION_FIELDS}
    fields.update(kw.pop("fields", {}))  # type: ignore[call-overload]
    return ScannedRecord.assemble(
        "a.pdf", fields, findings=kw.pop("findings", []),  # type: ignore[arg-type]
        confidence=kw.pop("confidence", {"name": 0.99}), **kw,  # type: ignore[arg-type]
    )


def test_legacy_strings_become_findings_with_field_and_severity() -> None:
    f = finding_from_text("ocr_disagreement [name] 两次识别结果不一致：“甲” / “乙”")
    assert (f.code, f.field, f.severity) == ("ocr_disagreement", "name", "error")
    assert f.message == "两次识别结果不一致：“甲” / “乙”"
    note = finding_from_text("corrected_checksum [id_number] 校验位按规则纠正")
    assert (note.field, note.blocking) == ("id_number", False)
    assert finding_from_text("second_read [issue_date]").message == "second_read"
    assert finding_from_text("没有方括号的说明").field == "record"


def test_findings_are_read_back_in_either_form() -> None:
    f = Finding("roster_mismatch", "name", "与名册不一致", "error", {"roster_row": 3})
    assert finding_from_json(f.to_dict()) == f and finding_from_json(f) is f
    assert finding_from_json(str(f)) == Finding("roster_mismatch", "name", "与名册不一致")
    partial = finding_from_json({"message": "手工添加"})
    assert (partial.code, partial.field, partial.blocking) == ("finding", "record", True)


def test_needs_review_is_one_rule() -> None:
    note = Finding("corrected", "id_number", "校验位纠正", "note")
    assert needs_review([note], {"name": REVIEW_BELOW}) is False
    assert needs_review([note], {"name": REVIEW_BELOW - 0.01}) is True
    assert needs_review([Finding("x", "name", "m", "warning")], {}) is True


def test_every_doubt_names_its_field() -> None:
    rec = _assembled(fields={"gender": None}, confidence={"name": 0.5, "subject": 0.99})
    named = {(f.code, f.field) for f in rec.findings}
    assert named == {("missing", "gender"), ("low_confidence", "name")}
    assert rec.needs_review
    # a field already named by a blocking finding gets nothing more
    doubted = _assembled(findings=[Finding("ocr_disagreement", "name", "不一致")],
                         confidence={"name": 0.5})
    assert [f.code for f in doubted.findings] == ["ocr_disagreement"]


def test_a_section_whose_entry_is_flagged_gets_no_second_low_confidence() -> None:
    entry = Finding("text_under_seal", "annotations[1].text", "印章下", "warning")
    rec = _assembled(findings=[entry], confidence={"annotations": 0.5, "registrations": 0.5})
    # the low annotations confidence is that entry's doubt; registrations are still named
    assert [(f.code, f.field) for f in rec.findings] == [
        ("text_under_seal", "annotations[1].text"), ("low_confidence", "registrations")]
    assert rec.needs_review
    note = Finding("corrected", "annotations[0].date", "更正", "note")
    quiet = _assembled(findings=[note], confidence={"annotations": 0.5})
    assert [f.code for f in quiet.findings] == ["corrected", "low_confidence"]


def test_records_jsonl_round_trip_and_layout() -> None:
    rec = _assembled(
        findings=[Finding("corrected", "id_number", "校验位纠正", "note")],
        evidence={"name": FieldEvidence(1, (10, 20, 30, 40))},
    ).with_artifacts(["pages/a_p0.jpg", "pages/a_p1.jpg"], "photos/a.jpg")
    line = json.loads(json.dumps(rec.to_json(), ensure_ascii=False))
    assert line["evidence"]["name"] == {"page": 1, "box": [10, 20, 30, 40],
                                        "image": "pages/a_p1.jpg"}
    assert line["findings"] == [{"code": "corrected", "field": "id_number",
                                 "message": "校验位纠正", "severity": "note"}]
    assert line["needs_review"] is False and line["photo"] == "photos/a.jpg"
    assert ScannedRecord.from_json(line) == rec
    assert validate_record(line, today=date(2026, 1, 1)).name == line["name"]


def test_an_earlier_file_keeps_its_review_flag() -> None:
    """A line flagged without a finding that says why (written before every flag was named)
    stays flagged, with a finding saying so."""
    old = record(1, needs_review=True, findings=["corrected [name] 已纠正"])
    rec = ScannedRecord.from_json(old)
    assert rec.needs_review and rec.findings[-1].code == "flagged"
    assert rec.findings[0] == Finding("corrected", "name", "已纠正", "note")


def test_roster_findings_cap_their_field_only_when_they_block() -> None:
    rec = _assembled(confidence={"name": 0.99, "id_number": 0.98})
    capped = rec.with_findings([Finding("roster_mismatch", "name", "不一致"),
                                Finding("note", "id_number", "记录", "note")], cap=0.5)
    assert capped.confidence == {"name": 0.5, "id_number": 0.98} and capped.needs_review
    assert rec.needs_review is False  # the record itself is unchanged (frozen)


@given(st.dictionaries(st.sampled_from(INFORMATION_FIELDS), st.floats(0, 1), max_size=4),
       st.lists(st.sampled_from(["error", "warning", "note"]), max_size=3))
def test_the_flag_written_is_the_flag_computed(conf: dict[str, float], sev: list[str]) -> None:
    findings = [Finding("c", "name", "m", s) for s in sev]  # type: ignore[arg-type]
    rec = _assembled(findings=findings, confidence=conf)
    line = rec.to_json()
    assert line["needs_review"] == rec.needs_review == ScannedRecord.from_json(line).needs_review
    assert line["needs_review"] == (any(s != "note" for s in sev)
                                    or any(round(c, 3) < REVIEW_BELOW for c in conf.values()))


@pytest.mark.parametrize("bad", [{"page": "1", "box": [1, 2, 3, 4]}, {"page": 0, "box": [1]}])
def test_malformed_evidence_is_dropped(bad: dict[str, object]) -> None:
    assert ScannedRecord.from_json(record(1, evidence={"name": bad})).evidence == {}
