"""Mojibake repair: Chinese text whose bytes were decoded with the wrong codec.

Two families reach us from scraped pages:

* UTF-8 bytes decoded as GBK/GB18030 or Big5: ``鍙戝竷`` for ``发布``, ``锛屾`` for ``，``;
* bytes decoded as Latin-1/Windows-1252: UTF-8 (``å\\x8f\\x91`` for ``发``), GBK (``·¢²¼`` for
  ``发布``) or Big5, possibly twice (``Ã¥Â…Â¬`` for ``公``).

A suspicious run is encoded back with the wrong codec and decoded with the right one; the repair
is kept only when the result is clearly better Chinese than what was there (most of its
characters are among the common characters of GB 2312 level 1 or Big5's frequent block, while the
run itself was made of rare characters, Latin-1 symbols, C1 controls or private-use characters).
Correct text is never touched: a run of common characters is never tried, and rare ones must
decode strictly into common ones.

>>> fix_mojibake("鍏充簬鍗板彂")
'关于印发'
>>> fix_mojibake("·¢²¼ÐÂ°æ±¾")
'发布新版本'
>>> fix_mojibake("发布新版本")
'发布新版本'
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from itertools import product

from jingwen.cleaner.patterns import cached, compile_pattern
from jingwen.cleaner.readers.common_chars import BIG5_TRAILS, GB2312_TRAILS, chars_of, common

__all__ = ["fix_mojibake", "looks_like_mojibake"]

# Windows-1252's characters in 0x80-0x9F; the five holes (81 8D 8F 90 9D) decode, in browsers and
# other "sloppy" decoders, to the C1 control of the same number, as in Latin-1.
_CP1252_HIGH = {bytes([b]).decode("cp1252"): b for b in range(0x80, 0xA0) if b not in (0x81, 0x8D, 0x8F, 0x90, 0x9D)}
_CP1252_LOST = (0x81, 0x8D, 0x8F, 0x90, 0x9D)  # what a strict cp1252 decoder turned into U+FFFD
_SPECIALS = "".join(sorted(_CP1252_HIGH))
_LATIN_CLASS = "\u0080-\u00ff" + re.escape(_SPECIALS) + "\ufffd"
# a Latin-1/cp1252 run: two high characters in a row (UTF-8 lead + continuation, or a GBK pair)
# GBK and Big5 trail bytes may be ASCII letters and symbols (0x40-0x7E): a run may hold them
_LATIN_RUN = compile_pattern(f"(?:[{_LATIN_CLASS}][@-~]?){{2,}}")
_LATIN_QUICK = compile_pattern(f"[\u00a1-\u00ff][@-~]?[{_LATIN_CLASS}]")
# runs of mis-decoded CJK end at ASCII and at the full-width marks that normalization makes of
# ASCII ones: a run must not change when a neighbouring "(" turns into "（"
_NON_ASCII_RUN = compile_pattern(r"[^\x00-\x7f，：；？！（）～]+")
REPLACEMENT = "\ufffd"
MIN_HAN = 2  # a repair must give at least this many CJK characters
MAX_DEPTH = 3  # text mis-decoded up to three times over


@lru_cache(maxsize=1)
def _cjk_quick() -> re.Pattern:
    """Characters that UTF-8 lead+continuation bytes become when decoded as GBK or Big5: every
    mis-decoded run of two or more CJK characters contains one; correct text rarely does. The
    characters are remembered in the pattern cache: decoding them costs more than a small file's
    cleaning."""
    chars = cached("mojibake", "utf8-as-gbk-big5", _utf8_lead_pairs)
    return compile_pattern("[" + re.escape(chars) + "\ue000-\uf8ff]")


def _utf8_lead_pairs() -> str:
    """What UTF-8 lead + continuation bytes decode to as GBK or Big5, sorted."""
    gbk = chars_of("gbk", range(0xE3, 0xF0), range(0x80, 0xC0))
    big5 = chars_of("big5", range(0xE3, 0xF0), range(0xA1, 0xC0))
    return "".join(sorted(gbk | big5))


@lru_cache(maxsize=1)
def _rare_known() -> frozenset[str]:
    """Han characters of GB 2312 level 2 and Big5's less frequent block: real, but rare."""
    chars = chars_of("gb2312", range(0xD8, 0xF8), GB2312_TRAILS) | chars_of("big5", range(0xC9, 0xFA), BIG5_TRAILS)
    return frozenset(chars - common())


_CJK_PUNCT = set("，。、；：？！“”‘’（）《》〈〉「」『』【】〔〕…—～·・　")


@lru_cache(maxsize=65536)
def _char_score(ch: str) -> float:
    """How much a character looks like it belongs in Chinese text (per non-ASCII character)."""
    if ch in common() or ch in _CJK_PUNCT:
        return 1.0
    if ch == REPLACEMENT:
        return -1.0
    o = ord(ch)
    if ch in _rare_known():
        return 0.0
    if 0x3400 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or o >= 0x20000:
        return -0.5  # CJK outside the national character sets' common blocks
    if 0x3040 <= o <= 0x30FF:
        return -0.5  # kana: GBK's rows A4/A5 in mis-decoded UTF-8
    if 0x3000 <= o <= 0x303F or 0xFF01 <= o <= 0xFF5E:
        return 0.5
    if 0x80 <= o <= 0x9F or 0xE000 <= o <= 0xF8FF:
        return -2.0  # C1 control, private use
    if 0xA0 <= o <= 0xBF or ch in _CP1252_HIGH:
        return -1.0  # Latin-1 symbols and Windows-1252 specials
    if unicodedata.category(ch).startswith("L") and o < 0x3000:
        return -0.5  # Latin-1 letters, Greek, Cyrillic, Arabic: odd in a Chinese run
    return -0.25


@lru_cache(maxsize=1)
def _script_sets() -> tuple[frozenset[str], frozenset[str]]:
    """GB 2312 level 1 (Simplified) and Big5's frequent block (Traditional), apart."""
    from jingwen.cleaner.readers.common_chars import _big5_frequent, _gb2312_level1

    return frozenset(_gb2312_level1()), frozenset(_big5_frequent())


def _quality(text: str) -> float:
    """Mean score of the non-ASCII characters (U+FFFD, a character already lost, not counted),
    with Han characters counted as common only in one script at a time: correct text keeps to
    Simplified or Traditional, a mis-decoded run mixes both with rare characters."""
    chars = [ch for ch in text if ord(ch) > 0x7F and ch != REPLACEMENT]
    if not chars:
        return 0.0
    simplified, traditional = _script_sets()
    best = None
    for script_common in (simplified, traditional):
        total = 0.0
        for ch in chars:
            score = _char_score(ch)
            if score == 1.0 and ch not in _CJK_PUNCT and ch not in script_common:
                score = 0.25  # common only in the other script
            total += score
        best = total if best is None else max(best, total)
    return best / len(chars)


def _han_count(text: str) -> int:
    return sum(1 for ch in text if "\u3400" <= ch <= "\u9fff")


def looks_like_mojibake(text: str) -> bool:
    """Whether ``text`` holds a run that the repair would try (fast; no decoding).

    >>> looks_like_mojibake("鍙戝竷"), looks_like_mojibake("发布")
    (True, False)
    """
    return bool(_LATIN_QUICK.search(text) or _cjk_quick().search(text))


# ---------------------------------------------------------------------------------------------
# the byte level: a wrong decode undone, lost bytes marked as holes (None)

def _latin_bytes(text: str) -> list[int | None] | None:
    """The bytes a Latin-1/Windows-1252 decoder turned into ``text`` (None where it wrote U+FFFD)."""
    out: list[int | None] = []
    for ch in text:
        o = ord(ch)
        if o < 0x100:
            out.append(o)
        elif ch in _CP1252_HIGH:
            out.append(_CP1252_HIGH[ch])
        elif ch == REPLACEMENT:
            out.append(None)
        else:
            return None
    return out


MAX_EURO_READINGS = 64


def _cjk_bytes(text: str, codec: str) -> list[list[int | None]]:
    """The byte sequences a GBK/GB18030 or Big5 decoder may have turned into ``text``: € is
    GB18030's A2 E3, or the single byte 0x80 as Windows and browsers decode GBK; each reading
    of the €s is one sequence (None marks a byte that decoder replaced by U+FFFD)."""
    pieces: list[list[int | None]] = []
    euros: list[int] = []
    for ch in text:
        if ch == REPLACEMENT:
            pieces.append([None])
            continue
        if ch == "\u20ac" and codec == "gb18030":
            euros.append(len(pieces))
            pieces.append([0x80])
            continue
        try:
            pieces.append(list(ch.encode(codec)))
        except UnicodeEncodeError:
            return []
    if not euros:
        return [[b for piece in pieces for b in piece]]
    readings = product(([0x80], [0xA2, 0xE3]), repeat=len(euros)) if 2 ** len(euros) <= MAX_EURO_READINGS \
        else [([0x80],) * len(euros), ([0xA2, 0xE3],) * len(euros)]
    out = []
    for reading in readings:
        for position, piece in zip(euros, reading, strict=True):
            pieces[position] = piece
        out.append([b for piece in pieces for b in piece])
    return out


def _decode_with_holes(data: list[int | None], codec: str, lost_ok) -> str | None:
    """Decode ``data`` strictly. A hole (a byte the wrong decoder replaced by U+FFFD) is filled
    when exactly one candidate byte (``lost_ok(byte, index)`` says which the wrong decoder would
    have lost there) gives a common character; otherwise that character stays U+FFFD. None when
    the bytes are not ``codec`` at all."""
    holes = [i for i, b in enumerate(data) if b is None]
    if not holes:
        try:
            return bytes(data).decode(codec)  # type: ignore[arg-type]
        except UnicodeDecodeError:
            return None
    if codec != "utf-8":
        return _decode_legacy_with_holes(data, codec, holes)
    filled = list(data)
    for i in holes:
        good = []
        for candidate in range(0x80, 0x100):
            if not lost_ok(candidate, i):
                continue
            filled[i] = candidate
            ch = _char_around(filled, i)
            if ch is not None and _char_score(ch) >= 1.0:
                good.append(candidate)
        filled[i] = good[0] if len(good) == 1 else None
    out = []
    for ch, start, end in _utf8_chars(filled):
        if ch == REPLACEMENT and out and out[-1] == REPLACEMENT and None not in filled[start:end]:
            continue  # the rest of a character whose byte was lost: one U+FFFD for it
        out.append(ch)
    return "".join(out)


def _decode_legacy_with_holes(data: list[int | None], codec: str, holes: list[int]) -> str | None:
    """GBK/Big5 bytes read through Windows-1252 with holes: the one filling of at most three
    holes (each one of cp1252's five undefined bytes) that decodes into the best text."""
    if len(holes) > 3:
        return None
    results = []
    for combo in product(_CP1252_LOST, repeat=len(holes)):
        filled = list(data)
        for i, b in zip(holes, combo, strict=True):
            filled[i] = b
        try:
            text = bytes(filled).decode(codec)  # type: ignore[arg-type]
        except UnicodeDecodeError:
            continue
        results.append((_quality(text), text))
    results.sort(reverse=True)
    if results and (len(results) == 1 or results[0][0] > results[1][0]):
        return results[0][1]
    return None


def _utf8_chars(data: list[int | None]):
    """UTF-8 decoding with holes: ``(char, start, end)``; U+FFFD for a byte that starts no valid
    character and for a character that covers a hole."""
    i, n = 0, len(data)
    while i < n:
        lead = data[i]
        if lead is None:
            yield REPLACEMENT, i, i + 1
            i += 1
            continue
        length = 1 if lead < 0x80 else 2 if 0xC2 <= lead < 0xE0 else 3 if 0xE0 <= lead < 0xF0 else \
            4 if 0xF0 <= lead < 0xF5 else 0
        piece = data[i:i + length]
        if length == 0 or len(piece) < length:
            yield REPLACEMENT, i, i + 1
            i += 1
            continue
        if None in piece:
            if all(b is None or 0x80 <= b < 0xC0 for b in piece[1:]):
                yield REPLACEMENT, i, i + length
                i += length
            else:
                yield REPLACEMENT, i, i + 1
                i += 1
            continue
        try:
            yield bytes(piece).decode("utf-8"), i, i + length  # type: ignore[arg-type]
            i += length
        except UnicodeDecodeError:
            yield REPLACEMENT, i, i + 1
            i += 1


def _char_around(data: list[int | None], i: int) -> str | None:
    """The UTF-8 character that covers byte ``i``, if the bytes around it form one."""
    start = i
    while start > 0 and i - start < 3 and data[start] is not None and 0x80 <= data[start] < 0xC0:  # type: ignore[operator]
        start -= 1
    lead = data[start]
    if lead is None:
        return None
    length = 3 if 0xE0 <= lead < 0xF0 else 2 if 0xC0 <= lead < 0xE0 else 4 if lead >= 0xF0 else 1
    piece = data[start:start + length]
    if not start <= i < start + length or len(piece) != length or any(b is None for b in piece):
        return None
    try:
        return bytes(piece).decode("utf-8")  # type: ignore[arg-type]
    except UnicodeDecodeError:
        return None


# ---------------------------------------------------------------------------------------------
# runs: which part of a line to try, and whether the result is better

_LATIN_TARGETS = ("utf-8", "gb18030", "big5")


def _cp1252_lost(byte: int, i: int) -> bool:
    return byte in _CP1252_LOST


def _lost_by(wrong: str, data: list[int | None], after: int | None):
    """Which bytes ``wrong`` would have turned into U+FFFD at a hole: a lead byte that did not
    pair with the byte after it."""
    def lost_ok(byte: int, i: int) -> bool:
        nxt = data[i + 1] if i + 1 < len(data) else after
        if nxt is None:
            return bytes([byte]).decode(wrong, "replace")[:1] == REPLACEMENT
        return bytes([byte, nxt]).decode(wrong, "replace")[:1] == REPLACEMENT
    return lost_ok


def _candidates(run: str, after: str) -> list[str]:
    """Every way ``run`` decodes once its wrong decode is undone (``after``: the next character
    of the line, which a lost lead byte may have been refused with)."""
    out = []
    latin = _latin_bytes(run)
    if latin is not None:
        for codec in _LATIN_TARGETS:
            text = _decode_with_holes(latin, codec, _cp1252_lost)
            if text is not None:
                out.append(text)
    else:
        next_byte = ord(after) if after and ord(after) < 0x80 else None
        for wrong in ("gb18030", "big5"):
            lost_wrong = "gbk" if wrong == "gb18030" else wrong
            for data in _cjk_bytes(run, wrong):
                text = _decode_with_holes(data, "utf-8", _lost_by(lost_wrong, data, next_byte))
                if text is None:
                    continue
                if wrong == "big5" and sum(c.isascii() for c in text) > sum(c.isascii() for c in run):
                    break  # Big5 punctuation ；，ｖ… has ASCII trail bytes: letters out of it are a stretch
                out.append(text)
                break
    return [t for t in out if t != run]


def _best_repair(run: str, after: str, depth: int = MAX_DEPTH) -> tuple[str, float] | None:
    """The best decode of ``run`` (followed through repeated mis-decoding) and its quality."""
    if depth == 0:
        return None
    best: tuple[str, float] | None = None
    for text in _candidates(run, after):
        score = _quality(text)
        if score < 0.75 and _LATIN_QUICK.search(text):
            deeper = _best_repair(text, after, depth - 1)
            if deeper is not None and deeper[1] > score:
                text, score = deeper
        if best is None or score > best[1]:
            best = (text, score)
    return best


_LATIN_LETTER = compile_pattern("[\u00c0-\u00ff]")


LONG_RUN = 6  # characters: a run this long that decodes strictly is mis-decoded beyond doubt


def _repair_run(run: str, after: str, relaxed: bool) -> str:
    before = _quality(run)
    long_run = len(run) >= LONG_RUN
    if before >= (0.85 if long_run else 0.7) or len(set(run)) == 1:
        return run  # good text, or a repeated mark (××××, masking a name)
    if not relaxed and run[0] < "\u0100" and not _LATIN_LETTER.search(run) and (
            sum(ch >= "\x80" for ch in run) < 3 or len(set(run)) < 3):
        return run  # a few Latin-1 symbols (°±, ½¼, x²) are real symbols unless the text has mojibake
    min_han = 1 if relaxed else MIN_HAN
    found = _best_repair(run, after)
    if found is None:
        return run
    text, score = found
    gain = 0.1 if long_run and score >= 0.9 else 0.4
    if (score >= 0.75 and score - before >= gain and _han_count(text) >= min_han
            and text.count(REPLACEMENT) <= run.count(REPLACEMENT)
            and text.count(REPLACEMENT) * 3 <= len(text)):
        return text
    return run


@lru_cache(maxsize=65536)
def _utf8_compatible(ch: str) -> bool:
    """Could ``ch`` (as GBK/Big5 bytes) be a piece of UTF-8? Both bytes must be UTF-8 lead or
    continuation bytes, and not two leads in a row."""
    if ch == REPLACEMENT or ch == "\u20ac" or "\ue000" <= ch <= "\uf8ff":
        return True
    for codec in ("gb18030", "big5"):
        try:
            data = ch.encode(codec)
        except UnicodeEncodeError:
            continue
        if len(data) != 2:
            continue
        lead, trail = data
        if all(0x80 <= b <= 0xBF or 0xC2 <= b <= 0xF4 for b in data) and not (lead >= 0xC2 and trail >= 0xC2):
            return True
    return False


def _cjk_runs(text: str):
    """Spans of ``text`` that may be UTF-8 decoded as GBK/Big5: whole runs of non-ASCII text
    every character of which can be a piece of UTF-8 (mis-decoded text does not sit glued to
    correct Chinese; a run with one impossible character is correct text)."""
    quick = _cjk_quick()
    for m in _NON_ASCII_RUN.finditer(text):
        run = m.group()
        if len(run) >= 2 and quick.search(run) and all(_utf8_compatible(ch) for ch in run):
            yield m.start(), m.end()


def _fix_once(text: str, relaxed: bool) -> str:
    if _LATIN_QUICK.search(text):
        text = _LATIN_RUN.sub(lambda m: _repair_run(m.group(), m.string[m.end():m.end() + 1], relaxed), text)
    if _cjk_quick().search(text):
        pieces, last = [], 0
        for start, end in _cjk_runs(text):
            pieces.append(text[last:start])
            pieces.append(_repair_run(text[start:end], text[end:end + 1], relaxed))
            last = end
        pieces.append(text[last:])
        text = "".join(pieces)
    return text


def fix_mojibake(text: str, relaxed: bool = False) -> str:
    """Repair the runs of ``text`` that are Chinese decoded with the wrong codec.

    Once one run is repaired with confidence (two or more characters, Latin-1 letters among
    them), the rest of the text is repaired ``relaxed``: single characters and runs of Latin-1
    symbols too (``·¢²¼`` is 发布, but ``°±²³`` alone is a row of symbols). Pass ``relaxed=True``
    for a line of a document whose other lines needed repair.

    >>> fix_mojibake("2023å¹´ç\x89\x88æ\x9c¬")
    '2023年版本'
    """
    if not looks_like_mojibake(text):
        return text
    original = text
    for _ in range(MAX_DEPTH):
        fixed = _fix_once(text, relaxed)
        if fixed == text:
            break
        text = fixed
    if text != original and not relaxed:
        for _ in range(MAX_DEPTH):
            fixed = _fix_once(text, True)
            if fixed == text:
                break
            text = fixed
    return text
