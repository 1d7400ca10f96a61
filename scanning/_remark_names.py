"""Names a remark quotes, held to what a name must be.

A remark that corrects the holder's name quotes it (持证人姓名更正为“严慧”，原姓名有误;
持证人姓名由“严燕”更正为“严慧”) or records a former one (持证人曾用名“严燕”). No standard
wording fixes a quoted name and a recogniser reads a name character as a commoner word's
(燕 as 蒸) the same way in every view, so agreeing readings prove nothing there. Two rules do:

- the name a correction sets is the holder's name the information page prints: a quoted new
  name that differs from the name field is one of the two misread;
- a former name is a name: a known surname, then characters given names are made of (the
  name field's own given-name characters count). A quoted former name with a character no name
  list holds (严蒸) is flagged; the list is short of some real names' rare characters, so such a
  name costs a look, never a wrong value.

Either doubt is a warning on the entry's text, naming the quoted name.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence

from core.rules import Finding
from scanning import _vocab_names as names

__all__ = ["doubts"]

# The correction's new name: 姓名更正为“…”, 姓名由“…”更正为“…”, 姓名变更为“…”.
_NEW = re.compile(r"姓名(?:由“[^”]*”)?(?:更正|变更|改)为“([^”]+)”")
# A former name: 姓名由“…”, 曾用名“…”, 原名“…”, 原姓名“…”.
_FORMER = re.compile(r"(?:姓名由|曾用名|原姓?名)“([^”]+)”")


def doubts(notes: Sequence[Mapping[str, str | None]], holder: str | None) -> list[Finding]:
    """A warning on each remark whose quoted name breaks a rule above (``holder``: the name
    field's value, None when it was not read)."""
    found = []
    for i, note in enumerate(notes):
        text = note.get("text") or ""
        why = _doubt(text, holder)
        if why is not None:
            found.append(Finding("annotation_text", f"annotations[{i}].text", why, "warning",
                                 {"read": text}))
    return found


def _doubt(text: str, holder: str | None) -> str | None:
    for new in _NEW.findall(text):
        if holder and new != holder:
            return f"备注中更正后的姓名“{new}”与信息页姓名“{holder}”不一致，其一可能误识，请核对"
    for former in _FORMER.findall(text):
        odd = _unnamed(former, holder or "")
        if odd:
            return f"备注中引用的姓名“{former}”含不常用于姓名的字“{odd}”，可能误识，请核对"
    return None


def _unnamed(name: str, holder: str) -> str:
    """The characters of quoted ``name`` no name is made of ('' when it reads as a name): a
    surname must open it, and each given-name character be a listed one or the holder's."""
    if "·" in name or "•" in name:
        return ""  # a transcribed name (阿依古丽·买买提) has no surname to open it
    cut = names.surname_length(name)
    if cut == 0:
        return name[:1]
    mine = set(holder[names.surname_length(holder):])
    return "".join(c for c in name[cut:] if c not in names.given() and c not in mine)
