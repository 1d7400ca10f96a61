"""Evidence that settles a doubt (hand-built readings, no OCR): the surname and given-name lists,
the registry's authorities and codes, a date box that caught seal lettering, a subject that
caught its neighbour's label. Each rule in both directions: the raw read is doubtful or wrong
and the rule settles it, and the matching case where a real rival remains is still flagged."""

from __future__ import annotations

from scanning import _vocab_glyphs as glyphs
from scanning import _vocab_names as names
from scanning._decide import decode
from scanning._ocr import Reading
from scanning._rulesets import cut_date_tail
from scanning._vocab_registry import KnownAuthority, known_from
from tests.scanning._views import views
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import (
    CERT,
    TODAY,
    TRUTH,
    accepted,
    codes,
    expected,
    flagged,
    run,
)


def _name(text: str, rivals: dict[int, tuple[str, float]]) -> dict[str, object]:
    r = sure(text, rivals)
    return {"name": views(r, 3)}


# -- names: a runner-up no name would hold is no doubt ---------------------------------------
def test_rare_given_character_whose_runner_up_no_name_uses_is_accepted() -> None:
    # 翀 read alike thrice; the engine's runner-up 肿 (swelling, 10 %) is no name character.
    out = run(**_name("许琦翀", {2: ("肿", 0.1)}))
    assert accepted(out["name"], "许琦翀")


def test_rare_given_character_with_a_name_character_runner_up_is_flagged() -> None:
    # 钟 at 30 % is a name character (and a surname): a real rival, even weighed down as a
    # common character beside a rare read one (see test_name_prior).
    out = run(**_name("许琦翀", {2: ("钟", 0.3)}))
    assert flagged(out["name"]) and "unconfirmed" in codes(out["name"])


def test_common_character_read_with_a_rare_runner_up_is_flagged() -> None:
    # 湉 is rare (outside GB 2312 level 1): it may be a rare name character misread as 活.
    out = run(**_name("顾活子", {1: ("湉", 0.1)}))
    assert flagged(out["name"])


def test_rare_runner_up_of_a_common_character_weighs_more() -> None:
    # 森 read at 98 %, 淼 (rare) offered at 2 %: a recogniser holds rare characters down.
    out = run(**_name("陈华森", {2: ("淼", 0.02)}))
    assert flagged(out["name"])
    assert accepted(run(**_name("陈华森", {2: ("杂", 0.02)}))["name"], "陈华森")


def test_surname_runner_up_that_is_no_surname_is_accepted() -> None:
    out = run(**_name("蔡鹏杰", {0: ("祭", 0.12)}))  # 祭 is no surname
    assert accepted(out["name"], "蔡鹏杰")


def test_surname_runner_up_that_is_a_surname_is_flagged() -> None:
    out = run(**_name("蔡鹏杰", {0: ("黎", 0.12)}))  # 黎 is a surname too
    assert flagged(out["name"])


def test_runner_up_that_is_no_chinese_character_is_no_doubt() -> None:
    out = run(**_name("张三", {1: ("=", 0.15)}))
    assert accepted(out["name"], "张三")


def test_surname_outside_the_list_is_flagged_even_read_surely() -> None:
    out = run(**_name("褶建远", {}))  # 禤建远 misread: 褶 is no surname
    assert flagged(out["name"]) and "姓氏" in out["name"].findings[0].message


def test_rare_surname_read_surely_that_looks_like_a_common_one_is_flagged() -> None:
    # 昌 read at 99.9 % thrice on a booklet that said 吕 (a phone photo).
    out = run(**_name("昌佳", {}))
    assert flagged(out["name"]) and "吕" in out["name"].findings[0].message
    assert accepted(run(**_name("吕佳", {}))["name"], "吕佳")  # the common one stands
    assert accepted(run(**_name("岑佳", {}))["name"], "岑佳")  # rare, like no common one


def test_name_that_reads_as_a_given_name_alone_is_flagged() -> None:
    # 魏海婷's box lost 魏: 海 is a (rare) surname but far more often a given-name character.
    out = run(**_name("海婷", {}))
    assert flagged(out["name"]) and "漏识" in out["name"].findings[0].message
    assert accepted(run(**_name("魏海婷", {}))["name"], "魏海婷")
    assert accepted(run(**_name("岑海", {}))["name"], "岑海")  # 岑: rare, in no given name
    assert accepted(run(**_name("海明远", {}))["name"], "海明远")  # three characters: whole


def test_compound_surname_is_known() -> None:
    assert names.surname_length("欧阳明月") == 2 and names.surname_length("欧明") == 1
    assert names.weight("欧阳明月", 1, "杨") == 1.0  # 欧 + 杨明月: a single surname still
    assert names.weight("张三", 0, "涨") == 0.0


# -- the registry's authorities ---------------------------------------------------------------
REGISTERED = known_from([("东湖新技术开发区教育局", "42117"), ("武汉市教育局", "42001")])


def test_registry_authority_outside_the_place_chains_is_valid() -> None:
    name = "东湖新技术开发区教育局"
    assert flagged(run(issuing_authority=name)["issuing_authority"])  # no GB/T 2260 chain
    out = decode(_readings(issuing_authority=name, certificate_number=_cert("117")), TODAY,
                 REGISTERED)
    assert accepted(out["issuing_authority"], name)


def test_registry_authority_misread_one_character_is_snapped() -> None:
    read = Reading("东湖新技木开发区教育局", 0.97,
                   tuple(((c, 0.9), ("术", 0.08)) if c == "木" else ((c, 0.99),)
                         for c in "东湖新技木开发区教育局"))
    out = decode(_readings(issuing_authority=read, certificate_number=_cert("117")), TODAY,
                 REGISTERED)
    assert accepted(out["issuing_authority"], "东湖新技术开发区教育局")
    assert "corrected" in codes(out["issuing_authority"])


def test_two_registry_names_one_character_apart_are_flagged() -> None:
    known = known_from([("东湖新区教育局", "42117"), ("西湖新区教育局", "42118")])
    out = decode(_readings(issuing_authority="一湖新区教育局"), TODAY, known)
    assert flagged(out["issuing_authority"])


def test_registry_code_proves_the_number_s_authority_digits() -> None:
    # Digit 9 (the authority code's last) read 1 by the page, 7 surely twice: a reading
    # disputes the free part, unless the registry's code for the authority proves it.
    number = CERT[:8] + "1" + CERT[9:]  # 2015 42 001 → authority code 001 is the registry's
    doubtful = Reading(CERT[:8] + "7" + CERT[9:], 0.97, tuple(
        (("7", 0.67), ("1", 0.2)) if i == 8 else ((c, 0.999),) for i, c in enumerate(number)))
    readings = [doubtful, Reading(number, 0.99), Reading(number, 0.99)]
    without = decode(_readings(certificate_number=readings), TODAY)
    assert flagged(without["certificate_number"])
    out = decode(_readings(certificate_number=readings), TODAY, REGISTERED)
    assert accepted(out["certificate_number"], number)


def test_registry_code_does_not_prove_the_serial() -> None:
    doubtful = sure(CERT, {14: ("8", 0.3)})
    out = decode(_readings(certificate_number=[doubtful, doubtful]), TODAY, REGISTERED)
    assert flagged(out["certificate_number"])


def test_known_from_keeps_names_and_five_digit_codes() -> None:
    known = known_from([("甲县教育局", "12345"), ("乙县教育局", "x"), ("", "11111")])
    assert known == {KnownAuthority("甲县教育局", "12345"), KnownAuthority("乙县教育局", "")}


# -- dates and subjects -----------------------------------------------------------------------
def test_issue_date_box_with_seal_lettering_after_the_day_is_read() -> None:
    out = run(issue_date="2015年07月01日用章")
    assert accepted(out["issue_date"], expected("issue_date"))


def test_issue_date_box_with_its_label_s_last_character_before_the_year_is_read() -> None:
    out = run(issue_date="期2015年07月01日")
    assert accepted(out["issue_date"], expected("issue_date"))


def test_date_head_before_a_short_year_is_not_cut() -> None:
    # 期 may be a misread digit of the year: the reading is left whole for the rules.
    assert cut_date_tail(Reading("期015年07月01日", 0.9)).text == "期015年07月01日"
    assert cut_date_tail(Reading("期2015年07月01日", 0.9)).text == "2015年07月01日"


def test_dotted_issue_date_with_seal_lettering_is_read() -> None:
    out = run(issue_date="2015.07.01专用章")
    assert accepted(out["issue_date"], expected("issue_date"))


def test_date_tail_holding_a_digit_is_not_cut() -> None:
    out = run(issue_date="2015年07月01日5")
    assert flagged(out["issue_date"])


def test_unlisted_subject_ending_in_a_neighbouring_label_is_flagged() -> None:
    out = run(subject="临床医学教")
    assert flagged(out["subject"])


def test_unlisted_subject_read_twice_is_still_kept() -> None:
    assert accepted(run(subject="临床医学")["subject"], "临床医学")


def alts_at(text: str, i: int, options: tuple[tuple[str, float], ...]) -> Reading:
    return Reading(text, 0.97, tuple(options if k == i else ((c, 0.999),)
                                     for k, c in enumerate(text)))


def _cert(code: str) -> str:
    return CERT[:4] + "42" + code + CERT[9:]


def _readings(**fields: object) -> dict[str, list[Reading]]:
    out: dict[str, list[Reading]] = {}
    for key, text in {**TRUTH, **fields}.items():
        if isinstance(text, list):
            out[key] = text
        elif isinstance(text, Reading):
            out[key] = [text, text]
        else:
            out[key] = [Reading(str(text), 0.98), Reading(str(text), 0.97)]
    return out


# -- authority snaps by glyph shape, without the engine's alternatives ------------------------
def test_authority_suffix_misread_without_alternatives_snapped_by_shape() -> None:
    # 弯 looks like 育 (教育局), not like 体 (教体局): one look-alike entry.
    out = run(issuing_authority="武汉市教弯局")
    assert accepted(out["issuing_authority"], "武汉市教育局")
    assert "corrected" in codes(out["issuing_authority"])


def test_shape_does_not_outvote_the_engine_s_own_runner_up() -> None:
    # 峰 read, 峄 offered at 5 %: 枣庄市峄城区, although 薛 (薛城区, also in 枣庄市) is dense
    # enough to look a little like 峰 too.
    read = alts_at("枣庄市峰城区教育局", 3, (("峰", 0.95), ("峄", 0.05)))
    out = run(issuing_authority=read, certificate_number=CERT[:4] + "37" + CERT[6:])
    assert accepted(out["issuing_authority"], "枣庄市峄城区教育局")


def test_authority_misread_like_two_entries_is_flagged() -> None:
    # 昙 looks like both 县 and 具: two registered names fit, neither is chosen.
    known = known_from([("甲县教育局", ""), ("甲具教育局", "")])
    out = decode(_readings(issuing_authority="甲昙教育局"), TODAY, known)
    assert flagged(out["issuing_authority"])
    one = decode(_readings(issuing_authority="甲昙教育局"), TODAY, known_from([("甲县教育局", "")]))
    assert accepted(one["issuing_authority"], "甲县教育局")


def test_glyph_similarity_orders_look_alikes() -> None:
    assert glyphs.misread_p("弯", "育") == glyphs.P_SIMILAR
    assert glyphs.misread_p("弯", "体") is None
    assert glyphs.misread_p("1", "7") is None


def test_authority_whose_last_character_no_reading_saw_is_only_suggested() -> None:
    # 莲都区教育机: the 机 may be a misread 局 or the start of a longer office (教育和体育局, the
    # print ran on past the crop): the snap to 莲都区教育局 is shown but flagged.
    reads = [Reading("上国市区教育商所", 0.6), Reading("莲都区教育机", 0.95),
             Reading("莲都区教育机", 0.94)]
    zhejiang = CERT[:4] + "33" + CERT[6:]
    v = run(issuing_authority=reads, certificate_number=zhejiang)["issuing_authority"]
    assert v.value == "莲都区教育局" and flagged(v) and "suggested" in codes(v)
    assert "莲都区教育体育局" in next(f for f in v.findings if f.code == "suggested").message


def test_authority_whose_last_character_was_offered_is_still_corrected() -> None:
    read = alts_at("武汉市教育机", 5, (("机", 0.6), ("局", 0.3)))
    out = run(issuing_authority=read)
    assert accepted(out["issuing_authority"], "武汉市教育局")


def test_authority_whose_last_character_was_a_faint_runner_up_is_only_suggested() -> None:
    # The engine saw 机, then 和 (教育和体育局) and only faintly 局: no read saw the end.
    read = alts_at("武汉市教育机", 5, (("机", 0.27), ("和", 0.19), ("局", 0.05)))
    v = run(issuing_authority=[read, read])["issuing_authority"]
    assert v.value == "武汉市教育局" and flagged(v) and "suggested" in codes(v)
