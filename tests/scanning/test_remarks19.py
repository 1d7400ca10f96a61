"""Remark entries settled to a standard wording when the page's readings prove it (session 19)."""

from __future__ import annotations

from scanning._remark_standard import line_keys, settle

_DATED = "号码为准（二〇二五年四月二十一日）"  # the entry's date in brackets after its text
_READS = ["持证人身份证号码已升位·以本证记载", "持证人身份证号码已升位以本证记载",
          "持证人身份证号码已升位，以本证记载"]  # fmt: skip


def test_a_bracketed_date_in_chinese_numerals_leaves_no_brackets_in_a_lines_words():
    # The entry's date closes its last line in brackets: neither is part of the wording.
    got = line_keys([(_DATED, [_DATED])])
    assert got == [("号码为准", ["号码为准"])]
    assert line_keys([("任教学科（数学）已更正", [])]) == [("任教学科（数学）已更正", [])]


def test_a_comma_read_as_a_dot_settles_when_the_date_stands_in_brackets_after_the_text():
    lines = [(_READS[0], _READS), (_DATED, [_DATED] * 3)]
    got = settle("持证人身份证号码已升位·以本证记载号码为准", lines)
    assert got is not None and got.text == "持证人身份证号码已升位，以本证记载号码为准"
    assert got.seen and not got.roomed


def test_a_bracketed_date_does_not_prove_a_comma_no_reading_saw():
    lines = [(_READS[1], _READS[1:2] * 3), (_DATED, [_DATED])]
    assert settle("持证人身份证号码已升位以本证记载号码为准", lines) is None


def test_a_comma_one_reading_saw_as_a_tilde_is_seen():
    reads = ["持证人身份证号码已升位以本证记载", "持证人身份证号码已升位以本证证载",
             "持证人身份证号码已升位~以本证证载"]  # fmt: skip
    lines = [(reads[0], reads), ("号码为准。", ["号码为准。"] * 3)]
    got = settle("持证人身份证号码已升位以本证记载号码为准。", lines)
    assert got is not None and got.text == "持证人身份证号码已升位，以本证记载号码为准。"
    assert got.seen and not got.roomed and got.marks == 1


def test_a_tilde_where_the_wording_has_no_mark_settles_nothing():
    lines = [("原证书损坏予以换发", ["原证书损坏予以换发", "原证书损~坏予以换发"])]
    assert settle("原证书损坏予以换发", lines) is None
