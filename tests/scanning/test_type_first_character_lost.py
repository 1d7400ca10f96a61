"""A qualification type whose first character a seal hid (级中学教师资格) fits two types
(高级中学, 初级中学): the certificate number's type digit (10th) chooses one, recorded as a
correction; with no number, or one whose digit fits neither, the type stays flagged."""

from __future__ import annotations

from tests.scanning.test_decode import CERT, accepted, codes, flagged, run

LOST = "级中学教师资格"


def test_the_number_s_type_digit_chooses_between_the_two_types() -> None:
    out = run(qualification_type=LOST)  # CERT's digit 10 is 4: 高级中学
    assert accepted(out["qualification_type"], "高级中学教师资格")
    assert "corrected" in codes(out["qualification_type"])


def test_a_number_with_the_other_digit_chooses_the_other_type() -> None:
    cert = CERT[:9] + "3" + CERT[10:]
    out = run(qualification_type=LOST, certificate_number=cert)
    assert accepted(out["qualification_type"], "初级中学教师资格")


def test_without_the_number_the_type_stays_flagged() -> None:
    out = run(qualification_type=LOST, certificate_number=None)
    assert flagged(out["qualification_type"])


def test_a_number_whose_digit_fits_neither_type_leaves_it_flagged() -> None:
    cert = CERT[:9] + "2" + CERT[10:]  # 小学: no form of it loses a character to 级中学…
    out = run(qualification_type=LOST, certificate_number=cert)
    assert out["qualification_type"].value != "高级中学教师资格" or flagged(
        out["qualification_type"])
    assert flagged(out["qualification_type"]) or flagged(out["certificate_number"])
