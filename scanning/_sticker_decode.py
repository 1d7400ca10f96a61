"""One registration sticker, as read → its entry, checked against the rules, and a confidence.

Every field is checked (``_sticker_read`` reads the page and reads each entry twice): a 注册合格
has a 5-year period and nothing else has one, a period's ends check each other, an authority is
a name the divisions spell (or the booklet's own office a character away), a decision date
precedes the period it grants. Each finding names the entry and field
(``registrations[0].valid_until``).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date

from core import clock
from core.errors import InvalidInput
from core.rules import (
    Finding,
    RegistrationConclusion,
    decided_ahead,
    one_slip,
    parse_registration_conclusion,
    slips,
)
from scanning import _decision_date, _sticker_authority, _sticker_dates, _stickers
from scanning._date_fields import PAD_RULE, uneven
from scanning._entry_read import Decoded, confidence, read_date
from scanning._office_word import OFFICE_WORD_RULE, office_word
from scanning._period_rule import (
    complete_period,
    implied_start,
    period_end,
    settle_period,
    suggested_period,
)
from scanning._sticker_period import (
    lost_digit_end,
    period_says_qualified,
    settle_run_on,
    spelled_end,
)
from scanning._stickers import Sticker
from scanning._vocab import cut_authorities, is_authority, near_authorities

__all__ = ["decode_sticker"]

ONE_READ = "one_read"  # evidence: a period whose two ends rest on one read


def _conclusion(s: Sticker, name: str) -> tuple[str | None, list[Finding]]:
    if s.conclusion is None:
        return None, [Finding("missing", name, "未识别到注册结论")]
    hit = _stickers.CONCLUSION.search(re.sub(r"\s+", "", s.conclusion.text))
    if hit is None and (near := _stickers.near_conclusion(s.conclusion.text)):
        note = f"注册结论读作“{s.conclusion.text}”，按注册结论用语唯一更正为“{near}”"
        ev = {"read": s.conclusion.text}  # the period rule still checks it (only 注册合格 has one)
        return str(parse_registration_conclusion(near)), [
            Finding("corrected", name, note, "note", ev)]  # fmt: skip
    try:
        return str(parse_registration_conclusion(hit.group(0) if hit else s.conclusion.text)), []
    except InvalidInput as e:
        return None, [Finding(e.code, name, e.message, evidence={"read": s.conclusion.text})]


def _completed(s: Sticker, name: str, decided: str | None) -> tuple[str, str, list[Finding]] | None:
    """A period one of whose ends lost a digit, completed by the 5-year rule."""
    done = complete_period(s.start, s.end, decided)
    if done is None:
        return None
    first, last, which = done
    read = s.end if which == "valid_until" else s.start
    now = last if which == "valid_until" else first
    was = read.text if read else ""
    note = f"有效期一端读作“{was}”（缺字、截断或形近误读），按五年注册期唯一补为 {now}"
    return first, last, [Finding("corrected_period", f"{name}.{which}", note, "note")]


def _spelled(s: Sticker, name: str) -> tuple[str, str, list[Finding]] | None:
    """A period one end of which no form reads while its digits are the rule's date."""
    spelled = spelled_end(s.start, s.end)
    if spelled is None:
        return None
    first, last, which = spelled
    read = s.end if which == "valid_until" else s.start
    now = last if which == "valid_until" else first
    note = (f"有效期一端读作“{read.text if read else ''}”（年月日用字误读），"
            f"数字与五年注册期所得 {now} 逐位一致")  # fmt: skip
    ev = {"read": read.text if read else "", "proof": ONE_READ}
    return first, last, [Finding("corrected_period", f"{name}.{which}", note, "note", ev)]


def _period(
    s: Sticker, name: str, decided: str | None
) -> tuple[str | None, str | None, list[Finding]]:
    """The validity period (``_read_period``), flagged when its ends are proved only by each
    other within one read and no decision date, read, grants its start (``_one_read``)."""
    start, end, found = _read_period(s, name, decided)
    if start and end and not any(f.blocking for f in found) and _one_read(s, found):
        if not (decided and decided_ahead(date.fromisoformat(decided), date.fromisoformat(start))):
            msg = (f"有效期 {start} 至 {end} 的两端取自同一处识别（连接符缺失或用字误读），"
                   "仅以五年注册期互相校验，未读到可佐证的注册日期，请核对")  # fmt: skip
            found = [*found, Finding("unconfirmed", f"{name}.valid_from", msg, "warning")]
    return start, end, found


def _one_read(s: Sticker, found: list[Finding]) -> bool:
    """The period's two ends rest on one read that checks itself by the 5-year rule only: a run
    split where its connector was lost, or an end whose digits spell the rule's date. The same
    glyph misread in both ends (04 read 01 in 2020.04.19 and 2025.04.18) still keeps the rule,
    so only an independent read, the decision date, proves such a period."""
    split = s.start is not None and s.end is not None and s.start.text == s.end.text
    spelled = any(f.evidence and f.evidence.get("proof") == ONE_READ for f in found)
    return spelled or split and bool(s.start and s.start.corrected)


def _read_period(
    s: Sticker, name: str, decided: str | None
) -> tuple[str | None, str | None, list[Finding]]:
    """The validity period; two ends that disagree with the 5-year rule are settled by one
    shape-alike digit when exactly one such reading agrees, else flagged."""
    if s.start is None and s.end is None:
        return None, None, []
    done = _completed(s, name, decided)
    if done:
        return done
    if spelled := _spelled(s, name):
        return spelled
    if implied := implied_start(s.start, s.end, decided):
        note = f"有效期只印截止日期，按五年注册期推定起始日期为 {implied[0]}"
        return *implied, [Finding("corrected_period", f"{name}.valid_from", note, "note")]
    if ran := settle_run_on(s.start, s.end, decided):
        said = " 至 ".join(d.text for d in (s.start, s.end) if d)
        note = f"有效期读作“{said}”（日数多出数字），按五年注册期唯一读作 {ran[0]} 至 {ran[1]}"
        return *ran, [Finding("corrected_period", f"{name}.valid_from", note, "note")]
    start, found = read_date(s.start, f"{name}.valid_from", "有效期起始日期")
    end, more = read_date(s.end, f"{name}.valid_until", "有效期截止日期")
    found += more
    if offered := _suggested(s, name, found):
        return offered
    if start and end:
        fixed_start, fixed_end, which = settle_period(start, end, decided)
        if which:
            was = start if which == "valid_from" else end
            now = fixed_start if which == "valid_from" else fixed_end
            note = f"有效期读作 {start} 至 {end}，按五年注册期唯一更正 {was} 为 {now}"
            found.append(Finding("corrected_period", f"{name}.{which}", note, "note"))
            start, end = fixed_start, fixed_end
        elif lost := lost_digit_end(s.start, s.end, decided):
            cut = s.end if lost[2] == "valid_until" else s.start
            was = cut.text if cut else ""
            now = lost[1] if lost[2] == "valid_until" else lost[0]
            note = f"有效期一端读作“{was}”（缺一位数字），按五年注册期唯一补为 {now}"
            ev = {"read": was, "rule": "registration_period"}
            found.append(Finding("corrected_period", f"{name}.{lost[2]}", note, "note", ev))
            start, end = lost[0], lost[1]
        elif period_end(start) != end:
            msg = f"有效期应至 {period_end(start)}（五年注册期），读到 {end}"
            found.append(Finding("registration_period", f"{name}.valid_until", msg))
    return start, end, found + _padding(s, name, found)


# What may be said of an end the rule can offer a value for: not read, or read as no date.
_UNREAD = frozenset({"missing", "date_format"})


def _suggested(
    s: Sticker, name: str, found: list[Finding]
) -> tuple[str, str, list[Finding]] | None:
    """A period one end of which was read while the other was lost or read as no date that
    the rule's date contradicts: the 5-year rule's date for the lost end, as a suggestion
    (``date_suggested``, a warning) in place of the finding that it is unread. Nothing read
    proves it, so a person confirms it; the read end keeps its own findings."""
    offered = suggested_period(s.start, s.end)
    if offered is None:
        return None
    first, last, which = offered
    field = f"{name}.{which}"
    said = [f for f in found if f.field == field]
    if [f.code for f in said if f.code not in _UNREAD] or not said:
        return None
    end = which == "valid_until"
    read, now, what = (s.end, last, "截止") if end else (s.start, first, "起始")
    said_as = f"读作“{read.text}”" if read else "未识别到"
    msg = f"有效期{what}日期{said_as}，按五年注册期建议为 {now}，请核对"
    ev = {"read": read.text if read else None, "rule": "registration_period"}
    kept = [f for f in found if f not in said]
    kept.append(Finding("date_suggested", field, msg, "warning", ev))
    return first, last, kept + _padding(s, name, kept)


def _padding(s: Sticker, name: str, found: list[Finding]) -> list[Finding]:
    """An end taken as read whose month and day are padded unevenly (2021年01月2日) most likely
    lost a digit, and two ends that lost the same one still make a period (…01月22日 至 …01月21日
    read 01-02 至 01-01): a person looks. An end already doubted is left alone, and so is a
    period the 5-year rule corrected (its ends were checked against each other digit by digit)."""
    if any(f.code == "corrected_period" for f in found):
        return []
    out = []
    for read, which in ((s.start, "valid_from"), (s.end, "valid_until")):
        field = f"{name}.{which}"
        if read is None or not uneven(read.text) or any(f.field == field for f in found):
            continue
        msg = f"有效期“{read.text}”月、日补零不一致，可能缺失一位数字，请核对原件"
        ev = {"rule": PAD_RULE, "read": read.text}
        out.append(Finding("unconfirmed", field, msg, "warning", ev))
    return out


def _authority(
    s: Sticker, name: str, others: Sequence[str] = (), offices: Sequence[str] = (),
    beside: tuple[str | None, str | None] = (None, None),
) -> tuple[str | None, list[Finding]]:
    """The authority name; one a character away from another sticker's known authority in the
    same booklet (``others``) or from a booklet office (``offices``) is that one, else snapped
    to the one vocabulary entry a misread character away."""
    text = re.sub(r"\s+", "", s.authority.text) if s.authority else ""
    if not text:
        return None, [Finding("missing", name, "未识别到注册机关")]
    if is_authority(text):
        return text, []
    book = _sticker_authority.from_booklet(text, others, offices)
    if book:
        note = f"注册机关“{text}”按本证书其他注册贴或发证机关的“{book}”更正"
        return book, [Finding("corrected_authority", name, note, "note",
                              {"read": text, "booklet": book})]
    head = _sticker_authority.head_lost(text, [*others, *offices])
    if head:
        note = (f"注册机关“{text}”为“{head}”缺去开头几个字（遮挡或截断），"
                "按行政区划名称只能是本证书的这一机关")
        return head, [Finding("corrected_authority", name, note, "note",
                              {"read": text, "booklet": head})]
    book = _sticker_authority.between(text, *beside) or _sticker_authority.between_garbled(
        text, *beside)  # a look-alike in the place, the office word cut with the line
    if book:
        note = f"注册机关“{text}”地名完整、机关名称误读，按本证书前后两条注册的注册机关“{book}”更正"
        return book, [Finding("corrected_authority", name, note, "note",
                              {"read": text, "booklet": book})]
    near = _closest(text, {n for n in near_authorities(text) if _rank_fits(n)})
    if near:  # a read cut short may be the start of a longer name as well
        near += sorted({n for n in cut_authorities(text) if _rank_fits(n)} - set(near))
    ev = {"read": text, "candidates": near}
    if len(near) == 1:
        note = f"注册机关“{text}”按行政区划名称唯一更正为“{near[0]}”"
        return near[0], [Finding("corrected_authority", name, note, "note", ev)]
    if near:
        msg = f"注册机关“{text}”可能是{'、'.join(near[:4])}，未更正"
        return text, [Finding("authority_ambiguous", name, msg, "warning", ev)]
    if not near and (word := office_word(text)):  # the place read whole, its office word garbled
        note = f"注册机关“{text}”地名完整、机关名称误读，按行政区划名称唯一更正为“{word}”"
        ev = {**ev, "office": word, "rule": OFFICE_WORD_RULE}
        return word, [Finding("corrected_authority", name, note, "note", ev)]
    msg = f"注册机关“{text}”不能由行政区划名称拼出，请核对"
    return text, [Finding("authority_unknown", name, msg, "warning", ev)]


def _rank_fits(name: str) -> bool:
    """A 教育厅 is a province's (云南省教育厅, 广西壮族自治区教育厅); a county or district has
    a 教育局, so 青秀区教育汤 is not also 青秀区教育厅."""
    return not name.endswith("教育厅") or name[:-3].endswith(("省", "自治区"))


def _closest(text: str, names: set[str]) -> list[str]:
    """The names fewest substituted characters away from ``text`` (a margin of one over the
    rest: 泸定昙教育局 is 泸定县教育局, not 泸定县教育厅 two slips away)."""
    dist = {n: slips(n, text) for n in names}
    best = min(dist.values(), default=0)
    return sorted(n for n, d in dist.items() if d == best)


def _period_rule(concl: str | None, name: str, s: Sticker) -> list[Finding]:
    """Only 注册合格 carries a validity period, and it must carry one."""
    qualified = concl == RegistrationConclusion.QUALIFIED
    read = s.start is not None or s.end is not None
    if qualified and not read:
        return [Finding("registration_period", f"{name}.valid_from", "注册合格但未识别到有效期")]
    if concl and not qualified and read:
        msg = f"“{concl}”不应有有效期，但读到有效期"
        return [Finding("registration_period", f"{name}.valid_from", msg)]
    return []


def decode_sticker(
    s: Sticker, i: int, today: date | None = None, others: Sequence[str] = (),
    page: int | None = None, around: tuple[str | None, str | None] = (None, None),
    offices: Sequence[str] = (), beside: tuple[str | None, str | None] = (None, None),
) -> Decoded:
    """One sticker → its entry, every finding, and a confidence (``others``: the authorities
    the booklet's other stickers name, as read; ``page``: where it stands, 0-based;
    ``around``: the decision dates read for the entries above and below it, ``beside``: their
    authorities, as read; ``offices``: the
    booklet's issuing authority and the registry's)."""
    name = f"registrations[{i}]"
    concl, found = _conclusion(s, f"{name}.conclusion")
    upper = (today or clock.today()).isoformat()
    when, more3 = _decision_date.settled(  # a separator lost: the rules may settle it
        s, *read_date(s.date, f"{name}.date", "注册日期"), around, upper
    )
    start, end, more = _period(s, name, when)
    period = {"valid_from": start, "valid_until": end, "date": when}
    if concl is None and s.conclusion and _unread_only(found, more, name):
        if period_says_qualified(s.conclusion.text, period):
            concl, found = _qualified_by_period(s.conclusion.text, f"{name}.conclusion")
    authority, more2 = _authority(s, f"{name}.authority", others, offices, beside)
    found += more + more2 + more3 + _period_rule(concl, name, s)
    if when and when > upper:
        found.append(Finding("date_in_future", f"{name}.date", f"注册日期 {when} 晚于今天"))
    found += _decided_apart(concl, when, start, name)
    for extra in s.extra:
        found.append(Finding("unassigned", name, f"贴花上多出的内容：“{extra.text}”", "warning"))
    found += _sticker_dates.left_over(s, name, page)
    entry = {"conclusion": concl, "valid_from": start, "valid_until": end,
             "authority": authority, "date": when}  # fmt: skip
    proved = [f.evidence["read"] for f in more2 if f.evidence and f.evidence.get("rule")
              == OFFICE_WORD_RULE]  # fmt: skip
    score = _score(s, authority, offices, others, proved[0] if proved else None)
    return entry, found, confidence(score, found)


def _decided_apart(
    concl: str | None, when: str | None, start: str | None, name: str
) -> list[Finding]:
    """A 注册合格 whose decision date, as read, cannot grant the period it prints: a decision
    comes on the period's first day or at most ``core.rules.DECISION_LEAD_DAYS`` before it
    (``decided_ahead``), so one years earlier or after it has a digit misread, in the date or
    in the period (2011.10.27 for 2014.10.27 under a seal, a period from 2014-11-02)."""
    if concl != RegistrationConclusion.QUALIFIED or not when or not start:
        return []
    if decided_ahead(date.fromisoformat(when), date.fromisoformat(start)):
        return []
    msg = f"注册日期 {when} 不能授予自 {start} 起的有效期（注册应在有效期起始前一年内作出），请核对"
    ev = {"rule": "registration_period", "date": when, "valid_from": start}
    return [Finding("registration_period", f"{name}.date", msg, "warning", ev)]


def _unread_only(found: list[Finding], more: list[Finding], name: str) -> bool:
    """The conclusion's one finding says it is unknown, and nothing doubts the period."""
    doubts = [f for f in more if f.blocking and f.field.startswith(name)]
    return [f.code for f in found] == ["unknown_registration_conclusion"] and not doubts


def _qualified_by_period(text: str, name: str) -> tuple[str, list[Finding]]:
    note = f"注册结论读作“{text}”（缺字），有效期合五年注册期且注册日期相合，唯一读作“注册合格”"
    ev = {"read": text, "rule": "registration_period"}
    return str(RegistrationConclusion.QUALIFIED), [Finding("corrected", name, note, "note", ev)]


def _score(
    s: Sticker, authority: str | None, offices: Sequence[str], others: Sequence[str],
    proved: str | None = None,
) -> float:
    """The sticker's weakest row score, a row that says nothing but the authority left out
    when that authority is, exactly, an office of the booklet (``offices``) or one another
    sticker names too (``others`` holds this sticker's own), or when the place rule proved
    the office from the read ``proved`` (its office word garbled): a seal over the name
    lowers the recogniser's score, but a misread that spells the booklet's own office, or one
    the rule has corrected, is no doubt left."""
    sure = authority is not None and (authority in offices or others.count(authority) >= 2)
    if not sure and proved is None:
        return min((r.score for r in s.rows), default=s.score)
    # line by line: a seal's ring lettering read as a line joins the row it crosses
    scores = [ln.score for ln in s.lines
              if not _only_office(ln.text, authority) and not _only_office(ln.text, proved)]
    return min(scores, default=s.score)


def _only_office(text: str, office: str | None) -> bool:
    """The line holds the office ``office`` (and its label) and nothing else, or, with no label,
    ``office`` with one character misread (a seal's ring lettering over the print, 东河县教育局
    beside the printed 五河县教育局: the same office read again off its arc)."""
    pieces = _stickers.row_pieces(text)
    said = [re.sub(r"\s+", "", p.text) for p in pieces if p.kind == "authority"]
    if said == [office] and all(p.kind in ("authority", "label") for p in pieces):
        return True
    return office is not None and len(said) == len(pieces) == 1 and one_slip(said[0], office)


