"""A sticker authority read with a character lost or misread (尖区教育局, 城河区教育局), settled
by the booklet's other stickers.

A teacher registers every five years where they teach, so the stickers of one booklet are
mostly stamped by one authority. When another sticker of the same booklet names a known
authority read as is, and this sticker's read is that very name with one character lost
(尖区 → 尖山区, 城河区 → 城子河区) or one character read as a look-alike, the read is taken as
that name (recorded as a correction). The vocabulary alone offers 东区/北区/南区/市区 for 尖区,
all unlike 尖 and all needing a character changed that the read kept; the booklet is the
evidence that decides. Two such names in the booklet, or a read further off, decide nothing
and the sticker stays flagged.

One read further off is settled by the entries on both sides of it (``between``): the place
chain spelt in full and only the office word garbled (河北省衡水市冀州区教商商), when the entry
before and the entry after both name that place's office (河北省衡水市冀州区教育局). An office
renamed between two registrations (教育局 → 教体局, as many counties merged theirs) changes once:
the entries on both sides naming one office leave no other name for the one between them.
"""

from __future__ import annotations

from collections.abc import Iterable

from core.rules import slips
from scanning._office_match import edits, vocabulary_fits, whole_slips
from scanning._office_tail import other_office_ends
from scanning._places import AUTHORITY_SUFFIXES
from scanning._seal_alike import stretch
from scanning._vocab import authority_names, is_authority
from scanning._vocab_glyphs import SIMILAR, similarity


def _lost_one(read: str, name: str) -> bool:
    """``read`` is ``name`` with one character lost."""
    return len(name) == len(read) + 1 and any(
        name[:k] + name[k + 1 :] == read for k in range(len(name))
    )


def _look_alike(read: str, name: str) -> bool:
    """``read`` is ``name`` with one character read as a look-alike."""
    if len(read) != len(name):
        return False
    slips = [(a, b) for a, b in zip(read, name, strict=True) if a != b]
    if len(slips) != 1:
        return False
    alike = similarity(*slips[0])
    return alike is not None and alike >= SIMILAR


def _slipped(read: str, name: str) -> bool:
    return _lost_one(read, name) or _look_alike(read, name)


def from_booklet(read: str, others: Iterable[str], offices: Iterable[str] = ()) -> str | None:
    """The one known authority of the booklet's other stickers (``others``), or one of the
    booklet's offices (``offices``: the issuing authority, the registry's) under a place chain
    the read spells out in full, that ``read`` (no known authority itself) is, but for one
    lost or look-alike character: 黔南布依族苗族自治州都市教育局 is 黔南布依族苗族自治州都匀市
    教育局 when the booklet was issued by 都匀市教育局. None otherwise."""
    if is_authority(read):
        return None
    fits = {n for n in others if is_authority(n) and _slipped(read, n)}
    own = set()
    for office in {o for o in offices if o and is_authority(o)}:
        own |= {read[:k] + office for k in range(len(read))
                if _slipped(read[k:], office) and is_authority(read[:k] + office)}  # fmt: skip
    if own and whole_slips(read) - own:
        own = set()  # an office's form the vocabulary has a rival for (都市: 成都市, 都匀市)
    fits |= own or _office_end(read, offices)
    return fits.pop() if len(fits) == 1 else None


def _office_end(read: str, offices: Iterable[str]) -> set[str]:
    """The end of a booklet office that is a whole office name itself and that ``read`` is but
    for one look-alike character (独山子区教直局: 独山子区教育局, the end of 克拉玛依市独山子区
    教育局), when no other name of the vocabulary is ``read`` but for a look-alike (独山子区教体局
    needs 直 read for 体, no look-alike): the read's own short form is kept."""
    ends = {o[-len(read) :] for o in offices if o and len(o) >= len(read) and is_authority(o)}
    fits = {e for e in ends if is_authority(e) and _look_alike(read, e)}
    rivals = {n for n in whole_slips(read) if _look_alike(read, n)} - fits
    return fits if len(fits) == 1 and not rivals else set()


SUFFIX_SLIPS = 2  # characters of an office word the read between two entries may have garbled


def between(read: str, before: str | None, after: str | None) -> str | None:
    """The office the entries before and after this one both name (a known authority), when
    ``read`` (no known authority itself) spells its place chain in full and garbles only its
    office word: the same length, at most ``SUFFIX_SLIPS`` characters of it changed, and no
    office word itself (河北省衡水市冀州区教商商 between two 河北省衡水市冀州区教育局). None
    otherwise."""
    if before is None or before != after or not is_authority(before) or is_authority(read):
        return None
    for suffix in AUTHORITY_SUFFIXES:
        place = before[: -len(suffix)]
        if not before.endswith(suffix) or len(read) != len(before) or not read.startswith(place):
            continue
        word = read[len(place) :]
        slipped = slips(word, suffix)
        return before if 0 < slipped <= SUFFIX_SLIPS and word not in AUTHORITY_SUFFIXES else None
    return None


CUT = 2  # characters of the office word a line cut short may have lost at its end


def between_garbled(read: str, before: str | None, after: str | None) -> str | None:
    """The office the entries before and after this one both name, when ``read`` is that name
    but for a few characters (``_seal_alike``'s measure: at most ``len // 5``, all look-alikes
    but one) and perhaps the last ``CUT`` characters of its office word, cut with the line
    (黔东南苗族侗族自治州丹塞县教 between two 黔东南苗族侗族自治州丹寨县教育局), and every
    office of another place fits it at least one character worse. Offices of the same place
    (丹寨县教体局, which the cut end would fit as well) are no rivals: an office renamed between
    two registrations changes once, and the entries on both sides name one office. None
    otherwise."""
    if before is None or before != after or not is_authority(before) or is_authority(read):
        return None
    place = _place(before)
    if place is None:
        return None
    cost = _cut_fit(read, before)
    if cost is None:
        return None
    # a rival as close keeps the read within ``cost`` of its end (a cut end's names included)
    for o in vocabulary_fits(read, max(1, cost)):
        if _place(o) != place and _cut_cost(read, o, CUT + 1) <= cost:
            return None
    return before


def _place(name: str) -> str | None:
    """The place chain of an authority name (its office word cut off)."""
    for suffix in AUTHORITY_SUFFIXES:
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return None


def _cut_fit(read: str, name: str) -> int | None:
    """The characters ``read`` differs by from ``name`` whose office word may have lost its
    last ``CUT`` characters, when within ``_seal_alike``'s measure; else None."""
    suffix = len(name) - len(_place(name) or name)
    best = None
    for k in range(min(CUT, suffix - 1) + 1):
        got = stretch(read, name[: len(name) - k])
        whole = got.start == 0 and got.end == len(read)
        if whole and got.edits <= max(1, len(name) // 5) and got.unlike <= 1:
            best = got.edits if best is None else min(best, got.edits)
    return best


def _cut_cost(read: str, name: str, cut: int) -> int:
    """The fewest characters ``read`` differs by from ``name`` with up to ``cut`` characters
    of its end lost (a rival is given every end a cut line could leave)."""
    return min(edits(read, name[: len(name) - k]) for k in range(min(cut, len(name) - 1) + 1))


MIN_PLACE = 2  # place characters a read must keep before its office word to name one office


def head_lost(read: str, names: Iterable[str]) -> str | None:
    """The booklet's office (``names``: its other stickers' authorities and its offices, known
    ones only) that ``read`` is the end of, its first characters lost (the next sticker pasted
    over the line's top, a seal, the line cut at its start: 依市白碱滩区教育和科技局 for 克拉玛依市
    白碱滩区教育和科技局), when every vocabulary name ending with ``read`` is that office or that
    office under its own province (nothing lost before it could name another office). None
    otherwise: a read that is a whole name itself, keeps less than ``MIN_PLACE`` characters of
    its place, or ends two offices of the booklet or of the vocabulary."""
    place = _place(read)
    if is_authority(read) or place is None or len(place) < MIN_PLACE:
        return None
    own = {n for n in names if is_authority(n) and n.endswith(read) and n != read}
    if len(own) != 1:
        return None
    office = own.pop()
    ending = [n for n in authority_names() if n.endswith(read)]
    if other_office_ends(office) or not all(_same_office(n, office) for n in ending):
        return None
    return office


def _same_office(name: str, office: str) -> bool:
    """``name`` is ``office``, or either of them the other under its own province's name."""
    longer, shorter = (name, office) if len(name) >= len(office) else (office, name)
    return longer.endswith(shorter) and not other_office_ends(shorter)
