"""Writing on a remarks page that became no entry sends the booklet to review (issue 12, wave
10): seen on a greyscale booklet whose remarks page was normalised upside down, read as no kind
of page, and accepted with its two hand-written entries lost."""

from __future__ import annotations

from types import SimpleNamespace

import numpy as np

from scanning import _remark_guard
from scanning._ocr import Line
from scanning._pages import Role
from scanning._remarks import entries
from scanning._sections import read_annotations

ISSUED = "2023-08-29"
TITLE = (300, 40, 420, 80)
TEXT = (60, 120, 500, 160)
DATE = (60, 180, 300, 220)
TEXT2 = (60, 300, 560, 340)
DATE2 = (60, 360, 300, 400)


def ln(text: str, box: tuple[int, int, int, int]) -> Line:
    return Line(text, 0.9, box)


def page(*boxes: tuple[int, int, int, int], grey: int = 60) -> np.ndarray:
    """A white page with strokes of ``grey`` in each box (a third of its rows)."""
    img = np.full((600, 800, 3), 250, np.uint8)
    for x0, y0, x1, y1 in boxes:
        img[y0:y1:3, x0:x1] = grey
    return img


def codes(found: list) -> list[tuple[str, str]]:
    return [(f.code, f.field) for f in found]


# -- a page read as no kind of page --------------------------------------------------------------


def test_a_page_of_no_kind_with_dates_is_flagged():
    # The upside-down remarks page read 2025月12日 / 2024129日 and was taken for no page at all.
    lines = [ln("用号", (296, 579, 434, 606)), ln("2025月12日", (444, 682, 702, 729)),
             ln("2024129日", (465, 830, 701, 870))]  # fmt: skip
    [f] = _remark_guard.stray_dates([(3, lines)])
    assert (f.code, f.field, f.severity) == ("remarks_unread", "annotations", "warning")
    assert "第 4 页" in f.message and "备注" in f.message
    assert f.evidence["read"] == ["2025月12日", "2024129日"]


def test_a_page_of_no_kind_without_dates_is_not_flagged():
    # Seal ring characters, a printed notice: no date, nothing a remark needs.
    lines = [ln("厅", (287, 603, 315, 630)), ln("持证人应妥善保管本证书", (60, 100, 500, 140)),
             ln("第3页", (380, 560, 420, 590))]  # fmt: skip
    assert _remark_guard.stray_dates([(3, lines)]) == []


def test_read_annotations_flags_the_lost_page_and_accepts_a_blank_booklet():
    lost = SimpleNamespace(role=Role.OTHER, lines=[ln("2024129日", (465, 830, 701, 870))])
    info = SimpleNamespace(role=Role.INFORMATION, lines=[ln("批准日期2023年08月29日", TEXT)])
    notes, value = read_annotations([info, lost], ISSUED)  # type: ignore[list-item]
    assert notes == [] and codes(value.findings) == [("remarks_unread", "annotations")]
    notes, value = read_annotations([info], ISSUED)  # type: ignore[list-item]
    assert notes == [] and value.findings == []


# -- a remarks page whose writing gave fewer entries ---------------------------------------------

WRITTEN = [ln("备注", TITLE), ln("民族信息已更正", TEXT), ln("2024年01月29日", DATE),
           ln("证书污损，经本人申请予以换发", TEXT2), ln("2025年02月12日", DATE2)]  # fmt: skip


def test_writing_with_no_entry_is_flagged():
    img = page(TITLE, TEXT, DATE, TEXT2, DATE2)
    [f] = _remark_guard.lost_entries(2, img, WRITTEN, [], ISSUED)
    assert (f.code, f.field) == ("remarks_unread", "annotations") and "第 3 页" in f.message
    # The same page read into its two entries: nothing to say.
    assert _remark_guard.lost_entries(2, img, WRITTEN, entries(WRITTEN, ISSUED), ISSUED) == []


def test_fewer_dated_entries_than_dated_rows_is_flagged():
    img = page(TITLE, TEXT, DATE, TEXT2, DATE2)
    one = entries(WRITTEN[:3], ISSUED)  # the second entry lost between rows and entries
    [f] = _remark_guard.lost_entries(2, img, WRITTEN, one, ISSUED)
    assert f.evidence["dated_rows"] == 2 and f.evidence["entries"] == 1


def test_a_date_older_than_the_certificate_is_text_not_a_lost_entry():
    # 出生日期由1985年3月12日更正为… holds the date it corrects: one entry, one entry date.
    lines = [ln("备注", TITLE), ln("出生日期由1985年3月12日更正为1985年3月21日", TEXT),
             ln("2024年01月29日", DATE)]  # fmt: skip
    img = page(TITLE, TEXT, DATE)
    assert _remark_guard.lost_entries(2, img, lines, entries(lines, ISSUED), ISSUED) == []


def test_a_blank_remarks_page_and_its_show_through_are_no_writing():
    furniture = [
        ln("备注", TITLE),
        ln("（盖章）", (500, 500, 600, 530)),
        ln("厅", (287, 603, 315, 630)),
    ]
    assert _remark_guard.lost_entries(2, page(TITLE), furniture, [], ISSUED) == []
    # The other side showing through, mirrored and pale: read as characters, but no writing.
    ghost = [ln("备注", TITLE), ln("林资秋学中爽类资", TEXT2)]
    pale = page(TITLE)
    pale[TEXT2[1] : TEXT2[3] : 3, TEXT2[0] : TEXT2[2]] = 228
    assert _remark_guard.lost_entries(2, pale, ghost, [], ISSUED) == []
    dark = page(TITLE, TEXT2)
    assert codes(_remark_guard.lost_entries(2, dark, ghost, [], ISSUED)) == [
        ("remarks_unread", "annotations")
    ]


def test_a_date_split_under_a_seal_with_its_text_lost_is_flagged():
    # fourth 0034 (bitonal): the second entry's text line was lost under the seal and its date
    # split into 2023. and 10; the first entry read whole, so no row counted as dated is left.
    first = WRITTEN[:3]
    lines = [*first, ln("2023.", (505, 433, 603, 482)), ln("10", (639, 442, 686, 476))]
    img = page(TITLE, TEXT, DATE, (505, 433, 686, 482))
    [f] = _remark_guard.lost_entries(3, img, lines, entries(first, ISSUED), ISSUED)
    assert (f.code, f.field) == ("remarks_unread", "annotations") and f.evidence["broken_date"]
    # The same page without the broken date: its one entry accounts for everything.
    assert _remark_guard.lost_entries(3, img, first, entries(first, ISSUED), ISSUED) == []


def test_a_date_the_entry_s_reread_gave_accounts_for_its_row():
    # third 0026: a date closing its row in brackets (…予以补发(2024.12.27)) stayed in the
    # entry's text on the page's reading; reading the entry again gave it as the entry's date.
    img = page(TITLE, TEXT, DATE, TEXT2, DATE2)
    one = entries(WRITTEN[:3], ISSUED)  # as if the second entry's date had stayed text
    both = ["2024-01-29", "2025-02-12"]
    assert _remark_guard.lost_entries(2, img, WRITTEN, one, ISSUED, both) == []
    # A date no entry holds, or two rows of one date and one entry of it, is still flagged.
    for decoded in (["2024-01-29"], ["2024-01-29", "2025-02-13"]):
        [f] = _remark_guard.lost_entries(2, img, WRITTEN, one, ISSUED, decoded)
        assert f.code == "remarks_unread"
    twice = [*WRITTEN[:4], ln("2024年01月29日", DATE2)]
    [f] = _remark_guard.lost_entries(2, img, twice, one, ISSUED, ["2024-01-29"])
    assert f.evidence["dated_rows"] == 2
