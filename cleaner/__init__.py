"""jingwen (净文): clean documents scraped from Chinese document-sharing platforms.

>>> from cleaner import clean_text
>>> clean_text("下载本文档\\n查看更多\\n第一章　总则\\n本办法自发布之日起施行。\\n")
'第一章　总则\\n本办法自发布之日起施行。\\n'
"""
from __future__ import annotations

__version__ = "0.1.0"


def clean_text(text: str, **settings) -> str:
    """Clean a text with the default rules (keyword arguments: ``Settings`` fields)."""
    from .pipeline import Settings, run_stages
    from .readers.text import read_text

    doc = read_text(text.encode("utf-8"), "<text>")
    return run_stages(doc, Settings(**settings)).to_text()
