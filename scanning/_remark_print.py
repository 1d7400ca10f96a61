"""What on a remarks page is print of a remark: the 备注 heading, page furniture, the office
signing an entry and what a seal leaves that reads as text (its centre phrase, its ring's
lettering, its star) are told apart from the entries' own lines."""

from __future__ import annotations

import re
import statistics

from core.rules import HAN, HAN_RANGE
from scanning._layout import SEAL_WORDS, Row, gap
from scanning._ocr import Box, Line
from scanning._remark_cn import find as dates_in

_TITLE = re.compile(r"^\s*备\s*注\s*(?:栏|事\s*项|记\s*录)?\s*[:：]?\s*")
# Page furniture; also half the 备注 heading alone (a seal over 注 leaves 备): no entry's row
# is one of the heading's characters and nothing else.
# The ordinal heading of a registration box (第一次, 第二次 …, or 第一 with its 次 cut off at the
# page's edge) shown from the facing page of a spread or a photo is furniture too.
_FURNITURE = re.compile(
    r"^[\s\d\-—第页（）()盖章:：]*$|^[（(]?\s*盖\s*章\s*[)）]?$|^\s*[备注]\s*$"
    r"|^\s*第\s*[一二三四五六七八九十\d]{1,2}\s*次?\s*$"
)
_SIGNER = re.compile(rf"^[{HAN_RANGE}]{{2,}}(?:局|厅|委员会|人民政府)\s*(?:[（(]?盖章[)）]?)?$")
# Seal remnants the red filter left: the star, and specks read as symbols.
_SEAL_MARKS = re.compile("[☆★✩✪✫✬✭✮✯✰⭐*＊•·]")
# An ID number wrapped onto a line of its own (身份证号码更正为 / 1101…): remark text, not
# a security pattern's digits; it is kept (and the entry flagged for its digits).
_ID = re.compile(r"\d{17}[\dXx]|\d{15}")
# A seal's centre line cut short by the detector (教师资格认定专 for …认定专用章): no remark ends
# on 专 after the word that names what the seal is for (nor on 审批专册量: 用章 misread).
_SEAL_CUT = re.compile("(?:认定|审批)专(?:用章?|..?)?$")
# The same centre line glued by the detector onto the end of the remark line it touches
# (原证书损坏，予以换发教师资格认定专).
# (…予以补发行政审批专册量: 用章 misread; no remark word runs 认定专 / 审批专.) The line is then
# marked as ending in a seal, so the entry is flagged for a look either way.
_GLUED = re.compile("(?:教师资格|行政)?(?:认定|审批)专(?:用章?|..?)?$")


def _printed(lines: list[Line]) -> list[Line]:
    """Boxes that carry print: seal stars and specks removed, symbol-only boxes dropped."""
    out = []
    for ln in lines:
        text = _unmarked(ln.text)
        text = text if _seal_text(text) else _GLUED.sub("", text).strip()
        # Print in a remark is Chinese or a date; Latin-only reads are a security pattern.
        if HAN.search(text) or dates_in(text) or _ID.fullmatch(text):
            out.append(Line(text, ln.score, ln.box, ln.alternatives if text == ln.text else ()))
    return out


def _unmarked(text: str) -> str:
    """``text`` without seal marks, except a dot between two characters: as likely a comma or
    、 read without its tail (经核实·身份证件号码已更正 for 经核实，…), it is kept, so the entry
    is flagged for its odd mark rather than read with its punctuation lost."""
    out = []
    for k, ch in enumerate(text):
        before, after = text[:k].rstrip()[-1:], text[k + 1 :].lstrip()[:1]
        dot = ch in "•·" and bool(HAN.match(before)) and bool(HAN.match(after))
        out.append(ch if dot or not _SEAL_MARKS.match(ch) else "")
    return "".join(out).strip()


def _in_margin(lines: list[Line]) -> tuple[list[Line], set[Box]]:
    """Drop what a seal left that reads as text: its centre phrase (…专用章) and the odd
    character of its ring, a short box standing right of where the remark lines start. Also
    returns the boxes of lines a seal split (a piece just after a line's end may be its ring)."""
    lines = [ln for ln in lines if not _arc(ln, lines)]
    body = [ln for ln in lines if len(HAN.findall(ln.text)) >= 4 and not dates_in(ln.text)]
    if not body:
        return [ln for ln in lines if not _seal_text(ln.text)], set()
    margin = min(ln.box[0] for ln in body)
    indent = 2 * statistics.median(ln.height for ln in body)

    def plain(ln: Line) -> bool:
        return (
            bool(dates_in(ln.text))
            or len(HAN.findall(ln.text)) > 4
            or (ln.box[0] <= margin + indent or is_title(ln.text))
        )

    # A piece of one or two characters is as likely the seal's ring (教育, 省): it is not
    # joined, but the line it touches is marked like a joined one.
    touching = [ln for ln in lines if not plain(ln) and _goes_on(body, ln)]
    carried = [ln for ln in touching if len(HAN.findall(ln.text)) >= 3]
    keep = [ln for ln in lines if not _seal_text(ln.text) and (plain(ln) or ln in carried)]
    return keep, {b.box for b in body for ln in touching if _goes_on([b], ln)} | {
        ln.box for ln in carried
    }


def _arc(ln: Line, lines: list[Line]) -> bool:
    """A box of one to three characters far taller than the page's lines of writing and
    standing in from where they start: a piece of a seal's ring lettering read along its arc
    (环翠 above the line it crosses), no text. The rest of a wrapped line starts at the margin."""
    written = [o for o in lines if dates_in(o.text) or len(HAN.findall(o.text)) >= 4]
    short = len(HAN.findall(ln.text)) <= 3 and not dates_in(ln.text) and not is_title(ln.text)
    if not written or not short:
        return False
    height = statistics.median(o.height for o in written)
    indented = ln.box[0] > min(o.box[0] for o in written) + 2 * height
    return indented and ln.height >= 1.8 * height


def _seal_text(text: str) -> bool:
    """A box holding a seal's words (…专用章, or its centre line cut short and alone in its
    box: 教师资格认定专; a longer box is a remark line the cut line was glued onto)."""
    cut = _SEAL_CUT.search(text.strip()) and len(HAN.findall(text)) <= len("教师资格认定专用章")
    return bool(SEAL_WORDS.search(text) or cut)


def _goes_on(body: list[Line], ln: Line) -> bool:
    """A box that carries on a line of text: level with it and starting just after its end
    (a seal's ring split the printed line in two for the detector)."""
    for b in body:
        shared = min(b.box[3], ln.box[3]) - max(b.box[1], ln.box[1])
        level = shared >= 0.5 * min(b.height, ln.height)
        if b is not ln and level and 0 <= ln.box[0] - b.box[2] <= 1.5 * b.height:
            return True
    return False


def is_title(text: str) -> bool:
    """A line that is the 备注 heading and nothing else."""
    return bool(_TITLE.match(text)) and not _TITLE.sub("", text).strip()


def _below_title(rs: list[Row]) -> list[Row]:
    """Rows under the 备注 title (what stands above it is a running head or noise)."""
    title = next((r for r in rs if _TITLE.match(r.text) and not _TITLE.sub("", r.text)), None)
    if title is None:
        return rs[1:] if rs and _misread_title(rs) else rs
    return [r for r in rs if r is title or r.top >= title.bottom - 0.5 * (title.bottom - title.top)]


# The heading with one character misread (番注 for 备注, 备汪栏): 备注 or 备注栏, one character off.
_NEAR_TITLE = re.compile(r"^(?:\S注栏?|备\S栏?|备注\S)$")


def _misread_title(rs: list[Row]) -> bool:
    """Whether the page's first row is its 备注 heading with one character misread: a box of
    two or three characters, no date, one character off 备注 / 备注栏, standing apart above
    the next row (a heading is set off from what it heads; a wrapped line is not)."""
    first = "".join(rs[0].text.split())
    apart = len(rs) < 2 or gap(rs[0], rs[1]) >= rs[0].bottom - rs[0].top
    return bool(_NEAR_TITLE.match(first)) and not dates_in(first) and apart


def _unsigned(row: Row) -> Row | None:
    """The row without office names beside the text (a seal's ring read through the red
    filter, or the office signing the entry): such a name is remark text only when it opens
    a line that goes on."""
    keep = [
        ln for k, ln in enumerate(row.lines)
        if not _SIGNER.match(ln.text.strip()) or (k == 0 and len(row.lines) > 1)
    ]  # fmt: skip
    return Row(tuple(keep)) if keep else None
