"""Chinese line breaking (exporters/linebreak.py): clreq basic rules hold for any text and width."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st
from jingwen.exporters.linebreak import INSEPARABLE, NO_END, NO_START, fit_lines, units, violations

# Independent of the module's own tables: the marks the issue names.
LINE_START_FORBIDDEN = set("，。、；：？！）》」』”’") | set("，．；：？！）］｝")
LINE_END_FORBIDDEN = set("（《「『“‘")

ALPHABET = list(
    "的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现实加量都两体制机当使点从业本"
    "去把性好应开它合还因由其些然前外天政四日那社义事平形相全表间样与关各重新线内数正心反你明看原又么利比或但质气第向道命此变条只没结解问意建月公无系军很情者最立代想已通并提直题党程展五果料象员革位入常文总"
    "次品式活设及管特件长求老头基资边流路级少图山统接知较将组见计别她手角期根论运农指几九区强放决西被干做必战先回则任取据处队南给色光门即保治北造百规热领七海口东导器压志世金增争济阶油思术极交受联什认六共权"
    "收证改清己美再采转更单风切打白教速花带安场身车例真务具万每目至达走积示议声报斗完类八离华名确才科张信马节话米整空元况今集温传土许步群广石记需段研界拉林律叫且究观越织装影算低持音众书布复容儿须际商非验连"
    "断深难近矿千周委素技备半办青省列习响约支般史感劳便团往酸历市克何除消构府称太准精值号率族维划选标写存候毛亲快效斯院查江型眼王按格养易置派层片始却专状育厂京识适属圆包火住调满县局照参红细引听该铁价严"
)
PUNCT = list("，。、；：？！“”‘’（）《》「」『』——……·")
LATIN = ["WTO", "GDP", "3.14", "2024", "v2.3.1", "e.g.", "OK"]


@st.composite
def chinese_text(draw) -> str:
    parts = draw(st.lists(st.one_of(st.sampled_from(ALPHABET), st.sampled_from(PUNCT), st.sampled_from(LATIN),
                                    st.just(" "), st.sampled_from(["——", "……"])), min_size=1, max_size=300))
    return "".join(parts)


def _width(piece: str) -> float:
    return sum(0.5 if ch.isascii() else 1.0 for ch in piece)


@settings(max_examples=300, deadline=None)
@given(chinese_text(), st.integers(min_value=4, max_value=40))
def test_no_line_starts_with_closing_or_ends_with_opening(text: str, width: int) -> None:
    lines = [line for line, _ in fit_lines(units(text), _width, width - 2, width)]
    # Where each line break fell in the text, and whether spaces were dropped there.
    spaced, position = [], 0
    for line in lines:
        start = text.find(line, position)
        spaced.append(start > position)
        position = start + len(line)
    # A text that itself starts with a closing mark or ends with an opening one keeps it there;
    # "—— ——" broken at the space is two dashes, not one split.
    bad = [(i, why) for i, why in violations(lines)
           if not (i == 0 and why.startswith("starts")) and not (i == len(lines) - 1 and why.startswith("ends"))
           and not (why.startswith("splits") and spaced[i + 1])]
    # A unit wider than the line is the one forced break; none of these units can be that wide
    # unless glued marks pile up beyond the width, which the strategy's width range excludes.
    if all(_width(u) <= width - 2 for u in units(text)):
        assert bad == [], (text, width, lines)


@settings(max_examples=300, deadline=None)
@given(chinese_text(), st.integers(min_value=4, max_value=40))
def test_breaking_keeps_every_character(text: str, width: int) -> None:
    lines = [line for line, _ in fit_lines(units(text), _width, width, width)]
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")


@settings(max_examples=200, deadline=None)
@given(chinese_text())
def test_units_glue_marks_to_their_neighbours(text: str) -> None:
    pieces = units(text)
    assert "".join(pieces) == text
    for before, after in zip(pieces, pieces[1:], strict=False):
        if after.isspace() or before.isspace():
            continue
        assert after[0] not in NO_START
        assert before[-1] not in NO_END
        assert not (before[-1] in INSEPARABLE and after[0] == before[-1])


def test_dashes_and_ellipses_never_split() -> None:
    text = "他说" + "甲" * 6 + "——乙" + "丙" * 5 + "……丁"
    for width in range(3, 15):
        lines = [line for line, _ in fit_lines(units(text), _width, width, width)]
        for a, b in zip(lines, lines[1:], strict=False):
            assert not (a.endswith("—") and b.startswith("—")), lines
            assert not (a.endswith("…") and b.startswith("…")), lines


def test_push_in_lets_a_closing_mark_end_the_line() -> None:
    pieces = units("一二三四五。六")
    without = fit_lines(pieces, _width, 5.5, 5.5)
    with_overhang = fit_lines(pieces, _width, 5.5, 5.5, overhang=lambda p: 0.5 if p.endswith("。") else 0)
    assert [t for t, _ in without] == ["一二三四", "五。六"]
    assert [t for t, _ in with_overhang] == ["一二三四五。", "六"]


def test_latin_words_are_not_broken_inside() -> None:
    lines = [line for line, _ in fit_lines(units("中文 internationalization 测试"), _width, 12, 12)]
    assert any("internationalization" in line for line in lines)


def test_a_word_wider_than_the_line_is_cut_by_characters() -> None:
    lines = [line for line, _ in fit_lines(units("x" * 30), _width, 5, 5)]
    assert lines == ["x" * 10, "x" * 10, "x" * 10]


def test_the_checker_itself_finds_violations() -> None:
    assert violations(["甲乙", "，丙"]) == [(1, "starts with ，")]
    assert violations(["甲（", "乙"]) == [(0, "ends with （")]
    assert violations(["甲—", "—乙"]) == [(0, "splits ——")]
    assert violations(["甲乙，", "丙丁"]) == []
