"""Plain text (.txt) reader: decode, split lines, remember the line ending."""
from __future__ import annotations

from jingwen.cleaner.model.document import Document
from jingwen.cleaner.patterns import compile_pattern
from jingwen.cleaner.readers.code_blocks import mark_code_blocks
from jingwen.cleaner.readers.decode import decode_bytes
from jingwen.cleaner.readers.directives import apply_directives

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


def text_document(text: str, source: str = "<text>", fmt: str = "txt", first_line: int = 1) -> Document:
    r"""A decoded text as a document: a leading BOM dropped, lines split at CR, LF and CRLF, the
    line ending kept, code blocks marked verbatim (``code_blocks``), ``jingwen:`` directives
    applied. Files, the pieces of large files and corpus
    records are all read through here (``first_line``: where the piece starts in its file).

    >>> doc = text_document("\ufeff甲\r\n乙\r\n", first_line=10)
    >>> [(b.text, b.line) for b in doc.blocks], doc.newline
    ([('甲', 10), ('乙', 11)], '\r\n')
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    lines, newline, ends = split_text(text)
    doc = Document.from_lines(lines, source=source, fmt=fmt)
    if first_line != 1:
        for block in doc.blocks:
            block.line += first_line - 1
    doc.newline, doc.trailing_newline = newline, ends or not lines
    if fmt == "txt":
        mark_code_blocks(doc)
    apply_directives(doc)
    return doc


def read_text(data: bytes, source: str, fmt: str = "txt") -> Document:
    """A text file's bytes as a document (the encoding detected, see ``decode``)."""
    text, encoding = decode_bytes(data)
    doc = text_document(text, source, fmt)
    doc.meta.encoding = encoding
    doc.source_text = text[1:] if text.startswith("\ufeff") else text
    return doc
