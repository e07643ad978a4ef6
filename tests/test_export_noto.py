"""Noto Serif/Sans CJK (CFF outlines) as the default faces: TrueType chunks built with fontTools,
cached on disk, embedded in the PDF (exporters/outlines.py)."""
from __future__ import annotations

import io
import os
import subprocess
from pathlib import Path

import pdfplumber
import pypdfium2
import pytest
from conftest import jingwen_command, noto_installed
from fontTools.pens.boundsPen import BoundsPen
from fontTools.ttLib import TTFont
from jingwen.cleaner.model.document import Block, Document
from jingwen.exporters import ExportOptions, outlines, render
from jingwen.exporters.fonts import find_face

pytestmark = pytest.mark.skipif(not noto_installed(), reason="scripts/setup.sh installs fonts-noto-cjk")
RARE = "璧龘"  # outside GB 2312 level 1: each in a chunk of its own (74xx, 9fxx)


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory):
    from jingwen.exporters import pdf

    folder = tmp_path_factory.mktemp("font-cache")
    old = os.environ.get("JINGWEN_FONT_CACHE")
    os.environ["JINGWEN_FONT_CACHE"] = str(folder)
    pdf._fonts.clear()  # fonts this process registered before came from another cache folder
    pdf._tables.clear()
    yield folder
    if old is None:
        del os.environ["JINGWEN_FONT_CACHE"]
    else:
        os.environ["JINGWEN_FONT_CACHE"] = old


def _fonts_of(pdf: bytes) -> dict[str, str]:
    """``char → font name`` of every character drawn on the first page."""
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        return {ch["text"]: ch["fontname"] for ch in reader.pages[0].chars}


def test_the_pdf_embeds_noto_subsets_and_draws_every_character(cache: Path) -> None:
    text = f"内外合{RARE[0]}，鬼斧神工如{RARE[1]}。Noto serif, 2024年。"
    doc = Document([Block("一、标题", 1, kind="heading", level=1), Block(text, 2)])
    pdf = render(doc, "pdf")
    fonts = _fonts_of(pdf)
    assert "NotoSerifCJKsc-Regular" in fonts["内"] and "NotoSansCJKsc-Regular" in fonts["标"]
    # a rare character comes from its own chunk font, with a PostScript name of its own
    assert fonts[RARE[0]].endswith("NotoSerifCJKsc-Regular-74") and fonts[RARE[1]].endswith("-9f")
    assert "NotoSerifCJKsc" in fonts["N"]  # Noto's own proportional Latin
    pdfium = pypdfium2.PdfDocument(pdf)
    extracted = pdfium[0].get_textpage().get_text_range().replace("\r\n", "").replace("\n", "")
    assert "".join(text.split()) in "".join(extracted.split())  # every character, in order
    assert b"/FontFile2" in pdf and b"/FontFile3" not in pdf  # TrueType outlines only
    built = sorted(p.name.split("-")[3] for p in cache.glob("NotoSerifCJK-Regular-2-*.ttf"))
    assert built == ["74", "9f", "common"]


def test_chunks_are_built_once_and_reused_by_the_next_run(cache: Path, tmp_path: Path) -> None:
    source = tmp_path / "doc.txt"
    source.write_text(f"甲乙丙丁{RARE}。\n", encoding="utf-8")
    env = {**os.environ, "JINGWEN_FONT_CACHE": str(cache)}
    run = [*jingwen_command(), "export", str(source), "--to", "pdf", "-o", str(tmp_path / "out"), "-q"]
    subprocess.run(run, check=True, env=env, capture_output=True, timeout=600)
    before = {p: p.stat().st_mtime_ns for p in cache.glob("*.ttf")}
    subprocess.run(run, check=True, env=env, capture_output=True, timeout=600)
    assert {p: p.stat().st_mtime_ns for p in cache.glob("*.ttf")} == before  # nothing rebuilt
    source.write_text("甲乙丙丁鱻。\n", encoding="utf-8")  # one new rare character: one new chunk
    subprocess.run(run, check=True, env=env, capture_output=True, timeout=600)
    new = set(cache.glob("*.ttf")) - set(before)
    assert [p.name.split("-")[3] for p in new] == [f"{ord('鱻') >> 8:02x}"]


def test_converted_outlines_match_the_cff_ones(cache: Path) -> None:
    face = find_face(["Noto Serif CJK SC"])
    path, index = outlines.embeddable(face, ord("永"))
    built = TTFont(path, fontNumber=index)
    source = TTFont(face.path, fontNumber=face.index, lazy=True)
    for ch in "永，A":
        bounds = []
        for font in (source, built):
            glyphs, name = font.getGlyphSet(), font.getBestCmap()[ord(ch)]
            pen = BoundsPen(glyphs)
            glyphs[name].draw(pen)
            bounds.append((pen.bounds, font["hmtx"][name][0]))
        (src_box, src_adv), (ttf_box, ttf_adv) = bounds
        assert src_adv == ttf_adv
        assert all(abs(a - b) <= 2 for a, b in zip(src_box, ttf_box, strict=True)), (ch, src_box, ttf_box)


def _ink_centre(pdf: bytes, char: str) -> float:
    """Where the ink of ``char`` sits across its box on the rendered page (0 left … 1 right)."""
    scale = 8
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        box = next(c for c in reader.pages[0].chars if c["text"] == char)
    image = pypdfium2.PdfDocument(pdf)[0].render(scale=scale).to_pil().convert("L")
    crop = image.crop((round(box["x0"] * scale), round(box["top"] * scale),
                       round(box["x1"] * scale), round(box["bottom"] * scale)))
    ink = crop.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert ink is not None, f"no ink drawn for {char}"
    return (ink[0] + ink[2]) / 2 / crop.width


@pytest.mark.parametrize(("language", "centred"), [("zh-TW", True), ("zh-HK", True), ("zh-CN", False)])
def test_comma_and_full_stop_are_centred_in_traditional_output(cache: Path, language: str, centred: bool) -> None:
    doc = Document([Block("甲，乙。丙丁戊己庚辛。", 1)])
    doc.meta.language, doc.meta.script = language, "hans" if language == "zh-CN" else "hant"
    # gb9704 sets every mark in a full cell (no compression): the ink is measured in its own box
    pdf = render(doc, "pdf", ExportOptions(style="gb9704"))
    region = {"zh-TW": "tc", "zh-HK": "hk", "zh-CN": "sc"}[language]
    assert f"NotoSerifCJK{region}" in _fonts_of(pdf)["，"]
    for mark in "，。":
        centre = _ink_centre(pdf, mark)
        assert (0.3 < centre < 0.7) == centred, (mark, centre)
