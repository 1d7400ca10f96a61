"""Registration entries of designs the reader did not know (issue 12, session 11).

A red rubber stamp scanned to JPEG loses the colour of its thin strokes (chroma is kept at half
resolution), most where the rubber was unevenly inked: the red view the stamp rows were read
from dropped them (结论：格, 注册结标续册). The rows are now detected and read in the green
channel, kept when mostly red ink; the red view and the green channel at another scale check
them. A stamp that names its office after a label (注册机构：…教育局) gives the authority.

A hand-filled form's period whose end a seal hides (2014-12-29 至 2019-12[-28 under the seal])
took the decision date printed below as its end; the cut end is now kept as an unreadable end.
"""

from __future__ import annotations

import io
from typing import Any

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw

from scanning import _ocr, _stamps, _stickers
from scanning._ocr import Line
from scanning._sections import decode_sticker
from tests.scanning._fonts import cjk_font
from tests.scanning.test_stamps_read import PAPER, RED, H, W

AUTHORITY = "大理白族自治州教育局"
ROWS = ("教师资格定期注册", "注册结论：暂缓注册", f"注册机构：{AUTHORITY}", "2020年5月19日")


def _worn_stamp_jpeg(rows: tuple[str, ...], size: int = 13, fade: float = 0.5) -> np.ndarray:
    """A registration page with a small red stamp whose ink fades in patches (worn rubber),
    saved as a JPEG with chroma at half resolution, as scanners save."""
    img = Image.new("RGB", (W, H), PAPER)
    d = ImageDraw.Draw(img)
    d.text((250, 70), "教师资格定期注册", font=cjk_font(34, bold=True), fill=(20, 20, 20))
    for top in (170, 470, 770):
        d.rectangle((90, top, 690, top + 260), outline=(60, 60, 60), width=2)
    d.rectangle((180, 190, 520, 190 + 2 * size * len(rows) + 20), outline=RED, width=3)
    for k, row in enumerate(rows):
        d.text((200, 200 + 2 * size * k), row, font=cjk_font(size, bold=True), fill=RED)
    a = np.asarray(img).astype(np.float32)
    noise = np.random.default_rng(3).random((H // 8, W // 8)).astype(np.float32)
    patches = cv2.resize(noise, (W, H), interpolation=cv2.INTER_CUBIC).clip(0, 1)
    f = (fade * patches)[..., None]
    ink = ((a[..., 0] - a[..., 1]) > 60)[..., None]
    a = np.where(ink, a * (1 - f) + np.array(PAPER, np.float32) * f, a)
    buf = io.BytesIO()
    Image.fromarray(a.clip(0, 255).astype(np.uint8)).save(buf, "JPEG", quality=70, subsampling=2)
    return np.asarray(Image.open(buf).convert("RGB"))


def _codes(found: list[Any]) -> set[tuple[str, str]]:
    return {(f.code, f.field) for f in found}


@pytest.mark.slow
def test_a_worn_stamp_in_a_jpeg_is_read_from_the_green_channel():
    img = _worn_stamp_jpeg(ROWS)
    red_rows = [ln.text for ln in _ocr.read(_stamps.red_view(img))]
    assert not any("暂缓注册" in t for t in red_rows)  # the raw read: the conclusion is lost
    entries, found, _ = _stamps.page_entries(0, img, [], 0, 0, decode_sticker)
    assert entries == [
        {"conclusion": "暂缓注册", "valid_from": None, "valid_until": None,
         "authority": AUTHORITY, "date": "2020-05-19"}
    ]  # fmt: skip
    assert "registrations_unread" not in {f.code for f in found}


def _lines(*texts: str) -> list[Line]:
    return [Line(t, 0.99, (200, 200 + 30 * k, 480, 222 + 30 * k)) for k, t in enumerate(texts)]


def _second_reads(monkeypatch: pytest.MonkeyPatch, red: str, green: str) -> None:
    """The second readings of the date row: ``red`` from the red view (rows first read in the
    green channel), ``green`` from the green channel at another scale."""

    def second(image: Any, lines: list[Line], greens: frozenset = frozenset()) -> list[Line]:
        alt = red if greens else green
        return [Line(alt if "日" in ln.text and "：" not in ln.text else ln.text, ln.score,
                     ln.box) for ln in lines]  # fmt: skip

    monkeypatch.setattr(_stamps, "_second", second)


def _decoded_stamp(rows: list[Line]) -> tuple[dict, list]:
    (s,) = _stickers.group(rows)
    greens = frozenset(ln.box for ln in rows)
    entry, found, _ = _stamps._decoded(s, np.zeros((4, 4, 3), np.uint8), 0, decode_sticker,
                                       greens=greens)  # fmt: skip
    return entry, found


def test_a_date_the_red_view_breaks_and_the_green_channel_reads_otherwise_is_flagged(
    monkeypatch: pytest.MonkeyPatch,
):
    _second_reads(monkeypatch, red="2020年5A1g日", green="2020年5月18日")
    entry, found = _decoded_stamp(_lines(*ROWS))
    assert entry["date"] == "2020-05-19"
    assert ("ocr_disagreement", "registrations[0].date") in _codes(found)
    assert ("settled_reading", "registrations[0].date") not in _codes(found)
    assert any(f.blocking or f.severity == "warning" for f in found)


def test_a_date_the_green_channel_reads_again_the_same_is_settled(
    monkeypatch: pytest.MonkeyPatch,
):
    _second_reads(monkeypatch, red="2020年5A1g日", green="2020年5月19日")
    entry, found = _decoded_stamp(_lines(*ROWS))
    assert entry["date"] == "2020-05-19"
    assert "ocr_disagreement" not in {f.code for f in found}


def test_a_labelled_authority_in_a_stamp_is_kept_a_bare_name_is_not():
    assert _stamps._labelled_authority(f"注册机构：{AUTHORITY}")
    assert _stamps._labelled_authority(f"注册机关{AUTHORITY}")
    assert not _stamps._labelled_authority(AUTHORITY)  # a seal's ring letters it bare
    assert not _stamps._labelled_authority("注册机关：（盖章）")


# -- a period whose end a seal hides ---------------------------------------------------------

FORM = ("结论：注册合格", "有效期：2014-12-29至2019-12", "注册机构：阳江市阳西县教育局",
        "2014.11.14")  # fmt: skip


def test_a_cut_period_end_is_not_replaced_by_the_decision_date():
    (s,) = _stickers.group(_lines(*FORM))
    entry, found, _ = decode_sticker(s, 0)
    assert entry["valid_from"] == "2014-12-29"
    assert entry["date"] == "2014-11-14"  # raw: the decision date became the period's end
    # the rule's end from the start is only offered, for a person to confirm
    assert entry["valid_until"] == "2019-12-28"
    assert any(f.code == "date_suggested" and f.blocking and f.field ==
               "registrations[0].valid_until" for f in found)  # fmt: skip


def test_a_cut_period_end_in_chinese_form_is_not_the_decision_date():
    rows = ("注册合格", "有效期限：2016年09月01日至2021年08", "2016年08月20日")
    (s,) = _stickers.group(_lines(*rows))
    entry, found, _ = decode_sticker(s, 0)
    assert (entry["valid_from"], entry["date"]) == ("2016-09-01", "2016-08-20")
    # the visible 2021年08 and the 5-year rule prove the end (session 12), noted for a person
    assert entry["valid_until"] == "2021-08-31"
    assert any(f.code == "corrected_period" and f.field.endswith("valid_until") for f in found)


def test_a_whole_period_is_read_as_before():
    rows = (
        "结论：注册合格",
        "有效期：2014-12-29至2019-12-28",
        "注册机构：阳江市阳西县教育局",
        "2014.11.14",
    )
    (s,) = _stickers.group(_lines(*rows))
    entry, found, _ = decode_sticker(s, 0)
    assert (entry["valid_from"], entry["valid_until"], entry["date"]) == (
        "2014-12-29",
        "2019-12-28",
        "2014-11-14",
    )
    assert not any(f.blocking for f in found)
