"""Plain text (.txt) reader: decode, split lines, remember the line ending."""
from __future__ import annotations

from ..document import Document
from ..patterns import compile_pattern
from .decode import decode_bytes
from .directives import apply_directives

_LINE_BREAK = compile_pattern(r"\r\n|\r|\n")


def split_text(text: str) -> tuple[list[str], str, bool]:
    r"""Lines, the dominant line ending and whether the text ended with one. Only CR, LF and
    CRLF end a line (``str.splitlines`` would also split at U+001C, U+0085, U+2028 …).

    >>> split_text("甲\x1c乙\r\n丙\r\n")
    (['甲\x1c乙', '丙'], '\r\n', True)
    """
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf and crlf >= text.count("\n") - crlf else "\n"
    lines = _LINE_BREAK.split(text)
    ends = text.endswith(("\n", "\r"))
    if ends or lines == [""]:
        lines.pop()
    return lines, newline, ends


def read_text(data: bytes, source: str, fmt: str = "txt") -> Document:
    text, encoding = decode_bytes(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    lines, newline, ends = split_text(text)
    doc = Document.from_lines(lines, source=source, fmt=fmt)
    doc.meta.encoding = encoding
    doc.newline, doc.trailing_newline = newline, ends or not lines
    doc.source_text = text
    apply_directives(doc)
    return doc
