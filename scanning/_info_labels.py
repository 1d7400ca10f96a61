"""The information page's fields as the field finder names them: each field's label variants,
and the raw text read for a field (its score, page and box)."""

from __future__ import annotations

from dataclasses import dataclass

from scanning._ocr import Box

INFO_LABELS: dict[str, tuple[str, ...]] = {
    "name": ("姓名",),
    "gender": ("性别",),
    "birth_date": ("出生日期", "出生年月日", "出生年月"),
    "ethnicity": ("民族",),
    "id_number": (
        "身份证件号码",
        "身份证号码",
        "公民身份号码",
        "身份证件号",
        "身份证号",
        "居民身份证号码",
    ),
    "qualification_type": ("教师资格种类", "教师资格类别", "资格种类", "资格类别"),
    "subject": ("任教学科", "学科"),
    "certificate_number": ("证书号码", "证书编号"),
    "issuing_authority": ("发证机关", "颁发机关", "认定机构", "发证机构", "认定机关"),
    "issue_date": ("批准日期", "颁发日期", "发证日期", "认定日期"),
}


@dataclass(frozen=True)
class RawField:
    """The OCR text read for one field, with its score and where it came from."""

    text: str
    score: float
    box: Box
    page: int
    label: Box | None = None  # a band's label, where no value was read (``_field_bands``)
    # Its text is a re-read of ``box`` (a band's), not a line the detector found (``_field_rows``).
    reread: bool = False
