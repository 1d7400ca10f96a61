"""Labels the detector returned in pieces, joined into one line before fields are found.

A widely spaced label (性　　别) comes back as two boxes, a letter-spaced one (发　证　日　期)
as several (发证 | 日 | 期2017.09.05), a long one stacked in a narrow table cell as two lines;
half of a spaced two-character label may be lost (姓 … 名), and a lone two-character label may
have one character misread (维名). Each is made one line that starts with the label.
"""

from __future__ import annotations

from core.rules import normalize_digits
from scanning._labels import (
    COLONS,
    FORMS,
    Table,
    clean,
    label_at,
    labels_in,
    match_label,
    plausible,
    same_row,
    shaped,
)
from scanning._ocr import Box, Line
from scanning._vocab import SUBJECTS, type_entries

__all__ = ["labels_found", "merge_split_labels"]


def _joined(a: Box, b: Box) -> Box:
    return min(a[0], b[0]), min(a[1], b[1]), max(a[2], b[2]), max(a[3], b[3])



def _exact_start(text: str, table: Table) -> bool:
    t = normalize_digits(text).lstrip(" \u3000\t")
    hit = label_at(t, 0, True, table) if t else None
    return bool(hit and hit[2])


def _next_piece(a: Line, lines: list[Line]) -> list[Line]:
    """The box right of ``a`` on its row, then the box just under it (a long label stacked on
    two lines of a narrow table cell)."""
    h = max(a.height, 1)
    right = [
        b for b in lines
        if b is not a and b.box[0] > a.box[0] and b.box[0] >= a.box[2] - h // 2 and same_row(a, b)
    ]
    under = [
        b for b in lines
        if b is not a and not same_row(a, b) and 0 <= b.box[1] - a.box[3] + 0.2 * h <= h
        and b.box[0] < a.box[2] and b.box[2] > a.box[0]
    ]
    pieces = [min(right, key=lambda ln: ln.box[0])] if right else []
    return pieces + ([min(under, key=lambda ln: ln.box[1])] if under else [])


def merge_split_labels(lines: list[Line], table: Table) -> list[Line]:
    """Widely spaced labels (性　　别, 身份证 号码) may come back as two boxes, and a long label
    may be stacked in a narrow cell: join a box with its right neighbour on the row, or the box
    under it, when it alone is no label but together they start with one."""
    known = [v for vs in table.values() for v in vs]
    out = sorted(lines, key=lambda ln: (ln.box[0], ln.cy))
    merged = True
    while merged:
        merged = False
        for a in out:
            head = clean(a.text).rstrip(COLONS)
            if not head or (_exact_start(a.text, table) and head not in known) or not any(
                v.startswith(head) and v != head for v in known
            ):
                continue
            chain = _chain(a, out, table, known)
            if chain:
                pieces = [a, *chain]
                line = Line(_first_restored("".join(p.text for p in pieces), table),
                            min(p.score for p in pieces), _joined_all([p.box for p in pieces]))
                out = [ln for ln in out if all(ln is not p for p in pieces)] + [line]
                merged = True
                break
    return _misread_beside(_lone_halves(_digit_labels(out, table), table), table)


_CHAIN = 4  # a letter-spaced label comes back as at most this many pieces after its first


def _chain(a: Line, lines: list[Line], table: Table, known: list[str]) -> list[Line]:
    """The pieces after ``a`` (each right of or under the last) that complete a label with it:
    a letter-spaced label (发　证　日　期) comes back as several boxes (发证 | 日 | 期2017.09.05),
    each a label's start until the last starts with the whole label. A label spelled whole
    already (出生年月) is only continued into a longer one (出生年月 | 日). Empty when the
    pieces spell none."""
    text, last = a.text, a
    chain: list[Line] = []
    whole = _exact_start(a.text, table)
    tails = list(first_lost(table))
    for _ in range(_CHAIN):
        nxt = _next_piece(last, [ln for ln in lines if all(ln is not p for p in chain)])
        done = [b for b in nxt if (_exact_start(text + b.text, table) or (
            not whole and _tail_start(text + b.text, tails)))
            and (not whole or _longer(clean(text + b.text), clean(text), known))]
        if done:
            return [*chain, done[0]]
        more = [b for b in nxt if _prefix(clean(text + b.text).rstrip(COLONS), known + tails)]
        if not more or whole:
            return []
        text, last = text + more[0].text, more[0]
        chain.append(last)
    return []


def first_lost(table: Table) -> dict[str, str]:
    """Long labels (four characters or more) without their first character, each to the
    whole label, where no other field's label loses a character to the same text (发日期 for
    颁发日期): what is left of a letter-spaced label whose first piece the detector lost (a
    seal's ring, a stain or the binding's shadow over the row's start). Three characters in
    their order are still that label only; a shorter label is not, as two could be anything."""
    tails: dict[str, set[tuple[str, str]]] = {}
    for key, variants in table.items():
        for v in variants:
            if len(v) >= 4:
                tails.setdefault(v[1:], set()).add((key, v))
    known = {v for vs in table.values() for v in vs}
    return {t: min(hits)[1] for t, hits in tails.items()
            if len({k for k, _ in hits}) == 1 and t not in known}  # fmt: skip


def _tail_start(text: str, tails: list[str]) -> bool:
    """Whether ``text`` starts with a label that lost its first character (``first_lost``)."""
    t = clean(text)
    return any(t.startswith(tail) for tail in tails)


def _first_restored(text: str, table: Table) -> str:
    """Pieces joined into a label that lost its first character, given it back (发日期… →
    颁发日期…), so that what follows finds the label as printed; other text unchanged."""
    if _exact_start(text, table):
        return text
    t = clean(text)
    hit = next(((tail, whole) for tail, whole in first_lost(table).items()
                if t.startswith(tail)), None)  # fmt: skip
    return hit[1] + t[len(hit[0]) :] if hit else text


def _prefix(head: str, known: list[str]) -> bool:
    """Whether ``head`` is the start of a label, not yet the whole of one."""
    return bool(head) and any(v.startswith(head) and v != head for v in known)


def _longer(joined: str, head: str, known: list[str]) -> bool:
    """Whether ``joined`` starts with a label, spelled exactly, longer than ``head``."""
    return any(len(v) > len(head) and v.startswith(head) and joined.startswith(v) for v in known)


def _joined_all(boxes: list[Box]) -> Box:
    box = boxes[0]
    for b in boxes[1:]:
        box = _joined(box, b)
    return box


# Values of closed lists: a line that spells one whole is that value, whatever label half it
# starts with (科学 starts with 科, the second half of the label 学科).
_LISTED = SUBJECTS | frozenset(type_entries())


def _lone_halves(lines: list[Line], table: Table) -> list[Line]:
    """A widely spaced two-character label whose other half was not detected (姓 … 名): a lone
    half counts as the label when no line carries the label already; so does a second half
    glued to the value after it (名万远蕊) when nothing stands left of it on its row."""
    present = {hit[0] for ln in lines if (hit := match_label(ln.text, table))}
    out = []
    for ln in lines:
        t = clean(ln.text).strip(COLONS)
        whole = [v for vs in table.values() for v in vs if len(v) == 2 and t and t in (v[0], v[1])]
        glued = [v for vs in table.values() for v in vs if len(v) == 2 and t[:1] == v[1]]
        leftmost = not any(o.box[2] <= ln.box[0] + 2 and same_row(o, ln) for o in lines)
        if (len(t) > 1 and len(glued) == 1 and leftmost and not match_label(t[1:], table)
                and t not in _LISTED):  # 科学 is a subject, never 学科 glued to 学
            whole, t = glued, t[1:]
        key = next((k for k, vs in table.items() if whole and whole[0] in vs), None)
        if len(whole) == 1 and key not in present:
            ln = Line(whole[0] + (t if t not in whole[0] else ""), ln.score, ln.box)
            present.add(key or "")
        out.append(ln)
    return out


def labels_found(lines: list[Line], table: Table) -> set[str]:
    """The fields of ``table`` whose label appears on the page (spaced, split or misread)."""
    merged = merge_split_labels(lines, table)
    return {hit[2] for ln in merged for hit in labels_in(normalize_digits(ln.text), table)}


def _misread_beside(lines: list[Line], table: Table) -> list[Line]:
    """A two-character label with one character misread (维名 for a blurred 姓名, 姓书), alone in
    its box: it is that label when a single label is that close, no line carries that label,
    and the box right of it on its row (or, with none there, the box just under it) holds what
    that field holds (a name, 男/女, …族). A value in its own box beside or under a misread
    label was otherwise left without one."""
    present = {hit[0] for ln in lines if (hit := match_label(ln.text, table))}
    out = []
    for ln in lines:
        key, word = _one_slip(clean(ln.text).strip(COLONS), table)
        value = _value_beside(ln, lines)
        if key and key not in present and plausible(key, value) and not match_label(
            value, table
        ):
            ln = Line(word, ln.score, ln.box)
            present.add(key)
        out.append(ln)
    return out


def _value_beside(label: Line, lines: list[Line]) -> str:
    """The text of the box right of ``label`` on its row; when none stands there, of the box
    just under it, lined up with it (a page printing values under their labels)."""
    h = label.height
    right = [o for o in lines if o is not label and o.box[0] >= label.box[2] - h // 2
             and same_row(label, o)]  # fmt: skip
    if right:
        return min(right, key=lambda o: o.box[0]).text
    under = [o for o in lines if o is not label and not same_row(label, o)
             and -0.3 * h <= o.box[1] - label.box[3] <= 0.8 * h
             and abs(o.box[0] - label.box[0]) <= h]  # fmt: skip
    return min(under, key=lambda o: o.box[1]).text if len(under) == 1 else ""


def _one_slip(t: str, table: Table) -> tuple[str | None, str]:
    """(field, label) of the one two-character label ``t`` misspells by one CJK character."""
    if len(t) != 2 or any(ord(c) < 0x2E80 for c in t):
        return None, ""
    near = {
        (k, v) for k, vs in table.items() for v in vs if len(v) == 2
        and sum(FORMS.get(a, a) != b for a, b in zip(t, v, strict=True)) == 1
    }
    return next(iter(near)) if len(near) == 1 else (None, "")



def _digit_labels(lines: list[Line], table: Table) -> list[Line]:
    """A label alone in its box with one character read as a digit or letter (9份证号, 7科 for
    a blurred 身份证号, 学科): it is that label when a single field is that close, no line
    carries that field's label, and a value stands right of or under it (one of that field's
    shape, where the field has one). The box holds no more than the label, so no value is
    lost to it; read first, so that its value (科学 under 7科) is not taken for a label's
    half glued to a value."""
    present = {hit[0] for ln in lines if (hit := match_label(ln.text, table))}
    out = []
    for ln in lines:
        key, word = _digit_slip(clean(ln.text).strip(COLONS), table)
        value = _value_beside(ln, lines) if key else ""
        fits = plausible(key or "", value) if shaped(key or "") else bool(value)
        if key and key not in present and fits and not match_label(value, table):
            ln = Line(word, ln.score, ln.box)
            present.add(key)
        out.append(ln)
    return out


def _digit_slip(t: str, table: Table) -> tuple[str | None, str]:
    """(field, label) of the one field whose label ``t`` spells with one character read as
    an ASCII digit or letter (9份证号 for 身份证号)."""
    slips = [i for i, c in enumerate(t) if c.isascii() and c.isalnum()]
    if len(t) < 2 or len(slips) != 1:
        return None, ""
    near = {
        (k, v) for k, vs in table.items() for v in vs if len(v) == len(t)
        and all(FORMS.get(a, a) == b for i, (a, b) in enumerate(zip(t, v, strict=True))
                if i != slips[0])
    }
    keys = {k for k, _ in near}
    return min(near) if len(keys) == 1 else (None, "")
