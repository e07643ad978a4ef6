"""HTML and EPUB export: XHTML that parses as XML, and an EPUB that epubcheck passes (CI installs it)."""
from __future__ import annotations

import importlib.util
import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from jingwen.cleaner.model.document import HEADING, VERBATIM, Block, Document
from jingwen.exporters import ExportOptions, render
from lxml import etree

FIXTURES = Path(__file__).parent / "fixtures" / "export"
_spec = importlib.util.spec_from_file_location("make_document", FIXTURES / "make_document.py")
make_document = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(make_document)
EPUBCHECK = Path("/usr/share/java/epubcheck.jar")
XHTML = "{http://www.w3.org/1999/xhtml}"


def _doc() -> Document:
    doc = make_document.synthetic_document(5000)
    doc.blocks.append(Block("front: matter\n  indented <code> & more", len(doc.blocks) + 1, kind=VERBATIM))
    doc.blocks.append(Block("第一行\n第二行 <b>不是标签</b> & “引号”", len(doc.blocks) + 1))
    doc.blocks.append(Block("（1）跳过第二级的第三级标题", len(doc.blocks) + 1, kind=HEADING, level=3))
    return doc


def test_xhtml_parses_as_xml_with_language_and_headings() -> None:
    doc = _doc()
    root = etree.fromstring(render(doc, "html"))  # lxml's XML parser: well-formed or it raises
    assert root.tag == XHTML + "html"
    assert root.get("lang") == "zh-CN" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "zh-CN"
    headings = [(el.tag[len(XHTML):], el.text) for el in root.iter() if el.tag in {XHTML + "h1", XHTML + "h2",
                                                                                     XHTML + "h3"}]
    assert headings[0] == ("h1", doc.meta.title)
    assert headings[1:] == [(f"h{b.level}", b.text) for b in doc.body() if b.kind == HEADING]
    paragraphs = root.findall(f".//{XHTML}p")
    assert len(paragraphs) == sum(1 for b in doc.body() if b.kind == "paragraph") - 1  # the title is a heading
    assert "<b>不是标签</b>" in etree.tostring(root, encoding="unicode", method="text")
    css = root.find(f".//{XHTML}style").text
    for needle in ("text-indent: 2em", "line-break: strict", "line-height: 1.8", '"AR PL UMing CN"'):
        assert needle in css


def test_vertical_writing() -> None:
    doc = Document([Block("閱讀教學設計與反思。", 1)])
    doc.meta.script, doc.meta.language = "hant", "zh-Hant"
    root = etree.fromstring(render(doc, "html", ExportOptions(vertical=True)))
    assert root.get("lang") == "zh-TW"
    assert "writing-mode: vertical-rl" in root.find(f".//{XHTML}style").text
    assert "writing-mode" not in render(doc, "html").decode()


def test_epub_structure() -> None:
    doc = _doc()
    data = render(doc, "epub")
    archive = zipfile.ZipFile(io.BytesIO(data))
    first = archive.infolist()[0]
    assert (first.filename, first.compress_type, archive.read("mimetype")) == (
        "mimetype", zipfile.ZIP_STORED, b"application/epub+zip")
    assert data[30:38] == b"mimetype"
    opf = etree.fromstring(archive.read("OEBPS/content.opf"))
    ns = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}
    assert opf.findtext(".//dc:language", namespaces=ns) == "zh-CN"
    assert opf.findtext(".//dc:title", namespaces=ns) == doc.meta.title
    identifier = opf.findtext(".//dc:identifier", namespaces=ns)
    again = etree.fromstring(zipfile.ZipFile(io.BytesIO(render(doc, "epub"))).read("OEBPS/content.opf"))
    assert identifier.startswith("urn:uuid:") and again.findtext(".//dc:identifier", namespaces=ns) == identifier
    doc.blocks[-2] = doc.blocks[-2].with_text("改过的文字。")
    changed = etree.fromstring(zipfile.ZipFile(io.BytesIO(render(doc, "epub"))).read("OEBPS/content.opf"))
    assert changed.findtext(".//dc:identifier", namespaces=ns) != identifier
    nav = etree.fromstring(archive.read("OEBPS/nav.xhtml"))
    links = [a.text for a in nav.iter(XHTML + "a")]
    assert links == [b.text for b in _doc().body() if b.kind == HEADING]
    for name in archive.namelist():
        if name.endswith(".xhtml"):
            etree.fromstring(archive.read(name))


def _epubcheck(path: Path) -> str:
    java = shutil.which("java")
    assert java and EPUBCHECK.exists(), "epubcheck is needed (sh scripts/setup.sh --test installs epubcheck)"
    run = subprocess.run([java, "-jar", str(EPUBCHECK), str(path)], capture_output=True, text=True, timeout=300)
    return run.stdout + run.stderr


@pytest.mark.parametrize("options", [ExportOptions(), ExportOptions(vertical=True, style="compact")],
                         ids=["default", "vertical"])
def test_epubcheck_reports_no_errors_and_no_warnings(tmp_path: Path, options: ExportOptions) -> None:
    doc = _doc()
    if options.vertical:
        doc.meta.script, doc.meta.language = "hant", "zh-TW"
    path = tmp_path / "book.epub"
    path.write_bytes(render(doc, "epub", options))
    output = _epubcheck(path)
    assert "Messages: 0 fatals / 0 errors / 0 warnings" in output, output


def test_epubcheck_does_find_errors(tmp_path: Path) -> None:
    """The check above can fail: a broken EPUB is reported."""
    good = zipfile.ZipFile(io.BytesIO(render(Document([Block("正文。", 1)]), "epub")))
    path = tmp_path / "broken.epub"
    with zipfile.ZipFile(path, "w") as broken:
        for info in good.infolist():
            if info.filename != "OEBPS/nav.xhtml":
                broken.writestr(info, good.read(info.filename))
    assert "0 errors" not in _epubcheck(path)


def test_vertical_page_in_chromium_quotes_as_corner_brackets_and_headings_not_piled(tmp_path: Path) -> None:
    from playwright.sync_api import sync_playwright

    chromium = Path("/usr/bin/chromium")
    assert chromium.exists(), "apt-get install chromium (scripts/setup.sh --test installs it)"
    blocks = [Block("關於產業集群發展的調研報告", 1), Block("一、總體情況", 2, kind=HEADING, level=1),
              Block("他說：“你好，‘世界’。”這是一段直排的測試文字。", 3)]
    doc = Document(blocks)
    doc.meta.title, doc.meta.language, doc.meta.script = blocks[0].text, "zh-TW", "hant"
    html = render(doc, "html", ExportOptions(vertical=True)).decode("utf-8")
    body = html.split("<body>")[1]
    assert "「你好，『世界』。」" in body and "“" not in body and "WenQuanYi" not in html
    page_file = tmp_path / "vertical.html"
    page_file.write_text(html, encoding="utf-8")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(chromium), args=["--no-sandbox"])
        page = browser.new_page()
        page.goto(page_file.as_uri())
        # each character of the heading takes its own em down the column: not piled on each other
        height, size = page.evaluate("""() => { const h = document.querySelector('h1:not(.title)');
            const r = document.createRange(); r.selectNodeContents(h);
            return [r.getBoundingClientRect().height, parseFloat(getComputedStyle(h).fontSize)]; }""")
        browser.close()
    assert height >= 0.9 * len("一、總體情況") * size, (height, size)


def _comma_ink(page, html: str, tmp_path: Path) -> tuple[float, float]:
    """Where the ink of the first ， of a vertical page sits in its cell, across and down (0…1)."""
    from PIL import Image

    page_file = tmp_path / "comma.html"
    page_file.write_text(html, encoding="utf-8")
    page.goto(page_file.as_uri())
    box = page.evaluate("""() => { const p = document.querySelector('p'); const t = p.firstChild;
        const i = t.data.indexOf('，'); const r = document.createRange(); r.setStart(t, i); r.setEnd(t, i + 1);
        const b = r.getBoundingClientRect(); return [b.left, b.top, b.right, b.bottom]; }""")
    image = Image.open(io.BytesIO(page.screenshot())).convert("L")
    cell = image.crop(tuple(round(v) for v in box))
    ink = cell.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert ink is not None, "the comma left no ink in its cell"
    return (ink[0] + ink[2]) / 2 / cell.width, (ink[1] + ink[3]) / 2 / cell.height


def test_vertical_commas_are_drawn_in_their_cell_not_in_a_corner(tmp_path: Path) -> None:
    # UMing has no vertical forms of ，：；: set upright, they land in the bottom-left corner of
    # their cell (a speck against the next column); vertical pages leave UMing out of their stacks
    from playwright.sync_api import sync_playwright

    doc = Document([Block("他說：你好，世界。這是一段直排的測試文字，用來看標點。", 1)])
    doc.meta.language, doc.meta.script = "zh-TW", "hant"
    html = render(doc, "html", ExportOptions(vertical=True)).decode("utf-8")
    assert "UMing" not in html.split("writing-mode")[0].split("body {")[1]
    html = html.replace("</style>", "p { font-size: 64px; }</style>")
    uming = html.replace("</style>", 'p { font-family: "AR PL UMing TW"; }</style>')
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 900, "height": 1400})
        across, down = _comma_ink(page, html, tmp_path)
        uming_across, _ = _comma_ink(page, uming, tmp_path)
        browser.close()
    assert 0.3 < across < 0.7 and 0.2 < down < 0.8, (across, down)  # centred (Taiwan) in its cell
    assert uming_across < 0.3, uming_across  # the failure this guards against, still there with UMing


def test_traditional_export_sets_corner_quotes_unless_curly_is_asked_for() -> None:
    doc = Document([Block("他說：“這是‘引號’。”", 1)])
    doc.meta.language, doc.meta.script = "zh-TW", "hant"
    for fmt in ("html", "epub", "docx", "pdf"):
        data = render(doc, fmt)
        text = _text_of(fmt, data)
        assert "他說：「這是『引號』。」" in text, (fmt, text)
        assert "“" not in _text_of(fmt, render(doc, fmt, ExportOptions(quotes="corner")))
        assert "“這是‘引號’。”" in _text_of(fmt, render(doc, fmt, ExportOptions(quotes="curly")))
    doc.meta.language, doc.meta.script = "zh-CN", "hans"
    assert "“这是" not in _text_of("html", render(doc, "html")) and "“這是" in _text_of("html", render(doc, "html"))


def _text_of(fmt: str, data: bytes) -> str:
    if fmt == "pdf":
        import pypdfium2

        return "".join(page.get_textpage().get_text_range() for page in pypdfium2.PdfDocument(data))
    if fmt == "docx":
        return zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    if fmt == "epub":
        archive = zipfile.ZipFile(io.BytesIO(data))
        return "".join(archive.read(n).decode() for n in archive.namelist() if n.endswith(".xhtml"))
    return data.decode()


def test_vertical_pages_set_short_numbers_upright_in_the_column() -> None:
    # 縱中橫: 20 in 20世紀 stands upright, side by side in one cell; 2024 and WTO lie on their side
    from playwright.sync_api import sync_playwright

    doc = Document([Block("從20世紀80年代起，我國加入WTO已經2024年了。", 1)])
    doc.meta.language, doc.meta.script = "zh-TW", "hant"
    html = render(doc, "html", ExportOptions(vertical=True)).decode("utf-8")
    assert '<span class="tcy">20</span>' in html and '"tcy">2024' not in html
    assert "tcy" not in render(doc, "html").decode("utf-8")  # horizontal pages are left as they are
    html = html.replace("</style>", "p { font-size: 64px; }</style>")
    sideways = html.replace(".tcy {", ".upright-off {")  # the control: the same span, not combined
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium", args=["--no-sandbox"])
        page = browser.new_page(viewport={"width": 900, "height": 1400})
        upright, lying = (_ink_of_first(page, markup, ".tcy") for markup in (html, sideways))
        browser.close()
    assert upright[0] > upright[1], upright  # digits side by side: wider than tall
    assert lying[1] > lying[0], lying  # the control's digits run down the column


def _ink_of_first(page, html: str, selector: str) -> tuple[int, int]:
    """Width and height of the ink inside the first element ``selector`` matches."""
    from PIL import Image

    page.set_content(html)
    box = page.locator(selector).first.bounding_box()
    image = Image.open(io.BytesIO(page.screenshot())).convert("L")
    ink = image.crop(tuple(round(v) for v in (box["x"], box["y"], box["x"] + box["width"], box["y"] + box["height"])))
    left, top, right, bottom = ink.point(lambda v: 255 if v < 128 else 0).getbbox()
    return right - left, bottom - top
