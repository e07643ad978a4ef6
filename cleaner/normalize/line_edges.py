"""The ``norm.indent`` and ``norm.trailing-space`` steps: the spaces at the two ends of a line
(``\\u3000\\u3000本办法自发布之日起施行。`` loses its exporter's indentation); Markdown keeps its ASCII ones."""
from __future__ import annotations

from jingwen.cleaner.patterns import compile_pattern

_INDENT = compile_pattern("^[ \t\u3000]+")
_INDENT_MD = compile_pattern("^\u3000+")
_TRAILING = compile_pattern("[ \t\u3000]+$")
_TRAILING_MD = compile_pattern("\u3000+$")


# an item aligned under the one before: ``附件：1.计划`` then ``      2.预算表`` or ``　　　2.预算表``
# (three ideographic spaces or more: a paragraph's own indent is two)
_ALIGNED_ITEM = compile_pattern(r"^(?: {2,}|\u3000{3,})(?:\d{1,2}[.．、]|（\d{1,2}）|\(\d{1,2}\)|[-*•·] )\S")
# indentation that is the line's meaning: the credit line of a bookkeeping entry under its debit
# (``借：银行存款 500`` then ``　　贷：实收资本 500``), a branch of a tree drawn with box-drawing
# characters (``   └─ 宋词``)
_MEANINGFUL_INDENT = compile_pattern("^[ \u3000]+(?:贷[：:]|[├└│┌┬┠┗┣])")
# a table row whose first cells are empty: three ideographic spaces or more (a paragraph's indent is
# two), then four cells or more set apart by ideographic spaces or runs of spaces, each short and
# no sentence (``　　　　　项　　1　　9433.96　9433.96　6%``, under ``规格型号　单位　数量　单价　金额　税率``)
_ROW_INDENT = compile_pattern(r"^(?:\u3000{3,}| {4,})(?=\S)")
_CELL_GAP = compile_pattern(r"\u3000+| {2,}|\t+")
_SENTENCE = compile_pattern("[，。；！？,;!?]")


def strip_indent(text: str) -> str:
    """Remove leading indentation (ASCII spaces, tabs, ideographic spaces): exporters indent.
    A numbered item set under the one before it keeps its alignment.

    >>> strip_indent("\\u3000\\u3000本办法自发布之日起施行。"), strip_indent("    第一章 总则")
    ('本办法自发布之日起施行。', '第一章 总则')
    >>> strip_indent("      2.经费预算表"), strip_indent("\\u3000\\u3000\\u30002.报名回执")
    ('      2.经费预算表', '\\u3000\\u3000\\u30002.报名回执')
    >>> strip_indent("\\u3000\\u30002.加强领导。")
    '2.加强领导。'
    >>> row = "\\u3000\\u3000\\u3000项\\u30001\\u300094.3\\u30006%\\u30005.66"  # its first cells empty
    >>> strip_indent(row) == row
    True
    """
    if (text[:1] not in (" ", "\t", "\u3000") or _ALIGNED_ITEM.match(text) or _MEANINGFUL_INDENT.match(text)
            or _empty_cells_row(text)):
        return text
    return _INDENT.sub("", text)


def _empty_cells_row(text: str) -> bool:
    """Whether ``text`` is a table row whose indentation stands for its empty first cells."""
    m = _ROW_INDENT.match(text)
    if m is None:
        return False
    cells = _CELL_GAP.split(text[m.end():].rstrip())
    return len(cells) >= 4 and all(len(cell) <= 12 for cell in cells) and not _SENTENCE.search(text)


def strip_indent_markdown(text: str) -> str:
    """Markdown keeps its ASCII indentation (lists, code); ideographic indentation goes.

    >>> strip_indent_markdown("\\u3000\\u3000正文"), strip_indent_markdown("  - 列表")
    ('正文', '  - 列表')
    """
    return _INDENT_MD.sub("", text) if text[:1] == "\u3000" else text


def strip_trailing(text: str) -> str:
    """Remove trailing spaces and ideographic spaces.

    >>> strip_trailing("温馨提示：\\u3000 ")
    '温馨提示：'
    """
    return _TRAILING.sub("", text) if text[-1:] in (" ", "\t", "\u3000") else text


def strip_trailing_markdown(text: str) -> str:
    """Markdown keeps trailing ASCII spaces (two of them are a line break).

    >>> strip_trailing_markdown("第一行\\u3000")
    '第一行'
    """
    return _TRAILING_MD.sub("", text) if text[-1:] == "\u3000" else text
