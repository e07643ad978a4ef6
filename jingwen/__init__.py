"""jingwen (净文): clean documents scraped from Chinese document-sharing platforms, convert
Simplified/Traditional exactly as OpenCC does, export DOCX, PDF, HTML and EPUB.

>>> import jingwen
>>> result = jingwen.clean("下载本文档\\n查看更多\\n第一章　总则\\n本办法自发布之日起施行。\\n")
>>> result.text
'第一章\\u3000总则\\n本办法自发布之日起施行。\\n'
>>> [c.rule for c in result.removed]
['generic.download-button', 'generic.read-more']

The names below load on first use, so ``import jingwen`` (and ``jingwen clean``) start fast.
"""
from __future__ import annotations

from jingwen.version import VERSION as __version__

__all__ = ["Cleaned", "Document", "Settings", "clean", "clean_record", "convert", "export", "__version__"]

_WHERE = {
    "clean": "jingwen.api", "Cleaned": "jingwen.api", "convert": "jingwen.api", "export": "jingwen.api",
    "clean_record": "jingwen.corpus.records", "Settings": "jingwen.cleaner.settings",
    "Document": "jingwen.cleaner.model.document",
}


def __getattr__(name: str):
    if name not in _WHERE:
        raise AttributeError(f"module 'jingwen' has no attribute {name!r}")
    import importlib

    value = getattr(importlib.import_module(_WHERE[name]), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_WHERE))
