"""DOCX export: python-docx reads it back; LibreOffice converts it (CI installs LibreOffice)."""
from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
import zipfile
from collections import Counter
from pathlib import Path

import docx
import pdfplumber
import pypdf
import pytest
from docx.oxml.ns import qn
from jingwen.cleaner.model.document import HEADING, Block, Document
from jingwen.exporters import ExportOptions, render
from jingwen.exporters.style import load_style

FIXTURES = Path(__file__).parent / "fixtures" / "export"
_spec = importlib.util.spec_from_file_location("make_document", FIXTURES / "make_document.py")
make_document = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_document)


@pytest.fixture(scope="module")
def report_doc() -> Document:
    return make_document.synthetic_document(4000)


@pytest.fixture(scope="module")
def report_docx(report_doc: Document) -> bytes:
    return render(report_doc, "docx")


def _rfonts(style) -> dict:
    element = style.element.rPr.find(qn("w:rFonts"))
    return {k.split("}")[1]: v for k, v in element.attrib.items()}


def test_east_asian_font_and_language_on_styles_and_runs(report_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(report_docx))
    normal = document.styles["Normal"]
    assert _rfonts(normal)["eastAsia"] == "SimSun"  # the Windows name; 宋体 in the font table
    assert "eastAsiaTheme" not in _rfonts(normal)
    assert normal.element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-CN"
    for level in (1, 2, 3):
        fonts = _rfonts(document.styles[f"Heading {level}"])
        assert fonts["eastAsia"] and "eastAsiaTheme" not in fonts
    assert _rfonts(document.styles["Heading 1"])["eastAsia"] == "SimHei"
    for paragraph in document.paragraphs:
        for run in paragraph.runs:
            assert run._r.rPr.find(qn("w:rFonts")).get(qn("w:eastAsia"))


def test_first_line_indent_in_characters(report_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(report_docx))
    ind = document.styles["Normal"].element.pPr.find(qn("w:ind"))
    assert ind.get(qn("w:firstLineChars")) == "200"
    assert ind.get(qn("w:firstLine")) == str(2 * 12 * 20)  # the fallback: 2 × 12 pt in twips


def test_headings_use_heading_styles_with_outline_levels(report_doc: Document, report_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(report_docx))
    expected = [(f"Heading {b.level}", b.text) for b in report_doc.body() if b.kind == HEADING]
    got = [(p.style.name, p.text) for p in document.paragraphs if p.style.name.startswith("Heading")]
    assert got == expected and len(got) >= 3
    assert document.paragraphs[0].style.name == "Title"
    outline = document.styles["Heading 2"].element.pPr.find(qn("w:outlineLvl"))
    assert outline.get(qn("w:val")) == "1"


def test_footer_page_field_title_and_paper(report_docx: bytes) -> None:
    document = docx.Document(io.BytesIO(report_docx))
    section = document.sections[0]
    footer_xml = section.footer._element.xml
    assert "fldCharType=\"begin\"" in footer_xml and " PAGE " in footer_xml
    assert document.core_properties.title == "关于产业集群发展的调研报告"
    assert document.core_properties.language == "zh-CN"
    assert round(section.page_width.mm) == 210 and round(section.page_height.mm) == 297
    names = zipfile.ZipFile(io.BytesIO(report_docx)).namelist()
    assert "docProps/thumbnail.jpeg" not in names


def test_gb9704_grid_and_outer_page_numbers() -> None:
    doc = make_document.synthetic_document(2000)
    document = docx.Document(io.BytesIO(render(doc, "docx", ExportOptions(style="gb9704", paper="A4"))))
    section = document.sections[0]
    assert (round(section.top_margin.mm), round(section.left_margin.mm)) == (37, 28)
    grid = section._sectPr.find(qn("w:docGrid"))
    # 225 mm / 22 lines in twips, rounded down: 22 × 580 would not fit and a line would be lost
    assert grid.get(qn("w:type")) == "lines" and grid.get(qn("w:linePitch")) == "579"
    assert document.settings.odd_and_even_pages_header_footer
    assert "— " in section.even_page_footer._element.xml
    assert document.styles["Normal"].font.size.pt == 16


def test_traditional_language_tag() -> None:
    doc = Document([Block("這是「測試」。", 1)])
    doc.meta.script, doc.meta.language = "hant", "zh-HK"
    document = docx.Document(io.BytesIO(render(doc, "docx")))
    assert document.styles["Normal"].element.rPr.find(qn("w:lang")).get(qn("w:eastAsia")) == "zh-HK"
    assert _rfonts(document.styles["Normal"])["eastAsia"] == "MingLiU_HKSCS"
    table = zipfile.ZipFile(io.BytesIO(render(doc, "docx"))).read("word/fontTable.xml").decode()
    assert '<w:font w:name="MingLiU_HKSCS"><w:altName w:val="細明體_HKSCS"/>' in table
    assert '<w:charset w:val="88"/>' in table  # Big5


def test_libreoffice_converts_it(tmp_path: Path, report_doc: Document, report_docx: bytes) -> None:
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is needed (sh scripts/setup.sh --test installs libreoffice-writer-nogui)"
    source = tmp_path / "report.docx"
    source.write_bytes(report_docx)
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp_path}/profile", "--convert-to",
                    "pdf", "--outdir", str(tmp_path), str(source)], check=True, capture_output=True, timeout=240)
    reader = pypdf.PdfReader(tmp_path / "report.pdf")
    text = "".join(page.extract_text() for page in reader.pages)
    assert len(reader.pages) >= 2
    assert "关于产业集群发展的调研报告" in text.replace(" ", "")
    headings = [b.text for b in report_doc.body() if b.kind == HEADING]
    assert headings[0].replace(" ", "")[:6] in text.replace(" ", "")


def test_theme_font_language_is_chinese_not_japanese() -> None:
    data = render(Document([Block("中文正文。", 1)]), "docx")
    settings = zipfile.ZipFile(io.BytesIO(data)).read("word/settings.xml").decode()
    assert 'w:eastAsia="zh-CN"' in settings and "ja-JP" not in settings


@pytest.fixture(scope="module")
def libreoffice_pdfs(tmp_path_factory, report_doc: Document) -> dict[str, Path]:
    """The book (default style) and an official document (gb9704) as DOCX, rendered by LibreOffice."""
    office = shutil.which("libreoffice") or shutil.which("soffice")
    assert office, "LibreOffice is needed (sh scripts/setup.sh --test installs libreoffice-writer-nogui)"
    tmp = tmp_path_factory.mktemp("lo")
    from test_export_pdf import notice_document

    sources = {"book": render(report_doc, "docx"),
               "official": render(make_document.synthetic_document(6000, headings=False), "docx",
                                  ExportOptions(style="gb9704")),
               "notice": render(notice_document(issued=True), "docx", ExportOptions(style="gb9704")),
               "hanging": render(Document([Block(HANGING_LINE, 1)]), "docx")}
    # the same without the setting that keeps LibreOffice from hanging the 。 (and losing it)
    sources["hanging-control"] = _without_overflow_punct(sources["hanging"])
    for name, data in sources.items():
        (tmp / f"{name}.docx").write_bytes(data)
    subprocess.run([office, "--headless", f"-env:UserInstallation=file://{tmp}/profile", "--convert-to", "pdf",
                    "--outdir", str(tmp), *(str(tmp / f"{name}.docx") for name in sources)],
                   check=True, capture_output=True, timeout=400)
    return {name: tmp / f"{name}.pdf" for name in sources}


# A justified line that ends with （仅限内部） at the right margin, a 。 after it: LibreOffice (7.4) hangs
# the 。 in the margin and, in a justified line, does not draw it.
HANGING_LINE = "35" + "甲" * 35 + "请访问 https://www.example.com/notice?id=2024&lang=zh 查看（仅限内部）。" + "丙" * 10


def _without_overflow_punct(data: bytes) -> bytes:
    source, out = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "word/styles.xml":
                assert b'<w:overflowPunct w:val="1"/>' in content
                content = content.replace(b'<w:overflowPunct w:val="1"/>', b"")
            target.writestr(item, content)
    return out.getvalue()


def _lines(pdf: Path) -> list[str]:
    with pdfplumber.open(pdf) as reader:
        return [line["text"] for page in reader.pages for line in page.extract_text_lines()
                if line["top"] < page.height - 70]


def test_libreoffice_keeps_every_character(libreoffice_pdfs, report_doc: Document) -> None:
    lines = _lines(libreoffice_pdfs["book"])
    source = Counter(ch for block in report_doc.blocks for ch in block.text if not ch.isspace())
    printed = Counter(ch for line in lines for ch in line if not ch.isspace())
    assert source - printed == Counter()  # nothing lost (line-end marks included)


def test_libreoffice_keeps_a_full_stop_after_a_bracket_at_the_margin(libreoffice_pdfs) -> None:
    def missing(name: str) -> Counter:
        printed = Counter(ch for line in _lines(libreoffice_pdfs[name]) for ch in line if not ch.isspace())
        return Counter(ch for ch in HANGING_LINE if not ch.isspace()) - printed

    assert missing("hanging") == Counter()
    assert any(line.startswith("部）。") for line in _lines(libreoffice_pdfs["hanging"]))  # moved down, not hung
    # the control: LibreOffice's default (hanging punctuation) loses the mark
    assert missing("hanging-control") == Counter({"。": 1})


def test_libreoffice_breaks_lines_legally(libreoffice_pdfs) -> None:
    lines = _lines(libreoffice_pdfs["book"])
    assert [line for line in lines if line[0] in "，。、；：？！）》」』”’"] == []
    assert [line for line in lines if line[-1] in "（《「『“‘"] == []


def test_libreoffice_sets_22_lines_on_a_gb9704_page(libreoffice_pdfs) -> None:
    with pdfplumber.open(libreoffice_pdfs["official"]) as reader:
        page = reader.pages[1]
        lines = [line for line in page.extract_text_lines() if line["top"] < page.height - 80]
    assert len(lines) == 22


def test_font_table_names_the_chinese_fonts_with_their_chinese_names_and_classes(report_docx: bytes) -> None:
    table = zipfile.ZipFile(io.BytesIO(report_docx)).read("word/fontTable.xml").decode()
    fonts = docx.oxml.parse_xml(table.split("?>", 1)[1].encode())
    entries = {font.get(qn("w:name")): font for font in fonts}
    assert {"SimSun", "SimHei", "KaiTi", "Times New Roman", "Arial"} <= set(entries)
    assert "ＭＳ 明朝" not in table  # the template's Japanese fonts are gone
    for name, alt in (("SimSun", "宋体"), ("SimHei", "黑体"), ("KaiTi", "楷体")):
        assert entries[name].find(qn("w:altName")).get(qn("w:val")) == alt
        assert entries[name].find(qn("w:charset")).get(qn("w:val")) == "86"  # GB 2312
        assert len(entries[name].find(qn("w:panose1")).get(qn("w:val"))) == 20
    document = docx.Document(io.BytesIO(report_docx))
    used = {r.get(qn("w:eastAsia")) for r in document.element.iter(qn("w:rFonts"))} - {None}
    assert used <= set(entries)  # every East Asian font a run or style names is described


def test_libreoffice_finds_a_stand_in_of_the_same_kind_for_the_named_fonts(libreoffice_pdfs) -> None:
    # SimSun, SimHei, FangSong are not installed: fontconfig maps them to the Song and Hei faces here
    # (FangSong through scripts/fontconfig/60-jingwen-chinese-names.conf, which setup.sh installs)
    fonts = subprocess.run(["pdffonts", str(libreoffice_pdfs["book"])], capture_output=True, text=True,
                           check=True).stdout
    assert "NotoSerifCJK" in fonts and "NotoSansCJK" in fonts, fonts
    with pdfplumber.open(libreoffice_pdfs["notice"]) as reader:
        lines = {line["text"].replace(" ", ""): line["chars"] for line in reader.pages[0].extract_text_lines()}
    body = lines["全市各类生产经营单位，重点是危险化学品、道路交通、建"]  # 3号仿宋
    heading = lines["一、检查范围"]  # 3号黑体
    assert all("Serif" in c["fontname"] for c in body), body[0]["fontname"]  # a Song face for 仿宋, not sans
    assert all("Sans" in c["fontname"] for c in heading if c["text"] != "、"), heading[0]["fontname"]


def test_gb9704_document_number_asks_for_no_automatic_han_latin_space() -> None:
    from test_export_pdf import notice_document

    document = docx.Document(io.BytesIO(render(notice_document(), "docx", ExportOptions(style="gb9704"))))
    ppr = {p.text: p._p.pPr for p in document.paragraphs}
    for text, wanted in (("某政办发〔2024〕12号", "0"), ("2024年3月15日", None)):  # a code; a date (control)
        for tag in ("autoSpaceDE", "autoSpaceDN"):
            element = ppr[text].find(qn(f"w:{tag}")) if ppr[text] is not None else None
            assert (element.get(qn("w:val")) if element is not None else None) == wanted, (text, tag)


def test_libreoffice_renders_the_gb9704_colophon_with_its_rules(libreoffice_pdfs) -> None:
    from test_export_pdf import ISSUED, NOTICE

    with pdfplumber.open(libreoffice_pdfs["notice"]) as reader:
        text = "".join(page.extract_text() for page in reader.pages).replace(" ", "").replace("\n", "")
        page = reader.pages[-1]
        rules = sorted({round(r["top"]) for r in page.rects + page.lines if r["width"] > page.width * 0.6})
        last_text_line = max(line["bottom"] for line in page.extract_text_lines() if "2024年3月15日" ==
                             line["text"].replace(" ", ""))  # 成文日期
    for _, line in [*NOTICE, ISSUED]:
        assert line.replace(" ", "") in text  # every character kept
    assert len(rules) == 3, rules  # thick above 抄送, thin between, thick below the 印发 line
    _, bottom, _, _ = load_style("gb9704").margins_for("A4")
    assert abs(rules[-1] - (page.height - bottom * 72 / 25.4)) < 2  # on the foot of the text area
    assert rules[0] - last_text_line > 36  # not right after the text: pinned to the foot
