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


def clean_record(record: dict, field: str = "text", **settings) -> dict:
    """Clean the text field of one corpus record; other fields are kept, a ``jingwen`` object
    (platform, script, title, changed, removed, rules, truncated_tail, tail_kept, error) is
    added. Map it over a Spark, Ray or Dask collection of dicts (see docs/corpus.md).

    >>> from cleaner import clean_record
    >>> out = clean_record({"id": 7, "text": "下载本文档\\n第一章　总则\\n本办法自发布之日起施行。"})
    >>> out["text"], out["id"], out["jingwen"]["removed"]
    ('第一章\u3000总则\\n本办法自发布之日起施行。', 7, 1)
    """
    from .corpus import clean_record as _clean_record

    return _clean_record(record, field=field, **settings)
