"""A date set apart after its text with a speck read after it (a seal's stroke read as 3)
still closes its entry: the speck is no text that opens a new one."""

from __future__ import annotations

from tests.scanning.test_remarks import TITLE, ln, read

# Phone photo of a page whose dates stand right-aligned under their texts (the rows of
# one entry overlap a little under the perspective); the last date under a seal.
LINES = [
    TITLE,
    ln("原证书因保管不慎遗失，", 85, 167, 419, 56),
    ln("经本人申请，予以补发", 80, 232, 388, 57),
    ln("2024年3月14日", 453, 301, 258, 49),
    ln("原证书因保管不慎遗失，", 80, 444, 421, 64),
    ln("经本人申请，予以补发", 79, 505, 428, 65),
    ln("2024年5月14日", 441, 586, 269, 55),
    ln("经核实，身份证件号码已更正", 83, 768, 511, 57),
]


def test_a_date_with_a_speck_after_it_closes_its_entry():
    lines = [*LINES, ln("2025年1月143", 441, 834, 257, 57)]
    assert read(lines) == [
        ("2024-03-14", "原证书因保管不慎遗失，经本人申请，予以补发"),
        ("2024-05-14", "原证书因保管不慎遗失，经本人申请，予以补发"),
        ("2025-01-14", "经核实，身份证件号码已更正"),
    ]


def test_words_after_a_date_are_still_an_entrys_text():
    lines = [*LINES, ln("2025年1月14日 经核查信息无误", 441, 834, 400, 57)]
    assert read(lines)[-1] == ("2025-01-14", "经核查信息无误")
