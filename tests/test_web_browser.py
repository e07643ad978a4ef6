"""End to end: a real Chromium (Debian's, driven by Playwright) against ``jingwen serve``.

The browser is never downloaded: Playwright launches ``/usr/bin/chromium`` (``apt-get install
chromium``; ``scripts/setup.sh --test`` installs it). Without it these tests fail, they do not skip.
"""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from conftest import SEED
from playwright.sync_api import Page, expect, sync_playwright
from test_web_serve import Server

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-default-apps"]
SEED_TEXT = SEED.read_text(encoding="utf-8")
TITLE = "温州发展产业集群化对策措施"
TRADITIONAL_TITLE = "溫州發展產業叢集化對策措施"  # s2twp: 集群 → 叢集 is a Taiwan phrase, not a character
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 16


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("serve"))
    yield running
    assert running.stop() == 0
    assert not running.folder.exists()


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (scripts/setup.sh --test installs it)")
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


def open_page(browser, server: Server, **context):
    context = browser.new_context(accept_downloads=True, locale="zh-CN", **context)
    page = context.new_page()
    page.requested, page.errors = [], []
    page.on("request", lambda request: page.requested.append(request.url))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    # a CSP violation, a failed fetch or a missing file is a console error
    page.on("console", lambda msg: page.errors.append(msg.text) if msg.type == "error" else None)
    page.goto(server.url)
    expect(page.locator("#convert option")).to_have_count(17)  # the options arrived: the page is ready
    return page


@pytest.fixture
def page(browser, server):
    page = open_page(browser, server, viewport={"width": 1400, "height": 1000})
    yield page
    foreign = [url for url in page.requested if not url.startswith(server.url)]
    assert foreign == [], "the page fetched something from elsewhere"
    assert page.errors == []
    page.context.close()


def paste_seed(page: Page) -> None:
    page.fill("#paste", SEED_TEXT)
    page.click("#run")
    expect(page.locator(".ol.removed .chip[data-rule='book118.notice']")).to_have_count(7)


def test_seed_notices_struck_through_with_their_rule(page):
    paste_seed(page)
    notices = page.locator(".ol.removed:has(.chip[data-rule='book118.notice'])")
    expect(notices).to_have_count(7)
    for i in range(7):
        line = notices.nth(i)
        expect(line.locator(".chip")).to_have_text("原创力文档须知")  # the rule's name; its id on hover
        struck = line.locator("del")
        expect(struck).to_be_visible()
        assert struck.evaluate("e => getComputedStyle(e).textDecorationLine") == "line-through"
        assert struck.inner_text().lstrip().startswith(f"- {i + 1}、")
    chip = notices.first.locator(".chip")
    assert chip.get_attribute("title") == "规则编号：book118.notice"
    notices.first.click()  # the explanation opens right under the line, in Chinese
    panel = page.locator(".line-panel")
    expect(panel).to_contain_text("删除原因：原创力文档须知。原创力文档预览上方带编号的须知")
    expect(page.locator("#announce")).to_contain_text("删除原因：原创力文档须知")

    summary = page.locator("#summary")
    expect(summary).to_contain_text("原创力文档")
    expect(summary).not_to_contain_text("book118")
    expect(summary).to_contain_text("简体")
    expect(summary).not_to_contain_text("hans")
    expect(summary).to_contain_text("删除 10 行")
    expect(page.locator(".c-clean h3.title")).to_have_text(TITLE)
    expect(page.locator(".cb .chip[data-rule='generic.truncated-tail']")).to_have_text("✂ 残句已删")
    expect(page.locator("del.tail")).to_contain_text("1994年以来")
    assert page.locator("mark.ed").count() > 20  # normalized punctuation is marked, unobtrusively
    assert page.locator("mark.ed").first.evaluate("e => getComputedStyle(e).borderBottomStyle") == "dotted"


def test_switch_to_s2twp_shows_traditional_text(page):
    paste_seed(page)
    page.select_option("#convert", "s2twp")
    expect(page.locator(".c-clean h3.title")).to_have_text(TRADITIONAL_TITLE)
    expect(page.locator("#view .c-clean").filter(has_text="產業叢集已成為產業升級的客觀要求")).to_have_count(1)
    expect(page.locator("#summary")).to_contain_text("繁体")
    expect(page.locator(".ol.removed .chip[data-rule='book118.notice']")).to_have_count(7)
    assert "简体→繁体（台湾，含词汇）" in page.locator("#convert option[value='s2twp']").inner_text()


def test_download_pdf_and_docx(page, tmp_path):
    import docx
    import pypdf

    paste_seed(page)
    page.select_option("#convert", "s2twp")
    expect(page.locator(".c-clean h3.title")).to_have_text(TRADITIONAL_TITLE)

    with page.expect_download() as info:
        page.click("#downloads button[data-format='pdf']")
    download = info.value
    assert download.suggested_filename == f"{TRADITIONAL_TITLE}.pdf"
    pdf_path = tmp_path / "out.pdf"
    download.save_as(pdf_path)
    reader = pypdf.PdfReader(pdf_path)
    assert len(reader.pages) >= 1
    assert "產業叢集" in "".join(p.extract_text() for p in reader.pages)
    expect(page.locator("#progress-text")).to_contain_text("PDF 已生成")
    expect(page.locator("#progress-bar")).to_have_attribute("value", "1")

    with page.expect_download() as info:
        page.click("#downloads button[data-format='docx']")
    docx_path = tmp_path / "out.docx"
    info.value.save_as(docx_path)
    assert info.value.suggested_filename == f"{TRADITIONAL_TITLE}.docx"
    document = docx.Document(str(docx_path))
    text = "\n".join(p.text for p in document.paragraphs)
    assert TRADITIONAL_TITLE in text and "book118" not in text


def test_binary_file_gets_a_clear_message_and_the_others_are_cleaned(page):
    page.set_input_files("#file-input", files=[
        {"name": "photo.bin", "mimeType": "application/octet-stream", "buffer": PNG},  # .png: an image input
        {"name": "seed.txt", "mimeType": "text/plain", "buffer": SEED.read_bytes()},
    ])
    error = page.locator("#file-messages .msg.error")
    expect(error).to_have_count(1)
    expect(error).to_contain_text("「photo.bin」无法处理：这是二进制文件")
    expect(error.locator(".detail")).to_contain_text("binary data")
    expect(page.locator("#tabs .tab")).to_have_text(["✗ photo.bin", "✓ seed.txt"])
    expect(page.locator("#tabs .tab[aria-selected='true']")).to_have_text("✓ seed.txt")
    expect(page.locator(".ol.removed .chip[data-rule='book118.notice']")).to_have_count(7)
    expect(page.locator("#inputs li")).to_have_count(2)


def test_several_files_download_as_one_zip(page):
    page.set_input_files("#file-input", files=[
        {"name": "一.txt", "mimeType": "text/plain", "buffer": SEED.read_bytes()},
        {"name": "二.txt", "mimeType": "text/plain", "buffer": "下载本文档\n第二份文件的正文。\n".encode()},
    ])
    expect(page.locator("#tabs .tab")).to_have_count(2)
    with page.expect_download() as info:
        page.click("#downloads button[data-format='txt']")
    assert info.value.suggested_filename == "净文-TXT.zip"
    with zipfile.ZipFile(io.BytesIO(Path(info.value.path()).read_bytes())) as archive:
        assert archive.namelist() == ["一.txt", "二.txt"]
        assert archive.read("二.txt").decode("utf-8") == "第二份文件的正文。\n"


def test_english_interface(page):
    expect(page.locator("#run")).to_have_text("立即清理")
    page.click("#lang")
    expect(page.locator("#run")).to_have_text("Clean now")
    assert page.evaluate("document.documentElement.lang") == "en"
    paste_seed(page)
    expect(page.locator("#summary")).to_contain_text("10 lines removed")
    assert "Simplified → Traditional (Taiwan, with Taiwan phrases)" in \
        page.locator("#convert option[value='s2twp']").inner_text()
    page.click("#lang")
    expect(page.locator("#run")).to_have_text("立即清理")
    expect(page.locator("#summary")).to_contain_text("删除 10 行")


def test_narrow_screen(browser, server):
    page = open_page(browser, server, viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    try:
        paste_seed(page)
        assert page.evaluate("document.documentElement.scrollWidth") <= 390  # nothing wider than the phone
        columns = page.locator("#view").evaluate("e => getComputedStyle(e).gridTemplateColumns.split(' ').length")
        assert columns == 2  # line numbers and one text column: original above cleaned
        page.click("#viewmode button[data-mode='clean']")
        expect(page.locator(".ol.removed").first).to_be_hidden()
        expect(page.locator(".c-clean h3.title")).to_be_visible()
        assert page.errors == []
    finally:
        page.context.close()


def test_a_scored_line_explains_its_cues(page):
    page.fill("#paste", "文档序号:CN2024105 来源:国知局\n社区志愿服务工作总结\n"
                        "过去一年,社区志愿服务队围绕邻里守望的主题开展了一系列活动,服务老人八百余人次。\n")
    page.click("#run")
    chip = page.locator(".ol.removed .chip[data-rule='generic.score']")
    expect(chip).to_have_count(1)
    assert "meta_label" in chip.get_attribute("title") and "score" in chip.get_attribute("title")
    chip.locator("xpath=..").click()  # the line opens its panel: the cues are said there too
    expect(page.locator(".line-panel")).to_contain_text("判定依据：")
    expect(page.locator(".line-panel")).to_contain_text("meta_label")
