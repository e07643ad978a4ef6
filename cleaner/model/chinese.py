"""Facts of Chinese text that the stages and the exporters share: which characters are Han,
which marks open, close, end a sentence or a clause, which may not start or end a line.

Character-class strings are written for use inside a regular-expression class (``[...]``).

>>> import re
>>> bool(re.fullmatch(f"[{HAN_RANGES}]+", "温州㐀𠀀")), is_cjk("。"), is_cjk("a")
(True, True, False)
>>> "」" in CLOSING_MARKS and "「" in OPENING_MARKS and "，" in NO_LINE_START
True
"""
from __future__ import annotations

# Han (with extension A, compatibility ideographs, 〇, kana, Hangul, full-width letters and
# digits and the supplementary ideograph planes): characters that take a full em
HAN_RANGES = ("\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u3007\u3040-\u30fa\u30fc-\u30ff\uac00-\ud7af"
              "\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\U00020000-\U0003134f")
# Chinese punctuation: CJK symbols, full-width forms, vertical and small forms, … — ·
PUNCT_RANGES = ("\u3001-\u3006\u3008-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65"
                "\ufe10-\ufe19\ufe30-\ufe6f\u2026\u2014\u00b7\u30fb")
CURLY_QUOTES = "\u2018\u2019\u201c\u201d"  # ‘ ’ “ ”
OPENING_MARKS = "（〔［｛〈《「『【〖〘〚“‘"  # opening brackets and quotation marks
CLOSING_MARKS = "）〕］｝〉》」』】〗〙〛”’"  # their closing partners
SENTENCE_END_MARKS = "。！？!?"  # marks that end a sentence
CLAUSE_END_MARKS = "，。；！？：、,;!?:"  # marks that end a clause
# what may follow a sentence end and still belong to the sentence: 他说：“好。”
AFTER_SENTENCE_END = "”’」』》）)】\"'"

# clreq line breaking: marks that may not start a line (stops, closing marks, iteration marks,
# units that belong to the number before them), in Chinese, vertical, half-width and Latin forms
NO_LINE_START = frozenset(
    "，。、；：？！）］｝〕〉》」』】〙〗〟’”｠｣"
    "︐︑︒︓︔︕︖︶︸︺︼︾﹀﹂﹄﹈"
    "｡､．"
    ",.;:?!)]}»›‼⁇⁈⁉"
    "々〻〞%‰℃°′″"
)
NO_LINE_END = frozenset("（［｛〔〈《「『【〘〖〝‘“｟｢︵︷︹︻︽︿﹁﹃﹇([{«‹")  # opening marks
NEVER_SPLIT = frozenset("—―…‥⋯")  # runs of these are one mark: —— ……


def is_cjk(ch: str) -> bool:
    """Whether ``ch`` is a CJK character or mark (ideographs, CJK symbols, full-width forms)."""
    if not ch:
        return False
    cp = ord(ch[0])
    return 0x2E80 <= cp <= 0x9FFF or 0xF900 <= cp <= 0xFAFF or 0xFF00 <= cp <= 0xFFEF or 0x20000 <= cp <= 0x3FFFF
