"""Normalization steps: the case file, the step registry, the change log, what is never touched."""
from __future__ import annotations

import re

import pytest
from conftest import case_params, load_cases, run_jingwen
from jingwen.cleaner import normalize as nz
from jingwen.cleaner.model.document import VERBATIM, Block, Document
from jingwen.cleaner.pipeline import run_stages
from jingwen.cleaner.readers.markdown import read_markdown
from jingwen.cleaner.readers.text import split_text
from jingwen.cleaner.settings import Settings

CASES = "normalize.toml"


def document(text: str, fmt: str = "txt") -> Document:
    if fmt == "md":
        return read_markdown(text.encode("utf-8"), "case.md")
    lines, newline, ends = split_text(text)
    doc = Document.from_lines(lines)
    doc.newline, doc.trailing_newline = newline, ends
    return doc


def run_case(case: dict, text: str | None = None) -> str:
    text = case["input"] if text is None else text
    doc = document(text, case.get("format", "txt"))
    if "step" in case:
        settings = Settings(select=(case["step"],))
    else:
        settings = Settings(space=case.get("space", False))
    return nz.normalize(doc, settings).to_text()


@pytest.mark.parametrize("case", case_params(CASES))
def test_case(case):
    expected = case.get("expected", case["input"])
    assert run_case(case) == expected


@pytest.mark.parametrize("case", [c for c in load_cases(CASES) if c.get("expect", "pass") == "pass"],
                         ids=lambda c: c["label"])
def test_case_is_idempotent(case):
    once = run_case(case)
    assert run_case(case, once) == once


def test_case_file_has_negative_and_known_failure_cases():
    cases = load_cases(CASES)
    assert sum("expected" not in c for c in cases) >= 15
    assert any(c.get("expect") == "fail" and c.get("note") for c in cases)
    steps = {c["step"] for c in cases if "step" in c}
    assert steps >= set(nz.STEP_IDS) - {"norm.hard-wrap", "norm.space-cjk-latin"}
    assert any("format" in c for c in cases) and any(c.get("space") for c in cases)


# ---------------------------------------------------------------- the registry

def test_step_ids_are_named_unique_and_described():
    ids = [s.id for s in nz.STEPS]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"norm\.[a-z0-9-]+", i) for i in ids)
    assert all(s.description for s in nz.STEPS)
    expected = {"norm.invisible", "norm.punct-width", "norm.ellipsis", "norm.dash", "norm.quotes",
                "norm.fullwidth-alnum", "norm.space-cjk", "norm.space-cjk-latin", "norm.indent",
                "norm.hard-wrap", "norm.mojibake"}
    assert expected <= set(ids)


@pytest.mark.parametrize("step", nz.STEPS, ids=lambda s: s.id)
def test_step_function_has_a_chinese_doctest(step):
    doc = step.fix.__doc__ or ""
    examples = [line for line in doc.splitlines() if line.strip().startswith(">>>")]
    assert examples, f"{step.id}: no doctest example"
    assert any(re.search(r"[\u4e00-\u9fff]", line) for line in examples)


def test_rules_command_lists_the_steps():
    result = run_jingwen("rules")
    assert result.returncode == 0
    out = result.stdout.decode("utf-8")
    for step in nz.STEPS:
        assert step.id in out


# ---------------------------------------------------------------- the stage

def test_each_change_is_an_edit_with_rule_line_before_after():
    doc = document("标题\n\n    挑战 :首先,资源制约......\n")
    nz.normalize(doc, Settings())
    edits = [(c.rule, c.line, c.before, c.after) for c in doc.log]
    assert edits == [
        ("norm.indent", 3, "    挑战 :首先,资源制约......", "挑战 :首先,资源制约......"),
        ("norm.punct-width", 3, "挑战 :首先,资源制约......", "挑战 ：首先，资源制约......"),
        ("norm.ellipsis", 3, "挑战 ：首先，资源制约......", "挑战 ：首先，资源制约……"),
        ("norm.space-cjk", 3, "挑战 ：首先，资源制约……", "挑战：首先，资源制约……"),
    ]
    assert all(c.action == "edit" for c in doc.log)


def test_verbatim_protected_and_furniture_blocks_are_never_changed():
    doc = Document(blocks=[
        Block("代码,示例", 1, kind=VERBATIM),
        Block("保护,文本", 2, protected=True),
        Block("页眉,文字", 3, kind="furniture"),
        Block("正文,内容", 4),
    ])
    nz.normalize(doc, Settings())
    assert [b.text for b in doc.blocks] == ["代码,示例", "保护,文本", "页眉,文字", "正文，内容"]


def test_block_ignore_switches_steps_off_for_that_block():
    doc = Document(blocks=[
        Block("正文,内容......", 1, ignore=frozenset({"norm.punct-width"})),
        Block("正文,内容......", 2, ignore=frozenset({"norm"})),
        Block("正文,内容......", 3),
    ])
    nz.normalize(doc, Settings())
    assert [b.text for b in doc.blocks] == ["正文,内容……", "正文,内容......", "正文，内容……"]


def test_settings_select_and_ignore_steps():
    text = "正文,内容......\n"
    assert nz.normalize(document(text), Settings(ignore=("norm.ellipsis",))).to_text() == "正文，内容......\n"
    assert nz.normalize(document(text), Settings(select=("norm.ellipsis",))).to_text() == "正文,内容……\n"
    assert nz.normalize(document(text), Settings(ignore=("norm",))).to_text() == text


def test_space_step_runs_only_with_the_space_setting():
    text = "使用Python编写\n"
    assert nz.normalize(document(text), Settings()).to_text() == text
    assert nz.normalize(document(text), Settings(space=True)).to_text() == "使用 Python 编写\n"


def test_hard_wrap_merges_blocks_keeps_first_line_and_logs_the_join():
    lines = ["为了规范档案的收集、整理和保管工作，提高", "档案管理水平，根据有关法律法规的规定，",
             "结合本单位实际情况，特制定本办法。本办", "法适用于本单位各部门。"]
    doc = document("\n".join(["第一章\u3000总则", *lines, "第二章\u3000职责", "办公室负责档案管理。"]) + "\n")
    nz.normalize(doc, Settings())
    assert [(b.line, b.text) for b in doc.blocks] == [
        (1, "第一章\u3000总则"), (2, "".join(lines)), (6, "第二章\u3000职责"), (7, "办公室负责档案管理。")]
    joins = [c for c in doc.log if c.rule == "norm.hard-wrap"]
    assert len(joins) == 1 and joins[0].line == 2
    assert joins[0].before == "\n".join(lines) and joins[0].after == "".join(lines)


def test_hard_wrap_never_joins_the_title_or_across_blank_lines():
    title = "关于进一步加强档案收集整理和保管工作的实施意见"  # as wide as the wrapped lines
    first = ["为了规范档案的收集、整理和保管工作，提高档案", "管理水平，根据有关法律法规的规定，结合本单位",
             "实际情况，特制定本办法。本办法适用于本单位各"]
    second = ["各部门应当指定专人负责本部门文件材料的收集和", "整理，并按时向档案室移交，不得由个人保存或者",
              "擅自销毁，移交时应当填写移交清单并双方签字。"]
    text = "\n".join([title, *first]) + "\n\n" + "\n".join(second) + "\n"
    doc = document(text)
    doc.meta.title = title
    nz.normalize(doc, Settings())
    assert [(b.line, b.text) for b in doc.blocks] == [(1, title), (2, "".join(first)), (6, "".join(second))]
    assert doc.to_text() == title + "\n" + "".join(first) + "\n\n" + "".join(second) + "\n"


def test_hard_wrap_never_joins_a_line_starting_with_a_hash_onto_the_line_before():
    wrapped = ["为了规范档案的收集、整理和保管工作，提高档案", "管理水平，根据有关法律法规的规定，结合本单位",
               "实际情况，特制定本办法。本办法适用于本单位各", "部门，自印发之日起施行。"]
    items = ["  • 标准差：衡量数值偏离平均值的程度，越大越分散", "  • 变异系数：标准差与平均值之比，用来比较离散"]
    comment = "# 示例：计算一组数据的标准差"  # a code comment or a Markdown heading starts its own block
    doc = document("\n".join([*wrapped, *items, comment, "import statistics"]) + "\n")
    nz.normalize(doc, Settings())
    texts = [b.text for b in doc.blocks]
    assert "".join(wrapped) in texts  # the wrapped paragraph is joined: the step did run
    assert comment in texts and all(not t.endswith(comment) or t == comment for t in texts)


def test_markdown_headings_are_normalized_with_their_prefix_kept():
    doc = nz.normalize(document("## 第一章,总则\n正文,内容。\n", "md"), Settings())
    assert doc.to_text() == "## 第一章，总则\n正文，内容。\n"


def test_bad_input_never_crashes():
    nasty = ["", "\x00\x01\x02", "\ud800", "(((((", ")))))", '"""""', "''''", "......", "--",
             "\ufdd0", "\ufdd0,中文\ufdd0", "中" * 5000, "a" * 10000, "\u200d" * 5, "。。。。。。。",
             "鍙" * 50, "Ã" * 50, "\ufffd" * 9, "http://", "<!--", "`", "](", "中文(" * 100]
    for text in nasty:
        for fmt in ("txt", "md"):
            doc = Document(blocks=[Block(text, 1)])
            doc.meta.format = fmt
            nz.normalize(doc, Settings(space=True))
            assert not [c for c in doc.log if c.action == "note"], (text, doc.log)


def test_mask_round_trip():
    text = "见`a,b`与[链接](http://x.cn/?a=1,b)和<!-- 注,释 -->及<span class=\"x\">"
    masked, spans = nz.mask(text, markdown=True)
    assert nz.unmask(masked, spans) == text
    assert "," not in masked.replace("见", "")


# ---------------------------------------------------------------- end to end

def test_seed_punctuation_is_restored_by_the_cli(tmp_path):
    from conftest import SEED

    result = run_jingwen("clean", SEED)
    assert result.returncode == 0
    text = result.stdout.decode("utf-8")
    body = text.split("\n", 1)[1]
    han = "[\u4e00-\u9fff]"
    assert not re.search(f"{han}[,:;()]{han}", body)
    assert "挑战：首先，温州产业集群" in text
    assert "加入WTO，温州轻工产品" in text
    assert "竞争力。与此，市人民政府" in text
    assert "截至2007年9月底，全市已拥有" in text
    assert "数量居全国地级市第一；国家免检产品136个" in text


def test_cli_switches(tmp_path):
    src = tmp_path / "a.txt"
    src.write_text("说明\n使用Python编写,访问https://example.com/a?b=1,c=2获取......\n", encoding="utf-8")
    default = run_jingwen("clean", src).stdout.decode("utf-8")
    assert default == "说明\n使用Python编写，访问https://example.com/a?b=1,c=2获取……\n"
    off = run_jingwen("clean", src, "--no-normalize").stdout.decode("utf-8")
    assert off == src.read_text(encoding="utf-8")
    ignored = run_jingwen("clean", src, "--ignore", "norm.punct-width").stdout.decode("utf-8")
    assert ignored == "说明\n使用Python编写,访问https://example.com/a?b=1,c=2获取……\n"
    spaced = run_jingwen("clean", src, "--space").stdout.decode("utf-8")
    assert spaced == "说明\n使用 Python 编写，访问 https://example.com/a?b=1,c=2 获取……\n"


def test_report_lists_normalization_edits(tmp_path):
    import json

    src = tmp_path / "a.txt"
    src.write_text("说明\n正文,内容。\n", encoding="utf-8")
    report = tmp_path / "r.json"
    result = run_jingwen("clean", src, "-o", tmp_path / "out", "--report", report)
    assert result.returncode == 0
    entry = json.loads(report.read_text(encoding="utf-8"))["files"][0]
    assert entry["status"] == "changed"
    assert {"rule": "norm.punct-width", "line": 2, "before": "正文,内容。", "after": "正文，内容。"} in entry["edits"]


def test_negative_documents_pass_the_whole_pipeline_unchanged():
    text = ("关于调整作息时间的通知\n全体员工：\n自下月起，夏季作息时间调整为9:00-17:30，午休时间为12:00-13:30。\n"
            "比赛按3:1的比例分组，奖金共计3,256.8元。\n报名网址：https://example.com/signup?id=42&lang=zh\n"
            "联系邮箱：service@example.com\n他说：“Stay hungry, stay foolish.”\n1. 会议室预订\n2. 投影仪调试\n"
            "软件版本v2.3.1已发布，详见第3页。\n")
    doc = document(text)
    assert run_stages(doc, Settings()).to_text() == text


def test_hard_wrap_never_joins_onto_a_heading_block():
    from jingwen.cleaner.model.document import HEADING

    heading = "第一部分关于进一步加强档案收集整理工作的意见"
    lines = ["为了规范档案的收集、整理和保管工作，提高档案", "管理水平，根据有关法律法规的规定，结合本单位",
             "实际情况，特制定本办法。本办法适用于本单位各", "部门。"]
    doc = Document(blocks=[Block(heading, 1, kind=HEADING, level=1)] + [Block(t, n) for n, t in enumerate(lines, 2)])
    nz.normalize(doc, Settings())
    assert [(b.kind, b.text) for b in doc.blocks] == [(HEADING, heading), ("paragraph", "".join(lines))]


def test_a_markdown_line_ending_in_a_colon_and_a_hard_break_is_cleaned(tmp_path):
    """A colon followed only by the two spaces of a Markdown hard break: the mark's right side is
    empty (it failed with an IndexError, and the file with it)."""
    source = tmp_path / "note.md"
    source.write_text("的a:  \n下一行\n", encoding="utf-8")
    result = run_jingwen("clean", str(source), "-o", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "note.md").read_text(encoding="utf-8").splitlines()[0].startswith("的a")
