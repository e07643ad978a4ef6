"""The ``norm.fullwidth-alnum`` step: full-width letters and digits to ASCII (``ＡＢＣ公司２０２４年`` →
``ABC公司2024年``)."""
from __future__ import annotations

from jingwen.cleaner.patterns import compile_pattern

_FULLWIDTH_ALNUM = {c: c - 0xFEE0 for c in [*range(0xFF10, 0xFF1A), *range(0xFF21, 0xFF3B), *range(0xFF41, 0xFF5B)]}
_FULLWIDTH_QUICK = compile_pattern("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a]")
_FULLWIDTH_DOT = compile_pattern("(?<=[0-9A-Za-z])\uff0e(?=[0-9A-Za-z])")


def fullwidth_alnum(text: str) -> str:
    """Full-width letters and digits become ASCII (a full-width point between them too).

    >>> fullwidth_alnum("ＡＢＣ公司２０２４年营收增长３．５％")
    'ABC公司2024年营收增长3.5％'
    """
    if not _FULLWIDTH_QUICK.search(text):
        return text
    return _FULLWIDTH_DOT.sub(".", text.translate(_FULLWIDTH_ALNUM))
