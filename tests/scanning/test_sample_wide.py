"""The wide-variety generator: deterministic, every design appears, truth valid, classic kept."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from collections import Counter

import pymupdf
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from core.errors import InvalidInput
from core.records import validate_record
from core.rules import parse_registration_conclusion
from scanning.sample import WIDE_KINDS, generate, wide_record
from scanning.sample._wide import Design
from scanning.sample._wide_draw import fmt_date, label_variants
from scanning.sample._wide_info import LAYOUTS, info_page
from scanning.sample._wide_pages import REMARK_DESIGNS, remarks_page
from scanning.sample._wide_records import PRINTED_CONCLUSIONS, authority_for, places
from scanning.sample._wide_register import (
    STICKER_DESIGNS,
    VALIDITY_FORMS,
    registration_page,
    validity_lines,
)

TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def wide(tmp_path_factory):
    """One booklet of every wide kind."""
    out = tmp_path_factory.mktemp("wide")
    return generate(out, count=len(WIDE_KINDS), seed=3, variety="wide")


def test_wide_is_deterministic_per_seed(tmp_path, wide):
    kinds = ["phone_jpg", "scanner_tiff"]
    a = generate(tmp_path / "a", count=2, seed=5, kinds=kinds, variety="wide")
    b = generate(tmp_path / "b", count=2, seed=5, kinds=kinds, variety="wide")
    assert [x.path.read_bytes() for x in a] == [y.path.read_bytes() for y in b]
    assert [x.details for x in a] == [y.details for y in b]
    c = generate(tmp_path / "c", count=2, seed=6, kinds=kinds, variety="wide")
    assert [x.truth for x in a] != [z.truth for z in c]


def test_every_wide_kind_writes_a_readable_file(wide):
    assert [b.kind for b in wide] == list(WIDE_KINDS)
    manifest = [json.loads(x) for x in (wide[0].path.parent / "manifest.jsonl").open()]
    assert [m["source"] for m in manifest] == [b.path.name for b in wide]
    for b, m in zip(wide, manifest, strict=True):
        assert {"photo_page", "photo_background", "layout", "dpi", "jpeg_quality"} <= set(m)
        if b.path.suffix == ".pdf":
            with pymupdf.open(b.path) as doc:
                assert len(doc) >= 2
        else:
            with Image.open(b.path) as im:
                assert im.size[0] > 300
        shows_remarks = b.kind not in ("phone_jpg", "rotated_png")
        if not shows_remarks:
            assert b.truth["annotations"] == [] and b.truth["registrations"] == []


def test_wide_designs_all_appear_over_a_modest_count():
    seen: Counter[str] = Counter()
    for i in range(80):
        rng = random.Random(i)
        d = Design.pick(wide_record(rng), rng)
        seen.update(
            [
                f"layout:{d.layout}",
                f"remarks:{d.remarks}",
                f"sticker:{d.sticker}",
                f"font:{d.style.value_family}",
                f"font:{d.style.label_family}",
                f"bg:{d.background}",
                f"date:{d.style.date_style}",
            ]
        )
    for name in (
        *(f"layout:{x}" for x in LAYOUTS),
        *(f"remarks:{x}" for x in REMARK_DESIGNS),
        *(f"sticker:{x}" for x in STICKER_DESIGNS),
    ):
        assert seen[name] > 0, name
    assert len({k for k in seen if k.startswith("font:")}) >= 5
    assert {"bg:white", "bg:blue", "bg:red"} <= set(seen)
    assert {"date:pad", "date:plain", "date:dot"} <= set(seen)


@pytest.mark.parametrize("layout", LAYOUTS)
def test_every_info_layout_renders(layout):
    rng = random.Random(layout)
    rec = wide_record(rng)
    d = Design.pick(rec, rng)
    img = info_page(60, rng, rec, d.style, layout)
    assert img.size == (242, 343)


def test_every_remarks_and_sticker_design_renders():
    rng = random.Random(1)
    rec = wide_record(rng)
    while len(rec.annotations) < 2 or len(rec.registrations) < 2:
        rec = wide_record(rng)
    style = Design.pick(rec, rng).style
    for design in REMARK_DESIGNS:
        assert remarks_page(60, rng, rec, style, design).size == (242, 343)
    for design in STICKER_DESIGNS:
        assert registration_page(60, rng, rec.registrations, style, design).size == (242, 343)


@settings(max_examples=80, deadline=None)
@given(st.integers(min_value=0, max_value=2**32))
def test_wide_records_pass_every_record_rule(seed):
    rec = wide_record(random.Random(seed))
    valid = validate_record(rec.as_json("x.pdf", None), today=TODAY)
    assert valid.issue_date.isoformat() == rec.issue_date
    assert 2 <= len(rec.name) <= 4
    for reg in rec.registrations:
        assert reg["conclusion"] in PRINTED_CONCLUSIONS


def test_printed_conclusions_parse_to_the_canonical_truth():
    for canonical, printed in PRINTED_CONCLUSIONS.items():
        for text in printed:
            assert str(parse_registration_conclusion(text)) == canonical


def test_validity_forms_and_date_styles():
    reg = {"conclusion": "注册合格", "valid_from": "2016-09-01", "valid_until": "2021-08-31"}
    forms = {f: validity_lines(reg, f, random.Random(0)) for f in VALIDITY_FORMS}
    assert forms["dash"] == ["2016-09-01 至 2021-08-31"]
    assert len(forms["split"]) == 2 and forms["split"][1].startswith("至")
    assert "2016.09.01" in forms["dot"][0] and "2021.08.31" in forms["dot"][0]
    assert forms["cn"][0] in ("2016年09月01日至2021年08月31日", "2016年9月1日至2021年8月31日")
    assert fmt_date("2015-07-01", "pad") == "2015年07月01日"
    assert fmt_date("2015-07-01", "plain") == "2015年7月1日"
    assert fmt_date("2015-07-01", "dot") == "2015.07.01"


def test_labels_of_every_generation_are_used():
    assert {"公民身份号码", "身份证件号码"} <= set(label_variants("id_number"))
    assert {"发证日期", "批准日期", "颁发日期"} <= set(label_variants("issue_date"))
    assert {"认定机构", "颁发机关", "发证机关"} <= set(label_variants("issuing_authority"))
    assert "出生年月" in label_variants("birth_date")


def test_authorities_at_every_level_come_from_real_places():
    rng = random.Random(2)
    names = {authority_for(p, lvl, rng) for p in places()[:400] for lvl in ("county", "city")}
    assert any(n.endswith("区教育局") for n in names)
    assert any(n.endswith("市教育局") for n in names)
    assert any(n.endswith("县教育和体育局") or n.endswith("县教育体育局") for n in names)
    assert "北京市教育委员会" in {authority_for(places()[0], "province", rng)}


def test_classic_truth_is_unchanged(tmp_path):
    # The classic records (and, checked by hand when widening, the file bytes) stay as they were:
    # other tests were built on this look.
    generate(tmp_path, count=3, seed=5, kinds=["phone_jpg"])
    digest = hashlib.sha256((tmp_path / "truth.jsonl").read_bytes()).hexdigest()
    assert digest == CLASSIC_TRUTH_SHA256


def test_unknown_variety_and_wide_only_kind_are_refused(tmp_path):
    with pytest.raises(InvalidInput) as err:
        generate(tmp_path, count=1, variety="fancy")
    assert err.value.field == "variety"
    with pytest.raises(InvalidInput):
        generate(tmp_path, count=1, kinds=["phone_pdf"])  # a wide kind in the classic variety


CLASSIC_TRUTH_SHA256 = "8b4ee7624298a69d271dfc1c9943687dc434d78d18f43b56ed811cfbcba05754"


def test_cli_sample_defaults_to_wide_and_keeps_classic(tmp_path):
    import typer
    from typer.testing import CliRunner

    from scanning.cli import register

    app = typer.Typer()
    register(app)
    runner = CliRunner()
    for variety, folder in (("wide", "w"), ("classic", "c")):
        args = ["sample", "--out", str(tmp_path / folder), "--count", "1", "--kinds", "phone_jpg"]
        res = runner.invoke(app, [*args, *(["--variety", variety] if variety == "classic" else [])])
        assert res.exit_code == 0, res.output
        manifest = json.loads((tmp_path / folder / "manifest.jsonl").read_text())
        assert ("layout" in manifest) == (variety == "wide")


@pytest.mark.parametrize("orientation", [6, 8])
def test_sideways_phone_jpeg_views_upright_through_its_exif_tag(orientation):
    import io

    import numpy as np
    from PIL import ImageOps

    from scanning.sample._wide_capture import jpeg_exif

    a = np.zeros((60, 120, 3), np.uint8)
    a[:30, :60] = 255  # the top-left quarter is white
    with Image.open(io.BytesIO(jpeg_exif(a, 90, orientation))) as im:
        assert im.size == (60, 120)  # stored sideways
        upright = np.asarray(ImageOps.exif_transpose(im))
    assert upright.shape == a.shape
    assert upright[:30, :60].mean() > 200 and upright[30:, 60:].mean() < 50


def test_a_phone_photo_of_the_information_page_alone_has_no_photo_page(tmp_path):
    made = generate(tmp_path, count=8, seed=0, kinds=["phone_jpg"], variety="wide")
    manifest = [json.loads(x) for x in (tmp_path / "manifest.jsonl").open()]
    alone = [m for m in manifest if not m["photo_page"]]
    assert alone and len(alone) < len(made)  # some (about one in seven) photograph one page
    assert [b.photo_page for b in made] == [m["photo_page"] for m in manifest]
    assert made[0].path.name == "0001_IMG.jpg"  # no holder name in the file name
