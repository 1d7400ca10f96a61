"""Hand-written remarks read short of a standard wording: a line the vote chose though another
view read more of it, a reading that misread a character the chosen text holds as the wording
has it, a wrap comma only the ink shows, and one that nothing on the page shows."""

from __future__ import annotations

from scanning._remark_dropped import settle

# 经本人申请以发 (two views) beside 经本人申请，予以发 (one): the views lost different
# characters; 本慎 for the chosen 不慎 in one view of the line above.
LINES = [
    ("2015年01月03日", ["2015年01月03日"] * 3),
    ("原证书因保管不慎遗失", ["原证书因保管不慎遗失", "原证书因保慎遗失", "原证书因保管本慎遗失"]),
    ("经本人申请以发", ["经本人申请，予以发", "经本人申请以发", "经本人申请以发"]),
]
READ = "原证书因保管不慎遗失经本人申请以发"


def test_a_line_read_fuller_by_one_view_is_put_back_from_it():
    got = settle(READ, LINES, inked=[1])  # the page shows the comma at the wrap after 遗失
    assert got is not None
    assert (got.text, got.inserted, got.seen) == (
        "原证书因保管不慎遗失，经本人申请，予以补发",
        "补",
        False,  # no view read 补: a person confirms it
    )
    assert got.marks == 1  # the wrap comma the ink showed


def test_a_wrap_comma_neither_read_nor_inked_leaves_the_text_as_read():
    assert settle(READ, LINES) is None


def test_a_misread_character_the_chosen_text_holds_is_decided_by_the_wording():
    lines = [
        ("原证书因保管不慎遗失，", ["原证书因保管不慎遗失，", "原证书因保管本慎遗失，"]),
        ("经本人申请，以补发", ["经本人申请，以补发"]),
    ]
    got = settle("原证书因保管不慎遗失，经本人申请，以补发", lines)
    assert got is not None and got.text == "原证书因保管不慎遗失，经本人申请，予以补发"
    # … but not where the chosen text misread it too
    lines[0] = ("原证书因保管本慎遗失，", ["原证书因保管本慎遗失，", "原证书因保管木慎遗失，"])
    assert settle("原证书因保管本慎遗失，经本人申请，以补发", lines) is None


def test_two_fuller_readings_that_differ_leave_the_text_as_read():
    lines = [
        ("原证书因保管不慎遗失，", ["原证书因保管不慎遗失，"]),
        ("经本人申请以发", ["经本人申请，予以发", "经本人申请，于以发", "经本人申请以发"]),
    ]
    assert settle("原证书因保管不慎遗失，经本人申请以发", lines) is None


def test_a_wrap_comma_nothing_showed_is_put_back_blind_for_a_person():
    from scanning import _remark_standard
    from scanning._remark_read import _standard_findings
    from scanning._remark_wraps import at_wraps

    lines = [
        ("原证书破损严重", ["原证书破损严重"] * 3),  # the comma last on the line: no view read it
        ("同意换发新证", ["同意换发新证"] * 3),
    ]
    text = "原证书破损严重同意换发新证"

    def settle_at(inked):
        return _remark_standard.settle(text, lines, (), inked)

    assert settle_at([]) is None  # as before: no reading, no ink
    got = at_wraps(settle_at, [], [0])
    assert got is not None and got.text == "原证书破损严重，同意换发新证" and got.blind
    [found] = _standard_findings("annotations[0]", got, [])
    assert found.severity == "warning" and "换行处补入的逗号" in found.message
    # a comma the ink showed is no blind one
    inked = at_wraps(settle_at, [0], [0])
    assert inked is not None and not inked.blind
    # a comma inside a line no view saw stays unseen: no wrap there
    inside = [("原证书破损严重同意换发新证", ["原证书破损严重同意换发新证"])]
    assert at_wraps(lambda k: _remark_standard.settle(text, inside, (), k), [], []) is None
