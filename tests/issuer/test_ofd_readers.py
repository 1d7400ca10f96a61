"""The OFD licence in third-party hands: easyofd parses and renders it; fontTools reads its
subsetted fonts, rare characters included."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator
from pathlib import Path

import pymupdf
import pytest
from fontTools.pens.recordingPen import DecomposingRecordingPen
from fontTools.ttLib import TTFont

from issuer._pdf_canvas import _primary_font
from tests.issuer._ofd_support import NS, ofd_of, parts, xml
from tests.issuer._pdf_support import make_view

INFO_PAGE = 2


@pytest.fixture(autouse=True)
def _quiet_easyofd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    # easyofd unpacks into, and writes fonts to, the working directory; its warnings are
    # quieted for these tests only (a level left at ERROR hid later tests' warnings from caplog)
    monkeypatch.chdir(tmp_path)
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    yield
    root.setLevel(level)


def _easyofd(ofd: bytes):  # type: ignore[no-untyped-def]
    from easyofd import OFD

    reader = OFD()
    reader.read(ofd, fmt="binary")
    return reader


def test_easyofd_parses_the_name_and_number_on_the_information_page() -> None:
    view = make_view()
    doc = _easyofd(ofd_of(view)).data[0]
    texts = [t["text"] for t in doc["page_info"][INFO_PAGE]["text_list"]]
    assert view.name in texts and view.certificate_number in texts
    assert doc["default_page_size"] == [0.0, 0.0, 145.0, 205.0]
    assert len(doc["page_info"]) == 6


def test_a_page_rendered_by_easyofd_shows_the_name_and_number(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """easyofd draws every character in a font named 宋体 (SimSun, on Windows); here that name
    is given to the OFD's own embedded font, so the page is drawn with the file's glyphs."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont as ReportlabFont

    view = make_view(name="欧阳明华")
    ofd = ofd_of(view)
    font = tmp_path / "embedded.ttf"
    font.write_bytes(next(d for n, d in parts(ofd).items() if n.endswith(".ttf")))
    for registry in ("_fonts", "_typefaces", "_encodings"):  # registered for this test only
        monkeypatch.setattr(pdfmetrics, registry, dict(getattr(pdfmetrics, registry)))
    pdfmetrics.registerFont(ReportlabFont("宋体", str(font)))
    rendered = pymupdf.open(stream=_easyofd(ofd).to_pdf())
    page = rendered[INFO_PAGE]
    text = page.get_text()
    assert view.name in text and view.certificate_number in text
    pixels = page.get_pixmap(dpi=50, colorspace=pymupdf.csGRAY).samples
    assert min(pixels) < 100  # ink on the page, not a blank


def test_a_rare_character_gets_its_glyph_embedded() -> None:
    # 䶮 (CJK Ext A) is missing from Droid Sans Fallback; the PDF draws it with Noto Sans CJK SC
    files = parts(ofd_of(make_view(name="刘䶮")))
    fonts = {el.get("ID"): el for el in xml(files["Doc_0/PublicRes.xml"]).iter(
        f"{{{NS['ofd']}}}Font")}
    assert len(fonts) == 2
    info = xml(files[f"Doc_0/Pages/Page_{INFO_PAGE}/Content.xml"])
    rare = next(t for t in info.iter(f"{{{NS['ofd']}}}TextObject")
                if t.findtext("ofd:TextCode", namespaces=NS) == "䶮")
    source = fonts[rare.get("Font")]
    assert source.get("FontName").startswith("Noto Sans CJK SC")
    font = TTFont(io.BytesIO(files["Doc_0/Res/" + source.findtext("ofd:FontFile",
                                                                   namespaces=NS)]))
    assert "glyf" in font and "CFF " not in font  # converted to TrueType outlines
    glyph = font.getGlyphSet()[font.getBestCmap()[ord("䶮")]]
    pen = DecomposingRecordingPen(font.getGlyphSet())
    glyph.draw(pen)
    assert len(pen.value) > 10  # a real outline, not an empty box


def test_the_main_font_subset_keeps_the_source_outlines_and_only_printed_characters() -> None:
    view = make_view()
    files = parts(ofd_of(view))
    (name,) = (n for n in files if n.endswith(".ttf"))
    subset = TTFont(io.BytesIO(files[name]))
    source = TTFont(io.BytesIO(_primary_font().buffer))
    printed = {c for n, d in files.items() if n.startswith("Doc_0/Pages/")
               for t in xml(d).iter(f"{{{NS['ofd']}}}TextCode") for c in t.text or ""}
    cmap, source_cmap = subset.getBestCmap(), source.getBestCmap()
    assert {chr(cp) for cp in cmap} == printed
    assert len(files[name]) < 60_000  # vs 3.5 MB for the whole font
    for char in printed:
        ours, theirs = (DecomposingRecordingPen(f.getGlyphSet()) for f in (subset, source))
        subset.getGlyphSet()[cmap[ord(char)]].draw(ours)
        source.getGlyphSet()[source_cmap[ord(char)]].draw(theirs)
        assert ours.value == theirs.value, char
        assert subset["hmtx"][cmap[ord(char)]][0] == source["hmtx"][source_cmap[ord(char)]][0]
