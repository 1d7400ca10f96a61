"""ID and certificate numbers every reading of which lacks digits are read again whole (the box
stretched and widened, and the third view); a whole reading is decided by the same rules, and
a certificate number's unchecked digits still need two distinct readings. A reading that reads
a number but doubts a digit is outvoted only by two distinct readings sure of it."""

from __future__ import annotations

import cv2
import numpy as np

from scanning import _widen
from scanning._decide import decode
from scanning._decide_numbers import note_whole
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import CERT, ID, TODAY, TRUTH, accepted, codes, flagged, run


def _readings(**fields: list[Reading]) -> dict[str, list[Reading]]:
    base = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in TRUTH.items()}
    return {**base, **fields}


def _short(text: str, at: int) -> list[Reading]:
    """The page and both re-reads lost the digit at ``at`` (a thin 1, a doubled digit)."""
    lost = text[:at] + text[at + 1 :]
    return [Reading(lost, 0.99), sure(lost), sure(lost)]


def _whole(*got: Reading) -> dict[str, _widen.Whole]:
    return {"certificate_number": lambda _missing: list(got),
            "id_number": lambda _missing: list(got)}


# -- the digit run and the count of digits missing ---------------------------------------------


def test_digit_run_keeps_the_one_run_of_the_number_s_length() -> None:
    r = Reading("号码：" + CERT + "局", 0.9, tuple(((c, 1.0),) for c in "号码：" + CERT + "局"))
    got = _widen.digit_run(r, 17)
    assert got is not None and got.text == CERT and len(got.alternatives) == 17
    assert _widen.digit_run(Reading(ID[:17] + "x", 0.9), 18) == Reading(ID[:17] + "X", 0.9)


def test_digit_run_refuses_a_short_long_or_doubled_number() -> None:
    assert _widen.digit_run(Reading(CERT[:16], 0.9), 17) is None
    assert _widen.digit_run(Reading(CERT + "1", 0.9), 17) is None
    assert _widen.digit_run(Reading(CERT + " " + CERT, 0.9), 17) is None


def test_short_counts_the_digits_the_longest_reading_lacks() -> None:
    assert _widen.short("certificate_number", [Reading("202043246", 0.9)]) == 8
    assert _widen.short("certificate_number", [Reading("202043246", 0.9), sure(CERT)]) == 0
    assert _widen.short("issue_date", [Reading("2015", 0.9)]) == 0


# -- decoding with whole readings ------------------------------------------------------------


def test_id_that_lost_a_digit_everywhere_is_decided_whole_by_its_rules() -> None:
    readings = _readings(id_number=_short(ID, 15))  # an order digit: no rule restores it
    assert flagged(decode(readings, TODAY)["id_number"])  # as before: flagged
    got = decode(readings, TODAY, whole=_whole(sure(ID)))["id_number"]
    assert accepted(got, ID)
    assert "view_checked" in codes(got)  # the clerk sees what was read first


def test_certificate_number_read_whole_twice_is_accepted() -> None:
    # The third view (other pixels) reads the type digit 8 (3 beside it): the rule settles it;
    # the stretched crop reads the number as printed; both agree on every unchecked digit.
    third = sure(CERT[:9] + "8" + CERT[10:], {9: ("4", 0.3)})
    readings = _readings(certificate_number=_short(CERT, 9))
    got = decode(readings, TODAY, third={"certificate_number": lambda: third},
                 whole=_whole(sure(CERT)))["certificate_number"]
    assert accepted(got, CERT)


def test_one_whole_reading_leaves_the_number_flagged() -> None:
    # The widened box read in the page and its red channel gave the same pixels: one reading.
    readings = _readings(certificate_number=_short(CERT, 12))
    got = decode(readings, TODAY, whole=_whole(sure(CERT), sure(CERT)))["certificate_number"]
    assert flagged(got) and got.value == CERT
    assert "unconfirmed" in codes(got)


def test_whole_readings_that_disagree_on_a_serial_digit_leave_the_number_flagged() -> None:
    other = CERT[:14] + "7" + CERT[15:]
    readings = _readings(certificate_number=_short(CERT, 12))
    got = decode(readings, TODAY, third={"certificate_number": lambda: sure(other)},
                 whole=_whole(sure(CERT)))["certificate_number"]
    assert flagged(got)


def test_first_readings_that_differ_in_another_digit_leave_the_number_flagged() -> None:
    # The first readings lost digit 10 and read 7 for the serial's 1: not the value with a
    # digit dropped, so the readings disagree on a digit, whatever the whole ones say.
    lost = CERT[:9] + CERT[10:13] + "7" + CERT[14:]
    third = sure(CERT, {9: ("4", 0.3)})
    readings = _readings(certificate_number=[Reading(lost, 0.99), sure(lost), sure(lost)])
    got = decode(readings, TODAY, third={"certificate_number": lambda: third},
                 whole=_whole(sure(CERT)))["certificate_number"]
    assert flagged(got)


def test_note_of_a_number_read_whole_checks_the_first_readings() -> None:
    lost = CERT[:9] + CERT[10:]
    fine = Value(CERT, 1.0, [])
    note_whole(fine, "certificate_number", [Reading(lost, 0.99)])
    assert not fine.blocking and "view_checked" in codes(fine)
    apart = Value(CERT, 1.0, [])
    note_whole(apart, "certificate_number", [Reading(lost[:12] + "7" + lost[13:], 0.99)])
    assert flagged(apart) and "unconfirmed" in codes(apart)


def test_a_stray_letter_among_a_first_readings_digits_does_not_dispute_them() -> None:
    # 350112199T10115989X: every digit the value's, in order, a letter between them.
    whole = "35011219910115989X"
    v = Value(whole, 1.0, [])
    note_whole(v, "id_number", [Reading(whole[:9] + "T" + whole[9:], 0.99)])
    assert not v.blocking and "view_checked" in codes(v)
    changed = Value(whole, 1.0, [])
    note_whole(changed, "id_number", [Reading(whole[:9] + "T" + whole[10:12] + "7" + whole[13:],
                                              0.99)])
    assert flagged(changed)


def test_no_whole_reading_is_asked_for_a_number_read_whole() -> None:
    asked: list[int] = []

    def view(missing: int) -> list[Reading]:
        asked.append(missing)
        return []

    decode(_readings(), TODAY, whole={"certificate_number": view, "id_number": view})
    assert asked == []


def test_whole_readings_widen_a_box_that_cut_the_number() -> None:
    page = np.full((120, 700, 3), 255, np.uint8)
    cv2.putText(page, CERT, (40, 70), cv2.FONT_HERSHEY_SIMPLEX, 1.0, (20, 20, 20), 2,
                cv2.LINE_AA)
    width = cv2.getTextSize(CERT, cv2.FONT_HERSHEY_SIMPLEX, 1.0, 2)[0][0]
    box = (40 + width * 3 // 17, 44, 40 + width * 15 // 17, 78)  # digits 1–3 and 16–17 cut off
    got = _widen.whole_readings([page, page], box, "certificate_number", 5)
    assert [r.text for r in got] == [CERT]  # the page and its copy read once


# -- a reading of the value that doubts a digit ----------------------------------------------

SERIAL = 14


def _doubting(p: float) -> Reading:
    return sure(CERT, {SERIAL: ("5", p)})


def test_doubt_under_two_distinct_sure_readings_is_outvoted() -> None:
    again = Reading(CERT, 0.98, sure(CERT).alternatives)  # another view: another reading
    out = run(certificate_number=[_doubting(0.25), sure(CERT), again])
    assert accepted(out["certificate_number"], CERT)


def test_doubt_under_the_same_reading_twice_stays_flagged() -> None:
    out = run(certificate_number=[_doubting(0.25), sure(CERT), sure(CERT)])
    assert flagged(out["certificate_number"])


def test_strong_doubt_is_not_outvoted() -> None:
    again = Reading(CERT, 0.98, sure(CERT).alternatives)
    out = run(certificate_number=[_doubting(0.4), sure(CERT), again])
    assert flagged(out["certificate_number"])


def test_doubt_outvoted_only_where_the_others_are_sure() -> None:
    again = Reading(CERT, 0.98, sure(CERT, {SERIAL: ("5", 0.06)}).alternatives)
    out: Value = run(certificate_number=[_doubting(0.25), sure(CERT), again])["certificate_number"]
    assert flagged(out)
