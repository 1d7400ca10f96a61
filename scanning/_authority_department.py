"""A province's own education department named by its office word and the certificate number.

教育厅 is the office word of a province's (or an autonomous region's) department only, and a
province has one department (``_places.suffix_fits``). The certificate number's province digits
(read surely) name the province that granted it. So when the readings of a flagged authority
(the print's, its re-reads', the seal's ring) show the office word 教育厅 as it is and what
stands before it can only be that province's name read short or garbled (国省教育厅 for
四川省教育厅: 四川 run into one character; 安徽管教育厅 on the ring for 安徽省教育厅), the name
is that province's department. Required:

- at least ``MIN_WORDS`` readings end with 教育厅 as it is;
- in each, the head before it is about as long as the province's name (one character more or
  less) and shows at least one of its characters as it is, in its place;
- no head holds a level word the province's name lacks (潍坊市教育厅 is a city's 教育局 with 局
  misread: 市 says so), nor is itself another province's name;
- no reading is another office as it is, and none ends with another office word (教育局,
  教育委员会 …).

Anything else proves nothing (a municipality's 教育委员会 has no 教育厅 either).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from core.rules import AUTHORITY_SUFFIXES, PROVINCE_SUFFIX, Finding
from scanning import _authority_support as support
from scanning import _vocab
from scanning._places import province_level
from scanning._validate import Value

__all__ = ["by_word", "value"]

MIN_WORDS = 2  # readings that must end with the department's office word as it is
LEVEL_WORDS = "省市县区州盟旗"  # a head holding one its province's name lacks is a lower office
FIELD = "issuing_authority"
RULE = "发证机关由“教育厅”称谓与证书号码省份唯一确定"


def value(texts: Sequence[str], seal: Sequence[str], province: str | None) -> Value | None:
    """The field's value when the printed readings ``texts`` and the seal's ``seal`` name the
    department of ``province`` (see the module); None otherwise."""
    name = by_word([*texts, *seal], province)
    if name is None:
        return None
    said = "”/“".join([*texts[:6], *seal])
    msg = (f"发证机关读作“{said}”，机关称谓“教育厅”只属省级；证书号码省份（{province}）"
           f"的教育厅唯一为“{name}”，已更正")
    ev: dict[str, object] = {"readings": list(texts), "seal": list(seal),
                             "province": province, "rule": RULE}
    return Value(name, 1.0, [Finding("authority_department", FIELD, msg, "note", ev)])


def by_word(texts: Iterable[str], province: str | None) -> str | None:
    """The department of ``province`` the readings ``texts`` name (see the module), or None."""
    if not province:
        return None
    names = [n for n in _vocab.authority_names() if n.endswith(PROVINCE_SUFFIX)
             and province in _vocab.authority_provinces(n)]
    if len(names) != 1:
        return None
    entry = names[0]
    head = entry[: -len(PROVINCE_SUFFIX)]
    texts = [t for t in dict.fromkeys(texts) if t]
    if any(_vocab.is_authority(t) and t != entry for t in texts):
        return None
    if any(t.endswith(w) for t in texts for w in AUTHORITY_SUFFIXES if w != PROVINCE_SUFFIX):
        return None
    heads = [t[: -len(PROVINCE_SUFFIX)] for t in texts if t.endswith(PROVINCE_SUFFIX)]
    if len(heads) < MIN_WORDS or not all(_fits(h, head, province) for h in heads):
        return None
    return entry


def _fits(read: str, head: str, province: str) -> bool:
    """``read`` (what a reading holds before 教育厅) may be the province's name ``head``."""
    if not read or abs(len(read) - len(head)) > 1:
        return False
    if any(ch in LEVEL_WORDS and ch not in head for ch in read):
        return False
    if province_level().get(read, province) != province:
        return False
    return any(op == "read" for op, _ in support.align(head, read))
