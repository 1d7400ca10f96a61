"""Page roles: what a booklet page is, from the words read on it."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._pages import Role

_INFO_WORDS = (
    "姓名",
    "性别",
    "出生",
    "身份",
    "资格种类",
    "任教学科",
    "证书号",
    "证书编号",
    "机关",
    "认定机构",
    "日期",
)


def classify(lines: list[Line], has_photo: bool) -> Role:
    """Role of an OCR'd page from keywords and layout."""
    text = "".join(ln.text.replace(" ", "") for ln in lines)
    if sum(w in text for w in _INFO_WORDS) >= 4:
        return Role.INFORMATION
    if "定期注册" in text or sum(w in text for w in ("注册结论", "注册机关", "有效期")) >= 2:
        return Role.REGISTRATION
    if "备注" in text or "备　注" in text:
        return Role.REMARKS
    if has_photo or "持证人签名" in text or "签名" in text:
        return Role.PHOTO
    if "教师资格证书" in text and len(lines) <= 5:
        return Role.COVER
    return Role.OTHER
