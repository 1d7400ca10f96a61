"""The information page's issuing authority completed from the seal over it.

The authority's seal stands over the printed 发证机关 and carries the office's name in its ring
lettering. Where the printed name is read short or garbled (口市教育局, 天柱县前局), the field
is flagged; the seal is a second reading of the same name, made of other pixels. The two
together complete the name only when they prove one office of the vocabulary:

- the printed field alone supports it (``_authority_support.supports``: three quarters of its
  characters, half of its place read as they are, misreads only look-alikes) with nothing
  read beyond it (but the ring's lettering read on after the name, where the ring crosses
  its row: ``_authority_tail``);
- a reading of the seal's lettering (``_seal_ring.lettering``) shows at least half of its
  characters as they are, with at most one character that is none of its, and none inside
  its place (宿豫福教育局 is no reading of 宿县教育局);
- every one of its characters is read as it is by the printed field or by the seal (海口市教育局:
  海 from the seal, 口市教育局 from both); no reading close to it reads a place character as
  an unlike one that makes another office (八道江区 for 二道江区), and no printed reading of it
  holds a character inside it that it lacks (教育和体育局 for 教育体育局) in every alignment
  with fewest changes (``_authority_tail.inside``);
- when a longer name of the same place exists (海南省海口市教育局), a seal reading starts
  with its first character and spreads over at least half the ring (a seal letters a name
  over 200–270°: what is left when the first characters were lost spreads over less), and no
  reading with characters before it shows more of the longer name than of it;
- no other entry is proved alike, no reading (printed or the seal's) is itself another office
  that holds a character the entry lacks (教育和体育局 beside 教育体育局), and the
  certificate number's province digits (when the number was read surely) name its province.

A value misread or unread (no conflict with another field) is first read again where its crop
was cut (``_authority_reread``: its row run on to the end of its print, the band re-detected,
the printed name boxed apart near the field); those reads join the printed ones above, and,
where the seal proves nothing, may prove one office by themselves or with the holder's ID
division (``_authority_proof``: notes ``authority_reread``, ``authority_division``), or, read
as a province's department (…教育厅), by the certificate number's province
(``_authority_department``: note ``authority_department``).

Anything else leaves the field as it was, flagged, with the seal's readings as a note. Only a
flagged authority is looked at, so the seal is read at most once per booklet.

An accepted authority is only checked against its own readings: a name the table knows in
both scripts (香港特別行政區 / 香港特别行政区) must be written as the print shows it
(``_authority_script``).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping, MutableMapping, Sequence
from functools import cache

from core.rules import NOT_HAN, Finding
from scanning import _authority_department as department
from scanning import _authority_proof as proof
from scanning import _authority_reread as reread
from scanning import _authority_script as script
from scanning import _authority_support as support
from scanning import _authority_tail as tail
from scanning import _ocr, _seal_reread, _seal_ring, _seal_shape, _stamps, _vocab
from scanning._authority_reread import Read
from scanning._fields import RawField
from scanning._ocr import Box, Image, Line, Reading
from scanning._seal_ring import MIN_SPREAD, Lettering
from scanning._seal_shape import Ring
from scanning._validate import Value

__all__ = ["offices", "settle"]

FIELD = "issuing_authority"
REACH = 0.2  # a seal belongs to the field when its rim is this many radii from the box or over it
MIN_SEAL = 0.5  # share of the office's characters a seal reading shows as they are
MAX_EXTRA = 1  # characters a reading may hold that are none of the office's
_RULE = "发证机关与印章环形文字共同确定"
# The decoder's findings that say a value was misread or not read: re-reads may settle them.
_READING = frozenset({"authority_unknown", "ambiguous", "unconfirmed", "missing", "suggested",
                      "authority_format", "ocr_disagreement", "unreadable", "unsolved"})
_RULE_REREAD = "发证机关整行重读唯一确定"
_RULE_DIVISION = "发证机关由证书号码省份与身份证行政区划唯一确定"


def settle(
    image: Image, raw: Mapping[str, RawField], values: MutableMapping[str, Value],
    lines: Sequence[Line] = (),
) -> None:
    """Complete a flagged issuing authority from the seal over its field, or from re-reads of
    its field's row and of the page's ``lines`` near it (see the module)."""
    v = values.get(FIELD)
    field = raw.get(FIELD)
    if v is None or field is None:
        return
    if not v.blocking:
        _check_script(v, field)
        return
    view = image if _seal_shape.is_grey(image) else _stamps.red_view(image)
    ring = _ring(view, field.box) if view is not None else None
    # Re-reads only for a value misread or unread: a conflict with another field is no
    # question of reading.
    reads = _rereads(image, raw, lines, v) if _misread_only(v) else []
    province = _province(values)
    printed = _readings(v, field)
    seal: tuple[Lettering, ...] = ()
    found: list[str] = []
    if view is not None and ring is not None:
        seal = _seal_ring.lettering(view, ring)
        printed = _printed(v, field, image, ring)
        found = offices([*printed, *(r.text for r in reads)], seal, province,
                        crossed=ring.crosses(field.box) is not None,
                        begun=lambda e: proof.starts(e, reads))
        if len(found) == 1:
            values[FIELD] = _by_seal(found[0], printed, seal)
            return
    texts = list(dict.fromkeys([*printed, *(r.text for r in reads)]))
    placed: dict[Box, list[reread.Glyph]] = {}

    def tight(r: Read, at: frozenset[int]) -> bool:
        if r.box is None:
            return False
        if r.box not in placed:
            placed[r.box] = reread.glyphs(image, r.box)
        return reread.tight(placed[r.box], r.text, at)

    got = proof.by_print(reads, province, tight)
    if len(got) == 1:
        values[FIELD] = _reread_value(got[0], texts)
        return
    division, offered = _division(values), _offered(v)
    got = proof.by_division(reads, province, division, list(offered))
    if len(got) == 1 and _likeliest(got[0], offered):
        values[FIELD] = _division_value(got[0], texts, division)
        return
    named = department.value(texts, [_flat(s.text) for s in seal], province)
    if named is not None and _misread_only(v):
        values[FIELD] = named
        return
    if seal:
        said = "”/“".join(s.text for s in seal)
        which = "、".join(f"“{n}”" for n in found) or "无"
        ev: dict[str, object] = {"readings": printed, "seal": [s.text for s in seal],
                                 "rule": _RULE, "candidates": found}
        v.findings.append(Finding(
            "seal_authority_unread", FIELD,
            f"印章环形文字读作“{said}”，与所读发证机关共同确定的机关：{which}，未自动更正",
            "note", ev))


def _by_seal(name: str, printed: Sequence[str], seal: Sequence[Lettering]) -> Value:
    said = "”/“".join(s.text for s in seal)
    msg = (f"发证机关读作“{'”/“'.join(printed)}”，与印章环形文字“{said}”共同确定为"
           f"“{name}”，已更正")
    ev: dict[str, object] = {"readings": list(printed), "seal": [s.text for s in seal],
                             "rule": _RULE}
    return Value(name, 1.0, [Finding("seal_authority", FIELD, msg, "note", ev)])


def _reread_value(name: str, texts: Sequence[str]) -> Value:
    msg = (f"发证机关读作“{texts[0] if texts else ''}”；整行重读多次一致，唯一确定为“{name}”"
           "（证书号码省份相符，无其他机关可解释），已更正")
    ev: dict[str, object] = {"readings": list(texts), "rule": _RULE_REREAD}
    return Value(name, 1.0, [Finding("authority_reread", FIELD, msg, "note", ev)])


def _division_value(name: str, texts: Sequence[str], division: str | None) -> Value:
    msg = (f"发证机关读作“{'”/“'.join(texts[:6])}”，可为本省多个机关；身份证号码行政区划"
           f"（{division}）只与“{name}”相符，且有读数为“{name}”，已更正")
    ev: dict[str, object] = {"readings": list(texts), "division": division,
                             "rule": _RULE_DIVISION}
    return Value(name, 1.0, [Finding("authority_division", FIELD, msg, "note", ev)])


def _rereads(
    image: Image, raw: Mapping[str, RawField], lines: Sequence[Line], v: Value
) -> list[Read]:
    """The decoder's readings and the re-reads of the field's row and of whole names near it
    (``_authority_reread``)."""
    field = raw[FIELD]
    others = [r.box for k, r in raw.items() if k != FIELD]
    reads = [Read(t, False, "page") for t in _readings(v, field)]
    rows = reread.boxes(image, field.box, others)
    begun = {b for b in rows if reread.begins_row(image, b, others)}
    reads += [Read(r.text, r.after_label or r.box in begun, r.kind, r.box)
              for r in reread.rereads(image, rows)]
    reads += reread.band_reads(image, field.box)
    for ln in reread.near_names(lines, field.box):
        alone = reread.alone(lines, ln.box)
        reads.append(Read(reread.flat(ln.text), alone, "page", ln.box))
        reads += [Read(r.text, alone, r.kind, r.box) for r in reread.rereads(image, [ln.box])]
    return reads


def _misread_only(v: Value) -> bool:
    """Every finding that blocks the value says it was misread or not read (none a conflict
    with another field or the registry, which no re-read settles)."""
    return all(f.code in _READING for f in v.findings if f.blocking)


def _offered(v: Value) -> dict[str, float | None]:
    """The decoder's candidates for the field with their shares (None: not given)."""
    out: dict[str, float | None] = {}
    for f in v.findings:
        for c in f.evidence.get("candidates") or []:
            name = c[0] if isinstance(c, list | tuple) and c else c
            share = c[1] if isinstance(c, list | tuple) and len(c) > 1 else None
            if isinstance(name, str):
                out[name] = float(share) if isinstance(share, int | float) else None
    return out


def _likeliest(name: str, offered: Mapping[str, float | None]) -> bool:
    """``name`` is the decoder's likeliest candidate, ahead of every other, when the decoder
    weighed any."""
    shares = {k: s for k, s in offered.items() if s is not None}
    if not shares:
        return True
    return shares.get(name, -1.0) > max((s for k, s in shares.items() if k != name),
                                        default=-1.0)


def _division(values: Mapping[str, Value]) -> str | None:
    """The ID number's division code, when the number was read surely."""
    idn = values.get("id_number")
    text = idn.value if idn is not None and not idn.blocking else None
    return text[:6] if isinstance(text, str) and len(text) == 18 and text[:6].isdigit() else None


def _check_script(v: Value, field: RawField) -> None:
    """Write an accepted authority in the script its readings show, or flag it
    (``_authority_script``)."""
    script.check(v, _readings(v, field))


def offices(
    printed: Sequence[str], seal: Sequence[Lettering], province: str | None = None,
    crossed: bool = False, begun: Callable[[str], bool] = lambda e: False,
) -> list[str]:
    """The vocabulary entries the printed readings and the seal's readings prove together
    (``province``: the certificate number's province digits, when read surely; ``crossed``:
    the seal's ring crosses the printed row, whose readings may hold its lettering,
    ``_authority_tail``; ``begun``: a printed read proves an entry's first character is the
    print's first, ``_authority_proof.starts``). One entry is an answer; none or several
    are not."""
    printed = [p for p in (_flat(t) for t in printed) if p]
    seal = [Lettering(_flat(s.text), s.spread) for s in seal if _flat(s.text)]
    if not printed or not seal:
        return []
    found = [
        e for e in _candidates([*printed, *(s.text for s in seal)])
        if (not province or province in _vocab.authority_provinces(e))
        and _proved(e, printed, seal, crossed, begun(e))
    ]
    reads = [*printed, *(s.text for s in seal)]
    others = {p for p in reads if _vocab.is_authority(p)} - set(found)
    if any(not any(support.within(e, p) for e in found) for p in others):
        return []  # a reading names another office as it is: the readings disagree
    return sorted(found)


def _proved(
    entry: str, printed: Sequence[str], seal: Sequence[Lettering], crossed: bool = False,
    begun: bool = False,
) -> bool:
    """The printed field and the seal together show ``entry`` whole (the module's rules;
    ``begun``: a printed read starts right after the field's label with its first character)."""
    # The ring's lettering read on after the printed name is no part of it (only where the
    # ring crosses the row); every other rule weighs the readings as read.
    cut = [tail.cut(entry, p, [s.text for s in seal]) for p in printed] if crossed else printed
    if not any(support.supports(entry, Reading(p, 1.0)) and tail.extra(entry, p) == 0
               for p in cut):
        return False
    seals = [s.text for s in seal if tail.extra(entry, s.text) <= MAX_EXTRA
             and _strays(entry, s.text)[1] == 0
             and len(_shown(entry, s.text)) >= math.ceil(MIN_SEAL * len(entry))]
    if not seals:
        return False
    reads = [*printed, *(s.text for s in seal)]
    shown: set[int] = set()
    for text in [*(p for p in printed if tail.extra(entry, p) <= MAX_EXTRA), *seals]:
        shown |= _shown(entry, text)
    if len(shown) < len(entry) or _contested(entry, reads) or any(
            tail.inside(entry, p, crossed) and len(_shown(entry, p)) >= MIN_SEAL * len(entry)
            for p in printed):
        return False
    longer = proof.longer_names(entry)
    # The start is proved by the seal's first letter or by the print itself: a read that
    # begins right after the field's own label with the entry's first character leaves no
    # room for a higher level's name before it (a ring's first letter is often turned on
    # its side and misread: 海 for 乌).
    return not longer or ((begun or any(_starts(entry, s) for s in seal)) and not any(
        _strays(entry, r)[0] and len(_shown(other, r)) > len(_shown(entry, r))
        for other in longer for r in reads))


def _starts(entry: str, s: Lettering) -> bool:
    """The seal reading begins with the entry's first character (read or a look-alike) and
    spreads over as much of the ring as a whole name does."""
    ops = support.align(entry, s.text)
    first, j = ops[0]
    return (s.spread >= MIN_SPREAD and j == 0 and
            (first == "read" or first == "misread" and support.alike(s.text[0], entry[0])))


def _contested(entry: str, reads: Sequence[str]) -> bool:
    """A reading close to ``entry`` reads one of its place characters as an unlike one that
    makes another office (八道江区 where the entry has 二道江区), or reads a character inside
    its place or suffix that it lacks (教育和体育局 for 教育体育局)."""
    place = len(support.place_part(entry))
    for text in (r for r in reads if tail.extra(entry, r) <= MAX_EXTRA):
        ops = support.align(entry, text)
        for i, (op, j) in enumerate(ops[:place]):
            if op == "misread" and not support.alike(text[j], entry[i]) and _vocab.is_authority(
                    entry[:i] + text[j] + entry[i + 1 :]):
                return True
    return False


def _shown(entry: str, read: str) -> set[int]:
    """Positions of ``entry`` that ``read`` shows as they are, aligned with fewest changes."""
    return {i for i, (op, _) in enumerate(support.align(entry, read)) if op == "read"}


def _strays(entry: str, read: str) -> tuple[int, int]:
    """Of ``read``'s characters aligned with none of ``entry``'s: how many stand before its
    first aligned one, and how many inside its place (宿豫福教育局 for 宿县教育局: 豫)."""
    ops = support.align(entry, read)
    at = [(i, j) for i, (op, j) in enumerate(ops) if op != "lost"]
    if not at:
        return 0, 0
    taken = {j for _, j in at}
    place = len(support.place_part(entry))
    inside = sum(1 for j in range(at[0][1], at[-1][1]) if j not in taken
                 and next(i for i, jj in at if jj > j) < place)
    return at[0][1], inside


def _candidates(reads: Iterable[str]) -> list[str]:
    """Entries every character of which some reading holds (whatever else they read)."""
    chars = {ch for r in reads for ch in r}
    index = _by_first()
    return [e for ch in chars for e in index.get(ch, ()) if set(e) <= chars]


@cache
def _by_first() -> dict[str, tuple[str, ...]]:
    """The vocabulary's authority names by their first character."""
    index: dict[str, list[str]] = {}
    for name in _vocab.authority_names():
        index.setdefault(name[0], []).append(name)
    return {k: tuple(v) for k, v in index.items()}


def _ring(view: Image, box: Box) -> Ring | None:
    """The one seal over or beside the field's box."""
    near = [r for r in _seal_shape.rings(view) if _gap(r, box) <= REACH * r.r]
    return near[0] if len(near) == 1 else None


def _gap(ring: Ring, box: Box) -> float:
    """How far the seal's rim stays from the box (0 or less: it reaches it)."""
    dx = max(box[0] - ring.cx, 0.0, ring.cx - box[2])
    dy = max(box[1] - ring.cy, 0.0, ring.cy - box[3])
    return math.hypot(dx, dy) - ring.r


def _printed(v: Value, field: RawField, image: Image, ring: Ring) -> list[str]:
    """The printed field's readings: the decoder's, and, where a grey seal crosses the
    field, its crop read again through views that push the seal back
    (``_seal_reread.views``)."""
    reads = _readings(v, field)
    if ring.crosses(field.box) and _seal_shape.is_grey(image):
        crops = [c for _, c in _seal_reread.views(image, field.box)]
        reads += [r.text for r in _ocr.recognise_all(crops)]
    return list(dict.fromkeys(t for t in (_flat(reread.unlabelled(r)) for r in reads) if t))


def _readings(v: Value, field: RawField) -> list[str]:
    """The field's readings the decoder kept: the page's, and those its findings cite."""
    reads = [field.text]
    for f in v.findings:
        got = f.evidence.get("readings")
        reads += [str(r) for r in got] if isinstance(got, list) else []
    # A label the decoder's reading kept (颁发机关乌海育局) is no part of the name: aligned
    # with it, its characters pass for a longer name's head.
    return list(dict.fromkeys(t for t in (_flat(reread.unlabelled(r)) for r in reads) if t))


def _province(values: Mapping[str, Value]) -> str | None:
    """The certificate number's province digits, when the number was read surely."""
    cert = values.get("certificate_number")
    text = cert.value if cert is not None and not cert.blocking else None
    return text[4:6] if isinstance(text, str) and len(text) == 17 and text.isdigit() else None


def _flat(text: str) -> str:
    return NOT_HAN.sub("", text)
