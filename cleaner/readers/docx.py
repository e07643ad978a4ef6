"""Word (.docx) reader: paragraphs and table rows in document order, heading styles as
Heading blocks, and the header/footer text (where platform watermarks hide) as furniture
blocks that rules see but exporters never write.

The file is checked before python-docx opens it: a ZIP with ``word/document.xml``, at most
``MAX_PARTS`` parts and ``MAX_UNCOMPRESSED`` bytes uncompressed (zip bombs are refused).
"""
from __future__ import annotations

import io
import re
import zipfile
from functools import cache

from jingwen.cleaner.model.document import FURNITURE, HEADING, PARAGRAPH, Block, Document
from jingwen.cleaner.model.errors import InputError
from jingwen.cleaner.readers.directives import apply_directives

MAX_PARTS = 2000
MAX_UNCOMPRESSED = 256 * 1024 * 1024
MAX_DOCUMENT_XML = 64 * 1024 * 1024  # word/document.xml: a long book is ~20 MiB of XML
MAX_PARAGRAPHS = 300_000  # paragraphs and table rows
_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_TABLE = f"{{{_W}}}tbl"
_HEADING_STYLE = re.compile(r"^(?:heading|标题|標題)\s*(\d)$", re.IGNORECASE)


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise InputError("not a valid .docx (not a ZIP archive, or truncated)") from None
    infos = archive.infolist()
    if len(infos) > MAX_PARTS:
        raise InputError(f"DOCX has {len(infos)} parts (limit {MAX_PARTS})")
    total = sum(i.file_size for i in infos)
    if total > MAX_UNCOMPRESSED:
        raise InputError(f"DOCX would unpack to {total // 2**20} MiB (limit {MAX_UNCOMPRESSED // 2**20} MiB)")
    sizes = {i.filename: i.file_size for i in infos}
    if "word/document.xml" not in sizes:
        raise InputError("ZIP archive without word/document.xml: not a Word document")
    if sizes["word/document.xml"] > MAX_DOCUMENT_XML:
        raise InputError(f"DOCX text part is {sizes['word/document.xml'] // 2**20} MiB of XML "
                         f"(limit {MAX_DOCUMENT_XML // 2**20} MiB)")
    bad = archive.testzip() if total < 64 * 2**20 else None
    if bad:
        raise InputError(f"DOCX part {bad} is corrupt")


@cache
def _run_content():
    """Every text-bearing element of a paragraph's runs (and of its hyperlinks' runs), in
    document order: what python-docx's ``paragraph.text`` joins, with one compiled XPath
    instead of one XPath compiled per paragraph and per run (minutes on large documents)."""
    from lxml import etree

    kinds = " or ".join(f"self::w:{k}" for k in ("br", "cr", "noBreakHyphen", "ptab", "t", "tab"))
    return etree.XPath(f"(w:r | w:hyperlink/w:r)/*[{kinds}]", namespaces={"w": _W})


def _paragraph_text(paragraph) -> str:
    return "".join(str(e) for e in _run_content()(paragraph._p))


def _levels_by_style():
    """``level(paragraph)``: its heading level, worked out once per paragraph style. Asking
    python-docx for ``paragraph.style`` looks the style up anew each time, which took minutes
    on a document of a million unstyled paragraphs."""
    cache: dict[str | None, int] = {}

    def level(paragraph) -> int:
        style_id = paragraph._p.style  # the w:pStyle value, None for the default style
        if style_id not in cache:
            cache[style_id] = _heading_level(paragraph)
        return cache[style_id]

    return level


def _heading_level(paragraph) -> int:
    style = paragraph.style
    while style is not None:
        m = _HEADING_STYLE.match((style.name or "").strip())
        if m:
            return int(m.group(1))
        if (style.name or "").lower() == "title":
            return 1
        style = style.base_style
    return 0


def _body_items(document):
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    for child in document.element.body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            yield Paragraph(child, document)
        elif tag == "tbl":
            yield Table(child, document)


def read_docx(data: bytes, source: str) -> Document:
    _check_zip(data)
    try:
        import docx
        from docx.table import Table

        document = docx.Document(io.BytesIO(data))
    except InputError:
        raise
    except Exception as e:
        raise InputError(f"not a readable .docx ({type(e).__name__}: {str(e)[:80]})") from None
    items = len(document.element.body) + sum(len(t) for t in document.element.body.iterchildren(_TABLE))
    if items > MAX_PARAGRAPHS:
        raise InputError(f"DOCX has over {MAX_PARAGRAPHS} paragraphs and table rows (limit {MAX_PARAGRAPHS})")
    blocks: list[Block] = []
    number = 0
    heading_level = _levels_by_style()

    def add(text: str, kind: str = PARAGRAPH, level: int = 0) -> None:
        nonlocal number
        number += 1
        if text.strip():
            blocks.append(Block(text=text, line=number, kind=kind, level=level))

    for section in document.sections:
        for part in (section.header, section.first_page_header):
            if part is not None and not part.is_linked_to_previous:
                for p in part.paragraphs:
                    add(p.text, FURNITURE)
    for item in _body_items(document):
        if isinstance(item, Table):
            for row in item.rows:
                cells = []
                for cell in row.cells:
                    if not cells or cell.text != cells[-1]:  # merged cells repeat
                        cells.append(cell.text.replace("\n", " "))
                add("\t".join(cells))
        else:
            level = heading_level(item)
            for line in _paragraph_text(item).split("\n"):
                add(line, HEADING if level else PARAGRAPH, level)
    for section in document.sections:
        for part in (section.footer, section.first_page_footer):
            if part is not None and not part.is_linked_to_previous:
                for p in part.paragraphs:
                    add(p.text, FURNITURE)
    doc = Document(blocks=blocks, chars_in=sum(len(b.text) for b in blocks))
    doc.meta.source, doc.meta.format = source, "docx"
    props = document.core_properties
    doc.meta.title = props.title or None
    doc.meta.author = props.author or None
    apply_directives(doc)
    return doc
