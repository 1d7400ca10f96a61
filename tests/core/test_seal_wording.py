"""The seal wording the scanner recognises stray lettering by is the domain's, defined once."""

from __future__ import annotations

from core.rules import (
    AUTHORITY_SUFFIXES,
    CERTIFYING_SEAL_WORDING,
    DIVISION_ENDS,
    SEAL_CENTRE_WORDINGS,
)


def test_centre_wordings_are_seal_legends_and_the_certifying_one_comes_first() -> None:
    assert SEAL_CENTRE_WORDINGS[0] == CERTIFYING_SEAL_WORDING
    assert all(w.endswith("专用章") for w in SEAL_CENTRE_WORDINGS)


def test_division_ends_are_single_characters_no_office_word_holds() -> None:
    assert len(set(DIVISION_ENDS)) == len(DIVISION_ENDS) == 7
    assert not set(DIVISION_ENDS) & set("".join(AUTHORITY_SUFFIXES))

