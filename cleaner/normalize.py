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
from collections import Counter
from dataclasses import dataclass, replace
from typing import Callable, Iterable, Sequence

from .document import FURNITURE, PARAGRAPH, VERBATIM, Block, Document
from .mojibake import fix_mojibake, looks_like_mojibake

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
_HAN_CHAR = re.compile(f"[{_HAN_RANGES}]")
_CJK_CHAR = re.compile(_CJK)
_HAN_RE = re.compile(f"[{_HAN_RANGES}]")
_PUNCT_RE = re.compile(f"[{_PUNCT_RANGES}]")


class _Classes(dict):
    """Character -> class letter, filled on first sight of each character."""

    def __missing__(self, ch: str) -> str:
        if ch.isascii():
            value = DIGIT if ch.isdigit() else LATIN if ch.isalpha() else SPACE if ch in " \t" else OTHER
        elif ch == MASK:
            value = LATIN
        elif _HAN_RE.match(ch):
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


def _glued_to_chinese(chars: Sequence[str], j: int) -> bool:
    """Whether the ASCII token ending at ``j`` (``WTO`` in ``加入WTO``) is glued to Chinese text."""
    start = j
    while start >= 0 and chars[start] in _TOKEN:
        start -= 1
    if start == j or start < 0:
        return False
    cls, _ = _left(chars, start, _QUOTES)
    return cls in _CJKISH


# ---------------------------------------------------------------------------------------------
# the steps: each a pure str -> str function

_C0_C1 = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_INVISIBLE = re.compile(f"[{_C0_C1}\u00ad\u180e\u200b\u2060\ufeff\ufff9-\ufffb]")
_JOINERS = re.compile(r"(?<![^\x00-\x7f\u2e80-\u9fff\uf900-\uffef])[\u200c\u200d]|[\u200c\u200d](?![^\x00-\x7f\u2e80-\u9fff\uf900-\uffef])")
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


_ELLIPSIS = re.compile(r"(?<![.。…·⋯])(?:\.{6}|\.{3}|。{6}|。{3}|…{1,2}|·{6}|·{3}|⋯{1,2})(?![.。…·⋯])")
_ELLIPSIS_QUICK = re.compile(r"\.\.\.|。。。|…|···|⋯")
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
    for _ in range(3):  # one ellipsis is context for the next (的...“...)
        result = _ELLIPSIS.sub(_ellipsis_repl, text)
        if result == text:
            break
        text = result
    return text


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
_ASCII_MARKS_LEFT = " \t\u3000(（" + _MARKS_BOTH + _QUOTES
_ASCII_MARKS_RIGHT = " \t\u3000.)）" + _MARKS_BOTH + _QUOTES


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
                elif (chars[j - 1:j] != ["="] and
                      (_has_cjk(chars[j + 1:i]) or _chinese_around(chars, j - 1, i + 1))):
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
    for a, b in zip(marks[::2], marks[1::2]):
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
    chars = list(text)
    if '"' in text:
        _double_quotes(chars)
    if "'" in text:
        _single_quotes(chars)
    return "".join(chars)


_FULL = {",": "，", ":": "：", ";": "；", "?": "？", "!": "！", "(": "（", ")": "）"}
_MARKS = re.compile(r"[,:;?!]")
_PUNCT_QUICK = re.compile(r"[,:;?!()]")
_ENTITY = re.compile(r"&#?\w{1,8}$")


def _chinese_mark(chars: list[str], i: int) -> bool:
    """Whether the ASCII mark at ``i`` belongs to Chinese text."""
    c = chars[i]
    n = len(chars)
    prev = chars[i - 1] if i else ""
    nxt = chars[i + 1] if i + 1 < n else ""
    if c in ",:" and prev.isdigit() and nxt.isdigit() and prev.isascii() and nxt.isascii():
        return False  # 3,256.8  9:00  3:1
    if c == ":" and nxt in ("/", "\\"):
        return False  # C:\\  scheme://
    if c == ";" and _ENTITY.search("".join(chars[max(0, i - 10):i])):
        return False  # &nbsp;
    lc, j = _left(chars, i - 1)
    if lc in _CJKISH:
        return True
    rc, k = _right(chars, i + 1)
    if lc is None:
        return rc in _CJKISH
    glued_left = j == i - 1 or chars[j + 1] in _QUOTES
    if glued_left and lc in (LATIN, DIGIT, OTHER) and _glued_to_chinese(chars, j):
        return True  # 加入WTO,  什么是API?  上午9:00,
    glued_right = k == i + 1
    return glued_right and rc == HAN and (c in ",;:" or lc in (LATIN, DIGIT))  # Hello,世界


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
        b = _left(chars, o - 1, _MARKS_BOTH)[0] if o and chars[o - 1] in _MARKS_BOTH else _cls(chars[o - 1]) if o else None
        if b in (LATIN, DIGIT):
            convert = _has_cjk(inside) and (not inside or inside[0] not in "\"'`“‘")  # f(x) stays
        elif b in _CJKISH or b == QUOTE:
            convert = True
        else:
            convert = _has_cjk(inside) or _right(chars, c + 1)[0] in _CJKISH
        if convert:
            chars[o], chars[c] = "（", "）"
    for i in lone:
        b = _left(chars, i - 1, _MARKS_BOTH)[0] if i and chars[i - 1] in _MARKS_BOTH else _cls(chars[i - 1]) if i else None
        a = _cls(chars[i + 1]) if i + 1 < n else None
        if chars[i] == "(" and (b in _CJKISH or a in _CJKISH) or chars[i] == ")" and b in _CJKISH:
            chars[i] = _FULL[chars[i]]


def punct_width(text: str) -> str:
    """Restore full-width ``，：；？！（）`` where the ASCII mark belongs to Chinese text; keep
    ASCII in numbers, times, ratios, English and code (``f(x)``, ``C:\\``, ``&nbsp;``).

    >>> punct_width("电话:400-050-0827(工作时间:9:00-18:30),比例3:1,共3,256.8万元")
    '电话：400-050-0827（工作时间：9:00-18:30），比例3:1，共3,256.8万元'
    >>> punct_width("什么是API?加入WTO,温州;He said: yes, f(x)")
    '什么是API？加入WTO，温州；He said: yes, f(x)'
    """
    if not _PUNCT_QUICK.search(text) or not _CJK_CHAR.search(text):
        return text
    for _ in range(3):  # a mark decided full-width is context for its neighbours (,,的)
        chars = list(text)
        if "(" in text or ")" in text:
            _parens(chars)
        for m in _MARKS.finditer(text):
            i = m.start()
            if _chinese_mark(chars, i):
                chars[i] = _FULL[chars[i]]
        result = "".join(chars)
        if result == text or not _PUNCT_QUICK.search(result):
            return result
        text = result
    return text


_OPENING = frozenset("（〔［｛〈《「『【〖〘〚“‘")
_SEPARATORS = frozenset("·・—～〜|｜/／")  # a space around them separates items (· 3.1 · 3.2)
_CLOSING = frozenset("）〕］｝〉》」』】〗〙〛”’")
_CLAUSE = re.compile("[，。；！？：、,;!?:]")
_NUMBER_PREFIX = re.compile(
    "第[一二三四五六七八九十百千零〇两0-9]+(?:部分|单元|[章节条款项编篇部回讲课卷集期])$")
_SPACE_QUICK = re.compile(f"{_CJK_OR_QUOTE} {_CJK_OR_QUOTE}")
_SINGLE_SPACE = re.compile(r"(?<=[^ \t]) (?=[^ \t])")
_LETTER_SPACED = re.compile(f"(?:^| )(?:[{_HAN_RANGES}] ){{3,}}[{_HAN_RANGES}](?= |$)")


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
    spaced = _letter_spaced(text)
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


_CJK_LATIN = re.compile(f"(?<=[{_HAN_RANGES}])(?=[A-Za-z0-9{MASK}])|(?<=[A-Za-z0-9{MASK}])(?=[{_HAN_RANGES}])")


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
_WIDE = re.compile("[\u1100-\u115f\u2e80-\u303e\u3041-\u33ff\u3400-\u4dbf\u4e00-\u9fff\ua000-\ua4cf"
                   "\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6\U00020000-\U0003fffd]")
_SENTENCE_END = re.compile(r"(?:[。！？!?；;…]|\.(?<=[A-Za-z)]\.))[”’」』）)】》\"']*\s*$")
_LIST_START = re.compile(
    r"\s*(?:第[一二三四五六七八九十百千零〇两\d]+[章节条款编篇部回讲课]|[一二三四五六七八九十百]+[、.．]|"
    r"[（(][一二三四五六七八九十百\d]{1,3}[）)]|\d{1,3}(?:[.．]\d{1,3})*[、.．)）]?\s|\d{1,3}[、．)）]|"
    r"\d{1,3}\.(?!\d)|[①-⑳]|[•·●○■□◆◇▪▶►\-*+]\s|[A-Za-z][.、)](?!\w))")
_NO_PUNCT = re.compile(r"[^\w\s]")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced CJK font (wide characters count two).

    >>> display_width("第一章 Total")
    12
    """
    return len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))


def _tolerance(width: int) -> int:
    return max(2, width // 12)


def wrap_width(widths: Sequence[int], ends: Sequence[bool], punctuated: Sequence[bool] | None = None) -> int | None:
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
        tol = _tolerance(w)
        count = sum(n for v, n in counts.items() if w - tol <= v <= w)
        if count > best_count:
            best, best_count = w, count
    if best is None or best_count < 3 or best_count < 0.4 * len(widths):
        return None
    tol = _tolerance(best)
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


def wrapped_runs(texts: Sequence[str], breaks: Sequence[bool]) -> list[list[int]]:
    """Groups of line indices to join: ``breaks[i]`` is True where line i may not be joined to
    the line before it (a blank line, another kind of block, the title)."""
    n = len(texts)
    widths = [display_width(t) for t in texts]
    ends = [bool(_SENTENCE_END.search(t)) for t in texts]
    run_lines = [i for i in range(n - 1) if not breaks[i + 1] and not breaks[i]]
    width = wrap_width([widths[i] for i in run_lines], [ends[i] for i in run_lines],
                       [bool(_CLAUSE.search(texts[i])) for i in run_lines])
    if width is None:
        return []
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

    >>> print(unwrap("第一章 总则\\n为了规范档案的收集、整理和保管工作，提高\\n档案管理水平，根据有关法律法规的规定，\\n"
    ...              "结合本单位实际情况，特制定本办法。本办\\n法适用于本单位各部门。\\n第二章 职责\\n办公室负责档案的统一管理。"))
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
_MD_MASK = re.compile(
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
    for span, part in zip(spans, parts[1:]):
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
    document: Callable[[Document, "Step"], set[int]] | None = None
    option: str | None = None
    masked: bool = True

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
    breaks = []
    for n, b in enumerate(blocks):
        brk = not _joinable(b) or (n > 0 and b.gap > 0) or (title is not None and b.text.strip() == title)
        breaks.append(brk)
    # a line that cannot join may still not be joined *to*: mark the line after it as a break
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
    candidates = [(i, b) for i, b in enumerate(doc.blocks) if _editable(b, step.id) and looks_like_mojibake(b.text)]
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
                doc.blocks[i] = block.with_text(after)
                repaired = True
    return set()


STEPS: list[Step] = [
    Step("norm.mojibake", "repair Chinese mis-decoded as GBK/Big5/Latin-1 (鍙戝竷 → 发布)",
         _fix_mojibake_step, document=_mojibake_document),
    Step("norm.invisible", "remove zero-width characters, BOM, soft hyphens and control characters; NFC",
         strip_invisible, masked=False),
    Step("norm.fullwidth-alnum", "full-width letters and digits to ASCII (ＡＢＣ１２３ → ABC123)", fullwidth_alnum),
    Step("norm.indent", "remove leading indentation (spaces, 　); exporters indent paragraphs",
         strip_indent, markdown_fix=strip_indent_markdown, masked=False),
    Step("norm.trailing-space", "remove trailing spaces and ideographic spaces",
         strip_trailing, markdown_fix=strip_trailing_markdown, masked=False),
    Step("norm.quotes", "straight quotes in Chinese context to paired “” ‘’", quotes),
    Step("norm.punct-width", ", : ; ? ! ( ) in Chinese context to ，：；？！（）; ASCII kept in 9:00, 3:1, 3,256.8",
         punct_width),
    Step("norm.ellipsis", "...... / ... / 。。。 in Chinese text to ……", ellipsis),
    Step("norm.dash", "-- next to Chinese text to ——", dash),
    Step("norm.space-cjk", "remove scrape spaces between Chinese characters and around Chinese punctuation",
         cjk_spaces),
    Step("norm.space-cjk-latin", "a space between Chinese and Latin letters or digits (--space)",
         cjk_latin_spacing, option="space"),
    Step("norm.hard-wrap", "join lines of hard-wrapped paragraphs (PDF copies), no space between Chinese",
         unwrap, document=_unwrap_document),
]
STEP_IDS = [s.id for s in STEPS]


def _editable(block: Block, step_id: str) -> bool:
    if block.kind in (VERBATIM, FURNITURE) or block.protected:
        return False
    return not any(step_id == x or step_id.startswith(x + ".") for x in block.ignore)


def _active(settings) -> list[Step]:
    out = []
    for step in STEPS:
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


MAX_ROUNDS = 3
# what one step may leave for another to finish: run the steps again while a line has these
_ROUND_AGAIN = re.compile(r"[\"',:;?!()]|\.\.\.|--| |。。。|···|(?<!…)…(?!…)")


def _line_phase(doc: Document, steps: list[Step], only: set[int] | None = None) -> None:
    """Run line steps on every editable block (or the blocks ``only`` names). A line that
    changed and still holds something a step looks at goes round again, until nothing changes:
    one step's result can be another's context (``的)"`` → ``的）"`` → ``的）”``)."""
    markdown = doc.meta.format == "md"
    in_comment = False
    emptied: list[int] = []
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
        masked, spans = mask(text, markdown)
        for _ in range(MAX_ROUNDS):
            start = text
            for step in steps:
                if block.ignore and not _editable(block, step.id):
                    continue
                fix = step.markdown_fix if markdown and step.markdown_fix else step.fix
                source = masked if step.masked else text
                try:
                    result = fix(source)
                except Exception as e:  # a bug must not cost the user the file: note it, go on
                    doc.record(step.id, block.line, "note", text=f"step failed: {type(e).__name__}: {e}")
                    continue
                if result == source:
                    continue
                if step.masked:
                    if result.count(MASK) != len(spans):
                        continue  # a step lost a masked span: refuse the change
                    masked, new_text = result, unmask(result, spans)
                else:
                    new_text = result
                    masked, spans = mask(new_text, markdown)
                doc.record(step.id, block.line, "edit", text=text, before=text, after=new_text)
                text = new_text
            if text == start or not _ROUND_AGAIN.search(masked):
                break
        if text != block.text:
            doc.blocks[i] = block.with_text(text)
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


def normalize(doc: Document, settings=None) -> Document:
    """Run the enabled normalization steps on ``doc`` (in place; returned), logging each edit.

    >>> doc = normalize(Document.from_lines(["    温州产业集群发展面临挑战:首先,资源制约......"]))
    >>> doc.blocks[0].text
    '温州产业集群发展面临挑战：首先，资源制约……'
    >>> [c.rule for c in doc.log]
    ['norm.indent', 'norm.punct-width', 'norm.ellipsis']
    """
    done: list[Step] = []
    for phase in _phases(_active(settings)):
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


def normalize_text(text: str, settings=None) -> str:
    """Normalize a plain text (lines as blocks) and return it; for tests and quick use.

    >>> normalize_text("ＡＢＣ公司发布了新产品(试用版)!")
    'ABC公司发布了新产品（试用版）！'
    """
    doc = Document.from_lines(text.split("\n"))
    doc.trailing_newline = False
    return normalize(doc, settings).to_text()
