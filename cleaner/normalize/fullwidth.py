"""The ``norm.fullwidth-alnum`` step: full-width letters and digits to ASCII (``ＡＢＣ公司２０２４年`` →
``ABC公司2024年``)."""
from __future__ import annotations

from jingwen.cleaner.patterns import compile_pattern

_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
FULLWIDTH_QUICK = "[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]"  # a line without one is left as it is
_FULLWIDTH_QUICK = compile_pattern(FULLWIDTH_QUICK)
_FULLWIDTH_DOT = compile_pattern("(?<=[0-9A-Za-z])\uff0e(?=[0-9A-Za-z])")
# a Chinese chess move, whose black side is written with full-width digits (马８进７, 炮８平５, 前车进２)
_FILE = "[１-９一二三四五六七八九]"  # a file (column) of the board, or the steps of a move
_XIANGQI_MOVE = compile_pattern(f"[车車马馬炮砲兵卒相象仕士将將帅帥俥傌]{_FILE}[进進退平]{_FILE}"
                                f"|[前后後中][车車马馬炮砲兵卒俥傌][进進退平]{_FILE}")


def fullwidth_alnum(text: str) -> str:
    """Full-width letters and digits become ASCII (a full-width point between them too).

    >>> fullwidth_alnum("ＡＢＣ公司２０２４年营收增长３．５％")
    'ABC公司2024年营收增长3.5％'

    A chess move keeps its full-width digits, the notation's way of writing black's moves:

    >>> fullwidth_alnum("1．炮二平五　马８进７（第１回合）")
    '1．炮二平五\u3000马８进７（第1回合）'
    """
    if not _FULLWIDTH_QUICK.search(text):
        return text
    moves = [(m.start(), m.end()) for m in _XIANGQI_MOVE.finditer(text)]
    if moves:
        out, last = [], 0
        for start, end in moves:
            out.append(_fold(text[last:start]))
            out.append(text[start:end])
            last = end
        out.append(_fold(text[last:]))
        return "".join(out)
    return _fold(text)


def _fold(text: str) -> str:
    return _FULLWIDTH_DOT.sub(".", text.translate(_FULLWIDTH_ALNUM))
