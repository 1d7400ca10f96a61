"""A birth date whose line the detector stopped where a seal's ring crosses it (出生日期：1976年
| 08月28日 under a grey seal) gets its box stretched along its row, so that the re-reads see the
whole date (hand-made lines, no OCR)."""

from __future__ import annotations

from scanning._fields import info_fields
from scanning._ocr import Line


def _page(birth: str, *, beside: str | None = None) -> list[Line]:
    lines = [
        Line("姓名：闫瑜", 0.95, (92, 150, 240, 185)),
        Line(birth, 0.95, (92, 247, 336, 281)),
        Line("身份证号：330503197608287092", 0.95, (92, 345, 555, 380)),
        Line("资格种类：高级中学教师资格", 0.95, (92, 440, 420, 475)),
        Line("证书编号：20104400141100123", 0.95, (92, 535, 480, 570)),
    ]
    if beside is not None:
        lines.append(Line(beside, 0.95, (420, 247, 540, 281)))
    return lines


def test_a_birth_date_cut_at_its_year_is_stretched_along_its_row() -> None:
    birth = info_fields(_page("出生日期：1976年"), 0)["birth_date"]
    assert birth.text == "1976年"
    assert birth.box[2] >= 555 and birth.box[1] == 247 and birth.box[3] == 281


def test_a_whole_birth_date_keeps_its_box() -> None:
    birth = info_fields(_page("出生日期：1976年08月28日"), 0)["birth_date"]
    assert birth.box == (92, 247, 336, 281)


def test_another_field_on_the_row_stops_the_stretch() -> None:
    raw = info_fields(_page("出生日期：1976年", beside="性别：男"), 0)
    assert raw["gender"].text == "男"
    assert raw["birth_date"].box[2] < 420
