"""The article of a page from a site with no known content container, found by trafilatura.

The HTML reader reads the whole page into lines; trafilatura (``extract`` as XML, tables kept,
its default balance of precision and recall: favouring recall measured no better) says which
text is the page's main content. Its pieces (``head``, ``p``, ``item``, ``cell``, ``code`` …)
are matched back to the reader's lines in document order, so the lines that stay keep the
reader's kinds (heading, paragraph, list item, table row, verbatim) and line numbers, and
every line the extractor left out is logged as ``html.extract``.

A line is the article's when its letters and digits (white space, punctuation, invisible
marks such as soft hyphens, and Unicode composition ignored) occur in the extracted text where
a piece, or a word, starts or ends, or right after the previous line's match, or anywhere when
it is long (so a short menu word inside a sentence does not count as found).

>>> lines = ["首页 新闻 登录", "关于春天", "春天来了，万物复苏。", "新闻", "相关文章"]
>>> kept_lines(lines, ["关于春天", "春天来了，万物复苏。报纸上的新闻说。"])
[False, True, True, False, False]
"""
from __future__ import annotations

import re
import unicodedata

RULE_ID = "html.extract"
# rule id -> (description, Chinese name, Chinese description), as the page-furniture ids
RULES = {
    RULE_ID: ("HTML: page chrome around the article (menus, sidebars, related links, comments, footer), "
              "left out by the main-content extractor on a site with no known container",
              "网页正文之外",
              "没有已知正文容器的网页上，正文提取器判为正文之外的菜单、侧栏、相关链接、评论和页脚。"),
}
MIN_PAGE_CHARS = 250  # trafilatura's MIN_EXTRACTED_SIZE: below it, it falls back to the whole page itself
LONG = 20  # a line with this many letters and digits counts as found wherever it occurs
PIECES = ("head", "p", "item", "cell", "code", "quote", "label")
BLOCKS = {"head", "p", "item", "list", "cell", "row", "table", "quote"}  # never inline in a piece
_SPACE = re.compile(r"\s+")
_NOT_WORD = re.compile(r"[\W_]+")


def main_text(html: str) -> list[str] | None:
    """The pieces of text trafilatura keeps as the page's main content, in order; None when it
    finds none.

    >>> page = ("<html><body><div class='nav'><a>首页</a> <a>登录</a></div><article><h1>春游记</h1>"
    ...         "<p>" + "春天来了，我们去公园散步，看见桃花开了。" * 15 + "</p></article>"
    ...         "<div class='footer'>版权所有 京ICP备12345678号</div></body></html>")
    >>> [piece[:6] for piece in main_text(page)]
    ['春游记', '春天来了，我']
    """
    import trafilatura
    from lxml import etree

    xml = trafilatura.extract(html, output_format="xml", include_tables=True, include_comments=False,
                              include_formatting=True, include_images=False,
                              deduplicate=False, with_metadata=False)
    if not xml:
        return None
    root = etree.fromstring(xml.encode("utf-8"))
    main = root.find("main")
    pieces = []
    for element in (main if main is not None else root).iter(*PIECES):
        for line in _own_text(element).split("\n"):  # <lb/> breaks a piece into lines
            if line.strip():
                pieces.append(line.strip())
    return pieces or None


def _own_text(element) -> str:
    """The element's text with its inline markup's (``<hi>``, ``<code>``, ``<ref>``), without that
    of nested blocks (a list inside an item is a piece of its own)."""
    parts = [element.text or ""]
    for child in element:
        if child.tag == "lb":
            parts.append("\n")
        elif child.tag not in BLOCKS:
            parts.append(_own_text(child))
        parts.append(child.tail or "")
    return "".join(parts)


def kept_lines(lines: list[str], pieces: list[str]) -> list[bool]:
    """For each of the reader's lines, whether it is part of the extracted text (see the module
    notes). A long line of which the extractor kept at least half in one run is kept whole (a
    layout that runs a menu into the article's text); a line without letters or digits (``=)``,
    ``***``) goes with the line before it."""
    text, bounds = _joined(pieces)
    keep, pointer = [], 0
    matcher = None
    for line in lines:
        key = _key(line)
        found = bool(keep) and keep[-1]
        if key:
            at = text.find(key, pointer)
            while at != -1 and not _counts(at, key, pointer, bounds):
                at = text.find(key, at + 1)
            if at != -1:
                found, pointer = True, at + len(key)
            else:  # out of order: the extractor may move a piece (a caption, a title)
                at = text.find(key)
                while at != -1 and not _counts(at, key, -1, bounds):
                    at = text.find(key, at + 1)
                found = at != -1
            if not found and len(key) >= 2 * LONG:
                if matcher is None:
                    from difflib import SequenceMatcher

                    matcher = SequenceMatcher(None, autojunk=False)
                    matcher.set_seq2(text)
                matcher.set_seq1(key)
                found = matcher.find_longest_match(0, len(key), 0, len(text)).size * 2 >= len(key)
        keep.append(found)
    return keep


def _counts(at: int, key: str, pointer: int, bounds: set[int]) -> bool:
    return len(key) >= LONG or at == pointer or at in bounds or at + len(key) in bounds


def _key(text: str) -> str:
    """Letters and digits only, composed the same way (``ü`` typed as ``u`` + a combining mark matches)."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", text))


def _joined(pieces: list[str]) -> tuple[str, set[int]]:
    """The pieces' letters and digits, with the offsets where a piece or a word starts or ends."""
    out, bounds, at = [], {0}, 0
    for piece in pieces:
        for word in map(_key, _SPACE.split(piece.strip())):
            out.append(word)
            at += len(word)
            bounds.add(at)
    return "".join(out), bounds
