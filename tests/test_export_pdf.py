"""PDF export: open what was written with pypdf and pdfplumber and check it as a printer would."""
from __future__ import annotations

import importlib.util
import io
import re
from collections import Counter
from pathlib import Path

import pdfplumber
import pypdf
import pytest
from jingwen.cleaner.model.document import HEADING, Block, Document
from jingwen.exporters import ExportOptions, render
from jingwen.exporters.fonts import coverage, plan_fonts

FIXTURES = Path(__file__).parent / "fixtures" / "export"
_spec = importlib.util.spec_from_file_location("make_document", FIXTURES / "make_document.py")
make_document = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_document)

# The marks the issue names, written out here rather than taken from the module under test.
NO_LINE_START = set("，。、；：？！）》」』”’") | set("，．；：？！）］｝")
NO_LINE_END = set("（《「『“‘")


def _fonts(reader: pypdf.PdfReader) -> list[tuple[int, str, dict]]:
    """(page, base font, font descriptor or {}) for every font in every page's resources."""
    out = []
    for number, page in enumerate(reader.pages, 1):
        fonts = page["/Resources"].get("/Font", {})
        for ref in fonts.values():
            font = ref.get_object()
            if font["/Subtype"] == "/Type0":
                descriptor = font["/DescendantFonts"][0].get_object().get("/FontDescriptor")
            else:
                descriptor = font.get("/FontDescriptor")
            out.append((number, str(font["/BaseFont"]), descriptor.get_object() if descriptor else {}))
    return out


def _outline_titles(entries) -> list[str]:
    titles = []
    for entry in entries:
        if isinstance(entry, list):
            titles.extend(_outline_titles(entry))
        else:
            titles.append(entry.title)
    return titles


@pytest.fixture(scope="module")
def report_doc() -> Document:
    return make_document.synthetic_document(9000)


@pytest.fixture(scope="module")
def report_pdf(report_doc: Document) -> bytes:
    return render(report_doc, "pdf")


def test_every_font_is_embedded_truetype(report_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(report_pdf))
    fonts = _fonts(reader)
    assert fonts, "no fonts found at all"
    for page, name, descriptor in fonts:
        assert "/FontFile2" in descriptor, f"page {page}: {name} is not embedded as TrueType"
        assert "Helvetica" not in name and "STSong" not in name
    assert b"Helvetica" not in report_pdf and b"STSong" not in report_pdf


def test_text_contains_every_character_of_the_body(report_doc: Document, report_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(report_pdf)) as pdf:
        extracted = "".join(page.extract_text() or "" for page in pdf.pages)
    body = "".join(b.text for b in report_doc.body())
    missing = {ch for ch in body if not ch.isspace()} - set(extracted)
    assert not missing, f"characters lost: {''.join(sorted(missing))}"
    # and in order, paragraph by paragraph
    flat = re.sub(r"\s+", "", extracted)
    position = 0
    for block in report_doc.body():
        text = re.sub(r"\s+", "", block.text)
        found = flat.find(text[:12], position)
        assert found >= 0, block.text[:30]
        position = found


def test_outline_equals_the_headings(report_doc: Document, report_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(report_pdf))
    headings = [b.text for b in report_doc.body() if b.kind == HEADING]
    assert len(headings) > 5
    assert _outline_titles(reader.outline) == headings
    assert reader.trailer["/Root"]["/PageMode"] == "/UseOutlines"


def test_metadata_and_language(report_doc: Document, report_pdf: bytes) -> None:
    reader = pypdf.PdfReader(io.BytesIO(report_pdf))
    meta = reader.metadata
    assert meta.title == report_doc.meta.title
    assert meta.author == "测试作者"
    assert meta.subject and meta.subject in "".join(b.text for b in report_doc.blocks)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "zh-CN"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def test_page_numbers_and_first_line_indent(report_pdf: bytes) -> None:
    with pdfplumber.open(io.BytesIO(report_pdf)) as pdf:
        assert len(pdf.pages) >= 5
        for number, page in enumerate(pdf.pages, 1):
            footer = [w for w in page.extract_words() if w["top"] > page.height - 60]
            assert [w["text"] for w in footer] == [str(number)]
            text_centre = (25 + 210 - 22) / 2 * 72 / 25.4  # the default style's margins: 25 mm left, 22 right
            assert abs((footer[0]["x0"] + footer[0]["x1"]) / 2 - text_centre) < 1
        page = pdf.pages[1]
        lines = page.extract_text_lines()
        # the left margin is where most lines start (an opening mark set flush starts half an em left of it)
        left = Counter(round(line["x0"]) for line in lines).most_common(1)[0][0]
        indents = {round(line["x0"] - left) for line in lines if line["top"] < page.height - 60}
        assert 24 in indents, indents  # 2 em of 12 pt body text


def test_a_hundred_pages_without_a_line_breaking_violation() -> None:
    doc = make_document.synthetic_document(110_000, seed=7)
    pdf = render(doc, "pdf")
    lines: list[str] = []
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        pages = len(reader.pages)
        for page in reader.pages:
            lines.extend(line["text"] for line in page.extract_text_lines() if line["top"] < page.height - 60)
    assert pages >= 95
    assert len(lines) > 2500  # fewer than before 开明式 compression, which sets most marks in half an em
    starts = [line for line in lines if line[0] in NO_LINE_START]
    # a heading cut short by the generator may itself end with an opening mark: not a line break
    block_ends = tuple(block.text for block in doc.blocks)
    ends = [line for line in lines if line[-1] in NO_LINE_END and not any(t.endswith(line) for t in block_ends)]
    split = [(a, b) for a, b in zip(lines, lines[1:], strict=False)
             if (a.endswith("—") and b.startswith("—")) or (a.endswith("…") and b.startswith("…"))]
    assert (starts, ends, split) == ([], [], [])
    # the marks are really there to be broken around
    text = "".join(lines)
    assert sum(text.count(ch) for ch in NO_LINE_START) > 5000
    assert sum(text.count(ch) for ch in NO_LINE_END) > 1000


def test_paper_sizes() -> None:
    doc = make_document.synthetic_document(500)
    expected = {"A4": (595, 842), "A5": (420, 595), "B5": (499, 709), "letter": (612, 792)}
    for paper, (w, h) in expected.items():
        reader = pypdf.PdfReader(io.BytesIO(render(doc, "pdf", ExportOptions(paper=paper))))
        box = reader.pages[0].mediabox
        assert (round(float(box.width)), round(float(box.height))) == (w, h), paper


def test_crop_marks_add_a_bleed_border_and_trim_box() -> None:
    doc = make_document.synthetic_document(500)
    reader = pypdf.PdfReader(io.BytesIO(render(doc, "pdf", ExportOptions(crop_marks=True))))
    page = reader.pages[0]
    assert round(float(page.mediabox.width)) == round(595.28 + 2 * 28.35)
    trim = [round(float(v)) for v in page.trimbox]
    assert trim == [28, 28, 624, 870]


def test_table_of_contents_lists_headings_with_their_pages() -> None:
    doc = make_document.synthetic_document(20000)
    pdf = render(doc, "pdf", ExportOptions(toc=True))
    headings = [b.text for b in doc.body() if b.kind == HEADING]
    reader = pypdf.PdfReader(io.BytesIO(pdf))
    with pdfplumber.open(io.BytesIO(pdf)) as plumber:
        first = plumber.pages[0].extract_text() + plumber.pages[1].extract_text()
    assert "目录" in first
    assert headings[0][:8] in first
    # each heading's page number in the table is the page its bookmark points to
    pages = {entry.title: reader.get_destination_page_number(entry) + 1 for entry in _flatten(reader.outline)}
    toc_lines = [line for line in first.splitlines() if line.startswith(headings[1][:6])]
    assert toc_lines and toc_lines[0].rstrip().endswith(str(pages[headings[1]]))


def _flatten(entries):
    for entry in entries:
        if isinstance(entry, list):
            yield from _flatten(entry)
        else:
            yield entry


def test_gb9704_grid_and_page_number() -> None:
    doc = make_document.synthetic_document(6000, headings=False)
    pdf = render(doc, "pdf", ExportOptions(style="gb9704"))
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        page = reader.pages[1]
        lines = [line for line in page.extract_text_lines() if line["top"] < page.height - 80]
        assert len(lines) == 22
        pure = [line["text"] for line in lines if all(not ch.isascii() for ch in line["text"])]
        assert pure and max(len(t) for t in pure) in (28, 29)  # 28, or 29 with a pushed-in mark
        footer_odd = [w for w in reader.pages[0].extract_words() if w["top"] > page.height - 100]
        footer_even = [w for w in reader.pages[1].extract_words() if w["top"] > page.height - 100]
        assert " ".join(w["text"] for w in footer_odd) == "— 1 —"
        assert footer_odd[0]["x0"] > page.width / 2 > footer_even[-1]["x1"]  # outer side
        sizes = {round(ch["size"]) for ch in page.chars}
        assert 16 in sizes


def test_traditional_text_uses_the_taiwan_subfont(without_noto) -> None:
    doc = Document([Block("閱讀教學設計與反思。這是「測試」。", 1)])
    doc.meta.script, doc.meta.language = "hant", "zh-Hant"
    reader = pypdf.PdfReader(io.BytesIO(render(doc, "pdf")))
    assert any("UMingTW" in name for _, name, _ in _fonts(reader))
    doc.meta.language = "zh-HK"
    reader = pypdf.PdfReader(io.BytesIO(render(doc, "pdf")))
    assert any("UMingHK" in name for _, name, _ in _fonts(reader))


def test_heading_face_without_a_glyph_falls_back_to_the_body_face(without_noto) -> None:
    plan = plan_fonts(["hei", "song"], "CN")
    hei, song = plan.face_for("hei"), plan.face_for("song")
    assert "Zen Hei" in hei.family and "UMing" in song.family
    only_song = next(chr(c) for c in sorted(coverage(song) - coverage(hei)) if 0x3040 <= c <= 0x9FFF or c > 0x20000)
    doc = Document([Block(f"一、标题{only_song}字", 1, kind=HEADING, level=1), Block("正文。", 2)])
    pdf = render(doc, "pdf")
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        chars = reader.pages[0].chars
    fonts = {ch["text"]: ch["fontname"] for ch in chars}
    assert "ZenHei" in fonts["标"] and "UMing" in fonts[only_song]


def _nested(entries, depth: int = 0) -> list[tuple[int, str]]:
    """The outline as (depth, title) in document order."""
    out: list[tuple[int, str]] = []
    for entry in entries:
        if isinstance(entry, list):
            out.extend(_nested(entry, depth + 1))
        else:
            out.append((depth, entry.title))
    return out


def test_outline_keeps_order_and_nesting_when_headings_follow_each_other() -> None:
    # headings directly after headings: the outline used to be written in drawing order, which
    # put 第一节 before its 第一章 and （一） under the wrong 一、
    plan = [(1, "第一章 总则"), (2, "第一节 目的"), (3, "一、适用范围"), (0, "正文一段。"),
            (3, "二、基本原则"), (2, "第二节 定义"), (3, "一、术语"), (0, "正文二段。"),
            (1, "第二章 分则"), (2, "第一节 申请"), (0, "正文三段。")]
    blocks = [Block(text, n, kind=HEADING if level else "paragraph", level=level or 0)
              for n, (level, text) in enumerate(plan, 1)]
    pdf = render(Document(blocks), "pdf")
    outline = _nested(pypdf.PdfReader(io.BytesIO(pdf)).outline)
    assert outline == [(level - 1, text) for level, text in plan if level]


def _chars_by_line(pdf: bytes, page_no: int = 0) -> list[list[dict]]:
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        page = reader.pages[page_no]
        lines: dict[int, list[dict]] = {}
        for ch in page.chars:
            lines.setdefault(round(ch["matrix"][5]), []).append(ch)  # by baseline: faces differ in height
    return [sorted(chars, key=lambda c: c["x0"]) for _, chars in sorted(lines.items(), reverse=True)]


def test_latin_text_is_set_in_a_proportional_latin_face() -> None:
    text = "规范名称为clreq，示例example与版本v2.1.1都用比例字体排印。" * 4
    pdf = render(Document([Block(text, 1)]), "pdf")
    latin = [ch for line in _chars_by_line(pdf) for ch in line if ch["text"].isascii() and ch["text"].isalnum()]
    assert len(latin) > 40
    fonts = {ch["fontname"].split("+")[-1] for ch in latin}
    assert not any("UMing" in f or "Mono" in f for f in fonts), fonts
    widths = {ch["text"]: round(ch["x1"] - ch["x0"], 2) for ch in latin}
    assert widths["l"] < widths["m"]  # proportional: l and m differ (UMing gives both half an em)


def test_han_and_latin_are_separated_by_a_quarter_em() -> None:
    pdf = render(Document([Block("用Python写代码", 1)]), "pdf")
    chars = _chars_by_line(pdf)[0]
    by_text = {ch["text"]: ch for ch in chars}
    size = by_text["用"]["size"]
    assert abs(by_text["P"]["x0"] - by_text["用"]["x1"] - 0.25 * size) < 0.3
    assert abs(by_text["写"]["x0"] - by_text["n"]["x1"] - 0.25 * size) < 0.3


@pytest.mark.parametrize("pair", ["”，", "）。", "”“", "、“", "》，"])
def test_adjacent_marks_take_at_most_one_and_a_half_em(pair: str) -> None:
    text = f"前文{pair}后文" if pair[1] not in "“" else f"前文{pair}后文”"
    pdf = render(Document([Block(text, 1)]), "pdf", ExportOptions(style="default"))
    chars = _chars_by_line(pdf)[0]
    at = next(i for i, ch in enumerate(chars) if ch["text"] == pair[0])
    size = chars[at]["size"]
    # from the start of the first mark's box to the start of the character after the pair
    span = chars[at + 2]["x0"] - chars[at]["x0"]
    assert span <= 1.5 * size + 0.01, (pair, span / size)


def test_an_opening_mark_that_starts_a_line_is_set_flush() -> None:
    text = "甲" * 60 + "“引文”" + "乙" * 80
    pdf = render(Document([Block(text, 1)]), "pdf")
    lines = _chars_by_line(pdf)
    left = min(line[0]["x0"] for line in lines if line[0]["text"] == "乙")
    opening = [line for line in lines if line[0]["text"] == "“"]
    body = [line for line in lines if line[0]["text"] != "“"]
    margin = 25 * 72 / 25.4
    assert body and abs(left - margin) < 0.5
    for line in opening:  # the quote's blank left half hangs into the margin: its ink is flush
        assert abs(line[0]["x0"] - (margin - 0.5 * line[0]["size"])) < 0.5


def test_no_paragraph_ends_with_a_single_character_line() -> None:
    # widths chosen so that a greedy fill leaves 了。 alone on the last line
    texts = ["一" * n + "了。" for n in range(30, 80)]
    pdf = render(Document([Block(t, i) for i, t in enumerate(texts, 1)]), "pdf", ExportOptions(style="default"))
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        lines = [line["text"] for page in reader.pages for line in page.extract_text_lines()
                 if line["top"] < page.height - 60]
    runts = [line for line in lines if sum(ch.isalnum() for ch in line) == 1]
    assert lines and runts == []


def test_a_long_url_is_broken_after_a_slash_not_left_loose() -> None:
    url = "https://www.w3.org/International/clreq/index.html?lang=zh&section=punctuation"
    text = "相关规范见" + url + "，其中详细说明了中文排版的各项要求，请仔细阅读。" * 2
    pdf = render(Document([Block(text, 1)]), "pdf")
    lines = [[ch["text"] for ch in line] for line in _chars_by_line(pdf)]
    first = "".join(lines[0])
    assert first.startswith("相关规范见https") and first[-1] in "/.?&=-_", first


def test_a5_folio_is_scaled_away_from_the_trim_edge() -> None:
    doc = make_document.synthetic_document(500)
    with pdfplumber.open(io.BytesIO(render(doc, "pdf", ExportOptions(paper="A5")))) as reader:
        page = reader.pages[0]
        folio = [w for w in page.extract_words() if w["text"] == "1" and w["top"] > page.height - 80][0]
        assert (page.height - folio["bottom"]) * 25.4 / 72 > 6.5  # was 4.4 mm


@pytest.mark.parametrize("style", ["default", "gb9704"])
def test_a_wrapped_title_breaks_between_words(style: str) -> None:
    title = "关于进一步加强全市安全生产大检查工作作为促进产业升级重要抓手的通知"
    doc = Document([Block(title, 1), Block("正文。", 2)])
    doc.meta.title = title
    with pdfplumber.open(io.BytesIO(render(doc, "pdf", ExportOptions(style=style)))) as reader:
        lines = [line["text"] for line in reader.pages[0].extract_text_lines()][:2]
    assert "".join(lines) == title
    # the break falls between two words (大检查 / 工作), the lines balanced, the second not shorter
    assert lines[0].endswith("大检查") and lines[1].startswith("工作"), lines
    assert len(lines[0]) <= len(lines[1])


NOTICE = [  # our own notice, shaped like a real one: title, 发文字号, 主送机关, body, 附件, 署名, 成文日期, 抄送
    (0, "某某市人民政府办公室关于开展全市安全生产大检查工作作为促进产业升级重要抓手的通知"),
    (0, "某政办发〔2024〕12号"),
    (0, "各区县人民政府，市政府各部门，各直属机构："),
    (0, "为深入贯彻落实安全生产工作部署，切实防范化解重大安全风险，经市政府同意，决定在全市范围内开展安全生产大检查。"),
    (1, "一、检查范围"),
    (0, "全市各类生产经营单位，重点是危险化学品、道路交通、建筑施工、消防等行业领域。"),
    (0, "附件：1.全市安全生产大检查工作方案"),
    (3, "2.安全生产大检查情况统计表"),
    (0, "某某市人民政府办公室"),
    (0, "2024年3月15日"),
    (0, "抄送：市委办公室，市人大常委会办公室，市政协办公室。"),
]


ISSUED = (0, "某某市人民政府办公室 2024年3月15日印发")


def notice_document(issued: bool = False) -> Document:
    """The notice; ``issued``: with the 印发 line that closes its 版记."""
    blocks = [Block(text, n, kind=HEADING if level else "paragraph", level=level)
              for n, (level, text) in enumerate(NOTICE + [ISSUED] * issued, 1)]
    doc = Document(blocks)
    doc.meta.title = NOTICE[0][1]
    return doc


def test_gb9704_lays_out_the_parts_of_an_official_document() -> None:
    pdf = render(notice_document(), "pdf", ExportOptions(style="gb9704"))
    left, right = 28 * 72 / 25.4, (210 - 26) * 72 / 25.4
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        lines = {line["text"].replace(" ", ""): line for page in reader.pages for line in page.extract_text_lines()}
        outline = _nested(pypdf.PdfReader(io.BytesIO(pdf)).outline)
    title = [t for t in lines if t.startswith("某某市人民政府办公室关于")]
    assert title == ["某某市人民政府办公室关于开展全市安全生产"]  # broken between words (生产 / 大检查)
    addressee = lines["各区县人民政府，市政府各部门，各直属机构："]
    assert abs(addressee["x0"] - left) < 1  # 主送机关 flush left
    date, signature = lines["2024年3月15日"], lines["某某市人民政府办公室"]
    em = (right - left) / 28
    assert abs(date["x1"] - (right - 4 * em)) < 1.5  # 成文日期 four characters in from the right
    assert abs((signature["x0"] + signature["x1"]) / 2 - (date["x0"] + date["x1"]) / 2) < 1.5  # 署名 centred on it
    first, second = lines["附件：1.全市安全生产大检查工作方案"], lines["2.安全生产大检查情况统计表"]
    assert abs(second["x0"] - (first["x0"] + 3 * em)) < 1.5  # the list aligned under 1.
    assert outline == [(0, "一、检查范围")]  # 2.安全生产大检查情况统计表 is a list item, not a heading


def test_gb9704_document_number_is_a_code_without_han_latin_spacing() -> None:
    pdf = render(notice_document(), "pdf", ExportOptions(style="gb9704"))
    lines = {"".join(ch["text"] for ch in line): line for line in _chars_by_line(pdf)}
    number, date = lines["某政办发〔2024〕12号"], lines["2024年3月15日"]

    def gap(line, before: str, after: str) -> float:  # blank between two neighbours, in em
        at = next(i for i in range(len(line) - 1) if line[i]["text"] == before and line[i + 1]["text"] == after)
        return (line[at + 1]["x0"] - line[at]["x1"]) / line[at]["size"]

    assert gap(number, "2", "号") < 0.05  # 12号, not 12 号
    assert gap(date, "4", "年") > 0.2  # the control: a date in the text keeps its quarter em


def test_hanging_punctuation_sets_line_end_marks_in_the_margin(tmp_path: Path) -> None:
    style = tmp_path / "hanging.toml"
    style.write_text('extends = "default"\n[composition]\nhanging = true\n', encoding="utf-8")
    text = "".join("甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥天地玄黄宇宙洪荒，" for _ in range(12))
    right = (210 - 22) * 72 / 25.4
    hung = []
    for options in (ExportOptions(style=str(style)), ExportOptions()):
        lines = _chars_by_line(render(Document([Block(text, 1)]), "pdf", options))
        ends = [line[-1] for line in lines[:-1]]
        hung.append([ch for ch in ends if ch["text"] == "，" and ch["x0"] >= right - 1])
        # every other line end stays at the margin: the text before a hanging mark fills the measure
        for line in lines[:-1]:
            last = line[-2] if line[-1]["text"] == "，" and line[-1]["x0"] >= right - 1 else line[-1]
            assert last["x1"] <= right + 0.5 * last["size"] + 0.5
    assert hung[0] and not hung[1]  # marks in the margin with hanging = true only


def _rules(page) -> list[dict]:
    """Horizontal rules as wide as most of the page's text."""
    return sorted((line for line in page.lines if line["width"] > page.width * 0.6 and line["height"] < 1),
                  key=lambda line: line["top"])


def test_gb9704_colophon_sits_at_the_foot_between_its_rules() -> None:
    doc = notice_document(issued=True)
    doc.blocks[-2].text = "抄送：" + "，".join(f"市第{n}办公室" for n in "一二三四五六七八九十") + "。"
    pdf = render(doc, "pdf", ExportOptions(style="gb9704"))
    left, right = 28 * 72 / 25.4, (210 - 26) * 72 / 25.4
    em = (right - left) / 28 * 14 / 16  # 4号 on the grid's pitch
    with pdfplumber.open(io.BytesIO(pdf)) as reader:
        page = reader.pages[-1]
        rules = _rules(page)
        lines = [line for line in page.extract_text_lines() if rules[0]["top"] < line["top"] < rules[-1]["top"]]
    assert len(rules) == 3
    assert [round(r["linewidth"] * 25.4 / 72, 2) for r in rules] == [0.35, 0.25, 0.35]  # thick, thin, thick
    assert all(abs(r["x0"] - left) < 1 and abs(r["x1"] - right) < 1 for r in rules)  # the width of the text
    assert abs(rules[-1]["top"] - (page.height - 35 * 72 / 25.4)) < 1  # on the bottom edge of the text area
    cc, more, issued = lines[0], lines[1], lines[-1]
    assert cc["text"].startswith("抄送：") and abs(cc["x0"] - (left + em)) < 1  # one character in
    assert abs(more["x0"] - (left + 4 * em)) < 1  # further names under the first one, after 抄送：
    assert rules[0]["top"] < cc["top"] and more["bottom"] < rules[1]["top"] < issued["top"]
    start, end = min(c["x0"] for c in issued["chars"]), max(c["x1"] for c in issued["chars"])
    assert abs(start - (left + em)) < 1 and abs(end - (right - em)) < 1.5  # 印发机关 and 印发日期, one in
    assert issued["text"].replace(" ", "") == "某某市人民政府办公室2024年3月15日印发"


def test_gb9704_title_of_three_lines_is_a_trapezoid_or_diamond() -> None:
    from jingwen.exporters.words import word_ends

    title = "某某市人民政府办公室关于进一步加强全市安全生产大检查工作作为促进产业结构转型升级重要抓手的通知"
    doc = Document([Block(title, 1), Block("正文。", 2)])
    doc.meta.title = title
    with pdfplumber.open(io.BytesIO(render(doc, "pdf", ExportOptions(style="gb9704")))) as reader:
        page = reader.pages[0]
        lines = [line for line in page.extract_text_lines() if line["chars"][0]["size"] > 20]
    texts = [line["text"].replace(" ", "") for line in lines]
    assert "".join(texts) == title and len(texts) == 3
    assert len(texts[0]) <= len(texts[1])  # 梯形 (growing) or 菱形 (the middle longest), never top-heavy
    ends = word_ends(title)
    assert len(texts[0]) in ends and len(texts[0]) + len(texts[1]) in ends  # breaks between words
    centres = [(line["x0"] + line["x1"]) / 2 for line in lines]
    assert max(centres) - min(centres) < 2  # centred
