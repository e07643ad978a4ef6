"""HTML (.html/.htm) reader: the page's text as blocks, one per block-level element.

Script, style, navigation, header, footer and form chrome are dropped; where a platform's
content container is known (``html_containers`` in its rule file) only that container is read.
Elsewhere the whole body is read and, on a page of some length, the lines that are not the
page's main content by trafilatura are removed as ``html.extract`` (``html_extract.py``).
``<h1>``-``<h6>`` become Heading blocks, ``<pre>`` is verbatim, ``<br>`` breaks a line, table
rows become lines with cells separated by a tab. Line numbers count the extracted lines.

>>> doc = read_html("<html><body><nav>首页</nav><h1>标题</h1><p>第一段<b>加粗</b>。</p>"
...                 "<script>x()</script><p>第二段</p></body></html>".encode(), "a.html")
>>> [(b.kind, b.text) for b in doc.blocks]
[('heading', '标题'), ('paragraph', '第一段加粗。'), ('paragraph', '第二段')]
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from jingwen.cleaner.model.document import HEADING, PARAGRAPH, VERBATIM, Block, Document
from jingwen.cleaner.model.errors import InputError
from jingwen.cleaner.readers.decode import decode_bytes
from jingwen.cleaner.readers.directives import apply_directives

NOT_TEXT = {"script", "style", "noscript", "button", "select", "iframe", "svg", "canvas", "template", "head",
            "input", "textarea", "object", "embed"}
CHROME = {"nav", "header", "footer", "form"}  # dropped by tag where no extractor weighs the page
DROP = NOT_TEXT | CHROME
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
    def __init__(self, drop: frozenset[str] | set[str] = DROP) -> None:
        self.lines: list[tuple[str, int, str]] = []  # (kind, level, text)
        self.buffer: list[str] = []
        self.drop = drop

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
            if name in self.drop or hidden:
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


def _containers(soup, selectors: Iterable[str]) -> tuple[list, bool]:
    """The elements to read, and whether they are a platform's known content container."""
    for selector in selectors:
        try:
            found = soup.select(selector)
        except Exception:  # a malformed selector in a user rule file must not stop reading
            continue
        if found:
            return found, True
    return [soup.body or soup], False


def _stays(kind: str, text: str, title: str) -> bool:
    """A line kept whatever the extractor says: verbatim text (``<pre>``, directive comments:
    no stage changes it, and trafilatura keeps only a code block's first line), or a heading
    the page's ``<title>`` names (trafilatura leaves the article's title out of its text).

    >>> _stays(HEADING, "城南旧事读后感", "城南旧事读后感 - 某某范文网"), _stays(HEADING, "热门文章", "城南旧事读后感")
    (True, False)
    """
    if kind == VERBATIM:
        return True
    key = _WS.sub("", text)
    return kind == HEADING and len(key) > 1 and key in _WS.sub("", title)


def _lines(nodes: list, drop: set[str]) -> list[tuple[str, int, str]]:
    collector = _Collector(drop)
    for node in nodes:
        collector.walk(node)
        collector.flush()
    return collector.lines


def _article(nodes: list, html: str, title: str, doc: Document) -> list[tuple[int, tuple]] | None:
    """The page's lines (chrome tags included: a ``<form>`` or ``<header>`` may wrap a whole
    page) that trafilatura finds to be the main content or that stay (``_stays``), numbered;
    the others are logged as removed by ``html.extract``. None when the page, or what the
    extractor finds in it, is shorter than trafilatura's own minimum (a page whose article is
    hidden until a script shows it, as on WeChat, would otherwise lose it)."""
    from jingwen.cleaner.readers.html_extract import MIN_PAGE_CHARS, RULE_ID, kept_lines, main_text

    lines = _lines(nodes, NOT_TEXT)
    if sum(len(t) for _, _, t in lines) < MIN_PAGE_CHARS:
        return None
    try:
        pieces = main_text(html)
    except Exception:  # noqa: BLE001 - an extractor failure leaves the page to the reader alone
        return None
    keep = kept_lines([t for _, _, t in lines], pieces) if pieces else []
    if sum(len(t) for (_, _, t), kept in zip(lines, keep, strict=True) if kept) < MIN_PAGE_CHARS:
        return None
    out = []
    for number, (kind, level, text), kept in zip(range(1, len(lines) + 1), lines, keep, strict=True):
        if kept or _stays(kind, text, title):
            out.append((number, (kind, level, text)))
        else:
            doc.record(RULE_ID, number, "remove", text)
    return out


def read_html(data: bytes, source: str, containers: Iterable[str] = (),
              enabled: Callable[[str], bool] | None = None) -> Document:
    """``enabled(rule_id)`` (``Settings.enabled``): whether ``html.extract`` runs (always when None)."""
    from bs4 import BeautifulSoup
    from jingwen.cleaner.readers.html_extract import RULE_ID

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
    doc = Document(blocks=[])
    doc.meta.source, doc.meta.format, doc.meta.encoding = source, "html", encoding
    if title_tag is not None and title_tag.get_text(strip=True):
        doc.meta.title = _WS.sub(" ", title_tag.get_text()).strip()
    nodes, known = _containers(soup, containers)
    numbered = None
    if not known and (enabled is None or enabled(RULE_ID)):
        numbered = _article(nodes, text, doc.meta.title or "", doc)
    if numbered is None:
        numbered = list(enumerate(_lines(nodes, DROP), 1))
    if not numbered and text.strip():
        raise InputError("no readable text in this HTML (a script-only page, or no body)")
    doc.chars_in = sum(len(t) for _, (_, _, t) in numbered) + sum(len(c.text) for c in doc.log)
    doc.blocks = [Block(text=t, line=i, kind=k, level=lv) for i, (k, lv, t) in numbered]
    apply_directives(doc)
    return doc
