"""The photo rule in force at issue when the issue date itself was not read: the year of a
certificate number that no rule doubts (its first four digits are the issue year)."""

from __future__ import annotations

import numpy as np
import pytest

from core.rules import Finding
from scanning import _photo
from scanning._validate import Value

BLUE_FINDING = Finding("photo_background", "photo", "照片背景不是白色", "warning")


def _blue_photo() -> _photo.Photo:
    img = np.zeros((80, 60, 3), np.uint8)
    return _photo.Photo(img, (0, 0, 60, 80), [BLUE_FINDING])


def test_unread_issue_date_takes_the_year_of_an_undoubted_certificate_number():
    cert = Value("20191312162191066", 0.99)  # issued 2019: blue was the standard
    value = _photo.photo_value(_blue_photo(), None, cert)
    (finding,) = value.findings
    assert finding.severity == "note" and not value.blocking
    assert finding.evidence["from"] == "certificate_number" and "2019" in finding.message


def test_a_certificate_number_from_2020_on_keeps_the_warning():
    value = _photo.photo_value(_blue_photo(), None, Value("20235133452380908", 0.99))
    assert value.blocking and value.findings[0].field == "photo"


@pytest.mark.parametrize(
    "cert",
    [
        Value("20191312162191066", 0.6, [Finding("unconfirmed", "certificate_number", "存疑")]),
        Value("2019131216219", 0.9),  # not a certificate number: no year to trust
        Value(None, 0.0),
        None,
    ],
)
def test_a_doubted_or_unread_certificate_number_leaves_the_era_unknown(cert):
    value = _photo.photo_value(_blue_photo(), None, cert)
    assert value.blocking and value.findings[0].severity == "warning"


def test_the_issue_date_wins_over_the_certificate_number():
    cert = Value("20191312162191066", 0.99)
    value = _photo.photo_value(_blue_photo(), "2021-05-01", cert)
    assert value.blocking
