"""Document structure: the title and the headings that Chinese numbering marks.

Only block kinds and levels change here, never text: the text output is the same with and
without this stage. The exporters read the result (DOCX heading styles, PDF bookmarks, the EPUB
table of contents).

* The title (``doc.meta.title``, found by the clean stage) becomes a heading of level 0, the
  document title: python-docx's ``add_heading(level=0)`` is the Title style, and the numbered
  headings below it start at level 1.
* Numbered headings get levels by the rank of their numbering, as Chinese documents nest them:
  第X编/部分 > 第X章 > 第X节 > 第X条 > 一、 > （一） > 1. (1.1, 1.1.1) > （1） > ①. Only the
  kinds a document uses count: in a notice numbered 一、 and （一）, 一、 is level 1.
* Guards keep sentences out: a heading is short, has no sentence inside it (``一是…。`` or
  ``1. 打开网站，点击下载。`` are body text), is not a table-of-contents line or an exercise
  (``正确的是（ ）``), is not one of a run of numbered lines with nothing between them (a list),
  and is not the last line (a heading heads something). A numbering kind whose lines are mostly
  sentences is a list, none of it headings.

Markdown documents keep the structure their author wrote (``1.`` is a list there), and so do
HTML and DOCX documents whose reader found headings.

>>> from jingwen.cleaner.model.document import Document
>>> doc = Document.from_lines(["实施方案", "一、工作目标", "提高居民分类投放准确率。", "（一）完善设施",
...                            "各小区配置投放点。", "二、保障措施", "落实专项经费。"])
>>> doc.meta.title = "实施方案"
>>> [(b.kind, b.level) for b in find_structure(doc).blocks if b.kind == "heading"]
[('heading', 0), ('heading', 1), ('heading', 2), ('heading', 1)]
"""
from __future__ import annotations

import re
from collections import namedtuple

from jingwen.cleaner.model.document import FURNITURE, HEADING, PARAGRAPH, VERBATIM, Block, Document
from jingwen.cleaner.patterns import compile_pattern
from jingwen.cleaner.textfold import FILE_EXTENSION

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from jingwen.cleaner.settings import Settings

__all__ = ["STEPS", "TITLE_LEVEL", "MAX_LEVEL", "find_structure", "heading_numbering"]

TITLE_LEVEL = 0
MAX_LEVEL = 9  # DOCX has Heading 1-9; HTML exporters clamp to h6
MAX_HEADING_CHARS = 40
TITLE_SCAN = 8  # the title block is among the first blocks

_CN = "一二三四五六七八九十百千零〇两"
_UNITS = set("倍元万亿千百个%％年月日号岁米克吨次人只台件项条名家户座辆斤升度分秒小时天周期届批")


# a named tuple, not a dataclass: defining one costs a tenth (this module loads with every `clean`)
StructureStep = namedtuple("StructureStep", "id description name_zh description_zh", defaults=("", ""))


STEPS = [
    StructureStep("struct.title", "mark the document title as a level-0 heading",
                  "识别标题", "把文档的标题标为最高一级标题。"),
    StructureStep("struct.headings", "headings from Chinese numbering (第X章, 一、, （一）, 1., （1）, ①) with levels",
                  "识别章节标题", "按中文编号（第X章、一、（一）、1.、（1）、①）识别各级标题。"),
]


class Numbering(namedtuple("Numbering", "name rank pattern")):
    """One kind of heading number (``name``, ``rank``, ``pattern``); ``rank`` orders the kinds
    from outermost to innermost."""

    __slots__ = ()


NUMBERINGS = [
    Numbering("part", 0, compile_pattern(rf"第[{_CN}\d]{{1,4}}(?:编|部分|篇|卷)")),
    Numbering("chapter", 1, compile_pattern(rf"第[{_CN}\d]{{1,4}}(?:章|讲|单元|课(?!时))")),
    Numbering("section", 2, compile_pattern(rf"第[{_CN}\d]{{1,4}}节")),
    Numbering("article", 3, compile_pattern(rf"第[{_CN}\d]{{1,4}}条")),
    Numbering("cn", 4, compile_pattern(r"[一二三四五六七八九十]{1,3}[、.．](?![\d])")),
    Numbering("cn-paren", 5, compile_pattern(r"[（(][一二三四五六七八九十]{1,3}[）)]")),
    Numbering("arabic", 6, compile_pattern(r"(?P<num>\d{1,2}(?:[.．]\d{1,2}){0,3})(?:[、.．](?!\d)|(?=[ \t\u3000]))")),
    Numbering("arabic-paren", 7, compile_pattern(r"[（(]\d{1,2}[）)]")),
    Numbering("circled", 8, compile_pattern(r"[\u2460-\u2473]")),
]
# what a heading number can start with (besides a digit): a line starting otherwise has none
_NUMBER_STARTS = frozenset("第一二三四五六七八九十（(") | frozenset(map(chr, range(0x2460, 0x2474)))
_SENTENCE_MARKS = compile_pattern("[。！？；!?;]")
_BLANK = compile_pattern(r"[（(][ \u3000]*[A-Da-d]?[ \u3000]*[）)]|_{3,}")  # an exercise: 正确的是（ ）
_COMMAS = compile_pattern("[，,]")
_TOC_LINE = compile_pattern(r"(?:[.…·．_\-]{2,}|\t|\s{2,})\s*\d{1,4}\s*$")


def heading_numbering(text: str) -> tuple[Numbering, int, str] | None:
    """The numbering a line starts with: ``(kind, depth, rest of the line)``; depth counts the
    parts of decimal numbers (``1.2.3`` is 3).

    >>> n, depth, rest = heading_numbering("（一）完善分类设施")
    >>> n.name, depth, rest
    ('cn-paren', 1, '完善分类设施')
    >>> heading_numbering("1.5倍的增长") is None, heading_numbering("一是扶上正轨。") is None
    (True, True)
    """
    s = text.strip()
    if s[:1] not in _NUMBER_STARTS and not s[:1].isdecimal():
        return None
    for numbering in NUMBERINGS:
        m = numbering.pattern.match(s)
        if not m:
            continue
        rest = s[m.end():].strip(" \t\u3000")
        depth = 1
        if numbering.name == "arabic":
            depth = len(re.split("[.．]", m.group("num")))
            if depth > 1 and rest[:1] in _UNITS and s[m.end():m.end() + 1] not in " \t\u3000":
                return None  # 1.5倍
        return numbering, depth, rest
    return None


def is_heading_text(text: str, rest: str) -> bool:
    """Short, no sentence inside, not a table-of-contents line: a heading's text.

    >>> is_heading_text("一、将培育创新型产业集群作为重要途径", "将培育创新型产业集群作为重要途径")
    True
    >>> is_heading_text("一、关于进度。目前系统开发已完成总体设计。", "关于进度。目前系统开发已完成总体设计。")
    False
    """
    s = text.strip()
    if not rest or len(s) > MAX_HEADING_CHARS or _TOC_LINE.search(s) or _BLANK.search(rest):
        return False
    if rest[-1] in "，、,;；":
        return False
    if len(_COMMAS.findall(rest)) > 2:
        return False
    marks = _SENTENCE_MARKS.findall(rest)
    if not marks:
        return True
    if len(marks) > 1 or not _SENTENCE_MARKS.fullmatch(rest[-1]):
        return False
    if rest[-1] in "？?":
        return len(s) <= 30  # a question as a heading (问答)
    if rest[-1] == "。":
        return len(rest) <= 15 and not _COMMAS.search(rest) and "、" not in rest  # （一）加强组织领导。
    return False


def _enabled(settings, step_id: str) -> bool:
    return settings is None or not hasattr(settings, "enabled") or settings.enabled(step_id)


def _free(block: Block, step_id: str) -> bool:
    if block.kind in (VERBATIM, FURNITURE) or block.protected:
        return False
    return not any(step_id == x or step_id.startswith(x + ".") for x in block.ignore)


def _mark_title(doc: Document) -> int | None:
    title = doc.meta.title
    if not title:
        return None
    body = [i for i, b in enumerate(doc.blocks) if b.kind != FURNITURE][:TITLE_SCAN]
    for i in body:
        block = doc.blocks[i]
        text = FILE_EXTENSION.sub("", block.text.strip()).strip()
        if text == title.strip():
            if block.kind == PARAGRAPH and _free(block, "struct.title"):
                block.kind, block.level = HEADING, TITLE_LEVEL
                doc.record("struct.title", block.line, "note", text=block.text)
            return i
    return None


def _find_headings(doc: Document, title_index: int | None) -> None:
    body = [i for i, b in enumerate(doc.blocks) if b.kind != FURNITURE and i != title_index]
    found: dict[int, tuple[Numbering, int, bool]] = {}
    for i in body:
        block = doc.blocks[i]
        if block.kind != PARAGRAPH or not _free(block, "struct.headings"):
            continue
        numbered = heading_numbering(block.text)
        if numbered is not None:
            numbering, depth, rest = numbered
            found[i] = (numbering, depth, is_heading_text(block.text, rest))
    if not found:
        return
    # a run of numbered lines of one kind with nothing between them is a list or a contents page
    toc = {i for i in found if _TOC_LINE.search(doc.blocks[i].text.strip())}
    listed: set[int] = set()
    for n, i in enumerate(body[:-1]):
        j = body[n + 1]
        if i in found and j in found and not {i, j} & toc and found[i][0] is found[j][0] \
                and found[i][1] == found[j][1]:
            listed.update((i, j))
    # a kind whose lines are mostly sentences is a list (contents lines and lists do not vote)
    kinds: dict[str, list[bool]] = {}
    for i, (numbering, _, ok) in found.items():
        if i not in listed and i not in toc:
            kinds.setdefault(numbering.name, []).append(ok)
    list_kinds = {k for k, oks in kinds.items() if sum(oks) * 2 < len(oks)}
    last = body[-1] if body else None  # a heading heads something: the last line is body text
    headings = {i: (numbering, depth) for i, (numbering, depth, ok) in found.items()
                if ok and i not in listed and numbering.name not in list_kinds and i != last}
    if not headings:
        return
    levels = _levels(headings.values())
    for i, (numbering, depth) in sorted(headings.items()):
        block = doc.blocks[i]
        block.kind = HEADING
        block.level = min(MAX_LEVEL, levels[numbering.name] + depth - 1)
        doc.record("struct.headings", block.line, "note", text=f"h{block.level} {block.text}")


def _levels(found) -> dict[str, int]:
    """Level of each numbering kind present: outermost is 1; decimal numbers take as many
    levels as their deepest number has parts."""
    depth_of: dict[str, int] = {}
    for numbering, depth in found:
        depth_of[numbering.name] = max(depth_of.get(numbering.name, 0), depth)
    levels, level = {}, 1
    for numbering in NUMBERINGS:
        if numbering.name in depth_of:
            levels[numbering.name] = level
            level += depth_of[numbering.name]
    return levels


def find_structure(doc: Document, settings: Settings | None = None) -> Document:
    """Mark the title and the numbered headings of ``doc`` (in place; returned); text unchanged."""
    title_index = _mark_title(doc) if _enabled(settings, "struct.title") else None
    if not _enabled(settings, "struct.headings") or doc.meta.format == "md":
        return doc
    found = any(b.kind == HEADING and b.level > 0 for b in doc.blocks)
    if found and doc.meta.format in ("html", "docx", "pdf", "image", "office"):
        return doc  # the reader found the author's headings
    _find_headings(doc, title_index)
    return doc
