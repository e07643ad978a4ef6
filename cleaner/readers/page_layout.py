"""From positioned lines on pages to a Document: what the PDF and the OCR readers share.

A page is a list of ``Line`` (text, box, font size, angle). ``build_document``

1. removes what is furniture and not text, logging each line with its rule id and page:
   text drawn at an angle (``pdf.watermark``), page numbers in their usual forms
   (``pdf.page-number``), and lines that repeat at the same place on at least half the pages
   (``pdf.running-header`` above the middle of the page, ``pdf.running-footer`` below,
   ``pdf.watermark`` across the middle);
2. keeps each distinct watermark text once as a furniture block (never exported): the
   platform's name is often only in its watermark, and the cleaning rules look for it there
   (running headers stay out: they repeat the title, which is no duplicate to remove);
3. marks lines set larger than the body text as headings, the largest size level 1;
4. joins the lines of a paragraph, also across a page break: a new paragraph starts at an
   indent, a larger gap, a list mark or a table row, or after a line that ends short (the next
   line's first word would have fitted on it). Han text joins without a space, Latin words with
   one, a word hyphenated at the line end is joined without its hyphen.

>>> def line(page, y, text, x0=72.0, x1=523.0, size=10.5):
...     return Line(page, text, x0, x1, y, size)
>>> pages = [[line(1, 800, "通知标题", 250, 330, 9), line(1, 700, "第一段第一行", 93),
...           line(1, 683, "第一段第二行", x1=300), line(1, 666, "第二段跨页的", 93),
...           line(1, 40, "- 1 -", 290, 305, 9)],
...          [line(2, 800, "通知标题", 250, 330, 9), line(2, 700, "第二页上的续行。", x1=200),
...           line(2, 40, "- 2 -", 290, 305, 9)]]
>>> doc = build_document(pages, "a.pdf", "pdf")
>>> [b.text for b in doc.body()]
['第一段第一行第一段第二行', '第二段跨页的第二页上的续行。']
>>> [(c.rule, c.text, doc.page_of(c.line)) for c in doc.log]  # doctest: +NORMALIZE_WHITESPACE
[('pdf.running-header', '通知标题', 1), ('pdf.page-number', '- 1 -', 1),
 ('pdf.running-header', '通知标题', 2), ('pdf.page-number', '- 2 -', 2)]
"""
from __future__ import annotations

import re
import statistics
import unicodedata
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass

from jingwen.cleaner.model.document import FURNITURE, HEADING, Block, Document

# rule id -> (description, Chinese name, Chinese description)
RULES = {
    "pdf.watermark": ("PDF: watermark text (drawn at an angle, or repeated across the middle of the pages)",
                      "PDF 水印", "PDF 每页斜着或横在页面中间重复出现的水印文字。"),
    "pdf.running-header": ("PDF: running header repeated at the top of the pages", "PDF 页眉",
                           "PDF 每页顶部重复出现的页眉。"),
    "pdf.running-footer": ("PDF: running footer repeated at the bottom of the pages", "PDF 页脚",
                           "PDF 每页底部重复出现的页脚。"),
    "pdf.page-number": ("PDF: page number (第 3 页 共 10 页, - 3 -, 3/10, Page 3 of 10)", "PDF 页码",
                        "PDF 页边的页码，例如“第 3 页 共 10 页”“- 3 -”“3/10”。"),
}

_PAGE_NUMBER = re.compile(
    r"^\s*(?:第\s*[0-9一二三四五六七八九十百零〇]+\s*页\s*[,，/／]?\s*(?:共\s*[0-9一二三四五六七八九十百零〇]+\s*页)?"
    r"|共\s*\d+\s*页\s*[,，]?\s*第\s*\d+\s*页"
    r"|[-–—－]\s*\d+\s*[-–—－]|\d+\s*[/／]\s*\d+|\d+|[ivxlcIVXLC]+"
    r"|(?:page|p\.)\s*\d+(?:\s*(?:of|/)\s*\d+)?)\s*$", re.IGNORECASE)
_LIST_MARK = re.compile(r"^\s*(?:\d{1,3}[.、．)）]\s*|[（(]\d{1,3}[）)]|[①-⑳]|[•·●○▪■◆◇\-–—*]\s)")
_HAN_END = re.compile(r"[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]$")
_HAN_START = re.compile(r"^[\u2e80-\u9fff\uf900-\ufaff\u3000-\u303f\uff00-\uffef]")
_SOFT_HYPHEN_END = re.compile(r"[a-z]-$")
MARGIN = 0.16  # the top and bottom 16 % of a page are where headers, footers and page numbers sit


@dataclass(slots=True)
class Line:
    """One line of text on a page, in PDF points (``y`` is the baseline, up from the bottom)."""

    page: int
    text: str
    x0: float
    x1: float
    y: float
    size: float
    angle: float = 0.0
    page_height: float = 842.0
    first_word: float = 0.0  # width of the first word (or Han character): did it fit on the line above?
    edit: tuple[str, str] | None = None  # (rule id, text before): a reader corrected the text (OCR)


def _shape(text: str) -> str:
    """A line's text with its numbers masked: ``第 3 页 共 10 页`` and ``第 4 页 共 10 页`` match.

    >>> _shape("第 3 页 共 10 页") == _shape("第 4 页 共 10 页")
    True
    """
    return re.sub(r"\d+", "#", unicodedata.normalize("NFKC", text)).replace(" ", "")


def find_furniture(pages: list[list[Line]]) -> dict[int, str]:
    """``id(line) -> rule id`` for every line that is watermark, header, footer or page number."""
    found: dict[int, str] = {}
    threshold = max(2, (len(pages) + 1) // 2)
    places: dict[str, list[Line]] = defaultdict(list)
    for page in pages:
        for line in page:
            if abs(line.angle) > 0.02:
                found[id(line)] = "pdf.watermark"
                continue
            in_margin = line.y > line.page_height * (1 - MARGIN) or line.y < line.page_height * MARGIN
            if in_margin and _PAGE_NUMBER.match(line.text):
                found[id(line)] = "pdf.page-number"
                continue
            places[_shape(line.text)].append(line)
    if len(pages) < 2:
        return found
    for lines in places.values():
        if len({line.page for line in lines}) < threshold:
            continue
        spot = Counter(round(line.y / 6) for line in lines).most_common(1)[0][0] * 6
        here = [line for line in lines if abs(line.y - spot) <= 9]
        if len({line.page for line in here}) < threshold:
            continue
        for line in here:
            middle = line.page_height * 0.35 < line.y < line.page_height * 0.65
            upper = line.y >= line.page_height / 2
            found[id(line)] = "pdf.watermark" if middle else "pdf.running-header" if upper else "pdf.running-footer"
    return found


def _join(left: str, right: str) -> str:
    """Glue two wrapped lines of one paragraph.

    >>> _join("街道办事处应当每季", "度召开协调会议。"), _join("the annual", "report"), _join("mainte-", "nance")
    ('街道办事处应当每季度召开协调会议。', 'the annual report', 'maintenance')
    """
    left, right = left.rstrip(), right.lstrip()
    if _SOFT_HYPHEN_END.search(left) and right[:1].islower():
        return left[:-1] + right
    if _HAN_END.search(left) or _HAN_START.search(right):
        return left + right
    return f"{left} {right}"


def _body_metrics(lines: list[Line]) -> tuple[float, float, float, float]:
    """Body font size, left edge, right edge and line spacing, as most lines have them."""
    size = Counter(round(line.size * 2) / 2 for line in lines).most_common(1)[0][0]
    body = [line for line in lines if abs(line.size - size) < 0.6]
    left = Counter(round(line.x0) for line in body).most_common(1)[0][0]
    right = statistics.quantiles([line.x1 for line in body], n=20)[-1] if len(body) > 1 else body[0].x1
    steps = [a.y - b.y for a, b in zip(body, body[1:], strict=False) if a.page == b.page and 0 < a.y - b.y < size * 3]
    spacing = statistics.median(steps) if steps else size * 1.5
    return size, left, right, spacing


def _heading_levels(lines: list[Line], body_size: float) -> dict[float, int]:
    sizes = sorted({round(line.size * 2) / 2 for line in lines if line.size >= body_size * 1.12
                    and len(line.text.strip()) <= 60}, reverse=True)
    return {size: level for level, size in enumerate(sizes, 1)}


def _starts_paragraph(prev: Line, line: Line, left: float, right: float, spacing: float) -> bool:
    size = line.size
    if "\t" in line.text or "\t" in prev.text or _LIST_MARK.match(line.text):
        return True
    if line.x0 > left + size * 0.8:  # first-line indent
        return True
    if prev.page == line.page and prev.y - line.y > spacing * 1.35:
        return True
    room = right - prev.x1
    return room > max(line.first_word, size * 0.9) + size * 0.3  # the line above ended short


def _record_edit(doc: Document, number: int, line: Line, enabled: Callable[[str], bool] | None) -> None:
    """Log a reader's correction of a line, or undo it when its rule is switched off."""
    rule, before = line.edit
    if enabled is None or enabled(rule):
        doc.record(rule, number, "edit", line.text, before=before, after=line.text)
    else:
        line.text = before


def build_document(pages: list[list[Line]], source: str, fmt: str,
                   enabled: Callable[[str], bool] | None = None) -> Document:
    """Turn positioned lines into a Document (see the module notes); ``enabled(rule_id)``: which
    of the furniture rules run (``--select``/``--ignore``), all when None."""
    furniture = find_furniture(pages)
    if enabled is not None:
        furniture = {key: rule for key, rule in furniture.items() if enabled(rule)}
    doc = Document(blocks=[])
    doc.meta.source, doc.meta.format = source, fmt
    number, kept, page_starts = 0, [], []
    seen: set[str] = set()
    furniture_blocks: list[Block] = []
    for page in pages:
        page_starts.append(number + 1)
        for line in page:
            number += 1
            rule = furniture.get(id(line))
            if rule:
                doc.record(rule, number, "remove", line.text.strip())
                if rule == "pdf.watermark" and line.text.strip() not in seen:  # the platform's name is in
                    seen.add(line.text.strip())  # its watermark: rules see each watermark text once
                    furniture_blocks.append(Block(text=line.text.strip(), line=number, kind=FURNITURE))
            elif line.text.strip():
                if line.edit:
                    _record_edit(doc, number, line, enabled)
                kept.append((number, line))
    doc.page_starts = page_starts
    doc.chars_in = sum(len(line.text) for page in pages for line in page)
    if not kept:
        doc.blocks = furniture_blocks
        return doc
    size, left, right, spacing = _body_metrics([line for _, line in kept])
    levels = _heading_levels([line for _, line in kept], size)
    blocks: list[Block] = []
    prev: Line | None = None
    for number, line in kept:
        level = levels.get(round(line.size * 2) / 2, 0)
        text = line.text.strip()
        last = blocks[-1] if blocks else None
        if level:
            if last is not None and last.kind == HEADING and last.level == level and prev is not None \
                    and prev.page == line.page and prev.y - line.y < line.size * 2:
                last.text = _join(last.text, text)  # a heading set on two lines
            else:
                blocks.append(Block(text=text, line=number, kind=HEADING, level=level))
        elif last is None or last.kind == HEADING or _starts_paragraph(prev, line, left, right, spacing):
            blocks.append(Block(text=text, line=number))
        else:
            last.text = _join(last.text, text)
        prev = line
    doc.blocks = sorted(furniture_blocks + blocks, key=lambda b: b.line)
    return doc
