"""Bulk verification for employers: a CSV of (certificate number, name) or several files in,
one report row per entry out, as CSV (UTF-8 with BOM, for Excel) or XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from core.errors import EcertError, InvalidInput
from core.rules import CANNOT_VERIFY, Presentation, QualificationType, Tone, registration_label
from core.tabular import SheetRefused, csv_bytes, csv_text, xlsx_bytes, xlsx_rows
from verifier._limits import sniff
from verifier._ofd_read import is_ofd
from verifier._online import VerifierService
from verifier._verdict import RegistrationInfo, Verdict

__all__ = ["MAX_ROWS", "REPORT_COLUMNS", "ReportRow", "file_row", "is_roster", "parse_roster",
           "report_csv", "report_xlsx", "rows_for_roster"]

MAX_ROWS = 1000
#: An XLSX roster of MAX_ROWS rows unpacks to well under 1 MB; refuse zip bombs before parsing.
_XLSX_UNPACKED = 20 * 1024 * 1024
#: Cells are Chinese labels (core.rules.present, as on every page); the last column keeps the
#: machine code for filtering.
REPORT_COLUMNS = ("来源 source", "证书编号 number", "姓名 name", "结果 result",
                  "核验结论 verdict", "真实 authentic", "资格种类 qualification",
                  "注册状态 registration", "注册有效期至 valid until", "说明 message",
                  "结果代码 code")


@dataclass(frozen=True, slots=True)
class ReportRow:
    """One line of the report."""

    source: str
    number: str
    name: str
    result: str
    verdict: str
    authentic: str
    qualification: str
    registration: str
    valid_until: str
    message: str
    code: str


def _error_row(source: str, number: str, name: str, exc: EcertError) -> ReportRow:
    return ReportRow(source, number, name, CANNOT_VERIFY[0], Tone.RED.label("zh"), "", "", "",
                     "", exc.message, exc.code)


def _registration_cells(shown: Presentation, reg: RegistrationInfo | None) -> tuple[str, str]:
    """The registration's label and date, only where the presentation shows a registration."""
    if reg is None or shown.registrations is None:
        return "", ""
    return (registration_label(reg.state, "zh"),
            reg.valid_until.isoformat() if reg.valid_until else "")


def is_roster(data: bytes) -> bool:
    """Whether an upload is to be read as a roster: anything but an image, a PDF or an OFD
    licence file (by content, never by name: a binary file named .csv is refused by
    :func:`parse_roster`, not emptied; a ZIP holding OFD.xml is an OFD file, not an XLSX)."""
    if is_ofd(data):
        return False
    try:
        sniff(data)
    except InvalidInput:
        return True
    return False


def parse_roster(data: bytes) -> list[tuple[str, str]]:
    """(number, name) pairs from a CSV or XLSX roster; header lines are skipped; at most MAX_ROWS.

    A file that is neither (binary, unknown encoding) is 415 ``not_a_roster``; a roster without
    one row starting with a certificate number is 422 ``empty_roster``.
    """
    rows = _xlsx_rows(data) if data.startswith(b"PK\x03\x04") else _csv_rows(data)
    pairs = []
    try:  # the CSV reader is lazy: a field over its size limit fails while iterating
        for row in rows:
            cells = [c.strip() for c in row]
            if len(cells) < 2 or not cells[0].isdigit():  # header, comment or blank line
                continue
            pairs.append((cells[0], cells[1]))
            if len(pairs) > MAX_ROWS:
                raise InvalidInput(f"行数过多 more than {MAX_ROWS} rows, limit {MAX_ROWS}",
                                   field="file", rule="too_many_rows")
    except csv.Error as exc:
        raise _not_a_roster(f"CSV: {exc}") from None
    if not pairs:
        raise InvalidInput("名册中没有以证书编号开头的行 the roster has no row starting with a "
                           "certificate number (columns: number, name)", field="file",
                           rule="empty_roster")
    return pairs


def _not_a_roster(why: str) -> InvalidInput:
    exc = InvalidInput(f"不是 CSV/XLSX 名册（证书编号、姓名两列），也不是图片、PDF 或 OFD：{why} / "
                       "not a CSV/XLSX roster (certificate number, name) nor a "
                       "JPEG/PNG/WebP/PDF/OFD file",
                       field="file", rule="not_a_roster")
    exc.http_status = 415
    return exc


def _csv_rows(data: bytes) -> Iterator[list[str]]:
    if b"\x00" in data[:65536] or sum(b < 9 or 13 < b < 32 for b in data[:4096]) > 8:
        raise _not_a_roster("二进制文件 binary content")
    text = csv_text(data)
    if text is None:
        raise _not_a_roster("编码无法识别 neither UTF-8 nor GB18030")
    return csv.reader(io.StringIO(text, newline=""))  # the csv module splits lines itself


def _xlsx_rows(data: bytes) -> Iterator[list[str]]:
    try:
        rows = xlsx_rows(data, max_rows=MAX_ROWS + 20, max_columns=2,
                         max_unpacked=_XLSX_UNPACKED, max_members=200)
    except SheetRefused as exc:
        if exc.rule == "too_many_rows":
            raise InvalidInput(f"行数过多 more than {MAX_ROWS} rows, limit {MAX_ROWS}",
                               field="file", rule="too_many_rows") from None
        raise _not_a_roster(exc.message) from None
    return iter([[_cell_text(v) for v in row] for row in rows])


def _cell_text(value: object) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        if abs(value) >= 2**53 or (isinstance(value, float) and not value.is_integer()):
            # Excel keeps 15–16 digits of a number: a 17-digit number typed as one is lost
            raise InvalidInput("名册中的证书编号被存为数字，已丢失位数；请将该列设为文本后重新导出 "
                               "a certificate number stored as a number lost digits: format "
                               "the column as text", field="file", rule="roster_number_as_float")
        return str(int(value))
    return "" if value is None else str(value)


def file_row(source: str, outcome: Verdict | EcertError) -> ReportRow:
    """The report row of one uploaded file: its verdict, or why it was refused."""
    if isinstance(outcome, EcertError):
        return _error_row(source, "", "", outcome)
    return verdict_row(source, outcome)


def rows_for_roster(service: VerifierService, pairs: Iterable[tuple[str, str]]) -> list[ReportRow]:
    """Look every (number, name) up; bad lines become report rows, not errors."""
    out = []
    for index, (number, name) in enumerate(pairs, start=1):
        source = f"第{index}行 row {index}"
        try:
            answer = service.lookup(number, name)
        except EcertError as exc:
            out.append(_error_row(source, number, name, exc))
            continue
        shown = answer.presentation
        qtype = answer.qualification_type
        out.append(ReportRow(
            source, number, name, shown.label("zh"), shown.tone_label("zh"), "",
            QualificationType(qtype).label if qtype else "",
            *_registration_cells(shown, answer.registration), shown.summary("zh"), answer.result))
    return out


def verdict_row(source: str, verdict: Verdict) -> ReportRow:
    """One report row for a verified file."""
    cert, shown = verdict.certificate, verdict.presentation
    return ReportRow(
        source, cert.number if cert else "", cert.name if cert else "", shown.label("zh"),
        shown.tone_label("zh"), "是" if verdict.authentic else "否",
        cert.qualification_label if cert else "",
        *_registration_cells(shown, verdict.registration), shown.summary("zh"), verdict.result)


def report_csv(rows: list[ReportRow]) -> bytes:
    """The report as CSV with a BOM, so Excel opens it as UTF-8 (core.tabular: formula-safe)."""
    return csv_bytes([(REPORT_COLUMNS, [_values(row) for row in rows])])


def report_xlsx(rows: list[ReportRow]) -> bytes:
    """The report as an XLSX workbook (one sheet; any text a roster held stays printable)."""
    return xlsx_bytes([("核验结果", REPORT_COLUMNS, [_values(row) for row in rows])])


def _values(row: ReportRow) -> tuple[str, ...]:
    return (row.source, row.number, row.name, row.result, row.verdict, row.authentic,
            row.qualification, row.registration, row.valid_until, row.message, row.code)
