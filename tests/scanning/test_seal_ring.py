"""A round seal's ring lettering read as the registration's authority (issue 12, session 11).

A red rubber stamp (定期注册不合格 / 2017年2月28日) names no authority: the office is only in the
round seal beside it, curved along the ring. The ring is unwrapped into a straight line, read,
and taken only when it is one authority name of the vocabulary, whole, read the same twice;
anything else leaves the authority missing (flagged)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _seal_ring, _seal_shape, _stamps
from scanning._ocr import Line
from scanning._seal_ring import RingName
from scanning._seal_shape import Ring
from scanning._sections import decode_sticker
from scanning._stickers import group
from tests.scanning._fonts import cjk_font, seal_mask

PAPER = (244, 241, 233)
RED = (205, 40, 45)
W, H = 780, 1100
NAME = "佛山市禅城区教育局"


def _seal(
    img: Image.Image, cx: float, cy: float, r: float, name: str, turn: float, bottom: str = ""
) -> None:
    """A red round seal: rim, star, ``name`` upright to the rim along the upper arc (the whole
    seal turned by ``turn`` degrees), ``bottom`` straight under the star."""
    layer = seal_mask(r, name, width=max(3, int(r / 14)), size=0.26, span=220.0)
    g = ImageDraw.Draw(layer)
    c = layer.width / 2
    if bottom:
        g.text(
            (c, c + 0.5 * r), bottom, font=cjk_font(int(r * 0.15), bold=True), fill=255, anchor="mm"
        )
    layer = layer.rotate(turn, resample=Image.BICUBIC)
    red = Image.new("RGB", layer.size, RED)
    img.paste(red, (int(cx - c), int(cy - c)), layer)


def _page(name: str = NAME, turn: float = 35.0, bottom: str = "") -> np.ndarray:
    """A registration page: a red 定期注册不合格 stamp and a red round seal beside it."""
    img = Image.new("RGB", (W, H), PAPER)
    d = ImageDraw.Draw(img)
    d.text((280, 70), "定期注册", font=cjk_font(34, bold=True), fill=(20, 20, 20))
    d.rectangle((90, 170, 690, 430), outline=(60, 60, 60), width=2)
    d.rectangle((250, 190, 520, 300), outline=RED, width=5)
    d.text((270, 205), "定期注册不合格", font=cjk_font(30, bold=True), fill=RED)
    d.text((270, 250), "2017年2月28日", font=cjk_font(30, bold=True), fill=RED)
    _seal(img, 560, 330, 95, name, turn, bottom)
    return np.asarray(img)


def _codes(found: list) -> set[tuple[str, str]]:
    return {(f.code, f.field) for f in found}


@pytest.mark.slow
def test_the_seal_beside_a_stamp_names_its_authority():
    img = _page(bottom="教师资格专用章")  # turned 35°: the lettering does not start at the bottom
    entries, found, _ = _stamps.page_entries(4, img, [], 0, 0, decode_sticker)
    assert [(e["conclusion"], e["authority"], e["date"]) for e in entries] == [
        ("注册不合格", NAME, "2017-02-28")
    ]
    assert ("seal_authority", "registrations[0].authority") in _codes(found)
    assert not any(f.blocking for f in found)  # the bottom line is no part of the name


@pytest.mark.slow
def test_without_the_ring_reading_the_authority_stays_missing(monkeypatch):
    monkeypatch.setattr(_seal_ring, "seal_names", lambda *a, **k: {})
    entries, found, _ = _stamps.page_entries(4, _page(), [], 0, 0, decode_sticker)
    assert entries[0]["authority"] is None
    assert ("missing", "registrations[0].authority") in _codes(found)


@pytest.mark.slow
def test_a_ring_that_is_no_known_name_leaves_the_authority_missing():
    img = _page(name="某某县某某教育局")
    entries, found, _ = _stamps.page_entries(4, img, [], 0, 0, decode_sticker)
    assert entries[0]["authority"] is None
    assert ("missing", "registrations[0].authority") in _codes(found)
    assert ("seal_authority_unread", "registrations[0].authority") in _codes(found)


def _at(k: int) -> tuple[float, float]:
    """Where character ``k`` of NAME stands on the unturned seal of ``_page``."""
    a = math.radians(-110 + 220 * (k + 0.5) / len(NAME))
    return 560 + 0.72 * 95 * math.sin(a), 330 - 0.72 * 95 * math.cos(a)


def _read(img: Image.Image) -> RingName:
    view = _stamps.red_view(np.asarray(img))
    assert view is not None
    [ring] = _seal_shape.rings(view)
    return _seal_ring.read_name(view, ring)


@pytest.mark.slow
def test_a_blotted_first_character_is_not_read_as_the_shorter_name():
    # 佛 under a blot: 山市禅城区教育局 — and 禅城区教育局 alone is a name too. The blot is
    # lettering the read does not account for, so nothing is taken.
    img = Image.fromarray(_page(turn=0.0))
    x, y = _at(0)
    ImageDraw.Draw(img).ellipse((x - 13, y - 13, x + 13, y + 13), fill=RED)
    assert _read(img).name is None


@pytest.mark.slow
def test_first_characters_gone_without_a_trace_leave_the_one_office_of_that_name():
    # 佛山市 not inked at all: 禅城区教育局 is read whole over 150° of the ring, no whole seal's
    # lettering; but 佛山市禅城区 is the one 禅城区, so what was lost names the same office
    # (a name several cities share stays unread: test_stamp_ring_office_short_arc).
    img = Image.fromarray(_page(turn=0.0))
    for k in range(3):
        x, y = _at(k)
        ImageDraw.Draw(img).rectangle((x - 14, y - 14, x + 14, y + 14), fill=PAPER)
    got = _read(img)
    assert got.name == "禅城区教育局", got.reads


def test_one_misread_character_is_corrected_only_to_a_single_name():
    # The raw read names no authority; one place in the vocabulary is one character away.
    assert _seal_ring._vocab("县阳市谷城县教育局") == ("襄阳市谷城县教育局", True)
    assert _seal_ring._vocab("朝阳市龙城区教育局") == ("朝阳市龙城区教育局", False)
    # 尖区教育局: 东区、北区、南区、市区教育局 all fit as well — no choice is made.
    assert _seal_ring._vocab("尖区教育局") == (None, False)


def test_the_seal_s_bottom_line_is_cut_from_the_name():
    text = "教师资格专用章" + NAME
    chars, xs = _seal_ring._bare(text, [float(k) for k in range(len(text))])
    assert chars == NAME and xs[0] == 7.0
    chars, _ = _seal_ring._bare(NAME + "行政审批专用章", [0.0] * (len(NAME) + 7))
    assert chars == NAME


def test_a_lost_character_between_or_beside_the_read_ones_rejects_the_read():
    inked = np.zeros((10, 400), bool)
    for x in range(40, 400, 40):  # nine characters, 40 px apart
        inked[:, x - 15 : x + 15] = True
    xs = [float(x) for x in range(40, 400, 40)]
    assert _seal_ring._whole(xs, inked)
    assert not _seal_ring._whole(xs[:4] + xs[5:], inked)  # the fifth lost: a double gap
    assert not _seal_ring._whole(xs[3:], inked)  # the first three lost: lettering before them


def test_a_seal_goes_to_the_entry_it_stands_beside():
    boxes = [(100, 100, 400, 200), (100, 400, 400, 500)]
    assert _seal_ring.assign([Ring(450, 220, 80)], boxes) == {0: Ring(450, 220, 80)}
    # Halfway between the two entries: it could be either's, so it is neither's.
    assert _seal_ring.assign([Ring(450, 300, 80)], boxes) == {}
    # Far to the right of the first, but inside its printed box: the first's.
    frames = [(50, 60, 600, 290), (50, 360, 600, 590)]
    assert _seal_ring.assign([Ring(560, 250, 80)], boxes, frames) == {0: Ring(560, 250, 80)}
    # Two seals beside one entry: which names it is unknown.
    two = [Ring(450, 150, 80), Ring(200, 240, 80)]
    assert _seal_ring.assign(two, boxes, frames) == {}


def test_the_sticker_takes_the_seal_s_name_only_when_certain():
    lines = [Line("定期注册不合格", 0.99, (250, 200, 500, 240)),
             Line("2017年2月28日", 0.99, (250, 250, 500, 290))]  # fmt: skip
    [s] = group(lines)
    assert _seal_ring.sealed(s, RingName(None, ("佛山市禅城区教", "佛山"))) is s
    sealed = _seal_ring.sealed(s, RingName(NAME, (NAME, NAME)))
    entry, found, _ = decode_sticker(sealed, 0)
    assert entry["authority"] == NAME and not any(f.blocking for f in found)


def _printed(authority: str) -> list[Line]:
    return [Line("注册结论：暂缓注册", 0.99, (120, 200, 500, 240)),
            Line(f"注册机关：{authority}", 0.99, (120, 250, 500, 290)),
            Line("2019年8月15日", 0.99, (120, 300, 500, 340))]  # fmt: skip


def test_a_garbled_printed_authority_is_confirmed_by_the_seal_beside_it():
    # 尖区教育局 (山 lost) is no name; 东区、北区、南区、市区教育局 all fit as well.
    [s] = group(_printed("尖区教育局"))
    entry, found, _ = decode_sticker(s, 0)
    assert entry["authority"] == "尖区教育局"
    assert any(f.code == "authority_ambiguous" and f.blocking for f in found)
    seal = RingName("尖山区教育局", ("尖山区教育局", "尖山区教育局"))
    entry, found, _ = decode_sticker(_seal_ring.sealed(s, seal), 0)
    assert entry["authority"] == "尖山区教育局" and not any(f.blocking for f in found)
    note = _seal_ring.finding(0, s, seal)
    assert note is not None and note.code == "seal_authority"
    assert note.evidence["read"] == "尖区教育局"


def test_a_seal_unlike_the_printed_authority_changes_nothing():
    seal = RingName("尖山区教育局", ("尖山区教育局", "尖山区教育局"))
    [far] = group(_printed("某某省教育厅"))  # no name, and far from the seal's: stays flagged
    assert _seal_ring.sealed(far, seal) is far and _seal_ring.finding(0, far, seal) is None
    [named] = group(_printed("东区教育局"))  # a name of its own is never overridden
    assert not _seal_ring.wants(named)
    assert _seal_ring.sealed(named, seal) is named
