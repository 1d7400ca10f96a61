"""The certificate group when no combination satisfies every rule, authorities whose place lies
in several provinces, 教育厅 only after a province, and an authority that lost its first
characters (hand-built readings, no OCR; see ``test_decode`` for the clean record).

The regression: a greyscale booklet of 江西省教育厅 read 西省教育 / 西省教育屋 / 西省教育屋 was
accepted as 西区教育厅 (a county-level place of provinces 43 and 51, with the province's suffix),
though the number's province digits are 36."""

from __future__ import annotations

from datetime import date

from core.rules import Finding
from scanning import _decide, _places, _vocab
from scanning import _rulesets as rs
from scanning import _vocab_registry as reg
from scanning._decide import decode
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning.test_decode import accepted, codes, flagged, run

TODAY = date(2026, 12, 4)
# The regression booklet's own values (江西 36, type 6, female, 2023).
JX = {
    "name": "孔煜骞", "gender": "女", "birth_date": "2001年07月16日",
    "id_number": "361123200107163424", "qualification_type": "中等职业学校实习指导教师资格",
    "subject": "化学", "certificate_number": "20233669962341227",
    "issuing_authority": "江西省教育厅", "issue_date": "2023年08月29日",
}


def _jx(**fields: object) -> dict[str, Value]:
    readings: dict[str, list[Reading]] = {}
    for key, text in {**JX, **fields}.items():
        if isinstance(text, list):
            readings[key] = [t if isinstance(t, Reading) else Reading(t, 0.97) for t in text]
        else:
            readings[key] = [Reading(str(text), 0.98), Reading(str(text), 0.97)]
    return decode(readings, TODAY)


def _blocked(out: dict[str, Value]) -> bool:
    return any(v.blocking for v in out.values())


# -- the regression: never accepted as another authority --------------------------------------
def test_authority_that_lost_its_first_character_is_never_accepted_wrong() -> None:
    out = _jx(issuing_authority=["西省教育", "西省教育屋", "西省教育屋"])
    authority = out["issuing_authority"]
    assert authority.value == "江西省教育厅" or authority.blocking
    assert authority.value != "西区教育厅"


def test_authority_tail_restored_by_the_number_s_province() -> None:
    # 江 lost and 厅 misread: of the provinces ending in 西省 (山西 14, 江西 36, 陕西 61) only
    # the number's 36 fits, and the number's province digits were read alike and surely.
    out = _jx(issuing_authority=["西省教育", "西省教育屋", "西省教育屋"])
    assert accepted(out["issuing_authority"], "江西省教育厅")
    assert "corrected" in codes(out["issuing_authority"])
    assert not _blocked(out)


def test_authority_tail_with_two_provinces_that_fit_is_flagged() -> None:
    # 南省: 河南 41, 湖南 43, 海南 46, 云南 53 — a number of province 36 fits none of them; the
    # record goes to a person (no silent 南区 or 南省 guess).
    out = _jx(issuing_authority=["南省教育", "南省教育屋"])
    assert flagged(out["issuing_authority"]) or _blocked(out)
    assert out["issuing_authority"].value not in {"湖南省教育厅", "河南省教育厅"} or (
        out["issuing_authority"].blocking)


def test_authority_tail_not_restored_when_the_province_digits_are_in_doubt() -> None:
    # The number's readings disagree at its province digits: nothing proves 江西.
    other = JX["certificate_number"][:4] + "14" + JX["certificate_number"][6:]
    out = _jx(issuing_authority=["西省教育", "西省教育屋"],
              certificate_number=[JX["certificate_number"], other])
    assert _blocked(out)
    assert out["issuing_authority"].value != "江西省教育厅" or out["issuing_authority"].blocking


# -- a group with no combination that satisfies every rule never passes silently ------------
def test_unsolved_certificate_group_flags_a_field_naming_the_rule() -> None:
    # Each field, decided alone, looked sure; the values shown break the province rule.
    out = _shown(issuing_authority="西区教育局")
    _decide._unsolved(out, _decide.GROUP_CERT, reg.NONE)
    assert out["certificate_number"].blocking
    finding = next(f for f in out["certificate_number"].findings if f.blocking)
    assert finding.code == "unsolved"
    assert rs.PROVINCE_RULE in str(finding.evidence["rule"])


def test_unsolved_group_without_a_checkable_rule_is_still_flagged() -> None:
    # Nothing the shown values break can be named (the authority is not in the vocabulary):
    # the group's rules are named as a whole.
    out = _shown(issuing_authority="某某教育局")
    _decide._unsolved(out, _decide.GROUP_CERT, reg.NONE)
    assert out["certificate_number"].blocking
    assert "证书号码" in str(out["certificate_number"].findings[-1].evidence["rule"])


def test_unsolved_group_already_flagged_gets_no_second_finding() -> None:
    out = _shown(issuing_authority="西区教育局")
    out["issuing_authority"].fail(Finding("ambiguous", "issuing_authority", "x", "warning"))
    _decide._unsolved(out, _decide.GROUP_CERT, reg.NONE)
    assert not out["certificate_number"].findings


def _shown(**values: str) -> dict[str, Value]:
    shown = {**JX, "birth_date": "2001-07-16", "issue_date": "2023-08-29", **values}
    return {k: Value(v, 0.95) for k, v in shown.items()}


# -- an authority whose place lies in several provinces ----------------------------------------
def test_province_check_with_a_place_in_two_provinces() -> None:
    assert _vocab.authority_provinces("西区教育局") >= {"43", "51"} or len(
        _vocab.authority_provinces("西区教育局")) >= 2
    V = Value
    out = {k: V(None, 0.0) for k in ("id_number", "gender", "birth_date", "qualification_type",
                                     "issue_date")}
    out["certificate_number"] = V(JX["certificate_number"], 0.95)
    out["issuing_authority"] = V("西区教育局", 0.95)
    rs.cross_findings(out, TODAY)
    assert "cert_province_mismatch" in codes(out["issuing_authority"])
    assert out["issuing_authority"].blocking
    agreeing = {**out, "certificate_number": V("20234369962341227", 0.95),
                "issuing_authority": V("西区教育局", 0.95)}
    rs.cross_findings(agreeing, TODAY)
    assert not agreeing["issuing_authority"].blocking


# -- 教育厅 is a province's department ---------------------------------------------------------
def test_education_department_only_after_a_province() -> None:
    assert _vocab.is_authority("江西省教育厅")
    assert _vocab.is_authority("新疆维吾尔自治区教育厅")
    assert not _vocab.is_authority("西区教育厅")  # a county-level district
    assert not _vocab.is_authority("武汉市教育厅")  # a prefecture
    assert not _vocab.is_authority("北京市教育厅")  # a municipality has a 教育委员会
    assert _vocab.is_authority("北京市教育委员会")
    assert _vocab.is_authority("北京市海淀区教育委员会")
    assert _vocab.is_authority("武汉市教育局")
    assert not _vocab.is_authority("江西省教育局")  # a province has no 教育局
    assert "西区教育厅" not in _vocab.near_authorities("西区教育屋")
    assert not _places.known_authority("西区教育厅")


def test_county_read_with_the_province_suffix_is_not_snapped_to_it() -> None:
    # 武昌区教育厅: the place is a district, so the suffix is a misread of 局.
    out = run(issuing_authority="武汉市教育厅")
    assert accepted(out["issuing_authority"], "武汉市教育局")


def test_authority_tail_whose_suffix_end_is_lost_everywhere_is_flagged() -> None:
    # 西省教育 twice: 江西省教育厅 or 江西省教育委员会 — no reading shows which suffix it was.
    out = _jx(issuing_authority=["西省教育", "西省教育"])
    assert flagged(out["issuing_authority"]) or _blocked(out)
    assert not accepted(out["issuing_authority"], "江西省教育厅")


def _read(text: str, score: float, alts: dict[int, tuple[tuple[str, float], ...]]) -> Reading:
    return Reading(text, score, tuple(alts.get(i, ((ch, 0.999),)) for i, ch in enumerate(text)))


def test_the_kept_greyscale_booklet_is_never_accepted_as_another_authority() -> None:
    # The three readings of the kept run, with the engine's alternatives as it gave them.
    readings = [
        _read("西省教育", 0.994, {0: (("西", 0.958),)}),
        _read("西省教育屋", 0.915, {0: (("西", 0.824), (" ", 0.0105), ("四", 0.0036)),
                                    4: (("屋", 0.412), ("居", 0.189), ("属", 0.138),
                                        ("厅", 0.0635), ("层", 0.036))}),
        _read("西省教育屋", 0.913, {0: (("西", 0.824), (" ", 0.0106), ("四", 0.0038)),
                                    4: (("屋", 0.395), ("居", 0.194), ("属", 0.140),
                                        ("厅", 0.072), ("层", 0.036))}),
    ]
    out = _jx(issuing_authority=readings)
    authority = out["issuing_authority"]
    assert authority.value != "西区教育厅"
    assert authority.value == "江西省教育厅" or authority.blocking


# -- what a neighbour added to the authority's reading ---------------------------------------
def _province(code: str) -> str:
    return JX["certificate_number"][:4] + code + JX["certificate_number"][6:]


def test_authority_with_a_stray_character_before_it_is_corrected() -> None:
    # 教 (the label's last character) read before the name: 广东 44 agrees with the number.
    out = _jx(issuing_authority="教广东省教育厅", certificate_number=_province("44"))
    assert accepted(out["issuing_authority"], "广东省教育厅")
    assert "corrected" in codes(out["issuing_authority"])


def test_a_division_end_before_the_name_is_a_lost_province_not_a_stray() -> None:
    # 省 read before 杭州东教育局: the print was 浙江省杭州市教育局 with 浙江 lost, so the
    # name without 省 (杭州市教育局) is not what the booklet prints
    read = _read("省杭州东教育局", 0.95, {3: (("东", 0.62), ("市", 0.31))})
    out = _jx(issuing_authority=[read, read], certificate_number=_province("33"))
    assert not accepted(out["issuing_authority"], "杭州市教育局")
    assert _blocked(out)


def test_authority_with_a_stray_character_and_another_province_is_flagged() -> None:
    out = _jx(issuing_authority="教广东省教育厅", certificate_number=_province("36"))
    assert _blocked(out)
    assert not accepted(out["issuing_authority"], "广东省教育厅")


def test_authority_run_on_into_the_seal_lettering_is_cut_and_corrected() -> None:
    readings = ["吉林省教育序用章", "吉林省教育用章", "吉林省教育用章"]
    out = _jx(issuing_authority=readings, certificate_number=_province("22"))
    assert accepted(out["issuing_authority"], "吉林省教育厅")


def test_authority_run_on_into_the_seal_lettering_of_another_province_is_flagged() -> None:
    readings = ["吉林省教育序用章", "吉林省教育用章", "吉林省教育用章"]
    out = _jx(issuing_authority=readings, certificate_number=_province("36"))
    assert _blocked(out)
    assert not accepted(out["issuing_authority"], "吉林省教育厅")


# -- a registration sticker's authority follows the same suffix levels ------------------------
def _sticker_authority(name: str) -> tuple[object, list[tuple[str, str, str]]]:
    from scanning._ocr import Line
    from scanning._sticker_read import _one_sticker

    rows = ["注册结论：注册合格", "有效期：2016.09.01至2021.08.31", f"注册机关：{name}",
            "注册日期：2016年8月20日"]
    lines = [Line(t, 0.98, (100, 300 + 40 * k, 500, 330 + 40 * k)) for k, t in enumerate(rows)]
    got = _one_sticker(0)(lines)
    assert got is not None
    entry, found = got
    return entry["authority"], [(f.code, f.field, f.severity) for f in found]


def test_sticker_province_suffix_misread_is_snapped_to_its_department() -> None:
    # 教育汤: 教育局 or 教育厅 by shape, but a province (autonomous region) has no 教育局.
    name, found = _sticker_authority("广西壮族自治区教育汤")
    assert name == "广西壮族自治区教育厅"
    assert ("corrected_authority", "registrations[0].authority", "note") in found


def test_sticker_authority_near_two_places_is_still_flagged() -> None:
    # 泸出县: 泸定县, 泸水县, 泸溪县 … are all one character away.
    name, found = _sticker_authority("泸出县教育局")
    assert found == [("authority_ambiguous", "registrations[0].authority", "warning")]


def test_sticker_authority_read_cut_short_is_not_snapped_to_a_shorter_name() -> None:
    # 武定具教育体 is two slips from 武定县教育局, but one from the start of 武定县教育体育局:
    # the read may be cut short, so neither is chosen.
    name, found = _sticker_authority("武定具教育体")
    assert name == "武定具教育体"
    assert found == [("authority_ambiguous", "registrations[0].authority", "warning")]
