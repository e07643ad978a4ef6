"""Page thumbnails of a cleaned document laid out in the chosen style and paper, before
downloading: the first pages rendered as PDF (the same renderer as the download) and
rasterised with pypdfium2, returned as ``data:`` URLs the page shows as images.

DOCX has no renderer here (Word or WPS paginates it); it shares the style's fonts, sizes and
margins with the PDF, so the PDF's first pages stand for both, and the page says so.

>>> from jingwen.cleaner.readers.text import text_document
>>> doc = text_document("标题\\n" + "正文一句。" * 400 + "\\n")
>>> pages = thumbnails(doc, style="default", paper="A5", pages=2, width=120)
>>> len(pages), pages[0].startswith("data:image/png;base64,")
(2, True)
"""
from __future__ import annotations

import base64
import copy
import io

from jingwen.cleaner.model.document import Document

PREVIEW_CHARS = 6000  # enough text for the first pages of any style; the rest is not laid out


def first_part(doc: Document, chars: int = PREVIEW_CHARS) -> Document:
    """A copy of ``doc`` with only its first blocks, about ``chars`` characters of them."""
    part = copy.copy(doc)
    blocks, total = [], 0
    for block in doc.blocks:
        blocks.append(block)
        total += len(block.text)
        if total >= chars:
            break
    part.blocks = blocks
    return part


def thumbnails(doc: Document, style: str = "default", paper: str | None = None, pages: int = 3,
               width: int = 300) -> list[str]:
    """PNG ``data:`` URLs of the first ``pages`` pages, ``width`` pixels wide."""
    import pypdfium2

    from jingwen import exporters

    options = exporters.ExportOptions(style=style, paper=paper)
    exporters.prepare(options, ("pdf",))
    pdf = pypdfium2.PdfDocument(exporters.render(first_part(doc), "pdf", options))
    try:
        out = []
        for index in range(min(pages, len(pdf))):
            page = pdf[index]
            image = page.render(scale=width / page.get_width()).to_pil()
            buffer = io.BytesIO()
            image.save(buffer, "PNG", optimize=True)
            out.append("data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode("ascii"))
        return out
    finally:
        pdf.close()
