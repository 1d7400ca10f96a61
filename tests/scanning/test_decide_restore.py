"""Characters a seal hid, restored by the cross-field rules (hand-built readings, no OCR).

Each rule both ways: the raw read lost characters and the rule restores them uniquely (a
``corrected`` note naming the rule), and the case where two candidates fit stays flagged."""

from __future__ import annotations

from scanning._decide_restore import date_forms, lost_only
from scanning._ocr import Reading
from tests.scanning._views import views
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import ID, accepted, codes, flagged, run, with_check


def _drop(text: str, *where: int) -> str:
    return "".join(ch for i, ch in enumerate(text) if i not in where)


def _rule(v: object) -> set[str]:
    return {str(f.evidence.get("rule")) for f in v.findings}  # type: ignore[attr-defined]


# -- the reading is the value with characters lost, none changed -----------------------------
def test_lost_only_keeps_every_visible_character_in_order() -> None:
    assert lost_only("2021.12.12", "20112.12")  # "2" and "." under the ring
    assert not lost_only("2021.12.12", "20212.13")  # a changed digit is no loss
    assert not lost_only("2021.12.12", "2021.12.12")  # nothing lost
    assert not lost_only("2021.12.12", "202.2")  # too many lost


def test_date_forms_cover_the_common_styles() -> None:
    forms = date_forms("1985-03-12")
    assert {"1985年3月12日", "1985年03月12日", "1985.03.12", "1985-3-12"} <= forms


# -- birth date restored from the ID's birth segment -----------------------------------------
def test_birth_date_that_lost_its_day_is_restored_from_the_id() -> None:
    # The seal's ring hid "12日": no date can be read, the ID (checked) holds it.
    out = run(birth_date="1985年03月")
    assert accepted(out["birth_date"], "1985-03-12")
    assert "corrected" in codes(out["birth_date"])
    assert "身份证号码出生日期段" in _rule(out["birth_date"])


def test_birth_date_restored_only_when_the_visible_digits_agree() -> None:
    # "1986年03月": the visible year disagrees with the ID's 1985 — no restoration.
    out = run(birth_date="1986年03月")
    assert flagged(out["birth_date"])
    assert out["birth_date"].value != "1985-03-12" or out["birth_date"].blocking


def test_birth_date_with_two_ids_in_doubt_is_flagged() -> None:
    # The ID's readings split evenly between two valid numbers born on different days.
    other = with_check(ID[:13] + "3" + ID[14:])  # born 1985-03-13
    out = run(birth_date="1985年03月", id_number=[sure(ID), sure(other)])
    assert flagged(out["birth_date"])


# -- ID number restored from the birth date --------------------------------------------------
def test_id_that_lost_a_birth_digit_is_restored_from_the_birth_date() -> None:
    read = _drop(ID, 11)  # the "3" of 0312 under the ring
    out = run(id_number=views(sure(read), 2))
    assert accepted(out["id_number"], ID)
    assert "corrected" in codes(out["id_number"])
    assert "出生日期与校验码" in _rule(out["id_number"])


def test_id_that_lost_two_birth_digits_is_restored() -> None:
    read = _drop(ID, 8, 9)  # "85" of 1985 under the star
    out = run(id_number=[sure(read), Reading(read, 0.97)])
    assert accepted(out["id_number"], ID)


def test_id_that_lost_an_order_digit_stays_flagged_when_two_numbers_fit() -> None:
    # A lost order digit: the check character picks one digit for each place it may have
    # stood, so several numbers fit every rule; nobody can tell which, a person must look.
    read = _drop(ID, 14)
    out = run(id_number=views(sure(read), 2))
    assert flagged(out["id_number"])
    assert out["id_number"].value != ID or out["id_number"].blocking


def test_id_with_a_doubted_visible_digit_is_not_restored() -> None:
    # The engine doubted a visible digit (a misread may hide beside the loss): no proof.
    read = _drop(ID, 11)
    doubtful = sure(read, {3: ("8", 0.3)})
    out = run(id_number=[doubtful, doubtful])
    assert flagged(out["id_number"])


def test_id_restoration_needs_the_birth_date() -> None:
    read = _drop(ID, 11)
    out = run(id_number=views(sure(read), 2), birth_date=None)
    assert flagged(out["id_number"])


# -- issue date restored from the certificate number's year ----------------------------------
def test_issue_date_that_lost_a_year_digit_is_restored_from_the_certificate() -> None:
    # "2015.07.01" with "1" of the year under the ring; the number begins with 2015.
    out = run(issue_date=views(sure("205.07.01"), 2))
    assert accepted(out["issue_date"], "2015-07-01")
    assert "证书号码年份" in _rule(out["issue_date"])


def test_issue_date_that_lost_its_separator_and_a_year_digit_is_restored() -> None:
    # The fields4 case: "2021.12.12" read "20112.12" — here "2015.07.01" read "20157.01".
    out = run(issue_date=views(sure("201507.01"), 2))
    assert accepted(out["issue_date"], "2015-07-01")


def test_issue_date_that_lost_its_day_stays_flagged() -> None:
    # The number binds only the year: 2015年07月0 could be the 1st to the 9th.
    out = run(issue_date=[sure("2015年07月0"), sure("2015年07月0")])
    assert flagged(out["issue_date"])


def test_issue_date_not_restored_from_a_number_read_only_once() -> None:
    from tests.scanning.test_decode import CERT

    out = run(issue_date=[sure("205.07.01"), sure("205.07.01")],
              certificate_number=[sure(CERT), sure("2015420014110012")])
    assert flagged(out["issue_date"])


# -- certificate number restored from the issue year, authority, type and gender -------------
def test_certificate_number_that_lost_its_year_is_restored() -> None:
    from tests.scanning.test_decode import CERT

    read = CERT[4:]  # the box began after the year (cut or under the seal)
    out = run(certificate_number=views(sure(read), 2))
    assert accepted(out["certificate_number"], CERT)
    assert "批准日期、发证机关、资格种类与性别" in _rule(out["certificate_number"])


def test_certificate_number_that_lost_a_province_digit_is_restored() -> None:
    from tests.scanning.test_decode import CERT

    read = _drop(CERT, 4)  # "4" of 湖北's 42 under the ring; 武汉市教育局 says 42
    out = run(certificate_number=views(sure(read), 2))
    assert accepted(out["certificate_number"], CERT)


def test_certificate_number_that_lost_a_serial_digit_stays_flagged() -> None:
    # No check character: the loss may be the serial's (any digit) or the gender digit's
    # with the serial shifted — several numbers fit, a person must look.
    from tests.scanning.test_decode import CERT

    read = CERT[:-1]
    out = run(certificate_number=views(sure(read), 2))
    assert flagged(out["certificate_number"])
    assert out["certificate_number"].value != CERT[:10] + "1" + CERT[10:16]


def test_certificate_year_not_restored_without_the_issue_date() -> None:
    from tests.scanning.test_decode import CERT

    read = CERT[4:]
    out = run(certificate_number=views(sure(read), 2), issue_date=None)
    assert flagged(out["certificate_number"])


def test_issue_date_that_lost_a_year_and_a_day_digit_stays_flagged() -> None:
    # "2015.07.11" read "205.07.1": 2015-07-01 fits with one loss, but 2015-07-1x with two —
    # every date of the year a reading may have lost characters of is a candidate.
    out = run(issue_date=[sure("205.07.1"), sure("205.07.1")])
    assert flagged(out["issue_date"])


# -- authority name that lost characters, restored from the vocabulary -----------------------
def test_authority_that_lost_its_last_character_is_restored() -> None:
    out = run(issuing_authority=[sure("武汉市教育委员"), sure("武汉市教育委员")])
    assert accepted(out["issuing_authority"], "武汉市教育委员会")
    assert "机关名称词表" in _rule(out["issuing_authority"])


def test_authority_with_two_names_that_fit_stays_flagged() -> None:
    # 信阳教育委员: 信阳市教育委员会 and 信阳县教育委员会 both lost two characters.
    out = run(issuing_authority=[sure("信阳教育委员"), sure("信阳教育委员")],
              certificate_number=None)
    assert flagged(out["issuing_authority"])


def test_authority_that_lost_only_its_suffix_end_stays_flagged() -> None:
    # 武汉市教育 may be 教育局, 教育厅, 教育委员会 …: the suffix is not decided.
    out = run(issuing_authority=[sure("武汉市教育"), sure("武汉市教育")])
    assert flagged(out["issuing_authority"])


def test_authority_snap_beside_a_lost_character_explanation_is_flagged() -> None:
    # 石拐区教育局 with 石 under the seal, read 拐区教育局: one substitution snaps it to
    # 市区教育局, one lost character restores 石拐区教育局 — two explanations, a person looks
    # (the snap alone went out as a proven correction on an end-of-session run).
    read = Reading("拐区教育局", 0.999, tuple(((ch, 0.999),) for ch in "拐区教育局"))
    inner_mongolia = "20151500141100123"  # province 15 leaves 市区 the one snap among 东区, 北区 …
    out = run(issuing_authority=[read, read, read], certificate_number=inner_mongolia)
    assert flagged(out["issuing_authority"])
    assert out["issuing_authority"].value != "市区教育局"


# -- what the rules cannot restore is flagged, never taken as read ---------------------------
def test_birth_date_without_a_readable_id_is_flagged() -> None:
    # A seal over the birth date (1991年11月2 for …21日) and the ID (two digits lost, no valid
    # number fits): the date reads validly but has nothing to agree with.
    out = run(birth_date="1985年03月1日", id_number=views(sure(_drop(ID, 12, 13)), 2))
    assert flagged(out["birth_date"])


def test_birth_date_with_a_readable_id_is_accepted() -> None:
    out = run()
    assert accepted(out["birth_date"], "1985-03-12")


def test_name_that_caught_the_next_label_is_flagged() -> None:
    out = run(name="丁国嘉性")
    assert flagged(out["name"])
    assert accepted(run(name="丁国嘉")["name"], "丁国嘉")
