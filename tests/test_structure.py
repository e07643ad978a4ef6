"""Structure: the title and numbered headings become heading blocks; the text never changes."""
from __future__ import annotations

import pytest
from conftest import SEED, case_params, run_jingwen
from jingwen.cleaner import headings as structure
from jingwen.cleaner.model.document import HEADING, PARAGRAPH, VERBATIM, Block, Document
from jingwen.cleaner.pipeline import run_stages
from jingwen.cleaner.readers import read_bytes, read_path
from jingwen.cleaner.readers.text import split_text
from jingwen.cleaner.settings import Settings


def staged(text: str, fmt: str = "txt", **settings) -> Document:
    if fmt == "txt":
        lines, newline, ends = split_text(text)
        doc = Document.from_lines(lines)
        doc.newline, doc.trailing_newline = newline, ends
    else:
        doc = read_bytes(text.encode("utf-8"), f"case.{fmt}", fmt)
    return run_stages(doc, Settings(**settings))


def headings(doc: Document) -> list[str]:
    return [f"{b.level} {b.text}" for b in doc.blocks if b.kind == HEADING]


@pytest.mark.parametrize("case", case_params("structure.toml"))
def test_case(case):
    doc = staged(case["input"], case.get("format", "txt"))
    assert headings(doc) == case["headings"]
    if "title" in case:
        assert doc.meta.title == case["title"]


@pytest.mark.parametrize("case", case_params("structure.toml"))
def test_structure_never_changes_the_text(case):
    fmt = case.get("format", "txt")
    with_structure = staged(case["input"], fmt)
    without = staged(case["input"], fmt, ignore=("struct",))
    assert with_structure.to_text() == without.to_text()
    assert not [b for b in without.blocks if b.kind == HEADING and fmt == "txt"]


def test_seed_title_and_level_one_headings():
    doc = run_stages(read_path(SEED), Settings())
    assert doc.meta.title == "温州发展产业集群化对策措施"
    title = [b for b in doc.blocks if b.kind == HEADING and b.level == structure.TITLE_LEVEL]
    assert [b.text for b in title] == ["温州发展产业集群化对策措施"]
    assert doc.blocks[0] is title[0]
    level1 = [b.text for b in doc.blocks if b.kind == HEADING and b.level == 1]
    assert [t[:2] for t in level1] == ["一、", "二、", "三、"]
    assert level1[0] == "一、将培育创新型产业集群作为促进产业结构转型升级的重要途径"
    assert all(b.text.startswith(("一是", "二是")) is False for b in doc.blocks if b.kind == HEADING)
    assert [b for b in doc.blocks if b.text.startswith("一是")][0].kind == PARAGRAPH


def test_seed_text_is_the_same_with_and_without_structure():
    with_structure = run_stages(read_path(SEED), Settings()).to_text()
    without = run_stages(read_path(SEED), Settings(ignore=("struct",))).to_text()
    assert with_structure == without


def test_cli_output_is_the_same_with_structure_switched_off():
    on = run_jingwen("clean", SEED)
    off = run_jingwen("clean", SEED, "--ignore", "struct.headings,struct.title")
    assert on.returncode == off.returncode == 0
    assert on.stdout == off.stdout


def test_steps_switch_separately():
    text = "实施方案\n一、工作目标\n提高投放准确率。\n二、保障措施\n落实专项经费。\n"
    no_title = staged(text, ignore=("struct.title",))
    assert headings(no_title) == ["1 一、工作目标", "1 二、保障措施"]
    no_headings = staged(text, ignore=("struct.headings",))
    assert headings(no_headings) == ["0 实施方案"]


def test_block_ignore_and_protected_blocks_are_respected():
    doc = Document(blocks=[Block("一、工作目标", 1, ignore=frozenset({"struct"})), Block("正文。", 2),
                           Block("二、保障措施", 3, protected=True), Block("正文。", 4),
                           Block("三、附则", 5, kind=VERBATIM), Block("正文。", 6)])
    structure.find_structure(doc, Settings())
    assert [b.kind for b in doc.blocks] == [PARAGRAPH, PARAGRAPH, PARAGRAPH, PARAGRAPH, VERBATIM, PARAGRAPH]


def test_headings_are_noted_in_the_log():
    doc = staged("实施方案\n一、工作目标\n提高投放准确率。\n二、保障措施\n落实专项经费。\n")
    notes = [(c.rule, c.line, c.action) for c in doc.log if c.rule.startswith("struct")]
    assert notes == [("struct.title", 1, "note"), ("struct.headings", 2, "note"), ("struct.headings", 4, "note")]


def test_html_headings_from_the_reader_are_kept():
    html = ("<html><body><h1>实施方案</h1><h2>工作目标</h2><p>一、这不是标题，而是正文的第一句话。</p>"
            "<p>（一）完善设施</p><p>正文。</p></body></html>")
    doc = staged(html, "html")
    assert headings(doc) == ["1 实施方案", "2 工作目标"]


@pytest.mark.parametrize("line,expected", [
    ("第一章 总则", ("chapter", 1)),
    ("第十二节　数据模型", ("section", 1)),
    ("第三部分 保障措施", ("part", 1)),
    ("一、工作目标", ("cn", 1)),
    ("（三）加强宣传", ("cn-paren", 1)),
    ("(3)加强宣传", ("arabic-paren", 1)),
    ("2.3.1 索引结构", ("arabic", 3)),
    ("4、注意事项", ("arabic", 1)),
    ("⑤检查", ("circled", 1)),
    ("一是加强领导", None),
    ("2024年工作总结", None),
    ("3.5亿元投资", None),
    ("10:30 开会", None),
])
def test_heading_numbering(line, expected):
    found = structure.heading_numbering(line)
    assert (None if found is None else (found[0].name, found[1])) == expected


def test_a_heading_number_starts_with_a_character_the_quick_look_lets_through():
    """``heading_numbering`` looks only at lines whose first character can start a numbering: the
    characters each numbering's pattern can start with (worked out from the pattern), and the
    decimal digits ``\\d`` matches, are all let through."""
    import re

    from jingwen.cleaner.patterns import first_chars

    for numbering in structure.NUMBERINGS:
        first = first_chars(numbering.pattern.pattern)
        if first is None:  # starts with \d: any decimal digit
            assert numbering.pattern.pattern.startswith(r"(?P<num>\d")
            continue
        chars = [chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF and re.fullmatch(first, chr(c))]
        assert chars and all(c in structure._NUMBER_STARTS for c in chars), numbering.name
    digit = re.compile(r"\d")
    assert all(bool(digit.match(chr(c))) == chr(c).isdecimal() for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
