"""An entry's last line ending in a closing phrase under a seal, on colour: the widened views
(hand-built, no OCR) decide whether the line may go on past its end."""

from __future__ import annotations

import numpy as np

from scanning._ocr import Reading
from scanning._remark_extend import _closed, _ends_closed, _read_through

COLOUR = np.full((40, 400, 3), 250, np.uint8)
COLOUR[5:35, 300:380] = (200, 30, 35)  # a red seal past the line's end
GREY = np.full((40, 400), 250, np.uint8)
GREY_KEPT_AS_RGB = np.full((40, 400, 3), 250, np.uint8)  # a greyscale scan in three channels
LINE = "经核实，身份证件号码已更正"


def test_a_view_that_reads_less_beside_one_that_reads_the_line_closes_it() -> None:
    # The seal darkens the end in one view (码 lost, 已 read 包, 正 lost); the other reads the
    # line exactly and nothing past it.
    assert _ends_closed(COLOUR, LINE, {LINE, "经核实，身份证件号包更"})


def test_a_view_that_reads_past_the_end_leaves_doubt() -> None:
    assert not _ends_closed(COLOUR, LINE, {LINE, LINE + "为"})


def test_views_that_all_read_less_leave_doubt() -> None:
    # No view reads the line to its end: what the seal hid may go on.
    assert not _ends_closed(COLOUR, LINE, {"经核实，身份证件号码已更", "经核实，身份证件号包更"})


def test_a_line_that_ends_in_no_closing_phrase_or_a_grey_page_leaves_doubt() -> None:
    open_end = "姓名变更，原证书收回"
    assert not _ends_closed(COLOUR, open_end, {open_end, "姓名变更，原证"})
    assert not _ends_closed(GREY, LINE, {LINE, "经核实，身份证件号包更"})
    assert not _ends_closed(GREY_KEPT_AS_RGB, LINE, {LINE, "经核实，身份证件号包更"})


def test_a_view_that_ends_on_another_character_leaves_doubt() -> None:
    # 予以友: a view shorter than the line ending on a character the line does not hold
    # before its end says nothing about the end.
    line = "证书遗失，予以补发"
    assert not _ends_closed(COLOUR, line, {line, "证书遗失，予以友"})
    assert not _ends_closed(COLOUR, line, {"证书遗失，予以补友"})  # no view reads the line


def test_a_view_that_misreads_only_the_last_character_closes_the_line() -> None:
    # Read from a booklet (wave 9): 经核实，身份证件号码已更面 beside the exact line. As many
    # characters as the line, nothing past it: the line does not go on (which character ends
    # it is settled by the line's own readings, all 已更正). Session 8 held this as doubt.
    assert _ends_closed(COLOUR, LINE, {LINE, "经核实，身份证件号码已更面"})
    line = "证书遗失，予以补发"
    assert _ends_closed(COLOUR, line, {line, "证书遗失，予以补友"})
    assert not _ends_closed(COLOUR, LINE, {LINE, "经核实，身份证件号吗已更面"})  # two slips


def test_two_views_reading_more_or_less_of_the_same_lettering_agree() -> None:
    assert _closed("经本人申请，予以补发", {"经本人申请，予以补发治", "经本人申请，予以补发自治"})
    assert _closed("民族信息已更正", {"民族信息已更正省"})


def test_different_additions_or_no_closing_phrase_stay_doubt() -> None:
    assert not _closed("经本人申请，予以补发", {"经本人申请，予以补发治", "经本人申请，予以补发区"})
    assert not _closed("经本人申请，予以补发", {"经本人申请，予以补发", "经本人申请，予以补发治"})
    assert not _closed("经本人申请，予以补发", {"经本人申请，予以补发自治区"})
    assert not _closed("原证书收回", {"原证书收回自治", "原证书收回治"})


def test_a_grey_seal_over_the_end_of_a_greyscale_scan_kept_as_rgb_leaves_doubt() -> None:
    # 证书遗失，予以补发 with the whole of ，予以补发 under a grey seal: every widened view reads
    # 证书遗失 (a complete phrase) and nothing past it, because the seal is as dark as print.
    # Only a red channel that pales a red seal proves the line read through; the three equal
    # channels of a greyscale scan are no such view.
    got = [Reading("证书遗失", 0.99), Reading("证书遗失", 0.98)]
    assert _read_through(COLOUR, "2020.06.17证书遗失", got, wraps=False)
    assert not _read_through(GREY_KEPT_AS_RGB, "2020.06.17证书遗失", got, wraps=False)
    assert not _read_through(GREY, "2020.06.17证书遗失", got, wraps=False)


def test_on_a_greyscale_scan_even_a_closing_phrase_read_alike_is_not_read_through() -> None:
    # A closing phrase may go on under a grey seal (已更正为…, 予以换发新证): every view reads
    # only what the seal leaves, so nothing proves the line ends there.
    line = "2024年11月8日证书遗失，予以补发"
    alike = [Reading(line, 0.99), Reading(line, 0.99)]
    assert _read_through(COLOUR, line, alike, wraps=False)
    assert not _read_through(GREY_KEPT_AS_RGB, line, alike, wraps=False)
    assert not _read_through(GREY, line, alike, wraps=False)
