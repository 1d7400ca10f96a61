"""A number's whole candidate is never dropped as negligible beside many readings that lost a
digit (a seal's ring over the last digit of a greyscale scan): the short texts are no value."""

from __future__ import annotations

from scanning import _candidates as cands
from scanning._decide import decode
from scanning._ocr import Reading
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import CERT, TODAY, TRUTH, codes


def _readings(number: list[Reading]) -> dict[str, list[Reading]]:
    base = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in TRUTH.items()}
    return {**base, "certificate_number": number}


def _views(*got: Reading):  # type: ignore[no-untyped-def]
    return {"certificate_number": lambda _missing: list(got)}


def _scored(text: str, score: float) -> Reading:
    r = sure(text)
    return Reading(r.text, score, r.alternatives)


# -- many readings that lost the last digit under a seal ---------------------------------------


def test_a_whole_candidate_is_kept_beside_many_short_readings() -> None:
    short = [_scored(CERT[:16], 0.99 - k / 100) for k in range(6)]
    whole = [_scored(CERT, 1.0), _scored(CERT, 0.99)]
    keep = lambda t: len(t) == 17  # noqa: E731
    joint, _ = cands.rank_each([*short, *whole], keep=keep)
    assert CERT in {c.text for c in joint}
    joint, _ = cands.rank_each([*short, *whole])
    assert CERT not in {c.text for c in joint}  # negligible beside the short texts


def test_number_read_short_six_times_and_whole_twice_is_the_whole_number() -> None:
    # A greyscale scan: the seal's ring over the last digit; six readings (the page, its
    # re-reads and the dark-ink views) lost it, the stretched and widened box read it.
    short = [_scored(CERT[:16], 0.99 - k / 100) for k in range(6)]
    got = decode(_readings(short), TODAY,
                 whole=_views(_scored(CERT, 1.0), _scored(CERT, 0.995)))["certificate_number"]
    assert got.value == CERT
    assert "certificate_number_format" not in codes(got)
