"""Which script a text is written in: Simplified, Traditional, mixed or none.

Counts the characters that exist in only one script (from OpenCC's character tables).
"none" means the text has no character that tells the scripts apart (or no Chinese at all).

>>> detect_script("这是简体中文。"), detect_script("這是繁體中文。"), detect_script("abc 123")
('hans', 'hant', 'none')
"""
from __future__ import annotations

from collections import Counter

from jingwen.cleaner.textfold import script_tables

SAMPLE = 200_000
MIXED_SHARE = 0.2


def script_counts(text: str) -> tuple[int, int]:
    """(Simplified-only, Traditional-only) character counts in a sample of ``text``."""
    _, trad_only, simp_only = script_tables()
    counts = Counter(text[:SAMPLE])  # counting distinct characters once is several times faster
    return (sum(n for ch, n in counts.items() if ch in simp_only),
            sum(n for ch, n in counts.items() if ch in trad_only))


def detect_script(text: str) -> str:
    simp, trad = script_counts(text)
    total = simp + trad
    if total == 0:
        return "none"
    if min(simp, trad) >= 3 and min(simp, trad) / total >= MIXED_SHARE:
        return "mixed"
    return "hans" if simp >= trad else "hant"


LANGUAGE_OF_SCRIPT = {"hans": "zh-CN", "hant": "zh-Hant", "mixed": "zh", "none": "zh"}
