"""Remark entries settled to a standard wording when the page's readings prove it (session 19)."""

from __future__ import annotations

from scanning._ocr import Line
from scanning._remark_sealed import column_edge
from scanning._remark_sealed import settle as sealed
from scanning._remark_standard import line_keys, settle
from scanning._seal_shape import Ring

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


# -- words a grey seal hid at the end of a wrapped line (``_remark_sealed``) -------------------

_CUT = "原证书遗失，经本人申请"  # 11 cells of 30 px from x=100: the line ends at 430
_SEAL = Ring(520.0, 140.0, 100.0)  # over the place past the line's end


def _page(edge: int) -> list[Line]:
    """A page whose column ends at ``edge``, and a facing page's line."""
    return [Line("该证书遗失，已在报刊登载", 0.9, (100, 300, edge, 330), ()),
            Line("注册合格有效期至二〇二六年", 0.9, (900, 100, 1300, 130), ())]  # fmt: skip


def _cut_entry(first: str = _CUT, readings: list[str] | None = None):
    one = Line(first, 0.96, (100, 100, 100 + 30 * len(first), 130), ())
    two = Line("发（2024.10.11）", 0.96, (100, 150, 310, 180), ())
    return [(one, readings or [first] * 3), (two, [two.text] * 3)]


def test_words_a_seal_hid_at_a_wrap_are_put_back_when_the_room_holds_them_but_not_accepted():
    assert column_edge(_page(550), _cut_entry()[0][0]) == 550.0  # not the facing page
    got = sealed("原证书遗失，经本人申请发", _cut_entry(), [_SEAL], _page(550))
    assert got is not None and got.text == "原证书遗失，经本人申请，予以补发"
    assert (got.inserted, got.seen) == ("予以补", False)  # no reading saw it: a warning


def test_a_short_line_no_seal_or_disagreeing_readings_put_nothing_back():
    text = "原证书遗失，经本人申请发"
    assert sealed(text, _cut_entry(), [_SEAL], _page(460)) is None  # the line wrapped early
    assert sealed(text, _cut_entry(), [], _page(550)) is None  # no seal past the line's end
    assert sealed(text, _cut_entry(), [Ring(100.0, 400.0, 50.0)], _page(550)) is None
    other = [_CUT, _CUT, "原证书遗失，经本人申"]
    assert sealed(text, _cut_entry(readings=other), [_SEAL], _page(550)) is None


def test_a_comma_read_before_the_cut_takes_no_lost_cell():
    first = _CUT + "，"  # 12 cells: the line ends at 460, 予以补 (3 cells) up to 550
    got = sealed("原证书遗失，经本人申请，发", _cut_entry(first), [_SEAL], _page(550))
    assert got is not None and got.text == "原证书遗失，经本人申请，予以补发"
    assert sealed("原证书遗失，经本人申请，发", _cut_entry(first), [_SEAL], _page(640)) is None


def test_readings_that_differ_only_in_the_entrys_date_do_not_stop_the_cut_being_put_back():
    entry = _cut_entry()
    two = Line("发（二〇〇七年二月二十五日）", 0.96, (100, 150, 500, 180), ())
    entry[1] = (two, [two.text, "发（二〇〇七年二月二十五）", "发（二〇〇七年二月二十五）"])
    got = sealed("原证书遗失，经本人申请发", entry, [_SEAL], _page(550))
    assert got is not None and got.text == "原证书遗失，经本人申请，予以补发"
    entry[1] = (two, [two.text, "友（二〇〇七年二月二十五）"])  # a word read otherwise
    assert sealed("原证书遗失，经本人申请发", entry, [_SEAL], _page(550)) is None


def test_a_character_hidden_at_a_wrap_is_put_back_with_the_comma_after_it():
    first = "原证书破损严"  # 6 cells: ends at 280; 重 up to 310, its comma outside the boxes
    one = Line(first, 0.96, (100, 100, 280, 130), ())
    two = Line("同意换发新证", 0.96, (100, 150, 280, 180), ())
    entry = [(one, [first] * 3), (two, [two.text] * 3)]
    seal = Ring(330.0, 140.0, 60.0)
    page = [Line("原证书破损严重，", 0.9, (100, 300, 320, 330), ())]
    got = sealed("原证书破损严同意换发新证", entry, [seal], page)
    assert got is not None and got.text == "原证书破损严重，同意换发新证"
    assert (got.inserted, got.marks, got.seen) == ("重", 1, False)
