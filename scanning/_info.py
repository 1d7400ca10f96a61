"""The information page's fields: find them on the best information page, read each twice,
and decode every value against the rules it must satisfy."""

from __future__ import annotations

from typing import TYPE_CHECKING

from core.errors import InvalidInput
from core.rules import parse_cn_date
from scanning import _candidates, _fields, _grey, _ocr, _seal_shape, _seal_tail, _vocab
from scanning._band_ink import print_box
from scanning._cells import page_cells
from scanning._date_reach import reached
from scanning._date_rules import whole_date
from scanning._date_sign_band import signature_band
from scanning._field_rows import gaps, rows_read
from scanning._fields import NUMERALS as _NUMERALS
from scanning._fields import RawField
from scanning._labels import next_label
from scanning._leader import erased
from scanning._model import INFO_FIELDS
from scanning._ocr import Box, Image, Reading
from scanning._pages import Role

if TYPE_CHECKING:
    from scanning._scan import Page


def best_info(pages: list[Page]) -> tuple[int, dict[str, RawField]] | None:
    """The information page with the most fields found, and those raw fields."""
    best: tuple[int, dict[str, RawField]] | None = None
    for i, p in enumerate(pages):
        if p.role is Role.INFORMATION:
            raw = _fields.info_fields(p.lines, i)
            if best is None or len(raw) > len(best[1]):
                best = (i, raw)
    if best is None:
        return None
    i, raw = best
    raw = raw | missed_rows(pages[i], i, raw)
    raw = raw | signature_band(raw, pages[i].image.shape[1])  # a signature date undetected
    raw = raw | reached(raw, pages[i].image.shape[1])  # a date's box ended before its day
    raw = raw | after_leaders(pages[i], i, raw)
    raw = raw | print_bands(pages[i], raw)
    return i, raw | untrimmed_words(raw, _seal_tail.trimmed(pages[i].clean, raw))


def untrimmed_words(raw: dict[str, RawField], cut: dict[str, RawField]) -> dict[str, RawField]:
    """The seal-lettering cuts (``_seal_tail.trimmed``), less one that would turn a subject
    or qualification type read as a listed value into a read no value of its list is (体育
    into 体: 育 is a seal's word too; 初级中学教师资格 into 初级中学教: the certifying seal's
    own lettering is 教师资格认定专用章, and a phone photo's light falling off toward the
    value's end looks like a seal's lighter ink). What the cut leaves cannot be the print,
    while the whole read is one; a seal's words completing a stub into a listed value by
    chance is far less likely. A cut that leaves a listed value (护理 of 护理省) or leaves
    an unlisted read from an unlisted one stands."""
    lists = (("subject", _vocab.SUBJECTS), ("qualification_type", _vocab.type_entries()))
    kept = set()
    for key, listed in lists:
        old, new = raw.get(key), cut.get(key)
        if old and new and old.text in listed and new.text not in listed:
            kept.add(key)
    return {k: v for k, v in cut.items() if k not in kept}


def _line(r: RawField) -> Box:
    """A field's whole line: its value's box, or for a band beside its label (no value read),
    the label's box with the band (the label's line may hold a leader and the value the
    recogniser dropped with it: 性别…………女 read as 性别)."""
    beside = r.label is not None and not r.text and r.box[1] < r.label[3] < r.box[3]
    return _fields.union([r.box, r.label]) if beside and r.label else r.box


def after_leaders(page: Page, index: int, raw: dict[str, RawField]) -> dict[str, RawField]:
    """Fields whose line runs through a dotted leader, read again from right of it
    (``_leader``): the recogniser drops the value's first characters with the dots."""
    cuts = {
        k: cut for k, r in raw.items()
        if (r.text or r.label) and (cut := erased(page.image, _line(r), page.clean))
    }  # fmt: skip
    if not cuts:
        return {}
    got = _ocr.readings(list(cuts.values()), red=False)
    # A band's value read right of its leader is still read from the band only.
    return {k: RawField(r[0].text, r[0].score, box, index, reread=banded(raw[k]))
            for (k, (_, box)), r in zip(cuts.items(), got, strict=True)
            if r and r[0].text and not date_cut_into(k, raw[k].text, r[0].text)}  # fmt: skip


def date_cut_into(key: str, whole: str, cut: str) -> bool:
    """Whether a leader's cut went into a date's own print: the line read as a whole date
    (2007年10月09日) and right of the "leader" as no date (年10月09日). A seal's lettering
    under the date's line leaves the tops of its characters along the line's foot, small,
    low and evenly spaced like a leader's dots; a real leader's dots take characters from the
    recogniser's read of the line, so a line read as a whole date had none to lose."""
    return key in ("birth_date", "issue_date") and whole_date(whole) and not whole_date(cut)


# Fields whose value is one to three characters (女, 汉族): in a wide band they read as nothing.
# A longer value is never cut so: under a seal its characters join the ring's strokes, which
# the cut takes for pattern, and the value would lose its end (…城固县教 for …城固县教育局).
_SHORT = frozenset({"gender", "ethnicity"})


def print_bands(page: Page, raw: dict[str, RawField]) -> dict[str, RawField]:
    """Bands where a short value's label stands with no value read, cut to the print inside
    them (``_band_ink``): a lone faint character in a wide band reads as nothing."""
    out = {}
    for k, r in raw.items():
        if k in _SHORT and not r.text and r.label is not None:
            height = r.label[3] - r.label[1]
            if (box := print_box(page.image, r.box, height)) is not None:
                out[k] = RawField("", 0.0, box, r.page, r.label)
    return out


def missed_rows(page: Page, index: int, raw: dict[str, RawField]) -> dict[str, RawField]:
    """Fields whose whole row the detector missed (a seal, a blur), read in the band where the
    rows' pitch says a row stands (``_field_rows``); only on pages with fields still missing."""
    missing = set(INFO_FIELDS) - raw.keys()
    if not missing:
        return {}
    cells, _ = page_cells(page.lines, _fields.INFO_LABELS)
    bands = gaps(cells, page.image.shape[0])

    def read(boxes: list[_ocr.Box]) -> list[Reading]:
        got = _ocr.readings([(page.second_view, b) for b in boxes], red=False)
        return [r[0] for r in got]

    taken = [r.box for r in raw.values()]
    found = rows_read(bands, missing, read, cells, taken)
    return {k: RawField(r.text, r.score, r.box, index, reread=r.reread) for k, r in found.items()}


def strip_label(reading: Reading) -> Reading:
    """A re-read box may hold its label too ("姓名：张三"): keep only the value, with its
    characters' alternatives."""
    cleaned = _candidates.clean(reading)
    hit = _fields.match_label(cleaned.text, _fields.INFO_LABELS)
    if hit:
        value = _candidates.suffix(cleaned, len(hit[1]))
        return _until_next_label(value)
    # A label garbled past recognition (姓☑名:苏资) still ends at its colon.
    colon = max(cleaned.text.rfind(":"), cleaned.text.rfind("："))
    return _candidates.suffix(cleaned, len(cleaned.text) - colon - 1) if colon >= 0 else cleaned


def _until_next_label(reading: Reading) -> Reading:
    """A band read across two fields of a row (张三性别男) keeps only the first field's value."""
    end = next_label(reading.text, _fields.INFO_LABELS)
    if end >= len(reading.text):
        return reading
    return Reading(reading.text[:end], reading.score, reading.alternatives[:end])


def banded(r: RawField) -> bool:
    """Whether a field's value was read only from a band of the page (no line the detector
    found holds it: ``_field_bands``, ``_date_sign_band``, ``_field_rows``): every reading of
    it is then a re-read of its box."""
    return not r.text or r.reread


def field_readings(pages: list[Page], raw: dict[str, RawField]) -> dict[str, list[Reading]]:
    """Every reading of each field: the page's own, then the re-reads of its box. A value
    read only from a band has no reading of the page's own (its band read is the re-read of
    the same crop, which it would confirm as its echo), and its second re-read is of other
    pixels (``_ocr.other_view``), never the first crop stretched again: two readings that
    agree are then two crops that read the value alike."""
    keys = [k for k in raw if k in INFO_FIELDS]
    views = {raw[k].page: pages[raw[k].page].second_view for k in keys}
    again = dict(_rereads(keys, raw, views, apart=False) + _rereads(keys, raw, views, apart=True))
    out: dict[str, list[Reading]] = {}
    for key in keys:
        own = not raw[key].reread
        first = page_reading(pages[raw[key].page].lines, raw[key]) if own else Reading("", 0.0)
        out[key] = [first, *(strip_label(r) for r in again[key])]
    out |= dark_rereads(pages, raw, out)
    for key in ("birth_date", "issue_date"):
        if key in out:
            out[key] = [date_tail(r) for r in out[key]]
    out |= seal_whitened(pages, raw, out)
    if "issuing_authority" in out:
        out["issuing_authority"] = [authority_end(r) for r in out["issuing_authority"]]
    for key in _CLOSED:
        if key in out:
            out[key] = [word_inside(key, r) for r in out[key]]
    return out


def _rereads(
    keys: list[str], raw: dict[str, RawField], views: dict[int, Image], apart: bool
) -> list[tuple[str, list[Reading]]]:
    """The re-reads of the fields read from a band (``apart``) or of the others."""
    mine = [k for k in keys if banded(raw[k]) == apart]
    got = _ocr.readings([(views[raw[k].page], raw[k].box) for k in mine], ruled=True, apart=apart)
    return list(zip(mine, got, strict=True))


# Fields whose every value is a word of a closed list (男/女, the qualification types' forms),
# and which the ID number's order digit or the certificate number's type digit checks.
_CLOSED = ("gender", "qualification_type")


def _words(key: str) -> frozenset[str]:
    return frozenset({"男", "女"} if key == "gender" else _vocab.type_entries())


def word_inside(key: str, reading: Reading) -> Reading:
    """A closed field's reading that holds its list's one word among other marks (船主膜男, or
    小学教师资格册长膜宝 with a page's bleed-through or a security print read beside it): only
    that word. Never when it holds words of two values or is near a word itself (its one
    misread character is the vocabulary's to snap); the joint decode then checks the word
    against the ID or certificate number, which flag a wrong one."""
    words = _words(key)
    text = reading.text
    if text in words or (key == "qualification_type" and _vocab.near_types(text)):
        return reading
    hits = [w for w in words if w in text]
    hits = [w for w in hits if not any(w != o and w in o for o in hits)]  # 小学教师资格证书
    if len(hits) != 1 or text.count(hits[0]) != 1:
        return reading
    start, alts = text.find(hits[0]), reading.alternatives
    kept = alts[start:start + len(hits[0])] if len(alts) == len(text) else ()
    return Reading(hits[0], reading.score, kept)


def date_tail(reading: Reading) -> Reading:
    """A date reading that the detector joined with words before it (a seal's 教师资格… over
    the signature block, read 数师资格二〇二四年二月十日): the whole date it ends with, when
    what comes before holds no digit or numeral (so that no part of the date is ever cut)."""
    text = reading.text
    if _full_date(text):
        return reading
    for start in range(1, len(text) - 5):
        if text[start - 1] in _NUMERALS or text[start - 1].isdigit():
            break
        if _full_date(text[start:]):
            return _candidates.suffix(reading, len(text) - start)
    return reading


def _full_date(text: str) -> bool:
    try:
        parse_cn_date(text)
    except InvalidInput:
        return False
    return True


def seal_whitened(
    pages: list[Page], raw: dict[str, RawField], got: dict[str, list[Reading]]
) -> dict[str, list[Reading]]:
    """A date field no reading reads whole, read once more from the page with its red seal's
    ink turned white (the page's text view), where the seal crosses the field's box. The
    re-reads look at the red-channel view, in which the seal stays pale and can still hide
    a numeral (二 of 二〇一〇年 read 〇一〇年 on a phone photo); the whitened view drops it.
    Only a whole date of the era joins the readings, as one more reading for the rules."""
    keys = [k for k in ("birth_date", "issue_date")
            if k in got and not any(whole_date(r.text) for r in got[k])
            and _whitened(pages[raw[k].page], raw[k].box)]  # fmt: skip
    if not keys:
        return {}
    again = _ocr.readings([(pages[raw[k].page].clean, raw[k].box) for k in keys], red=False)
    out: dict[str, list[Reading]] = {}
    for key, rs in zip(keys, again, strict=True):
        whole = [t for r in rs if whole_date((t := date_tail(strip_label(r))).text)]
        if whole:
            out[key] = [*got[key], *whole]
    return out


def _whitened(page: Page, box: Box) -> bool:
    """Whether the text view turned any of the box's pixels white (seal ink was there)."""
    x0, y0, x1, y1 = (max(0, int(v)) for v in box)
    return bool((page.clean[y0:y1, x0:x1] != page.second_view[y0:y1, x0:x1]).any())


def authority_end(reading: Reading) -> Reading:
    """An authority reading that ran on past the name into the seal's legend or the next
    label (酒泉市教育局人定专用章): an authority's name ends with its office (教育局, 教育厅 …),
    so a reading that starts with a whole known authority name is cut after it."""
    text = reading.text
    if _vocab.is_authority(text):
        return reading
    for end in range(len(text) - 1, 2, -1):
        if _vocab.is_authority(text[:end]):
            return Reading(text[:end], reading.score, reading.alternatives[:end])
    return reading


def dark_rereads(
    pages: list[Page], raw: dict[str, RawField], got: dict[str, list[Reading]]
) -> dict[str, list[Reading]]:
    """On a greyscale page, fields of a known shape no two readings read whole and alike (a
    grey seal over them) read again from their darkest ink only and from their own line of
    print (``_grey``), at most four recognitions each, only for those fields; of those
    readings, the ones that tell something of the field (``_grey.telling``) join the others,
    and the readings that then read the field whole are kept (``_grey.kept``)."""
    keys = [k for k, rs in got.items() if _grey.doubted(k, rs)]
    keys = [k for k in keys if _seal_shape.is_grey(pages[raw[k].page].image)]
    out: dict[str, list[Reading]] = {}
    for key in keys:
        dark = [_tidy(key, strip_label(r))
                for r in _grey.dark_readings(pages[raw[key].page].image, raw[key].box)]
        dark = [r for r in dark if _grey.telling(key, r)]
        if dark:
            out[key] = _grey.kept(key, [*got[key], *dark])
    return out


def _tidy(key: str, reading: Reading) -> Reading:
    return authority_end(reading) if key == "issuing_authority" else reading


def page_reading(lines: list[_ocr.Line], raw: RawField) -> Reading:
    """The page's own reading of a field with the engine's alternatives for its characters,
    taken from the line it was read from (or the lines, joined in reading order, when the
    value spans several boxes). Without them the first reading would count as certain of
    every character; when the text is not found there exactly once it stands without them."""
    text = _candidates.clean(Reading(raw.text, raw.score))
    inside = sorted((ln for ln in lines if _within(ln.box, raw.box)), key=lambda ln: ln.cy)
    for group in [*([ln] for ln in inside), inside]:
        found = _slice(text, [_candidates.clean(ln.reading) for ln in group])
        if found is not None:
            return found
    return text


def _slice(text: Reading, pieces: list[Reading]) -> Reading | None:
    """``text`` with the alternatives of the one place the joined ``pieces`` read it."""
    if not text.text or any(len(r.alternatives) != len(r.text) for r in pieces):
        return None
    whole = "".join(r.text for r in pieces)
    start = whole.find(text.text)
    if start < 0 or whole.find(text.text, start + 1) >= 0:
        return None
    alts = tuple(a for r in pieces for a in r.alternatives)
    return Reading(text.text, text.score, alts[start : start + len(text.text)])


def _within(line: _ocr.Box, field: _ocr.Box) -> bool:
    """A line whose centre lies inside the field's box."""
    cx, cy = (line[0] + line[2]) / 2, (line[1] + line[3]) / 2
    return field[0] <= cx <= field[2] and field[1] <= cy <= field[3]
