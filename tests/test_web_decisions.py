"""The user has the last word, in a real Chromium against ``jingwen serve``: keep a removed line,
remove a kept one, and every download holds exactly that; "always remove" writes a rule the
command line then applies; copy; an empty file; a restarted server; a page in Chinese only."""
from __future__ import annotations

import re
import socket
import subprocess
import zipfile

import pytest
from conftest import SEED, jingwen_command
from playwright.sync_api import expect
from test_web_browser import SEED_TEXT, browser, open_page  # noqa: F401  (browser is a fixture)
from test_web_serve import Server

# a notice (generic.download-button) and the body of a short circular
LINES = ["下载本文档", "关于开展春季植树活动的通知", "各部门：为改善校园环境，定于三月十二日组织植树活动。",
         "请各部门按时参加，注意安全。"]
TEXT = "\n".join(LINES) + "\n"
# words of the interface that are names, not English: the language switch, formats, the project
PROPER = {"English", "TXT", "DOCX", "PDF", "EPUB", "jingwen", "VIP", "Word", "Markdown", "OpenCC", "Letter", "A4",
          "A5", "B5", "APP", "ICP", "HTML", "ID", "KB", "MB", "docx"}  # units and a file extension too


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    running = Server(tmp_path_factory.mktemp("decisions"))
    yield running
    assert running.stop() == 0


@pytest.fixture
def page(browser, server):  # noqa: F811
    page = open_page(browser, server, viewport={"width": 1366, "height": 768})
    yield page
    assert page.errors == []
    page.context.close()


def line(page, n: int):
    return page.locator(f".ol[data-line='{n}']")


def act(page, n: int, label: str) -> None:
    line(page, n).click()
    page.locator(".line-panel button", has_text=label).click()


def download(page, fmt: str, tmp_path):
    with page.expect_download() as info:
        page.click(f"#downloads button[data-format='{fmt}']")
    path = tmp_path / f"out.{fmt}"
    info.value.save_as(path)
    return path


def test_keep_a_removed_line_and_remove_a_kept_one_in_every_download(page, tmp_path):
    import docx
    import pdfplumber

    page.fill("#paste", TEXT)
    expect(line(page, 1).locator(".chip")).to_have_text("下载按钮")
    act(page, 1, "保留这一行")
    expect(line(page, 1)).not_to_have_class(re.compile(r"\bremoved\b"))
    expect(line(page, 1).locator(".chip[data-rule='user.keep']")).to_have_text("你保留的")
    act(page, 4, "删除这一行")
    expect(line(page, 4).locator(".chip")).to_have_text("你删除的")
    expect(page.locator("#summary")).to_contain_text("删除 1 行")

    wanted = LINES[:3]
    assert download(page, "txt", tmp_path).read_text(encoding="utf-8") == "\n".join(wanted) + "\n"
    paragraphs = [p.text for p in docx.Document(str(download(page, "docx", tmp_path))).paragraphs if p.text.strip()]
    assert paragraphs == wanted
    with pdfplumber.open(download(page, "pdf", tmp_path)) as pdf:
        text = "".join(p.extract_text() or "" for p in pdf.pages).replace("\n", "")
    assert all(w in text for w in wanted) and "按时参加" not in text

    # undone: the rule's decision again
    act(page, 1, "撤销保留")
    expect(line(page, 1).locator(".chip")).to_have_text("下载按钮")
    assert download(page, "txt", tmp_path).read_text(encoding="utf-8") == "\n".join(LINES[1:3]) + "\n"


def test_switch_a_rule_off_for_this_document(page, tmp_path):
    page.fill("#paste", TEXT)
    act(page, 1, "这份文档不用“下载按钮”")
    expect(page.locator("#off-rules")).to_contain_text("下载按钮")
    expect(line(page, 1)).not_to_have_class(re.compile(r"\bremoved\b"))
    assert download(page, "txt", tmp_path).read_text(encoding="utf-8") == TEXT
    page.click("#off-rules button")
    expect(line(page, 1)).to_have_class(re.compile(r"\bremoved\b"))


def test_edited_text_is_what_is_copied_and_downloaded(browser, server, tmp_path):  # noqa: F811
    page = open_page(browser, server, viewport={"width": 1366, "height": 768},
                     permissions=["clipboard-read", "clipboard-write"])
    try:
        page.fill("#paste", TEXT)
        expect(line(page, 1)).to_have_class(re.compile(r"\bremoved\b"))
        page.click("#copy")
        expect(page.locator("#messages")).to_contain_text("已把清理后的文字")
        assert page.evaluate("navigator.clipboard.readText()") == "\n".join(LINES[1:]) + "\n"

        page.click("#viewmode button[data-mode='edit']")
        editor = page.locator("#editor")
        expect(editor).to_have_value("\n".join(LINES[1:]) + "\n")
        edited = "关于开展春季植树活动的通知\n全体师生：三月十二日植树。\n"
        editor.fill(edited)
        expect(page.locator("#edit-state")).to_have_text("你修改过文字，复制和下载的是修改后的版本。")
        assert download(page, "txt", tmp_path).read_text(encoding="utf-8") == edited
        page.click("#copy")
        assert page.evaluate("navigator.clipboard.readText()") == edited
        assert page.errors == []
    finally:
        page.context.close()


def test_text_options_and_decisions_survive_a_reload(page):
    page.fill("#paste", TEXT)
    page.select_option("#convert", "s2t")
    act(page, 4, "删除这一行")
    expect(line(page, 4).locator(".chip")).to_have_text("你删除的")
    page.reload()
    expect(page.locator("#paste")).to_have_value(TEXT)
    expect(page.locator("#convert")).to_have_value("s2t")
    expect(line(page, 4).locator(".chip")).to_have_text("你删除的")
    expect(page.locator(".c-clean .cb").first).to_contain_text("關於")


def test_an_empty_file_is_a_warning_and_nothing_to_download(page):
    page.set_input_files("#file-input", files=[{"name": "空.txt", "mimeType": "text/plain", "buffer": b""}])
    expect(page.locator("#file-messages .msg.warn")).to_contain_text("「空.txt」清理后没有任何文字")
    for fmt in ("txt", "docx", "pdf", "epub"):
        expect(page.locator(f"#downloads button[data-format='{fmt}']")).to_be_disabled()
    expect(page.locator("#copy")).to_be_disabled()
    # with a second, readable file the downloads come back, and its tab is the one shown
    page.set_input_files("#file-input", files=[{"name": "通知.txt", "mimeType": "text/plain", "buffer": TEXT.encode()}])
    expect(page.locator("#tabs .tab[aria-selected='true']")).to_have_text("✓ 通知.txt")
    expect(page.locator("#downloads button[data-format='pdf']")).to_be_enabled()


def test_the_chinese_page_shows_no_rule_id_and_no_english(page):
    page.fill("#paste", SEED_TEXT)
    expect(page.locator(".ol.removed")).to_have_count(10)
    page.select_option("#paper", "letter")
    page.locator(".ol.removed").first.click()
    page.locator(".cb.edited").first.click()
    expect(page.locator(".line-panel")).to_contain_text("修改：")
    # the interface's own visible words: the documents' text (original and cleaned) is the user's
    words = page.evaluate("""() => {
        const out = [];
        const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
            const parent = node.parentElement;
            if (!parent || !parent.checkVisibility() || parent.closest("textarea")) continue;
            const inDocument = parent.closest(".c-orig, .c-clean, .badge .v") && !parent.closest(".chip, .note");
            if (!inDocument) out.push(node.textContent);
        }
        for (const select of document.querySelectorAll("select")) out.push(select.selectedOptions[0].textContent);
        for (const node of document.querySelectorAll("[aria-label]")) out.push(node.getAttribute("aria-label"));
        return out.join(" ");
    }""")
    assert not re.search(r"\b(?:book118|generic|norm|struct|convert|user)\.[a-z0-9-]+", words), words
    english = set(re.findall(r"[A-Za-z][A-Za-z0-9]+", re.sub(r"jingwen \d[\w.+-]*", "jingwen", words))) - PROPER
    assert english == set(), english


def test_always_remove_writes_a_rule_the_command_line_applies(browser, tmp_path):  # noqa: F811
    own = Server(tmp_path)  # its own working folder: the rule file is made there
    try:
        page = open_page(browser, own, viewport={"width": 1366, "height": 768})
        page.fill("#paste", TEXT)
        act(page, 4, "以后总是删除这样的行")
        expect(page.locator("#messages")).to_contain_text("已加入规则文件")
        expect(line(page, 4).locator(".chip")).to_have_text("我的规则：总是删除")
        expect(page.locator("#my-rules-list li")).to_have_count(1)
        rule_text = page.locator("#my-rules-list .rule-text")
        expect(rule_text).to_have_value("请各部门按时参加，注意安全。")
        rule_text.fill(LINES[2])  # the rule is editable on the page: now it removes line 3
        rule_text.press("Enter")
        expect(line(page, 3).locator(".chip")).to_have_text("我的规则：总是删除")
        expect(line(page, 4)).not_to_have_class(re.compile(r"\bremoved\b"))
        assert page.errors == []
        page.context.close()
    finally:
        assert own.stop() == 0
    assert (tmp_path / "jingwen-rules.toml").is_file()
    assert 'rules = ["jingwen-rules.toml"]' in (tmp_path / "jingwen.toml").read_text(encoding="utf-8")
    (tmp_path / "通知.txt").write_text(TEXT, encoding="utf-8")
    done = subprocess.run([*jingwen_command(), "clean", "通知.txt"], cwd=tmp_path, capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout == f"{LINES[1]}\n{LINES[3]}\n"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_a_restarted_server_says_so_and_cleans_again(browser, tmp_path):  # noqa: F811
    port = str(free_port())
    folder = tmp_path / "serve"
    folder.mkdir()
    first = Server(folder, "--port", port)
    page = open_page(browser, first, viewport={"width": 1366, "height": 768})
    try:
        page.fill("#paste", SEED.read_text(encoding="utf-8"))
        expect(page.locator(".ol.removed")).to_have_count(10)
        page.set_input_files("#file-input", files=[{"name": "通知.txt", "mimeType": "text/plain",
                                                    "buffer": TEXT.encode()}])
        expect(page.locator("#tabs .tab")).to_have_count(2)
        assert first.stop() == 0
        second = Server(folder, "--port", port)
        try:
            with page.expect_download() as info:
                page.click("#downloads button[data-format='txt']")
            expect(page.locator("#messages")).to_contain_text("这份清理结果已不在服务器上（服务已重新启动")
            expect(page.locator("#messages")).to_contain_text("服务重新启动后，已重新上传「通知.txt」")
            with zipfile.ZipFile(info.value.path()) as archive:  # both documents, cleaned again
                texts = [archive.read(name).decode("utf-8") for name in archive.namelist()]
            assert len(texts) == 2 and not any("原创力文档" in t or "下载本文档" in t for t in texts)
            expect(page.locator("#messages")).not_to_contain_text("超过保存期限")
        finally:
            assert second.stop() == 0
        # the 410 that told the page is logged by Chromium itself; nothing else went wrong
        assert [e for e in page.errors if "status of 410" not in e] == []
    finally:
        page.context.close()


def test_layout_preview_before_downloading(page):
    page.fill("#paste", SEED_TEXT)
    expect(page.locator(".ol.removed")).to_have_count(10)
    page.click("#preview-button")
    images = page.locator("#preview-pages img")
    expect(images.first).to_be_visible()
    assert 1 <= images.count() <= 3
    expect(images.first).to_have_attribute("alt", "第 1 页的预览")
    first = images.first.get_attribute("src")
    page.select_option("#paper", "A5")
    expect(page.locator("#preview-note")).to_contain_text("A5 纸排出的前")
    expect(images.first).not_to_have_attribute("src", first)


def test_first_screen_says_cleaning_is_automatic(page):
    box = page.locator("#run").bounding_box()
    assert box["y"] + box["height"] <= 768  # 清理 on the first screen at 1366×768
    expect(page.locator(".auto-hint")).to_have_text("粘贴文字或放入文件后会自动清理；改了选项也会自动重新清理。")


def test_export_status_follows_the_language(page, tmp_path):
    page.fill("#paste", TEXT)
    expect(line(page, 1)).to_have_class(re.compile(r"\bremoved\b"))
    download(page, "txt", tmp_path)
    expect(page.locator("#progress-text")).to_contain_text("TXT 已生成")
    page.click("#lang")
    expect(page.locator("#progress-text")).to_contain_text("TXT ready")
    expect(line(page, 1).locator(".chip")).to_have_text("generic.download-button")  # English: the id
    page.click("#lang")
    expect(page.locator("#progress-text")).to_contain_text("TXT 已生成")
