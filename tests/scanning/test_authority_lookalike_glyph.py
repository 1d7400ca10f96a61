"""An authority read with one look-alike glyph that names another (or a former) place, while
another reading of the field read the glyph the rules choose (``_decide_fixed.glyph_misread``)."""

from __future__ import annotations

from scanning import _vocab
from scanning._ocr import Reading
from tests.scanning.test_decode import accepted, codes, flagged, run

# 2017, 山西 14, authority 332, type 1, male (1), serial 954964: 盂县 (阳泉市) lies in 山西; 孟县
# (河南, 1986–1996, now 孟州市) does not.
CERT = "20171433211954964"
# The holder's ID number, issued in 盂县 (140322), born 1989-07-01, male.
HOLDER = {"id_number": "140322198907011296", "birth_date": "1989年07月01日",
          "qualification_type": "幼儿园教师资格", "subject": "幼儿园"}


def _read(*texts: str) -> list[Reading]:
    """Readings as the engine gave them: sure of each character but the first, where it
    offered the look-alike (盂 or 孟) at four in ten."""
    other = {"孟": "盂", "盂": "孟"}
    return [Reading(t, 0.93 - k / 100, tuple(
        ((ch, 0.6), (other[ch], 0.39)) if ch in other else ((ch, 0.999),) for ch in t))
            for k, t in enumerate(texts)]


def test_one_glyph_misread_settled_by_another_reading_is_no_conflict():
    assert _vocab.is_authority("孟县教育局")  # in the table: a former county of 河南
    out = run(certificate_number=CERT, issue_date="2017年02月23日", **HOLDER,
              issuing_authority=_read("盂县教育", "孟县教育局", "孟县教育局"))
    # The other fields of the number's group are accepted as read.
    assert accepted(out["certificate_number"], CERT)
    assert accepted(out["issue_date"], "2017-02-23")
    assert accepted(out["qualification_type"], "幼儿园教师资格")
    # 盂县教育 may also be 盂县教育委员会 with characters lost: the authority is left for the
    # page's re-reads and the holder's division to settle, flagged but no longer a conflict.
    authority = out["issuing_authority"]
    assert "conflict" not in codes(authority)
    assert codes(authority) == {"authority_unknown"}


def test_no_reading_of_the_rules_glyph_keeps_the_conflict():
    out = run(certificate_number=CERT, issue_date="2017年02月23日", **HOLDER,
              issuing_authority=_read("孟县教育局", "孟县教育局"))
    assert flagged(out["issuing_authority"])
    assert "conflict" in codes(out["issuing_authority"])


def test_a_glyph_that_is_no_look_alike_keeps_the_conflict():
    # 代县 (忻州市, 山西) against a clear 孟县: 孟 and 代 look nothing alike.
    out = run(certificate_number=CERT, issue_date="2017年02月23日", **HOLDER,
              issuing_authority=_read("代县教育", "孟县教育局", "孟县教育局"))
    assert flagged(out["issuing_authority"])


def test_one_glyph_misread_is_a_correction_when_another_reading_shows_the_office():
    # The other reading shows 盂县 and the suffix (局 misread 周): only 盂县教育局 explains it.
    out = run(certificate_number=CERT, issue_date="2017年02月23日", **HOLDER,
              issuing_authority=_read("盂县教育周", "孟县教育局", "孟县教育局"))
    authority = out["issuing_authority"]
    assert accepted(authority, "盂县教育局")
    assert "corrected" in codes(authority)
    assert accepted(out["certificate_number"], CERT)
