"""A certificate number every reading of which reads alike but doubts an unchecked digit is
confirmed by its box read stretched, only when those readings are sure and nothing reads
another number."""

from __future__ import annotations

from scanning._decide import decode
from scanning._ocr import Reading
from tests.scanning.test_accept import sure
from tests.scanning.test_decode import CERT, TODAY, TRUTH, accepted, codes, flagged


def _readings(number: list[Reading]) -> dict[str, list[Reading]]:
    base = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in TRUTH.items()}
    return {**base, "certificate_number": number}


def _views(*got: Reading):  # type: ignore[no-untyped-def]
    return {"certificate_number": lambda _missing: list(got)}


def _scored(text: str, score: float, rivals: dict[int, tuple[str, float]] | None = None) -> Reading:
    r = sure(text, rivals)
    return Reading(r.text, score, r.alternatives)


# -- readings that agree but doubt a digit: the stretched box decides --------------------------

_DOUBT = {14: ("0", 0.3)}  # 9 at 70 %, 0 at 30 % on a serial digit


def _doubting() -> list[Reading]:
    return [_scored(CERT, 0.94, _DOUBT), _scored(CERT, 0.93, _DOUBT),
            _scored(CERT, 0.92, {14: ("0", 0.25)})]


def test_readings_that_doubt_a_serial_digit_stay_flagged_without_views() -> None:
    got = decode(_readings(_doubting()), TODAY)["certificate_number"]
    assert flagged(got) and "unconfirmed" in codes(got)


def test_two_sure_stretched_readings_confirm_the_number() -> None:
    views = _views(_scored(CERT, 0.99), _scored(CERT, 0.98))
    got = decode(_readings(_doubting()), TODAY, whole=views)["certificate_number"]
    assert accepted(got, CERT)
    assert "view_checked" in codes(got)


def test_one_stretched_reading_is_not_enough() -> None:
    views = _views(_scored(CERT, 0.99), _scored(CERT, 0.99))  # the same pixels read twice
    got = decode(_readings(_doubting()), TODAY, whole=views)["certificate_number"]
    assert flagged(got)


def test_a_stretched_reading_that_doubts_the_digit_keeps_it_flagged() -> None:
    views = _views(_scored(CERT, 0.99), _scored(CERT, 0.98, {14: ("0", 0.2)}))
    got = decode(_readings(_doubting()), TODAY, whole=views)["certificate_number"]
    assert flagged(got)


def test_a_stretched_reading_of_another_number_keeps_it_flagged() -> None:
    other = CERT[:14] + "0" + CERT[15:]
    views = _views(_scored(CERT, 0.99), _scored(CERT, 0.98), _scored(other, 0.97))
    got = decode(_readings(_doubting()), TODAY, whole=views)["certificate_number"]
    assert flagged(got)


def test_a_third_view_of_another_number_keeps_it_flagged() -> None:
    # The scan's own pixels read …61174 where every re-read of the page read …61374.
    other = CERT[:14] + "0" + CERT[15:]
    views = _views(_scored(CERT, 0.99), _scored(CERT, 0.98))
    got = decode(_readings(_doubting()), TODAY, whole=views,
                 third={"certificate_number": lambda: _scored(other, 0.98)})["certificate_number"]
    assert flagged(got)


def test_a_first_reading_of_another_digit_keeps_it_flagged() -> None:
    other = CERT[:11] + "8" + CERT[12:]
    readings = [_scored(other, 0.9, {11: ("1", 0.4)}), *_doubting()[:2]]
    views = _views(_scored(CERT, 0.99), _scored(CERT, 0.98))
    got = decode(_readings(readings), TODAY, whole=views)["certificate_number"]
    assert flagged(got)


def test_a_number_completed_from_stretched_readings_is_not_confirmed_by_them_again() -> None:
    # Every first reading lost a digit; the one stretched reading that made it whole leaves
    # it unconfirmed. The box read stretched again is the same pixels: no second vote.
    lost = CERT[:12] + CERT[13:]
    short = [Reading(lost, 0.99), sure(lost), sure(lost)]

    def views(missing: int) -> list[Reading]:
        return [_scored(CERT, 0.99)] if missing else [_scored(CERT, 0.97), _scored(CERT, 0.96)]

    got = decode(_readings(short), TODAY, whole={"certificate_number": views})
    assert flagged(got["certificate_number"])
    assert got["certificate_number"].value == CERT
