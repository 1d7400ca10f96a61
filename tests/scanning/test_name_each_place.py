"""A name's doubted places settled one by one, and a rare character the recogniser read against
its own prior (昊 over 吴) confirmed when the crop agrees in every way it can (``_name_prior``).
A printed common character (吴) is never confirmed as the rare one the readings claim."""

from __future__ import annotations

from pathlib import Path

import cv2
import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from core.rules import Finding
from scanning import _name_evidence as evidence
from scanning import _name_glyphs as glyphs
from scanning import _name_prior as prior
from scanning._ocr import Reading
from scanning._validate import Value

SERIF = "/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc"
needs_face = pytest.mark.skipif(not Path(SERIF).exists(), reason="no Noto Serif CJK face")


def _crop(text: str, height: int = 20, blur: float = 0.8) -> np.ndarray:
    font = ImageFont.truetype(SERIF, 64, index=2)
    img = Image.new("L", (64 * (len(text) + 2), 110), 255)
    ImageDraw.Draw(img).text((40, 20), text, fill=0, font=font)
    small = cv2.resize(np.asarray(img), None, fx=height / 64, fy=height / 64,
                       interpolation=cv2.INTER_AREA)
    return cv2.GaussianBlur(small, (0, 0), blur)


def _read(text: str, i: int, first: str, second: str, p: float) -> Reading:
    alts = [((ch, 0.995),) for ch in text]
    alts[i] = ((first, p), (second, 1.0 - p))
    return Reading(text, 0.9, tuple(alts))


READ = [_read("贾宇昊", 2, "昊", "吴", 0.65), _read("贾宇昊", 2, "昊", "吴", 0.8),
        _read("贾宇昊", 2, "昊", "吴", 0.62)]


def _flagged(name: str) -> Value:
    return Value(name, 0.5, [Finding("unconfirmed", "name", "x", "warning", {})])


@needs_face
def test_rare_character_read_against_the_prior_is_confirmed_by_its_crop() -> None:
    grey = _crop("贾宇昊")
    # The fits alone are too close to choose (昊 and 吴 share all but the top).
    places = [{"贾"}, {"宇"}, {"昊", "吴"}]
    assert not glyphs.judge(glyphs.cells(glyphs.ink_of(grey)), places).chosen
    v = evidence.settle(_flagged("贾宇昊"), {"贾宇昊": 0.9, "贾宇吴": 0.1}, READ, grey)
    assert v.value == "贾宇昊" and not v.blocking
    assert any("先验相反" in str(f.evidence.get("detail")) for f in v.findings)
    kept = evidence.confirm(Value("贾宇昊", 0.95, []), READ, (grey,))
    assert not kept.blocking and "glyph_checked" in {f.code for f in kept.findings}


@needs_face
def test_printed_common_character_is_never_confirmed_as_the_rare_one_read() -> None:
    grey = _crop("贾宇吴")
    v = evidence.settle(_flagged("贾宇昊"), {"贾宇昊": 0.9, "贾宇吴": 0.1}, READ, grey)
    assert v.value != "贾宇昊" or v.blocking
    assert evidence.confirm(Value("贾宇昊", 0.95, []), READ, (grey,)).blocking


def test_only_a_rare_character_read_first_over_common_rivals_is_against_the_prior() -> None:
    assert prior.against_prior("贾宇昊", 2, {"昊", "吴"}, READ)
    # A common character read over a rare rival: the prior was for it, no evidence.
    common = [_read("贾宇吴", 2, "吴", "昊", 0.65)] * 2
    assert not prior.against_prior("贾宇吴", 2, {"昊", "吴"}, common)
    # A rare rival beside the rare one read (赜 / 賾): the prior tells nothing between them.
    assert not prior.against_prior("贾宇昊", 2, {"昊", "吴", "杲"}, READ)
    # One reading alone, or a reading that put the common one first there.
    assert not prior.against_prior("贾宇昊", 2, {"昊", "吴"}, READ[:1])
    other = [*READ, _read("贾宇吴", 2, "吴", "昊", 0.6)]
    assert not prior.against_prior("贾宇昊", 2, {"昊", "吴"}, other)
