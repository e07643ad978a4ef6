"""Where the page header ends (the platform's lines above the document's first body line) and
where the page footer starts (the lines after its last one)."""
from __future__ import annotations

from collections.abc import Sequence

from jingwen.cleaner.clean.page import Page
from jingwen.cleaner.model.document import FURNITURE
from jingwen.cleaner.ruleset import Rule

BODY_LINE_KEY = 30  # a kept line with this many letters ends the page header
BODY_SENTENCE_ENDS = ("。", "!", "?", ";", "…")  # ... as does a shorter one ending a sentence
MAX_HEADER_BLOCKS = 250
HEADER_LOOKAHEAD = 6  # removed platform lines this close after a body-like line: still the header


def header_end(page: Page, rules: Sequence[Rule] = ()) -> int:
    """Where the page header ends: at the first line that reads like body text, unless platform
    lines follow it closely (an unknown notice inside a widget does not end the header). A line
    a header rule of ``rules`` matches is the header's however long it is: a breadcrumb that ends
    in the title (``您的位置:首页 > 新闻 > {a long title}``) or a greeting (``欢迎来到XX网!``)."""
    limit = min(len(page.blocks), MAX_HEADER_BLOCKS)
    line_rules = [r for r in rules if r.lines]
    start = 0
    while True:
        end = next((i for i in range(start, limit) if _body_like(page, i)
                    and not any(r.match_line(page.folded[i]) for r in line_rules)), limit)
        later = [j for j in range(end + 1, min(limit, end + 1 + HEADER_LOOKAHEAD))
                 if page.removed[j] in page.evidence_rules]
        if end >= limit or not later:
            return end
        start = later[-1] + 1


def _body_like(page: Page, i: int) -> bool:
    if page.removed[i] or i == page.title_index or page.blocks[i].kind == FURNITURE:
        return False
    key_length = len(page.key(i))
    return key_length >= BODY_LINE_KEY or (key_length >= 6 and page.folded[i].endswith(BODY_SENTENCE_ENDS))


def footer_start(page: Page, rules: Sequence[Rule] = ()) -> int:
    """Where the page footer starts: after the last line that reads like body text and is not
    a footer line itself (one that ``rules`` match). A site footer's ICP number in the middle of
    a document is the document's."""
    for i in range(len(page.blocks) - 1, -1, -1):
        if _body_like(page, i) and not any(r.lines and r.match_line(page.folded[i]) for r in rules):
            return i + 1
    return 0
