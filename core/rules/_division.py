"""Administrative division codes (GB/T 2260), looked up in python-stdnum's own table.

stdnum ships the table as ``stdnum/cn/loc.dat`` (compiled from Wikipedia's lists of codes, with
the years each county name was in force). We read that table through ``stdnum.numdb`` instead of
calling ``stdnum.cn.ric.get_birth_place`` because the latter

* rejects a code that was created after the holder's birth year, yet a resident ID number takes
  the code of the place where the number was first assigned (most adults were numbered in the
  1985/1999 campaigns), so someone born in 1980 in 通州区 legitimately has 110112 (created 1997);
* raises ``KeyError`` instead of a validation error for a known province with an unknown county.

The table holds only province entries for 71/81/82, so the three codes printed on residence
permits for Hong Kong, Macao and Taiwan residents (港澳台居民居住证, 2018) are accepted explicitly.
"""

from __future__ import annotations

import re
from functools import cache

from stdnum import numdb

from core.errors import InvalidInput

from ._text import squeeze

# 港澳台居民居住证: 810000 Hong Kong, 820000 Macao, 830000 Taiwan (公安部 2018).
RESIDENCE_PERMIT_CODES: dict[str, str] = {
    "810000": "香港特别行政区（港澳台居民居住证）",
    "820000": "澳门特别行政区（港澳台居民居住证）",
    "830000": "台湾地区（港澳台居民居住证）",
}
# Names that stand for "no prefecture of its own" and add nothing to a full name.
_PLACEHOLDERS = frozenset(
    {
        "市辖区",
        "县",
        "省直辖县级行政区划",
        "自治区直辖县级行政区划",
        "省直辖县级行政单位",
        "自治区直辖县级行政单位",
    }
)
_PERIOD = re.compile(r"^\[(?P<start>\d*)-(?P<end>\d*)\](?P<name>.*)$")
_SIX_DIGITS = re.compile(r"^[0-9]{6}$")


@cache
def _table() -> dict[str, tuple[str, str]]:
    """Map each 6-digit code in stdnum's table to (province name, raw county entry)."""
    table: dict[str, tuple[str, str]] = {}
    for _length, province, _high, props, children in numdb.get("cn/loc").prefixes:
        for _clen, county, _chigh, cprops, _grand in children:
            if "county" in cprops:
                table[province + county] = (props.get("province", ""), cprops["county"])
    return table


def division_table() -> dict[str, tuple[str, str]]:
    """Each 6-digit GB/T 2260 code → (province name, county entry as stdnum spells it)."""
    return _table()


def known_division_codes() -> tuple[str, ...]:
    """Every 6-digit code stdnum knows, sorted (for tests and pickers)."""
    return tuple(sorted(_table()))


def is_known_division(code: str) -> bool:
    """Whether ``code`` is in stdnum's GB/T 2260 table or is a residence-permit code."""
    return code in _table() or code in RESIDENCE_PERMIT_CODES


def _pick_name(entry: str, year: int | None) -> str:
    """Pick from ``[start-end]name`` alternatives: the one in force in ``year``, else the last."""
    names: list[tuple[int, int, str]] = []
    for part in entry.split(","):
        match = _PERIOD.match(part)
        if match is None:
            names.append((0, 9999, part))
        else:
            start, end = match["start"] or "0", match["end"] or "9999"
            names.append((int(start), int(end), match["name"]))
    if year is not None:
        for start, end, name in names:
            if start <= year <= end:
                return name
    return names[-1][2]


def _check_code(division_code: str) -> str:
    code = squeeze(division_code)
    if not _SIX_DIGITS.match(code):
        raise InvalidInput(
            f"行政区划代码应为 6 位数字：{division_code!r}",
            field="division_code",
            rule="division_format",
        )
    return code


def province_of_division(division_code: str) -> str:
    """The province code: the first two digits of a 6-digit division code."""
    return _check_code(division_code)[:2]


def division_name(code: str, *, year: int | None = None) -> str | None:
    """Full name (province + prefecture + county) per stdnum's table, or None if unknown."""
    code = _check_code(code)
    if code in RESIDENCE_PERMIT_CODES:
        return RESIDENCE_PERMIT_CODES[code]
    table = _table()
    if code not in table:
        return None
    province, entry = table[code]
    parts = [province]
    prefecture = table.get(code[:4] + "00")
    if code[2:] != "0000" and code[4:] != "00" and prefecture is not None:
        parts.append(_pick_name(prefecture[1], year))
    if code[2:] != "0000":
        parts.append(_pick_name(entry, year))
    return "".join(p for p in parts if p not in _PLACEHOLDERS)
