"""Plain text (.txt) reader: decode, split lines, remember the line ending."""
from __future__ import annotations

from ..document import Document
from .decode import decode_bytes
from .directives import apply_directives


def split_text(text: str) -> tuple[list[str], str, bool]:
    """Lines, the dominant line ending and whether the text ended with one."""
    crlf = text.count("\r\n")
    newline = "\r\n" if crlf and crlf >= text.count("\n") - crlf else "\n"
    lines = text.splitlines()
    ends = text.endswith(("\n", "\r"))
    return lines, newline, ends


def read_text(data: bytes, source: str, fmt: str = "txt") -> Document:
    text, encoding = decode_bytes(data)
    if text.startswith("\ufeff"):
        text = text[1:]
    lines, newline, ends = split_text(text)
    doc = Document.from_lines(lines, source=source, fmt=fmt)
    doc.meta.encoding = encoding
    doc.newline, doc.trailing_newline = newline, ends or not lines
    apply_directives(doc)
    return doc
