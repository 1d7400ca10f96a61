"""The text vocabulary the readers share is spelled once, in ``core.rules``: no scanning module
spells the Han range or a punctuation set again (a copy drifts: one module's 〇 or ；, not
another's), and composing the places from the vocabulary kept each one's members."""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import scanning
from core.rules import HAN

# The range as a source file spells it: its ends escaped (\u4e00, "\u4e00" <= ch) or as characters.
_HAN_ENDS = re.compile(r"\\u4e00|\\u9fff|\u4e00-\u9fff", re.I)


def _sources() -> dict[str, str]:
    root = Path(scanning.__file__).parent
    return {str(p.relative_to(root)): p.read_text(encoding="utf-8") for p in root.rglob("*.py")}


def test_no_scanning_module_spells_the_han_range():
    spelled = [name for name, text in _sources().items() if _HAN_ENDS.search(text)]
    assert spelled == []


# Punctuation sets of their own, not sentence punctuation: what parts a date's numbers
# (2019。12。1 as read) and the marks after an entry's number (1、 1． (1)).
_OWN_SEPARATORS = {"_datescan.py", "_remark_numbered.py"}
_FULL_MARKS = frozenset("，。、；：！？")


def _punctuation_literals() -> list[tuple[str, int, str]]:
    """Han-free string literals holding two or more full-width sentence marks: a spelled set."""
    root = Path(scanning.__file__).parent
    found = []
    for path in sorted(root.glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Constant) and isinstance(node.value, str)):
                continue
            text = node.value
            if not HAN.search(text) and len(_FULL_MARKS & set(text)) >= 2:
                found.append((path.name, node.lineno, text))
    return found


def test_no_scanning_module_spells_a_punctuation_set():
    spelled = [f for f in _punctuation_literals() if f[0] not in _OWN_SEPARATORS]
    assert spelled == []


# Each place's members as they were when the places were spelled apart: composing them from
# the vocabulary changed none (a place that means another set says so where it is defined).
_AS_FOUND = {
    ("_remark_phrases", "_PUNCT"): "，。、；：,.;:",
    ("_remark_phrases", "_MARKS"): "，。、；：,.;:！!？?",
    ("_seal_proof", "_PUNCT"): "，。、；：,.;:",
    ("_remark_standard", "MARKS"): "，。、；：,.;:·・．~～",
    ("_remark_standard", "ENDS"): "。.",
    ("_subject_seal", "_MARKS"): ",，.。、:：;；·'\"“”",
    ("_remark_extend", "_TRAILING"): "，、；,;",
    ("_remark_quotes", "_AFTER"): "，。、；",
    ("_sealtext", "_CLOSED"): "，,；;。",
    ("_remark_cells", "_EDGE"): " ，,：:；;、",
    ("_remark_remnant", "_EDGE"): " ，,。.：:；;、（）()",
    ("_sticker_rows", "_EDGE"): " :：.，,",
    ("_labels", "COLONS"): ":：∶﹕",
    ("_cells", "JOINS"): "·•・‧.",
    ("_name_minority", "_JOINS"): "·•・．.‧",
}
# Patterns, as character classes: every character of the probe that each takes.
_CLASSES_AS_FOUND = {
    ("_remark_doubt", "_PUNCT"): "，。、；：,.;:！!？? \t\n",
    ("_remark_extend", "_WORD"): "，。、；：,;:",
    ("_date_rules", "STRAY"): ":：.,，·'\"、",
    ("_validate", "_STRAY"): ":：.,，·'\"、",
}
_PROBE = "".join(sorted(set("".join(_AS_FOUND.values()) + "".join(_CLASSES_AS_FOUND.values())
                            + "！？“”‘’《》（）()[]-_…—~～·•．a1 \t\n")))


def test_each_place_keeps_the_members_it_had():
    for (module, name), members in _AS_FOUND.items():
        value = getattr(importlib.import_module(f"scanning.{module}"), name)
        assert set(value) == set(members), (module, name)
    for (module, name), members in _CLASSES_AS_FOUND.items():
        pattern = getattr(importlib.import_module(f"scanning.{module}"), name)
        assert {ch for ch in _PROBE if pattern.fullmatch(ch)} == set(members), (module, name)


def test_leaders_match_in_a_class_what_the_spelled_leaders_did():
    from scanning import _date_rules, _rulesets

    spelled = re.compile("[…‥⋯·•∙．.。_＿\\-—–~～]")
    for leaders in (_date_rules._LEADERS, _rulesets._LEADER_MARKS):
        now = re.compile(f"[{leaders}]")
        assert [ch for ch in _PROBE + "\\" if now.fullmatch(ch)] == [
            ch for ch in _PROBE + "\\" if spelled.fullmatch(ch)
        ]
