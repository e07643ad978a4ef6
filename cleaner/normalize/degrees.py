"""The ``norm.degree`` step: ``°C`` after a number in Chinese text is the one-character ``℃``
(``气温18～26°C`` → ``气温18～26℃``), as NFKC had it before folding."""
from __future__ import annotations

import re

from jingwen.cleaner.normalize.context import CJKISH, NUMBER_TOKEN, char_class, glued_to_chinese
from jingwen.cleaner.patterns import compile_pattern

_DEGREE = compile_pattern(r"(?<=[0-9])°([CF])(?![A-Za-z])")


def _degree_repl(m: re.Match) -> str:
    s, i, j = m.string, m.start(), m.end()
    chinese = glued_to_chinese(s, i - 1, NUMBER_TOKEN) or j < len(s) and char_class(s[j]) in CJKISH
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
