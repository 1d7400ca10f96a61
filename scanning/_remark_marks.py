"""Marks of a remark line chosen among tied readings: the comma a hand-written wrap loses its
tail from, and a small mark one reading saw surely where the others lost it."""

import difflib

from scanning._ocr import Reading
from scanning._remark_phrases import _MARKS, CLAUSE_OPENS

# Two code points of one character: the numeral zero 〇 and the circle ○ it is printed as.
_SAME = str.maketrans("○", "〇")


def _sure(alts: tuple[tuple[str, float], ...]) -> float:
    """How sure the engine was of a position's first alternative, counting the alternatives
    that are the same character in another code point (○ 0.52 and 〇 0.44 are a sure zero)."""
    first = alts[0][0].translate(_SAME)
    return sum(p for c, p in alts if c.translate(_SAME) == first)


def _wrap_comma(tied: list[str], nxt: str | None) -> str | None:
    """Of tied readings that differ only in the mark ending the line, the one ending in the
    comma, when one does and the others end in an ASCII full stop or nothing and the next row
    opens a clause (经本人申请 / 予以 …): a remark joins its clauses with a comma (原证书因保管
    不慎遗失，经本人申请，予以补发), and a hand-written comma read without its tail is a dot. The
    Chinese full stop 。 is a mark of its own and stays a disagreement."""
    if nxt is None or not nxt.startswith(CLAUSE_OPENS):
        return None
    stems = {t[:-1] if t[-1:] in ("，", ".") else t for t in tied}
    comma = [t for t in tied if t.endswith("，")]
    return comma[0] if len(stems) == 1 and len(comma) == 1 else None


SURE_MARK = 0.9  # how sure a reading must be of a mark the other readings lost


def _sure_mark(tied: list[str], readings: list[Reading]) -> str | None:
    """Of tied readings that differ only in marks inside the line, one reading lacking what
    another has (已升位，以本证记载 / 已升位以本证记载), the one with the marks when the engine
    was sure of each of them (``SURE_MARK``) in a reading that says it: a small mark is lost by
    a view far more often than seen surely where there is none. Marks at the line's ends (a
    seal's speck, an edge cut differently) and any other difference leave the doubt."""
    full = max(tied, key=len)
    if any(_strip_marks(t) != _strip_marks(full) for t in tied):
        return None
    extra: set[int] = set()
    for t in tied:
        ops = difflib.SequenceMatcher(None, t, full, autojunk=False).get_opcodes()
        for op, _, _, j1, j2 in ops:
            if op == "insert":
                extra.update(range(j1, j2))
            elif op != "equal":
                return None
    if not extra or not all(0 < k < len(full) - 1 and full[k] in _MARKS for k in extra):
        return None
    said = [r for r in readings if r.text == full and len(r.alternatives) == len(r.text)]
    sure = any(all(_sure(r.alternatives[k]) >= SURE_MARK for k in extra) for r in said)
    return full if sure else None


def _strip_marks(text: str) -> str:
    return "".join(ch for ch in text if ch not in _MARKS)
