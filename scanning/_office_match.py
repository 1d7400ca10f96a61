"""A short or misread office name (a date stamp's ring: 西省教育厅, 岳麓区教育局) → the one
office of the booklet it names, or the candidates when it names no single one.

A ring letters the office's name, often only its end (the place chain cut to fit), and the
recogniser may lose or misread a character there. The read is matched against

- the booklet's own offices (the issuing authority on the information page, the authorities its
  other registration entries name, the registry's authorities): an office fits when the read is
  the end of its name but for at most one character lost, added or changed;
- the vocabulary (GB/T 2260 place chains + 教育局 …): any other whole name the read is, but for
  one character, competes with them.

A booklet office is taken only when it fits best and every other office (of the booklet or of
the vocabulary) fits at least one character worse; a name that is only the end of the best one
(岳麓区教育局 of 长沙市岳麓区教育局) is no rival. With no booklet office fitting, a whole
vocabulary name is taken only on the same margin and when no longer name ends with it (the ring
may show a name's end only). Traditional forms are folded first (瑤 → 瑶).

Several reads of one ring that no single office fits twice are weighed together
(``together``): each office is charged the characters every read differs by from its name's
end, and a booklet office is taken only when every other office is charged at least one more.
When that leaves none, one character of each read may be taken for the one it looks like
(略 for 喀, 有 for 育: ``alike_together``): a booklet office is then taken only when every read
fits it within one character so and every other office fits at least one character worse.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache, lru_cache

from rapidfuzz.distance import Levenshtein

from core.rules import is_han
from scanning._places import AUTHORITY_SUFFIXES, place_chains
from scanning._variants import simplified
from scanning._vocab import authority_names, is_authority
from scanning._vocab_glyphs import SIMILAR, similarity

MIN_CHARS = 4  # a read shorter than a place and an office word names no office
MAX_FIT = 1  # characters a fitting office may differ by
LOOSE = 2  # characters one of several reads may differ by when the reads decide together


@dataclass(frozen=True)
class OfficeMatch:
    """The office taken (None when none or several fit), how far the read was from it, and
    the offices that fit as well or one character worse (for a person to choose from)."""

    name: str | None
    cost: int
    candidates: tuple[str, ...]
    exact: tuple[str, ...] = ()  # the read itself, when it is a whole office name

    def against(self, office: str) -> bool:
        """The read is itself the whole name of another office than ``office``."""
        return any(not same_office(o, office) for o in self.exact)


def fold(text: str) -> str:
    """``text`` with traditional and variant forms folded onto the simplified ones."""
    return "".join(simplified(ch) for ch in text)


def edits(a: str, b: str) -> int:
    """Levenshtein distance (characters inserted, dropped or changed). Office matching asks
    for it tens of thousands of times on a booklet with date stamps: rapidfuzz's C++ one."""
    return int(Levenshtein.distance(a, b))


def end_fit(read: str, name: str, limit: int = MAX_FIT) -> int:
    """How many characters ``read`` differs by from the end of ``name`` it is closest to
    (a ring shows a name's end: 岳麓区教育局 is 0 from 长沙市岳麓区教育局); ends more than
    ``limit`` characters longer or shorter than the read are not tried."""
    # Only the name's last len(read) + limit characters are compared, and thousands of names
    # share them (县教育局): each distinct last part is worked out once.
    return _end_fit(read, name[-(len(read) + limit) :] if len(read) + limit else name, limit)


@lru_cache(maxsize=1 << 16)
def _end_fit(read: str, name: str, limit: int) -> int:
    lengths = range(max(1, len(read) - limit), min(len(name), len(read) + limit) + 1)
    return min((edits(read, name[-n:]) for n in lengths), default=len(read))


@cache
def _by_char() -> dict[str, tuple[str, ...]]:
    """The vocabulary's names by each character they hold."""
    out: dict[str, list[str]] = {}
    for name in authority_names():
        for ch in set(name):
            out.setdefault(ch, []).append(name)
    return {ch: tuple(names) for ch, names in out.items()}


@lru_cache(maxsize=8)  # one booklet's ring reads recur (a fit set can hold 70k names: few kept)
def vocabulary_fits(read: str, limit: int = MAX_FIT) -> Mapping[str, int]:
    """Vocabulary names whose end the read is, but for at most ``limit`` characters (those
    holding one of the read's ``limit + 1`` rarest characters: a read ``limit`` characters off
    keeps one of them)."""
    index = _by_char()
    rare = sorted(set(read), key=lambda ch: len(index.get(ch, ())))[: limit + 1]
    chars, need = set(read), len(read) - 2 * limit
    # The ends end_fit compares lie in the name's last len(read) + limit characters, and one
    # within ``limit`` edits keeps all but ``limit`` of the read's characters: a test on sets
    # first, and one distance per distinct last part (thousands of names share 县教育局).
    tail, kept = len(read) + limit, len(chars) - limit
    fit: dict[str, int] = {}
    out: dict[str, int] = {}
    for name in {n for ch in rare for n in index.get(ch, ())}:
        end = name[-tail:]
        if len(chars.intersection(end)) < kept or len(chars.intersection(name)) < need:
            continue
        if (d := fit.get(end)) is None:  # end_fit(read, name) == end_fit(read, end)
            d = fit[end] = end_fit(read, end, limit)
        if d <= limit:
            out[name] = d
    return out


def whole_slips(read: str) -> frozenset[str]:
    """Vocabulary names that ``read`` is as a whole, but for one character lost, added or
    changed (都市教育局: 成都市教育局, 都匀市教育局 …)."""
    read = fold(read)
    return frozenset(n for n in vocabulary_fits(read) if edits(read, n) <= MAX_FIT)


def same_office(a: str, b: str) -> bool:
    """One name is the end of the other (岳麓区教育局, 长沙市岳麓区教育局)."""
    return a.endswith(b) or b.endswith(a)


def _same_name(read: str, pick: str, rivals: Iterable[str]) -> bool:
    """``read`` is the exact end of the booklet's office ``pick`` and every rival ends with
    the shortest whole office name that ends ``pick`` and holds the read: other places'
    offices of that name (翼蒙古族自治县教育局, the end a ring shows of 朝阳市喀喇沁左翼蒙古族
    自治县教育局, is also the end of 朝阳地区喀喇沁左翼蒙古族自治县教育局, the same county's
    office under the prefecture's older name)."""
    if not pick.endswith(read):
        return False
    ends = (pick[-n:] for n in range(len(read), len(pick) + 1))
    whole = next((e for e in ends if is_authority(e)), None)
    return whole is not None and all(o.endswith(whole) for o in rivals)


def _tail_of_longer(name: str) -> bool:
    """Another authority name ends with this one (禅城区教育局 in 佛山市禅城区教育局)."""
    for suffix in AUTHORITY_SUFFIXES:
        if name.endswith(suffix):
            place = name[: -len(suffix)]
            return any(c.endswith(place) and c != place for c in place_chains())
    return False


def match(read: str, offices: Iterable[str]) -> OfficeMatch:
    """The one office ``read`` names (see the module's rules)."""
    read = fold(read)
    if len(read) < MIN_CHARS:
        return OfficeMatch(None, len(read), ())
    own = {o: d for o in {fold(x) for x in offices if x}
           if len(o) >= MIN_CHARS and (d := end_fit(read, o)) <= MAX_FIT}  # fmt: skip
    fits = {**vocabulary_fits(read), **own}
    if not fits:
        return OfficeMatch(None, len(read), ())
    pool = own or fits
    best = min(pool.values())
    pick = max((o for o, d in pool.items() if d == best), key=len)
    near = tuple(sorted(o for o, d in fits.items() if d <= best + 1))
    exact = (read,) if is_authority(read) else ()
    rivals = [o for o, d in fits.items() if d <= best and not same_office(o, pick)]
    if rivals and not (own and best == 0 and _same_name(read, pick, rivals)):
        return OfficeMatch(None, best, near, exact)
    # (an exact read that is the end of the booklet's office is that office when the rivals
    # are other places' offices of the booklet office's name: no evidence against the booklet)
    if not own:  # the vocabulary alone: one whole name, no longer one ending with it
        alone = [o for o, d in fits.items() if d <= best and o != pick]
        if alone or _tail_of_longer(pick) or not is_authority(pick):
            return OfficeMatch(None, best, near, exact)
    return OfficeMatch(pick, best, near, exact)


def together(reads: Sequence[str], offices: Iterable[str]) -> OfficeMatch:
    """The booklet office several reads of one ring name together, when no read names it
    alone twice: 阳县教育局 / 阳县教育局 / 山阳县教育局 (the first letter lost twice) is 山阳县
    教育局, not 云阳县教育局; 其省平凉市教局 twice and 其肃省平凉市教育局 once is 甘肃省平凉市
    教育局. Each office is charged, over all reads, the characters each read differs by from
    the end of its name (at most ``LOOSE + 1`` a read); a booklet office is taken when it is
    charged least, every other office (of the booklet or of the vocabulary, that is not the
    same office by its end) at least one character more, one read fits it within
    ``MAX_FIT``, every read within ``LOOSE``, and no read is the whole name of another
    office. At least two reads of ``MIN_CHARS`` are needed."""
    charged = _charged(reads, offices)
    if charged is None:
        return OfficeMatch(None, 0, ())
    said, cost, best, pick = charged
    against = any(is_authority(r) and not same_office(r, pick) for r in said)
    if against or min(cost[pick]) > MAX_FIT or max(cost[pick]) > LOOSE:
        return OfficeMatch(None, best, ())
    # an office charged no more than ``best`` fits some read within best // len(said)
    reach = min(best // len(said), LOOSE)
    pool = set().union(*(vocabulary_fits(r, reach) for r in said)) - set(cost)
    cost.update((o, _charge(said, o)) for o in pool)
    near = tuple(sorted(o for o, c in cost.items() if sum(c) <= best + 1))
    if any(sum(c) <= best and not same_office(o, pick) for o, c in cost.items()):
        return OfficeMatch(None, best, near)
    return OfficeMatch(pick, min(cost[pick]), near)


def _charge(said: Sequence[str], office: str) -> list[int]:
    """The characters each read differs by from the end of ``office`` (at most ``LOOSE + 1``)."""
    return [min(end_fit(r, office, LOOSE), LOOSE + 1) for r in said]


def _alike_charge(said: Sequence[str], office: str) -> list[int]:
    """``_charge`` with one look-alike character allowed for in each read (``alike_fit``)."""
    return [min(alike_fit(r, office), LOOSE + 1) for r in said]


def _charged(
    reads: Sequence[str],
    offices: Iterable[str],
    charge: Callable[[Sequence[str], str], list[int]] = _charge,
) -> tuple[list[str], dict[str, list[int]], int, str] | None:
    """The reads of ``MIN_CHARS`` or more, each office's charges (``charge``), the least sum
    and the longest office charged it; None with fewer than two such reads or no office."""
    said = [r for r in (fold(x) for x in reads) if len(r) >= MIN_CHARS]
    own = {o for o in (fold(x) for x in offices if x) if len(o) >= MIN_CHARS}
    if len(said) < 2 or not own:
        return None
    cost = {o: charge(said, o) for o in own}
    best = min(sum(c) for c in cost.values())
    return said, cost, best, max((o for o, c in cost.items() if sum(c) == best), key=len)


def _alike(a: str, b: str) -> bool:
    """Two Chinese characters a recogniser may swap (略/喀, 有/育: drawn alike in two faces)."""
    if not (is_han(a) and is_han(b)):
        return False
    alike = similarity(a, b)
    return alike is not None and alike >= SIMILAR


def alike_fit(read: str, name: str, limit: int = LOOSE) -> int:
    """``end_fit`` when one character of ``read`` may be taken for a look-alike one of
    ``name`` at no charge (路则市谢通门县教育 is 1 from 日喀则市谢通门县教育局: 路 for 喀,
    局 lost)."""
    return _alike_fit(read, name[-(len(read) + limit) :], limit)  # the ends end_fit compares


@lru_cache(maxsize=4096)  # thousands of names share one end (县教育局)
def _alike_fit(read: str, name: str, limit: int) -> int:
    best = end_fit(read, name, limit)
    chars = set(name)
    for k, ch in enumerate(read):
        for c in chars:
            if c != ch and _alike(ch, c):
                best = min(best, end_fit(read[:k] + c + read[k + 1 :], name, limit))
    return best


def alike_together(reads: Sequence[str], offices: Iterable[str]) -> OfficeMatch:
    """The booklet office several reads of one ring name when a look-alike character is
    allowed for (see ``alike_fit``): taken only when every read fits it within ``MAX_FIT``,
    no read is the whole name of another office, and every other office (of the booklet or
    of the vocabulary, that is not the same office by its end) is charged at least one
    character more over all reads. At least two reads of ``MIN_CHARS`` are needed."""
    charged = _charged(reads, offices, _alike_charge)
    if charged is None:
        return OfficeMatch(None, 0, ())
    said, cost, best, pick = charged
    against = any(is_authority(r) and not same_office(r, pick) for r in said)
    if against or max(cost[pick]) > MAX_FIT:
        return OfficeMatch(None, best, ())
    # one free look-alike lowers a read's charge by one at most: an office charged no more
    # than ``best`` (at most MAX_FIT a read) fits some read within LOOSE without it
    pool = set().union(*(vocabulary_fits(r, LOOSE) for r in said)) - set(cost)
    plain = {o: sum(min(end_fit(r, o, LOOSE), LOOSE + 1) for r in said) for o in pool}
    # a look-alike saves a read one character at most: an office the reads miss by more than
    # ``best`` plus one a read is charged more than ``best`` even with its glyphs; the nearest
    # first, so a rival ends the search soon
    for o in sorted((o for o, d in plain.items() if d - len(said) <= best), key=plain.__getitem__):
        cost[o] = _alike_charge(said, o)
        if sum(cost[o]) <= best and not same_office(o, pick):
            return OfficeMatch(None, best, (pick, o))
    near = tuple(sorted(o for o, c in cost.items() if sum(c) <= best + 1))
    return OfficeMatch(pick, max(cost[pick]), near)


def booklet_tie(reads: Sequence[str], sure: Iterable[str]) -> OfficeMatch:
    """The office another entry of the booklet holds for sure (``sure``) that several reads of
    one ring name as well as any office of the vocabulary, and better than any other: the reads
    lost the very characters that tell the rivals apart (西省教育 twice for 山西省教育厅, as
    well 江西省教育厅 or 陕西省教育厅), and the booklet's own entry decides, as a printed
    sticker's lost character is settled by another sticker (``_sticker_authority``). Taken only
    when two reads fit it within ``MAX_FIT``, no read is the whole name of another office, no
    office of the vocabulary fits the reads better, and no other office of ``sure`` fits as
    well. A read that shows a rival's own character (江西省教育) fits that rival better and is
    not pulled to the booklet's office."""
    charged = _charged(reads, sure)
    if charged is None:
        return OfficeMatch(None, 0, ())
    said, cost, best, pick = charged
    if any(sum(c) == best and not same_office(o, pick) for o, c in cost.items()):
        return OfficeMatch(None, best, ())  # two of the booklet's offices fit alike
    against = any(is_authority(r) and not same_office(r, pick) for r in said)
    if against or sum(c <= MAX_FIT for c in cost[pick]) < 2:
        return OfficeMatch(None, best, ())
    pool = set().union(*(vocabulary_fits(r, LOOSE) for r in said)) - set(cost)
    rivals = {o: sum(_charge(said, o)) for o in pool}
    if any(d < best for d in rivals.values()):
        return OfficeMatch(None, best, ())  # the reads say another office
    near = tuple(sorted({pick, *(o for o, d in rivals.items() if d <= best)}))
    return OfficeMatch(pick, min(cost[pick]), near)
