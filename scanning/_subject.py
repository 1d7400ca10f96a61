"""The subject (任教学科): what its list of subjects proves, and with what margin.

The list (``_vocab.SUBJECTS``) is long but never complete (a university's discipline, a
province's vocational subject), so a read is weighed against it, not forced into it:

- **the reads say an unlisted subject** — the list's entries hold under ``OUTSIDE`` of the
  likelihood of the readings, as the engine's own runner-ups measure it (史学 read three
  times, every character sure, beside 化学/数学/科学): the read is the value, decided as free
  text, which two sure readings must confirm;
- **a list entry read as is, far from every other entry** (幼儿园, 会计学: no entry one
  character away) — the list proves it even where the engine doubted a character (动 for
  幼 at 25 %): no other value it allows is one misread away;
- **a list entry with another entry one character away** (化学 / 数学 / 科学) — the list
  cannot tell them apart at that character, so the readings must: it proves the entry only
  while no reading's engine gave a neighbour's character there ``1 - SURE`` or more and the
  entry holds ``ACCEPT`` of the list's share with the readings counted as one; otherwise two
  sure readings must confirm it, as for a free value, or it is flagged;
- **a list entry no reading read, with the reads mostly elsewhere** (the list holds under
  ``ACCEPT`` of the likelihood) — shown, but flagged: the read may be an unlisted subject.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from core.rules import Finding
from scanning import _subject_seal, _vocab, _vocab_strays
from scanning._decide_field import Field, prepare
from scanning._decide_review import ACCEPT, SURE, decide
from scanning._labels import QUALIFIER_WORDS
from scanning._ocr import Reading
from scanning._validate import Value

OUTSIDE = 0.01  # the list holds less than this share of the readings' likelihood: unlisted
RULE = "任教学科词表"


def listed_share(f: Field) -> float:
    """The share of the readings' likelihood (readings counted as one) that falls on list
    entries; the rest is on texts outside the list, mostly the read itself."""
    return min(sum(c.cautious for c in f.options.values()), 1.0)


def neighbours(value: str) -> set[str]:
    """Other list entries one substituted character away from ``value``."""
    return _vocab.near_subjects(value) - {value}


def neighbour_doubt(readings: Sequence[Reading], value: str) -> float:
    """The most any reading's engine gave the characters of ``value``'s neighbours at the
    one position where each differs from it (its runner-ups there, summed per reading)."""
    near = neighbours(value)
    worst = 0.0
    for r in readings:
        if len(r.text) != len(value) or len(r.alternatives) != len(value):
            continue
        doubt = 0.0
        for n in near:
            i = next(k for k, (a, b) in enumerate(zip(n, value, strict=True)) if a != b)
            doubt += sum(p for ch, p in r.alternatives[i] if ch == n[i])
        worst = max(worst, doubt)
    return worst


def proven(f: Field, value: str) -> bool:
    """Whether the list proves ``value``: no other entry one character away, or none that
    the readings give a real chance (see the module's docstring)."""
    if not neighbours(value):
        return True
    total = sum(c.cautious for c in f.options.values()) or 1.0
    own = f.options[value].cautious / total if value in f.options else 0.0
    return own >= ACCEPT and neighbour_doubt(f.readings, value) < 1.0 - SURE


def _entry(text: str) -> str | None:
    """The one list entry a read is, or is one misread character away from (幼国园: 幼儿园)."""
    if text in _vocab.SUBJECTS:
        return text
    near = _vocab.near_subjects(text)
    return next(iter(near)) if len(near) == 1 else None


def whole_reads(readings: Sequence[Reading]) -> list[Reading]:
    """The readings without those cut short: an unlisted read that is the strict start of
    another reading which is, or snaps to, exactly one list entry starting with it too (幼
    beside 幼国园; a re-read's box or a seal's ring took the end). A listed read (政治) is
    never dropped, as a read that caught a stray character could make it longer."""
    def cut(r: Reading) -> bool:
        return bool(r.text) and r.text not in _vocab.SUBJECTS and any(
            len(o.text) > len(r.text) and o.text.startswith(r.text)
            and (e := _entry(o.text)) is not None and e.startswith(r.text) for o in readings)

    kept = [r for r in readings if not cut(r)]
    return kept if kept else list(readings)


def decide_subject(f: Field, readings: Sequence[Reading], today: date, seal: str = "") -> Value:
    """The subject's value and findings (``seal``: the authority's readings, whose
    characters the seal's lettering repeats); reads cut short (``whole_reads``) are left out,
    and a value then chosen by one reading alone is flagged; a read run into the seal's
    legend offers the entry under it (``_subject_seal``)."""
    return _subject_seal.settle(_whole(f, readings, today, seal), readings, seal)


def _whole(f: Field, readings: Sequence[Reading], today: date, seal: str) -> Value:
    whole = whole_reads(readings)
    if len(whole) == len(readings):
        return _decide(f, readings, today, seal)
    v = _decide(_again(f, whole, today), whole, today, seal)
    if len(whole) < 2 and v.value and not v.blocking:
        cut = next(r.text for r in readings if r not in whole)
        v.fail(Finding("unconfirmed", "subject", f"任教学科另有识别读作“{cut}”（缺字），"
                       f"“{v.value}”只由一次识别选定，请核对", "warning",
                       {"rule": RULE, "readings": [r.text for r in readings]}), 0.5)
    return v


def _decide(f: Field, readings: Sequence[Reading], today: date, seal: str) -> Value:
    if not f.options:
        return _free(readings, today, seal)
    # Only the engine's own runner-ups measure how far a read is from the list; without
    # them every unlike character sits at one floor, and the list's share says nothing.
    listed = listed_share(f) if any(r.alternatives for r in f.readings) else 1.0
    if listed < OUTSIDE:
        return _free(readings, today, seal)
    top = max(f.options.values(), key=lambda c: c.share)
    v = decide(f, None, proven(f, top.text))
    if f.snapped and v.value and len(v.value) <= 2:
        # A two-character subject is half changed by one snap: shown, a person confirms it.
        v.findings = [
            Finding("suggested", x.field, x.message, "warning", x.evidence)
            if x.code == "corrected" else x
            for x in v.findings
        ]
        v.confidence = min(v.confidence, 0.5)
    elif f.snapped and v.value and listed < ACCEPT and not v.blocking:
        v.fail(Finding("unconfirmed", "subject", f"任教学科读作“{f.best_read}”，不在常见学科表中；"
                       f"表中最接近的是“{v.value}”，所读字符不足以确定是哪一个，请核对", "warning",
                       {"readings": [r.text for r in f.readings], "rule": RULE,
                        "listed_share": round(listed, 4)}), 0.5)
    return v


def _again(f: Field, readings: list[Reading], today: date) -> Field:
    """The field prepared anew from ``readings``, keeping its readers of other pixels."""
    out = prepare("subject", readings, today)
    out.third, out.whole = f.third, f.whole
    return out


def _free(readings: Sequence[Reading], today: date, seal: str) -> Value:
    """A subject outside the list: the read itself, confirmed by two sure readings; one that
    holds a list entry with stray characters (信息技术市) is cut; one that starts a list entry
    (艺 for 艺术), ends in a neighbouring label's first character (临床医学教) or holds a
    label's word (类别, 专业 …) is flagged."""
    free = decide(prepare("subject", readings, today, "subject_free"), None, False)
    strays = free.value and _vocab_strays.check(
        "subject", "任教学科", free.value, _vocab.SUBJECTS, seal)
    if strays:  # 信息技术市: a subject with the seal's 市 caught after it
        free.value, finding = strays
        if finding.blocking:
            free.fail(finding, 0.5)
        else:
            free.findings.append(finding)
    elif free.value and not free.blocking and (longer := sorted(_vocab.cut_subjects(free.value))):
        # 艺 for 艺术 under a seal: two reads that lost the same end agree on a cut value
        read = free.value
        free.fail(Finding("unconfirmed", "subject", f"任教学科“{read}”是常见学科"
                          f"“{longer[0]}”等的开头，可能缺字，请核对", "warning",
                          {"rule": RULE, "longer": longer[:5], "read": read}), 0.5)
        free.value = _shown_whole(read, longer)
    elif free.value and not free.blocking and (fuller := sorted(_vocab.lost_subjects(free.value))):
        # 体与健康 for 体育与健康: every reading ran 育 into its neighbours alike
        free.fail(Finding("unconfirmed", "subject", f"任教学科“{free.value}”比常见学科"
                          f"“{fuller[0]}”少一个字，可能漏识，请核对", "warning",
                          {"rule": RULE, "fuller": fuller[:5], "read": free.value}), 0.5)
    elif free.value and not free.blocking and _lettering(free.value, seal):
        # 夏 for 科学 under the seal of 临夏…教育和科技局: two sure reads of its lettering agree
        free.fail(Finding("unconfirmed", "subject", f"任教学科“{free.value}”不在常见学科表中，"
                          "且只有一个字或每个字都在发证机关印章的文字中，可能读到的是印章文字，请核对",
                          "warning", {"rule": _subject_seal.RULE, "seal": seal}), 0.5)
    elif free.value and not free.blocking and (run := _seal_place_tail(free.value, seal)):
        # 钳工江市 under the seal of 牡丹江市教育局: two reads caught the seal's 江市 alike
        free.fail(Finding("unconfirmed", "subject", f"任教学科“{free.value}”末尾的“{run}”也是"
                          "发证机关印章中的地名文字，可能读入了印章文字，请核对", "warning",
                          {"rule": _subject_seal.RULE, "seal": seal}), 0.5)
    elif free.value and _vocab.glued_neighbour(free.value):
        free.fail(Finding("unconfirmed", "subject", f"任教学科“{free.value}”末字可能是相邻"
                          "标签的首字，请核对", "warning", {"rule": "相邻标签"}), 0.5)
    elif free.value and (words := [w for w in QUALIFIER_WORDS if w in free.value]):
        # 人类别俄语: the label's （类别） read before the value, its bracket taken for 人
        free.fail(Finding("unconfirmed", "subject", f"任教学科“{free.value}”含标签文字"
                          f"“{words[0]}”，可能读入了标签，请核对", "warning",
                          {"rule": "标签文字"}), 0.5)
    return free


# Characters a cut read must keep of the one entry it starts, to be shown as that entry.
_MOST = 3


def _shown_whole(read: str, longer: list[str]) -> str:
    """What a flagged read cut at its end is shown as: the one listed subject it starts when
    it keeps at least ``_MOST`` characters of it (品德与社 for 品德与社会: no other subject and
    no real value reads so), else the read itself. Still flagged: the list is not every
    subject, and a person confirms what the seal hid."""
    return longer[0] if len(longer) == 1 and len(read) >= _MOST else read


# The characters a division's name ends in (市, 县, 区, 州, 省, 盟, 旗): no subject ends so.
_PLACE_ENDS = "市县区州省盟旗"


def _seal_place_tail(value: str, seal: str) -> str:
    """The end of an unlisted subject that is a place name's end the authority's reads hold
    (江市 of 牡丹江市教育局), two characters or more with the subject's own before it: the
    seal's lettering caught after the value, read alike twice. '' when there is none."""
    if not seal or value[-1] not in _PLACE_ENDS:
        return ""
    for k in range(len(value) - 1, 1, -1):
        if value[-k:] in seal:
            return value[-k:]
    return ""


def _lettering(value: str, seal: str) -> bool:
    """An unlisted subject that may be a seal's lettering read where the seal hides the value:
    one character (no subject is named by one) or only characters the authority's reads hold."""
    return len(value) < 2 or bool(seal) and all(ch in seal for ch in value)
