"""A third view of a doubted number or date (hand-built readings, one crop OCR'd): the box read
again from the page as scanned, at its own resolution, binarised. It settles the doubt only when
it reads the decoder's value on its own, sure of every digit; anything else stays flagged. It is
asked for only when there is a doubt, and never for a name (look-alikes read alike from any
pixels: only the glyph check settles a name)."""

from __future__ import annotations

from datetime import date

import cv2
import numpy as np

from scanning import _name_evidence as name_evidence
from scanning import _third_view
from scanning._decide import decode
from scanning._ocr import Reading
from scanning._validate import Value
from tests.scanning._views import views
from tests.scanning.test_decode import accepted, codes

TODAY = date(2026, 12, 5)
BOOKLET = {
    "name": "孔煜骞", "gender": "女", "birth_date": "2001年07月16日",
    "id_number": "361123200107163424", "qualification_type": "初级中学教师资格",
    "subject": "英语", "certificate_number": "20233631932341227",
    "issuing_authority": "江西省教育厅", "issue_date": "2023年08月29日",
}
NUMBER = BOOKLET["certificate_number"]


def _alts(text: str, at: int, rival: str, p: float) -> tuple[tuple[tuple[str, float], ...], ...]:
    """Every character sure, but the engine's runner-up ``rival`` at ``p`` on position ``at``."""
    return tuple(((c, 1.0), (rival, p)) if i == at else ((c, 1.0),) for i, c in enumerate(text))


def _doubted(key: str, text: str, at: int, rival: str) -> list[Reading]:
    """The page reads ``text`` plainly; both re-reads of the crop keep ``rival`` at 20 %."""
    alts = _alts(text, at, rival, 0.2)
    return [Reading(text, 0.99), Reading(text, 0.99, alts), Reading(text, 0.99, alts)]


def _decode(key: str, readings: list[Reading], third: Reading | None = None,
            asked: list[str] | None = None) -> Value:
    texts = {k: [Reading(t, 0.98), Reading(t, 0.97)] for k, t in BOOKLET.items()}

    def view() -> Reading | None:
        if asked is not None:
            asked.append(key)
        return third

    views = {key: view} if third is not None or asked is not None else None
    return decode({**texts, key: readings}, TODAY, third=views)[key]


def _sure(text: str) -> Reading:
    return Reading(text, 0.99, tuple(((c, 1.0),) for c in text))


# -- the rule settles a doubt --------------------------------------------------------------
def test_doubted_serial_digit_without_a_third_view_is_flagged() -> None:
    cert = _decode("certificate_number", _doubted("certificate_number", NUMBER, 13, "6"))
    assert cert.blocking and "unconfirmed" in codes(cert)


def test_third_view_reading_the_number_surely_settles_the_serial_digit() -> None:
    cert = _decode("certificate_number", _doubted("certificate_number", NUMBER, 13, "6"),
                   _sure(NUMBER))
    assert accepted(cert, NUMBER)
    assert "view_checked" in codes(cert) and "unconfirmed" not in codes(cert)


def test_third_view_settles_a_number_the_page_reading_broke() -> None:
    # The page view lost a digit under a speck (16 digits, no number); only the re-reads of
    # one crop read the number, and their pixels are one vote: flagged without the third view.
    readings = [Reading(NUMBER[:12] + NUMBER[13:], 0.9),
                *_doubted("certificate_number", NUMBER, 13, "6")[1:]]
    assert _decode("certificate_number", readings).blocking
    cert = _decode("certificate_number", readings, _sure(NUMBER))
    assert accepted(cert, NUMBER) and "view_checked" in codes(cert)


def test_third_view_settles_a_doubted_day() -> None:
    date_read = BOOKLET["issue_date"]
    readings = _doubted("issue_date", date_read, 9, "8")  # 29 or 28
    assert _decode("issue_date", readings).blocking
    issued = _decode("issue_date", readings, _sure("2023年8月29日"))
    assert accepted(issued, "2023-08-29") and "view_checked" in codes(issued)


# -- two candidates fit: the field stays flagged -----------------------------------------
def test_third_view_reading_the_rival_digit_leaves_the_number_flagged() -> None:
    rival = NUMBER[:13] + "6" + NUMBER[14:]
    cert = _decode("certificate_number", _doubted("certificate_number", NUMBER, 13, "6"),
                   _sure(rival))
    assert cert.blocking and "unconfirmed" in codes(cert) and "view_checked" not in codes(cert)


def test_third_view_that_doubts_a_digit_itself_leaves_the_number_flagged() -> None:
    unsure = Reading(NUMBER, 0.99, _alts(NUMBER, 15, "8", 0.1))
    cert = _decode("certificate_number", _doubted("certificate_number", NUMBER, 13, "6"), unsure)
    assert cert.blocking and "unconfirmed" in codes(cert)


def test_third_view_missing_a_digit_leaves_the_number_flagged() -> None:
    cert = _decode("certificate_number", _doubted("certificate_number", NUMBER, 13, "6"),
                   _sure(NUMBER[:-1]))
    assert cert.blocking and "unconfirmed" in codes(cert)


def test_a_name_is_never_settled_by_a_third_reading() -> None:
    # 孔煜骞 / 孔煜赛 disagree; a view reading 孔煜骞 is no evidence (twins read alike).
    readings = [Reading("孔煜骞", 0.95), Reading("孔煜赛", 0.95), Reading("孔煜骞", 0.95)]
    name = _decode("name", readings, _sure("孔煜骞"))
    assert name.blocking and "view_checked" not in codes(name)


def test_no_doubt_no_third_reading() -> None:
    asked: list[str] = []
    cert = _decode("certificate_number", views(_sure(NUMBER), 3), asked=asked)
    assert accepted(cert, NUMBER) and asked == []


# -- the view itself -----------------------------------------------------------------------
def _pages(text: str, scale: int) -> tuple[np.ndarray, np.ndarray, tuple[int, int, int, int]]:
    """A page as scanned with ``text`` printed on it, its normalised copy ``scale`` times
    smaller, and the text's box on the normalised copy."""
    full = np.full((440 * scale // 2, 600 * scale // 2, 3), 255, np.uint8)
    org = (40 * scale, 110 * scale)
    cv2.putText(full, text, org, cv2.FONT_HERSHEY_SIMPLEX, 1.2 * scale / 2, (20, 20, 20),
                2 * scale // 2, cv2.LINE_AA)
    norm = cv2.resize(full, None, fx=1 / scale, fy=1 / scale, interpolation=cv2.INTER_AREA)
    return norm, full, (38, 88, 290, 114)


def test_third_view_reads_the_box_from_the_page_as_scanned() -> None:
    norm, full, box = _pages("20233631932341227", 2)
    # The normalised page holds nothing there: only the full page can give the reading.
    got = _third_view.read((np.full_like(norm, 255), full), box)
    assert got is not None and got.text == "20233631932341227"


def test_a_box_at_the_page_edge_reads_nothing_rather_than_failing() -> None:
    norm, full, _ = _pages("2023", 4)
    h, w = norm.shape[:2]
    assert _third_view.read((norm, full), (w + 5, h + 5, w + 40, h + 20)) is None
    got = _third_view.read((norm, full), (w - 1, 10, w, 11))  # one pixel, shrunk 2×
    assert got is None or isinstance(got.text, str)


def test_third_readers_are_made_only_for_numbers_and_dates() -> None:
    norm, full, box = _pages("2023", 2)
    raw = {k: type("R", (), {"page": 0, "box": box})() for k in ("name", "issue_date")}
    views = _third_view.readers([(norm, full)], raw)  # type: ignore[arg-type]
    assert set(views) == {"issue_date"}


def test_name_crop_is_cut_at_the_file_s_resolution() -> None:
    norm, full, box = _pages("ab", 2)
    raw = {"name": type("R", (), {"page": 0, "box": box})()}
    crop = _third_view.name_crop([(norm, full)], raw)  # type: ignore[arg-type]
    small = name_evidence.crop(norm, box)
    assert crop is not None and crop.ndim == 2 and abs(crop.shape[0] - 2 * small.shape[0]) <= 2
    # A scan no larger than the normalised page adds nothing: no second crop.
    assert _third_view.name_crop([(norm, norm)], raw) is None  # type: ignore[arg-type]
