"""When fields told by their values' shapes (``_shape_fields``) prove the page they stand on.

A field found by its shape alone is flagged because its role on the page is a guess: a date
taken for the issue date might be another date. When the values found so cross-check, every
one against the others, by rules no other page's print could satisfy by chance, the page is
the holder's information page and those fields are what their shapes say:

- the ID number's GB 11643 check character holds, its birth segment is the birth date read
  and its order digit's parity is the gender read;
- the 17-digit certificate number's year is the issue date's year, its type digit the
  qualification type's, its province digits a province the issuing authority lies in, and its
  gender digit agrees with the gender.

Each of these fields must also stand with no finding of its own decoding (every doubt its own
rules raise still sends the booklet to a person). The name, which no rule checks, is taken as
proven only as the first field on the page (above every other field found), decoded with no
doubt; the subject only as an entry of the subject list decoded with no doubt. Anything short
of this keeps the ``found_by_shape`` warning on each field.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

from stdnum.cn import ric

from core.rules import Gender
from scanning._cross_rules import (
    CERT_SHAPE,
    ID_SHAPE,
    authority_provinces,
    cert_gender_agrees,
    id_gender,
    in_subjects,
    type_digit,
    type_value,
)
from scanning._fields import RawField

if TYPE_CHECKING:
    from scanning._validate import Value

# The fields the cross rules tie together: each is checked against at least one other.
CHECKED = ("id_number", "birth_date", "gender", "certificate_number", "issue_date",
           "qualification_type", "issuing_authority")


def _clean(values: Mapping[str, Value], key: str) -> str | None:
    """The field's value when it was decoded with no blocking finding, else None."""
    v = values.get(key)
    if v is None or not v.value or v.blocking:
        return None
    return v.value


def page_proven(values: Mapping[str, Value]) -> bool:
    """Every cross rule between the checked fields holds, each field decoded without doubt."""
    got = [_clean(values, k) for k in CHECKED]
    if any(g is None for g in got):
        return False
    ident, born, gender, cert, issued, qual, authority = (str(g) for g in got)
    label = type_value(qual)
    provinces = authority_provinces(authority)
    return (
        bool(ID_SHAPE.match(ident)) and ric.calc_check_digit(ident) == ident[-1]
        and ident[6:14] == born.replace("-", "")
        and gender in ("男", "女") and id_gender(ident) == gender
        and bool(CERT_SHAPE.match(cert)) and cert[:4] == issued[:4]
        and label is not None and cert[9] == type_digit(label)
        and bool(provinces) and cert[4:6] in provinces
        and cert_gender_agrees(cert, Gender(gender))
    )  # fmt: skip


def proven(values: Mapping[str, Value], raw: Mapping[str, RawField],
           shaped: frozenset[str]) -> frozenset[str]:
    """The fields of ``shaped`` whose role the page's cross rules prove (none when they fail)."""
    if not shaped or not page_proven(values):
        return frozenset()
    out = set(CHECKED)
    name = raw.get("name")
    others = [r.box[1] for k, r in raw.items() if k != "name"]
    if name is not None and _clean(values, "name") and others and _first(name, others):
        out.add("name")
    if in_subjects(_clean(values, "subject")):
        out.add("subject")
    return frozenset(out) & shaped


def _first(name: RawField, tops: Sequence[float]) -> bool:
    """The name's line is the page's first field (a field beside it in its row may stand up to
    half a line higher)."""
    return name.box[1] <= min(tops) + (name.box[3] - name.box[1]) / 2
