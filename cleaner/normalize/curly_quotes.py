"""The ``norm.quotes`` step: straight quotes in Chinese context become paired curly quotes
(``请点击"版权申诉"`` → ``请点击“版权申诉”``); English quotations, apostrophes and code stay."""
from __future__ import annotations

from collections.abc import Sequence

from jingwen.cleaner.normalize.context import (
    CJK_CHAR,
    CJKISH,
    DIGIT,
    HAN_RANGES,
    LATIN,
    MARKS_BOTH,
    OPENING,
    OTHER,
    PUNCT,
    QUOTE,
    QUOTES,
    SPACE,
    char_class,
    has_cjk,
    look_left,
    look_right,
)
from jingwen.cleaner.normalize.lazy_regex import LazyRegex
from jingwen.cleaner.normalize.line_kind import REFERENCE, line_kind
from jingwen.cleaner.patterns import compile_pattern

_ASCII_MARKS_LEFT = " \t\u3000(（\"'" + MARKS_BOTH + QUOTES
_ASCII_MARKS_RIGHT = " \t\u3000.)）\"'" + MARKS_BOTH + QUOTES


def _chinese_around(chars: Sequence[str], before: int, after: int) -> bool:
    """Whether the character left of ``before`` or right of ``after`` is Chinese, looking past
    spaces and ASCII punctuation (``说:"`` is Chinese context for the quote)."""
    lc, _ = look_left(chars, before, _ASCII_MARKS_LEFT)
    rc, _ = look_right(chars, after, _ASCII_MARKS_RIGHT)
    return lc in CJKISH or rc in CJKISH


def _looks_closing(chars: Sequence[str], i: int) -> bool:
    """A straight quote right after Chinese text and before the end, a space or punctuation."""
    lc, j = look_left(chars, i - 1, MARKS_BOTH)
    rc = char_class(chars[i + 1]) if i + 1 < len(chars) else None
    return lc in CJKISH and chars[j] not in OPENING and rc in (None, SPACE, PUNCT, OTHER)


def _code_string(chars: Sequence[str], j: int) -> bool:
    """A string literal in code: ``alt="图"``, ``print("你好")``, ``f["键"]``, an option's
    argument ``-m "修复"``, a prefixed string ``f"{name}的成绩"``."""
    before = chars[j - 1] if j else ""
    if before == "=":
        return True
    if before in "fbrFBR" and j > 1 and not (chars[j - 2].isascii() and chars[j - 2].isalnum()):
        return True  # a string prefix: f"{name}的成绩"
    if before == " " and j > 2 and chars[j - 3] == "-" and chars[j - 2].isascii() and chars[j - 2].isalpha():
        return True
    if before in "([" and j > 1 and char_class(chars[j - 2]) in (LATIN, DIGIT):
        return True
    return _inside_call(chars, j)


def _inside_call(chars: Sequence[str], j: int) -> bool:
    """Whether ``j`` is inside the brackets of a call, ``open("数据.txt", "r")``."""
    depth = 0
    for k in range(j - 1, 0, -1):
        c = chars[k]
        if c == ")":
            depth += 1
        elif c == "(":
            if depth == 0:
                return char_class(chars[k - 1]) in (LATIN, DIGIT) and chars[k + 1] == '"'
            depth -= 1
    return False


_TYPED = compile_pattern("[，：；？！（）]")
_IDENTIFIER = compile_pattern(r"[A-Za-z_][A-Za-z0-9_.-]*")


_ESCAPE = compile_pattern(r'\\(?:u[0-9A-Fa-f]{4}|x[0-9A-Fa-f]{2}|[ntr"\\])')


def _spaced_name(chars: Sequence[str], j: int, i: int, typed: bool) -> bool:
    """A string of code: ASCII with an escape sequence (``如 "\\u4e2d\\u6587"，``), or a name quoted
    as code quotes it, set off by spaces, in a line whose marks are typed full-width (``请求体中的
    "timeout" 字段``: the author chose the straight quotes; a folded line has no full-width mark)."""
    text = "".join(chars[j + 1:i])
    if text.isascii() and "\\" in text and _ESCAPE.search(text):
        return True
    if not (0 < j and i + 1 < len(chars) and chars[j - 1] == " " and chars[i + 1] == " "):
        return False
    return typed and _IDENTIFIER.fullmatch(text) is not None


def _in_english(chars: Sequence[str], j: int, i: int) -> bool:
    """A quotation inside an English sentence: a Latin word before it, set off by a space, and
    after it a space and a Latin word (or a bracket opening one), or the English punctuation
    that ends the clause (``said "请勿吸烟" in red``, ``reads "小心地滑" (Caution)``,
    ``the word "福".``)."""
    if j < 2 or i + 1 >= len(chars) or chars[j - 1] != " " or char_class(chars[j - 2]) != LATIN:
        return False
    after = chars[i + 1]
    if after in ".,;:!?":
        return i + 2 == len(chars) or chars[i + 2] == " "
    if after != " " or i + 2 >= len(chars):
        return False
    k = i + 3 if chars[i + 2] in "([" else i + 2
    return k < len(chars) and char_class(chars[k]) == LATIN


_MEASURE = compile_pattern(r"\d+'\d{1,2}(?:\.\d+)?\"")


def _measure(chars: Sequence[str], i: int) -> bool:
    """Whether the mark at ``i`` is part of ``6'12"`` (a pace, a height in feet and inches)."""
    if chars[i] == "'":
        return i > 0 and chars[i - 1].isdigit() and _MEASURE.match("".join(chars[i - 1:i + 8])) is not None
    k = i - 1
    while k >= 0 and (chars[k].isdigit() or chars[k] == "."):
        k -= 1
    return k < i - 1 and k > 0 and chars[k] == "'" and chars[k - 1].isdigit()


def _double_quotes(chars: list[str], typed: bool = False) -> None:
    """Pair the straight double quotes of ``chars`` and make curly the pairs in Chinese context
    (``typed``: the line has full-width marks, see ``_spaced_name``)."""
    opened: tuple[str, int] | None = None  # ("straight" | "curly", index)
    first = True
    for i, c in enumerate(chars):
        if c == "\u201c":
            opened = ("curly", i)
            first = False
        elif c == "\u201d":
            opened = None
            first = False
        elif c == '"':
            if _measure(chars, i):
                continue  # 6'12" 5'10": minutes and seconds, feet and inches
            if opened is None:
                if first and _looks_closing(chars, i) and chars[i + 1:].count('"') % 2 == 0:
                    chars[i] = "\u201d"  # closes a quotation opened on an earlier line
                else:
                    opened = ("straight", i)
            else:
                kind, j = opened
                if kind == "curly":
                    if has_cjk(chars[j + 1:i]) or char_class(chars[i - 1]) in CJKISH:
                        chars[i] = "\u201d"
                elif not _code_string(chars, j) and not _spaced_name(chars, j, i, typed) and (_chinese_around(
                        chars, j - 1, i + 1) or has_cjk(
                        chars[j + 1:i]) and not _in_english(chars, j, i)):
                    chars[j], chars[i] = "\u201c", "\u201d"
                opened = None
            first = False
    if opened is not None and opened[0] == "straight":
        j = opened[1]
        if j + 1 < len(chars) and char_class(chars[j + 1]) in CJKISH and (j == 0 or char_class(chars[j - 1]) != LATIN):
            chars[j] = "\u201c"  # a quotation that goes on in the next paragraph


def _single_quotes(chars: list[str], folded: bool = False) -> None:
    marks = [i for i, c in enumerate(chars) if c == "'" and not (
        0 < i < len(chars) - 1 and char_class(chars[i - 1]) in (LATIN, DIGIT) and char_class(chars[i + 1]) == LATIN
        or _measure(chars, i))]
    for a, b in zip(marks[::2], marks[1::2], strict=False):
        if chars[a - 1:a] != ["="] and (has_cjk(chars[a + 1:b]) or folded and _word_between_chinese(chars, a, b)):
            chars[a], chars[b] = "\u2018", "\u2019"


_TYPESET = compile_pattern("[“”‘’，：；？！（）]")
_SHARED_MARKS = str.maketrans("", "", "—…·")  # "Stay hungry." — Steve Jobs


def _word_between_chinese(chars: Sequence[str], a: int, b: int) -> bool:
    """A quoted Latin word or phrase with Chinese text right outside both quotes
    (``叫'deadline',懂吗`` ``写下了'Good'这个词``), looked for in folded lines only (in
    ``他说：“这叫'deadline'。”`` the author typed them)."""
    inside = chars[a + 1:b]
    if len(inside) < 2 or not all(c.isascii() and (c.isalnum() or c in " -") for c in inside):
        return False  # 'a' is as often a character literal of code
    if chars[a - 1:a] == [] or chars[a - 1] in MARKS_BOTH:
        return False
    lc = char_class(chars[a - 1])
    rc, _ = look_right(chars, b + 1, ",;:?!")
    return lc in CJKISH and rc in (*CJKISH, QUOTE) or lc == QUOTE and rc in CJKISH  # “'Hello'怎么读


# Chinese quoted inside Chinese, glued on both sides: 从"留守"到"流动"
_HAN_QUOTATION = LazyRegex(f'(?<=[{HAN_RANGES}])"([{HAN_RANGES}]{{1,30}})"(?=[{HAN_RANGES}\\[])')


def quotes(text: str) -> str:
    """Straight quotes in Chinese context become paired curly quotes ``“”`` / ``‘’``; English
    quotations, apostrophes and ``key="value"`` stay.

    >>> quotes('请点击"版权申诉",他说\\'好\\''), quotes('He said "yes" and don\\'t')
    ('请点击“版权申诉”,他说‘好’', 'He said "yes" and don\\'t')
    >>> quotes('"Stay hungry, stay foolish." — Steve Jobs')
    '"Stay hungry, stay foolish." — Steve Jobs'
    """
    if '"' not in text and "'" not in text:
        return text
    if not CJK_CHAR.search(text) or ("—" in text or "…" in text or "·" in text) and not CJK_CHAR.search(
            text.translate(_SHARED_MARKS)):
        return text  # no Chinese context: the dash, ellipsis and middle dot are English's too
    kind = line_kind(text)
    if kind:  # a reference's Chinese title may quote Chinese: 从"留守"到"流动"[N]. (never code's quotes)
        return _HAN_QUOTATION.sub("\u201c\\1\u201d", text) if kind == REFERENCE and '"' in text else text
    folded = not _TYPESET.search(text)  # a line with curly quotes or full-width marks was typed so
    typed = _TYPED.search(text) is not None
    while True:  # a pair made curly is context for the next; quotes only ever turn curly
        chars = list(text)
        if '"' in text:
            _double_quotes(chars, typed)
        if "'" in text:
            _single_quotes(chars, folded)
        result = "".join(chars)
        if result == text or ('"' not in result and "'" not in result):
            return result
        text = result
