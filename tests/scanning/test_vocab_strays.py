"""A vocabulary entry read with stray characters at its ends (hand-built readings, no OCR).
The raw read is wrong (信息技术市: the seal's 市 after 信息技术) and the rule snaps it, recorded
as a correction; where two entries fit, or the extra could be seal lettering or a real value,
the field is flagged instead. A real unlisted value (生物学) is kept. Authorities, which have
no free fallback, are flagged for the same class; a qualification type holds a whole form."""

from __future__ import annotations

from scanning import _vocab
from scanning import _vocab_strays as strays
from scanning._ocr import Reading
from tests.scanning.test_decode import accepted, corrected, flagged, run


def _thrice(text: str) -> list[Reading]:
    return [Reading(text, 0.99), Reading(text, 0.98), Reading(text, 0.98)]


def test_seal_character_after_a_subject_is_cut_and_recorded_as_a_correction() -> None:
    # All three readings agree on 信息技术市 (seed 858585, 0023): agreement is no proof here.
    out = run(subject=_thrice("信息技术市"))  # the authority read is 武汉市教育局
    assert corrected(out["subject"], "信息技术")
    note = next(f for f in out["subject"].findings if f.code == "corrected")
    assert note.evidence["rule"] == strays.RULE_SNAP and note.evidence["read"] == "信息技术市"


def test_seal_character_before_a_subject_is_cut() -> None:
    assert strays.snap("区思想政治", _vocab.SUBJECTS, "海淀区教育委员会") == "思想政治"
    assert strays.snap("思想政治区", _vocab.SUBJECTS, "海淀区教育委员会") == "思想政治"


def test_two_entries_fit_and_the_subject_is_flagged() -> None:
    # 学前教育 or 学前 (or 学前教育专业 with its last character lost): no rule settles it.
    out = run(subject=_thrice("学前教育专"))
    assert flagged(out["subject"]) and out["subject"].value == "学前教育专"
    warning = next(f for f in out["subject"].findings if f.code == "unconfirmed")
    assert warning.evidence["candidates"] == ["学前教育", "学前"]


def test_unlisted_subject_whose_extra_nothing_stray_explains_is_kept() -> None:
    # 生物学, 历史与社会: real subjects outside the list; 学 and 与 are in no seal or label.
    assert accepted(run(subject=_thrice("生物学"))["subject"], "生物学")
    assert accepted(run(subject=_thrice("历史与社会"))["subject"], "历史与社会")


def test_seal_run_with_characters_of_its_own_is_flagged_not_snapped() -> None:
    # 体育 + 市长沙县新司: the run starts with seal lettering, but 新司 is no seal character.
    out = run(subject=_thrice("体育市长沙县新司"))
    assert flagged(out["subject"]) and out["subject"].value == "体育市长沙县新司"


def test_extra_characters_an_entry_could_go_on_with_are_not_snapped() -> None:
    # 教育 is in the seal (武汉市教育局) but also goes on subjects (特殊教育): 美术教育 may be real.
    out = run(subject=_thrice("美术教育"))
    assert flagged(out["subject"]) and out["subject"].value == "美术教育"


def test_seal_character_with_no_authority_read_is_flagged() -> None:
    # Every seal names a level (市), but with no authority read nothing proves this one did.
    out = run(subject=_thrice("信息技术市"), issuing_authority=None)
    assert flagged(out["subject"]) and out["subject"].value == "信息技术市"


def test_listed_and_unrelated_unlisted_subjects_are_untouched() -> None:
    assert accepted(run(subject=_thrice("信息技术"))["subject"], "信息技术")
    assert accepted(run(subject="临床医学")["subject"], "临床医学")


def test_authority_with_a_stray_character_is_flagged() -> None:
    # A closed list with no free fallback: a read outside it is never taken as is.
    out = run(issuing_authority=_thrice("武汉市教育局市"))
    assert flagged(out["issuing_authority"])


def test_type_with_a_stray_character_after_it_is_the_form_it_holds() -> None:
    # The seven forms are far apart: a whole form read with one character after it is that
    # form, recorded as a correction; the certificate number's type digit checks it.
    out = run(qualification_type=_thrice("高级中学教师资格市"))
    assert corrected(out["qualification_type"], "高级中学教师资格")
