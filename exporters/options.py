"""The options every exporter takes (picklable, so they travel to worker processes)."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ExportOptions:
    """``jingwen export`` options: ``ExportOptions(style="gb9704", paper="A4", toc=True)``."""

    style: str = "default"  # a built-in style name or a .toml path
    paper: str | None = None  # A4, A5, B5, letter; None: the style's paper
    font: str | None = None  # a TrueType file used before the installed fonts
    toc: bool = False  # a table of contents (PDF)
    vertical: bool = False  # vertical writing (HTML, EPUB)
    crop_marks: bool = False  # crop marks and a bleed border (PDF)
    quotes: str | None = None  # corner, curly (as they are); None: corner brackets for zh-TW/zh-HK
