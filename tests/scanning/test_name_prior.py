"""A rare given-name character read over a common one the engine offered (赟 over 赞): the
recogniser's language prior holds rare characters down, so winning against it is evidence, and
the common runner-up's probability counts 1 / COMMON_DISCOUNT as doubt (``_vocab_names.weight``)."""

from __future__ import annotations

from scanning import _vocab_names as names
from tests.scanning._views import views
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import accepted, codes, flagged, run


def _thrice(text: str, rivals: dict[int, tuple[str, float]]) -> dict[str, object]:
    r = sure(text, rivals)
    return {"name": views(r, 3)}


def test_common_runner_up_of_a_rare_given_character_weighs_less() -> None:
    assert names.weight("彭宇赟", 2, "赞") == 1.0 / names.COMMON_DISCOUNT
    assert names.weight("彭宇赞", 2, "赟") == names.RARE_WEIGHT  # the other way, as before
    assert names.weight("彭宇军", 2, "赞") == 1.0  # both common: the engine's doubt as is


def test_rare_given_character_read_thrice_over_a_common_runner_up_is_accepted() -> None:
    # 赟 read alike thrice, 赞 offered at 14 %: the raw doubt stops confirmation, the prior
    # that held 赟 down says the doubt is smaller than it looks.
    out = run(**_thrice("彭宇赟", {2: ("赞", 0.14)}))
    assert accepted(out["name"], "彭宇赟")


def test_common_runner_up_near_even_still_leaves_a_rare_given_character_in_doubt() -> None:
    out = run(**_thrice("彭宇赟", {2: ("赞", 0.4)}))
    assert flagged(out["name"]) and "unconfirmed" in codes(out["name"])


def test_readings_that_read_the_common_and_the_rare_character_are_flagged() -> None:
    # Two candidates fit: one reading says 赞 (with 赟 as its runner-up), two say 赟.
    rare, plain = sure("彭宇赟", {2: ("赞", 0.1)}), sure("彭宇赞", {2: ("赟", 0.3)})
    out = run(name=[plain, rare, rare])
    assert flagged(out["name"])


def test_rare_surname_read_over_a_common_surname_keeps_its_doubt() -> None:
    # At the surname the prior is not used: 佘 read for 余 is a misread the list cannot tell.
    assert names.weight("佘建平", 0, "余") == 1.0
    out = run(**_thrice("佘建平", {0: ("余", 0.14)}))
    assert flagged(out["name"])


def test_a_faint_rare_rival_in_every_reading_of_a_common_read_character_is_doubt() -> None:
    # A blurred phone photo of 尹赜: three readings all said 颐 (common) at 95-98 %, each
    # offering 赜 (rare) at 0.6-0.8 %. Weighed five times that passed as sure; the prior holds
    # the rarest characters down the most, so it is doubt enough to ask a person.
    out = run(**_thrice("尹颐", {1: ("赜", 0.006)}))
    assert flagged(out["name"]) and "unconfirmed" in codes(out["name"])
    assert names.weight("尹颐", 1, "赜") == names.RARE_WEIGHT


def test_a_common_read_character_with_no_rare_rival_is_still_accepted() -> None:
    out = run(**_thrice("尹颐", {1: ("頤", 0.006)}))  # its own traditional form: no rival
    assert accepted(out["name"], "尹颐")
