"""A third view against a reading that read another digit of the certificate number: it
overrules that reading only when no view of the value offers the other digit there (the
readings are second 0023_IMG's, a blurred phone photo: the print's 3 read 8 by every upscaled
view, each keeping 3 as a runner-up; only the page reading read 3)."""

from __future__ import annotations

from datetime import date

from scanning._decide import decode
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._views import doubting
from tests.scanning.test_decode import accepted, codes

TODAY = date(2026, 12, 5)
BOOKLET = {
    "name": "贾祎刚", "gender": "男", "birth_date": "1972年10月10日",
    "id_number": "54012219721010159X", "qualification_type": "高级中学教师资格",
    "subject": "思想政治", "certificate_number": "20175419541538294",
    "issuing_authority": "西藏自治区教育厅", "issue_date": "2017年07月03日",
}  # fmt: skip
READ = "20175419541588294"  # …588294: what the upscaled views read; the print says …538294
PAGE = "20175419541838294"  # the page reading: 3 at digit 13, sure of it


def _page() -> Reading:
    return doubting(PAGE, 0.917, {
        11: (("8", 0.505), ("5", 0.477), ("6", 0.009)),
        12: (("3", 0.889), ("1", 0.045), (":", 0.014), ("5", 0.008), ("8", 0.004)),
        13: (("8", 0.542), ("3", 0.45)),
        16: (("4", 0.706), ("1", 0.285)),
    })  # fmt: skip


def _upscaled(score: float, three: float) -> Reading:
    """A view reading 8 at digit 13, sure of it, but offering the page reading's 3."""
    return doubting(READ, score, {12: (("8", 1.0 - three), ("3", three))})


def _decode(readings: list[Reading], third: Reading) -> Value:
    texts = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in BOOKLET.items()}
    views = {"certificate_number": lambda: third}
    return decode({**texts, "certificate_number": readings}, TODAY, third=views)[
        "certificate_number"
    ]


def test_views_that_offer_the_dissenting_digit_do_not_overrule_it() -> None:
    readings = [_page(), _upscaled(0.9991, 0.0082), _upscaled(0.9990, 0.0085)]
    cert = _decode(readings, _upscaled(0.9995, 0.0061))
    assert cert.blocking
    assert "view_checked" not in codes(cert) and "unconfirmed" in codes(cert)
    flagged = next(f for f in cert.findings if f.code == "unconfirmed")
    assert 13 in flagged.evidence["positions"]


def test_views_that_rule_the_dissenting_digit_out_overrule_it() -> None:
    # The same dissent, but no view of the value gives 3 any chance at digit 13: the page
    # reading's 3 is its own slip (as on sharp print), and the third view settles it.
    readings = [_page(), doubting(READ, 0.9991, {}), doubting(READ, 0.9990, {})]
    cert = _decode(readings, doubting(READ, 0.9995, {}))
    assert accepted(cert, READ) and "view_checked" in codes(cert)


def test_a_third_view_offering_the_digit_alone_keeps_the_dissent() -> None:
    readings = [_page(), doubting(READ, 0.9991, {}), doubting(READ, 0.9990, {})]
    cert = _decode(readings, _upscaled(0.9995, 0.002))
    assert cert.blocking and "view_checked" not in codes(cert)
