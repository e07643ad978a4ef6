"""The ``norm.invisible`` step: zero-width characters, BOM, soft hyphens, control characters and
stray direction marks removed, odd spaces made ASCII, text composed to NFC (``发\\u200b布`` → ``发布``)."""
from __future__ import annotations

import unicodedata

from jingwen.cleaner.normalize.lazy_regex import LazyRegex
from jingwen.cleaner.patterns import compile_pattern

_C0_C1 = "\x00-\x08\x0b-\x1f\x7f-\x9f"
_INVISIBLE = compile_pattern(f"[{_C0_C1}\u00ad\u180e\u200b\u2060\ufeff\ufff9-\ufffb]")
_NOT_JOINED = r"[^\x00-\x7f\u2e80-\u9fff\uf900-\uffef]"  # emoji, Indic, Arabic: where joiners mean something
_JOINERS = LazyRegex(rf"(?<!{_NOT_JOINED})[\u200c\u200d]|[\u200c\u200d](?!{_NOT_JOINED})")
_BIDI = compile_pattern("[\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_RTL = compile_pattern("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufefc]")
_ODD_SPACES = compile_pattern("[\u00a0\u2000-\u200a\u202f\u205f]")
_INVISIBLE_QUICK = compile_pattern(
    f"[{_C0_C1}\u00a0\u00ad\u180e\u2000-\u200f\u202a-\u202f\u205f-\u2069\ufeff\ufff9-\ufffb]")
# characters that leave a text unchanged by NFC whatever surrounds them (no combining class, no
# decomposition, never the second of a composed pair): ASCII, Latin-1, Chinese, its marks
NFC_STABLE = "\x00-\u02ff\u2010-\u2027\u3000-\u3029\u3030-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff01-\uffef"
# a line without a character outside these (NFC-stable, and none that _INVISIBLE_QUICK finds) is
# left as it is: one class, which the engine scans for at C speed
QUICK = ("[^\t\n -~\u00a1-\u00ac\u00ae-\u02ff\u2010-\u2027\u3000-\u3029\u3030-\u303f\u3400-\u4dbf\u4e00-\u9fff"
         "\uff01-\uffef]")


def strip_invisible(text: str) -> str:
    """Remove zero-width characters, BOM, soft hyphens, C0/C1 controls (tab kept) and stray
    direction marks; odd spaces (no-break, en, thin) become ASCII spaces; compose to NFC.
    A zero-width joiner between emoji or in scripts that need it stays.

    >>> strip_invisible("发\\u200b布\\u00ad会\\u00a0时间")
    '发布会 时间'
    """
    if _INVISIBLE_QUICK.search(text):
        text = _INVISIBLE.sub("", text)
        text = _JOINERS.sub("", text)
        if not _RTL.search(text):
            text = _BIDI.sub("", text)
        text = _ODD_SPACES.sub(" ", text)
    if not text.isascii() and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text
