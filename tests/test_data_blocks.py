"""Structured data and code in plain text without a fence (cleaner/readers/data_blocks.py, issue
13): YAML, TOML, INI, CSV, LRC, SQL, Python and runs of code lines pass through ``jingwen clean``
untouched, while folded prose shaped like them (label lines, lines full of commas) is still
normalized. Cases as data: tests/cases/data_blocks.toml."""
from __future__ import annotations

import subprocess

import pytest
from conftest import case_params, jingwen_command, texts_of
from hypothesis import example, given, settings
from jingwen.cleaner.pipeline import run_stages
from jingwen.cleaner.readers.text import text_document
from jingwen.cleaner.settings import Settings


def clean(text: str) -> str:
    """``text`` read as a .txt file and run through every default stage."""
    return run_stages(text_document(text), Settings()).to_text()


@pytest.mark.parametrize("case", case_params("data_blocks.toml"))
def test_case(case):
    assert clean(case["input"]) == case.get("expected", case["input"])


@pytest.mark.parametrize("case", case_params("data_blocks.toml"))
def test_case_is_idempotent(case):
    once = clean(case["input"])
    assert clean(once) == once


@pytest.mark.parametrize("text, kinds", [
    ("说明：\napp:\n  name: 示例\n  port: 80\n完。", ["paragraph", "verbatim", "verbatim", "verbatim", "paragraph"]),
    ("名称: 示例\n端口: 8080\n说明: 演示", ["paragraph"] * 3),  # no nesting, Chinese keys: not YAML
    ("app:\n  name: [未闭合\n  port: 80", ["paragraph"] * 3),  # YAML's parser refuses it: no evidence
    ("a,b,c\n1,2,3", ["paragraph"] * 2),  # two rows: too few for CSV
    ("[ti:晚安]\n[ar:某某]", ["paragraph"] * 2),  # tags without a timecode: not lyrics
    ("SELECT a FROM t WHERE b = '是'", ["paragraph"]),  # no ; : not a complete statement
    ("<p>甲</p>\n<p>乙</p>", ["paragraph"] * 2),  # HTML tags alone are scrape residue, not code
])
def test_blocks_marked_verbatim_only_on_evidence(text, kinds):
    assert [b.kind for b in text_document(text).blocks] == kinds


def test_cli_keeps_a_yaml_block_and_restores_the_folded_prose_around_it(tmp_path):
    source = tmp_path / "说明.txt"
    block = "server:\n  name: 检索服务\n  notice: \"仅限内网，请勿外传\"\n"
    source.write_text("部署前请检查配置,确认端口:\n" + block + "改完后重启服务!\n", encoding="utf-8")
    out = tmp_path / "out"
    subprocess.run([*jingwen_command(), "clean", str(source), "-o", str(out)], check=True, capture_output=True)
    cleaned = (out / "说明.txt").read_text(encoding="utf-8")
    assert cleaned == "部署前请检查配置，确认端口：\n" + block + "改完后重启服务！\n"


# what lines start with: Chinese, 日 一 of a calendar, spaces of every kind, brackets, fences,
# a stack frame's "at", CSV delimiters, YAML's ": ", a braced block's "{"
LINE_PIECES = ["温", "州", "。", "日", "一", " ", "  ", "\t", "\u3000", "\x0b", "\x1c", "[", "{", "}", "`", "```",
               "~~~", "at ", "... 1 more", ",", ";", ": ", "=", "a", "S", "1", "-->", "#", "@", "<", "\\begin{x}", "B"]


@settings(max_examples=800, deadline=None)
@given(texts_of(LINE_PIECES, 12))
@example("\u3000甲,乙,丙")
@example("  名称  示例")
@example("    温州: 示例")
@example("  温州 {")
@example("日 一 二 三 四 五 六")
def test_a_line_that_starts_no_block_meets_no_detector(text):
    """``starts_no_block`` lets ``mark_code_blocks`` pass a line by: no fence, JSON bracket or
    detector may start there."""
    from jingwen.cleaner.readers.code_blocks import _OPEN, FENCE
    from jingwen.cleaner.readers.data_blocks import _first_char_detectors, starts_no_block

    if starts_no_block(text):
        assert not FENCE.match(text) and not _OPEN.match(text) and _first_char_detectors(text) == []
