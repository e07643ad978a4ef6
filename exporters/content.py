"""What every exporter prints, read once from a ``Document``: title, headings, paragraphs, metadata.

The document's first block is its title when it repeats ``meta.title`` (the cleaner keeps the
title once, as the first line); headings are ``kind="heading"`` blocks, levels clamped to 1–3;
paragraph text loses the leading indentation (``　　``) that exporters draw themselves. A
document typeset for Taiwan or Hong Kong gets the corner brackets 「」『』 of those regions for its
curly quotes, unless ``quotes="curly"`` (``--quotes curly``): a typesetting choice, the cleaned
text itself keeps its quotes.

>>> from jingwen.cleaner.model.document import Block, Document
>>> doc = Document([Block("通知", 1), Block("一、总则", 2, kind="heading", level=1),
...                 Block("　　本办法自发布之日起施行。", 3)])
>>> doc.meta.title = "通知"
>>> c = read_content(doc)
>>> c.title, [(i.kind, i.text) for i in c.items]
('通知', [('title', '通知'), ('heading', '一、总则'), ('paragraph', '本办法自发布之日起施行。')])
>>> c.language, c.subject
('zh-CN', '本办法自发布之日起施行。')
>>> doc = Document([Block("他說：“好”。", 1)])
>>> doc.meta.language = "zh-TW"
>>> read_content(doc).items[0].text, read_content(doc, quotes="curly").items[0].text
('他說：「好」。', '他說：“好”。')
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from jingwen.cleaner.model.document import HEADING, VERBATIM, Document
from jingwen.cleaner.model.quotes import convert_quotes
from jingwen.exporters.fonts import language_of, region_of

TITLE, PARAGRAPH, VERBATIM_ITEM = "title", "paragraph", "verbatim"
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_SENTENCE = re.compile(r"^.*?[。！？!?；;](?=[^”’」』）)]|$)")


@dataclass(frozen=True)
class Item:
    """One printable block: ``kind`` is title, heading, paragraph or verbatim."""

    kind: str
    text: str
    level: int = 0  # 1–3 for headings
    anchor: str = ""  # a stable id for links and bookmarks: "h1", "h2"...


@dataclass
class Content:
    items: list[Item]
    title: str  # never empty: the document's title, else its first heading, else the file name
    author: str | None
    subject: str
    language: str  # zh-CN, zh-TW or zh-HK
    region: str  # CN, TW or HK
    has_title: bool = False  # the first item is the title
    chars: frozenset[str] = field(default_factory=frozenset)

    @property
    def headings(self) -> list[Item]:
        return [i for i in self.items if i.kind == HEADING]

    def text_items(self) -> Iterable[Item]:
        return (i for i in self.items if i.text)


def clean_text(text: str, keep_lines: bool = False) -> str:
    """Text as exporters print it: control characters dropped, tabs as spaces, and (unless
    ``keep_lines``) the indentation and trailing space of each line removed.

    >>> clean_text("　　第一段。\\t ")
    '第一段。'
    """
    text = _CONTROL.sub("", text.replace("\t", "    " if keep_lines else " ").replace("\r", ""))
    if keep_lines:
        return text.rstrip("\n")
    return "\n".join(line.strip() for line in text.split("\n") if line.strip())


def read_content(doc: Document, quotes: str | None = None) -> Content:
    """The printable view of ``doc`` (see the module docstring); ``quotes``: ``corner``, ``curly``
    (as they are) or None (corner brackets in a Traditional region)."""
    region = region_of(doc.meta.language, doc.meta.script)
    corner = quotes == "corner" or (quotes is None and region != "CN")
    body = list(doc.body())
    items: list[Item] = []
    meta_title = clean_text(doc.meta.title or "").replace("\n", " ")
    if corner:
        meta_title = convert_quotes(meta_title, "corner")
    has_title = False
    for index, block in enumerate(body):
        if block.kind == VERBATIM:
            text = clean_text(block.text, keep_lines=True)
            if text.strip():
                items.append(Item(VERBATIM_ITEM, text))
            continue
        text = clean_text(block.text)
        if not text:
            continue
        if corner:
            text = convert_quotes(text, "corner")
        if index == 0 and meta_title and text.replace("\n", " ") == meta_title:
            items.append(Item(TITLE, text))
            has_title = True
        elif block.kind == HEADING:
            level = min(max(block.level, 1), 3)
            items.append(Item(HEADING, text.replace("\n", " "), level, f"h{len(items) + 1}"))
        else:
            items.append(Item(PARAGRAPH, text))
    headings = [i for i in items if i.kind == HEADING]
    title = meta_title or (headings[0].text if headings else "") or Path(doc.meta.source or "document").stem
    first_para = next((i.text for i in items if i.kind == PARAGRAPH), "")
    match = _SENTENCE.match(first_para.replace("\n", ""))
    subject = (match.group(0) if match else first_para)[:80]
    chars = frozenset("".join(i.text for i in items) + title)
    return Content(items, title, doc.meta.author, subject, language_of(doc.meta.language, doc.meta.script),
                   region, has_title, chars)
