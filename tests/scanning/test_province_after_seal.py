"""A certificate number flagged because the undecided authority could not check its province
digits gives way to a note once the seal settles the authority in that province, and keeps
its flag when the settled office lies elsewhere (``_decide_numbers.province_after_seal``)."""

from __future__ import annotations

from core.rules import Finding
from scanning import _cross_rules as cross
from scanning._decide_numbers import province_after_seal
from scanning._validate import Value

CERT = "20236207052956897"  # province digits 62: 甘肃


def _values(authority: str, settled: bool = True) -> dict[str, Value]:
    waiting = Finding("unconfirmed", "certificate_number", "省份代码无法核对", "warning",
                      {"rule": cross.PROVINCE_RULE})
    cert = Value(CERT, 0.5, [waiting])
    found = (Finding("seal_authority", "issuing_authority", "印章确定", "note") if settled
             else Finding("authority_ambiguous", "issuing_authority", "未确定", "warning"))
    return {"certificate_number": cert, "issuing_authority": Value(authority, 1.0, [found])}


def test_the_seal_settled_authority_checks_the_province() -> None:
    values = _values("庆阳市教育局")
    province_after_seal(values)
    cert = values["certificate_number"]
    assert not cert.blocking and cert.confidence >= 0.9
    assert [f.code for f in cert.findings] == ["settled_reading"]


def test_an_authority_in_another_province_keeps_the_flag() -> None:
    values = _values("郑州市教育局")
    province_after_seal(values)
    assert values["certificate_number"].blocking


def test_an_authority_still_undecided_keeps_the_flag() -> None:
    values = _values("庆阳市教育局", settled=False)
    province_after_seal(values)
    assert values["certificate_number"].blocking
