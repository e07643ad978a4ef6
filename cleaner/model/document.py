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

PARAGRAPH = "paragraph"
HEADING = "heading"
VERBATIM = "verbatim"  # code blocks, front matter: never changed by any stage
FURNITURE = "furniture"  # DOCX header/footer text: read for detection, never exported

# The model's types are plain classes with ``__slots__``, not dataclasses: this module loads with
# every command, and defining a dataclass costs ~0.6 ms (with ~5 ms to import ``dataclasses``).


def replace(obj, **changes):
    """A copy of a model object with ``changes`` (``dataclasses.replace`` for these classes).

    >>> replace(Block("正文。", 3), gap=1).gap
    1
    """
    return type(obj)(**{name: getattr(obj, name) for name in obj.__slots__} | changes)


class _Fields:
    """Equality and ``repr`` by the ``__slots__`` fields, as a dataclass has them."""

    __slots__ = ()

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, name) == getattr(other, name) for name in self.__slots__)

    __hash__ = None  # mutable, as a dataclass without frozen=True

    _unshown: tuple[str, ...] = ()  # fields left out of the repr (a whole source text)

    def __repr__(self) -> str:
        shown = (n for n in self.__slots__ if n not in self._unshown)
        return f"{type(self).__name__}({', '.join(f'{n}={getattr(self, n)!r}' for n in shown)})"


class Block(_Fields):
    """One paragraph-level unit: a line of a text file, a <p>, a DOCX paragraph.

    ``line`` is the 1-based source line (paragraph index for DOCX), ``gap`` the number of blank
    lines before it in the source, ``prefix`` markup re-emitted before the text in text output
    (``"## "`` in Markdown), ``protected`` marks text no rule may touch (``jingwen: off``),
    ``ignore`` the rule ids switched off for this block only.
    """

    __slots__ = ("text", "line", "kind", "level", "gap", "prefix", "protected", "ignore")

    def __init__(self, text: str, line: int, kind: str = PARAGRAPH, level: int = 0, gap: int = 0,
                 prefix: str = "", protected: bool = False, ignore: frozenset[str] = frozenset()):
        self.text, self.line, self.kind, self.level, self.gap = text, line, kind, level, gap
        self.prefix, self.protected, self.ignore = prefix, protected, ignore

    def with_text(self, text: str) -> Block:
        return replace(self, text=text)


class Change(_Fields):
    """One entry of the change log: which rule did what where.

    ``action`` is ``remove`` (a whole line), ``edit`` (text changed: ``before``/``after``) or
    ``note`` (something recorded without a change, such as the detected title); ``why`` is what
    a scoring rule saw (the cues that fired), for the report and the web page.
    """

    __slots__ = ("rule", "line", "action", "text", "before", "after", "why")

    def __init__(self, rule: str, line: int, action: str, text: str = "", before: str | None = None,
                 after: str | None = None, why: str = ""):
        self.rule, self.line, self.action, self.text = rule, line, action, text
        self.before, self.after, self.why = before, after, why

    def as_json(self) -> dict:
        out = {"rule": self.rule, "line": self.line, "action": self.action, "text": self.text}
        if self.action == "edit":
            out["before"], out["after"] = self.before, self.after
        if self.why:
            out["why"] = self.why
        return out


class Metadata(_Fields):
    """What is known of a document besides its text."""

    __slots__ = ("title", "source", "format", "encoding", "platform", "platform_confidence", "script",
                 "scraped", "language", "author")

    def __init__(self, title: str | None = None, source: str | None = None, format: str = "txt",
                 encoding: str | None = None, platform: str | None = None, platform_confidence: float = 0.0,
                 script: str = "none", scraped: bool = False, language: str = "zh-CN", author: str | None = None):
        self.title, self.source, self.encoding, self.author = title, source, encoding, author
        self.format = format  # the reader that produced the document: txt, md, html, docx
        self.platform, self.platform_confidence = platform, platform_confidence
        self.script = script  # hans, hant, mixed, none
        self.scraped = scraped  # the page showed a platform's lines: cleaning weighed all of it
        self.language = language  # BCP 47 tag used by exporters


class Document(_Fields):
    """The blocks, the metadata and the change log; ``truncated_tail`` the fragment a preview
    ended with (``tail_kept``: reported but left in the text), ``newline`` the source's line
    ending (kept on output), ``source_text`` a text input as decoded (to tell "unchanged"),
    ``page_starts`` the first line number of each page of a paged input (PDF, images)."""

    __slots__ = ("blocks", "meta", "log", "truncated_tail", "tail_kept", "chars_in", "trailing_newline",
                 "newline", "source_text", "page_starts")
    _unshown = ("source_text",)

    def __init__(self, blocks: list[Block], meta: Metadata | None = None, log: list[Change] | None = None,
                 truncated_tail: str | None = None, tail_kept: bool = False, chars_in: int = 0,
                 trailing_newline: bool = True, newline: str = "\n", source_text: str | None = None,
                 page_starts: list[int] | None = None):
        self.blocks = blocks
        self.meta = Metadata() if meta is None else meta
        self.log = [] if log is None else log
        self.truncated_tail, self.tail_kept, self.chars_in = truncated_tail, tail_kept, chars_in
        self.trailing_newline, self.newline = trailing_newline, newline
        self.source_text, self.page_starts = source_text, page_starts

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
