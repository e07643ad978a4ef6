"""Quotation marks in one style: corner brackets 「」『』 (Taiwan, Hong Kong, vertical text) or
curly quotes “”‘’, paired within each line and nested by depth. Used by the conversion stage
(``--quotes``) and by the exporters (a document typeset for a Traditional region).

>>> convert_quotes("他說：“好”。", "corner")
'他說：「好」。'
"""
from __future__ import annotations

import re
from functools import cache

from jingwen.cleaner.model.errors import JingwenError

QUOTE_STYLES = ("corner", "curly")

_OPENERS = {"“": "”", "‘": "’", "「": "」", "『": "』"}
_CLOSERS = {close: open_ for open_, close in _OPENERS.items()}
_STYLE_PAIRS = {"corner": ("「」", "『』"), "curly": ("“”", "‘’")}
_BY_GLYPH = {"corner": dict(zip("“”‘’", "「」『』", strict=True)), "curly": dict(zip("「」『』", "“”‘’", strict=True))}
_QUOTE = re.compile("[“”‘’「」『』]")


@cache
def _cjk() -> re.Pattern:
    """Han, kana, CJK punctuation and full-width forms (and the private-use placeholders of user
    phrases); compiled on first use, as most runs never look at quotation marks."""
    return re.compile("[\u2e80-\u9fff\uf900-\ufaff\ufe30-\ufe4f\uff00-\uffef\ue000-\uf8ff"
                      "\U00020000-\U0003ffff\U000f0000-\U000ffffd]")


def _is_cjk(ch: str) -> bool:
    return bool(ch) and _cjk().match(ch) is not None


def _is_apostrophe(text: str, i: int) -> bool:
    """’ inside a Latin word: don’t, rock’n’roll."""
    return (text[i] == "’" and 0 < i < len(text) - 1 and text[i - 1].isalnum() and text[i + 1].isalnum()
            and not _is_cjk(text[i - 1]) and not _is_cjk(text[i + 1]))


def convert_quotes(text: str, style: str) -> str:
    """Quotation marks in ``style``: ``corner`` 「」『』 (Taiwan, Hong Kong) or ``curly`` “”‘’.

    Pairs are matched within each line and nested by depth (outer 「」, inner 『』); marks in
    Latin text (He said “hi”, don’t) stay as they are.

    >>> convert_quotes("他说：“我读过‘背影’。”He said “fine”, didn’t he?", "corner")
    '他说：「我读过『背影』。」He said “fine”, didn’t he?'
    >>> convert_quotes("「外『內』外」", "curly")
    '“外‘內’外”'
    """
    if style not in _STYLE_PAIRS:
        raise JingwenError(f"unknown quote style {style!r}; choose one of {', '.join(QUOTE_STYLES)}")
    marks = "“”‘’" if style == "corner" else "「」『』"
    if not any(m in text for m in marks):
        return text
    if "\n" in text:  # line by line: a line without marks to convert is left exactly as it is,
        # whatever its neighbours hold (one call for many blocks equals one call per block)
        return "\n".join(_line_quotes(line, style, marks) for line in text.split("\n"))
    return _line_quotes(text, style, marks)


def _line_quotes(text: str, style: str, marks: str) -> str:
    """``convert_quotes`` for one line.

    >>> _line_quotes("「「」", "corner", "“”‘’")  # no curly mark: nothing to convert, nothing re-nested
    '「「」'
    """
    if not any(m in text for m in marks):
        return text
    pairs, by_glyph = _STYLE_PAIRS[style], _BY_GLYPH[style]
    edits: dict[int, str] = {}
    stack: list[int] = []  # positions of open marks on the line

    def unmatched(i: int) -> None:
        ch = text[i]
        if ch in by_glyph and (style == "curly" or _is_cjk(text[i - 1:i]) or _is_cjk(text[i + 1:i + 2])):
            edits[i] = by_glyph[ch]

    for m in _QUOTE.finditer(text):
        i, ch = m.start(), m.group()
        if ch in _OPENERS:
            stack.append(i)
        elif _is_apostrophe(text, i):
            continue
        else:
            opener = _CLOSERS[ch]
            depth = next((d for d in range(len(stack) - 1, -1, -1) if text[stack[d]] == opener), None)
            if depth is None:
                unmatched(i)
                continue
            for j in stack[depth + 1:]:
                unmatched(j)
            start = stack[depth]
            del stack[depth:]
            latin = (style == "corner" and not _is_cjk(text[start - 1:start]) and not _is_cjk(text[i + 1:i + 2])
                     and not _cjk().search(text, start + 1, i))
            if not latin:
                edits[start], edits[i] = pairs[depth % 2]
    for j in stack:
        unmatched(j)
    if not edits:
        return text
    out, last = [], 0
    for i in sorted(edits):
        out.append(text[last:i])
        out.append(edits[i])
        last = i + 1
    out.append(text[last:])
    return "".join(out)
