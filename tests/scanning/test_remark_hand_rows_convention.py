"""Hand-written remarks whose boxes are tall and touch: the white space between rows says
nothing about where one entry ends, so the page's convention (its first rows are text, its
last row a date: each date closes the text above it) pairs every date with its own text."""

from __future__ import annotations

from scanning._ocr import Line
from tests.scanning.test_remarks import read


def box(text: str, x0: int, y0: int, x1: int, y1: int) -> Line:
    return Line(text, 0.99, (x0, y0, x1, y1))


# A spread's remarks page as the detector boxed it: each entry's date closes it, set in to
# the right; the first date row almost touches the next entry's text, and sits a little
# farther from its own (boxes of hand-writing are tall and uneven).
HAND = [
    box("备注", 365, 79, 512, 146),
    box("因证书破损，准予换发新证，原证收", 144, 162, 720, 237),
    box("回作废", 127, 211, 250, 270),
    box("二〇二三年二月二十日", 388, 286, 737, 348),
    box("原证遗失，经本人申请予以补发，证", 126, 349, 704, 426),
    box("书号码不变", 126, 404, 313, 460),
    box("二〇二四年八月二十七日", 344, 473, 726, 537),
]


def test_each_hand_written_date_closes_the_text_above_it() -> None:
    assert read(HAND) == [
        ("2023-02-20", "因证书破损，准予换发新证，原证收回作废"),
        ("2024-08-27", "原证遗失，经本人申请予以补发，证书号码不变"),
    ]


def test_a_real_blank_between_entries_still_cuts_there() -> None:
    # Printed rows with a clear blank before each date-first entry: the page opens with a
    # date, so the white space (not the convention) is what cuts, as before.
    rows = [
        box("备注", 365, 20, 512, 60),
        box("2019年5月10日", 60, 100, 300, 130),
        box("证书遗失，予以补发", 60, 140, 560, 170),
        box("2020年1月2日", 60, 240, 300, 270),
        box("经核查信息无误", 60, 280, 560, 310),
    ]
    assert read(rows) == [("2019-05-10", "证书遗失，予以补发"), ("2020-01-02", "经核查信息无误")]
