"""Score scanned records against the generator's truth: the figures of issue 12's table.

Information fields are compared exactly; a remarks entry is right when an entry with the same
date and text was read; a registration entry is right when an entry with the same conclusion and
validity period was read. A right registration entry's decision date, and its authority when the
truth holds one, are values too: read otherwise (not left unread: a design may not print
them) they are wrong values (``registrations[i].date``,
``registrations[i].authority``, named by the read entry's place) without changing the entry's
count as right. A wrong value is *unflagged* when its record was accepted without review — the
one error the service must never make — and *silent* when no finding that asks for review names
its field (or the entry or list holding it), whether or not another finding sent the booklet to
review: a clerk told where to look would pass it.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from core.records import INFORMATION_FIELDS
from core.rules import parse_registration_conclusion

PHONE_KINDS = frozenset({"phone_jpg", "phone_pdf"})


def group(kind: str) -> str:
    """'phone' for camera captures, 'scanner' for flatbed ones (rotated_png is a turned scan)."""
    return "phone" if kind in PHONE_KINDS else "scanner"


def finding_code(f: Any) -> tuple[str, str]:
    """(code, severity) of a finding written as "code [field] msg" or as a dict."""
    if isinstance(f, dict):
        return str(f.get("code", "?")), str(f.get("severity", "error"))
    return str(f).split(" ", 1)[0], "error"


def flags_field(f: Any, name: str) -> bool:
    """Whether finding ``f`` asks for review of field ``name``: the field itself, a part of it
    (an entry of that list) or what holds it (the entry or list of ``registrations[0].date``)."""
    if not isinstance(f, dict) or f.get("severity") == "note":
        return not isinstance(f, dict)  # a finding written as text: counted as a flag
    at = str(f.get("field") or "")
    if not at:
        return False
    return (
        at == name
        or at.startswith((name + "[", name + "."))
        or name.startswith((at + "[", at + "."))
    )


def _conclusion(text: Any) -> str:
    try:
        return str(parse_registration_conclusion(str(text)))
    except Exception:  # noqa: BLE001 - an unreadable conclusion simply does not match
        return f"?{text}"


def _reg_key(r: dict[str, Any]) -> tuple[str, Any, Any]:
    return _conclusion(r.get("conclusion")), r.get("valid_from"), r.get("valid_until")


#: values of a registration entry compared once the entry is paired by its key
REG_VALUES = ("date", "authority")


def _ann_key(a: dict[str, Any]) -> tuple[Any, Any]:
    return a.get("date"), a.get("text")


@dataclass
class Score:
    """Running totals over the booklets of one benchmark run."""

    total: Counter[str] = field(default_factory=Counter)
    right: Counter[str] = field(default_factory=Counter)
    field_errors: Counter[str] = field(default_factory=Counter)
    unflagged: list[dict[str, Any]] = field(default_factory=list)
    silent: list[dict[str, Any]] = field(default_factory=list)
    entries: Counter[str] = field(default_factory=Counter)
    reasons: Counter[str] = field(default_factory=Counter)
    #: review reasons of booklets read entirely right: the flags that cost acceptance for nothing
    needless: Counter[str] = field(default_factory=Counter)
    diffs: list[dict[str, Any]] = field(default_factory=list)

    def booklet(
        self, truth: dict[str, Any], rec: dict[str, Any] | None, meta: dict[str, Any]
    ) -> None:
        """Score one booklet (``rec`` is None when the file failed)."""
        kind = str(meta.get("kind", "?"))
        accepted = rec is not None and not rec.get("needs_review", True)
        hand = "+hand" if meta.get("remarks_by_hand") else ""
        design = [
            f"layout:{meta.get('layout', '-')}",
            f"remarks:{meta.get('remarks_design', '-')}{hand}",
            f"sticker:{meta.get('sticker_design', '-')}",
        ]
        wrong = self._fields(truth, rec, [group(kind), f"kind:{kind}", design[0]])
        wrong += self._entries("annotations", truth, rec, _ann_key, design[1])
        wrong += self._entries("registrations", truth, rec, _reg_key, design[2], REG_VALUES)
        if meta.get("photo_page", True):
            self.entries["photo_booklets"] += 1
            self.entries["photo_accepted"] += accepted
        findings = [finding_code(f) for f in (rec or {}).get("findings", [])]
        if rec is not None and rec.get("needs_review"):
            codes = {code for code, severity in findings if severity != "note"}
            self.reasons.update(codes)
            if not wrong and meta.get("photo_page", True):
                self.entries["right_but_flagged"] += 1
                self.needless.update(codes)
        for w in wrong:
            w.update(source=truth["source"], kind=kind, flagged=not accepted)
            if accepted:
                self.unflagged.append(w)
            elif rec is not None and not any(flags_field(f, w["field"]) for f in rec["findings"]):
                self.silent.append(w)
        if wrong or rec is None:
            self.diffs.append(
                {
                    "source": truth["source"],
                    "kind": kind,
                    "design": design,
                    "read": rec is not None,
                    "needs_review": not accepted,
                    "wrong": wrong,
                    "findings": [c for c, _ in findings],
                }
            )

    def _fields(
        self, truth: dict[str, Any], rec: dict[str, Any] | None, groups: list[str]
    ) -> list[dict[str, Any]]:
        """Information fields compared exactly; the wrong ones."""
        wrong: list[dict[str, Any]] = []
        for name in INFORMATION_FIELDS:
            got = rec.get(name) if rec else None
            self.total.update(groups)
            if got == truth[name]:
                self.right.update(groups)
                continue
            self.field_errors[name] += 1
            wrong.append({"field": name, "read": got, "truth": truth[name]})
        return wrong

    def _entries(
        self,
        name: str,
        truth: dict[str, Any],
        rec: dict[str, Any] | None,
        key: Any,
        design: str,
        values: tuple[str, ...] = (),
    ) -> list[dict[str, Any]]:
        """Entries paired by ``key``: the missing, misread and extra ones, then the ``values``
        of paired entries read otherwise (a truth value of None, or a value not read, is not
        checked)."""
        reads = list((rec or {}).get(name) or [])
        pool = [(key(e), i) for i, e in enumerate(reads)]
        missing: list[dict[str, Any]] = []
        wrong: list[dict[str, Any]] = []
        for entry in truth[name]:
            self.entries[f"{name}_total"] += 1
            self.total[design] += 1
            # entries of one key (two 暂缓注册) pair by their values first, then in order
            same = [p for p in pool if p[0] == key(entry)]
            fits = [p for p in same if all(reads[p[1]].get(v) == entry.get(v) for v in values)]
            at = next(iter(fits or same), None)
            if at is None:
                self.field_errors[name] += 1
                missing.append(entry)
                continue
            pool.remove(at)
            self.entries[f"{name}_right"] += 1
            self.right[design] += 1
            for v in values:
                got, want = reads[at[1]].get(v), entry.get(v)
                # a value not read (None) is left out: a stamp design may not print it (a
                # registration stamp without its decision date), and the truth cannot say
                if want is not None and got is not None and got != want:
                    self.field_errors[f"{name}.{v}"] += 1
                    wrong.append({"field": f"{name}[{at[1]}].{v}", "read": got, "truth": want})
        # A misread entry is one wrong entry (shown beside what was read), not a missing one
        # plus an extra one; reads left over after pairing are entries the booklet lacks.
        wrong += [
            {"field": name, "read": list(pool.pop(0)[0]) if pool else None, "truth": entry}
            for entry in missing
        ]
        for extra, _ in pool:
            self.entries[f"{name}_extra"] += 1
            wrong.append({"field": name, "read": list(extra), "truth": None})
        return wrong

    def figures(self) -> dict[str, Any]:
        """The table's figures (ratios rounded), per-field error counts and review reasons."""
        e = self.entries

        def ratio(a: float, b: float) -> float:
            return round(a / b, 4) if b else 0.0

        def by(prefix: str) -> dict[str, float]:
            keys = sorted(k for k in self.total if k.startswith(prefix))
            return {k.removeprefix(prefix): ratio(self.right[k], self.total[k]) for k in keys}

        return {
            "fields_right_scanner": ratio(self.right["scanner"], self.total["scanner"]),
            "fields_right_phone": ratio(self.right["phone"], self.total["phone"]),
            "fields_scanner": self.total["scanner"],
            "fields_phone": self.total["phone"],
            "wrong_unflagged": len(self.unflagged),
            "wrong_silent": len(self.silent),
            "accepted_without_review": ratio(e["photo_accepted"], e["photo_booklets"]),
            "accepted_of_photo_booklets": f"{e['photo_accepted']}/{e['photo_booklets']}",
            "remarks_right": ratio(e["annotations_right"], e["annotations_total"]),
            "remarks_of": f"{e['annotations_right']}/{e['annotations_total']}",
            "remarks_extra": e["annotations_extra"],
            "registrations_right": ratio(e["registrations_right"], e["registrations_total"]),
            "registrations_of": f"{e['registrations_right']}/{e['registrations_total']}",
            "registrations_extra": e["registrations_extra"],
            "fields_right_by_kind": by("kind:"),
            "fields_right_by_layout": by("layout:"),
            "remarks_right_by_design": by("remarks:"),
            "registrations_right_by_design": by("sticker:"),
            "field_errors": dict(self.field_errors.most_common()),
            "review_reasons": dict(self.reasons.most_common(10)),
            # photo booklets read entirely right and still sent to review, and why
            "right_but_flagged": e["right_but_flagged"],
            "right_but_flagged_reasons": dict(self.needless.most_common(10)),
        }
