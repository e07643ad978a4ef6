"""The library: what ``import jingwen`` offers, each a function over text or a document.

>>> import jingwen
>>> result = jingwen.clean("下载本文档\\n第一章　总则\\n本办法自发布之日起施行。\\n")
>>> print(result.text, end="")
第一章　总则
本办法自发布之日起施行。
>>> [(c.rule, c.line, c.text) for c in result.removed]
[('generic.download-button', 1, '下载本文档')]
>>> jingwen.convert("汉字", "s2t")
'漢字'
>>> print(jingwen.export("通知\\n\\n定于周五开会。", "txt").decode())
通知
<BLANKLINE>
定于周五开会。
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from jingwen.cleaner.model.document import Change, Document
from jingwen.cleaner.settings import Settings


@dataclass(frozen=True)
class Cleaned:
    """A cleaned text and what was done to it (as ftfy's ``fix_and_explain`` returns the plan)."""

    text: str
    removed: list[Change]  # whole lines removed, each with its rule id and 1-based input line
    edits: list[Change]  # text changed in place (``before``/``after``)
    title: str | None
    platform: str | None
    truncated_tail: str | None  # the fragment where a free preview stopped (cut unless keep_tail)
    document: Document  # the cleaned document, ready for ``export``


def _document(text: str) -> Document:
    from jingwen.cleaner.readers.text import text_document

    return text_document(text)


def clean(text: str, **settings: Any) -> Cleaned:
    """Clean ``text`` as ``jingwen clean`` cleans a .txt file; keyword arguments are ``Settings``
    fields (``keep_tail=True``, ``ignore=("norm.quotes",)``, ``convert="s2t"`` …)."""
    from jingwen.cleaner.pipeline import run_stages

    doc = run_stages(_document(text), Settings.of(**settings))
    return Cleaned(doc.to_text(), [c for c in doc.log if c.action == "remove"],
                   [c for c in doc.log if c.action == "edit"], doc.meta.title, doc.meta.platform,
                   doc.truncated_tail, doc)


def convert(text: str, config: str) -> str:
    """``text`` converted by OpenCC configuration ``config`` (``s2t``, ``tw2sp.json`` …), exactly
    as OpenCC converts it."""
    from jingwen.cleaner.convert import converter

    return converter(config).convert(text)


def export(source: str | Document, fmt: str, *, style: str = "default", paper: str | None = None,
           font: str | None = None, toc: bool = False, **settings: Any) -> bytes:
    """The bytes of ``source`` as ``fmt`` (docx, pdf, html, epub, txt, md). A text is cleaned
    first (keyword arguments: ``Settings`` fields; ``clean=False`` to export it as it is)."""
    from jingwen.cleaner.pipeline import run_stages
    from jingwen.exporters import ExportOptions, render

    doc = source if isinstance(source, Document) else run_stages(_document(source), Settings.of(**settings))
    return render(doc, fmt, ExportOptions(style=style, paper=paper, font=font, toc=toc))
