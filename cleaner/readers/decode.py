"""Bytes to text: which encoding a scraped file is in.

Order of evidence: a byte-order mark (UTF-8, UTF-16, UTF-32); strict UTF-8; then the Chinese
legacy encodings GB18030 (a superset of GBK and GB2312) and Big5, choosing between them by how
much of the result is common Chinese text; then charset-normalizer's best guess. Binary input
(NUL bytes, control characters) is refused rather than decoded into garbage.

>>> decode_bytes("第一章　总则".encode("gb18030"))[1]
'gb18030'
>>> decode_bytes("第一章　總則".encode("big5"))[1]
'big5'
"""
from __future__ import annotations

import codecs
import unicodedata

from jingwen.cleaner.model.errors import InputError

_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_SAMPLE = 65536


def _looks_binary(data: bytes) -> bool:
    sample = data[:_SAMPLE]
    if b"\x00" in sample:
        return True
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > max(8, len(sample) // 100)


looks_binary = _looks_binary  # for conversion alone, which streams UTF-8 without this module's decoding


def _controls(text: str) -> int:
    return sum(1 for ch in text if (ord(ch) < 32 and ch not in "\t\n\r\f\x1b") or ch in "\ufffe\uffff")


def _mostly_utf8(data: bytes) -> bool:
    """Valid multi-byte UTF-8 sequences with only a few broken bytes: damaged UTF-8, which
    another encoding would turn into mojibake."""
    sample = data[: 4 * _SAMPLE]
    text = sample.decode("utf-8", errors="replace")
    broken = text.count("\ufffd")
    multibyte = sum(1 for ch in text if ord(ch) > 0x7F and ch != "\ufffd")
    return multibyte >= 8 and broken * 50 <= multibyte


def _plausibility(text: str) -> float:
    """Share of characters that are ordinary text: CJK ideographs in the main block, ASCII
    letters, digits, punctuation and spaces. Garbage decodes land in rare blocks."""
    if not text:
        return 0.0
    good = 0
    for ch in text:
        o = ord(ch)
        if 0x4E00 <= o <= 0x9FFF or ch.isascii() or 0x3000 <= o <= 0x303F or 0xFF00 <= o <= 0xFFEF:
            good += 1
        elif unicodedata.category(ch).startswith("P"):
            good += 1
    return good / len(text)


def _common_chinese(text: str) -> float:
    """How typical the Han characters are: share among the 1000 most frequent."""
    from jingwen.cleaner.readers.common_chars import common

    COMMON = common()

    han = [ch for ch in text if "\u4e00" <= ch <= "\u9fff"]
    if not han:
        return 0.0
    return sum(ch in COMMON for ch in han) / len(han)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    r"""UTF-16 text saved without a byte-order mark (Windows "Unicode" files cut from a
    larger one): its NULs are the high bytes of ASCII characters, nearly all at odd offsets
    (little-endian) or at even ones (big-endian), and it decodes to ordinary text.

    >>> _utf16_without_bom("第一章 总则\n施行。\n".encode("utf-16-le"))[1]
    'utf-16-le'
    >>> _utf16_without_bom(b"abc\x00def") is None
    True
    """
    if len(data) % 2:
        return None
    sample = data[:_SAMPLE]
    odd, even = sample[1::2].count(b"\x00"), sample[0::2].count(b"\x00")
    if odd >= 2 and odd > 2 * even:  # a Han character may have a 00 low byte (开 U+5F00)
        name = "utf-16-le"
    elif even >= 2 and even > 2 * odd:
        name = "utf-16-be"
    else:
        return None
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return None
    if "\x00" in text or _controls(text[:_SAMPLE]) or _plausibility(text[:_SAMPLE]) < 0.9:
        return None
    return text, name


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise InputError with the reason."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            try:
                text = data.decode(name)
            except UnicodeDecodeError as e:
                raise InputError(f"{name} byte-order mark but invalid {name} at byte {e.start}") from None
            if _controls(text[:_SAMPLE]) > max(0, len(text[:_SAMPLE]) // 100):
                raise InputError(f"binary data behind a {name} byte-order mark (NUL or control characters)")
            return text, name
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if _looks_binary(data):
        raise InputError("binary data, not text (NUL or control bytes)")
    nul = data.find(b"\x00")
    if nul >= 0:  # past the sample: a NUL in text would be dropped or kept unseen further on
        raise InputError(f"binary data, not text (NUL byte at offset {nul})")
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError as utf8_error:
        utf8_error_at = utf8_error.start
    if _mostly_utf8(data):
        raise InputError(f"invalid UTF-8 at byte offset {utf8_error_at} in otherwise UTF-8 text")
    candidates = []
    for name in ("gb18030", "big5"):
        try:
            text = data.decode(name)
        except UnicodeDecodeError:
            continue
        candidates.append((_plausibility(text[:_SAMPLE]) + _common_chinese(text[:_SAMPLE]), name, text))
    if candidates:
        score, name, text = max(candidates)
        if score > 1.2:
            return text, name
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - declared dependency
        from_bytes = None
    if from_bytes is not None:
        best = from_bytes(data[: 4 * _SAMPLE]).best()
        if best is not None and best.encoding:
            try:
                text = data.decode(best.encoding)
            except (UnicodeDecodeError, LookupError):
                text = None
            if text is not None and _plausibility(text[:_SAMPLE]) > 0.9:
                return text, best.encoding
    raise InputError(f"not valid UTF-8 (bad byte at offset {utf8_error_at}) and no other encoding fits")
