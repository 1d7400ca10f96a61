"""Labels found in OCR lines however the print run and the recogniser spelled them.

A label may be widely spaced (姓　　名), split into two boxes side by side or stacked in a narrow
table cell (身份证件 / 号码), glued to its value (性别男), have one character misread when only
one field is that close, stand in the middle of a line (性别：女　民族：汉族), or have lost its
first character where a crop or the detector clipped it (份证件号).
"""

from __future__ import annotations

import re
from typing import Protocol

from core.rules import COLON_MARKS, HAN_RANGE, NAME_JOINS, is_han, normalize_digits
from scanning import _name_minority as minority
from scanning import _vocab_names as names

Table = dict[str, tuple[str, ...]]
Hit = tuple[int, int, str, bool]  # (start, end, field, exact) in a line's text

_SPACES = re.compile(r"[\s\u3000]+")
COLONS = COLON_MARKS + "∶﹕"  # and the ratio sign and small colon read for one
# A qualifier some print runs put in brackets after a label (任教学科（专业）, 资格种类(类别)): part
# of the label, never of the value (no subject, type or authority starts with a bracket). Only
# these words: a value some form prints in brackets after its label (结论（合格）) stays a value.
QUALIFIER_WORDS = ("专业", "类别", "种类", "学科", "学段", "科目", "类型")
_QUALIFIER = re.compile(r"[ \u3000\t]*[(（](?:" + "|".join(QUALIFIER_WORDS) + r")[)）]")
_FILLER = set(COLONS) | {" ", "\u3000", "\t", ".", "．", "·"}
ROW = 0.55  # two boxes share a row when their centres differ by less than this many heights
# A name: two to four Han characters, or a transcribed name (维吾尔族、哈萨克族 …) whose words
# of two to six characters (阿卜杜热合曼) a mark joins (热依拉·艾力; read · • ・ or .).
NAME_SHAPE = re.compile(
    rf"^(?:[{HAN_RANGE}]{{2,4}}|[{HAN_RANGE}]{{2,6}}(?:[{NAME_JOINS}][{HAN_RANGE}]{{2,6}})+)$"
)
# What a field's value looks like, for a short label whose one misread character leaves only
# the value to say which label it was (性脉男, 娃名张三).
_VALUE_SHAPES = {
    "gender": re.compile(r"^[男女]$"),
    "name": NAME_SHAPE,
    "ethnicity": re.compile(rf"^[{HAN_RANGE}]{{1,6}}族$"),
}
# Label words that are also the tail of every value of their field (教师资格 / 小学教师资格):
# such a word is a label only where no value can be — before a colon (教师资格：…) or alone in its
# box (a table cell); anywhere else it is the end of a value and must stay one.
GUARDED = {"教师资格": "qualification_type"}
# Traditional forms some fonts draw (AR PL UMing) and recognisers then return: the same label.
FORMS = dict(
    zip("別證號碼資種類師學書編發機關頒認構準", "别证号码资种类师学书编发机关颁认构准", strict=True)
)


class Boxed(Protocol):
    """Anything with a centre and a height (a Line, or a piece of one)."""

    @property
    def cy(self) -> float: ...

    @property
    def height(self) -> int: ...


def clean(text: str) -> str:
    """Half-width, no spaces."""
    return _SPACES.sub("", normalize_digits(text))


def same_row(a: Boxed, b: Boxed) -> bool:
    """Whether two boxes sit on one printed row."""
    return abs(a.cy - b.cy) <= ROW * max(a.height, b.height, 1)


def _walk(
    t: str, i: int, label: str, budget: int, j: int = 0, ascii_ok: bool = False
) -> tuple[int, int] | None:
    """(end, edits) if ``label[j:]`` is spelled in ``t`` from ``i``; whitespace may sit between
    its characters (姓　　名), and ``budget`` characters may be misread as other CJK (a label
    read as digits would eat its value, unless ``ascii_ok``) or, in a label long enough to stay
    unmistakable (four characters or more), dropped."""
    if j == len(label):
        return i, 0
    while j and i < len(t) and t[i] in " \u3000\t":
        i += 1
    same = i < len(t) and FORMS.get(t[i], t[i]) == label[j]
    if same and (hit := _walk(t, i + 1, label, budget, j + 1, ascii_ok)):
        return hit
    if budget <= 0:
        return None
    tries = []
    if i < len(t) and t[i] not in _FILLER and (ascii_ok or ord(t[i]) >= 0x2E80):
        tries.append(_walk(t, i + 1, label, budget - 1, j + 1, ascii_ok))
    if len(label) >= 4:
        # a dropped character: a crop or the detector clipped the line (份证件号, 格种类), or a
        # seal hid a character (发证机)
        tries.append(_walk(t, i, label, budget - 1, j + 1, ascii_ok))
    hits = [(end, edits + 1) for hit in tries if hit for end, edits in [hit]]
    return max(hits, default=None)


def _colon_after(t: str, end: int) -> bool:
    rest = t[end:].lstrip(" \u3000\t")
    return bool(rest) and rest[0] in COLONS


def shaped(key: str) -> bool:
    """Whether field ``key``'s value has a shape a label's misread can be checked by."""
    return key in _VALUE_SHAPES


def plausible(key: str, rest: str) -> bool:
    """Whether the text after a short misread label is what that field holds (性脉男)."""
    shape = _VALUE_SHAPES.get(key)
    return bool(shape and shape.match(clean(rest).lstrip(COLONS)))


def _fuzzy(t: str, i: int, at_start: bool, variants: list[tuple[str, str]]) -> dict[str, int]:
    """Fields whose label is spelled at ``t[i:]`` with one slip that the context makes safe:
    at the start of a line for a long label; a colon after it, or (short label at the start)
    a value of that field's shape after it, which also vouches for half a short label
    (民壮族). A character read as a digit or letter (姓8:) only counts before a colon, where
    it cannot be the start of the value."""
    out: dict[str, int] = {}
    # After one slip, the label's first or second character is among the next two read.
    head = [FORMS.get(c, c) for c in t[i : i + 8] if c not in _FILLER][:2]
    for variant, key in variants:
        if variant[0] not in head and variant[1] not in head:
            continue
        hit = _walk(t, i, variant, 1)
        short = len(variant) < 4
        if hit and key == "name" and (start := _surname_slip(t, i, variant, hit[0])):
            out[key] = max(out.get(key, 0), start)
        elif hit and (
            (at_start and not short)
            or _colon_after(t, hit[0])
            or (at_start and short and plausible(key, t[hit[0] :]))
        ):
            out[key] = max(out.get(key, 0), hit[0])
        elif (
            at_start
            and short
            and FORMS.get(t[i], t[i]) in variant
            and plausible(key, t[i + 1 :])
        ):
            out[key] = max(out.get(key, 0), i + 1)  # half a short label glued to its value
        elif (
            not t[i : i + len(variant)].isascii()
            and any(ord(c) < 0x2E80 for c in t[i : i + len(variant)])
            and (hit := _walk(t, i, variant, 1, ascii_ok=True))
            and _colon_after(t, hit[0])
        ):
            out[key] = max(out.get(key, 0), hit[0])
    return out


def _surname_slip(t: str, i: int, label: str, end: int) -> int:
    """Where the name starts when the name label at ``t[i:end]``, read with its last character
    slipped, is rather its first character with the second lost and the name's surname right
    after it (姓余佳丽: 姓名 余佳丽, its 名 dropped): the slipped character is a known surname,
    the name from it has one and the rest alone has none (nor is a transcribed name), and no
    colon stands after the slip (姓余：佳丽 is the label misread). 0 otherwise."""
    slip = end - 1
    if (slip <= i or FORMS.get(t[i], t[i]) != label[0] or t[slip] == label[-1]
            or _colon_after(t, end)):
        return 0
    rest = clean(t[slip:])
    if (not names.surname_length(rest) or names.surname_length(rest[1:])
            or minority.words(rest[1:]) or not plausible("name", rest)):
        return 0  # 姓余扎西: a transcribed name (``_name_minority``) needs no Han surname
    return slip


def label_at(
    t: str, i: int, at_start: bool, table: Table
) -> tuple[str, int, bool] | None:
    """(field, end, exact) of the label spelled at ``t[i:]``: exact variants first (longest
    wins), then one misread character when a single field is that close and the context makes
    it safe ("汉族" is no misread "民族")."""
    variants = sorted(((v, k) for k, vs in table.items() for v in vs), key=lambda p: -len(p[0]))
    exact = next(((k, hit[0]) for v, k in variants if (hit := _walk(t, i, v, 0))), None)
    fuzzy = _fuzzy(t, i, at_start, variants)
    if not exact and not fuzzy and (guarded := _guarded(t, i, at_start, table)):
        return guarded
    if exact:
        # 身份证件号玛: the shorter variant 身份证件号 is spelled exactly, but the misread longer
        # one of the same field is what was printed.
        return exact[0], past_qualifier(t, max(exact[1], fuzzy.get(exact[0], 0))), True
    if len(fuzzy) == 1:
        ((key, end),) = fuzzy.items()
        return key, past_qualifier(t, end), False
    return None


def _guarded(t: str, i: int, at_start: bool, table: Table) -> tuple[str, int, bool] | None:
    """(field, end, exact) of a guarded label word (``GUARDED``) at ``t[i:]``, spelled exactly
    or with one misread character (数师资格：), where no value can stand: before a colon, or as
    the whole of its box; and where a word starts (the line's start, or after a space or a
    colon: in 小学教师资格 the word is a value's end)."""
    if i and t[i - 1] not in _FILLER:
        return None
    for word, key in GUARDED.items():
        if key not in table or not (hit := _walk(t, i, word, 1)):
            continue
        end, slips = past_qualifier(t, hit[0]), hit[1]
        alone = at_start and not t[end:].strip(" \u3000\t" + COLONS)
        if _colon_after(t, end) or (alone and not slips):
            return key, end, not slips
    return None


def past_qualifier(t: str, end: int) -> int:
    """Where a label ending at ``end`` ends with its bracketed qualifier (任教学科（专业）)."""
    m = _QUALIFIER.match(t, end)
    return m.end() if m else end


def labels_in(t: str, table: Table) -> list[Hit]:
    """Every label in a line's text, left to right: (start, end, field, exact)."""
    hits: list[Hit] = []
    i = 0
    while i < len(t):
        if t[i] in _FILLER:
            i += 1
            continue
        found = label_at(t, i, not hits and not t[:i].strip(), table)
        if found and in_word(t, i, found[0], found[1]):
            found = None
        if found and all(found[0] != h[2] for h in hits):
            hits.append((i, found[1], found[0], found[2]))
            i = found[1]
        else:
            i += 1
    return hits


def in_word(t: str, start: int, key: str, end: int) -> bool:
    """Whether a short label (姓名, 民族, 学科) spelled at ``t[start:end]`` is the inside of a
    value instead (中国少数民族语言文学, 小学科学): it follows a Han character with nothing
    between, and neither a colon nor the start of a value of its field (性别女民族汉族) follows
    it. A long label glued after a value (男出生日期…) stays a label."""
    if not start or not is_han(t[start - 1]) or len(clean(t[start:end])) >= 4:
        return False
    rest = clean(t[end:])
    shape = _VALUE_SHAPES.get(key)
    fits = shape is not None and any(shape.match(rest[:k]) for k in range(1, len(rest) + 1))
    return not _colon_after(t, end) and not fits


def match_label(text: str, table: Table) -> tuple[str, str] | None:
    """(field, rest of line) if ``text`` starts with a known label (1 OCR slip allowed ≥ 4)."""
    t = normalize_digits(text)
    start = len(t) - len(t.lstrip(" \u3000\t"))
    found = label_at(t, start, True, table) if start < len(t) else None
    if found is None:
        return None
    return found[0], clean(t[found[1] :]).lstrip(COLONS + ".．")


def next_label(text: str, table: Table, colon: bool = True) -> int:
    """Where the next label exactly spelled in a value's text starts (its length when none):
    a value read across two fields of a row (张三　性别：男) ends there. A label word at the
    value's start is the value's own (民族音乐与舞蹈); with ``colon`` only a label followed by
    a colon counts (a value may hold a label word, never one with a colon after it)."""
    t = normalize_digits(text)
    return next(
        (
            start
            for start, end, _, exact in labels_in(t, table)
            if exact and start > 0 and (not colon or _colon_after(t, end))
        ),
        len(text),
    )


def loose_label(text: str, table: Table, budget: int = 2) -> tuple[str, str] | None:
    """(field, rest) when ``text`` starts with a long label (four characters or more) of exactly
    one field of ``table`` with up to ``budget`` slips (发自期 for 发证日期). Only for a band
    where the page's rows say a label stands, for a field still missing there."""
    t = clean(text)
    hits = {
        k: hit[0] for k, vs in table.items() for v in vs
        if len(v) >= 4 and (hit := _walk(t, 0, v, budget))
    }
    if len(hits) != 1:
        return None
    ((key, end),) = hits.items()
    return key, t[end:].lstrip(COLONS + ".．")
