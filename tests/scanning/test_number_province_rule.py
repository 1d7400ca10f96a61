"""A certificate number's province digits are corrected only from an authority its own
readings decide (hand-built readings, no OCR).

The regression: a booklet of 矿区教育局 (阳泉, province 14) whose authority was read 矿区教育 /
矿区教育局: every candidate of the vocabulary (东矿区…, 东区…) lies elsewhere, and the number,
read 20231437721841866 three times, was "corrected" to …1337… from that undecided authority."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from scanning import _decide_numbers as numbers
from scanning import _rulesets as rs
from scanning._decide import star
from scanning._decide_field import Field, prepare
from scanning._ocr import Reading
from scanning._validate import Value

TODAY = date(2026, 12, 4)
CERT = "20231437721841866"  # 2023, 山西 14, type 2, male


def _field(key: str, *texts: str) -> Field:
    return prepare(key, [Reading(t, 0.97) for t in texts], TODAY)


def _undecided() -> Field:
    return _field("issuing_authority", "矿区教育", "矿区教育局", "矿区教育局")


def _chosen(cert: Field, authority: Field, pair: Callable[[str, str], bool]) -> str:
    marg = star(cert, [(authority, pair)])["certificate_number"]
    return max(marg, key=lambda v: marg[v])


def test_an_authority_read_without_a_known_name_is_not_settled() -> None:
    assert not numbers.settled(_undecided())
    assert numbers.settled(_field("issuing_authority", "阳泉市矿区教育局", "阳泉市矿区教育局"))


def test_an_undecided_authority_does_not_correct_the_number_s_province() -> None:
    cert, authority = _field("certificate_number", CERT, CERT, CERT), _undecided()
    # What the rule did: the province digits moved to a candidate's province.
    assert _chosen(cert, authority, lambda c, a: rs.province_agrees(c, a)) != CERT
    assert _chosen(cert, authority, numbers.province_rule(authority, read=CERT[4:6])) == CERT
    # A number not sure of its province is still checked against the candidates.
    assert _chosen(cert, authority, numbers.province_rule(authority)) != CERT


def test_a_decided_authority_still_checks_the_province() -> None:
    authority = _field("issuing_authority", "河北省教育厅", "河北省教育厅")
    rule = numbers.province_rule(authority)
    assert not rule(CERT, "河北省教育厅")
    assert rule("20231337721841866", "河北省教育厅")


def test_an_undecided_authority_still_picks_by_a_province_its_candidates_hold() -> None:
    # Rival candidates of two provinces: the number's province picks among them, as before.
    authority = _undecided()
    inside = min(p for a in authority.options for p in rs.authority_provinces(a))
    number = CERT[:4] + inside + CERT[6:]
    rule = numbers.province_rule(authority, read=inside)
    agreeing = [a for a in authority.options if rule(number, a)]
    assert agreeing and len(agreeing) < len(authority.options)


def test_a_number_the_undecided_authority_could_not_check_is_flagged() -> None:
    v = Value(CERT, 0.95, [])
    numbers.flag_unchecked_province(v, _undecided())
    assert v.blocking and v.findings[0].code == "unconfirmed"
    assert v.findings[0].evidence["rule"] == rs.PROVINCE_RULE


def test_a_number_a_decided_authority_checks_is_not_flagged_here() -> None:
    v = Value(CERT, 0.95, [])
    numbers.flag_unchecked_province(v, _field("issuing_authority", "阳泉市矿区教育局",
                                              "阳泉市矿区教育局"))
    assert not v.findings


def test_decode_keeps_the_number_read_beside_an_undecided_authority() -> None:
    from scanning._decide import decode

    values = {
        "name": ["欧阳婷磊"] * 2, "gender": ["男"] * 2, "birth_date": ["1993年07月10日"] * 2,
        "id_number": ["360483199307101275"] * 2, "qualification_type": ["小学教师资格"] * 2,
        "subject": ["信息技术"] * 2, "certificate_number": [CERT] * 2,
        "issuing_authority": ["矿区教育", "矿区教育局", "矿区教育局"],
        "issue_date": ["2023年06月18日"] * 2,
    }
    out = decode({k: [Reading(t, 0.97) for t in v] for k, v in values.items()}, TODAY)
    number = out["certificate_number"]
    assert number.value == CERT
    assert number.blocking and "unconfirmed" in {f.code for f in number.findings}
    # The year and type digits agree with their fields: nothing conflicts with the number.
    for key in ("certificate_number", "issue_date", "qualification_type"):
        assert "conflict" not in {f.code for f in out[key].findings}, out[key].findings
