"""Readers on real bytes: encodings, HTML structure, DOCX paragraphs, headings and watermarks."""
from __future__ import annotations

import io

import pytest
from jingwen.cleaner.model.document import FURNITURE, HEADING, VERBATIM
from jingwen.cleaner.model.errors import InputError
from jingwen.cleaner.readers import read_bytes
from jingwen.cleaner.readers.decode import decode_bytes

SAMPLE = "第一章　总则\n为规范档案管理，提高工作效率，制定本办法。\n本办法自发布之日起施行。\n"
TRADITIONAL = "第一章　總則\n為規範檔案管理，提高工作效率，制定本辦法。\n本辦法自發布之日起施行。\n"


@pytest.mark.parametrize("text,encoding,expected_name", [
    (SAMPLE, "utf-8", "utf-8"),
    (SAMPLE, "utf-8-sig", "utf-8-sig"),
    (SAMPLE, "utf-16", "utf-16"),
    (SAMPLE, "utf-16-be", None),  # no BOM: refused or decoded, never mojibake (checked below)
    (SAMPLE, "gb18030", "gb18030"),
    (SAMPLE, "gbk", "gb18030"),
    (SAMPLE, "gb2312", "gb18030"),
    (TRADITIONAL, "big5", "big5"),
    (TRADITIONAL, "utf-8", "utf-8"),
])
def test_encodings_decode_to_the_same_text(text, encoding, expected_name):
    data = text.encode(encoding)
    if expected_name is None:
        with pytest.raises(InputError):
            decode_bytes(data)
        return
    decoded, name = decode_bytes(data)
    assert decoded.lstrip("\ufeff") == text
    assert name == expected_name


def test_utf16_with_bom_reads_as_lines():
    doc = read_bytes(SAMPLE.encode("utf-16"), "a.txt")
    assert [b.text for b in doc.blocks] == SAMPLE.splitlines()


def test_broken_utf8_is_an_error_naming_the_offset_not_mojibake():
    good = "正常的文字内容。" * 20
    data = good.encode("utf-8") + b"\xe6\x96" + "后面的内容。".encode() + b"\xff\xfe\xfd"
    with pytest.raises(InputError, match="offset"):
        decode_bytes(data)


def test_binary_is_refused():
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4
    with pytest.raises(InputError, match="binary"):
        read_bytes(png, "image.txt")


def test_crlf_and_missing_final_newline_are_kept():
    doc = read_bytes("标题\r\n\r\n正文。".encode(), "a.txt")
    assert doc.to_text() == "标题\r\n\r\n正文。"


def test_html_reader_drops_chrome_and_keeps_blocks():
    html = """<!DOCTYPE html><html><head><meta charset="gbk"><title>标题 - 百度文库</title>
    <style>p{color:red}</style><script>var x = "查看更多";</script></head>
    <body><nav>首页 > 文库</nav><header>登录 注册</header>
    <h1>年度报告</h1><div class="content"><p>第一段<b>加粗</b>文字。</p><p>第二段<br>换行</p>
    <table><tr><td>项目</td><td>金额</td></tr></table><pre>代码  保留</pre></div>
    <footer>©2024 Baidu</footer></body></html>"""
    doc = read_bytes(html.encode("gb18030"), "page.html", "html")
    assert [(b.kind, b.text) for b in doc.blocks] == [
        (HEADING, "年度报告"), ("paragraph", "第一段加粗文字。"), ("paragraph", "第二段"),
        ("paragraph", "换行"), ("paragraph", "项目\t金额"), (VERBATIM, "代码  保留")]
    assert doc.meta.title == "标题 - 百度文库"
    assert doc.meta.encoding == "gb18030"


def test_html_reader_uses_a_platform_content_container():
    html = ("<html><body><div class='side'>相关文档推荐</div>"
            "<div id='contents'><p>正文内容在这里。</p></div></body></html>")
    doc = read_bytes(html.encode(), "p.html", "html", html_containers=["#contents"])
    assert [b.text for b in doc.blocks] == ["正文内容在这里。"]


def test_malformed_html_gives_best_effort_text():
    doc = read_bytes("<html><body><p>未闭合的段落<div>另一段<p>第三段".encode(), "bad.html", "html")
    assert "".join(b.text for b in doc.blocks) == "未闭合的段落另一段第三段"


def _docx_bytes(build) -> bytes:
    import docx

    document = docx.Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_reader_reads_paragraphs_headings_tables_and_watermarks():
    def build(d):
        d.sections[0].header.paragraphs[0].text = "原创力文档 max.book118.com"
        d.add_heading("第一章 总则", level=1)
        d.add_paragraph("为规范管理，制定本办法。")
        table = d.add_table(rows=1, cols=2)
        table.rows[0].cells[0].text, table.rows[0].cells[1].text = "序号", "名称"
        d.core_properties.title = "管理办法"

    doc = read_bytes(_docx_bytes(build), "a.docx", "docx")
    assert [(b.kind, b.level, b.text) for b in doc.blocks] == [
        (FURNITURE, 0, "原创力文档 max.book118.com"), (HEADING, 1, "第一章 总则"),
        ("paragraph", 0, "为规范管理，制定本办法。"), ("paragraph", 0, "序号\t名称")]
    assert doc.meta.title == "管理办法"
    assert "原创力文档" not in doc.to_text()


def test_docx_watermark_names_the_platform():
    from jingwen.cleaner.pipeline import run_stages
    from jingwen.cleaner.settings import Settings

    def build(d):
        d.sections[0].header.paragraphs[0].text = "原创力文档 max.book118.com"
        d.add_paragraph("正文。")

    doc = run_stages(read_bytes(_docx_bytes(build), "a.docx", "docx"), Settings())
    assert doc.meta.platform == "book118"


def test_renamed_zip_and_truncated_docx_are_clear_errors():
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as z:
        z.writestr("hello.txt", "not a word document")
    with pytest.raises(InputError, match="word/document.xml"):
        read_bytes(buffer.getvalue(), "a.docx", "docx")
    good = _docx_bytes(lambda d: d.add_paragraph("正文"))
    with pytest.raises(InputError):
        read_bytes(good[: len(good) // 2], "b.docx", "docx")


def test_markdown_reader_protects_code_and_front_matter():
    md = "---\ntitle: 例\n---\n# 标题\n\n```\n查看更多\n```\n\n查看更多\n"
    import jingwen

    def clean_text(text):
        return jingwen.clean(text).text
    from jingwen.cleaner.pipeline import run_stages
    from jingwen.cleaner.settings import Settings

    doc = run_stages(read_bytes(md.encode(), "a.md", "md"), Settings())
    assert doc.to_text() == "---\ntitle: 例\n---\n# 标题\n\n```\n查看更多\n```\n"
