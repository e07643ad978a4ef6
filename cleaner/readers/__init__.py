"""Readers: one per input format, each ``bytes -> Document``; ``read_path`` picks one.

A reader never cleans and never writes. Unreadable input raises ``InputError`` with a reason
that fits in one line.
"""
from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from jingwen.cleaner.model.document import Document
from jingwen.cleaner.model.errors import InputError

# The one table of input suffixes: the batch commands find inputs by it (jingwen.batch.files).
SUFFIXES = {".txt": "txt", ".text": "txt", ".md": "md", ".markdown": "md", ".html": "html",
            ".htm": "html", ".xhtml": "html", ".docx": "docx", ".pdf": "pdf",
            ".png": "image", ".jpg": "image", ".jpeg": "image",
            ".doc": "office", ".wps": "office", ".rtf": "office", ".odt": "office"}
MAX_INPUT_BYTES = 512 * 1024 * 1024


def format_of(path: str | Path) -> str:
    return SUFFIXES.get(Path(path).suffix.lower(), "txt")


def read_bytes(data: bytes, source: str, fmt: str = "txt", html_containers: Iterable[str] = (),
               on_page: Callable[[int, int], None] | None = None,
               enabled: Callable[[str], bool] | None = None) -> Document:
    """``data`` read as ``fmt``. For PDF and images: ``on_page(done, total)`` is called as pages
    are read; ``enabled(rule_id)`` (``Settings.enabled``) says which page-furniture rules run
    (PDF, images) and whether the main-content extractor runs (HTML, ``html.extract``)."""
    if fmt == "pdf":
        from jingwen.cleaner.readers.pdf import read_pdf

        return read_pdf(data, source, on_page, enabled)
    if fmt == "image":
        from jingwen.cleaner.readers.ocr import read_image

        return read_image(data, source, enabled)
    if fmt == "office":
        from jingwen.cleaner.readers.office import read_office

        return read_office(data, source)
    if fmt == "docx":
        from jingwen.cleaner.readers.docx import read_docx

        return read_docx(data, source)
    if fmt == "html":
        from jingwen.cleaner.readers.html import read_html

        return read_html(data, source, html_containers, enabled)
    if fmt == "md":
        from jingwen.cleaner.readers.markdown import read_markdown

        return read_markdown(data, source)
    from jingwen.cleaner.readers.text import read_text

    return read_text(data, source)


def read_path(path: str | Path, html_containers: Iterable[str] = (), fmt: str | None = None) -> Document:
    """Read a file into a Document (raises InputError)."""
    try:
        size = os.stat(path).st_size
        if size > MAX_INPUT_BYTES:
            raise InputError(f"file is {size // 2**20} MiB (limit {MAX_INPUT_BYTES // 2**20} MiB)")
        with open(path, "rb") as f:
            data = f.read()
    except IsADirectoryError:
        raise InputError("is a directory") from None
    except FileNotFoundError:
        raise InputError("no such file") from None
    except PermissionError:
        raise InputError("permission denied") from None
    except OSError as e:
        raise InputError(e.strerror or str(e)) from None
    return read_bytes(data, str(path), fmt or format_of(path), html_containers)
