"""Property tests (hypothesis): cleaning is idempotent, text no rule matches loses nothing,
readers given arbitrary bytes return a Document or raise the project's own error."""
from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, load_cases
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jingwen.cleaner.model.document import Document
from jingwen.cleaner.model.errors import InputError
from jingwen.cleaner.pipeline import run_stages
from jingwen.cleaner.readers import read_bytes
from jingwen.cleaner.readers.text import read_text
from jingwen.cleaner.settings import Settings

BOILERPLATE = ["查看更多", "下载本文档", "文档评论(0)", "已阅读5页,还剩11页未读 继续免费阅读", "标题_第2页",
               "版权说明:本文档由用户提供并上传,收益归属内容提供方,若内容存在侵权,请进行举报或认领",
               "- 4、该文档为VIP文档,如果想要下载,成为VIP会员后,下载免费。", "第3页 / 共12页", "文档简介"]
BODY = ["本办法自发布之日起施行。", "各部门要高度重视，认真落实。", "会议由主任主持。",
        "成为VIP会员后可以免费下载资料，这是会员协议的内容。", "详见第3页。", "一、总体要求",
        "Python 3.11 的 re 模块", "温度为 25℃，湿度 60%。", "（一）加强领导"]
line = st.one_of(st.sampled_from(BOILERPLATE), st.sampled_from(BODY),
                 st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30))
document = st.lists(st.one_of(line, st.just("")), max_size=25).map(lambda lines: "\n".join(lines) + "\n")
FAST = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def clean(text: str, **options) -> str:
    return run_stages(read_text(text.encode("utf-8"), "prop.txt"), Settings(**options)).to_text()


@FAST
@given(document)
# found by this test: a notice gone, the title changed and a repeated line joined as a wrapped one
@example("00\n00\n")  # the title's copy gone, the title alone must not be scored away next time
@example("查看更多\n本办法自发布之日起施行。\n000000¡ࠀ𐀀𐀀𐀀𐀀𐀀\n本办法自发布之日起施行。\n000000¡ࠀ𐀀𐀀𐀀𐀀𐀀\n本办法自发布之日起施行。\n")
@example("查看更多\n0A\n0A\n00A\n00A\n")  # a label printed twice is not a title, whichever way it is found
@example("查看更多\n@\n000|\n000\n")  # a title after kept lines would not be the title next run
def test_cleaning_is_idempotent(text):
    once = clean(text)
    assert clean(once) == once


# lines of YAML, TOML, INI, CSV, LRC, SQL and code (tests/cases/data_blocks.toml) among notices and
# prose, each line once, blank lines or none between them: a data block is found again the same
# way in the output (a notice removed between two data lines joins them in both passes)
DATA_LINES = sorted({text for case in load_cases("data_blocks.toml") for text in case["input"].split("\n") if text})
mixed = st.lists(st.tuples(st.one_of(st.sampled_from(BOILERPLATE), st.sampled_from(BODY), st.sampled_from(DATA_LINES)),
                           st.booleans()), max_size=25, unique_by=lambda item: item[0])


@FAST
@given(mixed.map(lambda items: "".join(text + ("\n\n" if blank else "\n") for text, blank in items)))
@example('summary = "教务管理：成绩与排课"\n[mail]\n查看更多\nmaintainers = ["李华 <lihua@example.org>"]\n')
def test_cleaning_text_with_data_blocks_is_idempotent(text):
    once = clean(text)
    assert clean(once) == once


@FAST
@given(document)
@example("查看更多\n本办法自发布之日起施行。\n000/\n000\n")  # 000/ and its "copy" 000 were taken for a title
def test_cleaning_without_normalization_is_idempotent(text):
    once = clean(text, normalize=False)
    assert clean(once, normalize=False) == once


@FAST
@given(st.lists(st.sampled_from(BODY), min_size=1, max_size=len(BODY), unique=True))
def test_text_no_rule_matches_loses_no_character(lines):
    """Body lines (some that merely mention VIP, 下载, 第3页) in any order: nothing is removed or
    edited, and the text comes out character for character."""
    text = "\n".join(lines) + "\n"
    doc = run_stages(Document.from_lines(lines), Settings(normalize=False))
    assert [(c.rule, c.text) for c in doc.log if c.action in ("remove", "edit")] == []
    assert doc.to_text() == text


@FAST
@given(st.binary(max_size=2000), st.sampled_from(["txt", "md", "html", "docx"]))
def test_readers_return_a_document_or_raise_input_error(data, fmt):
    try:
        doc = read_bytes(data, "fuzz", fmt)
    except InputError:
        return
    assert isinstance(doc, Document)
    run_stages(doc, Settings())


def test_fuzz_target_runs_clean_for_a_bounded_number_of_iterations(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "bench" / "fuzz" / "fuzz_readers.py"),
                             "-atheris_runs=4000", f"-artifact_prefix={tmp_path}/"],
                            capture_output=True, text=True, timeout=600, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Done 4000 in" in result.stderr


# characters that fold to several (㈠ ﬁ ¼), to spaces, or not at all, and mirror pinyin
FOLD_PIECES = ["版", "權", "說", "明", "：", " ", "  ", "\u3000", "\t", "㈠", "ﬁ", "¼", "Ａ", "a", "(", "（", ")",
               "(quán)", "（xù）", "(shuō)", "\u200b", "\u00ad", "。"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(FOLD_PIECES), st.characters(codec="utf-8", exclude_categories=("Cs",))),
                max_size=20).map("".join))
def test_folding_a_line_at_once_equals_folding_it_character_by_character(text):
    from jingwen.cleaner.textfold import fold, fold_by_character

    assert fold(text) == fold_by_character(text)
