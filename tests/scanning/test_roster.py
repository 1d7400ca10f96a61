"""The school roster picked up with a batch (bytes, e.g. from a ZIP), and the cross-check of
scanned records against it."""

from __future__ import annotations

import io

import pytest
from openpyxl import Workbook

from core.errors import MalformedFile
from core.scanned import ScannedRecord
from scanning._roster import RosterEntry, Who, cross_check, read_roster, roster_match
from scanning._school_reports import find_discrepancies
from tests.factories import record

RECORD = {"name": "张三", "id_number": "11010119850312123X",
          "certificate_number": "20154400141100123"}
ENTRY = RosterEntry(row=2, name="张三", certificate_number="20154400141100123",
                    id_number="11010119850312123X")


def _xlsx(rows: list[list[str]]) -> bytes:
    book = Workbook()
    for r in rows:
        book.active.append(r)
    buf = io.BytesIO()
    book.save(buf)
    return buf.getvalue()


def test_csv_in_gb18030_and_xlsx_bytes_read_alike():
    rows = [
        ["序号", "姓名", "身份证号码", "证书编号"],
        ["1", "张三", "11010119850312123x", "20154400141100123"],
    ]
    csv_bytes = "\n".join(",".join(r) for r in rows).encode("gb18030")
    assert read_roster(csv_bytes, "名册.csv") == [ENTRY]
    assert read_roster(_xlsx(rows), "名册.xlsx") == [ENTRY]


def test_roster_without_required_columns_is_refused():
    with pytest.raises(MalformedFile) as err:
        read_roster("序号,学校\n1,一中\n".encode(), "x.csv")
    assert err.value.rule == "roster_missing_columns"


def _scanned(**fields: str) -> ScannedRecord:
    full = {**record(1), **RECORD, **fields}
    return ScannedRecord.assemble("a.pdf", full, findings=[], confidence={"name": 0.99})


def test_cross_check_findings_name_the_field_and_rule():
    assert cross_check(_scanned(), [ENTRY]) == []
    [renamed] = cross_check(_scanned(name="张叁"), [ENTRY])
    assert (renamed.code, renamed.field, renamed.blocking) == ("roster_mismatch", "name", True)
    assert renamed.evidence == {"read": "张叁", "roster": "张三", "roster_row": 2}
    [missing] = cross_check(_scanned(id_number="x", certificate_number="y"), [ENTRY])
    assert (missing.code, missing.field, missing.severity) == ("roster_missing", "roster",
                                                               "warning")


def test_roster_findings_send_the_record_to_review_and_cap_the_field():
    rec = _scanned(name="张叁")
    assert rec.needs_review is False
    flagged = rec.with_findings(cross_check(rec, [ENTRY]), cap=0.5)
    assert flagged.needs_review is True and flagged.confidence["name"] == 0.5
    assert flagged.to_json()["findings"][0]["code"] == "roster_mismatch"


# --- the one matcher: certificate number, then ID number (masked-aware), then name -------------

SECOND = RosterEntry(row=3, name="张三", certificate_number="20154400141100124",
                     id_number="11010119850312123X")  # the same teacher's other certificate


def test_certificate_number_comes_before_the_id_number():
    """A teacher with two certificates: the record is checked against its own row, not the
    first row with the same ID number."""
    rec = _scanned(certificate_number=SECOND.certificate_number)
    assert cross_check(rec, [ENTRY, SECOND]) == []
    found = find_discrepancies([rec.to_json()], [ENTRY, SECOND])
    assert [(d.kind, d.roster_row) for d in found] == [("not_scanned", 2)]


def test_a_masked_roster_id_agrees_on_its_visible_part():
    masked = RosterEntry(row=2, name="张三", certificate_number=None,
                         id_number="110101**********3X")
    assert cross_check(_scanned(), [masked]) == []
    assert find_discrepancies([_scanned().to_json()], [masked]) == []
    other = RosterEntry(row=2, name="张三", certificate_number=ENTRY.certificate_number,
                        id_number="120101**********3X")
    [finding] = cross_check(_scanned(), [other])
    assert (finding.code, finding.field) == ("roster_mismatch", "id_number")


def test_a_misread_number_is_found_by_the_id_number():
    rec = _scanned(certificate_number="20154400141100128")
    [finding] = cross_check(rec, [ENTRY])
    assert (finding.field, finding.evidence["roster"]) == ("certificate_number",
                                                           ENTRY.certificate_number)
    [d] = find_discrepancies([rec.to_json()], [ENTRY])
    assert (d.kind, d.label) == ("number_mismatch", "证书号码不一致")


def test_a_name_alone_does_not_outweigh_two_numbers():
    stranger = _scanned(id_number="110105199003070128", certificate_number="20151101042888888")
    [finding] = cross_check(stranger, [ENTRY])
    assert finding.code == "roster_missing"
    unnumbered = RosterEntry(row=2, name="张三", certificate_number=None)
    assert cross_check(stranger, [unnumbered]) == []  # nothing on the row contradicts it


def test_roster_match_order_and_uniqueness():
    rows = [(Who.of("1", "A", "甲"), "r1"), (Who.of("2", "A", "乙"), "r2"),
            (Who.of("", "B", "丙"), "r3"), (Who.of("", "", "丁"), "r4")]
    assert roster_match(Who.of("2", "A", ""), rows) == "r2"  # the number, not the first ID
    assert roster_match(Who.of("9", "A", ""), rows) is None  # two rows share the ID
    assert roster_match(Who.of("9", "b", ""), rows) == "r3"  # ID, case-insensitive
    assert roster_match(Who.of("", "", "丁"), rows) == "r4"
    assert roster_match(Who.of("", "", "丁"), rows, taken=["r4"]) is None
    assert roster_match(Who.of("1", "", ""), rows, taken=["r1"]) == "r1"  # a number counts


def test_a_roster_longer_than_any_school_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    import scanning._roster as roster_module
    from core.tabular import xlsx_bytes

    monkeypatch.setattr(roster_module, "MAX_ROWS", 5)
    rows = [[f"教师{i}", f"2015211001210{i:04d}"] for i in range(5)]
    data = xlsx_bytes([("名册", ["姓名", "证书号码"], rows)])
    with pytest.raises(MalformedFile) as refused:
        roster_module.read_roster(data, "roster.xlsx")
    assert refused.value.code == "roster_too_long"
    csv_data = "\n".join(["姓名,证书号码", *(",".join(r) for r in rows)]).encode()
    with pytest.raises(MalformedFile) as refused:
        roster_module.read_roster(csv_data, "roster.csv")
    assert refused.value.code == "roster_too_long"
