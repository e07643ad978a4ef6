"""A large file is cleaned in segments (cleaner/stream.py); where the cuts fall must not change
the result: the output equals cleaning the whole text at once, whatever the segment size, and
protected regions and Markdown code stay protected across a cut."""
from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from conftest import SEEDS, load_cases, run_jingwen
from jingwen.cleaner import stream
from jingwen.cleaner.pipeline import ruleset_for, run_stages
from jingwen.cleaner.readers import format_of, read_bytes
from jingwen.cleaner.settings import Settings

import jingwen
from jingwen.batch.files import LARGE_FILE


def _book() -> str:
    """Many pages in one file: the seed pages and every cleaning and negative case's input
    (platform notices, chunked previews, menus, truncated tails, an author's numbered lists)."""
    pages = [p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))]
    pages += [case["input"] for name in ("cleaning.toml", "negative.toml") for case in load_cases(name)]
    pages = [page.strip("\n") for page in pages]
    # three times, in other orders: well past the lines the file's start is judged on
    return "\n\n".join(pages + pages[::-1] + pages[::2]) + "\n"


def _streamed(path: Path, monkeypatch, chars: int, settings: Settings | None = None) -> str:
    monkeypatch.setattr(stream, "SEGMENT_CHARS", chars)
    monkeypatch.setattr(stream, "HARD_LIMIT_CHARS", 10**9)  # cut at blank lines only, as in text with paragraphs
    assert len(list(stream.read_segments(path, "utf-8", format_of(path)))) > 1
    sink = io.BytesIO()
    stream.clean_large_file(path, settings or Settings(), sink)
    return sink.getvalue().decode("utf-8")


@pytest.mark.parametrize("chars", [20_000, 100_000])
def test_segment_size_does_not_change_the_cleaned_text(tmp_path, monkeypatch, chars):
    """Some dozen cuts, each at a blank line between two of the book's pages or paragraphs."""
    text = _book() * 4
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    whole = jingwen.clean(text)
    assert whole.removed and whole.text != text  # the book has notices to remove: not vacuous
    assert _whole(path) == whole.text
    assert _streamed(path, monkeypatch, chars) == whole.text


def test_protected_region_and_markdown_code_survive_a_cut(tmp_path, monkeypatch):
    filler = "".join(f"第{n}段。本段说明项目实施的背景、目标和主要内容，供各部门参照执行。\n\n" for n in range(60))
    text = ("# 项目说明\n\n" + filler * 8 + "<!-- jingwen: off -->\n\n查看更多\n\n" + filler
            + "<!-- jingwen: on -->\n\n```\n\n下载文档\n\n" + filler + "```\n\n" + filler + "查看更多\n")
    path = tmp_path / "notes.md"
    path.write_text(text, encoding="utf-8")
    out = _streamed(path, monkeypatch, 2_000)
    assert out.count("查看更多") == 1 and "下载文档" in out  # the unprotected last one removed
    assert out == _whole(path)


def test_a_notice_on_every_page_goes_though_each_segment_holds_one_copy(tmp_path, monkeypatch):
    """generic.running-notice counts copies over the whole file: a segment with one copy (or
    none) removes it as the whole file does, and an author's repeated contact line stays."""
    notice = "本試閱檔為青山所有。如欲購買此書,請至青山書局網站 www.qingshan-books.com.tw\n或來電(02)2345-6789\n"
    filler = "".join(f"第{n}段。本段说明项目实施的背景、目标和主要内容，供各部门参照执行。\n\n" for n in range(120))
    text = "公文写作实务\n\n" + "".join(f"第{n}章\n\n{filler}{notice}\n官网：www.qinghe-tech.com\n\n"
                                      for n in range(8))
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    out = _streamed(path, monkeypatch, 3_000)
    assert "青山所有" not in out and "2345-6789" not in out
    assert out.count("官网：www.qinghe-tech.com") == 8
    assert out == _whole(path)


def test_no_cut_between_a_title_and_its_copy_below_a_widget(tmp_path, monkeypatch):
    """A 文库 page prints the title, its widgets, a blank line and the title again: the copy goes
    as a repeat of the title (generic.duplicate-title) only if both are in one segment."""
    page = ("采购管理流程.doc\n资源ID:5511 资源大小:40KB 全文页数:6页\n下载资源需要2金币\n\n"
            "采购管理流程.doc\n\n")
    filler = "".join(f"第{n}段。本段说明项目实施的背景、目标和主要内容，供各部门参照执行。\n\n" for n in range(12))
    text = "文库资料汇编\n\n" + (filler + page) * 60
    path = tmp_path / "pages.txt"
    path.write_text(text, encoding="utf-8")
    whole = _whole(path)
    assert whole.count("采购管理流程.doc") == 60  # each second copy removed
    for chars in (900, 1_300, 2_000):  # cuts land at every blank line in turn
        assert _streamed(path, monkeypatch, chars) == whole


def _whole(path: Path) -> str:
    """The file cleaned at once, as the command cleans a file below the streaming size."""
    settings = Settings()
    doc = read_bytes(path.read_bytes(), path.name, format_of(path), ruleset_for(settings).html_containers)
    return run_stages(doc, settings).to_text()


def test_a_file_above_the_streaming_size_cleans_as_a_whole_file_does(tmp_path):
    """Through the command: a file just above ``LARGE_FILE`` (streamed) and the same pages in a
    file below it (cleaned whole) give the same text, page for page."""
    book = _book()
    copies = LARGE_FILE // len(book.encode("utf-8")) + 1
    big, small = tmp_path / "big.txt", tmp_path / "small.txt"
    big.write_text(book * copies, encoding="utf-8")
    small.write_text(book, encoding="utf-8")
    assert big.stat().st_size > LARGE_FILE > small.stat().st_size
    out = tmp_path / "out"
    report = tmp_path / "report.json"
    result = run_jingwen("clean", str(big), str(small), "-o", str(out), "--report", str(report))
    assert result.returncode == 0, result.stderr
    streamed = (out / "big.txt").read_text(encoding="utf-8")
    assert streamed == _whole(big)
    entries = {Path(e["path"]).name: e for e in json.loads(report.read_text(encoding="utf-8"))["files"]}
    facts = ("status", "platform", "script", "language", "title", "truncated_tail")
    assert [entries["big.txt"][k] for k in facts] == [entries["small.txt"][k] for k in facts]



def test_no_cut_falls_inside_a_sections_reach(tmp_path, monkeypatch):
    """A related-documents list (猜你喜欢 and the titles under it, blank lines between) right where
    a segment would end is judged whole: its titles go as they do when the file is one piece."""
    def paragraphs(first: int) -> str:  # past the 400 lines the page start is judged on
        clause = "本办法适用于各部门形成的文件材料，由办公室统一归档。"
        return "".join(f"第{n}条　{clause}\n\n" for n in range(first, first + 400))

    related = "猜你喜欢\n\n城市排水管网改造方案\n\n社区养老服务调研报告\n\n乡村学校图书室建设计划\n\n"
    text = "档案管理办法\n\n" + paragraphs(1) + related + paragraphs(401)
    path = tmp_path / "book.txt"
    path.write_text(text, encoding="utf-8")
    whole = jingwen.clean(text)
    assert "社区养老服务调研报告" not in whole.text  # not vacuous: the list goes in one piece
    start = text.index("猜你喜欢")
    for chars in range(start - 40, start + 120, 20):  # cuts just before, at and inside the list
        assert _streamed(path, monkeypatch, chars) == whole.text, chars
    starts, reach = stream.section_reach(Settings())
    assert reach >= 3 and starts.fullmatch("猜你喜欢")
