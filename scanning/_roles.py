"""Page roles: what a booklet page is, from the words read on it.

Every print run words its pages differently (label generations, tables or "标签：值" lines), and
a few words on a page are always misread, so a role is decided by how much evidence of each kind
the page holds, never by one exact word.
"""

from __future__ import annotations

import re

from core.rules import QualificationType
from scanning._datescan import find_dates
from scanning._fields import INFO_LABELS
from scanning._label_pieces import labels_found
from scanning._labels import clean
from scanning._notice import is_notice
from scanning._ocr import Line
from scanning._pages import Role

# Words only a registration sticker or page holds (labels of every sticker design, conclusions).
_REGISTRATION = (
    "定期注册",
    "注册结论",
    "注册合格",
    "暂缓注册",
    "注册不合格",
    "注册有效期",
    "有效期",
    "注册机关",
    "注册部门",
    "注册单位",
    "注册机构",
    "审核机关",
    "注册日期",
    "注册贴",
)
_REMARK_WORDS = ("补发", "换发", "更正", "遗失", "损坏", "予以", "核查", "变更", "注销")
_REGISTRATION_TITLE = re.compile(r"^(教师资格)?(定期)?注册(记录|登记|情况)?$")
_REMARKS_TITLE = re.compile(r"^备.?[注註]")  # 备主注: a mark bled through from the next page
_LONG_NUMBER = re.compile(r"[0-9]{15,}")
_LEVELS = tuple(q.short for q in QualificationType)  # 幼儿园, 小学, 初级中学 …


def _holds_values(text: str, lines: list[Line], fields: int) -> bool:
    """Whether a page with a photo or the signature line also holds the holder's information:
    three kinds of its evidence (a label, a long number, a date, a qualification type) beside
    the photo, as on a photo and information spread not cut at its binding or a page read
    together with a cover photographed above it."""
    rest = text.replace("教师资格证书", "")
    level = "教师资格" in rest and any(s in rest for s in _LEVELS)
    dated = any(find_dates(ln.text) for ln in lines)
    return fields + bool(_LONG_NUMBER.search(text)) + dated + level >= 3


def _registration_evidence(text: str, lines: list[Line]) -> int:
    """Distinct registration words, plus one for a page title about 注册 (注　册, 注册记录)."""
    words = sum(w in text for w in _REGISTRATION)
    title = any(_REGISTRATION_TITLE.match(clean(ln.text)) for ln in lines)
    return words + int(title and "定期注册" not in text)


def _remarks_title(lines: list[Line]) -> bool:
    """备注 as a heading: alone on its line, spaced (备　注) or split into two boxes, or one of
    the two boxes alone as the page's first line above a dated entry (a seal stamped over the
    heading, or glare, takes the other character; 注　册 is a registration heading)."""
    shorts = [clean(ln.text) for ln in lines if len(clean(ln.text)) <= 5]
    if any(_REMARKS_TITLE.match(t) for t in shorts) or {"备", "注"} <= set(shorts):
        return True
    top = clean(lines[0].text) if lines else ""
    return (top in ("备", "注") and "册" not in shorts
            and any(find_dates(ln.text) for ln in lines[1:]))


def classify(lines: list[Line], has_photo: bool) -> Role:
    """Role of an OCR'd page from keywords and layout."""
    text = "".join(clean(ln.text) for ln in lines)
    fields = len(labels_found(lines, INFO_LABELS))
    registration = _registration_evidence(text, lines)
    titled = _remarks_title(lines)
    remarks = titled or sum(w in text for w in _REMARK_WORDS) >= 2
    # Remarks name the fields they correct (出生日期已更正, 姓名更正为…): under a 备注 heading it
    # takes most of the information page's labels to be one (a table may have a 备注 row).
    need = 6 if titled else 4
    weak = fields >= 3 and not (remarks or registration) and _LONG_NUMBER.search(text)
    if fields >= need or weak:
        return Role.INFORMATION
    # Printed instructions share the remarks' words (补发, 遗失) and may name 定期注册, but hold
    # no date and no 备注 heading; a sticker's page (two sticker words) is never one.
    if registration < 2 and is_notice(lines, titled):
        return Role.NOTICE
    # A remarks page can carry a sticker pasted there: the sticker's structured content is what a
    # reader can lose, while remarks read from sticker text would be noise, so two sticker words
    # make it a registration page.
    if registration >= 2 or (registration and not remarks):
        return Role.REGISTRATION
    if remarks or "备注" in text:
        return Role.REMARKS
    if has_photo or "签名" in text:
        # Never the photo page alone when the fields are printed beside the photo: read them.
        return Role.INFORMATION if _holds_values(text, lines, fields) else Role.PHOTO
    # A cover's title, never an entry: a remark that names the certificate (补发教师资格证书)
    # beside its date, with its heading misread, is no cover whose page is left unread.
    if "教师资格证书" in text and len(lines) <= 5 and not any(find_dates(ln.text) for ln in lines):
        return Role.COVER
    return Role.OTHER
