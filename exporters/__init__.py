"""Exporters: one module per output format, all reading the same ``jingwen.cleaner.model.document.Document``.

``render(doc, fmt, options)`` returns the file's bytes (``jingwen export`` writes them with
``jingwen.batch.files.atomic_write``). Modules are imported on first use, so ``import exporters`` is cheap and
reportlab and python-docx load only where a PDF or DOCX is made.

>>> from jingwen.cleaner.model.document import Block, Document
>>> render(Document([Block("正文。", 1)]), "txt")
b'\\xe6\\xad\\xa3\\xe6\\x96\\x87\\xe3\\x80\\x82\\n'
>>> parse_formats("pdf, docx,pdf")
('pdf', 'docx')
"""
from __future__ import annotations

import importlib
from collections.abc import Callable

from jingwen.cleaner.model.document import Document
from jingwen.cleaner.model.errors import ExportError
from jingwen.exporters.options import ExportOptions

# format → (module, function): the function is ``(doc, options, content) -> bytes``
FORMATS: dict[str, tuple[str, str]] = {
    "docx": ("docx", "render_docx"),
    "pdf": ("pdf", "render_pdf"),
    "html": ("html", "render_html"),
    "epub": ("epub", "render_epub"),
    "txt": ("text", "render_txt"),
    "md": ("text", "render_md"),
}
BINARY = frozenset({"docx", "pdf", "epub"})

__all__ = ["FORMATS", "ExportError", "ExportOptions", "parse_formats", "prepare", "render", "renderer"]


def parse_formats(text: str) -> tuple[str, ...]:
    """``"docx,pdf"`` → ``('docx', 'pdf')``; raises ``ExportError`` for an unknown format."""
    formats = tuple(dict.fromkeys(f.strip().lower().lstrip(".") for f in text.split(",") if f.strip()))
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ExportError(f"unknown format {', '.join(unknown) or repr(text)} (use {', '.join(FORMATS)})")
    return formats


def renderer(fmt: str) -> Callable[..., bytes]:
    if fmt not in FORMATS:
        raise ExportError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")
    module, function = FORMATS[fmt]
    return getattr(importlib.import_module(f".{module}", __name__), function)


def render(doc: Document, fmt: str, options: ExportOptions | None = None, content=None) -> bytes:
    """The bytes of ``doc`` in format ``fmt`` (``content``: a ``read_content(doc)`` to reuse)."""
    return renderer(fmt)(doc, options or ExportOptions(), content)


def prepare(options: ExportOptions, formats: tuple[str, ...]) -> None:
    """Check, before any document is read, what would fail for every one: the style, the paper,
    ``--font FILE``, and (for PDF) that an embeddable Chinese font exists. With PDF it also loads
    reportlab and the fonts, so forked workers inherit them instead of loading them each."""
    from jingwen.exporters.fonts import check_font_file, plan_fonts
    from jingwen.exporters.style import load_style

    style = load_style(options.style)
    style.page_size_mm(options.paper)
    if options.font:
        check_font_file(options.font)
    if "pdf" in formats:
        from jingwen.exporters import pdf

        for region in ("CN",):
            plan = plan_fonts(style.typefaces(), region, "中文", options.font, embed=True)
            for typeface in style.typefaces():  # a CFF face's common characters are built here, once
                face = plan.face_for(typeface)
                if face is not None:
                    pdf._font(face)
    if "docx" in formats:
        importlib.import_module(".docx", __name__)
