"""Settle a holder's name the readings left in doubt with the evidence of its own crop.

Only names already sent to review are looked at (the glyph work costs time), and only for the
doubts a crop can answer: readings that disagree (郦明湉 / 郦明活), a rare surname that looks like
a common one (郗 / 郝: ``_name_lookalike``), a two-character name that may have lost its surname
(左墨: ``_name_label``), and a last character that may be the next label's first (魏然昊性). A
doubt the crop does not settle clearly stays, with its finding, for a person.

A name the readings agree on is still checked against its crop where the recogniser itself was
unsure of a character in every reading (:func:`confirm`): a rare character can be read, every
time, as the common one it looks like (夏湉彧 as 夏活彧), and no rule would catch it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from core.rules import Finding
from scanning import _name_glyphs as glyphs
from scanning import _name_label as label
from scanning import _name_lead as lead
from scanning import _name_lookalike as lookalike
from scanning import _name_partial as partial
from scanning import _name_print_face as print_face
from scanning import _name_prior as prior
from scanning import _name_rare_rival as rare_rival
from scanning import _name_rare_shown as rare_shown
from scanning import _name_start as name_start
from scanning import _name_stroke as stroke
from scanning import _name_surname_offered as surname_offered
from scanning import _vocab_names as names
from scanning._name_unheld import unheld
from scanning._ocr import Box, Image, Reading, read_as, scaled
from scanning._validate import Value

# The crop is cut this much wider than the value box: a box may clip a character's edge, and
# a label's character caught at the end lies right of it.
_PAD = 12
# Doubts a crop can answer (code, rule); any other blocking finding leaves the name as it is.
_LOOKALIKE = ("unconfirmed", "姓氏字形")
_READ_DOUBTS = {("ambiguous", None), ("unconfirmed", None), _LOOKALIKE}
_GLUED = ("unconfirmed", "相邻标签")
_GIVEN_ONLY = ("unconfirmed", "漏识姓氏")
# A caught label character stands at least this many character pitches past the name's last
# character (the name's own characters are one pitch apart).
_LABEL_GAP = 1.8
CONFIDENCE = 0.9
# A name character whose probability stays below this in every reading is one the recogniser
# doubted (a right character is read at 0.97-1.0; 活 printed as 湉 at 0.84-0.89).
SURE = 0.93
Crop = NDArray[np.uint8]


def crop(page: Image, box: Box, scale: float = 1.0) -> Crop:
    """The grey crop of ``page`` around a value ``box`` given in coordinates ``scale`` times
    smaller than the page's (the normalised page's box on the page as scanned), about a
    character wider before it."""
    h, w = page.shape[:2]
    x0, y0, x1, y1 = scaled(box, scale)
    pad = int(round(_PAD * scale))
    # About a character more before the box: where no label stands right before a name (a
    # caption above it, a table cell), only blank paper wider than a lost surname could leave
    # shows that none was lost (``_name_start``), and a box cut tight at the name's first
    # stroke leaves less than that within a fixed pad.
    left = max(0, x0 - pad - (y1 - y0))
    part = page[max(0, y0 - pad) : min(h, y1 + pad), left : min(w, x1 + 3 * pad)]
    grey = cv2.cvtColor(part, cv2.COLOR_BGR2GRAY) if part.ndim == 3 else part
    return np.ascontiguousarray(grey, dtype=np.uint8)


def settle(
    v: Value, options: Iterable[str] | Mapping[str, Any], readings: Sequence[Reading],
    grey: Crop | None,
) -> Value:
    """``v`` settled by the crop ``grey`` when every doubt it holds is one the crop answers
    and the crop answers it clearly; else ``v`` unchanged."""
    if grey is None or not v.value or not v.blocking or grey.size == 0:
        return v
    kinds = {(f.code, f.evidence.get("rule")) for f in v.findings if f.blocking}
    row = glyphs.cells(glyphs.ink_of(grey))
    if kinds == {_GLUED}:
        return _unglue(v, v.value, row)
    if kinds == {_GIVEN_ONLY}:
        return _nothing_lost(v, row, grey)
    if kinds == {_LOOKALIKE} and (seen := lookalike.shown(row, v.value)):
        # The look-alike rule hid the next one: a given name alone must show its start too.
        if names.given_only(v.value) and _nothing_lost(v, row, grey) is v:
            return v
        return _checked(v, seen, "姓氏与常见姓氏的字形差异清楚")
    if not kinds <= _READ_DOUBTS:
        return v
    if (started := _start(v, readings, grey, row)) is not None:
        return started
    places = glyphs.places(v.value, options, readings)
    verdict = glyphs.judge(row, places)
    if not verdict.chosen and (each := prior.confirmed(row, places, v.value, readings)
                               or _in_print_face(row, places, v.value, readings)):
        # Each doubted place settled on its own, as read (``_name_prior``, ``_name_print_face``).
        verdict = glyphs.Verdict({i: v.value[i] for i, s in enumerate(places) if len(s) > 1},
                                 "", each)
    if not verdict.chosen:
        if (restored := _surname_offered(v, readings, row)) is not v:
            return restored
        return _partly(v, row, places, options)
    name = "".join(verdict.chosen.get(i, next(iter(s))) for i, s in enumerate(places))
    if not _plausible(name, places):
        return v
    evidence = {"rule": "字形比对", "read": v.value, "detail": verdict.detail}
    message = (f"姓名“{name}”经与证书上的字形比对确认" if name == v.value else
               f"姓名由“{v.value}”按证书上的字形比对更正为“{name}”")
    code = "corrected" if name != v.value else "glyph_checked"
    return _replaced(v, name, CONFIDENCE, Finding(code, "name", message, "note", evidence))


def _start(v: Value, readings: Sequence[Reading], grey: Crop, row: Sequence[glyphs.Cell]
           ) -> Value | None:
    """``v`` with its first character settled where the crop shows where the name begins
    (``_name_lead``): a leader's dot read before it, or a surname one reading saw; None when
    no such doubt holds or the crop does not show it."""
    name, why, told, kept_readings, seen = "", "", "", list(readings), grey
    if not v.value:
        return None
    if (bare := lead.unmarked(readings)) and v.value.endswith(bare):
        name, why = bare, lead.leader_before(grey, bare)
        kept_readings, seen = lead.without_marks(readings, bare), lead.undotted(grey)
        told = "姓名前为引导点，非字符"
        if why and (again := lead.reread(seen)).text == bare:
            kept_readings.append(again)
        elif not why and (why := name_start.clear_before(grey, bare)):
            # The mark stands out of a character's reach before the name, past blank paper
            # (a label's cut tail, a border): no character of the name, nor one lost there.
            kept_readings += [r for r in readings if r.text == bare]
            seen, told = grey, "姓名前的符号与姓名相隔，非字符"
        elif not why and lead.colon_read(readings, bare) and (why := label.before(row, bare)):
            # The mark is the label's colon: past it, the label's 名 stands right before the
            # name (姓名：熊秀), so no surname read as a mark was lost between them.
            kept_readings += [r for r in readings if r.text == bare]
            seen, told = grey, "姓名前的符号为标签的冒号"
    elif (more := lead.longer(readings, v.value) or lead.whole(readings, v.value)) is not None:
        name, (why, left) = more, lead.first_shown(row, more, {label.LABEL_END})
        kept_readings = [r for r in readings if r.text == more]
        # The crop from the name's first character on, read again: the label and leader
        # before it are what made the engine drop or doubt it.
        if why and (again := lead.reread(grey[:, max(0, left - _PAD) :])).text == more:
            kept_readings.append(again)
        told = f"姓名首字“{more[0]}”见于证书"
    if not name or not why or not _plausible(name, [{ch} for ch in name]):
        return None
    kept = [f for f in v.findings if not f.blocking and f.code != "corrected"]
    code = "corrected" if name != v.value else "glyph_checked"
    out = Value(name, CONFIDENCE, [*kept, Finding(
        code, "name", f"姓名由“{v.value}”按证书上的字形更正为“{name}”（{told}）"
        if code == "corrected" else f"姓名“{name}”经与证书上的字形比对确认（{told}）", "note",
        {"rule": "姓名起始", "read": v.value, "detail": why})])
    # The characters the readings agree on must still be sure, or shown by the crop.
    return confirm(out, kept_readings, (seen,))


def _replaced(v: Value, name: str | None, confidence: float, finding: Finding) -> Value:
    """``name`` in place of ``v``'s value with ``finding`` saying why; ``v``'s blocking findings
    go (the new finding speaks for the name now), its notes stay."""
    kept = [f for f in v.findings if not f.blocking]
    return Value(name, confidence, [*kept, finding])


def _surname_offered(v: Value, readings: Sequence[Reading], row: Sequence[glyphs.Cell]
                     ) -> Value:
    """``v`` with its first character, read as no surname, replaced by the one surname every
    reading offered there when the crop draws that surname better (``_name_surname_offered``);
    still flagged for a person. ``v`` unchanged otherwise."""
    if not v.value or not (surname := surname_offered.offered(v.value, readings)):
        return v
    if not (seen := surname_offered.shown(row, v.value, surname)):
        return v
    name = surname + v.value[1:]
    return _replaced(v, name, 0.5, Finding(
        "unconfirmed", "name", f"姓名首字“{v.value[0]}”不是姓氏，已按识别候选与字形改为"
        f"“{name}”，请核对", "warning", {"rule": "姓氏更正", "read": v.value, "detail": seen}))


def _partly(v: Value, row: Sequence[glyphs.Cell], places: Sequence[set[str]],
            options: Iterable[str] | Mapping[str, Any]) -> Value:
    """``v`` shown as the candidate the crop makes of the places it settles on their own
    (``_name_partial``), still flagged for the rest; ``v`` unchanged otherwise."""
    if not v.value:
        return v
    name, detail = partial.clearer(row, places, v.value, options)
    if not name or not _plausible(name, places):
        return v
    return _replaced(v, name, 0.5, Finding(
        "unconfirmed", "name", f"姓名由“{v.value}”按证书上的字形部分更正为“{name}”，其余字仍有"
        "疑问，请核对", "warning", {"rule": "字形比对", "read": v.value, "detail": detail}))


def _nothing_lost(v: Value, row: Sequence[glyphs.Cell], grey: Crop) -> Value:
    """``v`` accepted when the crop shows no surname lost before it — the label's 名 right
    before it (``_name_label``), or a table's rule or blank paper (``_name_start``) — and
    blank paper after it (no character lost at its end either)."""
    if not v.value or not (after := name_start.clear_after(grey, v.value)):
        return v  # a character lost at the end (时玉 for 时玉一) is a doubt as well
    if seen := label.before(row, v.value):
        return _checked(v, f"{seen}; {after}", "姓名前紧接标签“名”，未漏识姓氏")
    if seen := name_start.clear_before(grey, v.value):
        return _checked(v, f"{seen}; {after}", "姓名前后无字迹，未漏识姓氏")
    return v


def _checked(v: Value, detail: str, why: str) -> Value:
    """``v`` with its one doubt answered by the crop (``detail`` the fits; "" leaves ``v``)."""
    if not detail or not v.value:
        return v
    return _replaced(v, v.value, CONFIDENCE, Finding(
        "glyph_checked", "name", f"姓名“{v.value}”经与证书上的字形比对确认（{why}）", "note",
        {"rule": "字形比对", "detail": detail}))


def _in_print_face(row: Sequence[glyphs.Cell], places: Sequence[set[str]], value: str,
                   readings: Sequence[Reading]) -> str:
    """A detail of the fits when the readings of the name's length read ``value`` and the
    face the name is printed in shows each doubted place as read (``_name_print_face``); ""
    otherwise. Only the read value is confirmed so, never a rival.

    A reading that put another character at a place (工芳娥 where a faint 氵 was lost from
    江) is outvoted when more readings read ``value`` than read it: its character is one of the
    rivals that face must show the read one far ahead of, and a printed rival never led so
    in that face."""
    if len(places) != len(value):
        return ""
    texts = Counter(r.text for r in readings if len(r.text) == len(value))
    if any(n >= texts[value] for t, n in texts.items() if t != value):
        return ""
    parts = []
    for i, offered in enumerate(places):
        if len(rivals := set(offered) | {t[i] for t in texts}) > 1:
            if not (seen := print_face.shown(row, value, i, rivals)):
                return ""
            parts.append(seen)
    return " ".join(parts)


def _plausible(name: str, places: Sequence[set[str]]) -> bool:
    """The name the crop settled passes the name checks the readings' doubt hid (a finding
    for a doubt comes before those): a known surname, not a given name alone, and a rare
    surname only when the common one it looks like was a rival the crop ruled out."""
    if not names.surname_length(name) or names.given_only(name):
        return False
    alike = names.commoner_lookalike(name)
    return alike is None or alike in places[0]


def _unglue(v: Value, read: str, row: Sequence[glyphs.Cell]) -> Value:
    """``read`` without its last character when the crop shows that character standing well
    past the name's evenly spaced ones, where the next label is."""
    name = read[:-1]
    found = glyphs.locate(row, name)
    if found is None:
        return v
    start, pitch = found
    end = start + len(name)
    if end >= len(row) or row[end].left - row[end - 1].left < _LABEL_GAP * pitch:
        return v
    return _replaced(v, name, CONFIDENCE, Finding(
        "corrected", "name", f"姓名“{read}”末字“{read[-1]}”位于相邻标签处，已去除，读作“{name}”",
        "note", {"rule": "相邻标签", "read": read}))


def doubted(value: str, readings: Sequence[Reading]) -> list[int]:
    """Places of ``value`` whose character every reading of it gave less than :data:`SURE`,
    counting with it what the reading gave characters no name holds there (``_name_unheld``)."""
    return [i for i, unsure in enumerate(_unsure(value, readings)) if unsure and all(unsure)]


def wavering(value: str, readings: Sequence[Reading]) -> list[int]:
    """Places of ``value`` whose character some reading of it gave less than :data:`SURE`,
    counted as :func:`doubted` counts."""
    return [i for i, unsure in enumerate(_unsure(value, readings)) if any(unsure)]


def _unsure(value: str, readings: Sequence[Reading]) -> list[list[bool]]:
    """For each place of ``value``, whether each reading of it gave the place's character less
    than :data:`SURE`; doubt on characters no name holds there (诺 beside 诸 in 诸葛) is none
    about the name."""
    same = read_as(value, readings)
    return [[_belief(r.alternatives[i], ch) + unheld(value, i, r.alternatives[i]) < SURE
             for r in same] for i, ch in enumerate(value)]


# A name holds no dash: what the engine gave a dash of the same form where it read 一 is 一's
# (毛一淑: 一 at 70 %, — at 28 %). Nor does it hold a dot other than the one that parts a
# transliterated name (热依拉·艾力): every dot form the engine splits that mark among (· 67 %,
# katakana ・ 33 %, • 0.2 %) is that mark. Another character it offered (二) stays a doubt.
_SAME_FORM = {"一": frozenset("—ー-－─―"), "·": frozenset("・•‧∙⋅●･")}


def _belief(alternatives: Sequence[tuple[str, float]], ch: str) -> float:
    """How sure the recogniser was of ``ch`` at a place of a name, counting the forms a name
    cannot hold that look the same as it."""
    same = _SAME_FORM.get(ch, frozenset())
    return sum(p for c, p in alternatives if c == ch or c in same)


def _strokes(value: str, doubt: Sequence[int], crops: Sequence[Crop | None]) -> str:
    """The detail when every doubted place of ``value`` is a 一 some crop shows as one flat
    stroke at the name's pitch (``_name_stroke``: no face's glyph fits a stroke that flat);
    "" otherwise."""
    parts = []
    for i in doubt:
        seen = next((d for g in crops if g is not None and (d := stroke.shown(g, value, i))), "")
        if not seen:
            return ""
        parts.append(seen)
    return "; ".join(parts)


def confirm(
    v: Value, readings: Sequence[Reading], crops: Sequence[Crop | None]
) -> Value:
    """``v`` when no character of an accepted name was doubted by the recogniser (nor, on a
    blurred crop, has a rare rival it offered: ``_name_rare_rival``), or there is no crop to
    compare, or one of the ``crops`` shows each doubted character clearly against its
    rivals (the readings' alternatives there, its look-alikes and the cell read alone); else
    ``v`` flagged for a person, with the characters in doubt."""
    if not v.value or v.blocking or all(g is None or g.size == 0 for g in crops):
        return v  # no image to compare (a record decoded from readings alone)
    # On a blurred crop, or at a place some reading doubted, a rare character offered anywhere
    # stays in play (``_name_rare_rival``).
    doubt = sorted(set(doubted(v.value, readings)) | set(rare_rival.in_play(
        v.value, readings, crops[0] if crops else None, wavering(v.value, readings))))
    if not doubt:
        return v
    if flat := _strokes(v.value, doubt, crops):
        v.findings.append(Finding("glyph_checked", "name", f"姓名“{v.value}”经与证书上的字形"
                                  "比对确认（“一”为一笔横画）", "note",
                                  {"rule": "字形比对", "detail": flat}))
        return v
    places = [{ch} for ch in v.value]
    for r in read_as(v.value, readings):
        for i in doubt:
            places[i] |= {c for c, _ in r.alternatives[i][:3]}
    why, verdicts = "", []
    for grey in crops:
        if grey is None or grey.size == 0:
            continue
        row = glyphs.cells(glyphs.ink_of(grey))
        verdict = glyphs.judge(row, places)
        verdicts.append(verdict)
        why = why or " ".join(filter(None, (verdict.reason, verdict.detail)))
        if not verdict.chosen and (each := prior.confirmed(row, places, v.value, readings)
                                   or _in_print_face(row, places, v.value, readings)):
            verdict = glyphs.Verdict({i: v.value[i] for i in doubt}, "", each)
        if verdict.chosen and all(verdict.chosen.get(i) == v.value[i] for i in doubt):
            v.findings.append(Finding("glyph_checked", "name", f"姓名“{v.value}”经与证书上的"
                                      "字形比对确认", "note",
                                      {"rule": "字形比对", "detail": verdict.detail}))
            return v
    if (name := rare_shown.shown(v.value, doubt, verdicts, readings)) and _plausible(
            name, places):
        # Every view shows the rare character the readings' prior pulled to a common one.
        return Value(name, CONFIDENCE, [*v.findings, Finding(
            "corrected", "name", f"姓名由“{v.value}”按证书上的字形比对更正为“{name}”（生僻字"
            "被识别为形近常用字）", "note", {"rule": "字形比对", "read": v.value,
                                          "detail": " | ".join(x.detail for x in verdicts)})])
    chars = "、".join(f"“{v.value[i]}”" for i in doubt)
    message = (f"姓名“{v.value}”中{chars}识别把握不足，字形比对未能确认"
               "（可能是形近的生僻字），请核对")
    v.fail(Finding("unconfirmed", "name", message, "warning", {"rule": "字形比对", "detail": why}),
           0.5)
    return v
