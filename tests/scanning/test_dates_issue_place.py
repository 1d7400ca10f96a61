"""Where the issue date stands when its label does not place it (hand-made lines, no OCR): a
date read damaged under the seal in the signature block, a lone 日 whose line the seal hid, a
value the seal's legend ran into, and a date box the seal's star cut short."""

from __future__ import annotations

from scanning._fields import info_fields
from scanning._ocr import Line
from tests.scanning.test_sign_date import ROWS, _page


def test_a_damaged_date_under_the_authority_is_placed() -> None:
    raw = info_fields(_page("2007年9用月29日"), 0)
    assert raw["issue_date"].text == "2007年9用月29日"


def test_a_lone_day_mark_under_the_authority_gives_a_band_to_read() -> None:
    lines = _page("日")
    lines[-1] = Line("日", 0.99, (530, 632, 560, 662))
    raw = info_fields(lines, 0)
    issue = raw["issue_date"]
    assert issue.text == ""
    x0, y0, x1, y1 = issue.box
    assert x0 <= 330 and x1 >= 560 and y0 <= 632 and y1 >= 662  # the whole line of the date


def test_a_value_the_seal_legend_ran_into_is_not_taken_for_the_seal() -> None:
    lines = [Line(t, 0.95, (60, 60 + 50 * k, 60 + 24 * len(t), 90 + 50 * k))
             for k, t in enumerate(ROWS)]  # fmt: skip
    lines.append(Line("发证机关：厦门市教育局", 0.95, (60, 410, 330, 440)))
    lines.append(Line("认定日期", 0.95, (60, 460, 160, 490)))
    lines.append(Line("201.4-05资格认定专用章", 0.9, (60, 500, 330, 540)))
    raw = info_fields(lines, 0)
    assert raw["issue_date"].text.startswith("201.4-05")


def test_a_date_box_cut_short_by_the_seal_is_widened_to_the_values_right_edge() -> None:
    lines = [Line(t, 0.95, (60, 60 + 50 * k, 60 + 24 * len(t), 90 + 50 * k))
             for k, t in enumerate(ROWS)]  # fmt: skip
    lines.append(Line("发证机关：厦门市教育局", 0.95, (60, 410, 330, 440)))
    lines.append(Line("颁发日期：1998乐", 0.95, (60, 460, 230, 490)))
    raw = info_fields(lines, 0)
    right = max(r.box[2] for k, r in raw.items() if k != "issue_date")
    assert raw["issue_date"].box[2] == right


def test_a_whole_date_box_is_left_as_found() -> None:
    lines = [Line(t, 0.95, (60, 60 + 50 * k, 60 + 24 * len(t), 90 + 50 * k))
             for k, t in enumerate(ROWS)]  # fmt: skip
    lines.append(Line("颁发日期：1998年10月11日", 0.95, (60, 460, 330, 490)))
    raw = info_fields(lines, 0)
    assert raw["issue_date"].box[2] <= 330


def _under_page(last: str) -> list[Line]:
    """A page printing each value under its label; the last label is ``last``."""
    lines: list[Line] = []
    for k, (label, value) in enumerate((("姓名", "王小梅"), ("出生日期", "1982年4月11日"),
                                        ("证书号码", "20073507440034129"))):  # fmt: skip
        y = 60 + 90 * k
        lines.append(Line(label, 0.99, (70, y, 70 + 28 * len(label), y + 28)))
        lines.append(Line(value, 0.99, (76, y + 38, 76 + 20 * len(value), y + 66)))
    lines.append(Line(last, 0.99, (70, 330, 70 + 28 * len(last), 358)))
    return lines


def test_a_lone_last_date_label_on_an_under_page_gives_the_band_under_it() -> None:
    raw = info_fields(_under_page("批准日期"), 0)
    x0, y0, x1, y1 = raw["issue_date"].box
    assert raw["issue_date"].text == "" and y0 >= 358 and y1 > 358 + 28 and x0 <= 70
    assert "issue_date" not in info_fields(_under_page("备注"), 0)
