"""A two-character name whose first character is a surname seldom used in given names (麦祎) is
no given name that lost its surname: it is not flagged for that."""

from __future__ import annotations

from scanning import _vocab_names as names
from tests.scanning._views import views
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import accepted, codes, flagged, run


def test_mai_is_a_surname_not_a_given_name_start() -> None:
    assert names.is_surname("麦") and not names.given_only("麦祎")
    out = run(name=views(sure("麦祎", {}), 3))
    assert accepted(out["name"], "麦祎")


def test_a_given_name_start_still_flags_a_two_character_name() -> None:
    assert names.given_only("海婷")
    out = run(name=views(sure("海婷", {}), 3))
    assert flagged(out["name"]) and "unconfirmed" in codes(out["name"])


def test_rare_character_that_makes_no_surname_weighs_as_the_engine_gave_it() -> None:
    # 昊 offered at the surname of 吴丹立 is no known surname: no prior boost of its doubt.
    assert names.weight("吴丹立", 0, "昊") == 1.0
    assert names.weight("吴丹立", 0, "郦") == names.RARE_WEIGHT  # a rare known surname
    assert names.weight("吴丹昊", 2, "淼") == 1.0  # in the given name, as before
    out = run(name=views(sure("吴丹立", {0: ("昊", 0.012)}), 3))
    assert accepted(out["name"], "吴丹立")


def test_a_rare_surname_offered_beside_a_common_one_keeps_its_weight() -> None:
    out = run(name=views(sure("吴丹立", {0: ("郦", 0.012)}), 3))
    assert flagged(out["name"])
