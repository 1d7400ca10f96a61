"""A remark date alone on its row with text above and below it (the other entry's date lost
under a seal): a date set apart at the right closes the text above it, as an office signs a
remark. The entries are parted there, and the dated one keeps its doubt about which text is
its own."""

from __future__ import annotations

from tests.scanning.test_remarks import TITLE, flags, ln, read


def _page(date_x: int) -> list:
    return [
        TITLE,
        ln("原证书因保管不慎遗失，", 85, 170, 500, 50),
        ln("经本人申请，予以补发", 88, 234, 470, 50),
        ln("2020年09月15日", date_x, 290, 300, 50),
        ln("任教学科已更正", 91, 356, 330, 50),
    ]


def test_a_date_set_apart_at_the_right_closes_the_text_above_it():
    lines = _page(430)
    assert read(lines) == [
        ("2020-09-15", "原证书因保管不慎遗失，经本人申请，予以补发"),
        (None, "任教学科已更正"),
    ]
    first, second = flags(lines)
    assert "annotation_text annotations[0].text" in first  # which side is its own: not proved
    assert "missing annotations[1].date" in second


def test_a_date_at_the_margin_or_near_it_stays_with_both():
    # At the margin a date may open the text below it or close the text above (a date line).
    for x in (86, 160):
        lines = _page(x)
        [(when, text)] = read(lines)
        assert when == "2020-09-15" and text is not None and text.endswith("任教学科已更正")
        assert "annotation_text annotations[0].text" in flags(lines)[0]


def test_a_date_centred_on_its_wrapped_text_in_a_right_column_stays_with_it():
    # A table's date column at the right: the date centred between the text's two rows.
    lines = [
        TITLE,
        ln("原证书因保管不慎遗失，经本人", 85, 170, 430, 40),
        ln("2020年09月15日", 560, 196, 220, 40),
        ln("申请，予以补发", 85, 222, 220, 40),
    ]
    [(when, text)] = read(lines)
    assert when == "2020-09-15" and text == "原证书因保管不慎遗失，经本人申请，予以补发"
