"""The document model shared by readers, cleaning stages and exporters.

A reader turns a file into a ``Document``; every stage takes a ``Document`` and returns one,
appending to ``doc.log`` what it changed; exporters turn it into files. Nothing else travels
between them.

>>> doc = Document.from_lines(["标题", "", "正文第一段。"], source="a.txt")
>>> [(b.line, b.text, b.gap) for b in doc.blocks]
[(1, '标题', 0), (3, '正文第一段。', 1)]
>>> doc.to_text()
'标题\\n\\n正文第一段。\\n'
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace

PARAGRAPH = "paragraph"
HEADING = "heading"
VERBATIM = "verbatim"  # code blocks, front matter: never changed by any stage
FURNITURE = "furniture"  # DOCX header/footer text: read for detection, never exported


@dataclass
class Block:
    """One paragraph-level unit: a line of a text file, a <p>, a DOCX paragraph.

    ``line`` is the 1-based source line (paragraph index for DOCX), ``gap`` the number of blank
    lines before it in the source, ``prefix`` markup re-emitted before the text in text output
    (``"## "`` in Markdown), ``protected`` marks text no rule may touch (``jingwen: off``).
    """

    text: str
    line: int
    kind: str = PARAGRAPH
    level: int = 0
    gap: int = 0
    prefix: str = ""
    protected: bool = False
    ignore: frozenset[str] = frozenset()  # rule ids switched off for this block only

    def with_text(self, text: str) -> Block:
        return replace(self, text=text)


@dataclass
class Change:
    """One entry of the change log: which rule did what where.

    ``action`` is ``remove`` (a whole line), ``edit`` (text changed: ``before``/``after``) or
    ``note`` (something recorded without a change, such as the detected title).
    """

    rule: str
    line: int
    action: str
    text: str = ""
    before: str | None = None
    after: str | None = None
    why: str = ""  # what a scoring rule saw (the cues that fired), for the report and the web page

    def as_json(self) -> dict:
        out = {"rule": self.rule, "line": self.line, "action": self.action, "text": self.text}
        if self.action == "edit":
            out["before"], out["after"] = self.before, self.after
        if self.why:
            out["why"] = self.why
        return out


@dataclass
class Metadata:
    title: str | None = None
    source: str | None = None
    format: str = "txt"  # the reader that produced the document: txt, md, html, docx
    encoding: str | None = None
    platform: str | None = None
    platform_confidence: float = 0.0
    script: str = "none"  # hans, hant, mixed, none
    scraped: bool = False  # the page showed a platform's lines: cleaning weighed all of it
    language: str = "zh-CN"  # BCP 47 tag used by exporters
    author: str | None = None


@dataclass
class Document:
    blocks: list[Block]
    meta: Metadata = field(default_factory=Metadata)
    log: list[Change] = field(default_factory=list)
    truncated_tail: str | None = None
    tail_kept: bool = False  # the truncated tail was reported but left in the text
    chars_in: int = 0
    trailing_newline: bool = True
    newline: str = "\n"  # the source's line ending, kept on output
    source_text: str | None = field(default=None, repr=False)  # a text input as decoded (to tell "unchanged")
    page_starts: list[int] | None = None  # paged inputs (PDF, images): the first line number of each page

    @classmethod
    def from_lines(cls, lines: Iterable[str], source: str | None = None, fmt: str = "txt") -> Document:
        """Build a document from text lines: every non-blank line is one block."""
        blocks, gap = [], 0
        for number, line in enumerate(lines, 1):
            if line.strip():
                blocks.append(Block(text=line, line=number, gap=gap))
                gap = 0
            else:
                gap += 1
        text_len = sum(len(b.text) for b in blocks)
        return cls(blocks=blocks, meta=Metadata(source=source, format=fmt), chars_in=text_len)

    def body(self) -> Iterator[Block]:
        """Blocks that are exported (everything but DOCX header/footer furniture)."""
        return (b for b in self.blocks if b.kind != FURNITURE)

    def text_blocks(self) -> Iterator[Block]:
        """Blocks whose text stages may change."""
        return (b for b in self.blocks if b.kind != VERBATIM and not b.protected)

    def record(self, rule: str, line: int, action: str, text: str = "",
               before: str | None = None, after: str | None = None, why: str = "") -> None:
        self.log.append(Change(rule, line, action, text, before, after, why))

    def removed(self) -> list[Change]:
        return [c for c in self.log if c.action == "remove"]

    def page_of(self, line: int) -> int | None:
        """The page a source line is on (paged inputs only).

        >>> Document(blocks=[], page_starts=[1, 40, 81]).page_of(40), Document(blocks=[]).page_of(3)
        (2, None)
        """
        if not self.page_starts:
            return None
        from bisect import bisect_right

        return max(1, bisect_right(self.page_starts, line))

    def to_text(self) -> str:
        """The document as plain text: blocks in order, blank lines as in the source."""
        nl, parts = self.newline, []
        for i, block in enumerate(self.body()):
            if i:
                parts.append(nl * (1 + block.gap))
            parts.append(block.prefix + block.text)
        text = "".join(parts)
        return text + nl if text and self.trailing_newline else text

    def chars_out(self) -> int:
        return sum(len(b.text) for b in self.body())
