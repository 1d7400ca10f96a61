"""Where a scan's CPU goes: by page kind, by stage, by the code that asks for each OCR run.

    python -m bench.scan_profile DIR [--skip N] [--json OUT]

scans every booklet file in DIR (one process, ONNX Runtime on one thread, as a batch worker
runs it) and prints per page kind (information, remarks, registration, photo, …) the CPU
seconds a page, the share spent in text detection, recognition and the angle classifier, the
recognition crops a page; per (page kind, stage) the same totals; which callers send the
recogniser its crops; and every input a model is given twice in one booklet (work a memo
could save). ``--skip N`` leaves the first N booklets out of the figures (the first pays the
engine's loading and the one-time caches of the process).

CPU is ``time.process_time``. A booklet's normalisation is shared evenly by the pages it
gives; each page's own read (``_analyse``) is its page's; the booklet stages after it
(field readings and decoding, registrations, remarks, the holder's photo) count for the kind
of page they read. Nothing read changes: the models are only wrapped.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from types import FrameType
from typing import Any

import numpy as np

#: booklet stages of ``scanning._scan`` and the page kind each reads for
STAGES = {  # field_readings is wrapped apart, to count its readings' agreement
    "best_info": "information", "decode": "information",
    "number_readers": "information", "flag_dates": "information",
    "flag_restored": "information", "_name_crop": "information",
    "read_registrations": "registration", "read_annotations": "remarks",
    "_holder_photo": "photo",
}
MODELS = {"det": "text_det", "rec": "text_rec", "cls": "text_cls"}


class Profile:
    """Counters per context (``page:3``, ``stage:remarks:read_annotations``, ``normalise``,
    ``booklet``), per (context, model) caller, and repeated model inputs in one booklet."""

    def __init__(self) -> None:
        self.stats: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
        self.callers: dict[str, Counter[str]] = defaultdict(Counter)
        self.caller_cpu: dict[str, Counter[str]] = defaultdict(Counter)
        self.repeats: Counter[str] = Counter()
        self.seen: dict[bytes, str] = {}
        self.context = ["booklet"]

    @contextmanager
    def within(self, name: str) -> Iterator[None]:
        """Count the CPU and model work done inside as ``name``'s."""
        self.context.append(name)
        start = time.process_time()
        try:
            yield
        finally:
            self.stats[name]["cpu"] += time.process_time() - start
            self.context.pop()

    def model_run(self, model: str, batch: Any, cpu: float) -> None:
        """One run of ``model`` on ``batch`` (items × …) that took ``cpu`` seconds."""
        here = self.context[-1]
        s = self.stats[here]
        s[f"{model}_cpu"] += cpu
        s[f"{model}_runs"] += 1
        s[f"{model}_items"] += len(batch)
        who = caller()
        self.callers[f"{here}|{model}"][who] += len(batch)
        self.caller_cpu[f"{here}|{model}"][who] += cpu
        for item in batch:
            key = hashlib.blake2b(np.ascontiguousarray(item).tobytes(), digest_size=12).digest()
            if key in self.seen:
                s[f"{model}_repeat"] += 1
                self.repeats[f"{model} {self.seen[key]} → {who}"] += 1
            else:
                self.seen[key] = who


def caller(depth: int = 2) -> str:
    """The first ``depth`` scanning functions (outside the OCR wrapper) on the stack."""
    frame: FrameType | None = sys._getframe(2)
    names: list[str] = []
    while frame is not None and len(names) < depth:
        mod = frame.f_globals.get("__name__", "")
        if mod.startswith("scanning.") and mod != "scanning._ocr":
            names.append(f"{mod[9:]}.{frame.f_code.co_name}")
        frame = frame.f_back
    return " < ".join(names) or "?"


def _wrap_models(prof: Profile) -> None:
    from scanning import _ocr

    eng = _ocr.engine()
    for model, attr in MODELS.items():
        part = getattr(eng, attr)
        session = part.session

        def run(x: Any, _s: Any = session, _m: str = model) -> Any:
            start = time.process_time()
            out = _s(x)
            prof.model_run(_m, x, time.process_time() - start)
            return out

        part.session = _Session(session, run)


class _Session:
    """A model session that counts its runs and passes everything else through."""

    def __init__(self, session: Any, run: Callable[[Any], Any]) -> None:
        self._session, self._run = session, run

    def __getattr__(self, name: str) -> Any:
        return getattr(self._session, name)

    def __call__(self, x: Any) -> Any:
        return self._run(x)


def _timed(prof: Profile, name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
    def inner(*a: Any, **k: Any) -> Any:
        with prof.within(name):
            return fn(*a, **k)

    return inner


def profile_files(files: list[Path]) -> list[dict[str, Any]]:
    """Scan each file and return, per booklet, its page roles and the profile's counters."""
    from scanning import _ocr, _pages, _scan

    _ocr.configure(1)
    prof = Profile()
    _wrap_models(prof)
    pages: list[int] = [0]
    roles: dict[int, str] = {}
    analyse = _scan._analyse

    def page(img: Any) -> Any:
        i = pages[0]
        pages[0] += 1
        with prof.within(f"page:{i}"):
            got = analyse(img)
        roles[i] = str(got.role)
        return got

    _scan._analyse = page
    alike: dict[str, float] = defaultdict(float)
    readings = _scan.__dict__["field_readings"]

    def fields(*a: Any, **k: Any) -> Any:
        got = readings(*a, **k)
        for rs in got.values():
            alike["fields"] += 1
            alike["readings"] += len(rs)
            alike["all_alike"] += len({r.text for r in rs}) == 1
        return got

    setattr(_scan, "field_readings", _timed(prof, "stage:information:field_readings", fields))  # noqa: B010
    _pages.normalise_pages = _timed(prof, "normalise", _pages.normalise_pages)
    for name, kind in STAGES.items():
        if hasattr(_scan, name):
            setattr(_scan, name, _timed(prof, f"stage:{kind}:{name}", getattr(_scan, name)))
    out = []
    for f in files:
        prof.stats.clear()
        prof.callers.clear()
        prof.caller_cpu.clear()
        prof.repeats.clear()
        prof.seen.clear()
        roles.clear()
        alike.clear()
        pages[0] = 0
        start = time.process_time()
        result = _scan.scan_file(f)
        out.append({
            "file": f.name, "cpu": time.process_time() - start, "pages": result.pages,
            "roles": dict(roles), "stats": {k: dict(v) for k, v in prof.stats.items()},
            "callers": {k: dict(v) for k, v in prof.callers.items()},
            "caller_cpu": {k: dict(v) for k, v in prof.caller_cpu.items()},
            "repeats": dict(prof.repeats), "fields": dict(alike),
        })
        print(f"{f.name}: {result.pages} pages, {out[-1]['cpu']:.2f} CPU s", file=sys.stderr)
    return out


def _kind(context: str, roles: dict[int, str]) -> tuple[str, str] | None:
    """(page kind, phase) of a context; None for normalisation (shared out by page)."""
    if context.startswith("page:"):
        return roles.get(int(context[5:]), "?"), "page read"
    if context.startswith("stage:"):
        _, kind, name = context.split(":", 2)
        return kind, name
    return None if context == "normalise" else ("(booklet)", context)


KEYS = ("cpu", "det_cpu", "rec_cpu", "cls_cpu", "det_runs", "rec_items", "cls_items",
        "rec_repeat", "det_repeat")


def summarise(booklets: list[dict[str, Any]]) -> dict[str, Any]:
    """Totals per page kind and per (page kind, phase), crops per caller, repeats."""
    kinds: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    phases: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    callers: Counter[str] = Counter()
    caller_cpu: Counter[str] = Counter()
    repeats: Counter[str] = Counter()
    total: dict[str, float] = defaultdict(float)
    fields: Counter[str] = Counter()
    for b in booklets:
        fields.update(b.get("fields", {}))
        roles = {int(k): v for k, v in b["roles"].items()}
        total["cpu"] += b["cpu"]
        total["pages"] += b["pages"]
        for role in roles.values():
            kinds[role]["pages"] += 1
        for context, s in b["stats"].items():
            where = _kind(context, roles)
            shares = ([(r, 1 / len(roles)) for r in roles.values()] if where is None
                      else [(where[0], 1.0)])
            for role, share in shares:
                for k in KEYS:
                    kinds[role][k] += s.get(k, 0) * share
                    phases[f"{role} | {where[1] if where else 'normalise'}"][k] += (
                        s.get(k, 0) * share)
        for counts, into in ((b["callers"], callers), (b.get("caller_cpu", {}), caller_cpu)):
            for key, by in counts.items():
                context, model = key.split("|")
                where = _kind(context, roles)
                for who, n in by.items():
                    into[f"{model} | {where[0] if where else 'normalise'} | {who}"] += n
        repeats.update(b["repeats"])
    return {"booklets": len(booklets), "pages": int(total["pages"]), "cpu": total["cpu"],
            "fields": dict(fields),
            "kinds": {k: dict(v) for k, v in kinds.items()},
            "phases": {k: dict(v) for k, v in phases.items()},
            "callers": dict(callers.most_common()), "repeats": dict(repeats.most_common()),
            "caller_cpu": dict(caller_cpu.most_common())}


def report(s: dict[str, Any]) -> str:
    """The summary as text tables."""
    pages = max(1, s["pages"])
    lines = [f"{s['booklets']} booklets, {s['pages']} pages, {s['cpu']:.1f} CPU s, "
             f"{s['cpu'] / pages:.3f} CPU s a page", "",
             f"{'page kind':16} pages  CPU/p   det/p   rec/p   cls/p  crops/p"]
    for kind, c in sorted(s["kinds"].items(), key=lambda kv: -kv[1].get("cpu", 0)):
        n = max(1, c.get("pages", 0))
        lines.append(f"{kind:16} {c.get('pages', 0):5.0f} " + " ".join(
            f"{c.get(k, 0) / n:7.2f}" for k in ("cpu", "det_cpu", "rec_cpu", "cls_cpu"))
            + f" {c.get('rec_items', 0) / n:8.1f}")
    lines += ["", f"{'page kind | phase':52}   CPU    det    rec  crops  repeats"]
    for phase, c in sorted(s["phases"].items(), key=lambda kv: -kv[1].get("cpu", 0)):
        lines.append(f"{phase:52} {c.get('cpu', 0):6.2f} {c.get('det_cpu', 0):6.2f} "
                     f"{c.get('rec_cpu', 0):6.2f} {c.get('rec_items', 0):6.0f} "
                     f"{c.get('rec_repeat', 0):6.0f}")
    f = s["fields"]
    lines += ["", f"information fields: {f.get('fields', 0):.0f}, readings each "
              f"{f.get('readings', 0) / max(1, f.get('fields', 0)):.2f}, every reading "
              f"alike on {f.get('all_alike', 0):.0f} (the re-reads only confirmed the "
              "page's reading)"]
    lines += ["", "model inputs by caller (model | page kind | caller: items)"]
    lines += [f"  {k}: {n}" for k, n in list(s["callers"].items())[:40]]
    # Items alone hide the cost: a detection is one item and costs as much as ~8 line reads.
    lines += ["", "model CPU by caller (share of all CPU, seconds, items)"]
    lines += [f"  {100 * c / max(s['cpu'], 1e-9):5.1f} % {c:7.2f} s {s['callers'].get(k, 0):5} "
              f"{k}" for k, c in list(s.get("caller_cpu", {}).items())[:40]]
    lines += ["", "inputs given to a model twice in one booklet (first caller → again)"]
    lines += [f"  {k}: {n}" for k, n in s["repeats"].items()] or ["  none"]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", type=Path)
    ap.add_argument("--skip", type=int, default=1, help="booklets left out of the figures")
    ap.add_argument("--json", type=Path, help="write the raw counters here")
    args = ap.parse_args(argv)
    files = sorted(f for f in args.dir.iterdir()
                   if f.is_file() and f.suffix not in (".jsonl", ".csv", ".json"))
    booklets = profile_files(files)
    if args.json:
        args.json.write_text(json.dumps(booklets, ensure_ascii=False, indent=1))
    print(report(summarise(booklets[args.skip :])))


if __name__ == "__main__":
    main()
