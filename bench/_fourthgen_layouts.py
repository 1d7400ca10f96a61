"""The information page's four layouts. Each draws the printed form (labels, rules, leaders),
hands the values to the filler, and returns where the seal goes (over authority and date).

- pairs: two fields per line where they are short (name + gender, birth + ethnicity), values on
  underlines;
- under: a small label with its value on the line below;
- leaders: a column of letter-spaced labels, dotted leaders to a value column;
- signed: "标签：值" lines, then the authority and the date as a signature block at the bottom
  right, the date often without any label (as many real certificates print it).
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

from bench._fourthgen_draw import Canvas

_GREY = (95, 95, 95)
_ORDER = ("name", "gender", "birth", "ethnicity", "id", "qtype", "subject", "cert", "authority",
          "issue")


def _fit(page: Canvas, s: str, face: str, size: float, room: float) -> float:
    """The largest size ≤ ``size`` at which ``s`` fits in ``room`` mm."""
    while size > 2.6 and page.width(s, face, size) > room:
        size -= 0.2
    return size


def _keys(style: Any) -> list[str]:
    return [k for k in _ORDER if k != "ethnicity" or style.ethnicity]


def _title(page: Canvas, style: Any, rng: random.Random) -> float:
    if rng.random() < 0.4:
        page.text(page.w / 2, 26, "教 师 资 格 证 书", style.label_face, 5.5, anchor="ms")
        return 44.0
    return 34.0


def pairs(page: Canvas, fill: Any, style: Any, values: dict[str, str],
          rng: random.Random) -> tuple[float, float]:
    """Short fields two to a line, long ones alone; values on underlines."""
    left, right, y = 13.0, page.w - 12, _title(page, style, rng)
    step, ls, vs = rng.uniform(13, 16), 3.9, 4.3
    keys = _keys(style)
    rows: list[list[str]] = [["name", "gender"]]
    rows.append(["birth", "ethnicity"] if style.ethnicity else ["birth"])
    rows += [[k] for k in keys if k not in ("name", "gender", "birth", "ethnicity")]
    seal_at = (page.w * 0.65, y)
    for row in rows:
        width = (right - left) / len(row)
        for i, key in enumerate(row):
            x0 = left + i * width + (4 if i else 0)
            label = style.labels[key]
            end = page.text(x0, y, label, style.label_face, ls)
            vx = end + 3
            page.line(vx, y + 1.4, x0 + width - 4, y + 1.4, 0.2, _GREY)
            size = _fit(page, values[key], style.value_face, vs, x0 + width - 6 - vx)
            fill.put(vx + 1, y, values[key], size)
            if key in ("authority", "issue"):
                seal_at = (vx + 25, y - 4)
        y += step
    return seal_at


def under(page: Canvas, fill: Any, style: Any, values: dict[str, str],
          rng: random.Random) -> tuple[float, float]:
    """Small labels, values on the line below; name/gender and birth/ethnicity side by side."""
    left, y = 15.0, _title(page, style, rng) - 4
    half = (page.w - 2 * left) / 2
    step = rng.uniform(15, 17.5)
    keys = _keys(style)
    i = 0
    seal_at = (page.w * 0.6, y)
    while i < len(keys):
        key = keys[i]
        pair = key in ("name", "birth") and i + 1 < len(keys) and keys[i + 1] in (
            "gender", "ethnicity")
        for j, k in enumerate((key, keys[i + 1]) if pair else (key,)):
            x = left + j * half
            page.text(x, y, style.labels[k], style.label_face, 2.9, _GREY)
            room = (half if pair else page.w - 2 * left) - 4
            fill.put(x + 2, y + 7.5, values[k], _fit(page, values[k], style.value_face, 4.5,
                                                     room))
            if k in ("authority", "issue"):
                seal_at = (x + 35, y + 3)
        page.line(left, y + 9.5, page.w - left, y + 9.5, 0.15, (170, 170, 170))
        y += step
        i += 2 if pair else 1
    return seal_at


def leaders(page: Canvas, fill: Any, style: Any, values: dict[str, str],
            rng: random.Random) -> tuple[float, float]:
    """Letter-spaced labels in a column, dotted leaders to the values."""
    left, y = 12.0, _title(page, style, rng)
    size = 3.8
    col = max(page.width(style.labels[k].replace("　", ""), style.label_face, size)
              for k in _keys(style))
    vx = left + col + rng.uniform(10, 16)
    step = rng.uniform(13, 15.5)
    seal_at = (page.w * 0.6, y)
    for key in _keys(style):
        label = style.labels[key].replace("　", "")
        gap = (col - page.width(label, style.label_face, size)) / max(1, len(label) - 1)
        end = page.text(left, y, label, style.label_face, size, spacing=gap)
        page.line(end + 1.5, y - 0.3, vx - 1.5, y - 0.3, 0.35, (80, 80, 80), dash=0.35)
        fill.put(vx, y, values[key], _fit(page, values[key], style.value_face, 4.2,
                                          page.w - vx - 8))
        if key in ("authority", "issue"):
            seal_at = (vx + 25, y - 4)
        y += step
    return seal_at


def signed(page: Canvas, fill: Any, style: Any, values: dict[str, str],
           rng: random.Random) -> tuple[float, float]:
    """"标签：值" lines, then authority and date as a signature block bottom right."""
    left, y = 14.0, _title(page, style, rng)
    colon = rng.choice(("：", ":"))
    step = rng.uniform(12, 14)
    for key in _keys(style):
        if key in ("authority", "issue"):
            continue
        end = page.text(left, y, style.labels[key] + colon, style.label_face, 3.9)
        fill.put(end + 1.5, y, values[key], _fit(page, values[key], style.value_face, 4.2,
                                                 page.w - end - 12))
        y += step
    y = max(y + 10, page.h - 52)
    labelled = rng.random() < 0.5
    style.extras["issue_labelled"] = labelled
    page.text(page.w * 0.38, y, style.labels["authority"] + colon + "（盖章）", style.label_face,
              3.6)
    auth = values["authority"]
    size = _fit(page, auth, style.value_face, 4.2, page.w * 0.55)
    fill.put(page.w - 12 - page.width(auth, style.value_face, size), y + 10, auth, size)
    date_text = values["issue"]
    if labelled:
        page.text(page.w * 0.38, y + 21, style.labels["issue"] + colon, style.label_face, 3.6)
    fill.put(page.w - 14 - page.width(date_text, style.value_face, 4.0), y + 21, date_text, 4.0)
    return page.w - 40, y + 12


LAYOUT_DRAWERS: dict[str, Callable[..., tuple[float, float]]] = {
    "pairs": pairs, "under": under, "leaders": leaders, "signed": signed}
