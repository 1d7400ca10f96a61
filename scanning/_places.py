"""Place names from python-stdnum's GB/T 2260 table, to check authority names read by OCR.

An education authority is named after its place (泸定县教育局, 新疆维吾尔自治区教育厅); a name
whose place part cannot be spelt from known division names is likely misread (白治区 for 自治区).
"""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

from stdnum.cn import ric

# AUTHORITY_SUFFIXES is re-exported: the scanner's modules import it from here.
from core.rules import AUTHORITY_SUFFIXES as AUTHORITY_SUFFIXES
from core.rules import EARLIEST_YEAR, LOCAL_SUFFIXES, PROVINCE_SUFFIX

_LOC = Path(ric.__file__).with_name("loc.dat")
_NAME = re.compile(r'(?:province|county)="([^"]*)"')
_PERIOD = re.compile(r"^\[[0-9-]*\]")
# A name the table dates as ended ([-1988]商县) before the first certificates were granted
# (EARLIEST_YEAR) never named an office that signed one: it is no authority's place. An ID
# number's division code keeps every name (people were numbered under names since changed).
_ENDED = re.compile(r"^\[[0-9]*-([0-9]{4})\]")
IN_FORCE = 9999  # the last year of a name still in force


def _named_offices(part: str, since: int | None) -> bool:
    """Whether one dated name of the table was in force in ``since`` or later."""
    ended = _ENDED.match(part.strip())
    return since is None or ended is None or int(ended.group(1)) >= since
# Headings of the table, not places (市辖区 groups a city's districts; no office is named so).
_SKIP = {"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划", "郊区", "城区", "矿区"}
# Real district names (GB/T 2260) shared by several prefecture cities (晋城市城区, 阳泉市郊区,
# 阳泉市矿区): they name a place only after their city, never alone or after the province.
CITY_ONLY = frozenset({"郊区", "城区", "矿区"})
# The traditional characters the table writes some names in (香港特別行政區, 加格達奇區), to
# the simplified ones a booklet may print them in: each such name is known in both forms.
TRADITIONAL_FORMS, SIMPLIFIED_FORMS = "別區員嶺會達門", "别区员岭会达门"
TRADITIONAL = str.maketrans(TRADITIONAL_FORMS, SIMPLIFIED_FORMS)
# The office words are core's (one list for the scanner and the issuer): 教育厅 is a
# province's (or autonomous region's) department; the four municipalities name theirs
# 教育委员会, as do their districts and some cities; 教育局 and the reforms' merged offices
# (教育和体育局, 教育和科技局 …) are a prefecture's or county's.
MUNICIPALITIES = frozenset({"11", "12", "31", "50"})


@cache
def place_names() -> frozenset[str]:
    """Every province, prefecture and county name the table has had since the first
    certificates (an authority's place)."""
    names: set[str] = set()
    for line in _LOC.read_text(encoding="utf-8").splitlines():
        for field in _NAME.findall(line):
            for part in field.split(","):
                name = _PERIOD.sub("", part).strip()
                if len(name) >= 2 and name not in _SKIP and _named_offices(part, EARLIEST_YEAR):
                    names.add(name)
    return frozenset(names)


def spelt_from_places(text: str) -> bool:
    """True when ``text`` is a concatenation of one to three known place names."""
    names = place_names()
    reach = {0: 0}  # end index → number of names used
    for i in range(len(text)):
        if i not in reach:
            continue
        for j in range(i + 2, min(len(text), i + 12) + 1):
            if text[i:j] in names and reach[i] < 3:
                reach[j] = min(reach.get(j, 9), reach[i] + 1)
    return len(text) in reach and len(text) > 0


def known_authority(name: str) -> bool:
    """An education authority name made of known place names and a known suffix that a place
    of that level uses."""
    for suffix in AUTHORITY_SUFFIXES:
        if name.endswith(suffix):
            place = name[: -len(suffix)]
            return spelt_from_places(place) and suffix_fits(place, suffix)
    return False


@cache
def province_level() -> dict[str, str]:
    """Every name a province-level division has had, to its 2-digit code (江西省 → 36)."""
    table = _division_table()
    return {
        name: code[:2]
        for code in table if code[2:] == "0000"
        for name in _province_names(table, code)
    }


def suffix_fits(place: str, suffix: str) -> bool:
    """The suffix is one a place of this level uses: 教育厅 only after a province's or
    autonomous region's own name (江西省教育厅, never 西区教育厅 or 北京市教育厅), 教育局 and its
    variants only below a province (武汉市教育局, never 江西省教育局); 教育委员会 and 人民政府 after
    any place (北京市教育委员会, 北京市海淀区教育委员会)."""
    if suffix == PROVINCE_SUFFIX:
        code = province_level().get(place)
        return code is not None and code not in MUNICIPALITIES
    if suffix in LOCAL_SUFFIXES:
        return place not in province_level()
    return True


@cache
def _one_off_index() -> dict[str, frozenset[str]]:
    """Place names keyed by their spelling with one character masked (荆?市 → {荆州市, 荆门市})."""
    index: dict[str, set[str]] = {}
    for name in place_names():
        for k in range(len(name)):
            index.setdefault(name[:k] + "?" + name[k + 1 :], set()).add(name)
    return {key: frozenset(v) for key, v in index.items()}


def _spellings(text: str, slips: int) -> set[str]:
    """Every way to spell ``text`` from place names with exactly ``slips`` (0/1) changed chars."""
    if not text:
        return {""} if slips == 0 else set()
    names, index = place_names(), _one_off_index()
    out: set[str] = set()
    for end in range(2, min(len(text), 12) + 1):
        head, rest = text[:end], text[end:]
        if head in names:
            out |= {head + tail for tail in _spellings(rest, slips)}
        if slips:
            for k in range(end):
                for near in index.get(head[:k] + "?" + head[k + 1 :], ()):
                    if near != head:
                        out |= {near + tail for tail in _spellings(rest, 0)}
    return out


def suggest_authority(name: str) -> str | None:
    """The one known authority name a single misread character away from ``name``, if unique."""
    for suffix in AUTHORITY_SUFFIXES:
        if name.endswith(suffix):
            found = {p for p in _spellings(name[: -len(suffix)], 1) if suffix_fits(p, suffix)}
            return next(iter(found)) + suffix if len(found) == 1 else None
    return None


def _variants(entry: str, keep: frozenset[str] = frozenset(),
              since: int | None = EARLIEST_YEAR) -> list[str]:
    """Every name an entry of the table has had ([1983-]雁塔区,[-1983]… → 雁塔区, …) in
    ``since`` or later (None: ever); of the table's headings only those in ``keep``."""
    return list(_dated(entry, keep, since))


def _dated(entry: str, keep: frozenset[str] = frozenset(),
           since: int | None = EARLIEST_YEAR) -> dict[str, int]:
    """:func:`_variants`, each name to the last year it was in force (:data:`IN_FORCE` for a
    name still in force: [1983-1999]忻州地区 → 1999, [2000-]忻州市 → ``IN_FORCE``)."""
    parts = [p.strip() for p in entry.split(",") if _named_offices(p, since)]
    dated = [(_PERIOD.sub("", p).strip(), _last_year(p)) for p in parts]
    dated += [(n.translate(TRADITIONAL), y) for n, y in dated if n.translate(TRADITIONAL) != n]
    out: dict[str, int] = {}
    for name, last in dated:
        if len(name) >= 2 and (name not in _SKIP or name in keep):
            out[name] = max(out.get(name, last), last)
    return out


def _last_year(part: str) -> int:
    """The last year one dated name of the table was in force."""
    ended = _ENDED.match(part.strip())
    return int(ended.group(1)) if ended else IN_FORCE


def _province_names(table: dict[str, tuple[str, str]], code: str) -> dict[str, int]:
    """Every name of province ``code``'s division (its entry's and its own heading's:
    香港特別行政區 beside 香港特别行政区), each to the last year it was in force."""
    province, entry = table.get(code[:2] + "0000", ("", ""))
    names = _dated(entry)
    names.update((n, IN_FORCE) for n in _variants(province))  # the heading: today's name
    return names


@cache
def place_chains() -> dict[str, frozenset[str]]:
    """Every way an authority names its place, to the province codes it may lie in: a
    province, prefecture or county alone or as a chain down from a higher level
    (湖北省武汉市, 武汉市, 雁塔区, 西安市雁塔区, 陕西省西安市雁塔区)."""
    return {chain: frozenset(code[:2] for code in codes) for chain, codes in chain_codes().items()}


@cache
def chain_codes() -> dict[str, frozenset[str]]:
    """Every place chain (:func:`place_chains`) → the 6-digit codes of the divisions it names,
    its last level's (湖南省永州市道县 → 431124; 鼓楼区 → four districts)."""
    return {chain: frozenset(codes) for chain, codes in _chains().items()}


@cache
def chain_ends() -> dict[str, int]:
    """Every place chain → the last year all its names were in force together (``IN_FORCE``
    for today's: 山西省忻州市; 忻州地区忻州市, the county-level city under the prefecture
    that became 忻州市 in 2000 → 1999; 四川省重庆市 → 1997). An office that ceased to exist
    before a booklet's dates cannot have sealed it."""
    return {chain: max(codes.values()) for chain, codes in _chains().items()}


def codes_in_force(chain: str, year: int | None) -> frozenset[str]:
    """The codes of :func:`chain_codes` the chain named in ``year`` or later (None: ever):
    磁县 named 132130 under 邯郸地区 until 1993 and 130427 under 邯郸市 since."""
    codes = _chains().get(chain, {})
    return frozenset(c for c, last in codes.items() if year is None or last >= year)


@cache
def _chains() -> dict[str, dict[str, int]]:
    """Every place chain → each code it names, to the last year it named it."""
    table = _division_table()
    chains: dict[str, dict[str, int]] = {}

    def add(chain: str, code: str, last: int) -> None:
        codes = chains.setdefault(chain, {})
        codes[code] = max(codes.get(code, last), last)

    for code, (_province, entry) in table.items():
        levels = [_province_names(table, code)]
        if code[2:] != "0000":
            if code[4:] != "00":
                levels.append(_dated(table.get(code[:4] + "00", ("", ""))[1]))
            levels.append(_dated(entry))
            if code[4:] != "00" and levels[1]:  # 晋城市城区, 山西省晋城市城区
                for chain, last in _city_only(levels[0], levels[1], entry).items():
                    add(chain, code, last)
        levels = [lv for lv in levels if lv]
        for start in range(len(levels)):
            for chain, last in _joined(levels[start:]).items():  # names its last level's division
                add(chain, code, last)
    return chains


def _city_only(province: dict[str, int], city: dict[str, int], entry: str) -> dict[str, int]:
    """The chains a district of a :data:`CITY_ONLY` name has: after its city's name, with or
    without the province's before it."""
    names = {n: y for n, y in _dated(entry, CITY_ONLY).items() if n in CITY_ONLY}
    tails = _joined([city, names]) if names else {}
    return {**tails, **{p + t: min(py, y) for p, py in province.items() for t, y in tails.items()}}


def _joined(levels: list[dict[str, int]]) -> dict[str, int]:
    out = {"": IN_FORCE}
    for names in levels:
        out = {head + name: min(hy, y) for head, hy in out.items() for name, y in names.items()
               if not head.endswith(name)}  # fmt: skip
    return out


def _division_table() -> dict[str, tuple[str, str]]:
    from core.rules import division_table

    return division_table()


@cache
def _masked_chains() -> dict[str, frozenset[str]]:
    """Place chains keyed by their spelling with one character masked."""
    index: dict[str, set[str]] = {}
    for chain in place_chains():
        for k in range(len(chain)):
            index.setdefault(chain[:k] + "?" + chain[k + 1 :], set()).add(chain)
    return {key: frozenset(v) for key, v in index.items()}


def near_chains(text: str) -> set[str]:
    """Place chains equal to ``text`` or one misread character away from it."""
    out = {text} if text in place_chains() else set()
    index = _masked_chains()
    for k in range(len(text)):
        out |= index.get(text[:k] + "?" + text[k + 1 :], frozenset())
    return out


def provinces_of(authority: str) -> frozenset[str]:
    """Province codes (2 digits) an authority name's place part may lie in; empty if unknown."""
    for suffix in AUTHORITY_SUFFIXES:
        if authority.endswith(suffix):
            return place_chains().get(authority[: -len(suffix)], frozenset())
    return frozenset()


def division_places(code: str) -> frozenset[str]:
    """The names of the county and the prefecture a 6-digit division code (an ID number's
    first six digits) lies in, every name each has had; empty for an unknown code."""
    if len(code) != 6 or not code.isdigit():
        return frozenset()
    table = _division_table()
    out: set[str] = set()
    for key in {code, code[:4] + "00"} - {code[:2] + "0000"}:
        if key in table:
            out.update(_variants(table[key][1], since=None))
    return frozenset(out)


_DATED = re.compile(r"^\[([0-9]*)-([0-9]*)\](.*)$")


@cache
def _county_bearers() -> dict[tuple[str, str], tuple[tuple[str, int, int], ...]]:
    """(province code, county-level name) → every division that bore the name since the
    first certificates, as (its prefecture's code, first year, last year)."""
    out: dict[tuple[str, str], list[tuple[str, int, int]]] = {}
    for code, (_province, entry) in _division_table().items():
        if code[4:] == "00":
            continue
        for part in entry.split(","):
            dated = _DATED.match(part.strip())
            first, last, name = dated.groups() if dated else ("", "", part.strip())
            span = (int(first or 0), int(last or 9999))
            if name and name not in _SKIP and span[1] >= EARLIEST_YEAR:
                out.setdefault((code[:2], name), []).append((code[:4], *span))
    return {key: tuple(v) for key, v in out.items()}


def sharing_prefectures(place: str, province: str) -> tuple[str, ...]:
    """The prefectures of one province that each had a county-level division named ``place``
    at the same time (市中区 in 37: 济南市's, 枣庄市's, 济宁市's), by name; empty when the name
    alone names one division (富县, renumbered in 1996, is one county)."""
    bearers = _county_bearers().get((province, place), ())
    shared = {
        a[0] for a in bearers for b in bearers
        if a[0] != b[0] and a[1] < b[2] and b[1] < a[2]
    }
    table = _division_table()
    names = (_variants(table.get(code + "00", ("", ""))[1]) for code in sorted(shared))
    return tuple(sorted(n[-1] for n in names if n))
