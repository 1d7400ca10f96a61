"""Hand-written remarks read two or three look-alike characters off a standard wording: settled
to the wording when it can be no other."""

from __future__ import annotations

from scanning import _remark_lookalikes
from scanning._remark_read import _standard_findings

# 因 read as 三 (one view: 回), 予以 as 子议 (one view: 以); the date opens the first line.
LOST = [
    ("2023年9月17日原证书三保管不慎遗失，", ["2023年9月17日原证书三保管不慎遗失，",
                                          "2023年9月17日原证书回葆营不慎遗失，"]),
    ("经本人申请，子议补发", ["经本人申请，子议补发", "经本人申请，子以补发"]),
]  # fmt: skip


def test_several_lookalikes_are_read_back_as_the_one_wording_for_a_person():
    got = _remark_lookalikes.settle("原证书三保管不慎遗失，经本人申请，子议补发", LOST)
    assert got is not None
    assert got.text == "原证书因保管不慎遗失，经本人申请，予以补发"
    assert (got.swapped, got.unread, got.decides) == ("三→因、子→予、议→以", True, False)
    (finding,) = _standard_findings("annotations[0]", got, [])
    assert finding.severity == "warning"  # no view read 因: a person confirms it


def test_lookalikes_every_view_read_as_the_wording_decide_it():
    lines = [("原证书污换，经本人申请网意换发",
              ["原证书污换，经本人申请网意换发", "原证书污损，经本人申请同意换发"])]  # fmt: skip
    got = _remark_lookalikes.settle("原证书污换，经本人申请网意换发", lines)
    assert got is not None and got.text == "原证书污损，经本人申请同意换发"
    assert (got.swapped, got.unread, got.decides) == ("换→损、网→同", False, True)
    (finding,) = _standard_findings("annotations[0]", got, [])
    assert finding.severity == "note"


def test_a_phrase_or_an_unlike_character_stays_as_read():
    # 同意 is a phrase of its own: never read back as 予以
    lines = [("证书遗失，同意补发", ["证书遗失，同意补发"])]
    assert _remark_lookalikes.settle("证书遗失，同意补发", lines) is None
    # 三 for 因 with no view reading 因 or a look-alike of it
    lines = [("原证书三保管不慎遗失，经本人申请，子议补发",
              ["原证书三保管不慎遗失，经本人申请，子议补发"])]  # fmt: skip
    assert _remark_lookalikes.settle(lines[0][0], lines) is None


def test_four_places_are_too_many():
    lines = [
        (
            "原证书三葆管不慎遗失，经本人申请，子议补发",
            ["原证书回葆管不慎遗失，经本人申请，子议补发"],
        )
    ]
    assert _remark_lookalikes.settle(lines[0][0], lines) is None
