"""Well-formed XHTML (HTML5 in its XML syntax) with a small stylesheet for Chinese text.

The same markup serves a standalone ``.html`` (stylesheet inline) and the chapters of an EPUB
(stylesheet linked): ``lang``/``xml:lang``, the title in ``<header><h1 class="title">``, headings
as ``<h1>``–``<h3>`` by level (pandoc's habit), paragraphs as ``<p>``, verbatim blocks as
``<pre>``. The stylesheet comes from the style preset: CSS font stacks for its typefaces in the
document's region, 2-em first-line indent, line height, ``line-break: strict`` (the browser's
own clreq-like rules) and, with ``vertical``, ``writing-mode: vertical-rl``.

>>> from jingwen.cleaner.model.document import Block, Document
>>> print(render_html(Document([Block("甲 < 乙。", 1)])).decode().split("<body>")[1].split("</body>")[0].strip())
<p>甲 &lt; 乙。</p>
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from xml.sax.saxutils import escape, quoteattr

from jingwen.cleaner.model.document import HEADING, Document
from jingwen.exporters.content import TITLE, VERBATIM_ITEM, Content, Item, read_content
from jingwen.exporters.fonts import css_stack
from jingwen.exporters.options import ExportOptions
from jingwen.exporters.style import Style, load_style

XHTML_NS = "http://www.w3.org/1999/xhtml"
EPUB_NS = "http://www.idpf.org/2007/ops"


def _em(size: float, base: float) -> str:
    return f"{size / base:.4g}em"


def stylesheet(style: Style, region: str, vertical: bool = False) -> str:
    """The CSS for a style preset (sizes relative to the body text, so readers can scale it)."""
    body = style.body
    rules = [
        "html { -webkit-text-size-adjust: 100%; }",
        f"body {{ font-family: {css_stack(body.typeface, region, vertical)}; line-height: {body.line_height:.3g}; "
        "text-align: justify; line-break: strict; word-break: normal; overflow-wrap: break-word; "
        "margin: 2em auto; padding: 0 1em; max-width: 42em; }",
        f"p {{ margin: 0; text-indent: {body.indent:g}em; }}",
        f"header {{ margin-bottom: {style.title.space_after * body.line_height:.3g}em; }}",
    ]
    blocks = [("h1.title", style.title)] + [(f"h{level}", style.heading(level)) for level in (1, 2, 3)]
    for selector, tstyle in blocks:
        scale = body.line_height * body.size / tstyle.size  # body lines in this heading's em
        rules.append(
            f"{selector} {{ font-family: {css_stack(tstyle.typeface, region, vertical)}; "
            f"font-size: {_em(tstyle.size, body.size)}; font-weight: {'bold' if tstyle.bold else 'normal'}; "
            f"line-height: {tstyle.line_height:.3g}; text-align: {tstyle.align}; text-indent: {tstyle.indent:g}em; "
            f"margin: {tstyle.space_before * scale:.3g}em 0 {tstyle.space_after * scale:.3g}em 0; }}")
    verbatim = style.verbatim
    rules.append(f"pre {{ font-family: {css_stack(verbatim.typeface, region, vertical)}, monospace; "
                 f"font-size: {_em(verbatim.size, body.size)}; line-height: {verbatim.line_height:.3g}; "
                 "white-space: pre-wrap; margin: 0.5em 0; }")
    if vertical:
        rules.append("html { writing-mode: vertical-rl; -epub-writing-mode: vertical-rl; "
                     "-webkit-writing-mode: vertical-rl; }")
        rules.append("body { max-width: none; max-height: 42em; margin: auto 2em; padding: 1em 0; }")
        rules.append("h1, h2, h3 { margin-left: 0.5em; margin-right: 0.5em; }")
        rules.append(".tcy { text-combine-upright: all; -webkit-text-combine: horizontal; "
                     "-epub-text-combine: horizontal; }")
    return "\n".join(rules) + "\n"


def _inline(text: str, vertical: bool = False) -> str:
    """One line of text as markup (``vertical``: its short numbers upright)."""
    return upright_numbers(escape(text)) if vertical else escape(text)


def _text(text: str, vertical: bool = False) -> str:
    return "<br />".join(_inline(line, vertical) for line in text.split("\n"))


_SHORT_NUMBER = re.compile(r"(?<![0-9A-Za-z.,:/%+-])[0-9]{1,2}(?![0-9A-Za-z.,:/%+-])")


def upright_numbers(markup: str) -> str:
    """One- and two-digit numbers set upright across the column (縱中橫, clreq §3.3.1): a
    longer number, a word or a code stays on its side, as vertical Chinese sets them.

    >>> upright_numbers("從20世紀起，WTO第3號文件，共2024頁")
    '從<span class="tcy">20</span>世紀起，WTO第<span class="tcy">3</span>號文件，共2024頁'
    """
    return _SHORT_NUMBER.sub(lambda m: f'<span class="tcy">{m.group()}</span>', markup)


_CORNER_QUOTES = str.maketrans("“”‘’", "「」『』")


def vertical_text(text: str) -> str:
    """Curly quotes as corner brackets, the marks vertical Chinese is set with (a curly quote has
    no vertical form: it would lie on its side).

    >>> vertical_text("他说：“‘好’。”")
    '他说：「『好』。」'
    """
    return text.translate(_CORNER_QUOTES)


def body_markup(items: Iterable[Item], vertical: bool = False) -> str:
    """The ``<body>`` content for ``items`` (``vertical``: quotes as corner brackets, short
    numbers upright)."""
    out = []
    if vertical:
        items = [Item(item.kind, vertical_text(item.text), item.level, item.anchor) for item in items]
    for item in items:
        if item.kind == TITLE:
            out.append(f'<header><h1 class="title">{_text(item.text, vertical)}</h1></header>')
        elif item.kind == HEADING:
            out.append(f'<h{item.level} id="{item.anchor}">{_inline(item.text, vertical)}</h{item.level}>')
        elif item.kind == VERBATIM_ITEM:
            out.append(f"<pre>{escape(item.text)}</pre>")
        else:
            out.append(f"<p>{_text(item.text, vertical)}</p>")
    return "\n".join(out)


def page(content: Content, body: str, title: str | None = None, css: str | None = None,
         css_href: str | None = None, epub: bool = False, body_attrs: str = "") -> str:
    """A complete XHTML document."""
    lang = quoteattr(content.language)
    head = [f"<title>{escape(title or content.title)}</title>"]
    if not epub:
        head.insert(0, '<meta charset="utf-8" />')
        head.append('<meta name="viewport" content="width=device-width, initial-scale=1" />')
        head.append('<meta name="generator" content="jingwen" />')
        if content.author:
            head.append(f'<meta name="author" content={quoteattr(content.author)} />')
        if content.subject:
            head.append(f'<meta name="description" content={quoteattr(content.subject)} />')
    if css_href:
        head.append(f'<link rel="stylesheet" type="text/css" href={quoteattr(css_href)} />')
    if css:
        head.append(f"<style>\n{css}</style>")
    ns = f' xmlns:epub="{EPUB_NS}"' if epub else ""
    return ('<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
            f'<html xmlns="{XHTML_NS}"{ns} lang={lang} xml:lang={lang}>\n<head>\n' + "\n".join(head)
            + f"\n</head>\n<body{body_attrs}>\n{body}\n</body>\n</html>\n")


def render_html(doc: Document, options: ExportOptions | None = None, content: Content | None = None) -> bytes:
    """The standalone XHTML page of ``doc`` as UTF-8 bytes."""
    options = options or ExportOptions()
    content = content or read_content(doc, options.quotes)
    style = load_style(options.style)
    css = stylesheet(style, content.region, options.vertical)
    return page(content, body_markup(content.items, options.vertical), css=css).encode("utf-8")
