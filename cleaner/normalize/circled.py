"""The ``norm.circled-numbers`` step: a list numbered ①②③ that NFKC folded to bare numbers
glued to Chinese words (``1请佩戴胸牌`` / ``2会场内请静音``) gets its circled numbers back."""
from __future__ import annotations

import re

from jingwen.cleaner.model.document import Document
from jingwen.cleaner.normalize.blocks import blocks_matching, editable
from jingwen.cleaner.normalize.context import HAN_RANGES
from jingwen.cleaner.normalize.lazy_regex import LazyRegex

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from jingwen.cleaner.normalize.step import Step


_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
# a measure word after a number makes it a quantity (1号楼, 2班, 3人), not a list number
_MEASURE = set("号楼层栋室单元班组队个次人位名种类项条点元角分万亿千百十米厘毫克吨斤两升岁天日月年周期届批路车辆台件"
               "页章节篇本册张份倍度秒时℃%％级等型代期度股户家所座间套双对只头匹块片根支枝把副部集场轮季")
_ITEM = LazyRegex(f"(?:^|(?<=[：；。，:;]))(1[0-9]|20|[1-9])(?=[{HAN_RANGES}])")


_ITEM_ONE = LazyRegex(f"(?:^|(?<=[：；。，:;]))1(?=[{HAN_RANGES}])", re.MULTILINE)
_ITEM_MULTILINE = LazyRegex(f"(?:^|(?<=[：；。，:;]))(?:1[0-9]|20|[1-9])(?=[{HAN_RANGES}])", re.MULTILINE)


def _circled_items(text: str) -> list[tuple[int, int, int]]:
    """``(start, end, number)`` of each bare number glued to a Chinese word at a line or clause
    start, not followed by a measure word."""
    return [(m.start(), m.end(), int(m.group(1))) for m in _ITEM.finditer(text)
            if text[m.end()] not in _MEASURE]


def circled_numbers(text: str) -> str:
    """Numbers of a list written with ①②③ come back (NFKC folds ① to 1): a sequence 1, 2, 3 …
    of bare numbers glued to Chinese words, at line starts or after ；：, is the folded list.

    >>> print(circled_numbers("注意事项：1佩戴胸牌入场；2手机调至静音；3发言请先报名。"))
    注意事项：①佩戴胸牌入场；②手机调至静音；③发言请先报名。
    >>> print(circled_numbers("1请佩戴胸牌\\n2会场内请静音\\n3号楼东门集合"))
    ①请佩戴胸牌
    ②会场内请静音
    3号楼东门集合
    """
    lines = text.split("\n")
    items = [(n, start, end, num) for n, line in enumerate(lines) for start, end, num in _circled_items(line)]
    replace_at: list[tuple[int, int, int, int]] = []
    run: list[tuple[int, int, int, int]] = []
    for item in items + [(-1, 0, 0, 0)]:
        if run and item[3] == run[-1][3] + 1 and item[0] - run[-1][0] <= 1:
            run.append(item)
            continue
        if len(run) >= 2 and run[0][3] == 1:
            replace_at.extend(run)
        run = [item] if item[3] == 1 else []
    if not replace_at:
        return text
    for n, start, end, num in sorted(replace_at, reverse=True):
        lines[n] = lines[n][:start] + _CIRCLED[num - 1] + lines[n][end:]
    return "\n".join(lines)


def circled_document(doc: Document, step: Step) -> set[int]:
    """``circled_numbers`` over runs of consecutive editable blocks that hold bare numbers (a
    list spans lines)."""
    if not _ITEM_ONE.search("\n".join(b.text for b in doc.blocks)):
        return set()  # every list starts with 1: one scan of the whole text
    runs: list[list[int]] = []
    for i in blocks_matching(doc, [_ITEM_MULTILINE]):
        if not editable(doc.blocks[i], step.id) or "\n" in doc.blocks[i].text:
            continue
        if runs and runs[-1][-1] == i - 1:
            runs[-1].append(i)
        else:
            runs.append([i])
    for run in runs:
        texts = [doc.blocks[i].text for i in run]
        fixed = circled_numbers("\n".join(texts)).split("\n")
        for i, before, after in zip(run, texts, fixed, strict=True):
            if before != after:
                doc.record(step.id, doc.blocks[i].line, "edit", text=before, before=before, after=after)
                doc.blocks[i].text = after
    return set()
