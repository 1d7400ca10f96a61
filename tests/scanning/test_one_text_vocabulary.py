"""The text vocabulary the readers share is spelled once, in ``core.rules``: no scanning module
spells the Han range again (a copy drifts: one module's 〇 or extension block, not another's)."""

from __future__ import annotations

import re
from pathlib import Path

import scanning

# The range as a source file spells it: its ends escaped (\u4e00, "\u4e00" <= ch) or as characters.
_HAN_ENDS = re.compile(r"\\u4e00|\\u9fff|\u4e00-\u9fff", re.I)


def _sources() -> dict[str, str]:
    root = Path(scanning.__file__).parent
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in root.rglob("*.py")}


def test_no_scanning_module_spells_the_han_range():
    spelled = [name for name, text in _sources().items() if _HAN_ENDS.search(text)]
    assert spelled == []
