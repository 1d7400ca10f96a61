"""A name whose crop settles one doubted place but not another (向姝湉 read 向姝潜 / 向妹潜: 湉
clear, 姝 / 妹 not) is shown with the place it settles, when that makes one of the decoder's
candidates, and stays flagged for the rest."""

from __future__ import annotations

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from scanning import _name_partial as partial
from scanning._validate import Value
from tests.scanning._fonts import needs_serif, serif_name_crop

needs_face = needs_serif
PLACES = [{"向"}, {"姝", "妹"}, {"潜", "湉", "活"}]


def _row(text: str) -> list[glyphs.Cell]:
    return glyphs.cells(glyphs.ink_of(serif_name_crop(text)))


@needs_face
def test_a_place_the_crop_settles_on_its_own_is_shown_as_printed() -> None:
    row = _row("向姝湉")
    name, detail = partial.clearer(row, PLACES, "向姝潜", ["向姝潜", "向姝湉", "向妹潜"])
    assert name == "向姝湉" and detail
    # Only a name the decoder made: the crop alone never writes one.
    assert partial.clearer(row, PLACES, "向姝潜", ["向姝潜", "向妹潜"]) == ("", "")


@needs_face
def test_a_print_as_read_changes_nothing() -> None:
    assert partial.clearer(_row("向姝潜"), PLACES, "向姝潜", ["向姝潜", "向姝湉"]) == ("", "")


def test_the_name_shown_stays_flagged(monkeypatch) -> None:
    def judge(row, places):  # the crop tells 湉 on its own, never 姝 from 妹
        if len(places[1]) > 1:
            return glyphs.Verdict({}, "close")
        return glyphs.Verdict({2: "湉"}, "", "2:湉 clear")

    monkeypatch.setattr(glyphs, "judge", judge)
    flagged = Value("向姝潜", 0.5, [Finding("ambiguous", "name", "多个候选", "warning")])
    v = evidence._partly(flagged, [], PLACES, ["向姝潜", "向姝湉", "向妹潜"])
    assert v.value == "向姝湉" and v.blocking
