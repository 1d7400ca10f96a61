"""The information page (资料页) in four layouts: ruled rows, a bordered table, "标签：值" lines and
labels stacked above their values; two fields share a line where a run prints them so.

Each layout returns where it printed each value, so the authority's red seal lands over the
authority and the date as it does on a real booklet.
"""

from __future__ import annotations

import random

from bench._thirdgen_facts import Holder
from bench._thirdgen_pages import Style, blank, values
from bench._thirdgen_paint import SEAL_RED, Sheet, seal

Pos = dict[str, tuple[float, float]]
_SHORT = ("name", "gender", "birth_date", "ethnicity")


def _rows(style: Style, pair: bool) -> list[list[str]]:
    """Field keys line by line; the short ones two to a line when ``pair``."""
    keys = ["name", "gender", "birth_date"] + (["ethnicity"] if style.ethnicity else [])
    keys += ["id_number", "qualification_type", "subject", "certificate_number",
             "issuing_authority", "issue_date"]
    if not pair:
        return [[k] for k in keys]
    # Only short values share a line: a long date beside 民族 would run into it.
    short_date = style.date_form in ("dot", "dash")
    head = [["name", "gender"]]
    if style.ethnicity and short_date:
        head.append(["birth_date", "ethnicity"])
    else:
        head += [[k] for k in ("birth_date", "ethnicity") if k in keys]
    return head + [[k] for k in keys if k not in _SHORT]


def _sizes(rng: random.Random) -> tuple[float, float]:
    return rng.uniform(3.5, 4.3), rng.uniform(3.7, 4.6)


def _ruled(sheet: Sheet, style: Style, rows: list[list[str]], v: dict[str, str],
           rng: random.Random) -> Pos:
    ls, vs = _sizes(rng)
    pitch = min(15.0, (style.h - 50) / len(rows))
    y, pos = rng.uniform(34, 44), {}
    ruled = rng.random() < 0.6
    lw = max(sheet.width(style.labels[k], style.label_font, ls) for r in rows for k in r)
    for row in rows:
        end = 0.0
        for i, key in enumerate(row):
            x = max(12 + i * (style.w - 24) / 2, end + 5)
            sheet.text(x, y, style.labels[key], style.label_font, ls)
            vx = x + (lw if len(row) == 1 else sheet.width(style.labels[key], style.label_font,
                                                         ls)) + rng.uniform(3, 6)
            end = vx + sheet.text(vx, y, v[key], style.value_font, vs)
            if ruled:
                end = style.w - 12 if len(row) == 1 else x + (style.w - 24) / 2 - 3
                sheet.line(vx - 1, y + 1.3, end, y + 1.3, 0.15, (110, 110, 110))
            pos[key] = (vx, y)
        y += pitch
    return pos


def _table(sheet: Sheet, style: Style, rows: list[list[str]], v: dict[str, str],
           rng: random.Random) -> Pos:
    ls, vs = _sizes(rng)
    x0, x1 = 9.0, style.w - 9
    lw = max(sheet.width(style.labels[k], style.label_font, ls) for r in rows for k in r) + 4
    rh = min(14.0, (style.h - 52) / len(rows))
    y, pos = rng.uniform(30, 40), {}
    line = (70, 70, 70)
    sheet.box(x0, y, x1, y + rh * len(rows), 0.5, line)
    for row in rows:
        mid = y + rh / 2
        cells = [(x0, (x0 + x1) / 2), ((x0 + x1) / 2, x1)] if len(row) == 2 else [(x0, x1)]
        for key, (a, _end) in zip(row, cells, strict=False):
            w = sheet.width(style.labels[key], style.label_font, ls) + 4 if len(row) == 2 else lw
            sheet.text(a + 2, mid, style.labels[key], style.label_font, ls, anchor="lm")
            sheet.line(a + w, y, a + w, y + rh, 0.25, line)
            sheet.text(a + w + 2.5, mid, v[key], style.value_font, vs, anchor="lm")
            pos[key] = (a + w + 2.5, mid)
        if len(row) == 2:
            sheet.line((x0 + x1) / 2, y, (x0 + x1) / 2, y + rh, 0.25, line)
        y += rh
        sheet.line(x0, y, x1, y, 0.25, line)
    return pos


def _colon(sheet: Sheet, style: Style, rows: list[list[str]], v: dict[str, str],
           rng: random.Random) -> Pos:
    ls, _ = _sizes(rng)
    colon = rng.choice(("：", "：", ":"))
    pitch = min(14.0, (style.h - 50) / len(rows))
    y, pos = rng.uniform(34, 46), {}
    for row in rows:
        end = 0.0
        for i, key in enumerate(row):
            x = max(13 + i * (style.w - 26) * 0.52, end + 5)
            w = sheet.text(x, y, style.labels[key] + colon, style.label_font, ls)
            end = x + w + 0.8 + sheet.text(x + w + 0.8, y, v[key], style.value_font, ls)
            pos[key] = (x + w, y)
        y += pitch
    return pos


def _stacked(sheet: Sheet, style: Style, rows: list[list[str]], v: dict[str, str],
             rng: random.Random) -> Pos:
    ls, vs = rng.uniform(2.8, 3.3), rng.uniform(4.2, 5.0)
    grey = (95, 95, 95)
    pitch = min(17.0, (style.h - 46) / len(rows))
    y, pos = rng.uniform(28, 36), {}
    for row in rows:
        for i, key in enumerate(row):
            x = 14 + i * (style.w - 28) / 2
            sheet.text(x, y, style.labels[key], style.label_font, ls, grey)
            sheet.text(x + 1, y + ls + vs + 0.8, v[key], style.value_font, vs)
            pos[key] = (x + 1, y + ls + vs)
        y += pitch
    return pos


_LAYOUTS = {"rows": _ruled, "table": _table, "colon": _colon, "stacked": _stacked}


def info_page(style: Style, holder: Holder, scale: float, rng: random.Random) -> Sheet:
    """The information page in the run's layout, sealed over the authority and the date."""
    sheet = blank(style, scale, rng)
    if rng.random() < 0.5:
        sheet.text(style.w / 2, 20, rng.choice(("教师资格证书", "持证人基本信息", "资料页")),
                   style.label_font, 5.5, anchor="ms")
    rows = _rows(style, pair=rng.random() < 0.6)
    pos = _LAYOUTS[style.layout](sheet, style, rows, values(holder, style), rng)
    ax, ay = pos["issuing_authority"]
    dx, dy = pos["issue_date"]
    bottom = rng.choice(("", "", "教师资格认定专用章", "专用章"))
    stamp = seal(rng, sheet.s, holder.authority, bottom, rng.uniform(34, 42), SEAL_RED)
    sheet.ink(stamp, (ax + dx) / 2 + rng.uniform(8, 30), (ay + dy) / 2 + rng.uniform(-6, 6))
    return sheet
