"""The ``norm.ellipsis`` and ``norm.dash`` steps: the two-character marks of Chinese text,
``……`` (from ``......``, ``...``, ``。。。``) and ``——`` (from ``--``), restored where they
stand in Chinese text (``等等......`` → ``等等……``, ``温州--中国鞋都`` → ``温州——中国鞋都``)."""
from __future__ import annotations

import re

from jingwen.cleaner.normalize.context import (
    CJK_CHAR,
    CJKISH,
    DIGIT,
    HAN,
    HAN_RANGES,
    LATIN,
    PUNCT_RANGES,
    QUOTE,
    char_class,
    look_left,
    look_right,
)
from jingwen.cleaner.normalize.lazy_regex import LazyRegex
from jingwen.cleaner.normalize.line_kind import line_kind
from jingwen.cleaner.patterns import compile_pattern

# ⋯⋯ (U+22EF) is the ellipsis of Taiwan's standard: a region's convention, kept
_ELLIPSIS = compile_pattern(r"(?<![.。…·⋯])(?:\.{6}|\.{3}|。{6}|。{3}|…|·{6}|·{3})(?![.。…·⋯])")
_ELLIPSIS_QUICK = compile_pattern(r"\.\.\.|。。。|(?<!…)…(?!…)|···")
# after a Chinese character (not a contents leader before a page number): decided at C speed
_ELLIPSIS_AFTER_CHINESE = LazyRegex(f"(?<=[{HAN_RANGES}{PUNCT_RANGES}])"
                                    r"(?:\.{6}|\.{3}|。{6}|。{3}|·{6}|·{3})"
                                    r"(?![.。…·⋯])(?![ \t]*\d+[ \t]*$)")
_LEADER_TAIL = compile_pattern(r"[ \t]*\d+[ \t]*$")  # a table of contents line: dots, then a page number
# a CIP record's subject line, whose lone … cuts a title short: Ⅰ. ①城… Ⅱ. ①林… Ⅲ. ①长篇小说
_CIP_SUBJECTS = compile_pattern(r"(?:^|\s)Ⅰ ?\. ?①.*Ⅱ ?\. ?①")


_SIGNAL_CHANGE = compile_pattern("·—|—·")


def _morse(s: str, i: int, j: int) -> bool:
    """Whether the dots at ``s[i:j]`` are Morse code's: the run of ``·`` and ``—`` around them has
    both and is quoted whole (``“—···”``) or changes signal twice (``···———···``)."""
    a, b = i, j
    while a and s[a - 1] in "·—":
        a -= 1
    while b < len(s) and s[b] in "·—":
        b += 1
    run = s[a:b]
    if s[i] != "·" or "—" not in run:
        return False
    quoted = a > 0 and b < len(s) and s[a - 1] in "“‘「『\"" and s[b] in "”’」』\""
    return quoted or len(_SIGNAL_CHANGE.findall(run)) >= 2


def _ellipsis_repl(m: re.Match) -> str:
    s, i, j = m.string, m.start(), m.end()
    found = m.group()
    if found == "……" or "—" in s and _morse(s, i, j):
        return found
    if found[0] == "。":
        return "……"
    chars = s
    lc = char_class(chars[i - 1]) if i else None
    rc = char_class(chars[j]) if j < len(chars) else None
    if lc == DIGIT and rc == DIGIT or found == "…" and s[i - 2:i] == ", " and s[j:j + 1] == ",":
        return found  # 1...10  a₁, a₂, …, aₙ
    if found[0] != "…" and _LEADER_TAIL.fullmatch(s, j):
        return found  # 总则......12
    if found == "......" and CJK_CHAR.search(s):
        return "……"  # six dots are the fold of ……, not English (“Well......”)
    chinese = lc in CJKISH or lc == QUOTE and look_left(s, i - 1)[0] in CJKISH
    if not chinese and lc not in (LATIN, DIGIT):
        chinese = rc in CJKISH or rc == QUOTE and look_right(s, j)[0] in CJKISH
    elif not chinese:
        chinese = rc == HAN
    return "……" if chinese else found


def ellipsis(text: str) -> str:
    """An ellipsis in Chinese text is ``……``: ``...``, ``......``, ``。。。`` and ``…`` become it;
    English ``...``, ranges (``1...10``), table-of-contents leaders and Taiwan's ``⋯⋯`` stay.

    >>> ellipsis("等等......他说。。。"), ellipsis("Wait...")
    ('等等……他说……', 'Wait...')
    >>> ellipsis("SOS的电码为“···———···”，B是“—···”"), ellipsis("可是···——他走了")
    ('SOS的电码为“···———···”，B是“—···”', '可是……——他走了')
    >>> ellipsis("Ⅰ. ①城… Ⅱ. ①林… Ⅲ. ①长篇小说")
    'Ⅰ. ①城… Ⅱ. ①林… Ⅲ. ①长篇小说'
    """
    if not _ELLIPSIS_QUICK.search(text) or line_kind(text) or "Ⅰ" in text and _CIP_SUBJECTS.search(text):
        return text
    if "·—" not in text and "—·" not in text:  # (Morse code ···———··· is decided dot by dot below)
        text = _ELLIPSIS_AFTER_CHINESE.sub("……", text)
        if not _ELLIPSIS_QUICK.search(text):
            return text
    while True:  # one ellipsis is context for the next (的...“...); dots only ever become ……
        result = _ELLIPSIS.sub(_ellipsis_repl, text)
        if result == text:
            return text
        text = result


_DASH = compile_pattern(r"(?<![-—－])--(?![-—－])")


def _dash_repl(m: re.Match) -> str:
    s, i, j = m.string, m.start(), m.end()
    lc = char_class(s[i - 1]) if i else None
    rc = char_class(s[j]) if j < len(s) else None
    if lc in CJKISH and rc not in (LATIN, DIGIT) or rc in CJKISH and lc not in (LATIN, DIGIT):
        return "——"
    return m.group()


def dash(text: str) -> str:
    """A double hyphen next to Chinese text is the dash ``——``; ``--help`` and rules stay.

    >>> dash("温州--中国鞋都"), dash("运行 --help 查看"), dash("----------")
    ('温州——中国鞋都', '运行 --help 查看', '----------')
    """
    if "--" not in text or line_kind(text):
        return text
    return _DASH.sub(_dash_repl, text)
