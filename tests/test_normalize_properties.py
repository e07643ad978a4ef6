"""Properties of normalization on generated text (hypothesis): twice is once, text with nothing
to do is untouched, and no Chinese character is ever lost, added or moved."""
from __future__ import annotations

import re

from conftest import texts_of
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from jingwen.cleaner.model.document import Document
from jingwen.cleaner.normalize import normalize
from jingwen.cleaner.settings import Settings

HAN = list("的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面"
           "而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本去把性好"
           "温州集群品牌")
CJK_PUNCT = list("，。、；：？！（）《》“”‘’……——　")
ASCII_TARGETS = list(",:;?!()\"'.-")
LATIN = list("abcXYZ0123456789")
SPACES = [" ", " ", "\t", "\u3000"]
ODD = ["\u200b", "\u00ad", "\ufeff", "\u00a0", "ＡＢ", "１２", "...", "......", "--", "。。。", "…", "https://a.cn/x?b=1,c",
       "a@b.cn", "9:00", "3:1", "3,256.8", "v2.3.1", "1. ", "（一）", "一、", "第一章 "]
# the evidence the conservative steps of issue 13 decide by: labels, lists, letter-spacing, formulas,
# vectors, area codes, file names, emoticons, references, command lines, JSON, aligned items
EVIDENCE = ["作者：", "邮编：", "张三 李四 ", " 王五", "会 议 纪 要", "目 录", "a:b=2:3", "(1, 2)", "(02) 2311",
            "(终稿).docx", ":-)", ":)", "[M]. ", "[1] ", "git commit -m ", '{"a": ', "⋯⋯", "      2.", "(3+4)×5",
            "（1）", "(2)", "Abc@123!", "](x)", "∠A=60°",
            # and the restorations added after it: number lists, symbols, spaced words, spelled-out
            # names, Latin labels, list brackets, spaced groups, quoted words, code spans, URL hosts
            "85,90,78", "1,256", "😊", "❤️", "40℃", " Python", "NASA(National Space Agency)", "QQ:", "E-mail:",
            "a)", "1)", "{1, 2},", "color:red;", "'Good'", "`\"你\"`", "http://a.cn(", 'echo "',
            # and the fifth probe part's: JSON in a sentence, chess moves, Morse, a quoted mark, Vim,
            # a grin, a sense's part of speech, a weekday, label-value fields, an image, units, terms
            '返回{"k": "值", "n": 1}时', "-d '{\"q\": 1}'", "马８进７", "···———···", "“—···”", "“,”", ":wq", ":q!",
            "晚安:D", "②形 ", "2日 星期三", "机型 ", " D212，", "\u3000\u3000\u3000\u3000", "![图](a.png)",
            "50 Hz;", "FOB(Free On Board):", '从"留守"到',
            # and the seventh part's: list fields, a dateline, operators, a chemical name, emoji codes, a
            # spaced code name, formula commas, annotations, scores, a byline, an ellipsis in a list
            "产品部 林可、", "11月27日电 （", "！ ", "－1＜x", "4-(2-甲基丙基)", "(x－2)(x－3)＝0", " :tada: ",
            ' "timeout" ', "π≈3.1416,e≈2", "Liu;截止", "20:00(UTC+8)", "3∶2(25∶21,22∶25)", "n(1≤n≤105)",
            "記者林柏宇/台北報導", "a₁, a₂, …, aₙ", "Am(x02210)、", "首选DNS:1", "Wei (张伟), born"]

mixed_piece = st.one_of(st.sampled_from(HAN), st.sampled_from(CJK_PUNCT), st.sampled_from(ASCII_TARGETS),
                        st.sampled_from(LATIN), st.sampled_from(SPACES), st.sampled_from(ODD),
                        st.sampled_from(EVIDENCE))
mixed_line = st.lists(mixed_piece, max_size=60).map("".join)
mixed_text = st.lists(mixed_line, min_size=1, max_size=12).map("\n".join)

# text with no target pattern: Chinese with correct full-width punctuation, ASCII words glued
clean_piece = st.one_of(st.sampled_from(HAN), st.sampled_from(list("，、；：？！《》")), st.sampled_from(LATIN))
# each line ends a sentence (equal lines stopping mid-sentence would be a hard wrap: a target)
# (and starts with a Chinese character: 1X, 2Y, 3Z on consecutive lines is a folded ①②③ list)
clean_line = st.tuples(st.sampled_from(HAN), st.lists(clean_piece, max_size=60)).map(
    lambda p: p[0] + "".join(p[1]) + "。")
clean_text = st.lists(clean_line, min_size=1, max_size=8).map("\n".join)
ENGLISH = ["the", "file", "is", "ready", ",", ".", ":", "(a)", '"ok"', "don't", "9:00", "3,256", "--", "...", "?", "!",
           "x", "v2.3"]
english_text = st.lists(st.sampled_from(ENGLISH), min_size=1, max_size=30).map(" ".join)

HAN_RE = re.compile(r"[\u4e00-\u9fff]")
PROPERTY = settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def run(text: str, **kw) -> str:
    doc = Document.from_lines(text.split("\n"))
    doc.trailing_newline = False
    return normalize(doc, Settings(**kw)).to_text()


@PROPERTY
@given(mixed_text)
@example('https://a.cn/x?b=1,cＡＢ`"你"`')  # the widened letters once made the URL reach the code span
def test_twice_equals_once(text):
    once = run(text)
    assert run(once) == once


@PROPERTY
@given(mixed_text)
@example("的a@b.cnＡＢ9:00")  # the widened letters made the address a@b.cnAB9 on the second run
def test_twice_equals_once_with_spacing(text):
    once = run(text, space=True)
    assert run(once, space=True) == once


@PROPERTY
@given(mixed_line)
def test_each_step_alone_is_idempotent(line):
    from jingwen.cleaner.normalize import STEPS

    for step in STEPS:
        once = step.fix(line)
        assert step.fix(once) == once, step.id


@PROPERTY
@given(clean_text)
def test_text_without_targets_is_unchanged(text):
    assert run(text) == text


@PROPERTY
@given(english_text)
def test_english_text_is_unchanged(text):
    assert run(text) == text


@PROPERTY
@given(mixed_text)
def test_no_chinese_character_lost_added_or_moved(text):
    out = run(text, ignore=("norm.mojibake",))
    assert HAN_RE.findall(out) == HAN_RE.findall(text)


@PROPERTY
@given(mixed_text)
def test_no_chinese_character_lost_with_every_step(text):
    # the generated characters are all common ones: mojibake repair must leave them alone too
    out = run(text, space=True)
    assert HAN_RE.findall(out) == HAN_RE.findall(text)


# lines of Chinese words and single characters separated by spaces, after a label or not: the
# letter-spacing and list decisions of norm.space-cjk (issue 13)
spaced_piece = st.one_of(st.sampled_from(HAN), st.lists(st.sampled_from(HAN), min_size=2, max_size=5).map("".join))
spaced_line = st.tuples(st.sampled_from(["", "作者：", "关键词：", "，", "。"]),
                        st.lists(spaced_piece, min_size=1, max_size=8).map(" ".join),
                        st.sampled_from(["", "。", " 邮编：100000"])).map("".join)


@PROPERTY
@given(spaced_line)
def test_spacing_decisions_are_idempotent_and_keep_every_character(line):
    from jingwen.cleaner.normalize.spacing import cjk_spaces

    once = cjk_spaces(line)
    assert cjk_spaces(once) == once
    assert once.replace(" ", "") == line.replace(" ", "")  # only spaces ever go


# the characters the spans ASCII keeps are made of (formulas, IPv6, faces, CSS, citations, grins)
KEEP_PIECES = ["a", "Z", "f", "0", "9", ".", ":", ";", ",", ", ", "(", ")", "=", "+", "-", "−", "*", "/", "^", "_",
               "~", "!", "@", "#", "$", "%", "&", " ", "::", "(0", "(-3)", "]", "晚安", "啦", "D", "p", "水泥",
               "“", "”", "안", "•", "ω", "∞", "×", "²", "wq", "q!", ".docx", "(2020)", "(852) 2345 6789", "，"]


@settings(max_examples=600, deadline=None)
@given(texts_of(KEEP_PIECES, 24), st.booleans())
@example("样式 color: red; margin: 0 auto; 见 Smith (2020) 与 fe80::1ff:fe23 :-) (-_-) ~~删~~ 晚安:D", False)
@example("“,” 안녕하세요, 세계! (852) 2345 6789 (๑•̀ㅂ•́) :wq (终稿).docx ](a.md) (-3)×2 !@#$", True)
def test_keep_spans_behind_a_first_character_look_are_the_same(text, rare):
    """``_keep_pattern`` for a text without ``=`` finds exactly the spans ``_KEEP`` does."""
    import sys

    pw = sys.modules["jingwen.cleaner.normalize.punct_width"]
    text = text.replace("=", "")
    full = pw._KEEP_WIDE if rare else pw._KEEP
    fast = pw._keep_pattern(rare, False)
    assert fast is not full
    assert [m.span() for m in fast.finditer(text)] == [m.span() for m in full.finditer(text)]


def test_nfc_stable_characters_leave_any_text_as_nfc_finds_it():
    """``invisible.NFC_STABLE``: no combining class, already NFC, never the second character of
    a canonical pair (so a text made of them only is NFC, whatever their order)."""
    import unicodedata

    from jingwen.cleaner.normalize.invisible import NFC_STABLE

    stable = re.compile(f"[{NFC_STABLE}]")
    seconds = {0x1161 + k for k in range(21)} | {0x11A8 + k for k in range(27)}  # Hangul vowels, finals
    for code in range(0x110000):
        parts = unicodedata.decomposition(chr(code)).split()
        if len(parts) == 2 and not parts[0].startswith("<"):
            seconds.add(int(parts[1], 16))
    for code in range(0x110000):
        c = chr(code)
        if 0xD800 <= code <= 0xDFFF or not stable.fullmatch(c):
            continue
        assert unicodedata.combining(c) == 0 and unicodedata.is_normalized("NFC", c) and code not in seconds, hex(code)


def test_the_invisible_steps_quick_class_finds_every_character_it_may_change():
    """``invisible.QUICK`` passes by only NFC-stable characters that are not invisible."""
    import sys

    from jingwen.cleaner.normalize.invisible import NFC_STABLE, QUICK

    invisible = sys.modules["jingwen.cleaner.normalize.invisible"]._INVISIBLE_QUICK
    quick, stable = re.compile(QUICK), re.compile(f"[{NFC_STABLE}]")
    passed = [chr(code) for code in range(0x110000) if not quick.match(chr(code))]
    assert passed and all(stable.match(c) and not invisible.match(c) for c in passed)


QUICK_PIECES = ["温", "州", " ", "  ", "，", "“", "”", "（", "）", "\u3000", "\u200b", "\u00a0", "\u00ad", "\u2028",
                "\ufeff", "\x07", "Ａ", "２", "．", "e\u0301", "\u0301", "\u1100\u1161", "\uf900", "\u2126", "a", "1",
                "马８进７", "\u200d", "\u202e", "\u05d0", "。", "、", "会 议 纪 要", "作者：张三 李四", "https://a.cn/x"]


@settings(max_examples=600, deadline=None)
@given(texts_of(QUICK_PIECES, 16))
@example("e\u0301温州")
@example("发\u200b布会\u00a0时间")
@example("ＡＢＣ公司")
@example("温州 一些企业")
def test_a_step_changes_no_line_its_quick_pattern_does_not_find(text):
    """``Step.quick``: a line the pattern finds nothing in is one the step leaves as it is (the
    stage visits only the lines it finds)."""
    from jingwen.cleaner.normalize.steps import STEPS

    for step in STEPS:
        if step.quick and not re.search(step.quick, text):
            assert step.fix(text) == text, step.id
