"""Simplified/Traditional conversion in-process: configurations, the Document stage, quotes,
the user's dictionary, script detection and the refusal to convert twice (issue 4)."""
from __future__ import annotations

import importlib.metadata
import re
from pathlib import Path

import pytest
from conftest import case_params
from hypothesis import example, given, settings
from hypothesis import strategies as st
from jingwen.cleaner.convert import (
    ALIASES,
    CONVERSIONS,
    backend,
    backend_name,
    check_config,
    check_settings,
    config_name,
    convert_document,
    convert_quotes,
    converter,
    load_user_dict,
    plan_for,
)
from jingwen.cleaner.model.document import VERBATIM, Block, Document
from jingwen.cleaner.model.errors import JingwenError
from jingwen.cleaner.script import detect_script
from jingwen.cleaner.settings import Settings

import jingwen


def clean_text(text: str, **settings) -> str:
    return jingwen.clean(text, **settings).text

ALL_CONFIGS = "s2t t2s s2tw tw2s s2twp tw2sp s2hk hk2s s2hkp hk2sp t2tw tw2t t2hk hk2t t2jp jp2t".split()


def configs(*rows) -> list:
    """pytest params; a configuration the active backend lacks (opencc-python-reimplemented has
    10 of 16) is a strict expected failure, never a silent skip."""
    out = []
    for row in rows:
        name = row if isinstance(row, str) else row[0]
        lacking = name not in backend().configs
        marks = [pytest.mark.xfail(strict=True, raises=JingwenError, reason=f"{backend()} lacks {name}")] \
            if lacking else []
        out.append(pytest.param(*(row if isinstance(row, tuple) else (row,)), marks=marks))
    return out


def doc_of(*lines: str, title: str | None = None) -> Document:
    doc = Document.from_lines(lines, source="t.txt")
    doc.meta.title = title
    return doc


def convert(doc: Document, **kw) -> Document:
    return convert_document(doc, Settings(**kw))


def write_dict(tmp_path: Path, text: str, name: str = "my.dict") -> str:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return str(path)


# --- configurations and backend --------------------------------------------------------------

def test_the_sixteen_configurations_are_known():
    assert list(CONVERSIONS) == ALL_CONFIGS


@pytest.mark.parametrize("name", configs(*ALL_CONFIGS))
def test_every_configuration_builds_with_or_without_json(name):
    assert check_config(name) == name
    assert check_config(name + ".json") == name
    assert converter(name + ".json") is converter(name)  # built once, reused


@pytest.mark.parametrize("alias, config", [("traditional", "s2t"), ("simplified", "t2s"),
                                           ("taiwan", "s2twp"), ("hongkong", "s2hk"), ("Taiwan", "s2twp")])
def test_aliases(alias, config):
    assert config_name(alias) == config
    assert set(ALIASES) == {"traditional", "simplified", "taiwan", "hongkong"}


@pytest.mark.parametrize("name", ["s2x", "zh-TW", "", "s2t.yaml"])
def test_unknown_configuration_is_one_clear_line(name):
    with pytest.raises(JingwenError) as error:
        check_config(name)
    message = str(error.value)
    assert "\n" not in message and "unknown conversion" in message
    assert all(c in message for c in ALL_CONFIGS) and "taiwan" in message


def test_backend_is_identified_by_the_distribution_that_installed_it():
    installed = {d.lower() for d in importlib.metadata.packages_distributions()["opencc"]}
    active = backend()
    assert installed == {active.package}
    assert backend_name().startswith(f"{active.package} {active.version}")
    if active.package == "opencc":  # the declared dependency, in the project's venv
        assert set(ALL_CONFIGS) <= active.configs and "official" in backend_name()


def test_configuration_missing_from_the_backend_is_one_clear_line(monkeypatch):
    import jingwen.cleaner.convert as convert_module

    active = backend()
    reduced = convert_module.Backend("opencc-python-reimplemented", "0.1.7", active.configs - {"t2jp"})
    monkeypatch.setattr(convert_module, "backend", lambda: reduced)
    convert_module._converter.cache_clear()
    try:
        with pytest.raises(JingwenError, match=re.escape(
                "conversion t2jp is not available in opencc-python-reimplemented 0.1.7; it needs the official "
                "binding (pip uninstall opencc-python-reimplemented; pip install opencc)")):
            check_config("t2jp.json")
    finally:
        convert_module._converter.cache_clear()


def test_nul_characters_do_not_truncate_text():
    # The C++ binding stops at NUL in multi-step configurations (s2twp returned 軟體 alone).
    assert converter("s2twp").convert("软件\x00头发") == "軟體\x00頭髮"
    assert converter("tw2sp").convert("\x00軟體\x00") == "\x00软件\x00"


def test_opencc_is_not_idempotent_which_is_why_converting_twice_is_refused():
    assert converter("s2t").convert("台灣") == "臺灣"
    assert converter("s2t").convert("周末") == "週末"


# --- the Document stage -----------------------------------------------------------------------

def test_text_blocks_and_title_are_converted_and_logged():
    doc = convert(doc_of("软件说明", "打开设置菜单。", title="软件说明"), convert="s2twp")
    assert [b.text for b in doc.blocks] == ["軟體說明", "開啟設定選單。"]
    assert doc.meta.title == "軟體說明"
    edits = [c for c in doc.log if c.action == "edit"]
    assert [(c.rule, c.line, c.before, c.after) for c in edits] == [
        ("convert.s2twp", 1, "软件说明", "軟體說明"), ("convert.s2twp", 2, "打开设置菜单。", "開啟設定選單。")]


def test_unchanged_blocks_are_not_logged():
    doc = convert(doc_of("ABC 123", "汉字"), convert="s2t")
    assert [(c.line, c.after) for c in doc.log if c.action == "edit"] == [(2, "漢字")]


@pytest.mark.parametrize("name, language, script", configs(
    ("s2t", "zh-Hant", "hant"), ("s2tw", "zh-TW", "hant"), ("s2twp", "zh-TW", "hant"),
    ("s2hk", "zh-HK", "hant"), ("s2hkp", "zh-HK", "hant")))
def test_language_and_script_of_traditional_output(name, language, script):
    doc = convert(doc_of("这里的头发和面条。"), convert=name)
    assert (doc.meta.language, doc.meta.script) == (language, script)


@pytest.mark.parametrize("name", configs("t2s", "tw2s", "tw2sp", "hk2s", "hk2sp"))
def test_language_and_script_of_simplified_output(name):
    doc = convert(doc_of("這裡的頭髮和麪條。"), convert=name)
    assert (doc.meta.language, doc.meta.script) == ("zh-CN", "hans")


@pytest.mark.parametrize("name, language", configs(("t2tw", "zh-TW"), ("t2hk", "zh-HK"), ("tw2t", "zh-Hant"),
                                                   ("hk2t", "zh-Hant"), ("t2jp", "ja"), ("jp2t", "ja")))
def test_language_of_variant_and_japanese_conversions(name, language):
    text = "舊字體的歷史" if name != "jp2t" else "旧字体の歴史"
    assert convert(doc_of(text), convert=name).meta.language == language


def test_every_configuration_has_a_language_tag():
    assert all(re.fullmatch(r"zh-(CN|TW|HK|Hant)|ja", c.language) for c in CONVERSIONS.values())


def test_verbatim_protected_and_ignoring_blocks_are_left_alone():
    doc = Document(blocks=[
        Block("汉字一", 1),
        Block("print('汉字')", 2, kind=VERBATIM),
        Block("受保护的汉字", 3, protected=True),
        Block("不转换这一段", 4, ignore=frozenset({"convert"})),
        Block("只忽略别的规则", 5, ignore=frozenset({"convert.t2s"})),
        Block("汉字二", 6),
    ])
    doc = convert(doc, convert="s2t")
    assert [b.text for b in doc.blocks] == ["漢字一", "print('汉字')", "受保护的汉字", "不转换这一段",
                                            "只忽略別的規則", "漢字二"]


def test_multi_line_blocks_keep_their_line_breaks():
    doc = Document(blocks=[Block("第一行\n第二行", 1), Block("头发", 3), Block("\n面条\n", 4)])
    doc = convert(doc, convert="s2t")
    assert [b.text for b in doc.blocks] == ["第一行\n第二行", "頭髮", "\n麪條\n"]


lines = st.lists(st.text(alphabet="汉字头发面条软件台湾乾隆后来了\n\x00 “”‘’「」a", max_size=12), max_size=8)


@given(lines)
@example(["‘", "「「」"])  # issue 19: a curly mark in one block re-nested corner quotes in the next
@settings(max_examples=150, deadline=None)
def test_converting_all_blocks_in_one_call_equals_one_call_per_block(texts):
    plan = plan_for(Settings(convert="s2twp", quotes="corner"))
    assert plan.convert_many(texts) == [plan.convert(t) for t in texts]


# --- script detection and refusal -------------------------------------------------------------

@pytest.mark.parametrize("text, script", [
    ("这是简体中文，头发和面条。", "hans"), ("這是繁體中文，頭髮和麪條。", "hant"),
    ("简体的内容很多很多" * 3 + "繁體的內容很多很多" * 3, "mixed"), ("ABC 123 中文", "none"), ("", "none")])
def test_detect_script(text, script):
    assert detect_script(text) == script


@pytest.mark.parametrize("name, text, words", [
    ("s2t", "這是繁體中文。", "already Traditional Chinese"),
    ("s2twp", "這是繁體中文。", "already Traditional Chinese"),
    ("t2s", "这是简体中文。", "already Simplified Chinese"),
    ("tw2sp", "这是简体中文。", "already Simplified Chinese"),
    ("t2tw", "这是简体中文。", "text is Simplified Chinese"),
])
def test_converting_text_already_in_the_target_script_is_refused(name, text, words):
    with pytest.raises(JingwenError) as error:
        convert(doc_of(text), convert=name)
    message = str(error.value)
    assert words in message and "--force" in message and "\n" not in message


def test_force_converts_anyway_and_says_so():
    doc = convert(doc_of("台灣的週末"), convert="s2t", force=True)
    assert doc.blocks[0].text == "臺灣的週末"
    notes = [c.text for c in doc.log if c.action == "note"]
    assert notes == ["hant → hant, language zh-Hant (forced)"]


@pytest.mark.parametrize("text, converted", [
    ("ABC 123 中文", "ABC 123 中文"),
    ("简体的内容很多" * 3 + "繁體的內容很多" * 3, "簡體的內容很多" * 3 + "繁體的內容很多" * 3)])
def test_text_without_a_clear_script_is_converted(text, converted):
    assert convert(doc_of(text), convert="s2t").blocks[0].text == converted


def test_refusal_looks_at_converted_blocks_only():
    doc = Document(blocks=[Block("def 繁體函數():", 1, kind=VERBATIM), Block("简体正文", 2)])
    assert convert(doc, convert="s2t").blocks[1].text == "簡體正文"


# --- quotation marks --------------------------------------------------------------------------

@pytest.mark.parametrize("case", case_params("convert_quotes.toml"))
def test_quotes(case):
    assert convert_quotes(case["input"], case["style"]) == case["expected"]


def test_quotes_convert_together_with_the_script():
    doc = convert(doc_of("他说：“请读‘背影’。”"), convert="s2twp", quotes="corner")
    assert doc.blocks[0].text == "他說：「請讀『背影』。」"
    doc = convert(doc_of("他說：「請讀『背影』。」"), convert="tw2sp", quotes="curly")
    assert doc.blocks[0].text == "他说：“请读‘背影’。”"


def test_without_quotes_option_the_texts_quotes_are_kept():
    doc = convert(doc_of("他说：“你好”"), convert="s2twp")
    assert doc.blocks[0].text == "他說：“你好”"


def test_quotes_alone_through_the_pipeline():
    assert clean_text("他说：“你好。”\n", quotes="corner") == "他说：「你好。」\n"


def test_unknown_quote_style():
    with pytest.raises(JingwenError, match="corner, curly"):
        check_settings(Settings(convert="s2t", quotes="angle"))


# --- the user's phrase dictionary ------------------------------------------------------------

def test_user_phrases_win_over_opencc(tmp_path):
    path = write_dict(tmp_path, "# 我的词典\n鼠标\t滑鼠\n内存\t記憶體\n")
    assert converter("s2t").convert("鼠标和内存") == "鼠標和內存"
    doc = convert(doc_of("鼠标和内存"), convert="s2t", user_dict=path)
    assert doc.blocks[0].text == "滑鼠和記憶體"


def test_user_phrases_are_protected_from_later_conversion_steps(tmp_path):
    # s2twp turns 软件 into 軟體 in a later step (TWPhrases); the user's mapping must survive it,
    # and so must quotation marks inside the user's target when --quotes is given.
    path = write_dict(tmp_path, "软件\t軟件\n乾隆\t乾隆\n引语\t“引语”\n")
    doc = convert(doc_of("软件和乾隆的引语：“软件”"), convert="s2twp", user_dict=path, quotes="corner")
    assert doc.blocks[0].text == "軟件和乾隆的“引语”：「軟件」"


def test_longest_user_phrase_wins(tmp_path):
    path = write_dict(tmp_path, "中国\t中國\n中国人\t華人\n")
    assert convert(doc_of("中国人和中国"), convert="s2t", user_dict=path).blocks[0].text == "華人和中國"


def test_user_phrases_with_private_use_characters_already_in_the_text(tmp_path):
    path = write_dict(tmp_path, "鼠标\t滑鼠\n")
    text = "\ue000鼠标\ue001"
    assert convert(doc_of(text), convert="s2t", user_dict=path).blocks[0].text == "\ue000滑鼠\ue001"


def test_user_dictionary_alone_replaces_phrases(tmp_path):
    path = write_dict(tmp_path, "鼠标\t滑鼠\n")
    assert clean_text("鼠标坏了\n", user_dict=path) == "滑鼠坏了\n"


def test_user_dictionary_is_parsed_once(tmp_path):
    path = write_dict(tmp_path, "鼠标\t滑鼠\n")
    assert load_user_dict(path) is load_user_dict(path)


@pytest.mark.parametrize("text, where", [
    ("鼠标\t滑鼠\n没有制表符\n", ":2: expected source<TAB>target"),
    ("鼠标\t滑鼠\t游標\n", ":1: expected source<TAB>target"),
    ("\t滑鼠\n", ":1: expected source<TAB>target"),
    ("鼠标\t滑鼠\n\n鼠标\t游標\n", ":3: 鼠标 is already mapped to 滑鼠 on line 1"),
])
def test_bad_dictionary_lines_are_named(tmp_path, text, where):
    path = write_dict(tmp_path, text)
    with pytest.raises(JingwenError) as error:
        check_settings(Settings(convert="s2t", user_dict=path))
    assert str(error.value).startswith(path + where) and "\n" not in str(error.value)


def test_dictionary_that_is_not_utf8(tmp_path):
    path = tmp_path / "gbk.dict"
    path.write_bytes("鼠标\t滑鼠\n内存\t記憶體\n".encode("gbk"))
    with pytest.raises(JingwenError, match=re.escape(f"{path}:1: dictionary is not UTF-8 text")):
        check_settings(Settings(convert="s2t", user_dict=str(path)))


def test_missing_dictionary(tmp_path):
    with pytest.raises(JingwenError, match="cannot read dictionary"):
        check_settings(Settings(convert="s2t", user_dict=str(tmp_path / "nope.dict")))


# --- conversion alone, streamed (issue 13) ---------------------------------------------------------

@pytest.mark.parametrize("chunk", [1, 7, 64, 1 << 20])
def test_streamed_conversion_equals_one_call_whatever_the_piece_size(chunk):
    import io

    from jingwen.cleaner.convert import convert_stream

    text = "第一行汉字 ；  空格\r\n" + "很长的一行没有换行符" * 20 + "\n\n发展\r最后一行没有换行"
    out = io.BytesIO()
    outcome = convert_stream(io.BytesIO(text.encode()), out, Settings(convert="s2t"), log_edits=True, chunk=chunk)
    assert out.getvalue().decode() == converter("s2t").convert(text)
    assert outcome.changed and outcome.chars_in == len(text)
    assert [c.line for c in outcome.edits] == [1, 2, 4]


def test_streamed_conversion_names_the_offset_of_broken_utf8_in_a_later_piece():
    import io

    from jingwen.cleaner.convert import convert_stream
    from jingwen.cleaner.model.errors import InputError

    data = "汉字\n".encode() * 10 + b"\xff\xfe broken\n"
    with pytest.raises(InputError, match=f"invalid UTF-8 at byte offset {len('汉字'.encode()) * 10 + 10}"):
        convert_stream(io.BytesIO(data), io.BytesIO(), Settings(convert="s2t"), chunk=8)
