"""Mojibake repair on real mis-decoded bytes, and never on correct text."""
from __future__ import annotations

import codecs
import difflib
import random

import pytest
from conftest import run_jingwen
from hypothesis import given, settings
from hypothesis import strategies as st
from jingwen.cleaner.model.document import Document
from jingwen.cleaner.mojibake import _script_sets, fix_mojibake, looks_like_mojibake
from jingwen.cleaner.normalize import normalize
from jingwen.cleaner.settings import Settings

SIMPLIFIED = [
    "关于印发2024年度工作计划的通知",
    "各部门：请于下周五前提交本季度工作总结。",
    "温州发展产业集群化对策措施",
    "会议纪要：项目推进会于3月12日召开",
    "本办法自发布之日起施行，由办公室负责解释",
    "社区垃圾分类工作实施方案（试行）",
    "第一章 总则",
    "软件版本v2.3.1已发布，欢迎下载体验！",
]
TRADITIONAL = [
    "關於開展消防安全檢查的通知",
    "閱讀教學設計與反思",
    "本課程講義可於學校網站下載，下載後請自行列印。",
    "期末報告請於第十週前繳交",
]


def _browser(err: UnicodeDecodeError):
    """How browsers and Windows decode GBK: 0x80 is €, anything else invalid is U+FFFD."""
    byte = err.object[err.start]
    return ("\u20ac" if byte == 0x80 else "\ufffd", err.start + 1)


codecs.register_error("test-browser", _browser)


def _sloppy_cp1252(data: bytes) -> str:
    """Windows-1252 as browsers decode it: the five undefined bytes become C1 controls."""
    return "".join(chr(b) if b in (0x81, 0x8D, 0x8F, 0x90, 0x9D) else bytes([b]).decode("cp1252") for b in data)


MISDECODINGS = {
    "utf-8 read as latin-1": lambda s: s.encode("utf-8").decode("latin-1"),
    "utf-8 read as windows-1252": lambda s: _sloppy_cp1252(s.encode("utf-8")),
    "gbk read as latin-1": lambda s: s.encode("gbk").decode("latin-1"),
    "gbk read as windows-1252": lambda s: _sloppy_cp1252(s.encode("gbk")),
    "utf-8 read as latin-1 twice": lambda s: s.encode("utf-8").decode("latin-1").encode("utf-8").decode("latin-1"),
    "utf-8 read as latin-1, then windows-1252": lambda s: _sloppy_cp1252(s.encode("utf-8").decode("latin-1").encode()),
}


@pytest.mark.parametrize("how", MISDECODINGS)
@pytest.mark.parametrize("text", SIMPLIFIED)
def test_simplified_repaired(text, how):
    broken = MISDECODINGS[how](text)
    assert broken != text
    assert fix_mojibake(broken) == text


@pytest.mark.parametrize("text", TRADITIONAL)
def test_big5_read_as_latin1_repaired(text):
    broken = text.encode("big5").decode("latin-1")
    assert fix_mojibake(broken) == text


@pytest.mark.parametrize("text", SIMPLIFIED + TRADITIONAL)
def test_utf8_read_as_gbk_repaired_where_no_byte_was_lost(text):
    broken = text.encode("utf-8").decode("gb18030", "test-browser")
    if "\ufffd" in broken:
        pytest.skip("a byte was lost at an odd end: see the partial-repair test")
    assert fix_mojibake(broken) == text


@pytest.mark.parametrize("text", SIMPLIFIED + TRADITIONAL)
def test_utf8_read_as_gbk_with_lost_bytes_is_repaired_around_them(text):
    broken = text.encode("utf-8").decode("gbk", "replace")
    fixed = fix_mojibake(broken)
    assert fixed.count("\ufffd") <= broken.count("\ufffd")  # no byte is ever lost by the repair

    def recovered(candidate: str) -> int:
        return sum(b.size for b in difflib.SequenceMatcher(None, text, candidate, autojunk=False).get_matching_blocks())

    if "\ufffd" not in broken:
        assert fixed == text
    else:  # what the wrong decoder lost stays lost; the runs around it come back
        assert recovered(fixed) >= recovered(broken) + len(text) // 3, (text, fixed)


def test_single_character_runs_are_repaired_once_the_line_has_mojibake():
    text = "2024年度工作计划 v2 版"
    broken = text.encode("utf-8").decode("latin-1")
    assert fix_mojibake(broken) == text


def test_document_repairs_short_lines_once_other_lines_had_mojibake():
    lines = ["关于印发年度工作计划的通知", "各部门：", "年"]
    doc = Document.from_lines([s.encode("utf-8").decode("latin-1") for s in lines])
    normalize(doc, Settings(select=("norm.mojibake",)))
    assert [b.text for b in doc.blocks] == lines
    assert {c.rule for c in doc.log} == {"norm.mojibake"}


def test_cli_repairs_a_mojibake_file(tmp_path):
    src = tmp_path / "a.txt"
    body = ["关于印发2024年度工作计划的通知", "各部门：", "请认真贯彻执行。"]
    src.write_text("\n".join(s.encode("utf-8").decode("gb18030", "test-browser") for s in body) + "\n",
                   encoding="utf-8")
    out = run_jingwen("clean", src).stdout.decode("utf-8")
    assert out.startswith("关于印发2024年度工作计划的通知\n各部门：\n")


# ---------------------------------------------------------------- correct text is never repaired

def _pool(codec: str, leads: range, trails) -> list[str]:
    out = []
    for lead in leads:
        for trail in trails:
            try:
                out.append(bytes([lead, trail]).decode(codec))
            except UnicodeDecodeError:
                pass
    return out


GB2312 = _pool("gb2312", range(0xA1, 0xF8), range(0xA1, 0xFF))  # symbols, level 1 and level 2
BIG5 = _pool("big5", range(0xA1, 0xFA), [*range(0x40, 0x7F), *range(0xA1, 0xFF)])
GBK_EXT = _pool("gbk", range(0x81, 0xA1), [*range(0x40, 0x7F), *range(0x80, 0xFF)])


@pytest.mark.parametrize("pool", [GB2312, BIG5, GBK_EXT, GB2312 + BIG5 + GBK_EXT], ids=["gb2312", "big5", "gbk", "all"])
def test_random_correct_strings_are_never_repaired(pool):
    rng = random.Random(20241028)
    for _ in range(20000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(2, 10)))
        assert fix_mojibake(text) == text


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(GB2312 + BIG5), st.sampled_from(list("0123456789 abcXYZ,.:"))),
                min_size=1, max_size=40).map("".join))
def test_correct_mixed_text_is_never_repaired(text):
    assert fix_mojibake(text) == text


@pytest.mark.parametrize("text", [
    "Café au lait, naïve, Zürich, São Paulo, Ærø, Œuvre, Übermäßig, façade, résumé, crème brûlée",
    "温度为25°C±0.5，×××公司，××××年，第§3条，½杯水，“引号”……——",
    "«Bonjour», ¡Hola!, ¿Qué?, ©2024 ®, µm, 2×3×4, m²·s",
    "璐璐和琪琪在鄞州区的甬江边散步，嵊州的榧子很有名",
    "這是一段繁體中文，沒有任何亂碼。",
])
def test_correct_text_samples_are_never_repaired(text):
    assert fix_mojibake(text) == text


def test_fast_path_skips_ordinary_chinese():
    simplified, traditional = _script_sets()
    rng = random.Random(3)
    common = sorted(simplified)
    hits = sum(looks_like_mojibake("".join(rng.choice(common) for _ in range(30)) + "，。") for _ in range(2000))
    assert hits < 100  # two of GB 2312's 3,755 common characters are UTF-8 lead bytes read as GBK
