"""Folding text for rule matching: width, script, spacing and mirror pinyin do not matter.

Rules are written once, in Simplified Chinese with ASCII punctuation, and match every spelling
a platform's notice comes in: full-width (``版权说明：``), folded to ASCII (``版权说明:``),
Traditional (``版權說明``) and Traditional with the mirrors' pinyin (``版權(quán)說(shuō)明``).
``fold`` keeps a map back to the original so a match can be cut out of the original text.

>>> f = fold("版權(quán)說明：本文檔")
>>> f.text
'版权说明:本文档'
>>> f.original_span(0, 4)
(0, 10)
"""
from __future__ import annotations

import re
import unicodedata
from collections import namedtuple
from functools import lru_cache
from pathlib import Path

from jingwen.cleaner.patterns import compile_pattern

_DATA = Path(__file__).with_name("data") / "script_chars.txt"

# The S->T converters of mirror sites append pinyin to some characters: 繼續(xù)免費(fèi)閱讀.
PINYIN_ANNOTATION = compile_pattern(
    r"(?<=[\u3400-\u9fff])[(（](?=[a-zü]*[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ])[a-zāáǎàēéěèīíǐìōóǒòūúǔùüǖǘǚǜ]{1,7}[)）]"
)


@lru_cache(maxsize=1)
def script_tables() -> tuple[dict[str, str], frozenset[str], frozenset[str]]:
    """(Traditional->Simplified fold map, Traditional-only chars, Simplified-only chars)."""
    pairs, trad_only, simp_only = _DATA.read_text(encoding="utf-8").split("\n")[:3]
    fold_map = dict(zip(pairs[0::2], pairs[1::2], strict=True))
    return fold_map, frozenset(trad_only), frozenset(simp_only)


class _FoldTable(dict):
    """str.translate table filled on first sight of each character; ``not_one`` holds the
    characters that do not fold to exactly one character (``㈠`` -> ``(一)``)."""

    not_one: set[str] = set()

    def __missing__(self, code: int) -> str:
        ch = chr(code)
        if ch.isspace():
            value = " "
        else:
            fold_map = script_tables()[0]
            value = "".join(fold_map.get(c, c) for c in unicodedata.normalize("NFKC", ch))
        if len(value) != 1:
            self.not_one.add(ch)
        self[code] = value
        return value


_TABLE = _FoldTable()
_SPACES = compile_pattern(r" {2,}")


class Folded(namedtuple("Folded", "text origin original_length")):
    """A folded line: ``text``, ``origin`` (``origin[i]``: index in the original of folded
    character i) and the original's length. A named tuple: made for every line, and cheaper to
    define and to make than a frozen dataclass."""

    __slots__ = ()

    def original_span(self, start: int, end: int) -> tuple[int, int]:
        """The original text's [start, end) that folded [start, end) came from."""
        if start >= end:
            pos = self.origin[start] if start < len(self.origin) else self.original_length
            return pos, pos
        return self.origin[start], self.origin[end - 1] + 1 if end - 1 < len(self.origin) else self.original_length


def fold(text: str) -> Folded:
    """Fold ``text`` for matching: NFKC, Traditional->Simplified by character, pinyin
    annotations dropped, runs of white space as one space, no leading or trailing space."""
    simple = _one_to_one(text)
    if simple is not None:
        return Folded(simple, tuple(range(len(simple))), len(text))
    return fold_by_character(text)


def fold_by_character(text: str) -> Folded:
    """``fold`` one character at a time: what ``fold`` does for any line (its shortcut must
    give the same)."""
    skip = set()
    if "(" in text or "（" in text:
        for m in PINYIN_ANNOTATION.finditer(text):
            skip.update(range(m.start(), m.end()))
    out: list[str] = []
    origin: list[int] = []
    for i, ch in enumerate(text):
        if i in skip:
            continue
        for c in _TABLE[ord(ch)]:
            if c == " " and (not out or out[-1] == " "):
                continue
            out.append(c)
            origin.append(i)
    while out and out[-1] == " ":
        out.pop()
        origin.pop()
    return Folded("".join(out), tuple(origin), len(text))


def _one_to_one(text: str) -> str | None:
    """The folded text when each character folds to one character and nothing is dropped (no
    pinyin annotation, no space to collapse or strip): most lines, folded at C speed."""
    folded = text.translate(_TABLE)
    if (_TABLE.not_one.isdisjoint(text) and "  " not in folded and not folded.startswith(" ")
            and not folded.endswith(" ") and not (("(" in text or "（" in text) and PINYIN_ANNOTATION.search(text))):
        return folded
    return None


def fold_text(text: str) -> str:
    """The folded string alone, fast: equal to ``fold(text).text``."""
    if "(" in text or "（" in text:
        text = PINYIN_ANNOTATION.sub("", text)
    return _SPACES.sub(" ", text.translate(_TABLE)).strip(" ")


_KEY_DROP = compile_pattern(r"[\s\W_]+")


def text_key(text: str) -> str:
    """A comparison key ignoring width, script, spacing and punctuation.

    >>> text_key("《数据库原理》课后习题.DOC") == text_key("数据库原理 课后习题.doc")
    True
    """
    return key_of_folded(fold_text(text))


def key_of_folded(folded: str) -> str:
    """``text_key`` of text that is already folded."""
    return _KEY_DROP.sub("", folded).lower()


FILE_EXTENSION = compile_pattern(r"\.(?:docx?|pptx?|xlsx?|pdf|txt|wps|rar|zip|caj|dwg|vsd)$", re.IGNORECASE)


def title_key(text: str) -> str:
    """Key of a title without its file extension: ``报告.docx`` and ``报告`` compare equal.

    >>> title_key("会议纪要.DOCX") == title_key("会议纪要")
    True
    """
    return text_key(FILE_EXTENSION.sub("", fold_text(text)))
