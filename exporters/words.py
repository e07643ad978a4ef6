"""Word boundaries for headings and titles: a title that needs two lines is broken between words
(``…作为促进 / 产业…``), never inside one (``…作为促 / 进产业…``). Words come from jieba, loaded
only when a heading or title actually wraps.

>>> whole_words(["全", "市", "安", "全", "生", "产", "大", "检", "查"])
['全市', '安全', '生产', '大', '检查']
>>> whole_words(["《红", "楼", "梦》", "读", "后"])
['《红楼梦》', '读后']
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache


@lru_cache(maxsize=1)
def _jieba():
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    return jieba


@lru_cache(maxsize=1024)
def word_ends(text: str) -> frozenset[int]:
    """Offsets in ``text`` where a word ends (jieba's segmentation)."""
    ends, at = set(), 0
    for word in _jieba().cut(text, HMM=True):
        at += len(word)
        ends.add(at)
    return frozenset(ends)


def whole_words(pieces: Sequence[str]) -> list[str]:
    """Line-breaking units merged so that no break falls inside a word."""
    text = "".join(pieces)
    ends = word_ends(text)
    out: list[str] = []
    at = 0
    for piece in pieces:
        if out and at not in ends and not piece.isspace() and not out[-1].isspace():
            out[-1] += piece
        else:
            out.append(piece)
        at += len(piece)
    return out
