"""Information pages in five layouts: label and value columns, a bordered table with two fields
in some rows, "标签：值" lines (sometimes two fields per line), values printed below their labels,
and widely spaced labels. The authority's seal lands over the authority and date, sometimes over
a number."""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import replace

from PIL import Image

from scanning.sample._records import TruthRecord
from scanning.sample._render import guilloche
from scanning.sample._wide_draw import Page, Style, fmt_date, seal_text
from scanning.sample._wide_seal import stamp

LAYOUTS = ("rows", "table", "colon", "below", "spaced")
Row = tuple[str, str]
Spots = dict[str, tuple[float, float]]  # field → centre of its value (mm)
LEFT, RIGHT = 7.0, 96.0


def _rows(rec: TruthRecord, style: Style, ethnicity: bool) -> list[Row]:
    rows = [
        ("name", rec.name),
        ("gender", rec.gender),
        ("birth_date", fmt_date(rec.birth_date, style.date_style)),
        ("ethnicity", rec.ethnicity),
        ("id_number", rec.id_number),
        ("qualification_type", rec.qualification_type),
        ("subject", rec.subject),
        ("certificate_number", rec.certificate_number),
        ("issuing_authority", rec.issuing_authority),
        ("issue_date", fmt_date(rec.issue_date, style.date_style)),
    ]
    return [r for r in rows if ethnicity or r[0] != "ethnicity"]


def _wide(pg: Page, st: Style, key: str, value: str) -> float:
    """Width of "label：value" at the run's nominal sizes, without letter spacing."""
    label = pg.width(st.labels[key] + st.colon, st.label_family, st.label_mm)
    return label + pg.width(value, st.value_family, st.value_mm)


def _value(pg: Page, st: Style, x: float, y: float, text: str, room: float) -> tuple[float, float]:
    if pg.width(text, st.value_family, st.value_mm, st.spacing) > room:
        st = replace(st, spacing=0.0)  # close the letter spacing up before printing smaller
    size = pg.fit(text, st.value_family, st.value_mm, room, st.spacing)
    top = y - (size - st.label_mm) * 0.4
    if st.underline:  # the fill-in line is pre-printed: the shift below does not move it
        base = pg.px(top + size * 1.3)
        pg.draw.line((pg.px(x - 1), base, pg.px(x + room), base), fill=(90, 90, 90), width=1)
    dx, dy = st.value_shift
    x, top = x + dx, top + dy
    end = pg.put(x, top, text, st.value_family, size, st.spacing, fill=st.value_ink)
    return (x + end) / 2, y + size / 2


def _label(pg: Page, st: Style, x: float, y: float, key: str, room: float, colon: bool) -> float:
    text = st.labels[key]
    if st.justify:
        pg.spread_label(x, y, text, st.label_family, st.label_mm, room)
        end = x + max(room, pg.width(text, st.label_family, st.label_mm))
    else:
        end = pg.put(x, y, text, st.label_family, st.label_mm)
    if colon:
        end = pg.put(end, y, st.colon, st.label_family, st.label_mm)
    return end


def rows_layout(pg: Page, st: Style, rows: list[Row], rng: random.Random) -> Spots:
    """Labels in a column, values in a second column (the common layout)."""
    top, bottom = rng.uniform(12, 20), rng.uniform(124, 134)
    step = (bottom - top) / len(rows)
    room = 4 * st.label_mm * 1.02
    colon = rng.random() < 0.4
    if not st.justify and rng.random() < 0.35:
        return _flush_right(pg, st, rows, rng, (top, step), st.colon if colon else "")
    value_x = LEFT + room + (2.5 if colon else 0) + rng.uniform(3, 9)
    spots: Spots = {}
    for i, (key, value) in enumerate(rows):
        y = top + i * step
        end = _label(pg, st, LEFT, y, key, room, colon)
        x = max(value_x, end + 2.5)
        spots[key] = _value(pg, st, x, y, value, RIGHT - x)
    return spots


def _flush_right(
    pg: Page, st: Style, rows: list[Row], rng: random.Random, at: tuple[float, float], colon: str
) -> Spots:
    """Labels set flush right against the value column (姓名：/ 公民身份号码：)."""
    top, step = at
    edge = LEFT + max(pg.width(st.labels[k] + colon, st.label_family, st.label_mm) for k, _ in rows)
    x = edge + rng.uniform(1.5, 5)
    spots: Spots = {}
    for i, (key, value) in enumerate(rows):
        y = top + i * step
        pg.put(edge, y, st.labels[key] + colon, st.label_family, st.label_mm, align="r")
        spots[key] = _value(pg, st, x, y, value, RIGHT - x)
    return spots


def spaced_layout(pg: Page, st: Style, rows: list[Row], rng: random.Random) -> Spots:
    """Rows whose labels are all spread to one width (姓　　名 / 出生日期 / 身份证件号码)."""
    wide = replace(st, justify=True)
    top, bottom = rng.uniform(14, 22), rng.uniform(122, 132)
    step = (bottom - top) / len(rows)
    room = max(pg.width(wide.labels[k], wide.label_family, wide.label_mm) for k, _ in rows)
    spots: Spots = {}
    for i, (key, value) in enumerate(rows):
        y = top + i * step
        text = wide.labels[key]
        pg.spread_label(LEFT + 1, y, text, wide.label_family, wide.label_mm, room)
        x = LEFT + 1 + room + rng.uniform(4, 7)
        spots[key] = _value(pg, wide, x, y, value, RIGHT - x)
    return spots


def _pairs(
    rows: list[Row], rng: random.Random, fits: Callable[[Row, Row], bool] = lambda a, b: True
) -> list[list[Row]]:
    """Group rows into lines; short neighbours share a line (姓名 | 张三 | 性别 | 男)."""
    short = {"name", "gender", "ethnicity", "birth_date", "subject"}
    lines: list[list[Row]] = []
    i = 0
    while i < len(rows):
        nxt = rows[i + 1] if i + 1 < len(rows) else None
        pair = nxt and rows[i][0] in short and nxt[0] in short and fits(rows[i], nxt)
        if nxt and pair and rng.random() < 0.8:
            lines.append([rows[i], nxt])
            i += 2
        else:
            lines.append([rows[i]])
            i += 1
    return lines


def _cell_label(pg: Page, st: Style, a: float, b: float, y: float, key: str) -> None:
    text = st.labels[key]
    size = pg.fit(text, st.label_family, st.label_mm, b - a - 2)
    if st.justify and size == st.label_mm:
        pg.spread_label(a + 1.2, y, text, st.label_family, size, b - a - 2.4)
    else:
        pg.put((a + b) / 2, y, text, st.label_family, size, align="c")


def table_layout(pg: Page, st: Style, rows: list[Row], rng: random.Random) -> Spots:
    """A bordered table with grid lines; some rows hold two fields."""
    lines = _pairs(rows, rng)
    top, bottom = rng.uniform(12, 22), rng.uniform(118, 132)
    h = (bottom - top) / len(lines)
    x0, x1 = rng.uniform(4, 8), rng.uniform(95, 98)
    widths = [
        pg.width(st.labels[k], st.label_family, st.label_mm) for ln in lines for k, _ in ln[:1]
    ]
    lab_w = min(30.0, max(widths) + rng.uniform(3, 6))
    mid = x0 + lab_w + rng.uniform(24, 30)
    grey = rng.choice([(60, 60, 60), (110, 100, 100), (40, 40, 90)])
    thin = max(1, pg.px(rng.uniform(0.15, 0.35)))
    pg.draw.rectangle(
        (pg.px(x0), pg.px(top), pg.px(x1), pg.px(bottom)), outline=grey, width=thin * 2
    )
    st = replace(st, underline=False)  # the grid already rules every cell
    spots: Spots = {}
    for i, line in enumerate(lines):
        y = top + i * h
        if i:
            pg.draw.line((pg.px(x0), pg.px(y), pg.px(x1), pg.px(y)), fill=grey, width=thin)
        ty = y + (h - st.label_mm) / 2
        cells = [(x0, x0 + lab_w, x1)]
        if len(line) == 2:
            key2, value2 = line[1]
            lab2 = min(22.0, pg.width(st.labels[key2], st.label_family, st.label_mm) + 3)
            need = pg.width(value2, st.value_family, st.value_mm, st.spacing) + 3
            m = max(x0 + lab_w + 16, min(mid, x1 - lab2 - need))
            cells = [(x0, x0 + lab_w, m), (m, m + lab2, x1)]
        for (key, value), (a, b, c) in zip(line, cells, strict=True):
            for edge in (a, b):
                if edge > x0:
                    pg.draw.line(
                        (pg.px(edge), pg.px(y), pg.px(edge), pg.px(y + h)), fill=grey, width=thin
                    )
            _cell_label(pg, st, a, b, ty, key)
            spots[key] = _value(pg, st, b + 1.5, ty, value, c - b - 2.5)
    return spots


def colon_layout(pg: Page, st: Style, rows: list[Row], rng: random.Random) -> Spots:
    """ "标签：值" lines; some lines hold two fields (性别：女　民族：汉族)."""
    x_left = LEFT + rng.uniform(0, 5)

    def fits(a: Row, b: Row) -> bool:
        return max(x_left + _wide(pg, st, *a) + 10, 54.0) + _wide(pg, st, *b) + 2 <= RIGHT

    lines = _pairs(rows, rng, fits)
    top, bottom = rng.uniform(14, 24), rng.uniform(120, 132)
    step = (bottom - top) / len(lines)
    spots: Spots = {}
    for i, line in enumerate(lines):
        y = top + i * step
        x = x_left
        for j, (key, value) in enumerate(line):
            if j:
                x = max(x + rng.uniform(5, 10), 54.0)
            end = (
                _label(pg, st, x, y, key, 4 * st.label_mm, True)
                if st.justify
                else pg.put(x, y, st.labels[key] + st.colon, st.label_family, st.label_mm)
            )
            spots[key] = _value(pg, st, end + 0.6, y, value, RIGHT - end - 1)
            x = 2 * spots[key][0] - end
    return spots


def below_layout(pg: Page, st: Style, rows: list[Row], rng: random.Random) -> Spots:
    """Each value printed below its label; short fields two to a line."""

    def fits(a: Row, b: Row) -> bool:
        return max(pg.width(v, st.value_family, st.value_mm) for _, v in (a, b)) < 42

    lines = _pairs(rows, rng, fits)
    top, bottom = rng.uniform(10, 16), rng.uniform(126, 136)
    step = (bottom - top) / len(lines)
    size = st.label_mm * rng.uniform(0.78, 0.92)
    grey = rng.choice([(25, 25, 30), (90, 90, 95), (120, 60, 60)])
    spots: Spots = {}
    for i, line in enumerate(lines):
        y = top + i * step
        for j, (key, value) in enumerate(line):
            x = LEFT + 1 + j * 46
            pg.put(x, y, st.labels[key], st.label_family, size, fill=grey)
            spots[key] = _value(
                pg,
                st,
                x + rng.uniform(0, 3),
                y + size + step * 0.12,
                value,
                (44 if len(line) > 1 else RIGHT - x - 3),
            )
    return spots


def microprint(pg: Page, st: Style, rng: random.Random) -> None:
    """Security micro-text lines in the pattern's ink across the page."""
    shade = rng.randrange(10, 30)
    r, g, b = (max(0, c - shade) for c in st.pattern)
    line = "中华人民共和国教师资格证书" * 4
    for _ in range(rng.randrange(3, 7)):
        pg.put(2, rng.uniform(8, 140), line, st.label_family, 1.3, fill=(r, g, b))


DRAW: dict[str, Callable[[Page, Style, list[Row], random.Random], Spots]] = {
    "rows": rows_layout,
    "table": table_layout,
    "colon": colon_layout,
    "below": below_layout,
    "spaced": spaced_layout,
}


def info_page(
    dpi: int, rng: random.Random, rec: TruthRecord, st: Style, layout: str
) -> Image.Image:
    """The information page in ``layout``, with the authority's seal."""
    pg = Page(dpi, st.paper)
    guilloche(pg, rng, st.pattern)
    if rng.random() < 0.3:
        microprint(pg, st, rng)
    if rng.random() < 0.3:
        title = rng.choice(["教师资格证书", "中华人民共和国教师资格证书"])
        pg.put(51.25, 3.5, title, st.label_family, 4.2, align="c")
    rows = _rows(rec, st, rng.random() < 0.45)
    spots = DRAW[layout](pg, st, rows, rng)
    ax, ay = spots["issuing_authority"]
    dx, dy = spots["issue_date"]
    cx, cy = (ax + dx) / 2 + rng.uniform(-6, 10), (ay + dy) / 2 + rng.uniform(-3, 3)
    if rng.random() < 0.2:  # seals land where they land: sometimes over a number
        cx, cy = spots[rng.choice(["id_number", "certificate_number"])]
    stamp(
        pg, min(max(cx, 24.0), 80.0), cy, rng.uniform(30, 40), seal_text(rec.issuing_authority), rng
    )
    return pg.img
