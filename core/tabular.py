"""The one safe writer for spreadsheets: CSV (UTF-8 with BOM, for Excel) and XLSX; and the
one bounded reader of uploaded ones (:func:`csv_text`, :func:`xlsx_rows`).

Every cell goes through :func:`safe_cell`, so no value from the registry can run as a formula
in a spreadsheet (CSV/formula injection) or break the file: XML 1.0 forbids most control
characters, and openpyxl refuses them, which once made a report fail for good after one reason
with a control character was stored.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

__all__ = [
    "FORMULA_START",
    "FormSheet",
    "SheetRefused",
    "csv_bytes",
    "csv_text",
    "form_xlsx_bytes",
    "safe_cell",
    "safe_text",
    "xlsx_bytes",
    "xlsx_rows",
]

#: A cell that starts with one of these is a formula (or becomes one) to Excel/LibreOffice.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
#: Characters XML 1.0 (hence XLSX) cannot hold; shown as U+FFFD instead.
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
Row = Sequence[Any]


def safe_text(value: str, *, for_csv: bool = True) -> str:
    """``value`` with characters no spreadsheet can hold replaced; in CSV a formula start is
    prefixed with an apostrophe (an XLSX cell is typed as text instead, keeping the value)."""
    value = _ILLEGAL.sub("\ufffd", value)
    return "'" + value if for_csv and value.startswith(FORMULA_START) else value


def safe_cell(value: Any, *, for_csv: bool) -> Any:
    """One cell: text made safe, dates as ISO text in CSV (XLSX keeps real dates)."""
    if value is None:
        return ""
    if isinstance(value, date):
        return value.isoformat() if for_csv else value
    if isinstance(value, str):
        return safe_text(value, for_csv=for_csv)
    return value


def csv_bytes(sections: Sequence[tuple[Sequence[str], Sequence[Row]]]) -> bytes:
    """CSV, UTF-8 with BOM; several sections are separated by an empty line."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    for i, (headers, rows) in enumerate(sections):
        if i:
            writer.writerow([])
        writer.writerow([safe_cell(h, for_csv=True) for h in headers])
        writer.writerows([safe_cell(v, for_csv=True) for v in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(
    sheets: Sequence[tuple[str, Sequence[str], Sequence[Row]]],
    *, highlight: Collection[int] = (), max_width: int = 60,
) -> bytes:
    """An XLSX workbook, one sheet per (title, headers, rows); bold frozen header row.

    ``highlight`` holds row indexes (0-based, data rows) to fill amber, e.g. rows to review.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter

    fill = PatternFill("solid", fgColor="FFF2CC")
    marked = set(highlight)
    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for title, headers, rows in sheets:
        sheet = book.create_sheet(safe_text(title, for_csv=False)[:31])
        sheet.append([safe_cell(h, for_csv=False) for h in headers])
        widths = [len(str(h)) * 2 for h in headers]
        for row in rows:
            values = [safe_cell(v, for_csv=False) for v in row]
            sheet.append(values)
            for i, value in enumerate(values[:len(widths)]):
                widths[i] = max(widths[i], len(str(value or "")))
        # one pass over the cells once every row is in: looking a row up by its number
        # (sheet[n]) scans the whole sheet in openpyxl, which made large reports quadratic
        for number, cells in enumerate(sheet.iter_rows(), start=-1):
            for cell in cells:
                if number < 0:
                    cell.font = Font(bold=True)
                    continue
                if isinstance(cell.value, str):
                    cell.data_type = "s"  # text, never a formula
                if number in marked:
                    cell.fill = fill
        for i, width in enumerate(widths):
            sheet.column_dimensions[get_column_letter(i + 1)].width = min(width + 2, max_width)
        sheet.freeze_panes = "A2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


@dataclass(frozen=True)
class FormSheet:
    """A reporting form as bureaus exchange them: a title, the 填报单位 and date line, the
    header, the rows (a last row of totals is the caller's), and the signature lines; printed
    A4 landscape, one page wide, the header repeated on every page."""

    title: str
    unit: str
    day: date
    headers: Sequence[str]
    rows: Sequence[Row]
    signatures: Sequence[str] = ("填表人：", "审核人：", "单位负责人（签字、盖章）：")
    sheet: str = "Sheet1"
    #: rows (0-based, data rows) shown bold, e.g. the totals
    bold_rows: Collection[int] = ()


def form_xlsx_bytes(forms: Sequence[FormSheet], *, max_width: int = 40) -> bytes:
    """An XLSX workbook of reporting forms, one sheet each, every cell through
    :func:`safe_cell`; thin borders on the table, print setup A4 landscape fit to width."""
    from openpyxl import Workbook

    book = Workbook()
    if book.active is not None:
        book.remove(book.active)
    for form in forms:
        _write_form(book.create_sheet(safe_text(form.sheet, for_csv=False)[:31]), form,
                    max_width)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _write_form(sheet: Any, form: FormSheet, max_width: int) -> None:
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    width = max(len(form.headers), 2)
    last = get_column_letter(width)
    sheet.append([safe_cell(form.title, for_csv=False)])
    sheet.merge_cells(f"A1:{last}1")
    sheet["A1"].font = Font(bold=True, size=16)
    sheet["A1"].alignment = Alignment(horizontal="center")
    sheet.append([safe_cell(f"填报单位：{form.unit}", for_csv=False)]
                 + [None] * (width - 2) + [f"填报日期：{form.day:%Y年%m月%d日}"])
    sheet.append([safe_cell(h, for_csv=False) for h in form.headers])
    for row in form.rows:
        sheet.append([safe_cell(v, for_csv=False) for v in row])
    thin = Side(style="thin")
    box = Border(left=thin, right=thin, top=thin, bottom=thin)
    widths = [_display_width(h) for h in form.headers]
    bold = {3 + 1 + i for i in form.bold_rows}
    for number, cells in enumerate(sheet.iter_rows(min_row=3), start=3):
        for i, cell in enumerate(cells[:width]):
            cell.border = box
            cell.alignment = Alignment(wrap_text=True, vertical="center")
            if isinstance(cell.value, str):
                cell.data_type = "s"  # text, never a formula
            if number == 3 or number in bold:
                cell.font = Font(bold=True)
            if i < len(widths):
                widths[i] = max(widths[i], _display_width(cell.value))
    sheet.append([])
    sheet.append(["    ".join(form.signatures)])
    for i, w in enumerate(widths):
        sheet.column_dimensions[get_column_letter(i + 1)].width = min(w + 2, max_width)
    setup = sheet.page_setup
    setup.orientation = "landscape"
    setup.paperSize = sheet.PAPERSIZE_A4
    setup.fitToWidth, setup.fitToHeight = 1, 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = "3:3"
    sheet.print_options.horizontalCentered = True


def _display_width(value: Any) -> int:
    """Columns a value takes in a spreadsheet: CJK characters count twice."""
    text = "" if value is None else str(value)
    return sum(2 if ord(c) >= 0x2E80 else 1 for c in text)


class SheetRefused(ValueError):
    """An uploaded spreadsheet that cannot be read within its bounds. ``rule`` is
    ``xlsx_unreadable``, ``xlsx_too_large`` or ``too_many_rows``; callers raise their own error
    (with the field and the code their clients know) from it."""

    def __init__(self, rule: str, message: str) -> None:
        super().__init__(message)
        self.rule = rule
        self.message = message


def csv_text(data: bytes) -> str | None:
    """An uploaded CSV file's text: UTF-8 (with or without a BOM), or GB18030, which Excel on
    Chinese Windows saves by default; None when it is neither."""
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return None


def xlsx_rows(data: bytes, *, max_rows: int, max_columns: int = 64,
              max_unpacked: int = 40 * 1024 * 1024, max_members: int = 500) -> list[list[Any]]:
    """The first sheet's rows (cell values) of an uploaded XLSX, in bounded memory and time:
    the archive's members and unpacked size are checked before parsing (a zip bomb is refused
    unread), at most ``max_columns`` columns are read, and a sheet longer than ``max_rows``
    rows is refused (:class:`SheetRefused`) rather than read to its end."""
    from openpyxl import load_workbook

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, OSError):
        raise SheetRefused("xlsx_unreadable", "不是有效的 XLSX 文件 (not an XLSX file)") from None
    if len(members) > max_members or sum(m.file_size for m in members) > max_unpacked:
        raise SheetRefused("xlsx_too_large", "XLSX 文件解压后过大，已拒绝 (the XLSX unpacks too "
                                             "large)")
    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises zipfile, KeyError, ValueError … on a broken file
        raise SheetRefused("xlsx_unreadable", "无法读取 XLSX 文件（文件已损坏或不是 Excel 表格） "
                                              "(unreadable XLSX)") from None
    try:
        rows: list[list[Any]] = []
        for values in book.worksheets[0].iter_rows(max_col=max_columns, values_only=True):
            if len(rows) == max_rows:
                raise SheetRefused("too_many_rows", f"表格超过 {max_rows} 行 (more than "
                                                    f"{max_rows} rows)")
            rows.append(list(values))
        return rows
    except SheetRefused:
        raise
    except Exception:  # a sheet whose XML breaks while it is read
        raise SheetRefused("xlsx_unreadable", "无法读取 XLSX 文件中的工作表 (unreadable sheet)"
                           ) from None
    finally:
        book.close()
