"""Code in plain text, on positive evidence only: a region between two ``` (or ~~~) fence
lines, a JSON object or array printed over several lines (an opening ``{`` or ``[`` alone
on its line, member lines, the closing bracket alone), and the data and code blocks
``data_blocks`` confirms (YAML, TOML, INI, CSV, LRC, SQL, Python, code lines). Such blocks are
verbatim: no cleaning rule or typography step touches them, as in Markdown.

>>> from jingwen.cleaner.model.document import Document
>>> doc = Document.from_lines(["配置如下：", "{", '  "title": "年度报告",', '  "pages": 128', "}", "完。"])
>>> mark_code_blocks(doc)
>>> [b.kind for b in doc.blocks]
['paragraph', 'verbatim', 'verbatim', 'verbatim', 'verbatim', 'paragraph']
"""
from __future__ import annotations

from jingwen.cleaner.model.document import PARAGRAPH, VERBATIM, Document
from jingwen.cleaner.patterns import compile_pattern
from jingwen.cleaner.readers.data_blocks import data_block_end, starts_no_block

FENCE = compile_pattern(r"^ {0,3}(?P<fence>`{3,}|~{3,})")
_OPEN = compile_pattern(r"^\s*[\[{]\s*$")
_CLOSE = compile_pattern(r"^\s*[\]}]\s*,?\s*$")
# "key": value, / a value in an array / a nested opening or closing bracket
_MEMBER = compile_pattern(r'^\s*(?:"[^"\n]*"\s*:\s*(?:"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null|[\[{]'
                          r'(?:.*[\]}])?)|"(?:[^"\\]|\\.)*"|-?\d[\d.eE+-]*|true|false|null|[\[{].*[\]}]|[\]}])\s*,?\s*$')


def closes(opening: str, line: str) -> bool:
    """Whether ``line`` closes a fence opened by ``opening`` (same character, at least as long).

    >>> closes("```", "````"), closes("```", "~~~")
    (True, False)
    """
    m = FENCE.match(line)
    return bool(m) and m.group("fence")[0] == opening[0] and len(m.group("fence")) >= len(opening)


def mark_code_blocks(doc: Document) -> None:
    """Mark fenced code, multi-line JSON and data blocks verbatim (in place)."""
    blocks = doc.blocks
    tried: dict = {}  # data_block_end's memory of runs without evidence
    i = 0
    while i < len(blocks):
        text = blocks[i].text
        if starts_no_block(text):  # most lines of prose: no detector needs to look
            i += 1
            continue
        end = _fenced_end(blocks, i) if "`" in text or "~" in text else None
        if end is None and _OPEN.match(blocks[i].text):
            end = _json_end(blocks, i)
        if end is None:
            end = data_block_end(blocks, i, tried)
        if end is None:
            i += 1
            continue
        for block in blocks[i:end + 1]:
            block.kind = VERBATIM
        i = end + 1


def remark_code_blocks(doc: Document) -> None:
    """Mark the blocks again once cleaning has removed lines: a removed line no longer parts a
    data block from its neighbours, as it will not when the output is read again (idempotence:
    ``summary = "…"`` / ``[mail]`` / ``查看更多`` / ``key = ["…"]`` is one TOML block after cleaning)."""
    for block in doc.blocks:
        if block.kind == VERBATIM and not block.protected:  # a directive's line stays as it was
            block.kind = PARAGRAPH
    mark_code_blocks(doc)


def _fenced_end(blocks: list, start: int) -> int | None:
    m = FENCE.match(blocks[start].text)
    if not m:
        return None
    fence = m.group("fence")
    for j in range(start + 1, len(blocks)):
        if closes(fence, blocks[j].text) and not blocks[j].text.strip().strip(fence[0]):
            return j
    return None  # never closed: no evidence


def _json_end(blocks: list, start: int) -> int | None:
    depth = 0
    for j in range(start, len(blocks)):
        text = blocks[j].text
        if j > start and not _MEMBER.match(text):
            return None
        depth += text.count("{") + text.count("[") - text.count("}") - text.count("]")
        if depth <= 0:
            return j if j > start + 1 and _CLOSE.match(text) else None
    return None
