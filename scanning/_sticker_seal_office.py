"""The seal beside a registration entry whose ring both readings spell, at their end, as one of
the booklet's own offices (乌海市教育局 / 乌海市教育局; 攀义本溪市教育局 twice) → that office.

A hand-written entry names its office only in the round seal stamped over it. ``_seal_ring``
takes a ring's name by itself only when its characters fill the lettered arc evenly (else a
faint first character may be gone without a trace: 禅城区教育局 left of 佛山市禅城区教育局).
Strokes of the handwriting under the ring, or the lower arc of the seal above crossing this
one's blank arc, break that test although both readings spell the office. Here the booklet
decides instead, as for a date stamp's ring (``_date_stamp``): the ring names an office of the
booklet (``offices``: the issuing authority read on the information page, the registry's, the
names the booklet's other entries print) when

- every reading (at least two) ends with that office's whole name, with at most ``HEAD`` marks
  before it (another seal's or a stroke's, read as characters), and no other booklet office
  fits so;
- no other office's name ends with it (``_office_tail.other_office_ends``): a lost head then
  can only be the office's own province, the same office. Only names still in force in the
  booklet's earliest year (``year``: the issue date's, the entry's own dates') count: 忻州地区
  忻州市 (until 1999) is no other office for a 忻州市教育局 seal on a booklet issued in 2004.

A ring every reading spells alike as the office's longer name the divisions spell (福州市马尾区
教育局 twice, for the booklet's 马尾区教育局) names the entry's office by that full name.

A ring these rules leave open may still be garbled but clearly one booklet office
(``_seal_alike``: 昆明市禄劝舞族苗族自清县教育局 twice, for 昆明市禄劝彝族苗族自治县教育局). A ring
read any other way is left to ``_seal_ring`` and stays flagged.
"""

from __future__ import annotations

from collections.abc import Sequence

from core.rules import Finding
from scanning import _seal_alike
from scanning._office_match import fold
from scanning._office_tail import other_office_ends
from scanning._seal_ring import RingName, wants
from scanning._stickers import Sticker
from scanning._vocab import is_authority

HEAD = 2  # marks a reading may hold before the office's name
MIN_READS = 2


def office(reads: Sequence[str], offices: Sequence[str], year: int | None = None) -> str | None:
    """The one booklet office every reading ends with (see the module's rules), or None."""
    said = [fold(r) for r in reads]
    if len(said) < MIN_READS:
        return None
    fits = {o for o in offices if is_authority(o)
            and all(s.endswith(o) and len(s) - len(o) <= HEAD for s in said)}  # fmt: skip
    if len(fits) != 1:
        return None
    name = fits.pop()
    return None if other_office_ends(name, year) else name


def named(
    seal: RingName | None, s: Sticker, offices: Sequence[str], field: str,
    issued: str | None = None,
) -> tuple[RingName | None, list[Finding]]:
    """``seal`` with the booklet office its readings spell as its name, and a note, when
    ``_seal_ring`` left it unnamed and the sticker wants an office from it; else ``seal`` as it
    was (``issued``: the booklet's issue date, ISO, when read)."""
    if seal is None or seal.name is not None or not wants(s):
        return seal, []
    said = "” / “".join(seal.reads)
    year = earliest_year(issued, s)
    if (name := office(seal.reads, offices, year)) is not None:
        msg = f"注册机关读自旁边圆形公章的环形文字“{said}”，各次识别均以本证书的“{name}”结尾，取之"
    elif (name := _seal_alike.office(seal.reads, offices, seal.spreads, year)) is not None:
        # a ring garbled by what crosses it, clearly one of the booklet's offices
        msg = (f"注册机关读自旁边圆形公章的环形文字“{said}”，各次识别至多差个别形近字或"
               f"缺字，为本证书的“{name}”，与其他机关名称相差更远，取之")  # fmt: skip
    else:
        return seal, []
    if (full := whole_name(seal.reads, name)) is not None:
        msg += f"；各次识别一致为其全称“{full}”，取全称"
        name = full
    ev = {"seal": list(seal.reads), "office": name}
    return RingName(name, seal.reads, spreads=seal.spreads), [
        Finding("seal_authority", field, msg, "note", ev)
    ]


def whole_name(reads: Sequence[str], name: str) -> str | None:
    """The ring's own longer name of the booklet office ``name``, when every reading (at least
    two) is one and the same name the divisions spell that ends with ``name`` (福州市马尾区教育局
    read twice for the booklet's 马尾区教育局): a seal is cut with the office's full name, and
    a whole chain of divisions read alike each time is no stray marks; else None."""
    said = {fold(r) for r in reads}
    if len(reads) < MIN_READS or len(said) != 1:
        return None
    (full,) = said
    return full if full != name and full.endswith(name) and is_authority(full) else None


def earliest_year(issued: str | None, s: Sticker) -> int | None:
    """The earliest year the booklet shows for this entry's seal: its issue date's, the
    entry's own date's and its period's start (the seal is no older than the booklet; the
    earliest read keeps a misread later year from ruling out an office); None when none is
    read."""
    dates = [issued, *(d.value for d in (s.date, s.start) if d is not None)]
    years = [int(d[:4]) for d in dates if d and d[:4].isdigit()]
    return min(years, default=None)
