"""Character classes and the context helpers every step decides by: what a character is (Han,
Chinese punctuation, curly quote, space, Latin, digit, other) and what stands left or right of a
position. ``,`` in ``首先,温州`` sits between Chinese (full-width), in ``3,256.8`` between
digits (kept); ``WTO`` in ``加入WTO,`` is an ASCII token glued to Chinese text."""
from __future__ import annotations

import unicodedata
from collections.abc import Sequence

from jingwen.cleaner.model.chinese import CLAUSE_END_MARKS, CURLY_QUOTES, HAN_RANGES, OPENING_MARKS, PUNCT_RANGES
from jingwen.cleaner.normalize.lazy_regex import LazyRegex
from jingwen.cleaner.patterns import compile_pattern

HAN, PUNCT, QUOTE, SPACE, LATIN, DIGIT, OTHER = "H", "P", "Q", "S", "A", "D", "O"
MASK = "\ufdd0"  # a noncharacter standing for a masked span (URL, code span): reads as Latin
HELD = "\ufdd1"  # another, for ASCII a step holds back from its own decisions (a:b=2:3): reads as Latin

QUOTES = CURLY_QUOTES
OPERATORS = "＋－＝＜＞"  # full-width, yet a formula's: read as symbols, not as Chinese punctuation
_CJK = f"[{HAN_RANGES}{PUNCT_RANGES}]"

HAN_CHAR = compile_pattern(f"[{HAN_RANGES}]")
CJK_CHAR = compile_pattern(_CJK)
_PUNCT_RE = LazyRegex(f"[{PUNCT_RANGES}]")


class _Classes(dict):
    """Character -> class letter, filled on first sight of each character."""

    def __missing__(self, ch: str) -> str:
        if ch.isascii():
            value = DIGIT if ch.isdigit() else LATIN if ch.isalpha() else SPACE if ch in " \t" else OTHER
        elif ch in (MASK, HELD):
            value = LATIN
        elif HAN_CHAR.match(ch):
            value = HAN
        elif ch in QUOTES:
            value = QUOTE
        elif ch in OPERATORS:
            value = OTHER  # a formula's signs, not Chinese punctuation: T＝(2.01±0.02) s, (X－M)
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
CJKISH = (HAN, PUNCT)
# characters of an ASCII "word" that may sit glued to Chinese text: 2023年, WTO, 9:00, 15%, v2.3.1, ∠A=60°
TOKEN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_%.-+/#&@~=*^$'°∠△" + MASK + HELD)
NUMBER_TOKEN = TOKEN | frozenset(",:")  # 1,500  9:00
MARKS_BOTH = ",;:?!，；：？！"  # look past these: they may turn full-width later, the decision may not change
OPENING = frozenset(OPENING_MARKS)
CLAUSE = compile_pattern(f"[{CLAUSE_END_MARKS}]")


def char_class(ch: str) -> str:
    """The class letter of ``ch``: ``HAN`` for 温, ``PUNCT`` for ，, ``DIGIT`` for 9."""
    return _CLASS[ch]


def look_left(chars: Sequence[str], i: int, skip: str = " \t\u3000" + QUOTES) -> tuple[str | None, int]:
    """Class of the first character left of ``i`` that is not in ``skip``, and its index."""
    while i >= 0 and chars[i] in skip:
        i -= 1
    return (char_class(chars[i]), i) if i >= 0 else (None, -1)


def look_right(chars: Sequence[str], i: int, skip: str = " \t\u3000" + QUOTES) -> tuple[str | None, int]:
    """Class of the first character right of ``i`` that is not in ``skip``, and its index."""
    n = len(chars)
    while i < n and chars[i] in skip:
        i += 1
    return (char_class(chars[i]), i) if i < n else (None, n)


def glued_to_chinese(chars: Sequence[str], j: int, token: frozenset[str] = TOKEN) -> bool:
    """Whether the ASCII token ending at ``j`` (``WTO`` in ``加入WTO``) is glued to Chinese text."""
    start = j
    while start >= 0 and chars[start] in token:
        start -= 1
    if start == j or start < 0:
        return False
    cls, _ = look_left(chars, start, QUOTES)
    return cls in CJKISH


def has_cjk(chars: Sequence[str]) -> bool:
    """Whether any of ``chars`` is a Han character or Chinese punctuation."""
    return any(_CLASS[c] in CJKISH for c in chars)

