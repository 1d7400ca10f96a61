"""Where a holder's name begins, when the readings disagree about its first character.

Two ways a name's start is misread after a label and its leader (姓  名……方华荣):

- The leader's last dot is read as a mark before the name (".方华荣"), and the decoder
  replaces the mark by the engine's runner-up there, which is the next character: 方方华荣.
  Stripping a leading mark blindly is unsafe, since the mark may be a faint surname read as
  a dot (".华荣" for 方华荣). The name without the mark is taken only when the crop shows it:
  the readings' characters after the mark stand evenly spaced in the crop, and right before
  them stand a leader's dots (at least two small marks on one line) with no faint character
  between them and the name.
- A surname only one reading saw (全力 read twice, 方全力 once). The longer name is taken
  when the crop shows its first character right before the rest: the cell there draws it
  clearly better than the label's 名, its look-alikes and what the recogniser reads in the
  cell alone (``_name_glyphs.judge``), and nothing but marks stands before it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import cv2
import numpy as np

from core.rules import HAN_RANGE, HAN_RUN
from scanning import _name_glyphs as glyphs
from scanning import _ocr
from scanning._labels import COLONS
from scanning._ocr import Reading

_MARKED = re.compile(rf"^([^{HAN_RANGE}]{{1,3}})([{HAN_RANGE}]{{2,4}})$")
# A leader's dot is at most this large beside the name's characters (in their height), and
# its dots lie on one line (centres within LINE of that height).
DOT = 0.3
LINE = 0.15
# Ink this faint still counts as a character's when looking for one between dots and name.
FAINT = 0.15
# Marks before the name: no farther from its first character than this many pitches.
NEAR = 1.5


def unmarked(readings: Sequence[Reading]) -> str | None:
    """The name at least two readings read after a leading mark (".方华荣" → 方华荣), when
    every marked reading agrees on it; else None."""
    found = [m.group(2) for r in readings if (m := _MARKED.match(r.text))]
    if len(found) < 2 or len(set(found)) != 1:
        return None
    return found[0]


# A label's colon as the engine reads it: its two dots, the lower one blurred into a tail, are
# often read as a semicolon.
_COLON_READ = COLONS + ";；"


def colon_read(readings: Sequence[Reading], name: str) -> bool:
    """Whether every reading that read ``name`` after a leading mark read that mark as one
    colon (";熊秀", ":熊秀"): the label's colon (姓名：熊秀), when the crop shows the label
    right before the name (``_name_label.before``)."""
    marks = [m.group(1) for r in readings if (m := _MARKED.match(r.text)) and m.group(2) == name]
    return bool(marks) and all(len(k) == 1 and k in _COLON_READ for k in marks)


def without_marks(readings: Sequence[Reading], name: str) -> list[Reading]:
    """The readings of ``name`` after a leading mark, with the mark (and its alternatives) cut."""
    out = []
    for r in readings:
        m = _MARKED.match(r.text)
        if m and m.group(2) == name:
            k = len(m.group(1))
            alts = r.alternatives[k:] if len(r.alternatives) == len(r.text) else ()
            out.append(Reading(name, r.score, alts))
    return out


def leader_before(grey: np.ndarray, name: str) -> str:
    """A detail of the evidence when the crop ``grey`` shows ``name`` evenly spaced with a
    leader's dots right before it and no character between; "" otherwise."""
    ink = glyphs.ink_of(grey)
    marks, clean = _dots(ink)
    if not marks:
        return ""
    row = glyphs.cells(clean)
    found = glyphs.locate(row, name)
    if found is None:
        return ""
    start, pitch = found
    first = row[start]
    height = float(np.median([c.ink.shape[0] for c in row[start : start + len(name)]]))
    prev_right = row[start - 1].right if start > 0 else -1
    near = [m for m in marks if prev_right < m[0] and m[0] + m[2] <= first.left
            and first.left - (m[0] + m[2]) <= NEAR * pitch and max(m[2], m[3]) <= DOT * height]
    if len(near) < 2:
        return ""
    ys = [m[1] + m[3] / 2 for m in near]
    if max(ys) - min(ys) > LINE * height:
        return ""
    # Nothing faint but the dots from the first dot to the name (a surname lost to a light
    # print would leave its strokes there).
    gap = ink[:, min(m[0] for m in near) : first.left] > FAINT
    if gap.size and _tallest(gap) > DOT * height:
        return ""
    return f"{len(near)} dots, {name} at {start} pitch {pitch:.1f}"


def undotted(grey: np.ndarray) -> np.ndarray:
    """The grey crop without the small marks below its text line's middle that stand apart
    from every character (a leader's dots): what the name's cells are cut from once the
    leader is known to end before it."""
    _, clean = _dots(glyphs.ink_of(grey))
    out: np.ndarray = (255 - np.clip(clean, 0.0, 1.0) * 255).astype(np.uint8)
    return out


def reread(grey: np.ndarray) -> Reading:
    """The recogniser's reading of a crop without its leader's dots: the name's characters
    without the mark that split the engine's belief in the first one (田 at 75 % beside a
    dot it half read as 田)."""
    return _ocr.recognise_all([_ocr.u8(grey)])[0]


def _tallest(mask: np.ndarray) -> int:
    n, _, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    return int(max((s[3] for s in stats[1:n]), default=0))


def _dots(ink: np.ndarray) -> tuple[list[tuple[int, int, int, int]], np.ndarray]:
    """The crop's small marks (x, y, w, h) and the ink without them, so a leader's last dot is
    not joined to the name's first character's cell. A mark is small beside the tallest ink."""
    mask = ink > 0.45
    n, labels, stats, _ = cv2.connectedComponentsWithStats(mask.astype(np.uint8), connectivity=8)
    if n < 2:
        return [], ink
    tall = int(max(s[3] for s in stats[1:n]))
    middle = _band_middle(stats, n, tall)
    # A character's own small low parts (灬, 心's dots) lie under or beside its larger ones.
    big = [(s[0], s[0] + s[2]) for s in stats[1:n] if s[3] >= 0.5 * tall]
    small = [i for i in range(1, n) if max(stats[i][2], stats[i][3]) <= DOT * tall
             and stats[i][1] + stats[i][3] / 2 > middle
             and not any(a < stats[i][0] + stats[i][2] and stats[i][0] < b for a, b in big)]
    clean = ink.copy()
    for i in small:
        clean[labels == i] = 0.0
    return [tuple(int(v) for v in stats[i][:4]) for i in small], clean  # type: ignore[misc]


def _band_middle(stats: np.ndarray, n: int, tall: int) -> float:
    """The middle of the text line: of the tallest components' vertical extent."""
    big = [s for s in stats[1:n] if s[3] >= 0.6 * tall]
    top = min(s[1] for s in big)
    bottom = max(s[1] + s[3] for s in big)
    return float(top + bottom) / 2


def longer(readings: Sequence[Reading], value: str) -> str | None:
    """The one name a reading read with one more character before ``value`` (方全力 for
    全力); None when no reading did or readings differ on it."""
    found = {r.text for r in readings if len(r.text) == len(value) + 1
             and r.text.endswith(value) and HAN_RUN.fullmatch(r.text)}
    return found.pop() if len(found) == 1 else None


def whole(readings: Sequence[Reading], value: str) -> str | None:
    """``value`` when it was chosen over readings of its given name alone (秦森 read once, 森
    twice): the same doubt as :func:`longer`'s, whether its first character is there, with
    the longer reading already chosen; None otherwise."""
    if len(value) < 2 or not any(r.text == value[1:] for r in readings):
        return None
    return value if longer(readings, value[1:]) == value else None


def first_shown(row: Sequence[glyphs.Cell], name: str, rivals: set[str]) -> tuple[str, int]:
    """A detail of the fits when the crop's ``row`` shows ``name``'s first character right
    before the rest, clearly against ``rivals`` (the label's last character), with only marks
    before it, and the column where the name starts; ("", 0) otherwise."""
    found = glyphs.locate(row, name)
    if found is None:
        return "", 0
    start, pitch = found
    height = float(np.median([c.ink.shape[0] for c in row[start : start + len(name)]]))
    if start > 0:
        prev = row[start - 1]
        if (prev.ink.shape[0] >= 0.6 * height and prev.ink.shape[1] >= 0.35 * height
                and row[start].left - prev.left <= NEAR * pitch):
            return "", 0  # a character stands right before: the name may start earlier still
    places = [{name[0], *rivals}, *({ch} for ch in name[1:])]
    verdict = glyphs.judge(row[start : start + len(name)], places)
    if verdict.chosen.get(0) != name[0]:
        return "", 0
    return verdict.detail, row[start].left
