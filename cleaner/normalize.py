"""Typography-safe normalization: each pass is a named, switchable step, in the order of ``STEPS``.

Scraped Chinese text arrives with its full-width punctuation folded to ASCII, ``......`` for
``……``, zero-width characters, full-width letters, stray spaces, hard-wrapped lines and
mojibake. Each step repairs one of these and restores, never harms: ASCII stays ASCII where it
belongs (times ``9:00-17:30``, ratios ``3:1``, numbers ``3,256.8``, versions, URLs, e-mail
addresses, English sentences, ``1.`` list numbers), and correct Chinese punctuation or the
ideographic space is never turned into ASCII.

Every step is a small pure ``str -> str`` function (its docstring shows it on Chinese) wrapped
in a ``Step`` with an id (``norm.punct-width``) that ``--select``/``--ignore`` and a block's
``ignore`` set can name. ``normalize`` runs the enabled steps on every block that stages may
change (not verbatim, not protected), masking URLs and e-mail addresses (and, in Markdown, code
spans, link targets, autolinks, HTML tags and comments) so that no step sees them, and records
each change in ``doc.log`` as an ``edit``. Every step is idempotent.

>>> normalize_text("挑战 :首先,温州产业集群发展受到资源制约(见表1)......")
'挑战：首先，温州产业集群发展受到资源制约（见表1）……'
>>> normalize_text("签到时间为9:00-9:30,比赛按3:1的比例分组。")
'签到时间为9:00-9:30，比赛按3:1的比例分组。'
"""
from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .document import FURNITURE, PARAGRAPH, VERBATIM, Block, Document
from .mojibake import fix_mojibake

if TYPE_CHECKING:
    from .pipeline import Settings

__all__ = ["STEPS", "Step", "normalize", "normalize_text"]

# ---------------------------------------------------------------------------------------------
# character classes

HAN, PUNCT, QUOTE, SPACE, LATIN, DIGIT, OTHER = "H", "P", "Q", "S", "A", "D", "O"
MASK = "\ufdd0"  # a noncharacter standing for a masked span (URL, code span): reads as Latin

_HAN_RANGES = ("\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\u3040-\u30fa\u30fc-\u30ff\uac00-\ud7af"
               "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U00020000-\U0003134f")
_PUNCT_RANGES = ("\u3001-\u3006\u3008-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
                 "\ufe10-\ufe19\ufe30-\ufe6f\u2026\u2014\u00b7\u30fb")
_QUOTES = "\u2018\u2019\u201c\u201d"
_CJK = f"[{_HAN_RANGES}{_PUNCT_RANGES}]"
_CJK_OR_QUOTE = f"[{_HAN_RANGES}{_PUNCT_RANGES}{_QUOTES}]"


class _Lazy:
    """A regular expression compiled on first use: classes of all Chinese characters cost
    milliseconds each to compile, and ``jingwen`` should start fast."""

    __slots__ = ("_source", "_flags", "_pattern")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags, self._pattern = source, flags, None

    def __getattr__(self, name: str):
        if self._pattern is None:
            self._pattern = re.compile(self._source, self._flags)
        return getattr(self._pattern, name)


_HAN_CHAR = re.compile(f"[{_HAN_RANGES}]")
_CJK_CHAR = re.compile(_CJK)
_PUNCT_RE = _Lazy(f"[{_PUNCT_RANGES}]")


class _Classes(dict):
    """Character -> class letter, filled on first sight of each character."""

    def __missing__(self, ch: str) -> str:
        if ch.isascii():
            value = DIGIT if ch.isdigit() else LATIN if ch.isalpha() else SPACE if ch in " \t" else OTHER
        elif ch == MASK:
            value = LATIN
        elif _HAN_CHAR.match(ch):
            value = HAN
        elif ch in _QUOTES:
            value = QUOTE
        elif _PUNCT_RE.match(ch):
            value = PUNCT
        elif ch.isspace():
            value = SPACE
        elif unicodedata.category(ch)[0] in "LN":
            value = LATIN
        else:
            value = OTHER
        self[ch] = value
        return value


_CLASS = _Classes()
_CJKISH = (HAN, PUNCT)
# characters of an ASCII "word" that may sit glued to Chinese text: 2023年, WTO, 9:00, 15%, v2.3.1
_TOKEN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_%.-+/#&@~=*^$'°" + MASK)


def _cls(ch: str) -> str:
    return _CLASS[ch]


def _left(chars: Sequence[str], i: int, skip: str = " \t\u3000" + _QUOTES) -> tuple[str | None, int]:
    """Class of the first character left of ``i`` that is not in ``skip``, and its index."""
    while i >= 0 and chars[i] in skip:
        i -= 1
    return (_cls(chars[i]), i) if i >= 0 else (None, -1)


def _right(chars: Sequence[str], i: int, skip: str = " \t\u3000" + _QUOTES) -> tuple[str | None, int]:
    n = len(chars)
    while i < n and chars[i] in skip:
        i += 1
    return (_cls(chars[i]), i) if i < n else (None, n)


_NUMBER_TOKEN = _TOKEN | frozenset(",:")  # 1,500  9:00


def _glued_to_chinese(chars: Sequence[str], j: int, token: frozenset[str] = _TOKEN) -> bool:
    """Whether the ASCII token ending at ``j`` (``WTO`` in ``加入WTO``) is glued to Chinese text."""
    start = j
    while start >= 0 and chars[start] in token:
        start -= 1
    if start == j or start < 0:
        return False
    cls, _ = _left(chars, start, _QUOTES)
    return cls in _CJKISH


# ---------------------------------------------------------------------------------------------
# the steps: each a pure str -> str function

_C0_C1 = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_INVISIBLE = re.compile(f"[{_C0_C1}\u00ad\u180e\u200b\u2060\ufeff\ufff9-\ufffb]")
_NOT_JOINED = r"[^\x00-\x7f\u2e80-\u9fff\uf900-\uffef]"  # emoji, Indic, Arabic: where joiners mean something
_JOINERS = _Lazy(rf"(?<!{_NOT_JOINED})[\u200c\u200d]|[\u200c\u200d](?!{_NOT_JOINED})")
_BIDI = re.compile("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_RTL = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ODD_SPACES = re.compile("[\u00a0\u2000-\u200a\u202f\u205f]")
_INVISIBLE_QUICK = re.compile(f"[{_C0_C1}\u00a0\u00ad\u180e\u2000-\u200f\u202a-\u202f\u205f-\u2069\ufeff\ufff9-\ufffb]")


def strip_invisible(text: str) -> str:
    """Remove zero-width characters, BOM, soft hyphens, C0/C1 controls (tab kept) and stray
    direction marks; odd spaces (no-break, en, thin) become ASCII spaces; compose to NFC.
    A zero-width joiner between emoji or in scripts that need it stays.

    >>> strip_invisible("发\\u200b布\\u00ad会\\u00a0时间")
    '发布会 时间'
    """
    if _INVISIBLE_QUICK.search(text):
        text = _INVISIBLE.sub("", text)
        text = _JOINERS.sub("", text)
        if not _RTL.search(text):
            text = _BIDI.sub("", text)
        text = _ODD_SPACES.sub(" ", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_FULLWIDTH_QUICK = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_FULLWIDTH_DOT = re.compile("(?<=[0-9A-Za-z])\uff0e(?=[0-9A-Za-z])")


def fullwidth_alnum(text: str) -> str:
    """Full-width letters and digits become ASCII (a full-width point between them too).

    >>> fullwidth_alnum("ＡＢＣ公司２０２４年营收增长３．５％")
    'ABC公司2024年营收增长3.5％'
    """
    if not _FULLWIDTH_QUICK.search(text):
        return text
    return _FULLWIDTH_DOT.sub(".", text.translate(_FULLWIDTH_ALNUM))


_INDENT = re.compile("^[ \t\u3000]+")
_INDENT_MD = re.compile("^\u3000+")
_TRAILING = re.compile("[ \t\u3000]+$")
_TRAILING_MD = re.compile("\u3000+$")


def strip_indent(text: str) -> str:
    """Remove leading indentation (ASCII spaces, tabs, ideographic spaces): exporters indent.

    >>> strip_indent("\\u3000\\u3000本办法自发布之日起施行。"), strip_indent("    第一章 总则")
    ('本办法自发布之日起施行。', '第一章 总则')
    """
    return _INDENT.sub("", text) if text[:1] in (" ", "\t", "\u3000") else text


def strip_indent_markdown(text: str) -> str:
    """Markdown keeps its ASCII indentation (lists, code); ideographic indentation goes.

    >>> strip_indent_markdown("\\u3000\\u3000正文"), strip_indent_markdown("  - 列表")
    ('正文', '  - 列表')
    """
    return _INDENT_MD.sub("", text) if text[:1] == "\u3000" else text


def strip_trailing(text: str) -> str:
    """Remove trailing spaces and ideographic spaces.

    >>> strip_trailing("温馨提示：\\u3000 ")
    '温馨提示：'
    """
    return _TRAILING.sub("", text) if text[-1:] in (" ", "\t", "\u3000") else text


def strip_trailing_markdown(text: str) -> str:
    """Markdown keeps trailing ASCII spaces (two of them are a line break).

    >>> strip_trailing_markdown("第一行\\u3000")
    '第一行'
    """
    return _TRAILING_MD.sub("", text) if text[-1:] == "\u3000" else text


_ELLIPSIS = re.compile(r"(?<![.。…·⋯])(?:\.{6}|\.{3}|。{6}|。{3}|…|·{6}|·{3}|⋯{1,2})(?![.。…·⋯])")
_ELLIPSIS_QUICK = re.compile(r"\.\.\.|。。。|(?<!…)…(?!…)|···|⋯")
# after a Chinese character (not a contents leader before a page number): decided at C speed
_ELLIPSIS_AFTER_CHINESE = _Lazy(f"(?<=[{_HAN_RANGES}{_PUNCT_RANGES}])"
                                r"(?:\.{6}|\.{3}|。{6}|。{3}|·{6}|·{3})"
                                r"(?![.。…·⋯])(?![ \t]*\d+[ \t]*$)")
_LEADER_TAIL = re.compile(r"[ \t]*\d+[ \t]*$")  # a table of contents line: dots, then a page number


def _ellipsis_repl(m: re.Match) -> str:
    s, i, j = m.string, m.start(), m.end()
    found = m.group()
    if found == "……":
        return found
    if found[0] == "。":
        return "……"
    chars = s
    lc = _cls(chars[i - 1]) if i else None
    rc = _cls(chars[j]) if j < len(chars) else None
    if lc == DIGIT and rc == DIGIT:
        return found  # 1...10
    if found[0] != "…" and _LEADER_TAIL.fullmatch(s, j):
        return found  # 总则......12
    chinese = lc in _CJKISH or lc == QUOTE and _left(s, i - 1)[0] in _CJKISH
    if not chinese and lc not in (LATIN, DIGIT):
        chinese = rc in _CJKISH or rc == QUOTE and _right(s, j)[0] in _CJKISH
    elif not chinese:
        chinese = rc == HAN
    return "……" if chinese else found


def ellipsis(text: str) -> str:
    """An ellipsis in Chinese text is ``……``: ``...``, ``......``, ``。。。`` and ``…`` become it;
    English ``...``, ranges (``1...10``) and table-of-contents leaders stay.

    >>> ellipsis("等等......他说。。。"), ellipsis("Wait...")
    ('等等……他说……', 'Wait...')
    """
    if not _ELLIPSIS_QUICK.search(text):
        return text
    text = _ELLIPSIS_AFTER_CHINESE.sub("……", text)
    if not _ELLIPSIS_QUICK.search(text):
        return text
    while True:  # one ellipsis is context for the next (的...“...); dots only ever become ……
        result = _ELLIPSIS.sub(_ellipsis_repl, text)
        if result == text:
            return text
        text = result


_DASH = re.compile(r"(?<![-—－])--(?![-—－])")


def _dash_repl(m: re.Match) -> str:
    s, i, j = m.string, m.start(), m.end()
    lc = _cls(s[i - 1]) if i else None
    rc = _cls(s[j]) if j < len(s) else None
    if lc in _CJKISH and rc not in (LATIN, DIGIT) or rc in _CJKISH and lc not in (LATIN, DIGIT):
        return "——"
    return m.group()


def dash(text: str) -> str:
    """A double hyphen next to Chinese text is the dash ``——``; ``--help`` and rules stay.

    >>> dash("温州--中国鞋都"), dash("运行 --help 查看"), dash("----------")
    ('温州——中国鞋都', '运行 --help 查看', '----------')
    """
    if "--" not in text:
        return text
    return _DASH.sub(_dash_repl, text)


_MARKS_BOTH = ",;:?!，；：？！"  # look past these: they may turn full-width later, the decision may not change
_ASCII_MARKS_LEFT = " \t\u3000(（\"'" + _MARKS_BOTH + _QUOTES
_ASCII_MARKS_RIGHT = " \t\u3000.)）\"'" + _MARKS_BOTH + _QUOTES


def _chinese_around(chars: Sequence[str], before: int, after: int) -> bool:
    """Whether the character left of ``before`` or right of ``after`` is Chinese, looking past
    spaces and ASCII punctuation (``说:"`` is Chinese context for the quote)."""
    lc, _ = _left(chars, before, _ASCII_MARKS_LEFT)
    rc, _ = _right(chars, after, _ASCII_MARKS_RIGHT)
    return lc in _CJKISH or rc in _CJKISH


def _has_cjk(chars: Sequence[str]) -> bool:
    return any(_CLASS[c] in _CJKISH for c in chars)


def _looks_closing(chars: Sequence[str], i: int) -> bool:
    """A straight quote right after Chinese text and before the end, a space or punctuation."""
    lc, j = _left(chars, i - 1, _MARKS_BOTH)
    rc = _cls(chars[i + 1]) if i + 1 < len(chars) else None
    return lc in _CJKISH and chars[j] not in _OPENING and rc in (None, SPACE, PUNCT, OTHER)


def _code_string(chars: Sequence[str], j: int) -> bool:
    """A string literal in code: ``alt="图"``, ``print("你好")``, ``f["键"]``."""
    before = chars[j - 1] if j else ""
    if before == "=":
        return True
    return before in "([" and j > 1 and _cls(chars[j - 2]) in (LATIN, DIGIT)


def _double_quotes(chars: list[str]) -> None:
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
            if opened is None:
                if first and _looks_closing(chars, i):
                    chars[i] = "\u201d"  # closes a quotation opened on an earlier line
                else:
                    opened = ("straight", i)
            else:
                kind, j = opened
                if kind == "curly":
                    if _has_cjk(chars[j + 1:i]) or _cls(chars[i - 1]) in _CJKISH:
                        chars[i] = "\u201d"
                elif not _code_string(chars, j) and (_has_cjk(chars[j + 1:i]) or _chinese_around(chars, j - 1, i + 1)):
                    chars[j], chars[i] = "\u201c", "\u201d"
                opened = None
            first = False
    if opened is not None and opened[0] == "straight":
        j = opened[1]
        if j + 1 < len(chars) and _cls(chars[j + 1]) in _CJKISH and (j == 0 or _cls(chars[j - 1]) != LATIN):
            chars[j] = "\u201c"  # a quotation that goes on in the next paragraph


def _single_quotes(chars: list[str]) -> None:
    marks = [i for i, c in enumerate(chars) if c == "'" and not (
        0 < i < len(chars) - 1 and _cls(chars[i - 1]) in (LATIN, DIGIT) and _cls(chars[i + 1]) == LATIN)]
    for a, b in zip(marks[::2], marks[1::2], strict=False):
        if _has_cjk(chars[a + 1:b]) and chars[a - 1:a] != ["="]:
            chars[a], chars[b] = "\u2018", "\u2019"


def quotes(text: str) -> str:
    """Straight quotes in Chinese context become paired curly quotes ``“”`` / ``‘’``; English
    quotations, apostrophes and ``key="value"`` stay.

    >>> quotes('请点击"版权申诉",他说\\'好\\''), quotes('He said "yes" and don\\'t')
    ('请点击“版权申诉”,他说‘好’', 'He said "yes" and don\\'t')
    """
    if '"' not in text and "'" not in text:
        return text
    if not _CJK_CHAR.search(text):
        return text
    while True:  # a pair made curly is context for the next; quotes only ever turn curly
        chars = list(text)
        if '"' in text:
            _double_quotes(chars)
        if "'" in text:
            _single_quotes(chars)
        result = "".join(chars)
        if result == text or ('"' not in result and "'" not in result):
            return result
        text = result


_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）", "~": "～"}
_MARKS = re.compile(r"[,:;?!~]")
_PUNCT_QUICK = re.compile(r"[,:;?!()~]")
_ENTITY = re.compile(r"&#?[A-Za-z0-9]{1,8}$")
_AFTER_CHINESE = re.compile(f"(?<=[{_HAN_RANGES}{_PUNCT_RANGES}])(?:[,;?!]|:(?![/\\\\]))")


# an innermost pair after a Chinese character, or holding Chinese after neither a letter, a digit
# nor a mark (those go the slow way: f(x), 3(2), WTO,(见表))
_PAREN_PAIR = _Lazy(f"(?:(?<![，；：？！])(?<=[{_HAN_RANGES}{_PUNCT_RANGES}{_QUOTES}])"
                    f"|(?<![A-Za-z0-9,:;?!，：；？！{MASK}])(?=\\((?![\"'`“‘])[^()]*[{_HAN_RANGES}]))"
                    f"\\(([^()]*)\\)")


_UNDECIDED = re.compile(r"[;?!~()]|(?<![0-9])[,:]|[,:](?![0-9])")


def _full_mark(m: re.Match) -> str:
    return _FULL[m.group()]


def _chinese_mark(chars: list[str], i: int) -> bool:
    """Whether the ASCII mark at ``i`` belongs to Chinese text."""
    c = chars[i]
    n = len(chars)
    prev = chars[i - 1] if i else ""
    nxt = chars[i + 1] if i + 1 < n else ""
    if c == "~":
        return _chinese_tilde(chars, i, prev, nxt)
    if c in ",:" and prev.isdigit() and nxt.isdigit() and prev.isascii() and nxt.isascii():
        return False  # 3,256.8  9:00  3:1
    if c == ":" and nxt in ("/", "\\"):
        return False  # C:\\  scheme://
    if c == ";" and _ENTITY.search("".join(chars[max(0, i - 10):i])):
        return False  # &nbsp;
    lc, j = _left(chars, i - 1)
    if lc in _CJKISH or prev in "\u201d\u2019" and _quotation_in_chinese(chars, i - 1):
        return True
    rc, k = _right(chars, i + 1)
    if lc is None:
        return rc in _CJKISH
    if nxt == " " and rc in (LATIN, DIGIT):
        return False  # English goes on after it: SyntaxError: invalid syntax, Hello, World
    glued_left = j == i - 1 or chars[j + 1] in _QUOTES
    if glued_left and lc in (LATIN, DIGIT, OTHER) and _glued_to_chinese(chars, j):
        return True  # 加入WTO,  什么是API?  上午9:00,
    glued_right = k == i + 1
    return glued_right and rc == HAN and (c in ",;:" or lc in (LATIN, DIGIT))  # Hello,世界


def _quotation_in_chinese(chars: Sequence[str], close: int) -> bool:
    """Whether the quotation closed at ``close`` (“Add Python to PATH”) opened in Chinese text."""
    opener = "\u201c" if chars[close] == "\u201d" else "\u2018"
    for o in range(close - 1, -1, -1):
        if chars[o] == opener:
            return o > 0 and _cls(chars[o - 1]) in _CJKISH
        if chars[o] == chars[close]:
            return False
    return False


def _glued_right_to_chinese(chars: Sequence[str], j: int) -> bool:
    """Whether the ASCII token starting at ``j`` (``5`` in ``3~5天``) is glued to Chinese text."""
    end = j
    while end < len(chars) and chars[end] in _NUMBER_TOKEN:
        end += 1
    if end == j or end >= len(chars):
        return False
    return _right(chars, end, _QUOTES)[0] in _CJKISH


def _chinese_tilde(chars: Sequence[str], i: int, prev: str, nxt: str) -> bool:
    """``~`` in Chinese text is the wave dash of ranges: 3～5天, 18～26℃ (not ``~/path``)."""
    if nxt in ("/", "\\") or not prev or not nxt:
        return False
    lc, rc = _cls(prev), _cls(nxt)
    if lc in _CJKISH or rc in _CJKISH:
        return True
    return (lc in (LATIN, DIGIT) and _glued_to_chinese(chars, i - 1, _NUMBER_TOKEN)
            or rc in (LATIN, DIGIT) and _glued_right_to_chinese(chars, i + 1))


def _class_before(chars: Sequence[str], i: int) -> str | None:
    """Class of the character before a bracket, looking past marks that may turn full-width."""
    if not i:
        return None
    if chars[i - 1] in _MARKS_BOTH:
        return _left(chars, i - 1, _MARKS_BOTH)[0]
    return _cls(chars[i - 1])


def _parens(chars: list[str]) -> None:
    stack: list[int] = []
    pairs: list[tuple[int, int]] = []
    lone: list[int] = []
    for i, c in enumerate(chars):
        if c == "(":
            stack.append(i)
        elif c == ")":
            if stack:
                pairs.append((stack.pop(), i))
            else:
                lone.append(i)
    lone.extend(stack)
    n = len(chars)
    for o, c in pairs:
        inside = chars[o + 1:c]
        b = _class_before(chars, o)
        if b in (LATIN, DIGIT):
            convert = _has_cjk(inside) and (not inside or inside[0] not in "\"'`“‘")  # f(x) stays
        elif b in _CJKISH or b == QUOTE:
            convert = True
        else:
            convert = _has_cjk(inside) or _right(chars, c + 1)[0] in _CJKISH
        if convert:
            chars[o], chars[c] = "（", "）"
    for i in lone:
        b = _class_before(chars, i)
        a = _cls(chars[i + 1]) if i + 1 < n else None
        if chars[i] == "(" and (b in _CJKISH or a in _CJKISH) or chars[i] == ")" and b in _CJKISH:
            chars[i] = _FULL[chars[i]]


def punct_width(text: str) -> str:
    """Restore full-width ``，：；？！（）`` (and ``～`` of ranges) where the ASCII mark belongs to
    Chinese text; keep ASCII in numbers, times, ratios, English and code (``f(x)``, ``C:\\``,
    ``&nbsp;``).

    >>> punct_width("电话:400-050-0827(工作时间:9:00-18:30),比例3:1,共3,256.8万元")
    '电话：400-050-0827（工作时间：9:00-18:30），比例3:1，共3,256.8万元'
    >>> punct_width("什么是API?加入WTO,温州;He said: yes, f(x)")
    '什么是API？加入WTO，温州；He said: yes, f(x)'
    """
    if not _PUNCT_QUICK.search(text) or not _CJK_CHAR.search(text):
        return text
    # most marks follow a Chinese character, most brackets hold Chinese: decided at C speed
    if "(" in text:
        text = _PAREN_PAIR.sub("（\\1）", text)
    text = _AFTER_CHINESE.sub(_full_mark, text)
    if not _UNDECIDED.search(text):
        return text  # what is left sits inside numbers: 9:00, 3:1, 3,256.8
    while True:  # a mark decided full-width is context for the others (,,的): until none changes
        chars = list(text)
        if "(" in text or ")" in text:
            _parens(chars)
        for m in _MARKS.finditer(text):
            i = m.start()
            if _chinese_mark(chars, i):
                chars[i] = _FULL[chars[i]]
        result = "".join(chars)
        if result == text or not _UNDECIDED.search(result):
            return result
        text = result  # marks only ever turn full-width: this ends


_OPENING = frozenset("（〔［｛〈《「『【〖〘〚“‘")
_SEPARATORS = frozenset("·・—～〜|｜/／")  # a space around them separates items (· 3.1 · 3.2)
_CLOSING = frozenset("）〕］｝〉》」』】〗〙〛”’")
_CLAUSE = re.compile("[，。；！？：、,;!?:]")
_NUMBER_PREFIX = re.compile(
    "第[一二三四五六七八九十百千零〇两0-9]+(?:部分|单元|[章节条款项编篇部回讲课卷集期])$")
_SPACE_QUICK = _Lazy(f"{_CJK_OR_QUOTE} {_CJK_OR_QUOTE}")
_SINGLE_SPACE = re.compile(r"(?<=[^ \t]) (?=[^ \t])")
_LETTER_SPACED = _Lazy(f"(?:^| )(?:[{_HAN_RANGES}] ){{3,}}[{_HAN_RANGES}](?= |$)")


def _letter_spaced(text: str) -> bool:
    """A line set with a space after every character (``温 州 发 展``), as PDFs copy."""
    singles = sum(m.end() - m.start() for m in _LETTER_SPACED.finditer(text)) // 2
    return singles >= 4 and singles >= 0.6 * len(_HAN_CHAR.findall(text))


def cjk_spaces(text: str) -> str:
    """Remove scrape spaces inside Chinese text: a single space next to Chinese punctuation,
    between two characters within a sentence (after its first clause: ``第一章 总则`` and
    ``摘 要`` keep theirs), and in a letter-spaced line. Runs of spaces (alignment, blanks to
    fill in ``（ ）``), ideographic spaces and spaces next to Latin text stay.

    >>> cjk_spaces("面临着巨大的挑战 ：首先，温州 一些企业。 与此同时")
    '面临着巨大的挑战：首先，温州一些企业。与此同时'
    >>> cjk_spaces("第一章 总则"), cjk_spaces("温 州 发 展 产 业")
    ('第一章 总则', '温州发展产业')
    """
    if " " not in text:
        return text
    spaced = text.count(" ") >= 3 and _letter_spaced(text)
    if not spaced and not _SPACE_QUICK.search(text):
        return text
    first_clause = _CLAUSE.search(text)
    clause_end = first_clause.start() if first_clause else len(text)
    drop: list[int] = []
    for m in _SINGLE_SPACE.finditer(text):
        i = m.start()
        a, b = text[i - 1], text[i + 1]
        ca, cb = _cls(a), _cls(b)
        if ca not in (HAN, PUNCT, QUOTE) or cb not in (HAN, PUNCT, QUOTE) or a in _SEPARATORS or b in _SEPARATORS:
            continue
        if a in _OPENING and b in _CLOSING:
            continue  # （ ） is a blank to fill in
        if ca == HAN and cb == HAN:
            if not spaced and (i < clause_end or _NUMBER_PREFIX.search(text, 0, i)):
                continue
        elif QUOTE in (ca, cb) and PUNCT not in (ca, cb) and HAN not in (ca, cb):
            continue
        elif ca == QUOTE and a in "\u201c\u2018" or cb == QUOTE and b in "\u201d\u2019":
            continue  # a space inside the quotation marks is the quotation's own
        drop.append(i)
    if not drop:
        return text
    out, last = [], 0
    for i in drop:
        out.append(text[last:i])
        last = i + 1
    out.append(text[last:])
    return "".join(out)


_HEADING_SPACE = _Lazy(
    f"^(第[一二三四五六七八九十百千零〇两0-9]{{1,5}}(?:部分|单元|[章节条款编篇卷讲课回])) (?=[{_HAN_RANGES}])")


def heading_space(text: str) -> str:
    """The space after a chapter or article number is the ideographic space, as Chinese
    documents set it (a half-width space between full-width characters is NFKC's fold of it).

    >>> heading_space("第一条 为维护全体业主的合法权益，制定本规约。"), heading_space("第一章　总则")
    ('第一条\u3000为维护全体业主的合法权益，制定本规约。', '第一章\u3000总则')
    """
    if text[:1] != "第" or " " not in text:
        return text
    return _HEADING_SPACE.sub("\\1\u3000", text)


_DEGREE = re.compile(r"(?<=[0-9])°([CF])(?![A-Za-z])")


def _degree_repl(m: re.Match) -> str:
    s, i, j = m.string, m.start(), m.end()
    chinese = _glued_to_chinese(s, i - 1, _NUMBER_TOKEN) or j < len(s) and _cls(s[j]) in _CJKISH
    if not chinese:
        return m.group()
    return "\u2103" if m.group(1) == "C" else "\u2109"


def degree_signs(text: str) -> str:
    """In Chinese text a temperature takes the one-character sign ``℃`` (NFKC folds it to °C).

    >>> degree_signs("气温18～26°C，最低15°C。"), degree_signs("It was 25°C today.")
    ('气温18～26℃，最低15℃。', 'It was 25°C today.')
    """
    if "°" not in text:
        return text
    return _DEGREE.sub(_degree_repl, text)


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# a measure word after a number makes it a quantity (1号楼, 2班, 3人), not a list number
_MEASURE = set("号楼层栋室单元班组队个次人位名种类项条点元角分万亿千百十米厘毫克吨斤两升岁天日月年周期届批路车辆台件"
               "页章节篇本册张份倍度秒时℃%％级等型代期度股户家所座间套双对只头匹块片根支枝把副部集场轮季")
_ITEM = _Lazy(f"(?:^|(?<=[：；。，:;]))(1[0-9]|20|[1-9])(?=[{_HAN_RANGES}])")


_ITEM_ONE = _Lazy(f"(?:^|(?<=[：；。，:;]))1(?=[{_HAN_RANGES}])", re.MULTILINE)
_ITEM_MULTILINE = _Lazy(f"(?:^|(?<=[：；。，:;]))(?:1[0-9]|20|[1-9])(?=[{_HAN_RANGES}])", re.MULTILINE)


def _circled_items(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, number)`` of each bare number glued to a Chinese word at a line or clause
    start, not followed by a measure word."""
    return [(m.start(), m.end(), int(m.group(1))) for m in _ITEM.finditer(text)
            if text[m.end()] not in _MEASURE]


def circled_numbers(text: str) -> str:
    """Numbers of a list written with ①②③ come back (NFKC folds ① to 1): a sequence 1, 2, 3 …
    of bare numbers glued to Chinese words, at line starts or after ；：, is the folded list.

    >>> print(circled_numbers("注意事项：1佩戴胸牌入场；2手机调至静音；3发言请先报名。"))
    注意事项：①佩戴胸牌入场；②手机调至静音；③发言请先报名。
    >>> print(circled_numbers("1请佩戴胸牌\\n2会场内请静音\\n3号楼东门集合"))
    ①请佩戴胸牌
    ②会场内请静音
    3号楼东门集合
    """
    lines = text.split("\n")
    items = [(n, start, end, num) for n, line in enumerate(lines) for start, end, num in _circled_items(line)]
    replace_at: list[tuple[int, int, int, int]] = []
    run: list[tuple[int, int, int, int]] = []
    for item in items + [(-1, 0, 0, 0)]:
        if run and item[3] == run[-1][3] + 1 and item[0] - run[-1][0] <= 1:
            run.append(item)
            continue
        if len(run) >= 2 and run[0][3] == 1:
            replace_at.extend(run)
        run = [item] if item[3] == 1 else []
    if not replace_at:
        return text
    for n, start, end, num in sorted(replace_at, reverse=True):
        lines[n] = lines[n][:start] + _CIRCLED[num - 1] + lines[n][end:]
    return "\n".join(lines)


def _blocks_matching(doc: Document, patterns) -> list[int]:
    """Indices of the blocks in which any of ``patterns`` matches: one scan of the whole text."""
    texts = [b.text for b in doc.blocks]
    joined = "\n".join(texts)
    starts, offset = [], 0
    for t in texts:
        starts.append(offset)
        offset += len(t) + 1
    found: set[int] = set()
    for pattern in patterns:
        for m in pattern.finditer(joined):
            found.add(bisect_right(starts, m.start()) - 1)
    return sorted(found)


def _circled_document(doc: Document, step: Step) -> set[int]:
    """``circled_numbers`` over runs of consecutive editable blocks that hold bare numbers (a
    list spans lines)."""
    if not _ITEM_ONE.search("\n".join(b.text for b in doc.blocks)):
        return set()  # every list starts with 1: one scan of the whole text
    runs: list[list[int]] = []
    for i in _blocks_matching(doc, [_ITEM_MULTILINE]):
        if not _editable(doc.blocks[i], step.id) or "\n" in doc.blocks[i].text:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        texts = [doc.blocks[i].text for i in run]
        fixed = circled_numbers("\n".join(texts)).split("\n")
        for i, before, after in zip(run, texts, fixed, strict=True):
            if before != after:
                doc.record(step.id, doc.blocks[i].line, "edit", text=before, before=before, after=after)
                doc.blocks[i].text = after
    return set()


_CJK_LATIN = _Lazy(f"(?<=[{_HAN_RANGES}])(?=[A-Za-z0-9{MASK}])|(?<=[A-Za-z0-9{MASK}])(?=[{_HAN_RANGES}])")


def cjk_latin_spacing(text: str) -> str:
    """Put a space between Chinese characters and Latin letters or digits (``--space``).

    >>> cjk_latin_spacing("使用Python3编写")
    '使用 Python3 编写'
    """
    if text.isascii() or not _HAN_CHAR.search(text):
        return text
    return _CJK_LATIN.sub(" ", text)


# ---------------------------------------------------------------------------------------------
# hard-wrapped text

MIN_WRAP_WIDTH = 24  # columns: twelve Chinese characters, a narrow newspaper column
WRAP_SLACK = 4  # columns the other steps may still change a joined line by (spaces, ……)
_SENTENCE_END = re.compile(r"(?:[。！？!?；;…]|\.(?<=[A-Za-z)]\.))[”’」』）)】》\"']*\s*$")
_LIST_START = _Lazy(
    r"\s*(?:第[一二三四五六七八九十百千零〇两\d]+[章节条款编篇部回讲课]|[一二三四五六七八九十百]+[、.．]|"
    r"[（(][一二三四五六七八九十百\d]{1,3}[）)]|\d{1,3}(?:[.．]\d{1,3})*[、.．)）]?\s|\d{1,3}[、．)）]|"
    r"\d{1,3}\.(?!\d)|[①-⑳]|[•·●○■□◆◇▪▶►\-*+]\s|[A-Za-z][.、)](?!\w))")
_NO_PUNCT = re.compile(r"[^\w\s]")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced CJK font (wide characters count two).

    >>> display_width("第一章 Total")
    12
    """
    if text.isascii():
        return len(text)
    # CJK characters take three bytes in UTF-8, narrow letters (é, ·) two: a fast count
    return len(text) + (len(text.encode("utf-8", "surrogatepass")) - len(text)) // 2


def _tolerance(width: int) -> int:
    return max(2, width // 12)


def wrap_width(widths: Sequence[int], ends: Sequence[bool], punctuated: Sequence[bool] | None = None,
               slack: int = 0) -> int | None:
    """The width at which lines were hard-wrapped, from the widths of lines followed by another
    line of the same paragraph run and whether each ends a sentence; None when the lines were
    not wrapped: most such lines must be near one width, none much longer, and most of those
    full lines must stop mid-sentence."""
    if len(widths) < 3:
        return None
    counts = Counter(widths)
    best, best_count = None, 0
    for w in sorted(counts, reverse=True):
        if w < MIN_WRAP_WIDTH:
            break
        tol = _tolerance(w) + slack
        count = sum(n for v, n in counts.items() if w - tol <= v <= w)
        if count > best_count:
            best, best_count = w, count
    if best is None or best_count < 3 or best_count < 0.4 * len(widths):
        return None
    tol = _tolerance(best) + slack
    longer = sum(1 for v in widths if v > best + tol)
    if longer > 0.1 * len(widths):
        return None
    full = [i for i, v in enumerate(widths) if best - tol <= v <= best + tol]
    if sum(1 for i in full if not ends[i]) < 0.5 * len(full):
        return None
    if punctuated is not None and sum(1 for i in full if punctuated[i]) < 0.3 * len(full):
        return None  # prose has commas; equal lines without any are a list of names or titles
    return best


def _joinable(block: Block) -> bool:
    return block.kind == PARAGRAPH and not block.protected and "norm" not in block.ignore \
        and "norm.hard-wrap" not in block.ignore


def _joiner(left: str, right: str) -> str:
    """What goes between two joined lines: nothing in Chinese, a space between Latin words."""
    a, b = left[-1:], right[:1]
    if a.isascii() and b.isascii() and (a.isalnum() or a in ",.;:!?)") and b.isalnum() and a != "-":
        return " "
    return ""


def _looks_heading(text: str, width: int) -> bool:
    """A short line without any punctuation: a heading, not the end of a paragraph."""
    return display_width(text) < width / 2 and not _NO_PUNCT.search(text) and not _SENTENCE_END.search(text)


def _detect(texts: Sequence[str], breaks: Sequence[bool], slack: int = 0) -> tuple[int, list[int], list[bool]] | None:
    widths = [display_width(t) for t in texts]
    ends = [bool(_SENTENCE_END.search(t)) for t in texts]
    run_lines = [i for i in range(len(texts) - 1) if not breaks[i + 1]]  # lines the next may join
    width = wrap_width([widths[i] for i in run_lines], [ends[i] for i in run_lines],
                       [bool(_CLAUSE.search(texts[i])) for i in run_lines], slack)
    return None if width is None else (width, widths, ends)


def wrapped_runs(texts: Sequence[str], breaks: Sequence[bool]) -> list[list[int]]:
    """Groups of line indices to join: ``breaks[i]`` is True where line i may not be joined to
    the line before it (a blank line, another kind of block, the title). Nothing is joined when
    the joined text would look hard-wrapped still: real paragraphs do not share one width, so
    such text is a pattern of its own (a list, a form), not a wrap."""
    found = _detect(texts, breaks)
    if found is None:
        return []
    width, widths, ends = found
    groups = _groups(texts, breaks, widths, ends, width)
    if groups:
        starts = {g[0]: g for g in groups}
        inner = {i for g in groups for i in g[1:]}
        joined = [join_lines([texts[j] for j in starts[i]]) if i in starts else texts[i]
                  for i in range(len(texts)) if i not in inner]
        joined_breaks = [breaks[i] for i in range(len(texts)) if i not in inner]
        if _detect(joined, joined_breaks, slack=WRAP_SLACK) is not None:
            return []
    return groups


def _groups(texts, breaks, widths, ends, width: int) -> list[list[int]]:
    n = len(texts)
    tol = _tolerance(width)
    groups: list[list[int]] = []
    current: list[int] = []
    for i in range(n):
        if current and (breaks[i] or not _continues(texts, widths, ends, current[-1], i, width, tol)):
            if len(current) > 1:
                groups.append(current)
            current = []
        current.append(i)
    if len(current) > 1:
        groups.append(current)
    return groups


def _continues(texts, widths, ends, prev: int, i: int, width: int, tol: int) -> bool:
    if widths[prev] < width - tol or ends[prev]:
        return False
    if _LIST_START.match(texts[i]) or _looks_heading(texts[i], width):
        return False
    return not _looks_heading(texts[prev], width)


def join_lines(lines: Sequence[str]) -> str:
    """Join lines of one wrapped paragraph (Chinese without spaces, Latin words with one)."""
    out = lines[0]
    for line in lines[1:]:
        out += _joiner(out, line) + line
    return out


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (text cut at a fixed width, as copied from a PDF) back into
    paragraphs; a heading, a list item and a line that ends a sentence are never joined on.

    >>> print(unwrap("第一章 总则\\n为了规范档案的收集、整理和保管工作，提高\\n"
    ...              "档案管理水平，根据有关法律法规的规定，\\n结合本单位实际情况，特制定本办法。本办\\n"
    ...              "法适用于本单位各部门。\\n第二章 职责\\n办公室负责档案的统一管理。"))
    第一章 总则
    为了规范档案的收集、整理和保管工作，提高档案管理水平，根据有关法律法规的规定，结合本单位实际情况，特制定本办法。本办法适用于本单位各部门。
    第二章 职责
    办公室负责档案的统一管理。
    """
    lines = text.split("\n")
    breaks = [not line.strip() for line in lines]
    groups = wrapped_runs(lines, breaks)
    if not groups:
        return text
    out: list[str] = []
    starts = {g[0]: g for g in groups}
    skip: set[int] = set()
    for i, line in enumerate(lines):
        if i in skip:
            continue
        if i in starts:
            out.append(join_lines([lines[j] for j in starts[i]]))
            skip.update(starts[i][1:])
        else:
            out.append(line)
    return "\n".join(out)


# ---------------------------------------------------------------------------------------------
# masking: spans no step may see

_URL = r"(?:(?:https?|ftp|file)://|www\.)[!-~]+"
_EMAIL = r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
_PLAIN_MASK = re.compile(f"{_URL}|{_EMAIL}|{MASK}")
_PLAIN_QUICK = re.compile(rf"://|www\.|@|{MASK}")
_MD_MASK = _Lazy(
    r"(?<!`)(`+)(?!`).+?(?<!`)\1(?!`)"  # code span
    r"|<!--.*?(?:-->|$)"  # HTML comment (to the end of the line when it goes on)
    r"|<(?:[A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*|[^<>\s@]+@[^<>\s@]+)>"  # autolink
    r"|</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>"  # HTML tag
    r"|(?<=\])\((?:[^()\s]|\([^()\s]*\))*(?:\s+(?:\"[^\"]*\"|'[^']*'|\([^)]*\)))?\)"  # link target
    r"|!(?=\[)"  # image marker
    r"|^\s{0,3}\[[^\]]+\]:.*$"  # link reference definition
    rf"|{_URL}|{_EMAIL}|{MASK}"
)
_MD_QUICK = re.compile(rf"[`<\]!@{MASK}]|://|www\.")
_URL_TRAILING = ".,;:!?'\"”’）)]"


def _trim_url(span: str) -> str:
    """A URL's closing punctuation belongs to the sentence (``见https://a.cn/x)。``)."""
    while span and span[-1] in _URL_TRAILING:
        if span[-1] == ")" and span.count("(") >= span.count(")"):
            break
        span = span[:-1]
    return span


def mask(text: str, markdown: bool = False) -> tuple[str, list[str]]:
    """Replace spans that no step may change with MASK; return the text and the spans.

    >>> mask("访问https://example.com/a?b=1,联系a@b.cn")
    ('访问\\ufdd0,联系\\ufdd0', ['https://example.com/a?b=1', 'a@b.cn'])
    """
    pattern, quick = (_MD_MASK, _MD_QUICK) if markdown else (_PLAIN_MASK, _PLAIN_QUICK)
    if not quick.search(text):
        return text, []
    spans: list[str] = []
    out: list[str] = []
    last = 0
    for m in pattern.finditer(text):
        span = m.group()
        if not span:
            continue
        start, end = m.start(), m.end()
        if span[0] in "hfwHFW" and re.match(_URL, span):
            span = _trim_url(span)
            end = start + len(span)
            if end < last or not span:
                continue
        if start < last:
            continue
        out.append(text[last:start])
        out.append(MASK)
        spans.append(span)
        last = end
    out.append(text[last:])
    return "".join(out), spans


def unmask(text: str, spans: Sequence[str]) -> str:
    """Put the masked spans back (``mask``'s inverse)."""
    if not spans:
        return text
    parts = text.split(MASK)
    out = [parts[0]]
    for span, part in zip(spans, parts[1:], strict=False):
        out.append(span)
        out.append(part)
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# steps and the stage

@dataclass(frozen=True)
class Step:
    """A named normalization step: ``fix`` is a pure ``str -> str`` function on one line
    (``markdown_fix`` its variant for Markdown blocks). A step with ``document`` set works on
    the whole document instead (joining lines). ``option`` names a ``Settings`` flag that must be
    on (``space``); ``masked`` says whether the step must not see URLs and code spans."""

    id: str
    description: str
    fix: Callable[[str], str]
    markdown_fix: Callable[[str], str] | None = None
    document: Callable[[Document, Step], set[int]] | None = None
    option: str | None = None
    masked: bool = True
    once: bool = False  # what it fixes no other step creates: one round is enough

    def __call__(self, text: str) -> str:
        return self.fix(text)


def _fix_mojibake_step(text: str) -> str:
    """Repair Chinese decoded with the wrong codec (see ``cleaner.mojibake``).

    >>> _fix_mojibake_step("鍏充簬鍗板彂")
    '关于印发'
    """
    return fix_mojibake(text)


def _unwrap_document(doc: Document, step: Step) -> set[int]:
    """Join hard-wrapped lines of ``doc``: blocks merge into the first, which keeps its line.
    Returns the indices of the joined blocks (the line steps run on them once more)."""
    if doc.meta.format == "md":
        return set()  # Markdown's line breaks are the author's, and join when rendered
    blocks = doc.blocks
    title = doc.meta.title
    # a line joins the one before it only when both are paragraphs free to change, no blank line
    # is between them and the one before is not the title
    fixed = [not _joinable(b) or (title is not None and b.text.strip() == title) for b in blocks]
    breaks = [n == 0 or b.gap > 0 or fixed[n] or fixed[n - 1] for n, b in enumerate(blocks)]
    texts = [b.text for b in blocks]
    groups = wrapped_runs(texts, breaks)
    if not groups:
        return set()
    absorbed: set[int] = set()
    for group in groups:
        first = blocks[group[0]]
        joined = join_lines([blocks[i].text for i in group])
        before = "\n".join(blocks[i].text for i in group)
        doc.record(step.id, first.line, "edit", text=before, before=before, after=joined)
        blocks[group[0]] = first.with_text(joined)
        absorbed.update(group[1:])
    starts = {g[0] for g in groups}
    doc.blocks = [b for i, b in enumerate(blocks) if i not in absorbed]
    kept = [i for i in range(len(blocks)) if i not in absorbed]
    return {n for n, i in enumerate(kept) if i in starts}


def _mojibake_document(doc: Document, step: Step) -> set[int]:
    """Repair mojibake block by block; once some block needed it, the others are repaired in
    relaxed mode (single characters, runs of Latin-1 symbols)."""
    from .mojibake import _LATIN_QUICK, _cjk_quick

    candidates = [(i, doc.blocks[i]) for i in _blocks_matching(doc, [_LATIN_QUICK, _cjk_quick()])
                  if _editable(doc.blocks[i], step.id)]
    if not candidates:
        return set()
    repaired = False
    for relaxed in (False, True):
        if relaxed and not repaired:
            break
        for i, _ in candidates:
            block = doc.blocks[i]
            masked, spans = mask(block.text, doc.meta.format == "md")
            fixed = fix_mojibake(masked, relaxed)
            if fixed != masked and fixed.count(MASK) == len(spans):
                after = unmask(fixed, spans)
                doc.record(step.id, block.line, "edit", text=block.text, before=block.text, after=after)
                block.text = after
                repaired = True
    return set()


STEPS: list[Step] = [
    Step("norm.mojibake", "repair Chinese mis-decoded as GBK/Big5/Latin-1 (鍙戝竷 → 发布)",
         _fix_mojibake_step, document=_mojibake_document),
    Step("norm.invisible", "remove zero-width characters, BOM, soft hyphens and control characters; NFC",
         strip_invisible, masked=False, once=True),
    Step("norm.fullwidth-alnum", "full-width letters and digits to ASCII (ＡＢＣ１２３ → ABC123)", fullwidth_alnum,
         once=True),
    Step("norm.indent", "remove leading indentation (spaces, 　); exporters indent paragraphs",
         strip_indent, markdown_fix=strip_indent_markdown, masked=False, once=True),
    Step("norm.trailing-space", "remove trailing spaces and ideographic spaces",
         strip_trailing, markdown_fix=strip_trailing_markdown, masked=False, once=True),
    Step("norm.quotes", "straight quotes in Chinese context to paired “” ‘’", quotes),
    Step("norm.punct-width", ", : ; ? ! ( ) ~ in Chinese context to ，：；？！（）～; ASCII kept in 9:00, 3:1, 3,256.8",
         punct_width),
    Step("norm.ellipsis", "...... / ... / 。。。 in Chinese text to ……", ellipsis),
    Step("norm.dash", "-- next to Chinese text to ——", dash),
    Step("norm.degree", "°C after a number in Chinese text to ℃ (°F to ℉)", degree_signs),
    Step("norm.heading-space", "the space after 第X章/节/条 at a line start to the ideographic space", heading_space),
    Step("norm.space-cjk", "remove scrape spaces between Chinese characters and around Chinese punctuation",
         cjk_spaces),
    Step("norm.space-cjk-latin", "a space between Chinese and Latin letters or digits (--space)",
         cjk_latin_spacing, option="space"),
    Step("norm.circled-numbers", "a folded list 1请… 2会场… (NFKC of ①②) back to ①②③", circled_numbers,
         document=_circled_document),
    Step("norm.hard-wrap", "join lines of hard-wrapped paragraphs (PDF copies), no space between Chinese",
         unwrap, document=_unwrap_document),
]
STEP_IDS = [s.id for s in STEPS]


def _editable(block: Block, step_id: str) -> bool:
    if block.kind in (VERBATIM, FURNITURE) or block.protected:
        return False
    return not any(step_id == x or step_id.startswith(x + ".") for x in block.ignore)


def _active(settings: Settings | None, only: Collection[str] | None = None) -> list[Step]:
    out = []
    for step in STEPS:
        if only is not None and step.id not in only:
            continue
        if step.option is not None and not getattr(settings, step.option, False):
            continue
        if settings is not None and hasattr(settings, "enabled") and not settings.enabled(step.id):
            continue
        out.append(step)
    return out


def _phases(steps: Iterable[Step]) -> list[Step | list[Step]]:
    """Consecutive line steps grouped (one pass over the blocks each); document steps alone."""
    phases: list[Step | list[Step]] = []
    for step in steps:
        if step.document is not None:
            phases.append(step)
        elif phases and isinstance(phases[-1], list):
            phases[-1].append(step)
        else:
            phases.append([step])
    return phases


_HTML_COMMENT_OPEN = re.compile(r"<!--(?!.*-->)")


MAX_ROUNDS = 10  # a guard only: every step changes text one way, so rounds end when nothing does


# a line made only of these has nothing for any line step to do (a fast path for correct text);
# not with --space, which puts spaces between Chinese and the letters and digits allowed here
_SETTLED = re.compile("(?:[\u3400-\u4dbf\u4e00-\u9fff\u3007\u3040-\u30ff①-⑳"
                      "，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕—"
                      "A-Za-z0-9%/+=#]|……|\\.(?!\\.)|-(?!-))*")


def _line_phase(doc: Document, steps: list[Step], only: set[int] | None = None) -> None:
    """Run line steps on every editable block (or the blocks ``only`` names). A line goes round
    the steps again until nothing changes, since one step's result can be another's context
    (``的)"`` → ``的）"`` → ``的）”``); a step whose input is what it left last time is skipped."""
    markdown = doc.meta.format == "md"
    in_comment = False
    emptied: list[int] = []
    settled = None if any(step.option for step in steps) else _SETTLED.fullmatch
    plan = [(step.id, step.markdown_fix if markdown and step.markdown_fix else step.fix, step.masked, step.once)
            for step in steps]
    for i, block in enumerate(doc.blocks):
        if block.kind in (VERBATIM, FURNITURE) or block.protected:
            continue
        if markdown:
            if in_comment:  # inside an HTML comment that spans lines: leave it alone
                in_comment = "-->" not in block.text
                continue
            in_comment = bool(_HTML_COMMENT_OPEN.search(block.text.replace("`", "")))
        if only is not None and i not in only:
            continue
        text = block.text
        if settled is not None and settled(text):
            continue
        line_plan = [p for p in plan if _editable(block, p[0])] if block.ignore else plan
        masked, spans = mask(text, markdown)
        seen: dict[str, str] = {}  # what each (pure, idempotent) step last left: no need to run it on that again
        for round_ in range(MAX_ROUNDS):
            start = text
            for step_id, fix, on_masked, once in line_plan:
                if round_ and once:
                    continue
                source = masked if on_masked else text
                if round_ and seen.get(step_id) == source:
                    continue
                try:
                    result = fix(source)
                except Exception as e:  # a bug must not cost the user the file: note it, go on
                    doc.record(step_id, block.line, "note", text=f"step failed: {type(e).__name__}: {e}")
                    seen[step_id] = source
                    continue
                seen[step_id] = result
                if result == source:
                    continue
                if on_masked:
                    if result.count(MASK) != len(spans):
                        seen[step_id] = source
                        continue  # a step lost a masked span: refuse the change
                    masked, new_text = result, unmask(result, spans)
                else:
                    new_text = result
                    masked, spans = mask(new_text, markdown)
                doc.record(step_id, block.line, "edit", text=text, before=text, after=new_text)
                text = new_text
            if text == start:
                break
        if text != block.text:
            block.text = text  # the stage owns the document: blocks change in place
            if not text.strip():
                emptied.append(i)
    if emptied:
        _drop_blank(doc, emptied)


def _drop_blank(doc: Document, emptied: list[int]) -> None:
    """A line that held only invisible characters or spaces is a blank line now."""
    drop = set(emptied)
    blocks: list[Block] = []
    carried = 0
    for i, block in enumerate(doc.blocks):
        if i in drop:
            carried += block.gap + 1
            continue
        if carried and blocks:
            block = replace(block, gap=block.gap + carried)
        carried = 0
        blocks.append(block)
    doc.blocks = blocks


def normalize(doc: Document, settings: Settings | None = None, only: Collection[str] | None = None) -> Document:
    """Run the enabled normalization steps (``only``: just these ids) on ``doc`` (in place;
    returned), logging each edit.

    >>> doc = normalize(Document.from_lines(["    温州产业集群发展面临挑战:首先,资源制约......"]))
    >>> doc.blocks[0].text
    '温州产业集群发展面临挑战：首先，资源制约……'
    >>> [c.rule for c in doc.log]
    ['norm.indent', 'norm.punct-width', 'norm.ellipsis']
    """
    done: list[Step] = []
    for phase in _phases(_active(settings, only)):
        if isinstance(phase, list):
            _line_phase(doc, phase)
            done.extend(phase)
            continue
        try:
            changed = phase.document(doc, phase)  # type: ignore[misc]
        except Exception as e:  # see _line_phase
            doc.record(phase.id, 0, "note", text=f"step failed: {type(e).__name__}: {e}")
            continue
        if changed and done:
            _line_phase(doc, done, only=changed)  # joined lines: context across the old line ends
    return doc


def normalize_text(text: str, settings: Settings | None = None) -> str:
    """Normalize a plain text (lines as blocks) and return it; for tests and quick use.

    >>> normalize_text("ＡＢＣ公司发布了新产品(试用版)!")
    'ABC公司发布了新产品（试用版）！'
    """
    doc = Document.from_lines(text.split("\n"))
    doc.trailing_newline = False
    return normalize(doc, settings).to_text()
