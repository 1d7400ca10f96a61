"""A registration page's red view, its seal rings and each ring's reading are made once a page
(``Page.red_ink``), though the stamp reader, the printed stickers' seals and the lone-stamp test
all ask for them; the entries read are those made afresh each time."""

from __future__ import annotations

import pytest

from scanning import _red_ink, _seal_ring, _seal_shape, _stamps
from scanning._pages import Role
from scanning._scan import Page
from scanning._sticker_read import read_registrations
from tests.scanning.test_seal_ring import NAME, _page


def _counted(monkeypatch: pytest.MonkeyPatch, module: object, name: str) -> list[int]:
    calls: list[int] = []
    real = getattr(module, name)

    def counted(*a: object, **k: object) -> object:
        calls.append(1)
        return real(*a, **k)

    monkeypatch.setattr(module, name, counted)
    return calls


@pytest.mark.slow
def test_a_pages_red_view_and_ring_reading_are_made_once(monkeypatch):
    img = _page()
    rows = _stamps.read(img).lines  # the stamp's rows, as the page reader also read them
    views = _counted(monkeypatch, _red_ink, "red_view")
    rings = _counted(monkeypatch, _seal_shape, "rings")
    names = _counted(monkeypatch, _seal_ring, "read_name")
    page = Page(img, img, list(rows), Role.REGISTRATION)
    entries, value = read_registrations([page])
    assert [(e["conclusion"], e["authority"]) for e in entries] == [("注册不合格", NAME)]
    assert len(views) == 1 and len(names) == 1
    assert len(rings) == 2  # the red view's, and the page's own (grey seals on a grey scan)
