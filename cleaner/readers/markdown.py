"""Markdown (.md) reader: like text, but front matter and fenced or indented code are verbatim,
and ATX headings become Heading blocks whose ``#`` markup is kept as the block's prefix.

>>> doc = read_markdown("---\\ntitle: 例\\n---\\n# 第一章\\n```\\n查看更多\\n```\\n".encode(), "a.md")
>>> [(b.kind, b.prefix, b.text) for b in doc.blocks][3:6]
[('heading', '# ', '第一章'), ('verbatim', '', '```'), ('verbatim', '', '查看更多')]
"""
from __future__ import annotations

from jingwen.cleaner.model.document import HEADING, VERBATIM, Document
from jingwen.cleaner.patterns import compile_pattern
from jingwen.cleaner.readers.code_blocks import FENCE, closes
from jingwen.cleaner.readers.text import read_text

ATX = compile_pattern(r"^(?P<prefix>#{1,6}[ \t]+)(?P<text>.*?)(?P<close>[ \t]+#+)?[ \t]*$")


def read_markdown(data: bytes, source: str) -> Document:
    return mark_markdown(read_text(data, source, fmt="md"))


def mark_markdown(doc: Document) -> Document:
    """Mark a text document's front matter and code verbatim and its ATX headings as headings
    (in place; returned). The pieces of a large Markdown file go through here too."""
    fence: str | None = None
    in_indented_code = False
    in_front_matter = bool(doc.blocks) and doc.blocks[0].line == 1 and doc.blocks[0].text.strip() == "---"
    for i, block in enumerate(doc.blocks):
        if in_front_matter:
            block.kind = VERBATIM
            if i and block.text.strip() in ("---", "..."):
                in_front_matter = False
            continue
        m = FENCE.match(block.text)
        if fence is not None:
            block.kind = VERBATIM
            if closes(fence, block.text):
                fence = None
            continue
        if m:
            fence = m.group("fence")
            block.kind = VERBATIM
            continue
        indented = block.text.startswith(("    ", "\t"))
        if indented and (block.gap or i == 0 or in_indented_code):
            block.kind = VERBATIM  # indented code block (after a blank line, or its continuation)
            in_indented_code = True
            continue
        in_indented_code = False
        h = ATX.match(block.text)
        if h:
            block.kind, block.level = HEADING, len(h.group("prefix").strip())
            block.prefix, block.text = h.group("prefix"), h.group("text") + (h.group("close") or "")
    return doc
