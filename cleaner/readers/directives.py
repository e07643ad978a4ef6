"""Inline directives that protect text from cleaning, in any text format.

``jingwen: off`` … ``jingwen: on`` protect a region; ``jingwen: ignore RULE[,RULE]`` switches
rules off for the next block. In Markdown and HTML they are comments:
``<!-- jingwen: off -->``. Directive lines themselves are kept verbatim.

>>> from jingwen.cleaner.model.document import Document
>>> doc = Document.from_lines(["<!-- jingwen: off -->", "查看更多", "<!-- jingwen: on -->", "查看更多"])
>>> apply_directives(doc)
>>> [(b.text, b.protected) for b in doc.blocks]
[('<!-- jingwen: off -->', True), ('查看更多', True), ('<!-- jingwen: on -->', True), ('查看更多', False)]
"""
from __future__ import annotations

import re

from jingwen.cleaner.model.document import VERBATIM, Document
from jingwen.cleaner.patterns import compile_pattern

DIRECTIVE = compile_pattern(
    r"^\s*(?:<!--|#|//)?\s*jingwen:\s*(?P<verb>off|on|ignore)\b(?P<args>[^>]*?)\s*(?:-->)?\s*$",
    re.IGNORECASE,
)


def apply_directives(doc: Document) -> None:
    """Mark protected blocks and per-block ignored rules, in place."""
    off = False
    pending_ignore: frozenset[str] = frozenset()
    for block in doc.blocks:
        m = DIRECTIVE.match(block.text) if "jingwen" in block.text else None
        if m:
            verb = m.group("verb").lower()
            block.kind, block.protected = VERBATIM, True
            if verb == "off":
                off = True
            elif verb == "on":
                off = False
            else:
                pending_ignore = frozenset(r for r in re.split(r"[\s,]+", m.group("args")) if r)
            continue
        if off:
            block.protected = True
        if pending_ignore:
            block.ignore = block.ignore | pending_ignore
            pending_ignore = frozenset()
