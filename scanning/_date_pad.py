"""A date whose month and day are padded unevenly (2017年09月1日): a digit may be lost.

A booklet writes its dates one way: either month and day padded to two digits (09月01日) or
neither (9月1日). A reading that pads one and not the other most likely lost a digit of the
short one — under a seal, a fold, a blur — and what is left may still be a real date
(2017年09月1日 for 2017年09月11日), which no rule of the field can doubt: the issue date's month
and day agree with no other field. So when every reading of a date field is padded unevenly,
the field goes to review; one reading that shows the value evenly written clears it. A birth
date equal to the birth segment of an ID number read surely is proved and left alone.
"""

from __future__ import annotations

from collections.abc import Mapping, MutableMapping, Sequence

from core.rules import Finding
from scanning._date_fields import DATE_FIELDS, proved_by_id
from scanning._date_fields import PAD_RULE as PAD_RULE  # re-exported: the rule's one name
from scanning._date_fields import uneven as uneven  # re-exported: one place for the rule
from scanning._decide_review import FIELD_LABELS
from scanning._ocr import Reading
from scanning._validate import Value


def flag_uneven(
    readings: Mapping[str, Sequence[Reading]], values: MutableMapping[str, Value]
) -> None:
    """Send a date field to review when each of its readings pads month and day unevenly."""
    for key in DATE_FIELDS:
        v = values.get(key)
        texts = [r.text for r in readings.get(key, ()) if r.text.strip()]
        if v is None or not v.value or v.blocking or not texts or proved_by_id(key, values):
            continue
        if all(uneven(t) for t in texts):
            name = FIELD_LABELS.get(key, key)
            msg = f"{name}“{texts[0]}”月、日补零不一致，可能缺失一位数字，请核对原件"
            v.fail(Finding("unconfirmed", key, msg, "warning",
                           {"rule": PAD_RULE, "readings": texts}), 0.5)
