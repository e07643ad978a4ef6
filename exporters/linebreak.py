"""Chinese line breaking at the W3C clreq "basic" level, independent of any PDF library.

Text is first cut into *units* that a line break never splits: a Chinese character, a Latin
word or number, a run of ``——`` or ``……``; then every mark that may not start a line (，。、；：？！
and closing brackets and quotes) is glued to the unit before it, and every mark that may not end a
line (opening brackets and quotes) to the unit after it. Any break between two units is then
allowed, so a greedy fill of units into lines can never produce a forbidden line start or end.
When the next unit does not fit, it moves to the next line whole ("push out") and the line is
justified; a closing mark whose right half is blank (Simplified Chinese glyphs) may instead
overhang the measure by up to half an em ("push in").

>>> units("他说：“你好。”")
['他', '说：', '“你', '好。”']
>>> units("等待——然后……结束")
['等', '待', '——', '然', '后', '……', '结', '束']
>>> [text for text, _ in fit_lines(units("一二三四五，六七"), len, 5, 5)]
['一二三四', '五，六七']
"""
from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Sequence
from functools import cache

from jingwen.cleaner.model.chinese import NEVER_SPLIT, NO_LINE_END, NO_LINE_START

# Marks that may not start a line (clreq: pause and stop marks, closing brackets and quotes),
# in their Chinese, full-width, half-width, vertical and ASCII forms.
NO_START = NO_LINE_START
# Marks that may not end a line: opening brackets and quotes.
NO_END = NO_LINE_END
# Marks glued on both sides (the interpunct of transliterated names: 马克·吐温).
NO_BREAK_AROUND = frozenset("·・‧")
# Marks whose runs are never split: ——, ……
INSEPARABLE = NEVER_SPLIT
# Latin punctuation that stays inside a word or number when letters are on both sides: 3.14, don't.
WORD_JOINERS = frozenset(".,:;'’-/_@&=?#%+~")


_WORD = r"(?:[^\W_\u1100-\U0010ffff]|[\u1e00-\u1eff])"
_TOKEN = re.compile(rf"—+|―+|…+|‥+|⋯+|\s+|{_WORD}(?:{_WORD}|[.,:;'’\-/_@&=?#%+~](?={_WORD}))*|.", re.S)


_WORD_RUNS = re.compile(_WORD + "{2,}")
# a character that may start such a run: most lines of Chinese text have none, and are not scanned
_RUN_START = re.compile(r"[^\u1100-\U0010ffff]|[\u1e00-\u1eff—―…‥⋯]")
# never widened inside: a Latin word or number with its joiners (v2.3.1, don't), a run of —— or ……
_JOINED_RUNS = re.compile(rf"{_WORD}(?:{_WORD}|[.,:;'’\-/_@&=?#%+~](?={_WORD}))+"
                          r"|—{2,}|―{2,}|…{2,}|‥{2,}|⋯{2,}")


def expandable_gaps(text: str) -> int:
    """How many places between two characters a justified line may widen: everywhere but inside a
    Latin word or number.

    >>> expandable_gaps("中文abc字")  # 中|文|abc|字
    3
    """
    return max(0, len(text) - 1 - sum(len(run) - 1 for run in _WORD_RUNS.findall(text)))


def expandable(text: str) -> list[bool]:
    """For each of the ``len(text) + 1`` boundaries of ``text``: may a justified line widen there?
    Not at the ends, inside a Latin word or number, or inside a run of ``——`` or ``……``.

    >>> [i for i, ok in enumerate(expandable("中ab——字")) if ok]
    [1, 3, 5]
    >>> [i for i, ok in enumerate(expandable("版本v2.3.1发布")) if ok]
    [1, 2, 8, 9]
    """
    n = len(text)
    out = [True] * (n + 1)
    out[0] = out[n] = False
    if _RUN_START.search(text) is None:
        return out
    for run in _JOINED_RUNS.finditer(text):
        for k in range(run.start() + 1, run.end()):
            out[k] = False
    return out


def is_word_char(ch: str) -> bool:
    """Letters and digits of a Latin-like script (not Chinese, not full-width).

    >>> is_word_char("a"), is_word_char("中"), is_word_char("Ａ"), is_word_char("，"), is_word_char("ệ")
    (True, False, False, False, True)
    """
    return ch.isalnum() and (ch < "\u1100" or "\u1e00" <= ch <= "\u1eff")


@cache  # computed once per character
def _glues_back(ch: str) -> bool:
    if ch in NO_START or ch in NO_BREAK_AROUND:
        return True
    if "\u0300" <= ch < "\u2e80":
        return unicodedata.combining(ch) > 0 or ch == "\u200d"
    return "\ufe00" <= ch <= "\ufe0f" or "\U000e0100" <= ch <= "\U000e01ef"


@cache
def _glues_forward(ch: str) -> bool:
    return ch in NO_END or ch in NO_BREAK_AROUND or ch == "\u200d"


def _tokens(text: str) -> list[str]:
    """Runs of ——/……, of whitespace, Latin words and numbers (3.14, don't), single characters."""
    return _TOKEN.findall(text)


def units(text: str) -> list[str]:
    """Cut ``text`` into the pieces a line break may fall between (see the module docstring).

    Whitespace runs are units of their own: a break may fall there, and the space disappears
    at the edge of a line.

    >>> units("《红楼梦》（又名《石头记》）")
    ['《红', '楼', '梦》', '（又', '名', '《石', '头', '记》）']
    >>> units("版本 v2.3.1 发布")
    ['版', '本', ' ', 'v2.3.1', ' ', '发', '布']
    """
    out: list[str] = []
    sticky = False  # the last unit must stay with the next one
    quotes = {"\"": 0, "'": 0}  # ASCII quotes seen: even → the next one opens
    for tok in _tokens(text):
        if tok.isspace():
            if sticky and out:
                out[-1] += tok  # "（ 注": the space after an opening mark does not break either
            else:
                out.append(tok)
            continue
        if tok == "\"" or tok == "'":  # ASCII quotes alternate: opening, closing, opening...
            forward = quotes[tok] % 2 == 0
            quotes[tok] += 1
            back = not forward
        else:
            back, forward = _glues_back(tok[0]), _glues_forward(tok[-1])
        if out and (sticky or back):
            if back and not sticky and out[-1].isspace() and len(out) > 1:
                space = out.pop()  # "word )": the space before a closing mark does not break
                out[-1] += space
            out[-1] += tok
        else:
            out.append(tok)
        sticky = forward
    return out


def fit_lines(pieces: Sequence[str], measure: Callable[[str], float], first_width: float, width: float,
              overhang: Callable[[str], float] | None = None) -> list[tuple[str, bool]]:
    """Fill ``pieces`` (from ``units``) greedily into lines of ``width`` (``first_width`` for the
    first); returns ``(text, ends_with_break)`` per line, spaces at line edges removed.
    ``overhang(piece)`` is how far a piece may stick out when it ends the line (push-in);
    a piece wider than a whole line is cut by characters, the only forced break.

    ``ends_with_break`` is False for the last line (which is not justified).

    >>> fit_lines(units("甲乙丙丁戊己庚辛"), len, 2, 4)
    [('甲乙', True), ('丙丁戊己', True), ('庚辛', False)]
    """
    overhang = overhang or (lambda piece: 0.0)
    lines: list[tuple[str, bool]] = []
    current: list[str] = []
    used = 0.0  # width of the line so far, trailing spaces excluded
    pending: list[str] = []  # spaces waiting for a following word
    avail = first_width
    for piece in _split_oversized(pieces, measure, min(first_width, width)):
        if piece.isspace():
            if current:
                pending.append(piece)
            continue
        w = measure(piece)
        space_w = sum(map(measure, pending)) if pending else 0.0
        if current and used + space_w + w > avail + 1e-6 and used + space_w + w - overhang(piece) > avail + 1e-6:
            lines.append(("".join(current), True))
            current, used, pending, avail = [], 0.0, [], width
            space_w = 0.0
        current.extend(pending)
        current.append(piece)
        pending = []
        used += space_w + w
    if current or not lines:
        lines.append(("".join(current), False))
    return lines


def _split_oversized(pieces: Sequence[str], measure: Callable[[str], float], width: float) -> list[str]:
    out: list[str] = []
    for piece in pieces:
        if len(piece) == 1 or measure(piece) <= width:
            out.append(piece)
            continue
        chunk = ""
        for ch in piece:
            if chunk and measure(chunk + ch) > width:
                out.append(chunk)
                chunk = ""
            chunk += ch
        if chunk:
            out.append(chunk)
    return out


def violations(lines: Sequence[str]) -> list[tuple[int, str]]:
    """Lines that break the clreq basic rules: ``(index, reason)``; the checker the tests use.

    >>> violations(["甲乙，", "，丙“", "丁……", "……戊"])
    [(1, 'starts with ，'), (1, 'ends with “'), (2, 'splits ……')]
    """
    found = []
    for i, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        if text[0] in NO_START:
            found.append((i, f"starts with {text[0]}"))
        if text[-1] in NO_END:
            found.append((i, f"ends with {text[-1]}"))
        nxt = lines[i + 1].strip() if i + 1 < len(lines) else ""
        if text[-1] in INSEPARABLE and nxt and nxt[0] == text[-1]:
            found.append((i, f"splits {text[-1] * 2}"))
    return found
