"""Per-school roster, statistics and discrepancy reports."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook, load_workbook

from core.errors import MalformedFile
from scanning._school_reports import (
    ROSTER_HEADER,
    STATISTICS_HEADER,
    RosterEntry,
    find_discrepancies,
    read_roster,
    write_school_reports,
)
from tests.factories import QUALIFICATION_LABELS, certificate_number, record

TYPES = [
    "幼儿园",
    "小学",
    "初级中学",
    "高级中学",
    "中等职业学校",
    "中等职业学校实习指导",
    "高等学校",
]


def _rec(serial: int, school: str, qtype: int, **kw: Any) -> dict[str, Any]:
    return record(
        serial,
        school=school,
        qualification_type=QUALIFICATION_LABELS[qtype],
        certificate_number=certificate_number(qtype=qtype, serial=serial),
        **kw,
    )


RECORDS = [
    _rec(1, "第一中学", 4),
    _rec(2, "第一中学", 4),
    _rec(3, "第一中学", 3),
    _rec(4, "实验小学", 2, needs_review=True),
    _rec(5, "实验小学", 1),
    _rec(6, "职业技术学校", 6, findings=["证书号码第 11 位与性别不一致"]),
    _rec(7, "职业技术学校", 5),
    record(8, school="实验小学", qualification_type=None),
]


def _csv(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "CSV must start with a UTF-8 BOM for Excel"
    return list(csv.reader(raw.decode("utf-8-sig").splitlines()))


def _xlsx(path: Path) -> list[list[Any]]:
    book = load_workbook(path)
    return [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_statistics_counts_per_school_and_type(tmp_path: Path) -> None:
    write_school_reports(RECORDS, tmp_path)
    rows = _xlsx(tmp_path / "统计表.xlsx")
    assert tuple(rows[0]) == STATISTICS_HEADER
    assert list(STATISTICS_HEADER[1:8]) == TYPES
    by_school = {r[0]: r[1:] for r in rows[1:]}
    #                          幼 小 初 高 中职 实习 高校 未识别 合计 需审核
    assert by_school["第一中学"] == [0, 0, 1, 2, 0, 0, 0, 0, 3, 0]
    assert by_school["实验小学"] == [1, 1, 0, 0, 0, 0, 0, 1, 3, 2]
    assert by_school["职业技术学校"] == [0, 0, 0, 0, 1, 1, 0, 0, 2, 1]
    assert by_school["合计"] == [1, 1, 1, 2, 1, 1, 0, 1, 8, 3]
    assert rows[-1][0] == "合计"
    assert _csv(tmp_path / "statistics.csv") == [[str(v) for v in r] for r in rows]


def test_roster_masks_ids_and_marks_review(tmp_path: Path) -> None:
    written = write_school_reports(RECORDS, tmp_path)
    assert {p.name for p in written} == {"名册.xlsx", "roster.csv", "统计表.xlsx", "statistics.csv"}
    rows = _xlsx(tmp_path / "名册.xlsx")
    assert tuple(rows[0]) == ROSTER_HEADER
    col = {h: i for i, h in enumerate(ROSTER_HEADER)}
    by_number = {r[col["证书号码"]]: r for r in rows[1:]}
    full = RECORDS[0]["id_number"]
    masked = by_number[RECORDS[0]["certificate_number"]][col["身份证号码"]]
    assert masked == full[0] + "*" * 16 + full[-1]
    assert by_number[RECORDS[3]["certificate_number"]][col["需审核"]] == "是"
    assert by_number[RECORDS[0]["certificate_number"]][col["需审核"]] == "否"
    assert "性别" in by_number[RECORDS[5]["certificate_number"]][col["问题"]]
    assert by_number[RECORDS[7]["certificate_number"]][col["资格种类"]] == "未识别"
    assert [r[0] for r in rows[1:]] == list(range(1, 9))


def test_no_full_id_number_in_any_output(tmp_path: Path) -> None:
    roster = _roster_csv(
        tmp_path / "school.csv",
        [
            ["姓名", "证书号码", "身份证号码"],
            ["王五", "20151101042999999", RECORDS[0]["id_number"]],
        ],
    )
    written = write_school_reports(RECORDS, tmp_path / "out", roster=roster)
    assert len(written) == 6
    for path in written:
        if path.suffix == ".csv":
            text = path.read_text(encoding="utf-8-sig")
        else:
            text = "\n".join(str(c) for row in _xlsx(path) for c in row)
        for rec in RECORDS:
            assert rec["id_number"] not in text, path.name


def _roster_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def test_discrepancies(tmp_path: Path) -> None:
    recs = RECORDS[:3]
    roster = _roster_csv(
        tmp_path / "r.csv",
        [
            ["某某学校教师资格证书名册"],  # a title row above the header
            ["序号", "姓 名", "资格证书号码", "身份证号"],
            ["1", recs[0]["name"], recs[0]["certificate_number"], ""],
            ["2", "张三", recs[1]["certificate_number"], ""],  # name differs
            ["3", "赵六", "20151101042888888", "110105199003070128"],  # not scanned
        ],
    )
    found = find_discrepancies(recs, read_roster(roster))
    kinds = {(d.kind, d.certificate_number) for d in found}
    assert kinds == {
        ("name_mismatch", recs[1]["certificate_number"]),
        ("not_scanned", "20151101042888888"),
        ("not_on_roster", recs[2]["certificate_number"]),
    }
    missing = next(d for d in found if d.kind == "not_scanned")
    assert missing.roster_name == "赵六" and missing.roster_row == 5
    assert missing.roster_id_masked == "1****************8"
    write_school_reports(recs, tmp_path / "out", roster=roster)
    rows = _csv(tmp_path / "out" / "discrepancies.csv")
    assert {r[0] for r in rows[1:]} == {"姓名不一致", "名册有、未扫描", "已扫描、名册无"}


def test_id_mismatch_and_match_without_number() -> None:
    rec = RECORDS[0]
    other_id = RECORDS[1]["id_number"]
    found = find_discrepancies(
        [rec],
        [
            RosterEntry(
                row=2,
                name=rec["name"],
                certificate_number=rec["certificate_number"],
                id_number=other_id,
            )
        ],
    )
    assert [d.kind for d in found] == ["id_mismatch"]
    by_id = find_discrepancies(
        [rec],
        [RosterEntry(row=2, name="别名", certificate_number=None, id_number=rec["id_number"])],
    )
    assert [d.kind for d in by_id] == ["name_mismatch"]
    assert (
        find_discrepancies([rec], [RosterEntry(row=2, name=rec["name"], certificate_number=None)])
        == []
    )


def test_read_roster_xlsx_and_gbk_csv(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["学校", "姓名", "证书编号"])
    sheet.append(["第一中学", "李小梅", "20151101042000001"])
    sheet.append([None, None, None])
    book.save(tmp_path / "r.xlsx")
    assert read_roster(tmp_path / "r.xlsx") == [
        RosterEntry(row=2, name="李小梅", certificate_number="20151101042000001", school="第一中学")
    ]
    full_width = "２０１５１１０１０４２０００００１"
    gbk = _roster_csv(
        tmp_path / "g.csv", [["姓名", "证书号码"], ["李小梅", full_width]], encoding="gb18030"
    )
    assert read_roster(gbk)[0].certificate_number == "20151101042000001"


def test_bad_rosters_raise_malformed_file(tmp_path: Path) -> None:
    no_columns = _roster_csv(tmp_path / "a.csv", [["名字", "电话"], ["李", "123"]])
    with pytest.raises(MalformedFile, match="证书号码"):
        read_roster(no_columns)
    (tmp_path / "b.xlsx").write_bytes(b"not a zip")
    with pytest.raises(MalformedFile, match="XLSX"):
        read_roster(tmp_path / "b.xlsx")
    (tmp_path / "c.txt").write_text("x")
    with pytest.raises(MalformedFile, match="CSV 或 XLSX"):
        read_roster(tmp_path / "c.txt")
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["姓名", "证书号码"])
    sheet.append(["李小梅", 20151101042000001])  # a number: Excel kept 15 significant digits
    book.save(tmp_path / "d.xlsx")
    with pytest.raises(MalformedFile, match="第 2 行") as info:
        read_roster(tmp_path / "d.xlsx")
    assert info.value.rule == "roster_number_as_float"
    with pytest.raises(MalformedFile):
        write_school_reports(RECORDS, tmp_path / "out", roster=no_columns)
    assert not (tmp_path / "out").exists()  # nothing written for a bad roster


def test_formula_text_is_not_executed(tmp_path: Path) -> None:
    write_school_reports([record(1, name='=HYPERLINK("x")')], tmp_path)
    rows = _csv(tmp_path / "roster.csv")
    assert rows[1][2].startswith("'=")
    book = load_workbook(tmp_path / "名册.xlsx")
    cell = book.worksheets[0]["C2"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("x")'


@pytest.mark.parametrize("text", ["+1", "-1", "@SUM(A1)", "\t=cmd|' /C calc'!A0", "名\x07字",
                                  "=1\x00"])
def test_every_formula_start_and_control_character_is_made_safe(tmp_path: Path,
                                                                text: str) -> None:
    """The school reports share the one safe writer: their own copy once wrote a control
    character that made the XLSX fail to save (openpyxl refuses it) and typed only ``=`` cells
    as text."""
    write_school_reports([record(1, name=text)], tmp_path)
    shown = text.strip().replace("\x07", "\ufffd").replace("\x00", "\ufffd")
    cell = _csv(tmp_path / "roster.csv")[1][2]
    assert cell == (shown if shown[0] == "名" else "'" + shown)
    xlsx = load_workbook(tmp_path / "名册.xlsx").worksheets[0]["C2"]
    assert xlsx.data_type == "s" and xlsx.value == shown


_cjk = st.text(
    alphabet=st.characters(min_codepoint=0x4E00, max_codepoint=0x4FFF), min_size=1, max_size=6
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(names=st.lists(_cjk, min_size=1, max_size=6), school=_cjk)
def test_roster_csv_round_trip(
    tmp_path_factory: pytest.TempPathFactory, names: list[str], school: str
) -> None:
    recs = [record(i + 1, name=n, school=school) for i, n in enumerate(names)]
    out = tmp_path_factory.mktemp("rt")
    write_school_reports(recs, out)
    # the roster we wrote reads back as a school roster with no discrepancies
    entries = read_roster(out / "roster.csv")
    assert [(e.name, e.certificate_number, e.school) for e in entries] == [
        (r["name"], r["certificate_number"], school) for r in recs
    ]
    assert find_discrepancies(recs, entries) == []
    assert [(e.name, e.certificate_number) for e in read_roster(out / "名册.xlsx")] == [
        (r["name"], r["certificate_number"]) for r in recs
    ]


def test_roster_report_and_records_jsonl_agree_on_review(tmp_path: Path) -> None:
    """needs_review has one source (core.scanned.needs_review): a record whose only finding
    is a note, or whose only doubt is a low confidence, is marked alike in both files."""
    from core.scanned import ScannedRecord

    note = {"code": "corrected", "field": "id_number", "message": "校验位纠正", "severity": "note"}
    rows = [
        record(1, school="一中", findings=["corrected [id_number] 校验位纠正"],
               confidence={"name": 0.99}),
        record(2, school="一中", findings=[note], confidence={"name": 0.99}),
        record(3, school="一中", findings=[], confidence={"name": 0.5}),
    ]
    jsonl = [ScannedRecord.from_json(r).to_json() for r in rows]
    write_school_reports(rows, tmp_path)
    table = _csv(tmp_path / "roster.csv")
    column = table[0].index("需审核")
    reported = {row[8]: row[column] == "是" for row in table[1:]}
    assert {r["certificate_number"]: r["needs_review"] for r in jsonl} == reported
    assert [r["needs_review"] for r in jsonl] == [False, False, True]


def _generated_sample() -> list[dict[str, Any]]:
    """119 records with every kind of value the tables treat specially (no school, a school
    that looks like a formula, unknown and numeric types, no ID number, a passport, findings,
    low confidence), drawn from a fixed seed."""
    import random

    rng = random.Random(7)
    schools = ["第一中学", "实验小学", "", None, "=cmd", "职业技术学校"]
    types: list[Any] = [None, "", "不知道", *QUALIFICATION_LABELS.values(), 4, "4"]
    recs = []
    for i in range(1, 120):
        qtype = rng.choice(types)
        kw: dict[str, Any] = dict(
            school=rng.choice(schools), qualification_type=qtype,
            needs_review=rng.random() < .2,
            findings=rng.choice([[], ["证书号码第 11 位与性别不一致"], ["a", "b"]]),
            confidence=rng.choice([{}, {"name": 0.5}]))
        if rng.random() < .1:
            kw["id_number"] = ""
        if rng.random() < .1:
            kw["gender"] = None
        if rng.random() < .05:
            kw["name"] = "+SUM(1)"
        if rng.random() < .05:
            kw["id_number"], kw["id_type"] = "A1234567", "passport"
        recs.append(record(i, **kw))
    return recs


def test_tables_are_byte_identical_to_before_the_shared_definitions(tmp_path: Path) -> None:
    """The roster and statistics tables moved to core.rosters (shared with the registry's
    reports): for the same input the CSV files are byte for byte what they were before."""
    import hashlib

    write_school_reports(_generated_sample(), tmp_path)
    digest = {name: hashlib.sha256((tmp_path / name).read_bytes()).hexdigest()
              for name in ("roster.csv", "statistics.csv")}
    assert digest == {
        "roster.csv": "879b8da927433cf0aff73cfbdc3fea6ec760ce15697394a0ae1971f1cd9d8fd3",
        "statistics.csv": "a91cef4a8760a34a90818f7cb7024db629fd06868d0a0cda3a8e2284bc9c6d63",
    }
