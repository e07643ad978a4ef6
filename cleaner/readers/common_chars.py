"""The common Han characters of both scripts, taken from the encodings that define them:
GB 2312 level 1 (3,755 frequent Simplified characters, lead bytes 0xB0-0xD7) and Big5's
frequently used block (5,401 Traditional characters, 0xA440-0xC67E)."""
from __future__ import annotations

from collections.abc import Collection, Iterable
from functools import lru_cache

GB2312_TRAILS = range(0xA1, 0xFF)
BIG5_TRAILS = (*range(0x40, 0x7F), *range(0xA1, 0xFF))


def chars_of(codec: str, leads: Iterable[int], trails: Collection[int]) -> set[str]:
    """What the two-byte sequences ``lead trail`` decode to in ``codec`` (those that decode).

    >>> sorted(chars_of("gb2312", [0xB0], [0xA1, 0xA2]))  # the first two characters of level 1
    ['啊', '阿']
    """
    chars = set()
    for lead in leads:
        for trail in trails:
            try:
                chars.add(bytes([lead, trail]).decode(codec))
            except UnicodeDecodeError:
                pass
    return chars


def _gb2312_level1() -> set[str]:
    return chars_of("gb2312", range(0xB0, 0xD8), GB2312_TRAILS)


def _big5_frequent() -> set[str]:
    # the block ends at C67E: lead C6 only with the low trail bytes
    return chars_of("big5", range(0xA4, 0xC6), BIG5_TRAILS) | chars_of("big5", [0xC6], range(0x40, 0x7F))


@lru_cache(maxsize=1)
def common() -> frozenset[str]:
    """GB 2312 level 1 and Big5's frequent block together (computed on first use)."""
    return frozenset(_gb2312_level1() | _big5_frequent())


def __getattr__(name: str):
    if name == "COMMON":  # the set, built when first asked for: importing this module stays cheap
        return common()
    raise AttributeError(name)
