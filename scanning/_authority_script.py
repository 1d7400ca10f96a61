"""Which script an accepted issuing authority is written in.

The division table writes a few names in traditional characters (香港特別行政區, 澳門特別行政區,
大兴安岭's 加格達奇區, 新林區, 松嶺區, 呼中區 …); the vocabulary knows each in both scripts, and
the value must be written as the booklet prints it. The recogniser is not symmetric here: it
reads a traditional print as the simplified character, often surely (澳門特別行政區 read
澳门特别行政区 at 99 %, 新林區 read 新林区 by two crops of three), but it does not invent the
strokes of 區 over a printed 区. So:

- a reading that shows the traditional form of a character the value writes simplified says
  the print is traditional: the value becomes the name as the table writes it, flagged
  (``authority_script``: the readings disagree, a person confirms);
- a value written simplified whose name the table writes in traditional, read simplified
  everywhere, is flagged too: nothing read tells the two prints apart;
- a value written traditional that a reading shows simplified is flagged as it is.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache

from core.rules import Finding
from scanning import _authority_support as support
from scanning import _vocab
from scanning._places import TRADITIONAL
from scanning._validate import Value

__all__ = ["check", "traditional_twin"]

FIELD = "issuing_authority"
RULE = "机关名称繁简字形须与印刷一致"


@cache
def _twins() -> dict[str, str]:
    """Each name the table writes in traditional characters, by its simplified form."""
    out: dict[str, str] = {}
    for name in _vocab.authority_names():
        plain = name.translate(TRADITIONAL)
        if plain != name:
            out[plain] = name
    return out


def traditional_twin(name: str) -> str | None:
    """The table's traditional form of a name written simplified (None: it has none)."""
    return _twins().get(name)


def check(v: Value, reads: Sequence[str]) -> None:
    """Write an accepted authority ``v`` in the script its readings (``reads``) show, or flag
    it (see the module)."""
    if not isinstance(v.value, str):
        return
    name = v.value
    slips = {r: support.other_script(name, r) for r in reads}
    bad = {r: chars for r, chars in slips.items() if chars}
    twin = traditional_twin(name)
    ev: dict[str, object] = {"readings": list(reads), "rule": RULE}
    if twin and bad:  # a reading shows the traditional form: the print is the table's
        read = "”/“".join(bad)
        v.value = twin
        v.fail(Finding("authority_script", FIELD, f"发证机关读作“{read}”，印刷为繁体字形，已按"
                       f"行政区划表写为“{twin}”（其他读数为简体“{name}”），请按原件核对",
                       "warning", {**ev, "chars": sorted(set("".join(bad.values())))}), 0.5)
    elif bad:
        read = "”/“".join(bad)
        v.fail(Finding("authority_script", FIELD, f"发证机关读作“{read}”，与“{name}”字形繁简"
                       "不一，请按原件核对", "warning",
                       {**ev, "chars": sorted(set("".join(bad.values())))}), 0.5)
    elif twin:
        v.fail(Finding("authority_script", FIELD, f"发证机关“{name}”在行政区划表中写作繁体"
                       f"“{twin}”，简体读数不能区分两种印刷（繁体常被读成简体），请按原件核对",
                       "warning", {**ev, "chars": [], "twin": twin}), 0.5)
