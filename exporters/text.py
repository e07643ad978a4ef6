"""Plain text and Markdown: the cleaned document itself (``Document.to_text``).

Markdown output marks headings that came from plain text with ``#`` by level (headings read from
Markdown keep their own markup).

>>> from jingwen.cleaner.model.document import Block, Document
>>> doc = Document([Block("一、总则", 1, kind="heading", level=1), Block("正文。", 3, gap=1)])
>>> render_md(doc).decode()
'# 一、总则\\n\\n正文。\\n'
"""
from __future__ import annotations

from jingwen.cleaner.model.document import HEADING, Document, replace
from jingwen.exporters.content import Content
from jingwen.exporters.options import ExportOptions


def render_txt(doc: Document, options: ExportOptions | None = None, content: Content | None = None) -> bytes:
    """The cleaned text, UTF-8, with the source's line endings."""
    return doc.to_text().encode("utf-8")


def render_md(doc: Document, options: ExportOptions | None = None, content: Content | None = None) -> bytes:
    """The cleaned text with Markdown headings."""
    blocks = [replace(b, prefix="#" * min(max(b.level, 1), 6) + " ")
              if b.kind == HEADING and not b.prefix else b for b in doc.blocks]
    return replace(doc, blocks=blocks).to_text().encode("utf-8")
