"""``LazyRegex``: a regular expression compiled on first use, for the patterns built from the
large classes of Chinese characters (``HAN_RANGES``)."""
from __future__ import annotations

from jingwen.cleaner.patterns import compile_pattern


class LazyRegex:
    """A regular expression compiled on first use: classes of all Chinese characters cost
    milliseconds each to compile, and ``jingwen`` should start fast."""

    __slots__ = ("_source", "_flags", "_pattern")

    def __init__(self, source: str, flags: int = 0) -> None:
        self._source, self._flags, self._pattern = source, flags, None

    def __getattr__(self, name: str):
        if self._pattern is None:
            self._pattern = compile_pattern(self._source, self._flags)
        return getattr(self._pattern, name)
