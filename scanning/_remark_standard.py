"""A remark read in doubt settled to the standard wording it can only be.

Offices write most remarks in a few standard wordings (证书遗失，予以补发 / 原证书损坏，予以换发 /
…). A hand-written or stamped-over comma is the mark the recogniser loses most often, and a
hand-written character is sometimes read as its look-alike (不俱 for 不慎). Such a read is settled
to a standard text when nothing else fits it:

- its characters, marks left aside, are those of exactly one standard text, or differ from
  them in one character that looks like the standard's (glyph likeness) and lies in no known
  phrase of the read (a phrased word is read as meant: 照片遗失 stays, never 证书遗失);
- no other standard text comes within one character of it, nor of any other reading the
  recogniser gave of its lines (予以补发 / 予以换发 read once each stay in doubt);
- every character the readings disagree on is one a reading gave, but the one look-alike;
- every mark the read holds stands where the standard has a mark (a mark the read has and the
  standard lacks is a wording of its own: it stays as read). A full stop closing the entry is
  kept as read: offices end a remark with one or not.

What the standard wordings cannot settle stays in doubt, and its findings stay.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from core.rules import DOTS, FULL_STOPS, SENTENCE_MARKS, TILDES
from scanning._datescan import find_dates
from scanning._office_match import edits
from scanning._remark_phrases import _covered_positions
from scanning._vocab_glyphs import similarity

__all__ = [
    "ENDS", "Lines", "MARKS", "SHORTEST", "STANDARD", "Settled", "alike", "dated_doubt",
    "disputed", "fit", "inked_wraps", "line_keys", "marks_fit", "marks_seen", "near_other",
    "placed_keys",
    "same_digits", "same_end", "settle", "skeleton_marked", "skeleton_of", "standard", "worded",
]  # fmt: skip

# Standard remark wordings of office practice (Ministry forms and offices' own formulas),
# each as written, with its commas. A wording with a name, a date or a subject in it is no
# standard: only the fixed ones are.
STANDARD = (
    "证书遗失，予以补发",
    "原证书损坏，予以换发",
    "出生日期已更正",
    "任教学科已更正",
    "民族信息已更正",
    "经核查信息无误",
    "经核实，身份证件号码已更正",
    "原证书因保管不慎遗失，经本人申请，予以补发",
    "原证书遗失，经本人申请，予以补发",
    "原证书遗失，经本人申请予以补发",
    "姓名变更，原证书收回，予以换发",
    "证书污损，经本人申请予以换发",
    "原证书污损，经本人申请同意换发",
    "原证书破损严重，同意换发新证",
    "证书污损，同意换发新证",
    "证书内页受潮破损，予以换发",
    "因原证书破损，经核实予以换发",
    "因原证书污损，予以换发，原证书作废",
    "身份证号码已升位，经核对无误",
    "持证人身份证号码已升位，以本证记载号码为准",
    "照片更换，经审核属实",
    "照片脱落，重新粘贴并加盖钢印",
    "照片脱落，重新粘贴照片并加盖钢印",
    "本证书系补发，原证书作废",
    "工作单位变更，已登记备案",
    "经审核，原认定学科有误，现更正",
)
# Marks a read may lose or misread as one another; a hand-written comma's hooked stroke is
# read as a tilde too (已升位~以本证).
MARKS = SENTENCE_MARKS + DOTS + TILDES
ENDS = FULL_STOPS  # a full stop closing the entry: written or not, kept as read
# An entry's lines, each as chosen with the readings it was chosen from.
Lines = Sequence[tuple[str, Sequence[str]]]
LOOKALIKE = 0.8  # glyph likeness (``_vocab_glyphs``) of a character read for the standard's
SHORTEST = 6  # a one-character change needs at least this many characters around it


@dataclass(frozen=True)
class Settled:
    """The standard text a read was settled to (with the read's closing full stop, if any)."""

    text: str
    standard: str
    marks: int  # marks the read lacked or misread
    swapped: str = ""  # "读→标" of the one look-alike character, if any
    inserted: str = ""  # the one character every reading of the chosen text lost, if any
    seen: bool = True  # an inserted character was read in its place by some reading
    roomed: bool = False  # a mark put back stands where only a free cell under a seal shows it
    blind: bool = False  # a comma put back at a wrap that no reading and no ink showed
    unread: bool = False  # a look-alike read back as the standard's that no reading read so
    stray: str = ""  # a stray piece at a line's edge left out (``_remark_stray``), if any
    decides: bool = True  # the wording decided between the readings of the entry's lines


def skeleton_of(text: str) -> str:
    """``text`` without its marks and white space: the words a wording is compared by."""
    return "".join(ch for ch in text if ch not in MARKS and not ch.isspace())


def near_other(skeleton: str, but: str) -> bool:
    """Whether a standard text of other words than ``but`` (a skeleton) comes within one
    character of ``skeleton``."""
    others = {skeleton_of(s) for s in STANDARD} - {but}
    return any(edits(skeleton, s) <= 1 for s in others)


def marks_fit(read: str, standard: str) -> int | None:
    """How many marks ``standard`` adds to or changes in ``read`` (same skeleton length);
    None when the read holds a mark where the standard has none."""
    placed: dict[int, str] = {}  # skeleton position → mark standing before it
    k = 0
    for ch in read:
        if ch in MARKS:
            placed[k] = ch
        elif not ch.isspace():
            k += 1
    wanted: dict[int, str] = {}
    k = 0
    for ch in standard:
        if ch in MARKS:
            wanted[k] = ch
        else:
            k += 1
    if any(p not in wanted for p in placed):
        return None
    return sum(1 for p, m in wanted.items() if placed.get(p) != m)


def marks_seen(
    read: str, standard: str, lines: Lines,
    inked: Collection[int] = (),
) -> bool:  # fmt: skip
    """Whether every mark ``standard`` adds where ``read`` has none was seen (``_unseen``)."""
    return not _unseen(read, standard, lines, inked)


def _unseen(
    read: str, standard: str, lines: Lines,
    inked: Collection[int] = (),
) -> set[int]:  # fmt: skip
    """The places (skeleton characters before them) of the marks ``standard`` adds where
    ``read`` has none that no reading of the lines saw (the two characters before it, then a
    mark): a mark no view saw inside a line may be one the office never wrote (证书遗失予以补发),
    and only a person can tell. A mark the read holds in another form (、 for ，) is seen, and
    so is one at a wrap whose ink the page shows (``inked``: the indices of the lines it
    follows)."""
    have = {k for k, _ in _mark_places(read)} | _wraps(skeleton_of(read), lines, inked)
    seen = set()
    for _, texts in lines:
        for text in texts:
            bare = skeleton_marked(text)
            seen |= {skeleton_of(bare[:k])[-2:] for k, ch in enumerate(bare) if ch in MARKS}
    skeleton = skeleton_of(standard)
    return {
        k
        for k, _ in _mark_places(standard)
        if k not in have and skeleton[max(0, k - 2) : k] not in seen
    }


def _offsets(read: str, lines: Lines) -> dict[int, int] | None:
    """Where each worded line's words start in ``read`` (a skeleton), by line index; None
    when the lines do not spell it in order."""
    out, at = {}, 0
    for k, (chosen, _) in enumerate(line_keys(lines)):
        if not chosen:
            continue
        off = read.find(chosen, at)
        if off < 0:
            return None
        out[k], at = off, off + len(chosen)
    return out


def _wraps(
    read: str, lines: Lines, inked: Collection[int]
) -> set[int]:
    """The places (skeleton characters before them) where a worded line of the entry whose
    index is in ``inked`` ends and the next worded line goes on with the text: a mark last on
    its line stands where the detector's box often ends before it, and every view may lose
    it alike, so its ink on the page (``_remark_endmark``) is its sighting."""
    offsets = _offsets(read, lines)
    if offsets is None:
        return set()
    keys = line_keys(lines)
    last = max(offsets, default=-1)
    return {off + len(keys[k][0]) for k, off in offsets.items() if k in inked and k != last}


def inked_wraps(body: str, lines: Lines, inked: Collection[int]) -> str:
    """``body`` with a comma at each wrap the page shows one after (``_wraps``) where the read
    has no mark: the ink is the comma's sighting, as good as a reading's."""
    places = _wraps(skeleton_of(body), lines, inked) - {k for k, _ in _mark_places(body)}
    out, k = [], 0
    for ch in body:
        if ch not in MARKS and not ch.isspace():
            if k in places and k > 0:
                out.append("，")
            k += 1
        out.append(ch)
    return "".join(out)


def _rooms(
    read: str, lines: Lines, roomed: Collection[tuple[int, int]]
) -> set[int]:
    """``roomed`` (a line's index, the characters of its words before a free cell) as places
    in ``read`` (a skeleton)."""
    offsets = _offsets(read, lines)
    if offsets is None:
        return set()
    return {offsets[k] + p for k, p in roomed if k in offsets}


def _mark_places(text: str) -> list[tuple[int, str]]:
    """Each mark of ``text`` with the number of skeleton characters before it."""
    out, k = [], 0
    for ch in text:
        if ch in MARKS:
            out.append((k, ch))
        elif not ch.isspace():
            k += 1
    return out


def skeleton_marked(text: str) -> str:
    """``text`` without spaces, digits and date units: characters and marks only."""
    for f in reversed(find_dates(text)):
        text = text[: f.start] + text[f.end :]
    return "".join(ch for ch in text if not ch.isspace() and not ch.isdigit())


# The brackets an entry's date is written in (…号码为准（二〇二五年四月二十一日）): the date
# is the entry's, not its words, so its brackets go with it.
_OPENED = re.compile(r"[（(]\s*$")
_BRACKETED = re.compile(r"^\s*[）)]")


def line_keys(lines: Lines) -> list[tuple[str, list[str]]]:
    """Each line's chosen text and its readings as skeletons without their dates (the entry's
    date shares a line with its text)."""

    def key(text: str) -> str:
        for f in reversed(find_dates(text)):
            before, after = text[: f.start], text[f.end :]
            if _OPENED.search(before) and _BRACKETED.match(after):
                before, after = _OPENED.sub("", before), _BRACKETED.sub("", after, count=1)
            text = before + after
        return "".join(ch for ch in skeleton_of(text) if not ch.isdigit())

    return [(key(t), [key(r) for r in rs]) for t, rs in lines]


def placed_keys(read: str, lines: Lines) -> list[tuple[int, int, str, list[str]]] | None:
    """Each line that has text (``line_keys``) placed in ``read`` in order: where its chosen
    text starts and ends there, the text and the line's readings; None when the lines do not
    spell ``read`` in order."""
    out, at = [], 0
    for chosen, readings in line_keys(lines):
        if not chosen:
            continue
        off = read.find(chosen, at)
        if off < 0:
            return None
        at = off + len(chosen)
        out.append((off, at, chosen, readings))
    return out


def _readings_agree(
    read: str, std: str, lines: Lines, swap: int | None
) -> bool:
    """Whether the standard skeleton ``std`` decides every disagreement of the lines' readings
    as one of them read it (the look-alike place ``swap`` aside), and no reading of a line
    brings another standard text within one character."""
    placed = placed_keys(read, lines)
    if placed is None:
        return False
    for off, at, chosen, readings in placed:
        for r in readings:
            if r == chosen or not r:
                continue
            if near_other(read[:off] + r + read[at:], std) or _phrased_rival(chosen, r):
                return False
            if len(r) == len(chosen) and any(
                std[off + p] not in (a, b) and off + p != swap
                for p, (a, b) in enumerate(zip(chosen, r, strict=True))
            ):
                return False
    return True


def _phrased_rival(chosen: str, rival: str) -> bool:
    """Whether ``rival`` differs from ``chosen`` in a character that lies in a known phrase of
    its own (予以换发 read beside 予以补发): the lexicon cannot tell two of its phrases apart."""
    covered = _covered_positions(rival)
    ops = difflib.SequenceMatcher(None, chosen, rival, autojunk=False).get_opcodes()
    return any(op != "equal" and covered & set(range(j1, j2)) for op, _, _, j1, j2 in ops)


def _swap(read: str, std: str) -> int | None:
    """The one place a same-length ``read`` differs from ``std`` in a look-alike character the
    read's phrases do not vouch for; -1 when they are the same; None otherwise."""
    diff = [k for k, (a, b) in enumerate(zip(read, std, strict=True)) if a != b]
    if not diff:
        return -1
    if len(diff) > 1 or len(read) < SHORTEST or diff[0] in _covered_positions(read):
        return None
    return diff[0] if alike(read[diff[0]], std[diff[0]]) else None


def alike(read: str, meant: str) -> bool:
    """Whether the character ``read`` may be ``meant`` read as its look-alike (glyph
    likeness at least ``LOOKALIKE``)."""
    likeness = similarity(read, meant)
    return likeness is not None and likeness >= LOOKALIKE


def _fit(read: str, body: str) -> str | None:
    """The one standard text of the words ``read`` (a skeleton) or of words one character
    from them; of two that differ only in their marks, the one whose marks ``body`` has."""
    near = [s for s in STANDARD if len(skeleton_of(s)) == len(read)]
    fits = [s for s in near if edits(read, skeleton_of(s)) <= 1]
    if len({skeleton_of(s) for s in fits}) != 1:
        return None
    if len(fits) > 1:
        fits = [s for s in fits if marks_fit(body, s) == 0]
    return fits[0] if len(fits) == 1 else None


def fit(text: str | None) -> str | None:
    """The one standard text the words of ``text`` (marks and a closing full stop aside) can
    settle to, before any reading is weighed; None when none or two."""
    body = (text or "").rstrip(ENDS)
    return _fit(skeleton_of(body), body) if body else None


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def same_digits(lines: Lines) -> bool:
    """Whether every reading of each worded line holds the line's digits (the wording says
    nothing of a date or a number; a line that is only a date is left to the date rules)."""
    return all(_digits(r) == _digits(t) for t, rs in lines if worded(t) for r in rs if r.strip())


def settle(
    text: str, lines: Lines = (), doubted: Sequence[int] = (),
    inked: Collection[int] = (), roomed: Collection[tuple[int, int]] = (),
    marked: Collection[tuple[int, int]] = (),
) -> Settled | None:  # fmt: skip
    """The standard text ``text`` (an entry's text as read) settles to, or None when it is a
    standard text its readings agree on, or no standard fits it alone (see the module's
    rules). ``lines``: each line's chosen text with the texts of all its readings. A standard
    text whose lines' readings disagree, or one of whose lines is in doubt (``doubted``: their
    indices), is settled to itself when the wording decides every disagreement; a doubted
    line that holds digits is settled too, but its doubt stays (``Settled.decides`` is False).
    ``inked``: the indices of the lines whose end the page shows a comma after
    (``_remark_endmark``); ``roomed``: free cells a seal covers, as (line index, characters
    of its words before the cell), where a mark no reading saw may stand: the settling then
    says so (``Settled.roomed``); ``marked``: free cells inside a line that hold a mark's ink
    (``_remark_inmark``), as (line index, characters of its words before the cell): a mark
    there is seen."""
    if not text or (text.rstrip(ENDS) in STANDARD and not disputed(lines) and not doubted):
        return None
    if not same_end(lines):
        return None
    end = text[len(text.rstrip(ENDS)) :]
    body = text.rstrip(ENDS)
    read = skeleton_of(body)
    if any(ch.isdigit() for ch in read):
        return None
    std = _fit(read, body)
    if std is None or not same_digits(lines):
        return None
    swap = _swap(read, skeleton_of(std))
    marks = marks_fit(body, std)
    if swap is None or marks is None or near_other(read, skeleton_of(std)):
        return None
    unseen = _unseen(body, std, lines, inked) - _rooms(read, lines, marked)
    if unseen - _rooms(read, lines, roomed):
        return None
    if not _readings_agree(read, skeleton_of(std), lines, swap if swap >= 0 else None):
        return None
    swapped = f"{read[swap]}→{skeleton_of(std)[swap]}" if swap >= 0 else ""
    return Settled(std + end, std, marks, swapped, roomed=bool(unseen),
                   decides=not dated_doubt(lines, doubted))  # fmt: skip


def dated_doubt(lines: Lines, doubted: Sequence[int]) -> bool:
    """Whether a doubted line holds digits (the entry's date on its text's line): which of its
    characters the recogniser doubted is unknown, a digit maybe, so the wording that settles
    its words decides nothing of its doubt, which stays for a person."""
    return any(_digits(lines[k][0]) for k in doubted)


def worded(line: str) -> bool:
    """Whether a remark line holds words of the text (not only a date or a number): the
    wording decides only between readings of such lines."""
    return bool(line_keys([(line, ())])[0][0])


def disputed(lines: Lines) -> bool:
    """Whether a reading of a worded line says other words than the line's chosen text."""
    keys = line_keys(lines)
    return any(r != chosen for chosen, readings in keys if chosen for r in readings if r)


def same_end(lines: Lines) -> bool:
    """Whether the readings of the entry's last line agree on a closing full stop: a standard
    wording is written with or without one, so it cannot settle that."""
    texts = [(t, rs) for t, rs in lines if line_keys([(t, ())])[0][0]]
    if not texts:
        return True
    chosen, readings = texts[-1]
    return len({r.rstrip()[-1:] in ENDS for r in [chosen, *readings] if r.strip()}) <= 1


def standard(text: str | None) -> bool:
    """Whether ``text`` is a standard wording (a closing full stop aside) that no other one
    comes within one character of: nothing at a wrap can be hidden from it unnoticed but a
    mark, which the wording fixes."""
    body = (text or "").rstrip(ENDS)
    return body in STANDARD and not near_other(skeleton_of(body), skeleton_of(body))
