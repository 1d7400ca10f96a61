"""The lexicon of remark phrases (Ministry forms and office practice): which characters of a
remark line lie inside a known phrase. It only ranks readings and judges doubt; it never
writes a character."""

from __future__ import annotations

from core.rules import ETHNIC_GROUPS, EXCLAMATION_QUESTION_MARKS, HAN, SENTENCE_MARKS
from scanning._datescan import find_dates

# Phrases of remark texts (Ministry forms and office practice); only used to rank candidates.
PHRASES = (
    "出生日期", "出生年月", "姓名", "民族", "性别", "身份证件号码", "身份证号码", "公民身份号码",
    "任教学科", "资格种类", "教师资格", "证书编号", "认定机关", "信息", "已更正", "更正为",
    "予以更正", "予以补发", "予以换发", "经本人申请", "本人申请", "经核实", "证书遗失",
    "原证书", "遗失", "损坏", "污损", "破损", "严重", "收回", "换发", "补发", "新证", "同意",
    "变更", "保管不慎", "因保管不慎", "丢失", "作废", "注销", "撤销", "登报", "声明", "证书",
    "申请", "核实", "核查", "经核查", "无误", "信息无误", "更正", "号码", "本人", "更名", "曾用名",
    "户籍", "学段",
    # wording of other offices (身份证号码已升位 for a 15-digit number made 18, 受潮, 照片更换)
    "升位", "已升位", "核对", "经核对", "受潮", "内页", "照片", "更换", "审核", "经审核", "属实",
    "工作单位", "登记", "备案", "有误", "准予", "脱落", "钢印", "教师资格证书",
    "加盖钢印", "重新粘贴", "记载", "本证记载", "记载为准", "原记载有误", "记载有误",
    "以本证记载为准",
    # the name a correction replaced (持证人姓名更正为“…”，原姓名有误)
    "原姓名",
    # what a corrected 民族 is corrected to (民族更正为回族): the 56 groups' names
    *ETHNIC_GROUPS,
)  # fmt: skip
# Words that open a clause of a remark, after the comma that ends the one before.
CLAUSE_OPENS = ("经本人申请", "经核实", "经核查", "同意", "予以", "原证书", "现", "特此")
# Phrases that close a remark: nothing of the entry follows them on its last line.
CLOSINGS = ("已更正", "予以更正", "予以补发", "予以换发", "信息无误")
_MARKS = SENTENCE_MARKS + EXCLAMATION_QUESTION_MARKS
_VERBS = ("同意", "予以")  # openers that need words after them: never a clause alone
# Where remark texts put a comma: before a clause that opens (经本人申请 / 同意 / 予以 …) and
# after an opening clause (经核实，). Inside a clause phrases run on without one (号码已更正).
CLAUSE_ENDS = ("经核实", "经核查")  # 破损严重 runs on; 遗失，经… is found by its opener
_PUNCT = SENTENCE_MARKS


def opens_clause(text: str, k: int) -> str | None:
    """The clause opener (``CLAUSE_OPENS``) ``text`` holds at ``k``, unless it is a verb that
    takes an object (``_VERBS``) and a mark follows it at once: it closes the clause it ends
    instead (…教育局审核同意，补发 — 同意 is the verb of 审核同意, no clause of its own;
    经本人申请， is a clause whole)."""
    opener = next((o for o in CLAUSE_OPENS if text.startswith(o, k)), None)
    after = text[k + len(opener) : k + len(opener) + 1] if opener else ""
    return None if opener in _VERBS and after and after in _MARKS else opener


def comma_place(text: str, k: int, dated: set[int]) -> bool:
    """Whether a comma usually stands between ``text[k - 1]`` and ``text[k]`` and none does
    (``dated``: the places of dates; a date opening the line needs none)."""
    if text[k - 1] in _PUNCT or text[k] in _PUNCT or k - 1 in dated:
        return False
    return opens_clause(text, k) is not None or text[:k].endswith(CLAUSE_ENDS)


def across(head: str, tail: str) -> str | None:
    """The known phrase that runs across the join of ``head`` and ``tail`` (a line's end and
    the next row's start: 予以补 / 发, 教师资格 / 证书, 钢 / 印), or None. Such a wrap cuts one
    word: no comma belongs there and no character is lost between (a seal over the end hid
    nothing the word lacks)."""
    for p in PHRASES:
        for k in range(1, len(p)):
            if head.endswith(p[:k]) and tail.startswith(p[k:]):
                return p
    return None


def _covered(text: str) -> list[bool]:
    """Per character of ``text``: does it lie inside a known remark phrase?"""
    covered = [False] * len(text)
    for p in PHRASES:
        start = text.find(p)
        while start >= 0:
            covered[start : start + len(p)] = [True] * len(p)
            start = text.find(p, start + 1)
    return covered


def coverage(text: str) -> int:
    """How many characters of ``text`` lie inside a known remark phrase."""
    return sum(_covered(text))


def phrased(text: str) -> bool:
    """True when every Chinese character of ``text`` lies inside a known remark phrase or a
    date (年月日 of a date are checked by the date rules, and digit disagreements flagged)."""
    dated = {k for f in find_dates(text) if f.read.value for k in range(f.start, f.end)}
    pairs = zip(text, _covered(text), strict=True)
    return all(c or k in dated or not HAN.match(ch) for k, (ch, c) in enumerate(pairs))


def _covered_positions(text: str) -> set[int]:
    out: set[int] = set()
    for p in PHRASES:
        start = text.find(p)
        while start >= 0:
            out.update(range(start, start + len(p)))
            start = text.find(p, start + 1)
    return out
