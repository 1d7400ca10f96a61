"""An unlisted subject that may be the seal's lettering, read where the seal hides the value
(夏 for 科学 under the seal of 临夏县教育和科技局, read twice alike): flagged, never taken on two
agreeing reads. Hand-built readings, no OCR."""

from __future__ import annotations

from tests.scanning.test_decode import accepted, flagged, run


def test_a_one_character_subject_from_the_seals_lettering_is_flagged() -> None:
    out = run(subject="夏", qualification_type=None, issuing_authority="临夏县教育和科技局")
    v = out["subject"]
    assert v.value == "夏" and flagged(v) and "unconfirmed" in [f.code for f in v.findings]


def test_an_unlisted_subject_made_of_the_authoritys_characters_is_flagged() -> None:
    assert flagged(run(subject="临夏", issuing_authority="临夏县教育和科技局")["subject"])


def test_a_one_character_subject_is_flagged_whatever_the_seal() -> None:
    assert flagged(run(subject="夏", issuing_authority=None)["subject"])


def test_an_unlisted_subject_of_other_characters_is_still_taken_on_two_reads() -> None:
    assert accepted(run(subject="书法", issuing_authority="临夏县教育和科技局")["subject"], "书法")


def test_an_unlisted_subject_ending_in_the_seals_place_name_is_flagged() -> None:
    # 钳工 printed, the seal of 牡丹江市教育局 over its end: two reads caught 江市 alike
    v = run(subject="钳工江市", issuing_authority="牡丹江市教育局")["subject"]
    assert v.value == "钳工江市" and flagged(v)
    assert any("江市" in f.message for f in v.findings if f.code == "unconfirmed")


def test_an_unlisted_subject_the_seal_does_not_end_is_still_taken() -> None:
    # a place-like end the authority does not hold
    assert accepted(run(subject="钳工江市", issuing_authority="临夏县教育和科技局")["subject"],
                    "钳工江市")
