"""EPUB 3 from the same XHTML, with the standard library only (zipfile and string templates).

The container holds ``mimetype`` first and stored, ``META-INF/container.xml``, the package
document ``OEBPS/content.opf`` (dc:identifier as a UUID derived from the content, so the same
text always gets the same identifier; dc:title, dc:language, dcterms:modified), ``nav.xhtml``
built from the headings, one stylesheet, and the text split into chapters at level-1 headings.
With ``vertical`` the spine runs right to left.

>>> import zipfile, io
>>> from jingwen.cleaner.model.document import Block, Document
>>> z = zipfile.ZipFile(io.BytesIO(render_epub(Document([Block("正文。", 1)]))))
>>> z.namelist()[0], z.read("mimetype"), z.getinfo("mimetype").compress_type
('mimetype', b'application/epub+zip', 0)
"""
from __future__ import annotations

import hashlib
import io
import os
import time
import uuid
import zipfile
from xml.sax.saxutils import escape, quoteattr

from jingwen.cleaner.model.document import HEADING, Document
from jingwen.exporters.content import Content, Item, read_content
from jingwen.exporters.html import body_markup, page, stylesheet
from jingwen.exporters.options import ExportOptions
from jingwen.exporters.style import load_style

CONTAINER = """<?xml version="1.0" encoding="UTF-8"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles>
    <rootfile full-path="OEBPS/content.opf" media-type="application/oebps-package+xml"/>
  </rootfiles>
</container>
"""

OPF = """<?xml version="1.0" encoding="UTF-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="uid" xml:lang={lang}>
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:identifier id="uid">urn:uuid:{uuid}</dc:identifier>
    <dc:title>{title}</dc:title>
    <dc:language>{language}</dc:language>
{extra}    <meta property="dcterms:modified">{modified}</meta>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="css" href="style.css" media-type="text/css"/>
{items}
  </manifest>
  <spine{direction}>
{itemrefs}
  </spine>
</package>
"""


def book_id(content: Content) -> uuid.UUID:
    """A UUID that depends only on the title and text: exporting again gives the same one."""
    digest = hashlib.sha256(content.title.encode("utf-8"))
    for item in content.items:
        digest.update(b"\x00" + item.kind.encode() + b"\x00" + item.text.encode("utf-8"))
    return uuid.uuid5(uuid.NAMESPACE_URL, "urn:jingwen:" + digest.hexdigest())


def chapters(items: list[Item]) -> list[list[Item]]:
    """Items split before each level-1 heading (the part before the first one stays whole)."""
    out: list[list[Item]] = [[]]
    for item in items:
        if item.kind == HEADING and item.level == 1 and out[-1]:
            out.append([])
        out[-1].append(item)
    return out


def _nav(content: Content, files: dict[str, str], first_file: str) -> str:
    headings = [i for i in content.items if i.kind == HEADING]
    if not headings:
        body = f'<ol>\n<li><a href="{first_file}">{escape(content.title)}</a></li>\n</ol>'
    else:
        parts, depth = [], 0
        for heading in headings:
            level = 1 if depth == 0 else min(heading.level, depth + 1)  # never skip a level
            if level > depth:
                parts.append("\n<ol>\n")
            else:
                parts.append("</li>\n" + "</ol>\n</li>\n" * (depth - level))
            href = f"{files[heading.anchor]}#{heading.anchor}"
            parts.append(f"<li><a href={quoteattr(href)}>{escape(heading.text)}</a>")
            depth = level
        parts.append("</li>\n" + "</ol>\n</li>\n" * (depth - 1) + "</ol>")
        body = "".join(parts).strip()
    toc_title = {"CN": "目录"}.get(content.region, "目錄")
    nav = f'<nav epub:type="toc" id="toc">\n<h1>{toc_title}</h1>\n{body}\n</nav>'
    return page(content, nav, title=toc_title, epub=True)


def _modified() -> str:
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    seconds = int(epoch) if epoch and epoch.isdigit() else int(time.time())
    return time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime(seconds))


def render_epub(doc: Document, options: ExportOptions | None = None, content: Content | None = None) -> bytes:
    """The EPUB 3 of ``doc`` as bytes."""
    options = options or ExportOptions()
    content = content or read_content(doc, options.quotes)
    style = load_style(options.style)
    modified = _modified()
    parts = chapters(content.items)
    files: dict[str, str] = {}
    documents = []
    for n, part in enumerate(parts, 1):
        name = f"text/c{n:03d}.xhtml"
        for item in part:
            if item.anchor:
                files[item.anchor] = name
        title = next((i.text for i in part if i.kind == HEADING), content.title)
        markup = page(content, body_markup(part, options.vertical), title=title, css_href="../style.css", epub=True)
        documents.append((name, markup))

    extra = ""
    if content.author:
        extra += f"    <dc:creator>{escape(content.author)}</dc:creator>\n"
    if content.subject:
        extra += f"    <dc:description>{escape(content.subject)}</dc:description>\n"
    items = "\n".join(f'    <item id="c{n:03d}" href="{name}" media-type="application/xhtml+xml"/>'
                      for n, (name, _) in enumerate(documents, 1))
    itemrefs = "\n".join(f'    <itemref idref="c{n:03d}"/>' for n in range(1, len(documents) + 1))
    opf = OPF.format(lang=quoteattr(content.language), uuid=book_id(content), title=escape(content.title),
                     language=escape(content.language), extra=extra, modified=modified, items=items,
                     itemrefs=itemrefs, direction=' page-progression-direction="rtl"' if options.vertical else "")

    stamp = time.strptime(modified, "%Y-%m-%dT%H:%M:%SZ")[:6]
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        def add(name: str, data: str, compress: int = zipfile.ZIP_DEFLATED) -> None:
            info = zipfile.ZipInfo(name, date_time=max(stamp, (1980, 1, 1, 0, 0, 0)))
            info.compress_type = compress
            info.external_attr = 0o644 << 16
            z.writestr(info, data.encode("utf-8"))

        add("mimetype", "application/epub+zip", zipfile.ZIP_STORED)
        add("META-INF/container.xml", CONTAINER)
        add("OEBPS/content.opf", opf)
        add("OEBPS/nav.xhtml", _nav(content, files, documents[0][0]))
        add("OEBPS/style.css", stylesheet(style, content.region, options.vertical))
        for name, markup in documents:
            add(f"OEBPS/{name}", markup)
    return buf.getvalue()
