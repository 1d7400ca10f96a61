"""Rows the detector missed whole, found from the pitch of the rows it found (no OCR run)."""

from __future__ import annotations

from collections.abc import Callable

from scanning._cells import page_cells
from scanning._field_rows import Gaps, gaps, rows_read
from scanning._fields import INFO_LABELS
from scanning._info import strip_label
from scanning._labels import loose_label
from scanning._ocr import Box, Line, Reading

ROWS = [
    ("姓名：张三", "name"),
    ("出生日期：1990年05月01日", "birth_date"),
    ("身份证件号码：11010519491231002X", "id_number"),
    ("资格种类：小学教师资格", "qualification_type"),
    ("任教学科：数学", "subject"),
    ("证书号码：20193700120000123", "certificate_number"),
    ("发证机关：广州市教育局", "issuing_authority"),
    ("批准日期：2019年07月01日", "issue_date"),
]
PITCH = 93


def page(skip: set[str], pitch: int = PITCH) -> list[Line]:
    """A "标签：值" page of rows at a steady pitch, without the rows of ``skip``."""
    return [
        Line(text, 0.97, (90, 120 + k * pitch, 90 + 30 * len(text), 150 + k * pitch))
        for k, (text, key) in enumerate(ROWS)
        if key not in skip
    ]


def bands(lines: list[Line]) -> Gaps:
    return gaps(page_cells(lines, INFO_LABELS)[0], 1100)


def reader(texts: dict[int, str]) -> Callable[[list[Box]], list[Reading]]:
    """A recogniser stand-in: the text printed at each band's centre height."""

    def read(boxes: list[Box]) -> list[Reading]:
        return [Reading(texts.get(round(((b[1] + b[3]) / 2 - 135) / PITCH), ""), 0.95)
                for b in boxes]  # fmt: skip

    return read


def test_a_row_hidden_under_a_seal_is_read_in_its_band() -> None:
    lines = page({"issuing_authority"})
    found = bands(lines)
    assert any(b[1] < 135 + 6 * PITCH < b[3] for b in found.bands)  # where row 7 stands
    got = rows_read(found, {"issuing_authority"}, reader({6: "发证机关：广州市教育局"}))
    assert {k: v[0] for k, v in got.items()} == {"issuing_authority": "广州市教育局"}


def test_a_missing_first_row_is_read_above_the_column() -> None:
    lines = page({"name"})
    got = rows_read(bands(lines), {"name"}, reader({0: "姓　名 张三"}))
    assert got["name"][0] == "张三"


def test_a_band_holding_no_missing_label_adds_nothing() -> None:
    # The gap holds a seal's legend, or the row of a field already found: never a value.
    lines = page({"issuing_authority"})
    legend = reader({6: "教师资格认定专用章"})
    assert rows_read(bands(lines), {"issuing_authority"}, legend) == {}
    other = reader({6: "证书号码：20193700120000123"})
    assert rows_read(bands(lines), {"issuing_authority"}, other) == {}


def test_a_label_without_its_value_is_no_field() -> None:
    lines = page({"issuing_authority"})
    assert rows_read(bands(lines), {"issuing_authority"}, reader({6: "发证机关："})) == {}


def test_rows_at_no_steady_pitch_give_no_band() -> None:
    lines = [
        Line(text, 0.97, (90, y, 90 + 30 * len(text), y + 30))
        for (text, _), y in zip(ROWS, [120, 180, 330, 370, 560, 600, 820, 1000], strict=True)
    ]
    assert bands(lines).bands == []


def test_a_full_page_has_bands_only_outside_its_rows() -> None:
    lines = page(set())
    for b in bands(lines).bands:
        assert not any(b[1] < ln.cy < b[3] for ln in lines)


def below_page(skip_label: set[str]) -> list[Line]:
    """A page printing each value under its label, rows of two lines at a steady pitch; the
    labels of ``skip_label`` were not detected (their values were)."""
    lines = []
    for k, (text, key) in enumerate(ROWS):
        label, value = text.split("：")
        y = 120 + k * PITCH
        if key not in skip_label:
            lines.append(Line(label, 0.97, (60, y, 60 + 30 * len(label), y + 30)))
        lines.append(Line(value, 0.97, (62, y + 36, 62 + 30 * len(value), y + 68)))
    return lines


def test_under_a_label_row_the_value_below_is_taken() -> None:
    lines = below_page({"name"})
    cells = page_cells(lines, INFO_LABELS)[0]
    found = gaps(cells, 1100)
    assert not found.beside
    got = rows_read(found, {"name"}, reader({0: "姓名性别"}), cells)
    assert {k: v[0] for k, v in got.items()} == {"name": "张三"}


def test_under_a_label_row_a_value_another_field_holds_is_not_taken() -> None:
    lines = below_page({"name"})
    cells = page_cells(lines, INFO_LABELS)[0]
    value = next(ln for ln in lines if ln.text == "张三")
    got = rows_read(gaps(cells, 1100), {"name"}, reader({0: "姓名"}), cells, [value.box])
    assert got == {}


def test_beside_a_label_another_label_is_no_value() -> None:
    # A row of labels (姓名 … 性别) read as one band is no "姓名: 性别".
    lines = page({"name"})
    assert rows_read(bands(lines), {"name"}, reader({0: "姓名　性别"})) == {}


def test_a_band_label_read_with_two_slips_counts_when_one_field_is_that_close() -> None:
    lines = page({"issue_date"})
    got = rows_read(bands(lines), {"issue_date"}, reader({7: "发自期：2019年07月01日"}))
    assert got["issue_date"][0] == "2019年07月01日"


def test_loose_label_is_unique_or_nothing() -> None:
    assert loose_label("酒发机真广州市教育局", INFO_LABELS) == ("issuing_authority", "广州市教育局")
    # 出定日期: one slip from 出生日期 and from 认定日期 — two fields fit, none is taken.
    assert loose_label("出定日期2019年07月01日", INFO_LABELS) is None
    assert loose_label("张三", INFO_LABELS) is None


def test_a_band_across_two_fields_of_a_row_keeps_the_first_value() -> None:
    lines = page({"name"})
    got = rows_read(bands(lines), {"name"}, reader({0: "姓名：张三　性别：男"}))
    assert got["name"][0] == "张三"
    # Without colons there is no telling where the name ends: not taken.
    assert rows_read(bands(lines), {"name"}, reader({0: "姓名张三性别男"})) == {}


def test_a_value_starting_with_a_label_word_is_kept_whole() -> None:
    lines = page({"subject"})
    got = rows_read(bands(lines), {"subject"}, reader({4: "任教学科：民族音乐与舞蹈"}))
    assert got["subject"][0] == "民族音乐与舞蹈"


def test_a_reread_across_two_fields_keeps_the_first_value() -> None:
    got = strip_label(
        Reading("姓名：张三性别：男", 0.9, tuple(((c, 0.9),) for c in "姓名：张三性别：男"))
    )
    assert got.text == "张三" and len(got.alternatives) == 2
    assert strip_label(Reading("任教学科：民族音乐与舞蹈", 0.9)).text == "民族音乐与舞蹈"


def test_under_a_label_row_whose_value_no_box_holds_the_line_below_is_read() -> None:
    # ours s23 0019: a seal hid 发证机关 and 湖北省教育厅 from the detector; the band's label
    # reads (证机关, its head lost too) and the line under it reads the value.
    lines = [ln for ln in below_page(set()) if ln.text not in ("发证机关", "广州市教育局")]
    cells = page_cells(lines, INFO_LABELS)[0]
    found = gaps(cells, 1100)
    asked: list[list[Box]] = []

    def read(boxes: list[Box]) -> list[Reading]:
        asked.append(boxes)
        if len(asked) > 1:  # the value lines asked for
            return [Reading("广州市教育局", 0.95) for _ in boxes]
        return [Reading("证机关" if b[1] < 135 + 6 * PITCH < b[3] else "", 0.95) for b in boxes]

    got = rows_read(found, {"issuing_authority"}, read, cells)
    assert {k: v[0] for k, v in got.items()} == {"issuing_authority": "广州市教育局"}
    line = got["issuing_authority"][2]
    assert line[1] > 135 + 6 * PITCH and line[3] < 120 + 7 * PITCH  # under its label's row


def test_under_a_label_row_a_line_the_detector_found_is_not_read_again() -> None:
    lines = below_page({"name"})
    cells = page_cells(lines, INFO_LABELS)[0]
    value = next(ln for ln in lines if ln.text == "张三")
    asked: list[list[Box]] = []

    def read(boxes: list[Box]) -> list[Reading]:
        asked.append(boxes)
        if len(asked) > 1:
            return [Reading("张三", 0.95) for _ in boxes]
        return [Reading("姓名" if b[1] < 135 < b[3] else "", 0.95) for b in boxes]

    assert rows_read(gaps(cells, 1100), {"name"}, read, cells, [value.box]) == {}
    assert len(asked) == 1


def stacked_reader(labels: dict[int, str], values: dict[int, str]) -> Callable[
        [list[Box]], list[Reading]]:
    """A recogniser stand-in for a page of values under labels: a band centred on row k's
    label reads ``labels[k]``, the line under it ``values[k]``."""

    def read(boxes: list[Box]) -> list[Reading]:
        out = []
        for b in boxes:
            at = ((b[1] + b[3]) / 2 - 135) / PITCH
            k = round(at)
            texts = labels if abs(at - k) < 0.2 else values
            out.append(Reading(texts.get(k if abs(at - k) < 0.2 else int(at), ""), 0.95))
        return out

    return read


def below_page_without(rows: set[str]) -> list[Line]:
    """``below_page`` with the label and the value of ``rows`` both undetected (a seal)."""
    skip = {ROWS[k][0].split("：")[1] for k, (_, key) in enumerate(ROWS) if key in rows}
    return [ln for ln in below_page(rows) if ln.text not in skip]


def test_under_an_unread_label_a_value_of_one_missing_fields_form_is_taken() -> None:
    # The seal over 发证机关 leaves its label unreadable (清五); the line under it reads as an
    # office one character away from 广州市教育局: the one missing field that form has.
    lines = below_page_without({"issuing_authority"})
    cells = page_cells(lines, INFO_LABELS)[0]
    read = stacked_reader({6: "清五"}, {6: "广州币教育局"})
    got = rows_read(gaps(cells, 1100), {"issuing_authority", "issue_date"}, read, cells)
    assert {k: v[0] for k, v in got.items()} == {"issuing_authority": "广州币教育局"}


def test_under_an_unread_label_a_value_of_no_missing_fields_form_is_left() -> None:
    lines = below_page_without({"issuing_authority"})
    cells = page_cells(lines, INFO_LABELS)[0]
    for text in ("教师资格认定专用章", "2019年07月01日", "张三"):
        read = stacked_reader({6: "清五"}, {6: text})
        assert rows_read(gaps(cells, 1100), {"issuing_authority"}, read, cells) == {}


def test_a_row_the_detector_found_under_a_misread_label_is_its_own_reading() -> None:
    # A phone photo's 颁发日期 read 顾发自期: no label starts the row, so the pitch puts a band
    # there; the band read lost a digit (9月2日) and its re-read is the same crop. The line
    # the page read is the value's reading, and its box the one re-read.
    lines = page(set())
    at = next(i for i, x in enumerate(lines) if x.text.startswith("批准日期"))
    lines[at] = Line("顾发自期：2019年07月21日", 0.82, lines[at].box)
    cells = page_cells(lines, INFO_LABELS)[0]
    found = gaps(cells, 1100)
    got = rows_read(found, {"issue_date"}, reader({7: "发证日期：2019年07月2日"}), cells)
    assert got["issue_date"][0] == "2019年07月21日" and got["issue_date"][2] == lines[at].box


def test_a_value_read_in_a_band_is_marked_as_a_reread_and_a_found_line_is_not() -> None:
    # The band read is the re-read of the band's box: the field's re-read repeats it (it is
    # no reading of its own); the line the detector found under a misread label is one.
    got = rows_read(bands(page({"issue_date"})), {"issue_date"},
                    reader({7: "发证日期：2019年07月2日"}))
    assert got["issue_date"].reread
    lines = page(set())
    at = next(i for i, x in enumerate(lines) if x.text.startswith("批准日期"))
    lines[at] = Line("顾发自期：2019年07月21日", 0.82, lines[at].box)
    cells = page_cells(lines, INFO_LABELS)[0]
    seen = rows_read(gaps(cells, 1100), {"issue_date"}, reader({}), cells)
    assert not seen["issue_date"].reread
