"""The ``norm.hard-wrap`` step: detecting text cut at a fixed width (as copied from a PDF) and
joining its lines back into paragraphs (``提高`` / ``档案管理水平`` → ``提高档案管理水平``), never on
after a heading, a list item or the end of a sentence."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from jingwen.cleaner.model.chinese import AFTER_SENTENCE_END, SENTENCE_END_MARKS
from jingwen.cleaner.model.document import PARAGRAPH, Block, Document
from jingwen.cleaner.normalize.context import CLAUSE
from jingwen.cleaner.normalize.lazy_regex import LazyRegex
from jingwen.cleaner.patterns import compile_pattern

TYPE_CHECKING = False  # typing.TYPE_CHECKING without importing typing at start-up
if TYPE_CHECKING:
    from jingwen.cleaner.normalize.step import Step


MIN_WRAP_WIDTH = 24  # columns: twelve Chinese characters, a narrow newspaper column
WRAP_SLACK = 4  # columns the other steps may still change a joined line by (spaces, ……)
_SENTENCE_END = compile_pattern(rf"(?:[{SENTENCE_END_MARKS}；;…]|\.(?<=[A-Za-z)]\.))[{AFTER_SENTENCE_END}]*\s*$")
_LIST_START = LazyRegex(
    r"\s*(?:第[一二三四五六七八九十百千零〇两\d]+[章节条款编篇部回讲课]|[一二三四五六七八九十百]+[、.．]|"
    r"[（(][一二三四五六七八九十百\d]{1,3}[）)]|\d{1,3}(?:[.．]\d{1,3})*[、.．)）]?\s|\d{1,3}[、．)）]|"
    r"\d{1,3}\.(?!\d)|[①-⑳]|[•·●○■□◆◇▪▶►\-*+]\s|[A-Za-z][.、)](?!\w)|#{1,6}\s)")  # a heading's or a comment's #
_NO_PUNCT = compile_pattern(r"[^\w\s]")


def display_width(text: str) -> int:
    """Columns ``text`` takes in a monospaced CJK font (wide characters count two).

    >>> display_width("第一章 Total")
    12
    """
    if text.isascii():
        return len(text)
    # CJK characters take three bytes in UTF-8, narrow letters (é, ·) two: a fast count
    return len(text) + (len(text.encode("utf-8", "surrogatepass")) - len(text)) // 2


def _tolerance(width: int) -> int:
    return max(2, width // 12)


def wrap_width(widths: Sequence[int], ends: Sequence[bool], punctuated: Sequence[bool] | None = None,
               slack: int = 0) -> int | None:
    """The width at which lines were hard-wrapped, from the widths of lines followed by another
    line of the same paragraph run and whether each ends a sentence; None when the lines were
    not wrapped: most such lines must be near one width, none much longer, and most of those
    full lines must stop mid-sentence."""
    if len(widths) < 3:
        return None
    counts = Counter(widths)
    best, best_count = None, 0
    for w in sorted(counts, reverse=True):
        if w < MIN_WRAP_WIDTH:
            break
        tol = _tolerance(w) + slack
        count = sum(n for v, n in counts.items() if w - tol <= v <= w)
        if count > best_count:
            best, best_count = w, count
    if best is None or best_count < 3 or best_count < 0.4 * len(widths):
        return None
    tol = _tolerance(best) + slack
    longer = sum(1 for v in widths if v > best + tol)
    if longer > 0.1 * len(widths):
        return None
    full = [i for i, v in enumerate(widths) if best - tol <= v <= best + tol]
    if sum(1 for i in full if not ends[i]) < 0.5 * len(full):
        return None
    if punctuated is not None and sum(1 for i in full if punctuated[i]) < 0.3 * len(full):
        return None  # prose has commas; equal lines without any are a list of names or titles
    return best


def _joinable(block: Block) -> bool:
    return block.kind == PARAGRAPH and not block.protected and "norm" not in block.ignore \
        and "norm.hard-wrap" not in block.ignore


def _joiner(left: str, right: str) -> str:
    """What goes between two joined lines: nothing in Chinese, a space between Latin words."""
    a, b = left[-1:], right[:1]
    if a.isascii() and b.isascii() and (a.isalnum() or a in ",.;:!?)") and b.isalnum() and a != "-":
        return " "
    return ""


def _looks_heading(text: str, width: int) -> bool:
    """A short line without any punctuation: a heading, not the end of a paragraph."""
    return display_width(text) < width / 2 and not _NO_PUNCT.search(text) and not _SENTENCE_END.search(text)


def _detect(texts: Sequence[str], breaks: Sequence[bool], slack: int = 0) -> tuple[int, list[int], list[bool]] | None:
    widths = [display_width(t) for t in texts]
    ends = [bool(_SENTENCE_END.search(t)) for t in texts]
    run_lines = [i for i in range(len(texts) - 1) if not breaks[i + 1]]  # lines the next may join
    width = wrap_width([widths[i] for i in run_lines], [ends[i] for i in run_lines],
                       [bool(CLAUSE.search(texts[i])) for i in run_lines], slack)
    return None if width is None else (width, widths, ends)


def wrapped_runs(texts: Sequence[str], breaks: Sequence[bool]) -> list[list[int]]:
    """Groups of line indices to join: ``breaks[i]`` is True where line i may not be joined to
    the line before it (a blank line, another kind of block, the title). Nothing is joined when
    the joined text would look hard-wrapped still: real paragraphs do not share one width, so
    such text is a pattern of its own (a list, a form), not a wrap."""
    found = _detect(texts, breaks)
    if found is None:
        return []
    width, widths, ends = found
    groups = _groups(texts, breaks, widths, ends, width)
    if groups:
        starts = {g[0]: g for g in groups}
        inner = {i for g in groups for i in g[1:]}
        joined = [join_lines([texts[j] for j in starts[i]]) if i in starts else texts[i]
                  for i in range(len(texts)) if i not in inner]
        joined_breaks = [breaks[i] for i in range(len(texts)) if i not in inner]
        if _detect(joined, joined_breaks, slack=WRAP_SLACK) is not None:
            return []
    return groups


def _groups(texts, breaks, widths, ends, width: int) -> list[list[int]]:
    n = len(texts)
    tol = _tolerance(width)
    groups: list[list[int]] = []
    current: list[int] = []
    for i in range(n):
        if current and (breaks[i] or not _continues(texts, widths, ends, current[-1], i, width, tol)):
            if len(current) > 1:
                groups.append(current)
            current = []
        current.append(i)
    if len(current) > 1:
        groups.append(current)
    return groups


def _continues(texts, widths, ends, prev: int, i: int, width: int, tol: int) -> bool:
    if widths[prev] < width - tol or ends[prev]:
        return False
    if _LIST_START.match(texts[i]) or _looks_heading(texts[i], width):
        return False
    return not _looks_heading(texts[prev], width)


def join_lines(lines: Sequence[str]) -> str:
    """Join lines of one wrapped paragraph (Chinese without spaces, Latin words with one)."""
    out = lines[0]
    for line in lines[1:]:
        out += _joiner(out, line) + line
    return out


def unwrap(text: str) -> str:
    """Join hard-wrapped lines (text cut at a fixed width, as copied from a PDF) back into
    paragraphs; a heading, a list item and a line that ends a sentence are never joined on.

    >>> print(unwrap("第一章 总则\\n为了规范档案的收集、整理和保管工作，提高\\n"
    ...              "档案管理水平，根据有关法律法规的规定，\\n结合本单位实际情况，特制定本办法。本办\\n"
    ...              "法适用于本单位各部门。\\n第二章 职责\\n办公室负责档案的统一管理。"))
    第一章 总则
    为了规范档案的收集、整理和保管工作，提高档案管理水平，根据有关法律法规的规定，结合本单位实际情况，特制定本办法。本办法适用于本单位各部门。
    第二章 职责
    办公室负责档案的统一管理。
    """
    lines = text.split("\n")
    breaks = [not line.strip() for line in lines]
    groups = wrapped_runs(lines, breaks)
    if not groups:
        return text
    out: list[str] = []
    starts = {g[0]: g for g in groups}
    skip: set[int] = set()
    for i, line in enumerate(lines):
        if i in skip:
            continue
        if i in starts:
            out.append(join_lines([lines[j] for j in starts[i]]))
            skip.update(starts[i][1:])
        else:
            out.append(line)
    return "\n".join(out)


def unwrap_document(doc: Document, step: Step) -> set[int]:
    """Join hard-wrapped lines of ``doc``: blocks merge into the first, which keeps its line.
    Returns the indices of the joined blocks (the line steps run on them once more)."""
    if doc.meta.format == "md":
        return set()  # Markdown's line breaks are the author's, and join when rendered
    blocks = doc.blocks
    title = doc.meta.title
    # a line joins the one before it only when both are paragraphs free to change, no blank line
    # is between them and neither is the title or a line the document prints three times or more
    # (a refrain or a repeated title, not a piece of a wrapped paragraph; a paragraph printed
    # twice still joins in both copies)
    counts = Counter(b.text.strip() for b in blocks)
    fixed = [not _joinable(b) or counts[b.text.strip()] > 2 or (title is not None and b.text.strip() == title)
             for b in blocks]
    breaks = [n == 0 or b.gap > 0 or fixed[n] or fixed[n - 1] for n, b in enumerate(blocks)]
    texts = [b.text for b in blocks]
    groups = wrapped_runs(texts, breaks)
    if not groups:
        return set()
    absorbed: set[int] = set()
    for group in groups:
        first = blocks[group[0]]
        joined = join_lines([blocks[i].text for i in group])
        before = "\n".join(blocks[i].text for i in group)
        doc.record(step.id, first.line, "edit", text=before, before=before, after=joined)
        blocks[group[0]] = first.with_text(joined)
        absorbed.update(group[1:])
    starts = {g[0] for g in groups}
    doc.blocks = [b for i, b in enumerate(blocks) if i not in absorbed]
    kept = [i for i in range(len(blocks)) if i not in absorbed]
    return {n for n, i in enumerate(kept) if i in starts}
