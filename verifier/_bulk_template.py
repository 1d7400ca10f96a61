"""The roster template an employer fills in for bulk verification: the two columns
:func:`verifier._bulk.parse_roster` reads (certificate number, name) and one example row."""

from __future__ import annotations

from core.tabular import csv_bytes, xlsx_bytes

__all__ = ["TEMPLATE_COLUMNS", "TEMPLATE_EXAMPLE", "template_csv", "template_xlsx"]

TEMPLATE_COLUMNS = ("证书编号 certificate number (17 digits)", "姓名 name")
#: an example line (replace it with your own rows; a number not registered reads 查无此证书)
TEMPLATE_EXAMPLE = ("20193200000000001", "张三")


def template_csv() -> bytes:
    """CSV, UTF-8 with BOM (Excel opens it as UTF-8)."""
    return csv_bytes([(TEMPLATE_COLUMNS, [TEMPLATE_EXAMPLE])])


def template_xlsx() -> bytes:
    """XLSX; the number is text, so Excel keeps all 17 digits."""
    return xlsx_bytes([("名册 roster", TEMPLATE_COLUMNS, [TEMPLATE_EXAMPLE])])
