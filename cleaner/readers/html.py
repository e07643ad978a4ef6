"""HTML (.html/.htm) reader: the page's text as blocks, one per block-level element.

Script, style, navigation, header, footer and form chrome are dropped; where a platform's
content container is known (``html_containers`` in its rule file) only that container is read.
``<h1>``-``<h6>`` become Heading blocks, ``<pre>`` is verbatim, ``<br>`` breaks a line, table
rows become lines with cells separated by a tab. Line numbers count the extracted lines.

>>> doc = read_html("<html><body><nav>首页</nav><h1>标题</h1><p>第一段<b>加粗</b>。</p>"
...                 "<script>x()</script><p>第二段</p></body></html>".encode(), "a.html")
>>> [(b.kind, b.text) for b in doc.blocks]
[('heading', '标题'), ('paragraph', '第一段加粗。'), ('paragraph', '第二段')]
"""
from __future__ import annotations

import re
from collections.abc import Iterable

from jingwen.cleaner.model.document import HEADING, PARAGRAPH, VERBATIM, Block, Document
from jingwen.cleaner.model.errors import InputError
from jingwen.cleaner.readers.decode import decode_bytes
from jingwen.cleaner.readers.directives import apply_directives

DROP = {"script", "style", "noscript", "nav", "header", "footer", "form", "button", "select",
        "iframe", "svg", "canvas", "template", "head", "input", "textarea", "object", "embed"}
BLOCK = {"p", "div", "section", "article", "main", "aside", "blockquote", "li", "ul", "ol",
         "dl", "dt", "dd", "table", "thead", "tbody", "tfoot", "tr", "figure", "figcaption",
         "address", "center", "body", "html", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "pre",
         "caption", "fieldset", "details", "summary"}
CELL = {"td", "th"}
_WS = re.compile(r"[ \t\n\r\f\v]+")
_META_CHARSET = re.compile(rb"<meta[^>]+charset=[\"']?([\w-]+)", re.IGNORECASE)


_INTERNAL_SUBSET = re.compile(r"(<!DOCTYPE[^\[>]*)\[.*?\]\s*>", re.IGNORECASE | re.DOTALL)
MAX_HTML_BYTES = 64 * 2**20  # a page, not a book: lxml and the tree take ~10× the file in memory
MAX_DEPTH = 500  # deeper nesting than any real page: refused with a clear limit


def _without_internal_subset(text: str) -> str:
    """An XHTML internal DTD subset (``<!DOCTYPE html [ <!ENTITY …> ]>``), which the HTML
    parser would end early and leave ``]>`` in the text, dropped from the prologue.

    >>> _without_internal_subset('<!DOCTYPE html [<!ENTITY c "章">]><p>正文</p>')
    '<!DOCTYPE html><p>正文</p>'
    """
    head = text[:65536]
    m = _INTERNAL_SUBSET.search(head)
    if m is None or "<!doctype" not in head[:m.start() + 10].lower() or "<html" in head[:m.start()].lower():
        return text
    return text[:m.start()] + m.group(1).rstrip() + ">" + text[m.end():]


def _decode_html(data: bytes) -> tuple[str, str]:
    m = _META_CHARSET.search(data[:4096])
    if m:
        name = m.group(1).decode("ascii", "replace").lower()
        name = {"gb2312": "gb18030", "gbk": "gb18030"}.get(name, name)
        try:
            return data.decode(name), name
        except (UnicodeDecodeError, LookupError):
            pass
    return decode_bytes(data)


class _Collector:
    def __init__(self) -> None:
        self.lines: list[tuple[str, int, str]] = []  # (kind, level, text)
        self.buffer: list[str] = []

    def flush(self, kind: str = PARAGRAPH, level: int = 0) -> None:
        text = _WS.sub(" ", "".join(self.buffer)).strip()
        self.buffer = []
        if text:
            self.lines.append((kind, level, text))

    def walk(self, node, depth: int = 0) -> None:
        from bs4 import Comment, NavigableString, Tag

        if depth > MAX_DEPTH:
            raise InputError(f"HTML nested more than {MAX_DEPTH} elements deep (limit {MAX_DEPTH})")
        for child in node.children:
            if isinstance(child, Comment):
                if "jingwen:" in child:
                    self.flush()
                    self.lines.append((VERBATIM, 0, f"<!--{child}-->"))
                continue
            if isinstance(child, NavigableString):
                self.buffer.append(str(child))
                continue
            if not isinstance(child, Tag):
                continue
            name = child.name.lower()
            hidden = child.get("hidden") is not None or "display:none" in child.get("style", "").replace(" ", "")
            if name in DROP or hidden:
                continue
            if name == "br":
                self.flush()
            elif name == "pre":
                self.flush()
                for line in child.get_text().splitlines():
                    if line.strip():
                        self.lines.append((VERBATIM, 0, line))
            elif name in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.flush()
                self.walk(child, depth + 1)
                self.flush(HEADING, int(name[1]))
            elif name == "tr":
                self.flush()
                cells = [_WS.sub(" ", c.get_text(" ")).strip() for c in child.find_all(CELL, recursive=False)]
                if any(cells):
                    self.lines.append((PARAGRAPH, 0, "\t".join(cells)))
            elif name in BLOCK:
                self.flush()
                self.walk(child, depth + 1)
                self.flush()
            else:
                self.walk(child, depth + 1)


def _containers(soup, selectors: Iterable[str]):
    for selector in selectors:
        try:
            found = soup.select(selector)
        except Exception:  # a malformed selector in a user rule file must not stop reading
            continue
        if found:
            return found
    return [soup.body or soup]


def read_html(data: bytes, source: str, containers: Iterable[str] = ()) -> Document:
    from bs4 import BeautifulSoup

    if len(data) > MAX_HTML_BYTES:
        raise InputError(f"HTML file is {len(data) // 2**20} MiB (limit {MAX_HTML_BYTES // 2**20} MiB)")
    text, encoding = _decode_html(data)
    text = _without_internal_subset(text)
    try:
        soup = BeautifulSoup(text, "lxml")
    except RecursionError:
        raise InputError(f"HTML nested too deep to read (limit {MAX_DEPTH} elements)") from None
    except Exception as e:  # lxml raises on some pathological input
        raise InputError(f"HTML could not be parsed: {e or type(e).__name__}") from None
    title_tag = soup.find("title")
    collector = _Collector()
    for container in _containers(soup, containers):
        collector.walk(container)
        collector.flush()
    blocks = [Block(text=t, line=i, kind=k, level=lv) for i, (k, lv, t) in enumerate(collector.lines, 1)]
    if not blocks and text.strip():
        raise InputError("no readable text in this HTML (a script-only page, or no body)")
    doc = Document(blocks=blocks, chars_in=sum(len(b.text) for b in blocks))
    doc.meta.source, doc.meta.format, doc.meta.encoding = source, "html", encoding
    if title_tag is not None and title_tag.get_text(strip=True):
        doc.meta.title = _WS.sub(" ", title_tag.get_text()).strip()
    apply_directives(doc)
    return doc
