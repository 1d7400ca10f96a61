"""Field extraction by label and geometry, whatever the layout of the page.

Labels are looked up in tables of known variants (never one hard-coded set) and matched robustly
to OCR: spaced (姓　　名), split into two boxes, glued to their value (性别男), one character
misread when that is unambiguous, several on one line (性别：女　民族：汉族). A label's value is
then found where print runs put it: after the label on the same line, in the boxes to its right
on the same row (bordered tables included), or below it when nothing stands to its right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.rules import normalize_digits
from scanning._ocr import Box, Line

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
    "qualification_type": ("教师资格种类", "资格种类", "资格类别"),
    "subject": ("任教学科", "学科"),
    "certificate_number": ("证书号码", "证书编号"),
    "issuing_authority": ("发证机关", "颁发机关", "认定机构", "发证机构", "认定机关"),
    "issue_date": ("批准日期", "颁发日期", "发证日期", "认定日期"),
}
_SPACES = re.compile(r"[\s\u3000]+")
_COLONS = ":：∶﹕"
_FILLER = set(_COLONS) | {" ", "\u3000", "\t", ".", "．", "·"}
_ROW = 0.55  # two boxes share a row when their centres differ by less than this many heights
_GAP = 2.0  # wider gaps (in line heights) between a value's pieces are another column


@dataclass(frozen=True)
class RawField:
    """The OCR text read for one field, with its score and where it came from."""

    text: str
    score: float
    box: Box
    page: int


def clean(text: str) -> str:
    """Half-width, no spaces."""
    return _SPACES.sub("", normalize_digits(text))


def union(boxes: list[Box]) -> Box:
    """The smallest box holding every box."""
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


# --- finding labels in a line's text -------------------------------------------------------


def _walk(t: str, i: int, label: str, budget: int, j: int = 0) -> tuple[int, int] | None:
    """(end, edits) if ``label[j:]`` is spelled in ``t`` from ``i``; whitespace may sit between
    its characters (姓　　名), and ``budget`` characters may be misread as other CJK (a label
    read as digits would eat its value) or, in a label long enough to stay unmistakable,
    dropped."""
    if j == len(label):
        return i, 0
    while j and i < len(t) and t[i] in " \u3000\t":
        i += 1
    if i < len(t) and t[i] == label[j] and (hit := _walk(t, i + 1, label, budget, j + 1)):
        return hit
    if budget <= 0:
        return None
    tries = []
    if i < len(t) and t[i] not in _FILLER and ord(t[i]) >= 0x2E80:
        tries.append(_walk(t, i + 1, label, budget - 1, j + 1))
    if len(label) >= 5 or (len(label) == 4 and not j):
        # a dropped character; the first one of a 4-character label is where a crop or the
        # detector clips a line (份证件号, 格种类)
        tries.append(_walk(t, i, label, budget - 1, j + 1))
    hits = [(end, edits + 1) for hit in tries if hit for end, edits in [hit]]
    return max(hits, default=None)


def _colon_after(t: str, end: int) -> bool:
    rest = t[end:].lstrip(" \u3000\t")
    return bool(rest) and rest[0] in _COLONS


def _label_at(
    t: str, i: int, at_start: bool, table: dict[str, tuple[str, ...]]
) -> tuple[str, int, bool] | None:
    """(field, end, exact) of the label spelled at ``t[i:]``: exact variants first (longest
    wins), then one misread character when a single field is that close. A misread label is
    trusted mid-line or when short only if a colon follows it: "汉族" is no misread "民族"."""
    variants = sorted(((v, k) for k, vs in table.items() for v in vs), key=lambda p: -len(p[0]))
    exact = next(((k, hit[0]) for v, k in variants if (hit := _walk(t, i, v, 0))), None)
    fuzzy: dict[str, int] = {}
    for variant, key in variants:
        hit = _walk(t, i, variant, 1)
        short = len(variant) < 4
        if hit and ((at_start and not short) or _colon_after(t, hit[0])):
            fuzzy[key] = max(fuzzy.get(key, 0), hit[0])
    if exact:
        # 身份证件号玛: the shorter variant 身份证件号 is spelled exactly, but the misread longer
        # one of the same field is what was printed.
        return exact[0], max(exact[1], fuzzy.get(exact[0], 0)), True
    if len(fuzzy) == 1:
        ((key, end),) = fuzzy.items()
        return key, end, False
    return None


def _labels_in(t: str, table: dict[str, tuple[str, ...]]) -> list[tuple[int, int, str, bool]]:
    """Every label in a line's text, left to right: (start, end, field, exact)."""
    hits: list[tuple[int, int, str, bool]] = []
    i = 0
    while i < len(t):
        if t[i] in _FILLER:
            i += 1
            continue
        found = _label_at(t, i, not hits and not t[:i].strip(), table)
        if found and all(found[0] != h[2] for h in hits):
            hits.append((i, found[1], found[0], found[2]))
            i = found[1]
        else:
            i += 1
    return hits


def match_label(text: str, table: dict[str, tuple[str, ...]]) -> tuple[str, str] | None:
    """(field, rest of line) if ``text`` starts with a known label (1 OCR slip allowed ≥ 4)."""
    t = normalize_digits(text)
    start = len(t) - len(t.lstrip(" \u3000\t"))
    found = _label_at(t, start, True, table) if start < len(t) else None
    if found is None:
        return None
    return found[0], clean(t[found[1] :]).lstrip(":：∶﹕.．")


# --- cells: labels and value pieces with their boxes -----------------------------------------


@dataclass(frozen=True)
class _Cell:
    """A piece of a line: a label (``key`` set) with the text after it, or unlabelled text."""

    key: str | None
    text: str
    score: float
    box: Box
    exact: bool = True

    @property
    def cy(self) -> float:
        return (self.box[1] + self.box[3]) / 2

    @property
    def height(self) -> int:
        return max(1, self.box[3] - self.box[1])


def _width(ch: str) -> float:
    """Relative printed width: CJK and full-width forms are square, ASCII is about half."""
    if ch in " \t":
        return 0.35
    return 0.55 if ord(ch) < 0x2E80 else 1.0


def _sub_box(line: Line, text: str, a: int, b: int) -> Box:
    """Estimated box of ``text[a:b]`` inside the line's box, from character widths."""
    widths = [_width(c) for c in text]
    total = sum(widths) or 1.0
    x0, y0, x1, y1 = line.box
    left = x0 + (x1 - x0) * sum(widths[:a]) / total
    right = x0 + (x1 - x0) * sum(widths[:b]) / total
    return int(left), y0, int(round(right)), y1


def _value_text(t: str) -> str:
    return clean(t).strip(_COLONS + ".．·")


def _cells(line: Line, table: dict[str, tuple[str, ...]]) -> list[_Cell]:
    """A line cut at each label it holds; a label's cell spans the label and its inline value."""
    t = normalize_digits(line.text)
    hits = _labels_in(t, table)
    if not hits:
        return [_Cell(None, _value_text(t), line.score, line.box)] if _value_text(t) else []
    out = []
    if _value_text(t[: hits[0][0]]):
        box = _sub_box(line, t, 0, hits[0][0])
        out.append(_Cell(None, _value_text(t[: hits[0][0]]), line.score, box))
    for n, (start, end, key, exact) in enumerate(hits):
        stop = hits[n + 1][0] if n + 1 < len(hits) else len(t)
        box = line.box if len(hits) == 1 and start == 0 else _sub_box(line, t, start, stop)
        out.append(_Cell(key, _value_text(t[end:stop]), line.score, box, exact))
    return out


def _same_row(a: Line | _Cell, b: Line | _Cell) -> bool:
    return abs(a.cy - b.cy) <= _ROW * max(a.height, b.height)


def _exact_start(text: str, table: dict[str, tuple[str, ...]]) -> bool:
    t = normalize_digits(text).lstrip(" \u3000\t")
    hit = _label_at(t, 0, True, table) if t else None
    return bool(hit and hit[2])


def _merge_split_labels(lines: list[Line], table: dict[str, tuple[str, ...]]) -> list[Line]:
    """Widely spaced labels (性　　别, 身份证 号码) may come back as two boxes: join a box with
    its right neighbour on the row when it alone is no label but together they start with one."""
    known = [v for vs in table.values() for v in vs]
    out = sorted(lines, key=lambda ln: (ln.box[0], ln.cy))
    merged = True
    while merged:
        merged = False
        for a in out:
            head = clean(a.text).rstrip(_COLONS)
            if not head or _exact_start(a.text, table) or not any(
                v.startswith(head) and v != head for v in known
            ):
                continue
            right = [b for b in out if b is not a and b.box[0] >= a.box[2] - 4 and _same_row(a, b)]
            if not right:
                continue
            b = min(right, key=lambda ln: ln.box[0])
            joined = a.text + b.text
            if _exact_start(joined, table):
                line = Line(joined, min(a.score, b.score), union([a.box, b.box]))
                out = [ln for ln in out if ln is not a and ln is not b] + [line]
                merged = True
                break
    return _lone_halves(out, table)


def _lone_halves(lines: list[Line], table: dict[str, tuple[str, ...]]) -> list[Line]:
    """A widely spaced two-character label whose other half was not detected (姓 … 名): a lone
    half counts as the label when no line carries the label already; so does a second half
    glued to the value after it (名万远蕊) when nothing stands left of it on its row."""
    present = {hit[0] for ln in lines if (hit := match_label(ln.text, table))}
    out = []
    for ln in lines:
        t = clean(ln.text).strip(_COLONS)
        whole = [v for vs in table.values() for v in vs if len(v) == 2 and t and t in (v[0], v[1])]
        glued = [v for vs in table.values() for v in vs if len(v) == 2 and t[:1] == v[1]]
        leftmost = not any(o.box[2] <= ln.box[0] + 2 and _same_row(o, ln) for o in lines)
        if len(t) > 1 and len(glued) == 1 and leftmost and not match_label(t[1:], table):
            whole, t = glued, t[1:]
        key = next((k for k, vs in table.items() if whole and whole[0] in vs), None)
        if len(whole) == 1 and key not in present:
            ln = Line(whole[0] + (t if t not in whole[0] else ""), ln.score, ln.box)
            present.add(key or "")
        out.append(ln)
    return out


# --- placing values: inline, to the right on the row, or below ----------------------------------


def _fragment(cell: _Cell, table: dict[str, tuple[str, ...]]) -> bool:
    """Unlabelled text that is only a piece of a label (号码, 日期): never a value."""
    return len(cell.text) >= 2 and any(cell.text in v for vs in table.values() for v in vs)


def _run(start: _Cell, cells: list[_Cell], free: set[int], first_gap: float) -> list[int]:
    """Free unlabelled cells right of ``start`` on its row, left to right, up to the next label
    or a gap wide enough to be another column."""
    h = start.height
    right = [
        i for i, c in enumerate(cells)
        if c is not start and _same_row(start, c) and c.box[0] >= start.box[2] - 0.5 * h
    ]
    out: list[int] = []
    edge, gap = start.box[2], first_gap
    for i in sorted(right, key=lambda i: cells[i].box[0]):
        c = cells[i]
        if c.key is not None or i not in free or c.box[0] - edge > gap:
            break
        out.append(i)
        edge, gap = c.box[2], _GAP * max(h, c.height)
    return out


def _fit(cell: _Cell, label: _Cell) -> float:
    """How far ``cell`` sits from lying under ``label``: left-aligned or centred, as printed."""
    centre = abs((cell.box[0] + cell.box[2]) - (label.box[0] + label.box[2])) / 2
    return min(abs(cell.box[0] - label.box[0]), centre)


def _below(label: _Cell, cells: list[_Cell], free: set[int]) -> list[int]:
    """The nearest free unlabelled row under ``label`` that overlaps its column, when no other
    label comes first; the column ends where the next label on the label's row begins, and a
    box under two labels of the row belongs to the one it lines up with."""
    h = label.height
    row = [c for c in cells if c.key is not None and c is not label and _same_row(label, c)]
    lo = max([c.box[2] for c in row if c.box[2] <= label.box[0]], default=label.box[0] - 2 * h)
    hi = min([c.box[0] for c in row if c.box[0] >= label.box[2]], default=10**9)

    def under(c: _Cell) -> bool:
        return c.cy > label.cy + _ROW * h and c.box[2] > lo and c.box[0] < hi

    stop = min((c.cy for c in cells if c.key is not None and under(c)), default=float("inf"))
    near = [
        i for i, c in enumerate(cells)
        if i in free and under(c) and c.cy < stop - _ROW * c.height
        and c.box[1] - label.box[3] <= 3 * h
        and all(_fit(c, label) <= _fit(c, other) for other in row)
    ]
    if not near:
        return []
    first = min(near, key=lambda i: cells[i].box[1])
    return sorted(
        (i for i in near if _same_row(cells[first], cells[i])), key=lambda i: cells[i].box[0]
    )


def _field(label: _Cell, parts: list[_Cell], page: int) -> RawField:
    texts = ([label.text] if label.text else []) + [p.text for p in parts]
    boxes = ([label.box] if label.text else []) + [p.box for p in parts]
    scores = ([label.score] if label.text else []) + [p.score for p in parts]
    return RawField("".join(texts), min(scores), union(boxes), page)


def extract(lines: list[Line], table: dict[str, tuple[str, ...]], page: int) -> dict[str, RawField]:
    """The value text of every labelled field found on one page, whatever its layout."""
    cells = [c for ln in _merge_split_labels(lines, table) for c in _cells(ln, table)]
    cells.sort(key=lambda c: (c.cy, c.box[0]))
    free = {i for i, c in enumerate(cells) if c.key is None and not _fragment(c, table)}
    labels = [i for i, c in enumerate(cells) if c.key is not None]
    found: dict[int, list[int]] = {}
    for i in labels:  # the value after the label on its line, and its continuation boxes
        if cells[i].text:
            found[i] = _run(cells[i], cells, free, _GAP * cells[i].height)
            free -= set(found[i])
    for i in labels:  # nothing after the label: the boxes to its right on the row
        if i not in found and (run := _run(cells[i], cells, free, float("inf"))):
            found[i] = run
            free -= set(run)
    for i in labels:  # nothing to its right either: the nearest row under it
        if i not in found and (under := _below(cells[i], cells, free)):
            found[i] = under
            free -= set(under)
    out: dict[str, RawField] = {}
    for i in sorted(found, key=lambda i: not cells[i].exact):
        key = cells[i].key or ""
        out.setdefault(key, _field(cells[i], [cells[j] for j in found[i]], page))
    return out


def info_fields(lines: list[Line], page: int) -> dict[str, RawField]:
    """Every information-page field found on one page (the one entry point for that page)."""
    raw = extract(lines, INFO_LABELS, page)
    if "gender" not in raw and (lone := gender_without_label(lines, page)):
        raw["gender"] = lone
    return raw


def gender_without_label(lines: list[Line], page: int) -> RawField | None:
    """The lone 男/女 on an information page whose gender label was misread. The value is
    still cross-checked against the ID number's gender digit."""
    hits = [ln for ln in lines if clean(ln.text) in ("男", "女")]
    if len(hits) != 1:
        return None
    return RawField(clean(hits[0].text), hits[0].score, hits[0].box, page)


def labels_found(lines: list[Line], table: dict[str, tuple[str, ...]]) -> set[str]:
    """The fields of ``table`` whose label appears on the page (spaced, split or misread)."""
    merged = _merge_split_labels(lines, table)
    return {hit[2] for ln in merged for hit in _labels_in(normalize_digits(ln.text), table)}
