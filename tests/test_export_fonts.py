"""Font discovery and choice (exporters/fonts.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from conftest import noto_installed
from jingwen.exporters import fonts
from jingwen.exporters.fonts import FontError, plan_fonts, read_faces, region_of

UMING = "/usr/share/fonts/truetype/arphic/uming.ttc"
ZENHEI = "/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"


def test_the_debian_fonts_are_found_with_their_subfonts() -> None:
    families = {face.family for face in fonts.installed_faces()}
    assert {"AR PL UMing CN", "AR PL UMing TW", "AR PL UMing HK", "WenQuanYi Zen Hei"} <= families
    uming = read_faces(UMING)
    assert sorted(f.family for f in uming)[:3] == ["AR PL UMing CN", "AR PL UMing HK", "AR PL UMing TW"]
    assert all(f.truetype for f in uming)


REGIONS = [("zh-CN", "hans", "SC", "CN"), ("zh-Hant", "hant", "TC", "TW"), ("zh-TW", "hant", "TC", "TW"),
           ("zh-HK", "hant", "HK", "HK"), ("zh", "mixed", "SC", "CN")]


@pytest.mark.parametrize(("language", "script", "noto", "uming"), REGIONS)
def test_the_song_face_follows_the_region(language: str, script: str, noto: str, uming: str) -> None:
    assert noto_installed(), "scripts/setup.sh installs fonts-noto-cjk"
    plan = plan_fonts(["song", "hei"], region_of(language, script), "中文")
    assert plan.face_for("song").family == f"Noto Serif CJK {noto}"
    assert plan.face_for("hei").family == f"Noto Sans CJK {noto}"
    assert not plan.face_for("song").truetype  # CFF: embedded through exporters.outlines


@pytest.mark.parametrize(("language", "script", "noto", "uming"), REGIONS)
def test_without_noto_the_song_face_is_uming_of_the_region(without_noto, language: str, script: str, noto: str,
                                                          uming: str) -> None:
    plan = plan_fonts(["song", "hei"], region_of(language, script), "中文")
    assert plan.face_for("song").family == f"AR PL UMing {uming}"
    assert plan.face_for("hei").family == "WenQuanYi Zen Hei"
    assert plan.stand_ins() == []  # both are faces of their own typeface: no stand-in line


def test_typefaces_without_a_font_fall_back_to_song(without_noto) -> None:
    plan = plan_fonts(["fangsong", "xiaobiaosong", "kai", "hei"], "CN", "中文")
    assert plan.face_for("fangsong").family == "AR PL UMing CN"  # no FangSong installed here
    assert plan.face_for("hei").family == "WenQuanYi Zen Hei"
    assert plan.family("fangsong") == "FangSong"  # a DOCX names the typeface's own font, whatever prints here


def test_coverage_reads_the_character_map() -> None:
    face = fonts.find_face(["AR PL UMing CN"])
    covered = fonts.coverage(face)
    assert ord("中") in covered and ord("。") in covered and ord("A") in covered
    assert 0x1F600 not in covered  # no emoji in a Song face


def test_missing_characters_are_reported() -> None:
    plan = plan_fonts(["song"], "CN", "中文\U0001FAE8")  # a 2022 emoji no Chinese or DejaVu face has
    assert plan.missing == frozenset("\U0001FAE8")


def test_no_chinese_font_is_one_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(fonts, "installed_faces", lambda: ())
    fonts._chains.cache_clear()
    try:
        with pytest.raises(FontError) as info:
            plan_fonts(["song"], "CN", "中文")
    finally:
        fonts._chains.cache_clear()
    message = str(info.value)
    assert "fonts-arphic-uming" in message and "fonts-wqy-zenhei" in message and "\n" not in message


def test_user_font_comes_first_and_picks_the_regional_subfont() -> None:
    faces = fonts.user_faces(UMING, "HK")
    assert faces[0].family == "AR PL UMing HK"
    plan = plan_fonts(["song", "hei"], "CN", "中文", font_file=ZENHEI)
    assert plan.face_for("song").family == plan.face_for("hei").family == "WenQuanYi Zen Hei"


def _otf_with_cff(path: Path) -> None:
    """A real OpenType font with CFF outlines (built with fontTools): the kind reportlab cannot embed."""
    from fontTools.fontBuilder import FontBuilder
    from fontTools.pens.t2CharStringPen import T2CharStringPen

    builder = FontBuilder(1000, isTTF=False)
    builder.setupGlyphOrder([".notdef", "uni4E2D"])
    builder.setupCharacterMap({0x4E2D: "uni4E2D"})
    pen = T2CharStringPen(1000, None)
    pen.moveTo((100, 0)), pen.lineTo((900, 0)), pen.lineTo((900, 800)), pen.closePath()
    square = pen.getCharString()
    builder.setupCFF("TestCFF", {"FullName": "Test CFF"}, {".notdef": square, "uni4E2D": square}, {})
    builder.setupHorizontalMetrics({".notdef": (1000, 100), "uni4E2D": (1000, 100)})
    builder.setupHorizontalHeader(ascent=880, descent=-120)
    builder.setupNameTable({"familyName": "Test CFF", "styleName": "Regular"})
    builder.setupOS2()
    builder.setupPost()
    builder.save(str(path))


def test_a_cff_font_is_converted_for_embedding(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io

    import pypdf
    from jingwen.cleaner.model.document import Block, Document
    from jingwen.exporters import ExportOptions, render

    monkeypatch.setenv("JINGWEN_FONT_CACHE", str(tmp_path / "cache"))
    cff = tmp_path / "TestCFF.otf"
    _otf_with_cff(cff)
    assert fonts.check_font_file(str(cff)).family == "Test CFF"
    pdf = render(Document([Block("中中中", 1)]), "pdf", ExportOptions(font=str(cff)))
    cached = list((tmp_path / "cache").glob("TestCFF-0-*.ttf"))
    assert len(cached) == 1 and read_faces(cached[0])[0].truetype  # converted once, kept on disk
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    fonts_used = [str(ref.get_object()["/BaseFont"]) for ref in reader.pages[0]["/Resources"]["/Font"].values()]
    assert any("Test-CFF" in name for name in fonts_used), fonts_used
    assert b"/FontFile2" in pdf and b"/FontFile3" not in pdf


def test_bad_font_files_are_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.ttf"
    junk.write_bytes(b"this is not a font")
    with pytest.raises(FontError, match="not a usable font"):
        fonts.check_font_file(str(junk))
    with pytest.raises(FontError, match="no such font file"):
        fonts.check_font_file(str(tmp_path / "absent.ttf"))
